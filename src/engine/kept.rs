//! Weights kept between runs: a run that changes neither the initializer, the seed nor the widths (a new
//! activation, depth, batch, norm…) reuses the layers the previous run drew instead of sampling them again.
//! A layer is looked up by everything its draw depends on — its distribution, shape, seed, streams and bias
//! init — so a kept layer is exactly the layer [`Dense::sample_from`] would draw: results stay bit-identical.
//!
//! The kept copies live per thread (the web worker's one thread; each test thread its own) within
//! [`KEEP_BUDGET`]; layers the current run has not used are dropped first when it is full. They are not
//! counted in a run's `peak_bytes`, which measures the network's own buffers.

use super::dense::{BiasInit, Dense};
use super::distribution::Distribution;
use super::rng::Stream;
use super::stats::mean_var;
use std::cell::RefCell;
use std::rc::Rc;

/// Bytes of kept weights at most (the default run keeps 50 × 256 KiB).
pub const KEEP_BUDGET: usize = 32 << 20;

/// Everything a layer's draw depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    dist: Distribution,
    shape: (usize, usize),
    seed: u64,
    streams: [Stream; 2],
    bias: BiasInit,
}

/// The kept layers, each with the last run that used it and the variance of its weights.
#[derive(Default)]
struct Kept {
    layers: Vec<(Key, u64, Rc<Dense>, f64)>,
    run: u64,
}

impl Kept {
    fn bytes(&self) -> usize {
        self.layers
            .iter()
            .map(|(_, _, d, _)| 4 * (d.w.len() + d.b.len()))
            .sum()
    }
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}

/// A new run begins: the layers kept so far may be dropped for its own when the budget is full.
pub fn begin_run() {
    KEPT.with(|k| k.borrow_mut().run += 1);
}

/// Drop every kept layer.
pub fn clear() {
    KEPT.with(|k| k.borrow_mut().layers.clear());
}

/// [`Dense::sample_from`], from the kept copy when there is one (and kept for the next run when it fits).
/// Shared, not copied: a caller that changes the weights (LSUV) gets its own copy from `Rc::make_mut`.
pub fn sample(
    dist: &Distribution,
    shape: (usize, usize),
    seed: u64,
    streams: [Stream; 2],
    bias: BiasInit,
) -> Rc<Dense> {
    sample_with_var(dist, shape, seed, streams, bias).0
}

/// [`sample`] and, for a kept layer, the variance of its weights ([`mean_var`] of `w`), kept with them: a
/// rerun's f64 sum over the weights, the longest of a layer's statistics, is not done again. `None` for a
/// layer that does not fit in the budget (the caller sums it as before).
pub fn sample_with_var(
    dist: &Distribution,
    shape: (usize, usize),
    seed: u64,
    streams: [Stream; 2],
    bias: BiasInit,
) -> (Rc<Dense>, Option<f64>) {
    let key = Key {
        dist: *dist,
        shape,
        seed,
        streams,
        bias,
    };
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let run = kept.run;
        if let Some((_, used, dense, var)) = kept.layers.iter_mut().find(|(k, ..)| *k == key) {
            *used = run;
            return (Rc::clone(dense), Some(*var));
        }
        let dense = Rc::new(Dense::sample_from(dist, shape, seed, streams, bias));
        let bytes = 4 * (dense.w.len() + dense.b.len());
        if kept.bytes() + bytes > KEEP_BUDGET {
            kept.layers.retain(|(_, used, ..)| *used == run);
        }
        if kept.bytes() + bytes > KEEP_BUDGET {
            return (dense, None);
        }
        let var = mean_var(&dense.w).1;
        kept.layers.push((key, run, Rc::clone(&dense), var));
        (dense, Some(var))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_layer_is_the_drawn_layer() {
        clear();
        let dist = Distribution::Normal { std: 0.3 };
        let streams = [Stream::Weights(2), Stream::Bias(2)];
        let fresh = Dense::sample_from(&dist, (7, 5), 11, streams, BiasInit::Normal(0.1));
        begin_run();
        let first = sample(&dist, (7, 5), 11, streams, BiasInit::Normal(0.1));
        let again = sample(&dist, (7, 5), 11, streams, BiasInit::Normal(0.1));
        assert_eq!(*first, fresh);
        assert_eq!(*again, fresh);
        assert!(
            Rc::ptr_eq(&first, &again),
            "a kept layer is shared, not copied"
        );
        let (kept, var) = sample_with_var(&dist, (7, 5), 11, streams, BiasInit::Normal(0.1));
        assert_eq!(*kept, fresh);
        assert_eq!(var.map(f64::to_bits), Some(mean_var(&fresh.w).1.to_bits()));
        let other_seed = sample(&dist, (7, 5), 12, streams, BiasInit::Normal(0.1));
        assert_ne!(*other_seed, fresh);
        let other_init = sample(
            &Distribution::Normal { std: 0.4 },
            (7, 5),
            11,
            streams,
            BiasInit::Normal(0.1),
        );
        assert_ne!(*other_init, fresh);
        let other_bias = sample(&dist, (7, 5), 11, streams, BiasInit::None);
        assert!(other_bias.b.is_empty());
        clear();
    }
}
