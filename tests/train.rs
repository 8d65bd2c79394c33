//! The training race: the right initialization trains, zero stays at chance, divergence is reported,
//! runs are deterministic, and backpropagation matches finite differences for every activation and for
//! every architecture × normalization; a zero-init-last residual net starts as the identity map; the page's
//! preset races show what they claim.

use initscope::engine::arch::Arch;
use initscope::engine::norm::Norm;
use initscope::engine::{Activation, InitSpec, Initializer, Nonlinearity};
use initscope::train::mlp::{Mlp, NetShape};
use initscope::train::params::{parse_race_query, ARCHS};
use initscope::train::presets::PRESETS;
use initscope::train::Race;

fn race(query: &str, steps: usize) -> Race {
    let (cfg, errors) = parse_race_query(query);
    assert!(errors.is_empty(), "{errors:?}");
    let mut r = Race::new(cfg);
    r.run(steps, 50);
    r
}

#[test]
fn he_relu_learns_the_spirals_while_zero_stays_at_chance() {
    // Defaults: 10 hidden ReLU layers of 32, Adam lr 0.005, batch 32, spirals, seed 1.
    let r = race("inits=he-normal,xavier-normal,normal,zero", 400);
    let best = |i: usize| {
        r.racers[i]
            .history
            .iter()
            .map(|h| h.test_acc)
            .fold(0.0, f64::max)
    };
    assert!(
        best(0) >= 0.9,
        "He + ReLU reaches 90 % test accuracy within 400 steps (got {})",
        best(0)
    );
    assert!(best(0) > best(2), "He beats N(0, 1)");
    let zero = &r.racers[3];
    assert!(
        zero.history
            .iter()
            .all(|h| (0.4..=0.6).contains(&h.test_acc)),
        "zero init stays at chance"
    );
    // Every unit of a zero-initialized hidden layer keeps identical incoming weights.
    for layer in &zero.net.layers[..zero.net.layers.len() - 1] {
        for row in layer.w.chunks_exact(layer.fan_out) {
            assert!(
                row.iter().all(|&w| w == row[0]),
                "units of a zero-initialized layer differ"
            );
        }
    }
}

#[test]
fn same_seed_same_curve() {
    let a = race(
        "inits=xavier-uniform&activation=tanh&depth=4&dataset=circles",
        120,
    );
    let b = race(
        "inits=xavier-uniform&activation=tanh&depth=4&dataset=circles",
        120,
    );
    assert_eq!(a.racers[0].history, b.racers[0].history);
    let c = race(
        "inits=xavier-uniform&activation=tanh&depth=4&dataset=circles&seed=2",
        120,
    );
    assert_ne!(a.racers[0].history, c.racers[0].history);
}

#[test]
fn a_learning_rate_that_diverges_is_reported() {
    let r = race("inits=he-normal&optimizer=sgd&lr=10", 100);
    let k = r.racers[0].diverged_at.expect("lr 10 with SGD diverges");
    assert!(k <= 100);
    // The history ends at the step where it diverged, with no number there; every entry before is finite.
    let (last, before) = r.racers[0].history.split_last().expect("a history");
    assert_eq!(last.step, k, "the divergence step is the last entry");
    assert!(last.loss.is_nan() && last.test_acc.is_nan());
    assert!(before.iter().all(|h| h.loss.is_finite() && h.step < k));
    assert_eq!(r.racers[0].grad_norms.len(), r.racers[0].history.len());
}

