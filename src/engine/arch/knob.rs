//! [`Knob`]: the settings only some architectures take.

/// A setting that only some architectures take; each architecture lists its own ([`Architecture::knobs`]),
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
}

impl Knob {
    /// What an architecture that takes it has ("a normalization"), for "only mlp and residual take …".
    pub fn noun(self) -> &'static str {
        match self {
            Knob::Norm => "a normalization",
            Knob::BranchScale => "a branch scale",
            Knob::ZeroInitLast => "a branch to zero-initialize",
            Knob::InputInit => "an input kernel",
        }
    }
}
