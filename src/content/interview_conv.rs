//! Interview questions on convolutions (fans with a kernel, nn.Conv2d's default, He for ReLU CNNs,
//! delta-orthogonal), each wired to Lab demonstrations (checked by tests/content.rs).

use super::demo::Demo;
use super::question::Question;
use crate::engine::VerdictKind::{Drifting, Exploding, Stable, Vanishing};

/// The questions, in the order the page lists them after the architecture questions.
pub fn questions() -> Vec<Question> {
    const ITEMS: &[Question] = &[
        Question {
            id: "conv-fans",
            short: "fan_in = C_in·k², fan_out = C_out·k²: a 3×3 conv from 32 channels has fan_in 288.",
            question: "What are fan_in and fan_out of a convolutional layer?",
            answer: &[
                "Each output value of a convolution is a weighted sum over a k × k window of all C_in input \
                 channels, so fan_in = C_in·k²; each input value is read by C_out·k² weights, so \
                 fan_out = C_out·k². PyTorch (_calculate_fan_in_and_fan_out: channels times the receptive \
                 field size) and Keras (_compute_fans) agree, and every variance-scaling initializer uses these \
                 fans: He normal for nn.Conv2d(32, 32, 3) has std √(2/288).",
                "Forgetting the kernel (using fan_in = C_in) makes σ_w² k² = 9 times too large for a 3 × 3 \
                 kernel, and a deep ReLU CNN explodes by about 9× per layer.",
            ],
            demos: &[
                Demo::new("arch=conv&init=he-normal&activation=relu", Stable, "He with fan_in = 288"),
                Demo::new("arch=conv&init=normal&scale=0.25&activation=relu", Exploding, "σ = √(2/32): the kernel forgotten"),
            ],
        },
        Question {
            id: "conv-sqrt5",
            short: "kaiming_uniform_(a=√5) has gain √(1/3), so its bound √3·gain/√fan_in is exactly 1/√fan_in.",
            question: "Why does nn.Conv2d use kaiming_uniform_ with a = √5?",
            answer: &[
                "kaiming_uniform_ draws U(±bound) with bound = √3·gain/√fan_in and the leaky-ReLU gain \
                 √(2/(1 + a²)). With a = √5 the gain is √(2/6) = √(1/3), so the bound is \
                 √3·√(1/3)/√fan_in = 1/√fan_in: the a = √5 reproduces the old Torch default U(±1/√fan_in) in the \
                 newer function; it is not a tuned leaky-ReLU slope. The biases get U(±1/√fan_in) as well.",
                "The weights' variance is then 1/(3·fan_in): σ_w² = 1/3, a sixth of what ReLU needs, so a deep \
                 ReLU CNN left at the default loses variance at every layer unless it has normalization.",
            ],
            demos: &[
                Demo::new("arch=conv&init=pytorch-default&activation=relu", Vanishing, "nn.Conv2d's default, 20 ReLU layers"),
                Demo::new("arch=conv&init=he-normal&activation=relu", Stable, "kaiming_normal_ instead"),
            ],
        },
        Question {
            id: "conv-he",
            short: "ReLU zeroes half the signal, so Var(w) = 2/fan_in keeps it; He et al. derived it for deep CNNs.",
            question: "Why use He initialization for a ReLU CNN?",
            answer: &[
                "A ReLU keeps E[φ(h)²] = Var(h)/2, so keeping the variance from layer to layer needs \
                 fan_in·Var(w) = 2. He et al. (2015) derived this for their deep ReLU convolutional nets, with \
                 fan_in = C_in·k²; Xavier's 2/(fan_in + fan_out) gives σ_w² = 1 at equal widths and halves the \
                 variance at every layer, and their 30-layer net with it did not converge.",
                "The argument is about expectations: with only 32 channels a single run wanders around the flat \
                 theory line, and over 100 layers it can sink by 100× (Hanin & Rolnick 2018). Wider layers or \
                 normalization tame that.",
            ],
            demos: &[
                Demo::new("arch=conv&init=xavier-normal&activation=relu&depth=30", Vanishing, "Xavier, 30 ReLU conv layers"),
                Demo::new("arch=conv&init=he-normal&activation=relu&depth=30", Stable, "He, 30 ReLU conv layers"),
                Demo::new("arch=conv&init=he-normal&activation=relu&depth=100", Vanishing, "He, 100 layers of 32 channels"),
            ],
        },
        Question {
            id: "delta-orthogonal",
            short: "An orthogonal centre tap and zero elsewhere: each layer is an orthogonal 1×1 conv, an isometry.",
            question: "What does delta-orthogonal buy over orthogonal for a deep CNN?",
            answer: &[
                "Orthogonal initialization of the flattened (C_out, C_in·k²) kernel matrix keeps the variance on \
                 average, but the convolution mixes neighbouring pixels through k² different matrices, so the \
                 input–output Jacobian's singular values still spread with depth. Delta-orthogonal (Xiao et al. \
                 2018) sets the centre tap to an orthogonal C_out × C_in matrix and every other tap to 0: at \
                 initialization each layer is an orthogonal 1 × 1 convolution, a norm-preserving map of the whole \
                 image.",
                "A deep linear stack then has every singular value of its Jacobian exactly 1 (dynamical \
                 isometry), and with tanh at the critical point the network stays close to it; Xiao et al. \
                 trained 10,000-layer vanilla CNNs this way. It needs C_in ≤ C_out at every layer.",
            ],
            demos: &[
                Demo::new("arch=conv&init=delta-orthogonal&activation=linear&depth=50&image=4&width=16&input-width=16", Stable, "linear: tick “Compute it”, every singular value 1"),
                Demo::new("arch=conv&init=delta-orthogonal&activation=tanh&depth=100", Drifting, "delta-orthogonal, tanh, 100 layers"),
                Demo::new("arch=conv&init=orthogonal&activation=tanh&depth=100", Vanishing, "flattened orthogonal, tanh, 100 layers"),
            ],
        },
    ];
    ITEMS.to_vec()
}
