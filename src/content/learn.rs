//! The Learn view's content: the initializer table, the best practices, each with a live demonstration.
//! Formulas as PyTorch `torch.nn.init` defines them.

use super::demo::Demo;
use super::math::{fan, fan_sum, frac, math, mi, mn, mo, normal, sqrt, text, uniform};
use crate::engine::{Initializer, VerdictKind};

/// One row of the initializer table.
#[derive(Clone, Debug)]
pub struct InitRow {
    /// Which initializer.
    pub init: Initializer,
    /// The formula, as MathML.
    pub formula: String,
    /// What it suits.
    pub suits: &'static str,
    /// Why it works or fails.
    pub remark: &'static str,
    /// The Lab configuration that shows it.
    pub demo: Demo,
}

/// The table: zero, constant, uniform, normal, Xavier, He, LeCun (uniform and normal), orthogonal — one row
/// per initializer, in [`Initializer::ALL`]'s order.
pub fn initializer_rows() -> Vec<InitRow> {
    Initializer::ALL.into_iter().map(initializer_row).collect()
}

/// The table's row for one initializer (a new initializer is a compile error here until it has one).
pub fn initializer_row(init: Initializer) -> InitRow {
    let var = |num: &str, den: Vec<String>| vec![frac(&[mn(num)], &den)];
    let bound = |num: &str, den: Vec<String>| vec![sqrt(&[frac(&[mn(num)], &den)])];
    match init {
        Initializer::Zero => InitRow {
            init,
            formula: math(&[mi("w"), mo("="), mn("0")]),
            suits: "Biases; also a network's last layer (or each residual branch's last layer, as in Fixup), since the random layers before it break the symmetry.",
            remark: "Every unit of a layer computes the same value and receives the same gradient, so the units \
                     stay copies of each other: the symmetry never breaks. With zero weights the gradients \
                     reaching earlier layers are zero as well.",
            demo: Demo::new("init=zero&activation=tanh&depth=10", VerdictKind::Collapsed, "1 distinct unit per layer"),
        },
        Initializer::Constant => InitRow {
            init,
            formula: math(&[mi("w"), mo("="), mi("c")]),
            suits: "Nothing (a teaching example).",
            remark: "The same symmetry as zero: identical units, identical gradients. A large c also drives the \
                     signal to saturation or overflow.",
            demo: Demo::new("init=constant&scale=0.1&activation=tanh", VerdictKind::Collapsed, "identical units"),
        },
        Initializer::Uniform => InitRow {
            init,
            formula: math(&[mi("w"), mo("∼"), mi("𝒰"), mo("("), mo("−"), mi("a"), mo(","), mi("a"), mo(")"), mo(","),
                text(" variance "), frac(&[mi("a"), mo("²")], &[mn("3")])]),
            suits: "Early, shallow networks.",
            remark: "Breaks the symmetry, but the scale does not follow the layer's size: the a that suits 16 \
                     inputs per unit explodes with 1024. Deep stacks vanish or explode.",
            demo: Demo::new("init=uniform&scale=1&activation=relu&depth=100", VerdictKind::Overflow, "f32 overflow within 50 layers"),
        },
        Initializer::Normal => InitRow {
            init,
            formula: normal(&[mi("σ"), mo("²")]),
            suits: "Early, shallow networks.",
            remark: "Same problem as uniform. σ = 0.01 makes a tanh stack vanish. σ = 1 saturates most units at ±1, yet the network is chaotic (χ ≈ 8.7 at width 256): the gradient explodes towards the input (the classic CS231n demonstration, seen through mean-field theory).",
            demo: Demo::new("init=normal&scale=1&activation=tanh&depth=10", VerdictKind::Exploding, "activations saturated at ±1"),
        },
        Initializer::XavierUniform => InitRow {
            init,
            formula: uniform(&bound("6", fan_sum())),
            suits: "tanh, softsign, linear (Glorot & Bengio 2010); sigmoid by PyTorch's gain-1 convention.",
            remark: "Variance 2/(n_in + n_out): a compromise between keeping the forward signal (n_in·Var(w) = 1) and the backward gradient (n_out·Var(w) = 1), derived for units with slope 1 at 0. With tanh the stack is critical: signal and gradient decay slowly (polynomially), not exponentially.",
            demo: Demo::new("init=xavier-uniform&activation=tanh", VerdictKind::Drifting, "tanh: critical, slow decay"),
        },
        Initializer::XavierNormal => InitRow {
            init,
            formula: normal(&var("2", fan_sum())),
            suits: "tanh, softsign, linear; sigmoid by convention.",
            remark: "The same variance as Xavier uniform, drawn from a Gaussian. With ReLU it halves the variance \
                     at every layer.",
            demo: Demo::new("init=xavier-normal&activation=tanh", VerdictKind::Drifting, "tanh: slow decay, ≈100× over 50 layers"),
        },
        Initializer::HeUniform => InitRow {
            init,
            formula: uniform(&bound("6", vec![fan("in")])),
            suits: "ReLU and its variants (He et al. 2015).",
            remark: "Variance 2/n_in: ReLU zeroes half of its inputs, E[a²] = Var(h)/2, and the factor 2 gives it back.",
            demo: Demo::new("init=he-uniform&activation=relu", VerdictKind::Stable, "ReLU holds Var(h) ≈ 2 on average"),
        },
        Initializer::HeNormal => InitRow {
            init,
            formula: normal(&var("2", vec![fan("in")])),
            suits: "ReLU, Leaky ReLU, PReLU.",
            remark: "Standard deviation √(2/n_in) — the variance is 2/n_in. Keeps Var(h) ≈ 2 at any depth on average (exactly, at infinite width).",
            demo: Demo::new("init=he-normal&activation=relu", VerdictKind::Stable, "ReLU holds Var(h) ≈ 2 on average"),
        },
        Initializer::LecunUniform => InitRow {
            init,
            formula: uniform(&bound("3", vec![fan("in")])),
            suits: "SELU, and tanh-like units (LeCun et al. 1998).",
            remark: "Variance 1/n_in: keeps the forward variance for functions with slope 1 at 0.",
            demo: Demo::new("init=lecun-uniform&activation=selu", VerdictKind::Drifting, "SELU: signal held at 1, gradient drifts ~30×"),
        },
        Initializer::LecunNormal => InitRow {
            init,
            formula: normal(&var("1", vec![fan("in")])),
            suits: "SELU — self-normalizing networks (Klambauer et al. 2017).",
            remark: "SELU's constants make mean 0, variance 1 a stable fixed point when every unit's weights have \
                     Σw = 0 and Σw² = 1 (Klambauer et al.'s ω = 0, τ = 1): zero-mean weights with n_in·Var(w) = 1 \
                     give both in expectation.",
            demo: Demo::new("init=lecun-normal&activation=selu", VerdictKind::Drifting, "SELU: signal held at 1, gradient drifts ~30×"),
        },
        Initializer::PytorchDefault => InitRow {
            init,
            formula: uniform(&[frac(&[mn("1")], &[sqrt(&[fan("in")])])]),
            suits: "Nothing in particular: it is what nn.Linear does when you choose nothing (biases too).",
            remark: "kaiming_uniform_ with a = √5: variance 1/(3·n_in), a third of LeCun's. A deep ReLU stack loses \
                     a factor 6 of variance per layer; the biases U(±1/√n_in) then dominate the signal.",
            demo: Demo::new("init=pytorch-default&activation=relu&depth=30", VerdictKind::Vanishing, "a deep ReLU stack vanishes"),
        },
        Initializer::Orthogonal => InitRow {
            init,
            formula: math(&[mi("W"), mo("="), text("gain"), mo("·"), mi("Q"), mo(","), mi("A"), mo("="), mi("Q"), mi("R"),
                mo(","), mi("A"), mo("∼"), mi("𝒩"), mo("("), mn("0"), mo(","), mn("1"), mo(")")]),
            suits: "Deep linear networks, RNNs (Saxe et al. 2014).",
            remark: "Every singular value equals the gain; with gain 1 a linear stack preserves norms exactly at any depth (for a non-square W, when fan_in ≤ fan_out). The columns of Q are multiplied by the signs of R's diagonal so Q is uniformly distributed.",
            demo: Demo::new("init=orthogonal&activation=linear&depth=200", VerdictKind::Stable, "200 linear layers, variance exactly kept"),
        },
        Initializer::Identity => InitRow {
            init,
            formula: math(&[mi("W"), mo("="), text("gain"), mo("·"), mi("I")]),
            suits: "Recurrent nets with ReLU (the IRNN of Le et al. 2015); deep linear stacks.",
            remark: "Every input passes through unchanged: a linear stack computes the identity exactly, at any \
                     depth. Though not random, a square identity breaks the symmetry between units: each unit copies \
                     a different input, so no two are alike (256 distinct units per layer at width 256). Only a \
                     non-square eye_ makes copies: with fewer inputs than units, the units it leaves with all-zero \
                     weights all output 0 (128 inputs into width 256: 129 distinct units per layer).",
            demo: Demo::new("init=identity&activation=linear&depth=100", VerdictKind::Stable, "100 layers, exactly the identity"),
        },
        Initializer::Lsuv => InitRow {
            init,
            formula: math(&[mi("W"), mo("←"), mi("W"), mo("/"), sqrt(&[text("Var"), mo("("), mi("x"), mi("W"), mo(")")])]),
            suits: "Any activation (Mishkin & Matas 2015): data-driven instead of derived.",
            remark: "Orthogonal weights, then each layer in turn rescaled on a real batch until its output has \
                     variance 1 (this app stops within 0.1 of 1 or after 10 tries; the authors' Caffe script, \
                     tools/extra/lsuv_init.py, uses 0.02 and 20). No formula per activation is needed — but unit \
                     variance is not always the right target: with tanh it puts the net in the chaotic phase.",
            demo: Demo::new("init=lsuv&activation=relu&depth=50", VerdictKind::Stable, "unit variance at every layer"),
        },
        Initializer::DeltaOrthogonal => InitRow {
            init,
            formula: math(&[mi("W"), mo("["), mo(":"), mo(","), mo(":"), mo(","), mi("c"), mo(","), mi("c"), mo("]"), mo("="),
                text("gain"), mo("·"), mi("Q"), mo(","), mi("W"), mo("="), mn("0"), text(" at every other tap")]),
            suits: "Very deep convolutional nets: Xiao et al. (2018) trained 10,000-layer CNNs with it.",
            remark: "Only the kernel's centre tap is non-zero, and it is orthogonal: at initialization each layer is                      an orthogonal 1×1 convolution, so a linear stack keeps every singular value of its Jacobian                      at 1 (dynamical isometry). It needs at least as many output as input channels; in a dense                      layer it is plain orthogonal.",
            demo: Demo::new("arch=conv&init=delta-orthogonal&activation=linear&depth=100&input-width=32", VerdictKind::Stable, "100 linear conv layers, variance exactly kept"),
        },
    }
}

