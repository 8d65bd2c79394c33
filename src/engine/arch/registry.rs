//! The one place an architecture is registered: which module answers for each [`Arch`] (one arm in each of
//! the two tables: what it is, and how it runs).

use super::conv::Conv;
use super::id::Arch;
use super::mlp::Mlp;
use super::model::{Architecture, Dynamics};
use super::residual::Residual;
use super::rnn::Rnn;
use super::transformer::Transformer;

impl Arch {
    /// The module that answers for this architecture: what it is, takes and reports.
    pub fn model(self) -> &'static dyn Architecture {
        match self {
            Arch::Mlp => &Mlp,
            Arch::Residual => &Residual,
            Arch::Rnn => &Rnn,
            Arch::Conv => &Conv,
            Arch::Transformer => &Transformer,
        }
    }

    /// How the same module runs: its steps and its theory (only the engine's driver asks).
    pub fn dynamics(self) -> &'static dyn Dynamics {
        match self {
            Arch::Mlp => &Mlp,
            Arch::Residual => &Residual,
            Arch::Rnn => &Rnn,
            Arch::Conv => &Conv,
            Arch::Transformer => &Transformer,
        }
    }
}
