//! [`Knob`]: the settings only some architectures take, and [`Sizes`]: the sizes (and activation) each one
//! starts from.

use crate::engine::activation::Activation;
use crate::engine::init::Initializer;

/// A setting that only some architectures take; each architecture lists its own
/// ([`super::Architecture::knobs`]),
/// and the schema (`crate::state`) ties each to its parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Knob {
    /// A normalization layer before each activation.
    Norm,
    /// α, the scale of a residual branch.
    BranchScale,
    /// The last matrix of each residual block at 0.
    ZeroInitLast,
    /// The initializer of a recurrent net's input kernel.
    InputInit,
    /// A convolution's kernel size k.
    Kernel,
    /// The side S of a convolutional net's S × S images.
    Image,
    /// A transformer's sequence length, heads, LN placement, attention scale, causal mask, skip weight, value
    /// gain, zero query and presets (one knob: they come and go together).
    Transformer,
}

impl Knob {
    /// What an architecture that takes it has ("a normalization"), for "only mlp and residual take …".
    pub fn noun(self) -> &'static str {
        match self {
            Knob::Norm => "a normalization",
            Knob::BranchScale => "a branch scale",
            Knob::ZeroInitLast => "a branch to zero-initialize",
            Knob::InputInit => "an input kernel",
            Knob::Kernel => "a kernel size",
            Knob::Image => "an image size",
            Knob::Transformer => "attention",
        }
    }
}

/// The depth, width, batch, activation and initializer a run of an architecture has unless told otherwise
/// ([`super::Architecture::sizes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    /// The activation (a transformer's FFN: GELU).
    pub activation: Activation,
    /// The initializer (a transformer's: Xavier normal, whose logits have variance 1).
    pub init: Initializer,
    /// Layers, blocks or time steps.
    pub depth: usize,
    /// Units or channels.
    pub width: usize,
    /// Examples.
    pub batch: usize,
    /// The input's width (units or channels); `None`: the same as `width`.
    pub input: Option<usize>,
}

impl Sizes {
    /// A dense stack's: 50 layers of 256 units, 128 examples.
    pub const DENSE: Sizes = Sizes {
        activation: Activation::Relu,
        init: Initializer::HeNormal,
        depth: 50,
        width: 256,
        batch: 128,
        input: None,
    };
}
