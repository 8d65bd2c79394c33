//! The kept layers and unit draws: bit-identical to drawing afresh, reused, and dropped in the right order.

use super::*;
use crate::engine::sample::{Scale, Units};

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