#[test]
fn backprop_matches_finite_differences_for_every_activation() {
    // f32 central differences with h = 1e-2 on a 2-16-16-3 network: the truncation error is O(h²) and the
    // rounding error O(ε_f32/h) ≈ 1e-5, so agreement to 2 % (+ 2e-4 absolute) is expected everywhere but
    // at a kink; inputs are chosen away from kinks by checking only weights whose change leaves every
    // pre-activation's sign unchanged.
    let x = [0.3f32, -0.7, -0.2, 0.5, 0.9, 0.1, -0.4, -0.8];
    let y = [0usize, 2, 1, 0];
    for act in Activation::ALL {
        let phi = Nonlinearity::new(act, act.default_slope());
        let net = Mlp::new(
            &InitSpec::new(Initializer::XavierNormal),
            phi,
            2,
            16,
            2,
            3,
            9,
        );
        let (_, grads) = net.gradients(&x, &y);
        let mut checked = 0;
        for l in 0..net.layers.len() {
            for i in (0..net.layers[l].w.len()).step_by(7) {
                // Piecewise-linear activations: a smaller step, so crossing a kink is rare and detectable.
                let h = if act.is_relu_family() {
                    1e-3f32
                } else {
                    1e-2f32
                };
                let mut plus = net.clone();
                plus.layers[l].w[i] += h;
                let mut minus = net.clone();
                minus.layers[l].w[i] -= h;
                let (lp, _) = plus.gradients(&x, &y);
                let (lm, _) = minus.gradients(&x, &y);
                let fd = (lp - lm) / (2.0 * h as f64);
                let an = grads.w[l][i] as f64;
                if act.is_relu_family() && ((lp - 2.0 * net.gradients(&x, &y).0 + lm).abs() > 1e-6)
                {
                    continue; // crossed a kink
                }
                assert!(
                    (fd - an).abs() <= 0.02 * an.abs() + 2e-4,
                    "{act} layer {l} w[{i}]: fd {fd} vs {an}"
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "{act}: only {checked} weights checked");
    }
}

#[test]
fn sliced_advance_gives_the_same_race_as_whole_steps() {
    let (cfg, _) = parse_race_query("inits=he-normal,xavier-uniform,zero&depth=3&width=16");
    let mut whole = Race::new(cfg.clone());
    whole.run(40, 10);
    let mut sliced = Race::new(cfg);
    let mut done = 0;
    while done < 40 {
        if sliced.advance(10) {
            done += 1;
        }
    }
    for (a, b) in whole.racers.iter().zip(&sliced.racers) {
        assert_eq!(a.history, b.history);
        assert_eq!(a.net, b.net);
    }
}

/// Loss of `net` on (x, y) and its gradients against central differences, over every `stride`-th weight and
/// bias of every layer (a smooth activation, so no kinks). h = 3·10⁻³: batch norm over a few examples curves
/// the loss strongly along some weights (a unit of small variance), so the O(h²) error of h = 10⁻² can exceed
/// the tolerance there, while f32 rounding over 2h stays ≈ 10⁻⁵.
fn check_gradients(net: &Mlp, x: &[f32], y: &[usize], what: &str) -> usize {
    let (_, grads) = net.gradients(x, y);
    let h = 3e-3f32;
    let mut checked = 0;
    for l in 0..net.layers.len() {
        let fd = |bias: bool, i: usize| {
            let nudge = |d: f32| {
                let mut m = net.clone();
                let p = if bias {
                    &mut m.layers[l].b
                } else {
                    &mut m.layers[l].w
                };
                p[i] += d;
                m.gradients(x, y).0
            };
            (nudge(h) - nudge(-h)) / (2.0 * h as f64)
        };
        let (nw, nb) = (net.layers[l].w.len(), net.layers[l].b.len());
        let picks = (0..nw)
            .step_by(5)
            .map(|i| (false, i))
            .chain((0..nb).step_by(3).map(|i| (true, i)));
        for (bias, i) in picks {
            let an = if bias { grads.b[l][i] } else { grads.w[l][i] } as f64;
            let fd = fd(bias, i);
            assert!(
                (fd - an).abs() <= 0.03 * an.abs() + 3e-4,
                "{what}: layer {l} {}[{i}]: fd {fd} vs {an}",
                if bias { "b" } else { "w" }
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn backprop_matches_finite_differences_for_every_architecture_and_normalization() {
    // 6 examples (batch norm needs more than one), 2 hidden layers or blocks of 8 units, tanh.
    let x = [
        0.3f32, -0.7, -0.2, 0.5, 0.9, 0.1, -0.4, -0.8, 0.6, 0.6, -0.9, 0.2,
    ];
    let y = [0usize, 2, 1, 0, 1, 2];
    let phi = Nonlinearity::new(Activation::Tanh, Activation::Tanh.default_slope());
    for arch in ARCHS {
        for norm in Norm::ALL {
            for zero_init_last in [false, true] {
                if zero_init_last && arch != Arch::Residual {
                    continue;
                }
                let shape = NetShape {
                    arch,
                    norm,
                    branch_scale: 0.7,
                    zero_init_last,
                    ..NetShape::mlp(2, 8)
                };
                let mut net = Mlp::build(
                    &InitSpec::new(Initializer::XavierNormal),
                    phi,
                    &shape,
                    (2, 3),
                    5,
                );
                // Nonzero biases, so their gradients are tested where they matter.
                for (l, layer) in net.layers.iter_mut().enumerate() {
                    for (j, b) in layer.b.iter_mut().enumerate() {
                        *b = 0.1 * (((l * 7 + j * 3) % 5) as f32 - 2.0);
                    }
                }
                let what = format!("{arch} norm={norm} zero-init-last={zero_init_last}");
                let checked = check_gradients(&net, &x, &y, &what);
                assert!(checked > 25, "{what}: only {checked} checked");
            }
        }
    }
}

#[test]
fn a_zero_init_last_residual_net_starts_as_the_identity_map() {
    // Every block adds α·(φ(u·W₁ + 0)·0 + 0) = 0: the stream x_L is the input layer's output x₀ and the logits
    // are x₀·W_out, whatever the initializer, normalization or α.
    let (cfg, _) = parse_race_query(
        "inits=normal,he-normal&arch=residual&zero-init-last=1&depth=6&norm=layer&branch-scale=2",
    );
    let race = Race::new(cfg);
    let x = &race.data.train_x[..40];
    for r in &race.racers {
        let net = &r.net;
        assert_eq!(net.layers.len(), 2 * 6 + 2, "input, 2 per block, output");
        let x0 = net.layers[0].forward(x, 20);
        assert_eq!(net.features(x, 20), x0);
        let logits = net.layers[net.layers.len() - 1].forward(&x0, 20);
        let p = net.predict(x, 20);
        for (row, z) in p.chunks_exact(2).zip(logits.chunks_exact(2)) {
            let want = 1.0 / (1.0 + libm::expf(z[0] - z[1]));
            assert!((row[1] - want).abs() < 1e-6);
        }
        for block in net.layers[1..13].chunks_exact(2) {
            assert!(block[1].w.iter().all(|&w| w == 0.0));
            assert!(block[0].w.iter().any(|&w| w != 0.0));
        }
    }
}

#[test]
fn batch_norm_evaluates_with_the_training_sets_statistics() {
    let (cfg, _) = parse_race_query("inits=normal&norm=batch&depth=4");
    let mut race = Race::new(cfg);
    race.run(30, 10);
    let (net, d) = (&race.racers[0].net, &race.data);
    let (loss, acc, stats) = net.evaluate_train(&d.train_x, &d.train_y);
    assert_eq!(stats.len(), 4, "one site per hidden layer");
    // The training set through its own statistics, batch mode or fixed: the same numbers.
    assert_eq!(
        net.evaluate_with(&d.train_x, &d.train_y, &stats),
        (loss, acc)
    );
    assert_eq!(net.evaluate(&d.train_x, &d.train_y), (loss, acc));
    // A test point's prediction does not depend on the other test points.
    let one = net.predict_with(&d.test_x[..2], 1, &stats);
    let all = net.predict_with(&d.test_x, d.test_y.len(), &stats);
    assert_eq!(one, all[..2]);
    let last = race.racers[0].history.last().expect("recorded");
    assert_eq!(last.loss, loss);
}

/// Best test accuracy of each racer over a run of `steps` steps.
fn best_accuracies(cfg: initscope::train::TrainConfig, steps: usize) -> Vec<f64> {
    let mut r = Race::new(cfg);
    r.run(steps, 10);
    r.racers
        .iter()
        .map(|x| x.history.iter().map(|h| h.test_acc).fold(0.0, f64::max))
        .collect()
}

#[test]
fn the_presets_show_what_they_claim() {
    let [bn, res] = PRESETS;
    // Batch norm: N(0, 1) trains with it (≥ 90 %) and not without (< 80 %); He trains either way; zero is
    // at chance either way.
    let with = best_accuracies(bn.variants[0].config(), 600);
    let without = best_accuracies(bn.variants[1].config(), 600);
    assert!(
        with[0] >= 0.9 && without[0] < 0.8,
        "N(0,1): {with:?} vs {without:?}"
    );
    assert!(
        with[1] >= 0.9 && without[1] >= 0.9,
        "He: {with:?} vs {without:?}"
    );
    assert!(
        with[2] <= 0.56 && without[2] <= 0.56,
        "zero: {with:?} vs {without:?}"
    );
    // 20 layers: both initializers train as residual blocks (≥ 90 %) and stay near chance plain (≤ 65 %).
    let residual = best_accuracies(res.variants[0].config(), 600);
    let plain = best_accuracies(res.variants[1].config(), 600);
    for i in 0..2 {
        assert!(
            residual[i] >= 0.9 && plain[i] <= 0.65,
            "racer {i}: residual {residual:?} vs plain {plain:?}"
        );
    }
    for p in PRESETS {
        for v in p.variants {
            assert!(parse_race_query(v.query).1.is_empty(), "{}", v.query);
        }
    }
}

/// A race link's `steps` is the CLI's: the page never drops it unexplained. A bad value keeps its own
/// (single) error.
#[test]
fn a_race_links_steps_is_named_as_the_clis() {
    use initscope::train::params::parse_race_link;
    let (cfg, notes) = parse_race_link("inits=he-normal&steps=40&depth=4");
    assert_eq!(cfg.depth, 4);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(
        (notes[0].name.as_str(), notes[0].value.as_str()),
        ("steps", "40")
    );
    assert!(
        notes[0].reason.contains("initscope train"),
        "{}",
        notes[0].reason
    );
    let (_, bad) = parse_race_link("steps=-3");
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(!bad[0].reason.contains("initscope train"));
    assert!(parse_race_link("inits=he-normal&depth=4").1.is_empty());
}