/// The links under "Why initialization matters": the label and the demonstration.
pub fn intro_demos() -> [(&'static str, Demo); 3] {
    use crate::engine::VerdictKind::*;
    [
        (
            "See it vanish:",
            Demo::new(
                "init=xavier-normal&activation=relu",
                Vanishing,
                "Xavier + ReLU vanishes",
            ),
        ),
        (
            "See it explode:",
            Demo::new(
                "init=uniform&scale=1&activation=relu&depth=100",
                Overflow,
                "uniform(1) + ReLU overflows",
            ),
        ),
        (
            "See symmetry:",
            Demo::new(
                "init=zero&activation=tanh&depth=10",
                Collapsed,
                "zero init never breaks symmetry",
            ),
        ),
    ]
}

/// The Lab's one-click classics: the four demonstrations a newcomer should see first, and symmetry.
pub fn quick_demos() -> [(&'static str, Demo); 5] {
    use crate::engine::VerdictKind::*;
    [
        (
            "Xavier + ReLU vanishes",
            Demo::new(
                "init=xavier-normal&activation=relu",
                Vanishing,
                "halves every layer",
            ),
        ),
        (
            "He + ReLU holds",
            Demo::new(
                "init=he-normal&activation=relu",
                Stable,
                "Var(h) ≈ 2 on average at every layer",
            ),
        ),
        (
            "N(0, 1) + tanh saturates",
            Demo::new(
                "init=normal&scale=1&activation=tanh&depth=10",
                Exploding,
                "activations at ±1",
            ),
        ),
        (
            "uniform(1) + ReLU overflows",
            Demo::new(
                "init=uniform&scale=1&activation=relu&depth=100",
                Overflow,
                "f32 overflow",
            ),
        ),
        (
            "zero init: symmetry",
            Demo::new(
                "init=zero&activation=tanh&depth=10",
                Collapsed,
                "1 distinct unit",
            ),
        ),
    ]
}

/// One best practice, with its demonstration.
#[derive(Clone, Debug)]
pub struct Practice {
    /// The rule.
    pub rule: &'static str,
    /// Why.
    pub why: &'static str,
    /// The Lab configuration that shows it.
    pub demo: Demo,
}

/// The recommendation table.
pub fn best_practices() -> Vec<Practice> {
    vec![
        Practice {
            rule: "sigmoid / tanh → Xavier (Glorot)",
            why: "Glorot & Bengio derived it for units with slope 1 at 0 (tanh, softsign); sigmoid gets it by PyTorch's gain-1 convention. With σ′ ≤ 1/4, a deep sigmoid stack at this scale loses its gradient; it holds only near σ_w² ≈ 103 with zero biases (the Phase map's critical line), far above any usual initializer.",
            demo: Demo::new("init=xavier-normal&activation=tanh", VerdictKind::Drifting, "tanh + Xavier: slow decay"),
        },
        Practice {
            rule: "ReLU, Leaky ReLU, PReLU → He (Kaiming)",
            why: "The factor 2 replaces the half of the signal that ReLU zeroes.",
            demo: Demo::new("init=he-normal&activation=relu", VerdictKind::Stable, "ReLU + He"),
        },
        Practice {
            rule: "SELU → LeCun normal",
            why: "The self-normalizing fixed point (mean 0, variance 1) needs zero-mean weights with n_in·Var(w) = 1.",
            demo: Demo::new("init=lecun-normal&activation=selu", VerdictKind::Drifting, "SELU + LeCun: signal held, gradient drifts"),
        },
        Practice {
            rule: "RNNs and deep linear networks → orthogonal",
            why: "All singular values equal to 1: repeated products neither shrink nor grow.",
            demo: Demo::new("init=orthogonal&activation=linear&depth=200", VerdictKind::Stable, "200 linear layers"),
        },
        Practice {
            rule: "Never give all weights the same value",
            why: "Identical units get identical gradients and never become different.",
            demo: Demo::new("init=zero&activation=tanh&depth=10", VerdictKind::Collapsed, "zero init"),
        },
        Practice {
            rule: "Start biases at zero",
            why: "The weights already break the symmetry; random biases add σ_b² to every layer's variance.",
            demo: Demo::new("init=he-normal&activation=relu&bias-std=1", VerdictKind::Drifting, "Var(h) creeps up: +1 per layer in theory"),
        },
    ]
}
