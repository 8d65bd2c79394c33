//! The verdict's words: they say what the numbers say (one layer in the singular, a drift not rounded onto a
//! band's edge, an RNN's summed inputs named rather than called "within a factor 10").

mod sim;

use initscope::engine::arch::Arch;
use initscope::engine::{Activation, Config, Initializer, VerdictKind};
use sim::run;

/// A small plain stack (width 64, batch 32).
fn small(init: Initializer, activation: Activation, depth: usize) -> Config {
    sim::cfg(Arch::Mlp, init, activation, depth)
}

#[test]
fn the_verdict_counts_one_layer_in_the_singular() {
    let one = run(&small(Initializer::HeNormal, Activation::Relu, 1));
    assert_eq!(one.verdict.kind, VerdictKind::Stable);
    assert!(
        one.verdict.message.starts_with("Over 1 layer the signal"),
        "{}",
        one.verdict.message
    );
    let two = run(&small(Initializer::HeNormal, Activation::Relu, 2));
    assert!(
        two.verdict.message.starts_with("Over 2 layers the signal"),
        "{}",
        two.verdict.message
    );
}

#[test]
fn a_drift_near_a_band_edge_is_not_rounded_onto_it() {
    // Xavier + tanh at the defaults shrinks the signal by 1/99.6: "1/100 — within 100" read as a contradiction.
    let r = run(&Config {
        init: Initializer::XavierNormal,
        activation: Activation::Tanh,
        ..Config::default()
    });
    assert_eq!(r.verdict.kind, VerdictKind::Drifting);
    assert!(
        r.verdict.message.contains("shrinks to 1/99.6 "),
        "{}",
        r.verdict.message
    );
}

#[test]
fn an_rnn_state_that_sums_its_inputs_is_said_to_grow_not_to_stay_within_ten() {
    use initscope::engine::verdict::drifts_down;
    // An orthogonal linear RNN adds up its 100 inputs: ×100, forgiven by the grade, and said in words.
    let orth = run(&sim::cfg(
        Arch::Rnn,
        Initializer::Orthogonal,
        Activation::Linear,
        100,
    ));
    assert_eq!(orth.verdict.kind, VerdictKind::Stable);
    assert!(orth.verdict.forward_ratio > 10.0);
    assert!(
        orth.verdict
            .message
            .contains("no more than the 100 inputs it adds up"),
        "{}",
        orth.verdict.message
    );
    assert!(
        !orth
            .verdict
            .message
            .contains("both stay within a factor 10"),
        "{}",
        orth.verdict.message
    );
    // IRNN: the state grows (forgiven), the gradient shrinks past ×10: a drift down, headline included.
    let irnn = run(&sim::cfg(
        Arch::Rnn,
        Initializer::Identity,
        Activation::Relu,
        100,
    ));
    if irnn.verdict.kind == VerdictKind::Drifting
        && irnn.verdict.message.contains("gradient's variance shrinks")
    {
        let v = &irnn.verdict;
        assert!(
            drifts_down(Arch::Rnn, 100, v.forward_ratio, v.backward_ratio),
            "{}",
            v.message
        );
    }
    assert!(
        !drifts_down(Arch::Mlp, 50, 20.0, 1.0),
        "a plain stack's signal ×20 drifts up"
    );
    assert!(drifts_down(Arch::Mlp, 50, 0.05, 1.0));
    assert!(
        drifts_down(Arch::Rnn, 100, 37.0, 1.0 / 16.0),
        "×37 over 100 steps is the sum; 1/16 drifts down"
    );
}
