//! Interview questions with concise answers, each wired to a Lab demonstration.

use super::demo::Demo;
pub use super::question::Question;
use crate::engine::VerdictKind::{Collapsed, Drifting, Exploding, Overflow, Stable, Vanishing};

/// The Phase view's link for the questions that the phase map explains (the `#phase` query).
pub fn phase_for(id: &str) -> Option<&'static str> {
    match id {
        "edge-of-chaos" => Some("init=xavier-normal&activation=tanh"),
        "tanh-depth" => {
            Some("init=xavier-normal&gain=1.6666666666666667&activation=tanh&depth=100")
        }
        "relu-alike" => Some("init=he-normal&activation=relu"),
        _ => None,
    }
}

/// A training race that shows the consequence, for the questions that have one (the `#race?` query).
pub fn race_for(id: &str) -> Option<&'static str> {
    match id {
        "zero" => Some("inits=he-normal,zero&depth=6"),
        "he-relu" => Some("inits=he-normal,xavier-normal&depth=10"),
        "too-large" => Some("inits=he-normal,normal&scale=1"),
        "too-small" => Some("inits=xavier-normal,normal&scale=0.01&activation=tanh"),
        _ => None,
    }
}

/// All questions: the tutorial's three first, then the classics, then architectures and the edge of chaos
/// ([`super::interview_arch`]).
pub fn questions() -> Vec<Question> {
    const CLASSICS: &[Question] = &[
        Question {
            id: "zero",
            short: "Symmetry: every unit computes and learns the same thing, and the backward gradient is zero.",
            question: "Why not initialize all weights to zero?",
            answer: &[
                "Every unit of a layer would compute the same output and receive the same gradient, so the units \
                 update identically and stay copies of each other — the symmetry never breaks and the layer \
                 behaves like a single unit. With zero weights the gradient reaching earlier layers \
                 (∂L/∂a = ∂L/∂h·Wᵀ) is zero too. Any constant has the same symmetry problem; biases, however, \
                 can start at zero.",
            ],
            demos: &[Demo::new("init=zero&activation=tanh&depth=10", Collapsed, "1 distinct unit per layer")],
        },
        Question {
            id: "he-relu",
            short: "ReLU halves E[a²], so Var(w) = 2/n_in keeps the variance constant with depth.",
            question: "Why is He initialization preferred for ReLU?",
            answer: &[
                "For h = Σᵢ aᵢwᵢ with zero-mean independent weights, Var(h) = n_in·Var(w)·E[a²]. ReLU zeroes the \
                 negative half, so E[a²] = Var(h_prev)/2. Keeping Var(h) constant needs n_in·Var(w) = 2, i.e. \
                 Var(w) = 2/n_in (std √(2/n_in)).",
                "Xavier's Var(w) = 1/n at equal widths halves the variance at every ReLU layer: after 50 layers \
                 it is about 2⁻⁴⁹ ≈ 10⁻¹⁵ of the first layer's, and the gradient vanishes the same way.",
            ],
            demos: &[
                Demo::new("init=he-normal&activation=relu", Stable, "He + ReLU: Var(h) ≈ 2 on average at every layer"),
                Demo::new("init=xavier-normal&activation=relu", Vanishing, "Xavier + ReLU: halves every layer"),
            ],
        },
        Question {
            id: "too-large",
            short: "The signal and gradient explode (overflow in f32); tanh saturates and turns chaotic.",
            question: "What happens if the weights are too large?",
            answer: &[
                "The signal grows geometrically with depth (n·Var(w)·E[a²]/Var(h) > 1 per layer), gradients explode and training diverges; in f32 the values overflow (above 3.4·10³⁸) within a few dozen layers. With tanh or sigmoid, large weights saturate most units at their flat ends — but the network does not go quiet: it becomes chaotic. The few unsaturated units are multiplied by very large weights, so χ = σ_w²·E[φ′²] ≫ 1 (≈ 8.7 for N(0, 1) weights at width 256), the gradient explodes towards the input and nearby inputs decorrelate. Learning fails, though not because the gradient is zero.",
            ],
            demos: &[
                Demo::new("init=uniform&scale=1&activation=relu&depth=100", Overflow, "overflow at a named layer"),
                Demo::new("init=normal&scale=1&activation=tanh&depth=10", Exploding, "tanh saturated and chaotic"),
            ],
        },
        Question {
            id: "too-small",
            short: "The signal shrinks at every layer and the gradients vanish with it.",
            question: "And if they are too small?",
            answer: &[
                "The signal shrinks by n·Var(w) per layer (tanh is nearly linear near 0), so activations collapse \
                 towards 0, the gradients vanish with them, and early layers stop learning. N(0, 0.01²) weights \
                 in a width-256 tanh network shrink the variance about 40× per layer.",
            ],
            demos: &[Demo::new("init=normal&scale=0.01&activation=tanh&depth=10", Vanishing, "collapse to 0")],
        },
        Question {
            id: "xavier-average",
            short: "A compromise between keeping forward (n_in) and backward (n_out) variance.",
            question: "Why does Xavier use 2/(n_in + n_out)?",
            answer: &[
                "The forward pass keeps its variance when n_in·Var(w) = 1; the backward pass, where \
                 ∂L/∂a = ∂L/∂h·Wᵀ sums over n_out terms, keeps its variance when n_out·Var(w) = 1. Both hold only \
                 if n_in = n_out, so Glorot and Bengio take the compromise Var(w) = 2/(n_in + n_out) — the \
                 harmonic mean of the two conditions.",
            ],
            demos: &[Demo::new("init=xavier-normal&activation=linear&input-width=1024", Stable, "a wide input layer, then equal widths")],
        },
        Question {
            id: "tanh-gain",
            short: "5/3 ≈ 1/√E[tanh(z)²] restores tanh's shrunken variance — an empirical convention.",
            question: "Why is PyTorch's gain for tanh 5/3?",
            answer: &[
                "tanh shrinks its input: for z ~ N(0, 1), E[tanh(z)²] ≈ 0.394, so a gain of about 1/√0.394 ≈ 1.59 restores a unit second moment. The 5/3 ≈ 1.67 in PyTorch's calculate_gain table is close to that: an empirical convention, not an exact fixed point.",
                "The mean-field view adds a caveat: with gain 5/3 the forward variance settles at q* ≈ 1.18, but χ = σ_w²·E[tanh′²] ≈ 1.21 > 1, so over 50 layers the gradient grows about 10⁴×. Gain 1 is critical (χ = 1 at the fixed point q* = 0): the signal and the gradient both decay, but only polynomially — about 100× and 70× over 50 layers — not exponentially.",
            ],
            demos: &[
                Demo::new("init=xavier-normal&gain=1.6666666666666667&activation=tanh", Exploding, "gain 5/3: χ ≈ 1.21"),
                Demo::new("init=xavier-normal&activation=tanh", Drifting, "gain 1: critical, slow decay"),
            ],
        },
        Question {
            id: "orthogonal",
            short: "All singular values are 1, so norms are kept exactly through repeated products.",
            question: "What does orthogonal initialization preserve, and why do RNNs like it?",
            answer: &[
                "An orthogonal matrix has every singular value equal to 1, so ‖xW‖ = ‖x‖: a linear network keeps \
                 the norms of signals and gradients exactly, at any depth (Saxe et al. 2014). An RNN multiplies by \
                 the same matrix at every time step; eigenvalues of modulus ≠ 1 would make that product explode or \
                 vanish, and an orthogonal matrix has all of them on the unit circle.",
            ],
            demos: &[Demo::new("init=orthogonal&activation=linear&depth=200", Stable, "200 linear layers, variance exactly kept")],
        },
        Question {
            id: "selu-lecun",
            short: "SELU's self-normalizing fixed point assumes zero-mean weights with n_in·Var(w) = 1: LeCun normal.",
            question: "Why does SELU need LeCun normal initialization?",
            answer: &[
                "SELU's λ ≈ 1.0507 and α ≈ 1.6733 were derived (Klambauer et al. 2017) so that mean 0 and variance 1 form a stable fixed point of the layer map — assuming zero-mean weights with n_in·Var(w) = 1, i.e. LeCun normal. With He's n_in·Var(w) = 2 the fixed point is gone and the signal and gradient grow. Even with LeCun, χ ≈ 1.07 at the fixed point, so the gradient still grows mildly (about 30× over 50 layers).",
            ],
            demos: &[
                Demo::new("init=lecun-normal&activation=selu", Drifting, "signal at variance 1; gradient drifts ~30×"),
                Demo::new("init=he-normal&activation=selu", Exploding, "He breaks self-normalization"),
            ],
        },
        Question {
            id: "keras-0.8796",
            short: "It undoes the variance lost by truncating the normal at ±2 standard deviations.",
            question: "What is the ÷ 0.8796 in Keras's initializers?",
            answer: &[
                "Keras's GlorotNormal, HeNormal and LecunNormal draw from a normal truncated at ±2 standard \
                 deviations. Truncation lowers the standard deviation to 0.87962566103423978·σ (the std of a \
                 standard normal restricted to (−2, 2)); dividing σ by that constant makes the final variance \
                 exactly the intended one. PyTorch's normal variants do not truncate.",
            ],
            demos: &[Demo::new("init=he-normal&keras=1&activation=relu", Stable, "same variance, no tails")],
        },
        Question {
            id: "fan-mode",
            short: "fan_in keeps forward variance, fan_out keeps backward variance; equal at equal widths.",
            question: "fan_in or fan_out mode?",
            answer: &[
                "fan_in (PyTorch's default) keeps the variance of the forward activations; fan_out keeps the \
                 variance of the backward gradients, since ∂L/∂a sums over the n_out units that a unit feeds. \
                 With equal widths they coincide; they differ for layers that change width.",
            ],
            demos: &[Demo::new("init=he-normal&mode=fan-out&activation=relu&input-width=1024", Stable, "layer 1: 1024 → 256, Var(h₁) = 8")],
        },
        Question {
            id: "sigmoid-depth",
            short: "σ′ ≤ 1/4 makes gradients vanish, and σ's non-zero mean biases every next layer.",
            question: "Why do deep sigmoid networks train badly even with Xavier?",
            answer: &[
                "Two reasons. σ′ ≤ 1/4, so each layer multiplies the gradient's variance by n·Var(w)·E[σ′²], far \
                 below 1: χ ≈ 0.06 with Xavier, and the gradient vanishes geometrically. And σ's outputs have mean \
                 ≈ 0.5, not 0, which biases the next layer's inputs (Glorot & Bengio saw top layers saturate). \
                 tanh, being zero-centred with slope 1 at 0, fares much better.",
            ],
            demos: &[Demo::new("init=xavier-normal&activation=sigmoid", Vanishing, "the gradient vanishes")],
        },
        Question {
            id: "batchnorm",
            short: "No: it fixes the forward scale, not exploding gradients, symmetry or residual branches.",
            question: "Does batch norm make initialization irrelevant?",
            answer: &[
                "No. Batch norm re-standardizes every layer's pre-activations over the batch, so the forward \
                 variance no longer depends on the weights' scale: a badly scaled initialization stops vanishing or \
                 exploding in the forward pass. That is all it repairs. In a deep batch-normalized net without skip \
                 connections the gradient explodes at initialization whatever the scale (Yang et al. 2019, a mean \
                 field theory of batch norm); normalization cannot break the symmetry of a constant \
                 initialization; and in residual nets the initialization of each branch (zero-init, Fixup) still \
                 decides how trainable the net is.",
            ],
            demos: &[
                Demo::new("init=normal&scale=0.05&activation=relu", Vanishing, "N(0, 0.05²), no BN: vanishes"),
                Demo::new("init=normal&scale=0.05&activation=relu&norm=batch", Exploding, "with BN: forward fixed, gradient explodes"),
                Demo::new("init=zero&activation=relu&norm=batch&depth=10", Collapsed, "BN keeps zero init symmetric"),
            ],
        },
        Question {
            id: "lsuv",
            short: "Orthogonal init, then rescale each layer on real data until its output variance is 1.",
            question: "What is LSUV?",
            answer: &[
                "Layer-sequential unit-variance initialization (Mishkin & Matas 2015): start from an orthogonal \
                 initialization, then, layer by layer, push a batch of real data through and rescale the layer's \
                 weights until its output variance is 1. It does empirically, for any architecture and activation, \
                 what He and Xavier do analytically for the textbook cases.",
                "Unit variance is a forward-pass target only. For ReLU it lands on He's σ_w² = 2 and the gradient \
                 is kept; for tanh, pre-activations of variance 1 need σ_w² > 1, which is the chaotic phase \
                 (χ₁ > 1): the gradient explodes.",
            ],
            demos: &[
                Demo::new("init=lsuv&activation=relu&depth=50", Stable, "ReLU: unit variance, gradient kept"),
                Demo::new("init=lsuv&activation=tanh&depth=50", Exploding, "tanh: unit variance is chaotic"),
            ],
        },
        Question {
            id: "biases",
            short: "No: zero biases are fine, the random weights already break the symmetry.",
            question: "Do biases need random initialization?",
            answer: &[
                "No. Zero biases are a common choice (Keras's default; PyTorch's nn.Linear draws them from U(−1/√fan_in, 1/√fan_in)): the random weights already break the symmetry. Random biases add σ_b² to every layer's variance (q_l = σ_w²·E[φ²] + σ_b²), so with ReLU and He the variance creeps up by σ_b² per layer. A small positive constant (such as 0.01) is sometimes used with ReLU to keep units from starting dead.",
            ],
            demos: &[Demo::new("init=he-normal&activation=relu&bias-std=1", Drifting, "Var(h) creeps up: +1 per layer in theory")],
        },
        Question {
            id: "normal-uniform",
            short: "Mostly only the variance matters; uniform U(−a, a) has variance a²/3.",
            question: "Normal or uniform: does the distribution matter?",
            answer: &[
                "Mostly the variance matters: at large width the sum h = Σ aᵢwᵢ is Gaussian either way (central \
                 limit theorem), so the same variance gives the same statistics. U(−a, a) has variance a²/3, which \
                 is why the uniform bounds carry √6 (Xavier, He) and √3 (LeCun): a = √3·std.",
            ],
            demos: &[Demo::new("init=he-uniform&activation=relu", Stable, "He uniform behaves like He normal")],
        },
        Question {
            id: "notation",
            short: "N(μ, σ²) takes a variance: He normal is N(0, 2/n_in), with std √(2/n_in).",
            question: "“He: N(0, √(2/n_in))” — what is wrong with it?",
            answer: &[
                "N(μ, σ²) takes a variance; √(2/n_in) is He normal's standard deviation (the normal_(mean, std) API habit). He normal has variance 2/n_in; LeCun normal has variance 1/n_in. A related trap: N(0, 1/n) is sometimes called “Xavier”, but it is LeCun's; Caffe's “xavier” filler is LeCun uniform with its default variance_norm (FAN_IN).",
            ],
            demos: &[Demo::new("init=he-normal&activation=relu", Stable, "variance 2/n_in")],
        },
    ];
    let mut v = CLASSICS.to_vec();
    v.extend(super::interview_arch::questions());
    v.extend(super::interview_conv::questions());
    v.extend(super::interview_transformer::questions());
    v
}

#[cfg(test)]
mod tests {
    /// Every question has a one-line answer: short, a single sentence-like line, distinct ids.
    #[test]
    fn every_question_has_a_one_line_answer() {
        let qs = super::questions();
        for q in &qs {
            assert!(!q.short.is_empty(), "{}", q.id);
            assert!(q.short.chars().count() <= 110, "{}: {}", q.id, q.short);
            assert!(!q.short.contains('\n'), "{}", q.id);
        }
        let mut ids: Vec<_> = qs.iter().map(|q| q.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), qs.len());
    }
}
