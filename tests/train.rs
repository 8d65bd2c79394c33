//! The training race: the right initialization trains, zero stays at chance, divergence is reported,
//! runs are deterministic, and backpropagation matches finite differences for every activation.

use initscope::engine::{Activation, InitSpec, Initializer, Nonlinearity};
use initscope::train::mlp::Mlp;
use initscope::train::params::parse_race_query;
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
