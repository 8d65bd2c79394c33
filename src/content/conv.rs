//! The Learn view's "Convolutions" section: fan-in with a kernel, PyTorch's default for `nn.Conv2d`, He's
//! initialization as a result about CNNs, and delta-orthogonal's dynamical isometry — each claim with the
//! Lab configurations that demonstrate it (checked by tests/content.rs). Sources: PyTorch
//! `torch.nn.init._calculate_fan_in_and_fan_out` and `nn.Conv2d.reset_parameters`; Keras `_compute_fans`;
//! He et al. 2015; Xiao et al. 2018.

use super::architecture::Claim;
use super::demo::Demo;
use crate::engine::VerdictKind::{Drifting, Exploding, Stable, Vanishing};

/// The claims, in the order the page shows them.
pub fn convolutions() -> Vec<Claim> {
    const ITEMS: &[Claim] = &[
        Claim {
            title: "Fan-in with a kernel",
            text: "A unit of a convolution reads a k × k window of every input channel, so its fan_in is \
                   C_in·k², not C_in: a 3 × 3 convolution from 32 channels sums 288 inputs. PyTorch and Keras \
                   both count fan_in = C_in·k² and fan_out = C_out·k², and every variance-scaling initializer \
                   uses them. Scaling by the channels alone makes the weights 3× too large (σ_w² 9× too large) \
                   and the signal explodes.",
            demos: &[
                Demo::new("arch=conv&init=he-normal&activation=relu", Stable, "He with fan_in = 32·9 = 288"),
                Demo::new("arch=conv&init=normal&scale=0.25&activation=relu", Exploding, "σ = √(2/32): fan_in taken as 32"),
                Demo::new("arch=conv&init=he-normal&activation=relu&kernel=7", Stable, "7 × 7 kernels: fan_in = 32·49"),
            ],
        },
        Claim {
            title: "PyTorch's default for nn.Conv2d",
            text: "With no init given, nn.Conv2d (like nn.Linear) calls kaiming_uniform_ with a = √5: the gain \
                   √(2/(1 + a²)) = √(1/3) makes the bound √3·gain/√fan_in = 1/√fan_in, so the weights are \
                   U(±1/√fan_in) with variance 1/(3·fan_in), and the biases are U(±1/√fan_in) too. σ_w² = 1/3: a \
                   deep ReLU CNN loses a factor 6 of variance per layer until the biases dominate.",
            demos: &[
                Demo::new("arch=conv&init=pytorch-default&activation=relu", Vanishing, "nn.Conv2d's default, 20 ReLU layers"),
                Demo::new("arch=conv&init=he-normal&activation=relu", Stable, "kaiming_normal_: what to ask for"),
            ],
        },
        Claim {
            title: "He initialization was derived for CNNs",
            text: "He et al. (2015) derived Var(w) = 2/fan_in for the deep ReLU convolutional nets of their \
                   ImageNet entry (up to 30 layers), where Xavier's Var(w) = 2/(fan_in + fan_out) halves the \
                   variance at every layer: a 30-layer VGG-style net with Xavier did not train. The same variance \
                   argument holds for a convolution as for a dense layer, with fan_in = C_in·k². With only 32 \
                   channels one run also drifts around the theory's flat line, and over 100 layers it can sink \
                   (Hanin & Rolnick 2018): wider layers wander less.",
            demos: &[
                Demo::new("arch=conv&init=xavier-normal&activation=relu&depth=30", Vanishing, "Xavier, 30 ReLU conv layers"),
                Demo::new("arch=conv&init=he-normal&activation=relu&depth=30", Stable, "He, 30 ReLU conv layers"),
                Demo::new("arch=conv&init=he-normal&activation=relu&depth=100", Vanishing, "He, 100 layers of 32 channels: one run sinks"),
            ],
        },
        Claim {
            title: "Delta-orthogonal: dynamical isometry for CNNs",
            text: "Orthogonal initialization of the flattened (C_out, C_in·k²) kernel keeps each layer's variance on \
                   average, but a convolution mixes neighbouring pixels, and the input–output Jacobian's singular \
                   values still spread. Delta-orthogonal (Xiao et al. 2018) puts an orthogonal C_out × C_in matrix \
                   at the kernel's centre and zeros at every other tap: at initialization each layer is an \
                   orthogonal 1 × 1 convolution, a linear stack's Jacobian has every singular value exactly 1 \
                   (tick “Compute it” under the Jacobian spectrum on 4 × 4 images), and with tanh the signal \
                   follows the mean-field theory much more closely. With it they trained 10,000-layer CNNs.",
            demos: &[
                Demo::new("arch=conv&init=delta-orthogonal&activation=linear&depth=50&image=4&width=16&input-width=16", Stable, "delta-orthogonal, linear: every singular value 1"),
                Demo::new("arch=conv&init=orthogonal&activation=linear&depth=50&image=4&width=16&input-width=16", Stable, "flattened orthogonal: the spectrum spreads"),
                Demo::new("arch=conv&init=delta-orthogonal&activation=tanh&depth=100", Drifting, "tanh, 100 layers: close to the theory"),
                Demo::new("arch=conv&init=orthogonal&activation=tanh&depth=100", Vanishing, "flattened orthogonal: far below it"),
            ],
        },
    ];
    ITEMS.to_vec()
}
