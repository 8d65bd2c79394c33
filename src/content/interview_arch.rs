//! Interview questions on architectures (framework defaults, residual scaling, Fixup, RNNs, correlations) and
//! on the edge of chaos, each wired to Lab demonstrations (checked by tests/content.rs).

use super::demo::Demo;
use super::question::Question;
use crate::engine::VerdictKind::{Drifting, Exploding, Stable, Vanishing};

/// The questions, in the order the page lists them after the classics.
pub fn questions() -> Vec<Question> {
    const ITEMS: &[Question] = &[
        Question {
            id: "pytorch-default",
            short: "kaiming_uniform_(a=√5): U(±1/√fan_in), σ_w² = 1/3 — too small for deep ReLU nets.",
            question: "What does PyTorch do if you don't initialize?",
            answer: &[
                "nn.Linear's reset_parameters calls kaiming_uniform_(weight, a=√5): with the leaky-ReLU gain \
                 √(2/(1 + 5)) = √(1/3) this is U(±1/√fan_in), variance 1/(3·fan_in), so σ_w² = 1/3 — a third of \
                 LeCun's. The biases are drawn from U(±1/√fan_in) as well.",
                "That is harmless in a shallow net or one with normalization or residual connections, but in a \
                 deep plain ReLU stack each layer multiplies the variance by σ_w²/2 = 1/6 (until the biases \
                 dominate) and the gradient vanishes. Keras's Dense defaults to glorot_uniform with zero biases: \
                 better (σ_w² = 1 at equal widths) but still half of what ReLU needs.",
            ],
            demos: &[
                Demo::new("init=pytorch-default&activation=relu&depth=30", Vanishing, "PyTorch's default, 30 ReLU layers"),
                Demo::new("init=xavier-uniform&activation=relu&depth=30", Vanishing, "Keras's default, 30 ReLU layers"),
                Demo::new("init=he-normal&activation=relu&depth=30", Stable, "He, explicitly"),
            ],
        },
        Question {
            id: "gpt2-residual",
            short: "N residual branches of variance ~1/N add O(1): the stream stays at its scale at any depth.",
            question: "Why does GPT-2 scale residual projections by 1/√(2L)?",
            answer: &[
                "A residual stream sums the outputs of all the blocks before it: x_L = x_0 + Σ α·F_l(x_l), and \
                 with α = 1 its variance grows with depth, and so does the gradient's. How fast depends on what \
                 the branch sees. On the raw stream, a branch initialized to keep its own variance adds about as \
                 much as the stream already has (He + ReLU in the Lab adds twice as much: ×3 per block), so the \
                 growth is geometric. Behind a LayerNorm (GPT-2 is pre-LN) the branch sees unit variance whatever \
                 the stream's, adds a fixed O(1) (about 2 per block in the Lab), and the growth is linear: 33× \
                 over 50 blocks.",
                "GPT-2 (Radford et al. 2019) multiplies the initial weights of the layers that write into the \
                 stream by 1/√N, N the number of residual layers: two per transformer block (attention and MLP), \
                 so 1/√(2L). N branches of variance ~1/N add O(1) in total, and the stream stays at its initial \
                 scale at any depth.",
            ],
            demos: &[
                Demo::new("arch=residual&init=he-normal&activation=relu&depth=50", Exploding, "α = 1: the stream explodes"),
                Demo::new("arch=residual&norm=layer&init=he-normal&activation=relu&depth=50", Drifting, "pre-LayerNorm, α = 1: linear, 33×"),
                Demo::new("arch=residual&init=he-normal&activation=relu&depth=50&branch-scale=0.1", Stable, "α = 1/√(2·50) = 0.1"),
                Demo::new("arch=residual&norm=layer&init=he-normal&activation=relu&depth=50&branch-scale=0.1", Stable, "pre-LayerNorm, α = 0.1"),
            ],
        },
        Question {
            id: "fixup",
            short: "Zero the last layer of every residual branch so each block starts as the identity.",
            question: "What are zero-init residual and Fixup?",
            answer: &[
                "Initialize the last layer of every residual branch to zero — the last batch norm's γ in Goyal et al. \
                 2017, the last weight layer in Fixup (Zhang et al. 2019, which also rescales the other branch \
                 layers by L^(−1/(2m−2)) and needs no normalization). Every block is then exactly the identity at \
                 initialization, so signal and gradient pass through any depth unchanged; the zero layer is not a \
                 symmetry problem, because the random layers before it already differ and its gradient is not zero.",
            ],
            demos: &[Demo::new("arch=residual&init=he-normal&activation=relu&depth=50&zero-init-last=1", Stable, "every block starts as the identity")],
        },
        Question {
            id: "rnn-orthogonal",
            short: "The same W is applied every step; orthogonal keeps all eigenvalues on the unit circle.",
            question: "Why orthogonal (or identity) initialization for RNNs?",
            answer: &[
                "An RNN applies the same W at every time step, so backpropagation through T steps multiplies by Wᵀ \
                 T times: eigenvalues above 1 in modulus explode, below 1 vanish. An orthogonal matrix has every \
                 eigenvalue on the unit circle and every singular value 1, so a linear RNN keeps the norm of its \
                 gradient exactly (Saxe et al. 2014). A Gaussian W of the same variance keeps it only on average: \
                 at large width E‖Wᵀx‖² = ‖x‖² (χ = 1; the theory line stays at 1.00×). At finite width its \
                 spectral radius strays from 1 by a random amount and, applied 100 times, decides the verdict: at \
                 width 256 seed 42 (the Lab's default) explodes while seeds 2 and 5 drift about 12×; at width 1024 \
                 these three are stable (seed 1 still drifts 13×).",
                "For ReLU RNNs, Le et al. 2015 (IRNN) start from the identity: the state is copied forward \
                 unchanged until learning says otherwise. With tanh the gradient's factor per step is \
                 χ = g²·E[φ′²], not φ′ alone, so the gain decides: an orthogonal W at gain 1 gives χ ≈ 0.40 and \
                 the gradient's variance falls to 3.6·10⁻²⁰ over 50 steps; at gain 2 χ ≈ 1.10 and it grows ×2·10². \
                 Gated units (LSTM, GRU) reduce this problem; they do not remove it.",
            ],
            demos: &[
                Demo::new("arch=rnn&init=orthogonal&activation=linear&depth=100", Stable, "orthogonal: kept over 100 steps"),
                Demo::new("arch=rnn&init=xavier-normal&activation=linear&depth=100", Exploding, "Gaussian W, seed 42: explodes at width 256"),
                Demo::new("arch=rnn&init=xavier-normal&activation=linear&depth=100&seed=2", Drifting, "Gaussian W, seed 2: a 12× drift"),
                Demo::new("arch=rnn&init=identity&activation=relu&depth=100", Drifting, "IRNN"),
                Demo::new("arch=rnn&init=orthogonal&activation=tanh&depth=50", Vanishing, "tanh, gain 1: χ ≈ 0.40, vanishes in time"),
                Demo::new("arch=rnn&init=orthogonal&activation=tanh&gain=2&depth=50", Exploding, "tanh, gain 2: χ ≈ 1.10, explodes"),
            ],
        },
        Question {
            id: "relu-alike",
            short: "ReLU pushes every pair's correlation towards 1, layer after layer.",
            question: "Why does a deep ReLU net make all inputs look alike?",
            answer: &[
                "ReLU keeps only the positive half, so two independent inputs come out of the first layer with \
                 correlation 1/π ≈ 0.32, and each further layer maps the correlation c to \
                 (√(1−c²) + (π − arccos c)·c)/π (the arc-cosine kernel; Cho & Saul 2009), which pushes every c \
                 towards 1. With He's σ_w² = 2 the map's slope at c = 1 is exactly 1 — ReLU at σ_w² = 2, σ_b² = 0 \
                 is critical (Pennington et al. 2017; Hayou et al. 2019) — so the correlation creeps towards 1 \
                 polynomially rather than exponentially, but it does: after 50 layers every input gives nearly \
                 the same direction, and the net's output can barely tell them apart.",
                "With batch norm the corr column reads ≈ 0 (−0.0078 at layer 1, close to −1/(B − 1) = −0.0079 \
                 for B = 128), but that is forced by the centring and does not show that the examples are told \
                 apart: each unit's values sum to zero over the batch, so the examples' mean inner product is \
                 exactly −1/(B − 1) times their mean squared norm, whatever the inputs. What that demo does show \
                 is the price: the gradient explodes (Yang et al. 2019). Residual connections with a small branch \
                 scale keep most of the input's own geometry.",
            ],
            demos: &[
                Demo::new("init=he-normal&activation=relu&depth=50", Stable, "corr from 0 to ≈ 0.99 over 50 layers"),
                Demo::new("arch=residual&init=he-normal&activation=relu&depth=50&branch-scale=0.1", Stable, "residual α = 0.1: corr ≈ 0.3"),
                Demo::new("init=he-normal&activation=relu&norm=batch", Exploding, "batch norm: corr ≈ 0, forced by centring; gradient explodes"),
            ],
        },
        Question {
            id: "keras-default",
            short: "Keras: Glorot uniform, zero bias; PyTorch: U(±1/√fan_in) from Lua Torch — neither is He.",
            question: "Which defaults do Keras and PyTorch use, and why do they differ?",
            answer: &[
                "Keras's Dense: kernel glorot_uniform (Xavier uniform, U(±√(6/(fan_in + fan_out)))), bias zeros. \
                 PyTorch's nn.Linear: kaiming_uniform_ with a = √5, i.e. U(±1/√fan_in) for weights and biases — \
                 a choice inherited from Lua Torch's reset() for backward compatibility, not derived for any \
                 activation. Neither is He; for deep ReLU nets set kaiming_normal_ / he_normal yourself.",
            ],
            demos: &[
                Demo::new("init=xavier-uniform&activation=tanh", Drifting, "glorot_uniform suits tanh"),
                Demo::new("init=pytorch-default&activation=relu&depth=30", Vanishing, "PyTorch's default with ReLU"),
            ],
        },
        Question {
            id: "edge-of-chaos",
            short: "The line χ₁ = 1 between the ordered (vanishing) and chaotic (exploding) phases.",
            question: "What is the edge of chaos?",
            answer: &[
                "In the infinite-width (mean-field) picture of a deep net (Poole et al. 2016; Schoenholz et al. \
                 2017), the pre-activation variance settles at a fixed point q*, and χ₁ = σ_w²·E[φ′(√q* z)²] is how \
                 much a small perturbation — and the gradient — grows per layer. χ₁ < 1 is the ordered phase: \
                 inputs converge to one representation and gradients vanish. χ₁ > 1 is chaotic: nearby inputs \
                 decorrelate and gradients explode. The line χ₁ = 1 between them is the edge of chaos.",
                "Correlations between inputs approach their fixed point over ξ_c = −1/ln χ_c layers, and ξ_c \
                 diverges at the edge: only there can information cross arbitrarily many layers, and a net trains \
                 only if its depth is within a few ξ_c. He + ReLU and Xavier + tanh (zero biases) are critical \
                 points; with orthogonal weights, tanh near σ_w² = 1, σ_b² = 0 can approach dynamical \
                 isometry — all Jacobian singular values near 1 (Pennington et al. 2017). The Phase map shows the whole plane.",
            ],
            demos: &[
                Demo::new("init=normal&scale=0.01&activation=tanh&depth=50", Vanishing, "ordered: χ₁ < 1"),
                Demo::new("init=xavier-normal&activation=tanh&depth=200", Vanishing, "critical: ÷395 over 200 layers in theory, polynomial"),
                Demo::new("init=normal&scale=1&activation=tanh&depth=10", Exploding, "chaotic: χ₁ ≈ 8.7"),
            ],
        },
        Question {
            id: "tanh-depth",
            short: "χ₁ ≈ 1.21 per layer at q*: mildly chaotic — the gradient ×3 over 10 layers, ×10⁸ over 100.",
            question: "Why can a tanh net with gain 5/3 still train at depth 10 but not 100?",
            answer: &[
                "Gain 5/3 gives σ_w² = 25/9 ≈ 2.78: the variance settles at q* ≈ 1.18 and χ₁ ≈ 1.21 > 1 — the net \
                 is chaotic, but only mildly. Once the variance has settled the gradient grows by χ₁ per layer, \
                 but layer 1 starts above q* (q₁ = 2.78), where tanh saturates more and the factor is smaller: \
                 over 10 layers the gradient grows ×3.1 in theory (×3.4 measured) rather than 1.21¹⁰ ≈ 6.7, over \
                 100 layers ×8.7·10⁷ (×1.1·10⁸ measured), about half of 1.21¹⁰⁰ ≈ 2·10⁸. Correlations between \
                 inputs decay over ξ_c ≈ 12 layers, and Schoenholz et al. 2017 found nets trainable only up to \
                 about 6ξ_c ≈ 70 layers: depth 10 is well inside, depth 100 beyond. Gain 1 sits on the edge of \
                 chaos and trains deeper.",
            ],
            demos: &[
                Demo::new("init=xavier-normal&gain=1.6666666666666667&activation=tanh&depth=10", Stable, "depth 10: gradient ×3.4 (theory ×3.1)"),
                Demo::new("init=xavier-normal&gain=1.6666666666666667&activation=tanh&depth=100", Exploding, "depth 100: gradient ×1.1·10⁸"),
                Demo::new("init=xavier-normal&activation=tanh&depth=100", Vanishing, "gain 1: ÷195 over 100 layers in theory, not ×10⁸"),
            ],
        },
    ];
    ITEMS.to_vec()
}
