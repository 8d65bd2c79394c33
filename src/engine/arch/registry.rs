//! The one place an architecture is registered: which module answers for each [`Arch`].

use super::conv::Conv;
use super::id::Arch;
use super::mlp::Mlp;
use super::model::Architecture;
use super::residual::Residual;
use super::rnn::Rnn;

impl Arch {
    /// The module that answers for this architecture.
    pub fn model(self) -> &'static dyn Architecture {
        match self {
            Arch::Mlp => &Mlp,
            Arch::Residual => &Residual,
            Arch::Rnn => &Rnn,
            Arch::Conv => &Conv,
        }
    }
}
