//! Weights kept between runs: a run that changes neither the initializer, the seed nor the widths (a new
//! activation, depth, batch, norm…) reuses the layers the previous run drew instead of sampling them again.
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
}

impl Default for Kept {
    fn default() -> Self {
        Kept {
            layers: Vec::new(),
            units: Vec::new(),
            run: 0,
            budget: KEEP_BUDGET,
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
        let units_key = UnitsKey {
            family: scale.family(),
            shape: key.shape,
            seed: key.seed,
            stream: weights,
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

    /// The unit draws kept for `key`'s family, shape, seed and weight stream, if any.
    fn kept_units(dist: &Distribution, shape: (usize, usize), seed: u64) -> Option<Rc<Units>> {
        let family = Scale::of(dist)?.family();
        KEPT.with(|k| {
            (k.borrow().units.iter())
                .find(|(key, ..)| key.family == family && key.shape == shape && key.seed == seed)
                .map(|(_, _, u)| Rc::clone(u))
        })
    }

    /// `d` with its scale times `k`.
    fn scaled(d: &Distribution, k: f64) -> Distribution {
        match *d {
            Distribution::Normal { std } => Distribution::Normal { std: std * k },
            Distribution::Uniform { bound } => Distribution::Uniform { bound: bound * k },
            Distribution::TruncatedNormal { std, sigma } => Distribution::TruncatedNormal {
                std: std * k,
                sigma: sigma * k,
            },
            Distribution::Orthogonal { gain, n } => Distribution::Orthogonal { gain: gain * k, n },
            other => other,
        }
    }

    #[test]
    fn a_rescaled_layer_is_the_drawn_layer_from_the_same_unit_draws() {
        let pairs = [
            (
                Distribution::Normal { std: 0.3 },
                Distribution::Normal { std: 0.71 },
            ),
            (
                Distribution::Uniform { bound: 0.2 },
                Distribution::Uniform { bound: 1.3 },
            ),
            (
                Distribution::TruncatedNormal {
                    std: 0.5,
                    sigma: 0.57,
                },
                Distribution::TruncatedNormal {
                    std: 0.1,
                    sigma: 0.114,
                },
            ),
            (
                Distribution::Orthogonal { gain: 1.0, n: 9 },
                Distribution::Orthogonal {
                    gain: 5.0 / 3.0,
                    n: 9,
                },
            ),
        ];
        let streams = [Stream::Weights(3), Stream::Bias(3)];
        for (first, second) in pairs {
            for shape in [(9, 4), (4, 9), (6, 6)] {
                clear();
                begin_run();
                let a = sample(&first, shape, 5, streams, BiasInit::Uniform(0.1));
                assert!(
                    kept_units(&first, shape, 5).is_none(),
                    "kept before a rescale"
                );
                begin_run();
                let b = sample(&second, shape, 5, streams, BiasInit::Uniform(0.1));
                let units = kept_units(&first, shape, 5).expect("unit draws kept on a rescale");
                let fresh = |d| Dense::sample_from(d, shape, 5, streams, BiasInit::Uniform(0.1));
                assert_eq!(*a, fresh(&first), "{first:?} {shape:?}");
                assert_eq!(*b, fresh(&second), "{second:?} {shape:?}");
                assert_ne!(a.w, b.w, "{second:?} is another scale");
                begin_run();
                let third = scaled(&second, 1.5);
                let c = sample(&third, shape, 5, streams, BiasInit::Uniform(0.1));
                assert_eq!(*c, fresh(&third), "{third:?} {shape:?}");
                let again = kept_units(&third, shape, 5).expect("still kept");
                assert!(
                    Rc::ptr_eq(&units, &again),
                    "{third:?} {shape:?}: drawn again"
                );
                // Another seed, or another family, draws its own.
                begin_run();
                let other = sample(&second, shape, 6, streams, BiasInit::Uniform(0.1));
                assert_eq!(
                    *other,
                    Dense::sample_from(&second, shape, 6, streams, BiasInit::Uniform(0.1))
                );
                let next = [Stream::Weights(4), Stream::Bias(4)];
                let layer4 = sample(&second, shape, 5, next, BiasInit::Uniform(0.1));
                assert_eq!(
                    *layer4,
                    Dense::sample_from(&second, shape, 5, next, BiasInit::Uniform(0.1))
                );
            }
        }
        clear();
    }

    #[test]
    fn a_full_budget_drops_earlier_weights_before_the_unit_draws_a_rescale_needs() {
        // Room for six 8×8 matrices (256 bytes each): a four-layer net whose unit draws and weights do not
        // all fit. Each new gain must keep rescaling the same unit draws, not drop and draw them again.
        clear();
        KEPT.with(|k| k.borrow_mut().budget = 6 * 256);
        let gain = |g: f64| Distribution::Normal { std: g / 8.0 };
        let streams = |l| [Stream::Weights(l), Stream::Bias(l)];
        let run = |g: f64| {
            begin_run();
            for l in 1..=4 {
                let layer = sample(&gain(g), (8, 8), 1, streams(l), BiasInit::None);
                assert_eq!(
                    *layer,
                    Dense::sample_from(&gain(g), (8, 8), 1, streams(l), BiasInit::None)
                );
            }
            KEPT.with(|k| assert!(k.borrow().bytes() <= 6 * 256));
        };
        let units = || {
            KEPT.with(|k| {
                let k = k.borrow();
                (1..=4)
                    .map(|l| {
                        let found = k
                            .units
                            .iter()
                            .find(|(key, ..)| key.stream == Stream::Weights(l));
                        found.map(|(_, _, u)| Rc::clone(u))
                    })
                    .collect::<Vec<_>>()
            })
        };
        run(1.0);
        run(1.1);
        let before = units();
        assert!(
            before[..2].iter().all(Option::is_some),
            "the rescale kept unit draws"
        );
        for g in [1.2, 1.3, 1.4] {
            run(g);
            let after = units();
            for (l, (b, a)) in before.iter().zip(&after).enumerate() {
                if let (Some(b), Some(a)) = (b, a) {
                    assert!(
                        Rc::ptr_eq(b, a),
                        "gain {g}: layer {}'s unit draws drawn again",
                        l + 1
                    );
                } else {
                    assert_eq!(
                        b.is_some(),
                        a.is_some(),
                        "gain {g}: layer {} kept or dropped",
                        l + 1
                    );
                }
            }
        }
        clear();
        KEPT.with(|k| k.borrow_mut().budget = KEEP_BUDGET);
    }
}
