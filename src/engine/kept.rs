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

use super::dense::{BiasInit, Dense};
use super::distribution::Distribution;
use super::rng::{stream_rng, Stream};
use super::sample::{Family, Scale, Units};
use super::stats::mean_var;
use std::cell::RefCell;
use std::rc::Rc;

/// Bytes of kept weights and unit draws at most: the default run keeps 50 × 256 KiB of weights, and a step
/// of a σ drag at the defaults as much again of unit draws (an orthogonal gain drag's Q, in f64, fits in
/// part). More only makes the worker's memory, which never shrinks, grow further.
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

/// Everything a layer's unit draws depend on.
#[derive(Clone, Copy, Debug, PartialEq)]
struct UnitsKey {
    family: Family,
    shape: (usize, usize),
    seed: u64,
    stream: Stream,
}

impl UnitsKey {
    /// The unit draws beneath the layer drawn for `key`, if its distribution is a scale of some.
    fn of(key: &Key) -> Option<UnitsKey> {
        Some(UnitsKey {
            family: Scale::of(&key.dist)?.family(),
            shape: key.shape,
            seed: key.seed,
            stream: key.streams[0],
        })
    }

    /// Whether the layer drawn for `key` came from these unit draws.
    fn draws(&self, key: &Key) -> bool {
        Scale::of(&key.dist).map(Scale::family) == Some(self.family)
            && (key.shape, key.seed, key.streams[0]) == (self.shape, self.seed, self.stream)
    }
}

/// The kept layers, each with the last run that used it and the variance of its weights, and the kept unit
/// draws, each with the last run that used them.
struct Kept {
    layers: Vec<(Key, u64, Rc<Dense>, f64)>,
    units: Vec<(UnitsKey, u64, Rc<Units>)>,
    run: u64,
    /// [`KEEP_BUDGET`] (smaller in tests).
    budget: usize,
    /// Layers kept from [`supply`] so far.
    supplied: u64,
}

impl Default for Kept {
    fn default() -> Self {
        Kept {
            layers: Vec::new(),
            units: Vec::new(),
            run: 0,
            budget: KEEP_BUDGET,
            supplied: 0,
        }
    }
}

impl Kept {
    fn bytes(&self) -> usize {
        let layers: usize = (self.layers.iter())
            .map(|(_, _, d, _)| 4 * (d.w.len() + d.b.len()))
            .sum();
        layers + self.units.iter().map(|(_, _, u)| u.bytes()).sum::<usize>()
    }

    /// Bytes of the layers and unit draws the run `run` uses.
    fn bytes_of(&self, run: u64) -> usize {
        let layers: usize = (self.layers.iter())
            .filter(|(_, used, ..)| *used == run)
            .map(|(_, _, d, _)| 4 * (d.w.len() + d.b.len()))
            .sum();
        let units: usize = (self.units.iter())
            .filter(|(_, used, _)| *used == run)
            .map(|(_, _, u)| u.bytes())
            .sum();
        layers + units
    }

    /// Whether `bytes` more fit in the budget, once what the current run has not used is dropped (only when
    /// they would not fit otherwise): earlier runs' weights first — a rescale has just replaced them — and
    /// only then their unit draws, which the rest of this run may be about to scale.
    fn make_room(&mut self, bytes: usize) -> bool {
        let run = self.run;
        if self.bytes() + bytes > self.budget {
            self.layers.retain(|(_, used, ..)| *used == run);
        }
        if self.bytes() + bytes > self.budget {
            self.units.retain(|(_, used, _)| *used == run);
        }
        self.bytes() + bytes <= self.budget
    }

    /// [`Dense::sample_from`]: for a random distribution, its kept unit draws times its scale (drawn, and
    /// kept when they fit, the first time).
    fn draw(&mut self, key: &Key) -> Dense {
        let [weights, bias_stream] = key.streams;
        let Some(scale) = Scale::of(&key.dist) else {
            return Dense::sample_from(&key.dist, key.shape, key.seed, key.streams, key.bias);
        };
        let (fan_in, fan_out) = key.shape;
        let Some(units_key) = UnitsKey::of(key) else {
            // Not reached: `scale` exists, so the key has unit draws.
            return Dense::sample_from(&key.dist, key.shape, key.seed, key.streams, key.bias);
        };
        let run = self.run;
        let found = (self.units.iter_mut()).find(|(k, ..)| *k == units_key);
        let units = match found {
            Some((_, used, units)) => {
                *used = run;
                Rc::clone(units)
            }
            // Only once a run rescales a kept layer (a σ or gain being dragged) are its unit draws worth
            // their memory and their copy; the first draw of a layer is scaled as it is drawn.
            None if !self.layers.iter().any(|(k, ..)| units_key.draws(k)) => {
                return Dense::sample_from(&key.dist, key.shape, key.seed, key.streams, key.bias);
            }
            None => {
                let mut rng = stream_rng(key.seed, weights);
                let units = Rc::new(Units::draw(scale.family(), fan_in, fan_out, &mut rng));
                if self.make_room(units.bytes()) {
                    self.units.push((units_key, run, Rc::clone(&units)));
                }
                units
            }
        };
        let mut w = vec![0.0f32; fan_in * fan_out];
        if !scale.apply(&units, fan_in, fan_out, &mut w) {
            // Not reached (units are kept by family), but a wrong pairing draws rather than panics.
            return Dense::sample_from(&key.dist, key.shape, key.seed, key.streams, key.bias);
        }
        Dense::with_weights(w, key.shape, key.seed, bias_stream, key.bias)
    }
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}

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

mod supply;
#[cfg(test)]
mod tests;

pub use supply::{draws, supplied, supply, wanted, Draw};
