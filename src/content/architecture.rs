//! The Learn view's "Architecture" and "Edge of chaos" sections: each claim with the Lab configurations that
//! demonstrate it (checked by tests/content.rs). Sources: PyTorch `nn.Linear.reset_parameters`, Keras `Dense`;
//! Yang et al. 2019 (batch norm); Radford et al. 2019 (GPT-2); Zhang et al. 2019 (Fixup); Saxe et al. 2014;
//! Le et al. 2015 (IRNN); Mishkin & Matas 2015 (LSUV); Poole et al. 2016; Schoenholz et al. 2017;
//! Pennington et al. 2017.

use super::demo::Demo;
use crate::engine::VerdictKind::{Collapsed, Drifting, Exploding, Stable, Vanishing};

/// One claim of a section, with its demonstrations.
#[derive(Clone, Debug)]
pub struct Claim {
    /// A short heading.
    pub title: &'static str,
    /// The claim, in a few sentences.
    pub text: &'static str,
    /// The Lab configurations that show it.
    pub demos: &'static [Demo],
}

/// "Architecture": framework defaults, normalization, residual blocks, zero-init residual, RNNs, LSUV.
pub fn architecture() -> Vec<Claim> {
    const ITEMS: &[Claim] = &[
        Claim {
            title: "Framework defaults",
            text: "If you initialize nothing, PyTorch's nn.Linear calls kaiming_uniform_ with a = √5: weights \
                   U(±1/√fan_in), variance 1/(3·fan_in), so σ_w² = 1/3 — and biases U(±1/√fan_in) too. Keras's \
                   Dense uses glorot_uniform (Xavier uniform) and zero biases. Both are fine for shallow nets and \
                   for nets with normalization or residual connections, but a deep plain ReLU stack loses variance \
                   at every layer under either: ask for He explicitly.",
            demos: &[
                Demo::new("init=pytorch-default&activation=relu&depth=30", Vanishing, "PyTorch's default, 30 ReLU layers"),
                Demo::new("init=xavier-uniform&activation=relu&depth=30", Vanishing, "Keras's glorot_uniform, 30 ReLU layers"),
                Demo::new("init=he-normal&activation=relu&depth=30", Stable, "He: what to ask for instead"),
            ],
        },
        Claim {
            title: "Normalization",
            text: "Batch norm and layer norm re-standardize every layer's pre-activations, so the forward \
                   variance no longer depends on the weights' scale. They do not make initialization irrelevant: \
                   in a deep batch-normalized net without skip connections the gradient explodes at \
                   initialization whatever the scale (Yang et al. 2019), and normalization cannot break the \
                   symmetry of a constant initialization.",
            demos: &[
                Demo::new("init=normal&scale=0.05&activation=relu&norm=batch", Exploding, "BN: the forward pass is fixed, the gradient explodes"),
                Demo::new("init=zero&activation=relu&norm=batch&depth=10", Collapsed, "BN does not break symmetry"),
            ],
        },
        Claim {
            title: "Residual blocks",
            text: "A residual block adds its branch to the stream, x ← x + α·F(x); with α = 1 the stream (and the \
                   gradient) grows with depth. A branch that sees the raw stream adds variance of the stream's own \
                   size or more (He + ReLU here adds twice as much: ×3 per block), so the growth is geometric; \
                   behind a pre-norm the branch sees unit variance and adds a fixed O(1) (about 2 here), so the \
                   growth is linear (33× over 50 blocks). GPT-2 (Radford et al. 2019) scales the weights of the \
                   layers that write into the stream by 1/√N at initialization, N = 2L the number of residual \
                   layers, so that the sum of all branches adds O(1) variance.",
            demos: &[
                Demo::new("arch=residual&init=he-normal&activation=relu&depth=50", Exploding, "α = 1: the stream explodes"),
                Demo::new("arch=residual&norm=layer&init=he-normal&activation=relu&depth=50", Drifting, "pre-LayerNorm, α = 1: linear growth, 33×"),
                Demo::new("arch=residual&init=he-normal&activation=relu&depth=50&branch-scale=0.1", Stable, "α = 1/√(2·50) = 0.1"),
                Demo::new("arch=residual&norm=layer&init=he-normal&activation=relu&depth=50&branch-scale=0.1", Stable, "pre-LayerNorm, α = 0.1, as in GPT-2"),
            ],
        },
        Claim {
            title: "Zero-init residual and Fixup",
            text: "Start the last layer of every residual branch at zero (Goyal et al. 2017 zero the last batch \
                   norm's γ; Fixup, Zhang et al. 2019, zeroes the last weight layer and rescales the others): \
                   each block is then exactly the identity at initialization, the signal and the gradient pass \
                   through any depth unchanged, and the branches still learn — the earlier random layers break \
                   the symmetry.",
            demos: &[Demo::new("arch=residual&init=he-normal&activation=relu&depth=50&zero-init-last=1", Stable, "every block starts as the identity")],
        },
        Claim {
            title: "Recurrent nets: orthogonal and identity",
            text: "An RNN multiplies by the same W at every time step, so through time its eigenvalues are raised \
                   to the power T. An orthogonal W has every singular value 1, so a linear RNN keeps norms exactly \
                   (Saxe et al. 2014). A Gaussian W of the same variance keeps them only on average: at large width \
                   E‖Wᵀx‖² = ‖x‖² (χ = 1, the theory line stays at 1.00×), but at finite width its spectral radius \
                   strays from 1 by a random amount, and its powers follow it. Over 100 steps at width 256 the \
                   verdict depends on the seed: 42 (the default) explodes, 2 and 5 drift about 12×; at width 1024 \
                   these three are stable (seed 1 still drifts 13×). With ReLU, the identity (the IRNN of Le et \
                   al. 2015) lets the state carry over unchanged. With tanh the gradient's factor per step is \
                   χ = g²·E[φ′²], so the gain still decides: an orthogonal W at gain 1 gives χ ≈ 0.40 and the \
                   gradient vanishes in time, at gain 2 χ ≈ 1.10 and it explodes. Gated units (LSTM, GRU) reduce \
                   this problem; they do not remove it.",
            demos: &[
                Demo::new("arch=rnn&init=orthogonal&activation=linear&depth=100", Stable, "orthogonal: gradient kept over 100 steps"),
                Demo::new("arch=rnn&init=xavier-normal&activation=linear&depth=100", Exploding, "Gaussian W, seed 42: explodes at width 256"),
                Demo::new("arch=rnn&init=xavier-normal&activation=linear&depth=100&seed=2", Drifting, "Gaussian W, seed 2: a 12× drift"),
                Demo::new("arch=rnn&init=identity&activation=relu&depth=100", Drifting, "IRNN: identity + ReLU"),
                Demo::new("arch=rnn&init=orthogonal&activation=tanh&depth=50", Vanishing, "tanh, gain 1: χ ≈ 0.40, the gradient vanishes in time"),
                Demo::new("arch=rnn&init=orthogonal&activation=tanh&gain=2&depth=50", Exploding, "tanh, gain 2: χ ≈ 1.10, it explodes"),
            ],
        },
        Claim {
            title: "LSUV",
            text: "Layer-sequential unit variance (Mishkin & Matas 2015): orthogonal weights, then each layer in \
                   turn rescaled on a real batch until its output has variance 1. It needs no formula per \
                   activation — but unit variance is not always the right target: with tanh it puts the net in \
                   the chaotic phase, and the gradient explodes.",
            demos: &[
                Demo::new("init=lsuv&activation=relu&depth=50", Stable, "ReLU: unit variance at every layer"),
                Demo::new("init=lsuv&activation=tanh&depth=50", Exploding, "tanh: unit variance is chaotic"),
            ],
        },
    ];
    ITEMS.to_vec()
}

