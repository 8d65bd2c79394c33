//! The store of kept layers and unit draws: what each is looked up by ([`Key`], [`UnitsKey`]), the per-thread
//! [`KEPT`] within [`KEEP_BUDGET`], and how a layer is drawn from kept unit draws. `kept.rs` samples through
//! it and `supply.rs` fills it.

use crate::engine::dense::{BiasInit, Dense};
use crate::engine::distribution::Distribution;
use crate::engine::rng::{stream_rng, Stream};
use crate::engine::sample::{Family, Scale, Units};
use std::cell::RefCell;
use std::rc::Rc;

/// Bytes of kept weights and unit draws at most: the default run keeps 50 × 256 KiB of weights, and a step
/// of a σ drag at the defaults as much again of unit draws (an orthogonal gain drag's Q, in f64, fits in
/// part). More only makes the worker's memory, which never shrinks, grow further.
pub const KEEP_BUDGET: usize = 32 << 20;

/// Everything a layer's draw depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Key {
    pub(super) dist: Distribution,
    pub(super) shape: (usize, usize),
    pub(super) seed: u64,
    pub(super) streams: [Stream; 2],
    pub(super) bias: BiasInit,
}

/// Everything a layer's unit draws depend on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct UnitsKey {
    pub(super) family: Family,
    pub(super) shape: (usize, usize),
    pub(super) seed: u64,
    pub(super) stream: Stream,
}

impl UnitsKey {
    /// The unit draws beneath the layer drawn for `key`, if its distribution is a scale of some.
    pub(super) fn of(key: &Key) -> Option<UnitsKey> {
        Some(UnitsKey {
            family: Scale::of(&key.dist)?.family(),
            shape: key.shape,
            seed: key.seed,
            stream: key.streams[0],
        })
    }

    /// Whether the layer drawn for `key` came from these unit draws.
    pub(super) fn draws(&self, key: &Key) -> bool {
        Scale::of(&key.dist).map(Scale::family) == Some(self.family)
            && (key.shape, key.seed, key.streams[0]) == (self.shape, self.seed, self.stream)
    }
}

/// The kept layers, each with the last run that used it and the variance of its weights, and the kept unit
/// draws, each with the last run that used them.
pub(super) struct Kept {
    pub(super) layers: Vec<(Key, u64, Rc<Dense>, f64)>,
    pub(super) units: Vec<(UnitsKey, u64, Rc<Units>)>,
    pub(super) run: u64,
    /// [`KEEP_BUDGET`] (smaller in tests).
    pub(super) budget: usize,
    /// Layers kept from [`supply`](super::supply::supply) so far.
    pub(super) supplied: u64,
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
    /// Bytes of every kept layer and unit draw.
    pub(super) fn bytes(&self) -> usize {
        let layers: usize = (self.layers.iter())
            .map(|(_, _, d, _)| 4 * (d.w.len() + d.b.len()))
            .sum();
        layers + self.units.iter().map(|(_, _, u)| u.bytes()).sum::<usize>()
    }

    /// Bytes of the layers and unit draws the run `run` uses.
    pub(super) fn bytes_of(&self, run: u64) -> usize {
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
    pub(super) fn make_room(&mut self, bytes: usize) -> bool {
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
    pub(super) fn draw(&mut self, key: &Key) -> Dense {
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
    /// This thread's kept layers and unit draws.
    pub(super) static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}
