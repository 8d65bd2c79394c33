//! Weights kept between runs: a run that changes neither the initializer, the seed nor the widths (a new
//! activation, depth, batch, norm…) reuses the layers the previous run drew instead of sampling them again —
//! a dense stack's layers and a residual block's two matrices (an RNN draws its two matrices once a run).
//! A layer is looked up by everything its draw depends on — its distribution, shape, seed, streams and bias
//! init — so a kept layer is exactly the layer [`Dense::sample_from`] would draw: results stay bit-identical.
//!
//! Once a run rescales a kept layer — σ or the gain dragged, He ↔ Xavier ↔ LeCun of one family, an
//! activation with another gain — the unit draws beneath it ([`Units`]: N(0, 1), 2u − 1, orthogonal Q) are
//! kept too, by family, shape, seed and stream, so the next rescale multiplies instead of sampling
//! ([`Scale::apply`], the same bits as drawing scaled). A first draw does not pay for them.
//!
//! The kept copies live per thread (the web worker's one thread; each test thread its own) within
//! [`KEEP_BUDGET`]. When it is full, what the current run has not used is dropped: earlier runs' weights
//! first, then unit draws. They are not counted in a run's `peak_bytes`, which measures the network's own
//! buffers.
//!
//! [`Units`]: super::sample::Units
//! [`Scale::apply`]: super::sample::Scale::apply

use super::dense::{BiasInit, Dense};
use super::distribution::Distribution;
use super::rng::Stream;
use super::stats::mean_var;
use std::rc::Rc;
use store::{Key, KEPT};

/// A new run begins: the layers kept so far may be dropped for its own when the budget is full.
pub fn begin_run() {
    KEPT.with(|k| k.borrow_mut().run += 1);
}

/// Drop every kept layer and unit draw.
pub fn clear() {
    KEPT.with(|k| {
        let mut k = k.borrow_mut();
        k.layers.clear();
        k.units.clear();
    });
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
        let dense = Rc::new(kept.draw(&key));
        if !kept.make_room(4 * (dense.w.len() + dense.b.len())) {
            return (dense, None);
        }
        let var = mean_var(&dense.w).1;
        kept.layers.push((key, run, Rc::clone(&dense), var));
        (dense, Some(var))
    })
}

mod store;
mod supply;
#[cfg(test)]
mod tests;

pub use store::KEEP_BUDGET;
pub use supply::{draws, supplied, supply, wanted, Draw};