/// "Edge of chaos": the phase diagram's three regimes, each in the Lab.
pub fn edge_of_chaos() -> Vec<Claim> {
    const ITEMS: &[Claim] = &[
        Claim {
            title: "Ordered",
            text: "χ₁ = σ_w²·E[φ′(√q* z)²] < 1: a small perturbation shrinks at every layer, all inputs converge to \
                   the same representation, and the gradient vanishes.",
            demos: &[Demo::new("init=normal&scale=0.01&activation=tanh&depth=50", Vanishing, "tanh, σ = 0.01: ordered")],
        },
        Claim {
            title: "Critical",
            text: "χ₁ = 1, the edge of chaos (Poole et al. 2016; Schoenholz et al. 2017): the correlation depth \
                   scale ξ_c diverges and signals and gradients cross hundreds of layers. Xavier with tanh and He \
                   with ReLU (σ_b² = 0) sit on the line; with orthogonal weights a tanh net near σ_w² = 1, σ_b² = 0 can \
                   approach dynamical isometry (Pennington et al. 2017).",
            demos: &[Demo::new("init=xavier-normal&activation=tanh&depth=200", Vanishing, "tanh, Xavier: ÷395 over 200 layers in theory — polynomial, not exponential")],
        },
        Claim {
            title: "Chaotic",
            text: "χ₁ > 1: nearby inputs decorrelate, the gradient explodes. A net trains only if its depth is \
                   within a few ξ_c (about 6ξ_c in Schoenholz et al.'s experiments): tanh with gain 5/3 has \
                   ξ_c ≈ 12 layers, fine at depth 10, hopeless at 100.",
            demos: &[
                Demo::new("init=normal&scale=1&activation=tanh&depth=10", Exploding, "tanh, σ = 1: deep in chaos"),
                Demo::new("init=xavier-normal&gain=1.6666666666666667&activation=tanh&depth=10", Stable, "gain 5/3, depth 10"),
                Demo::new("init=xavier-normal&gain=1.6666666666666667&activation=tanh&depth=100", Exploding, "gain 5/3, depth 100"),
            ],
        },
    ];
    ITEMS.to_vec()
}
