//! [`Arch`]: which architecture a config runs, by its kebab-case id (the URL's and the CLI's `arch`).
//!
//! Everything else about an architecture is asked of its module through [`Arch::model`] (registered in
//! `registry.rs`); the methods here are shorthands for the questions every caller asks.

use super::knob::Knob;
use std::fmt;
use std::str::FromStr;

/// An architecture. Its facts live in its module ([`Arch::model`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Arch {
    /// A plain stack of dense layers, optionally normalized (`mlp.rs`).
    #[default]
    Mlp,
    /// Pre-norm residual blocks with a scaled branch (`residual.rs`).
    Residual,
    /// A recurrent net unrolled in time (`rnn.rs`).
    Rnn,
    /// A stack of 2-D convolutions (`conv.rs`).
    Conv,
    /// Transformer blocks: multi-head attention and an MLP (`transformer.rs`).
    Transformer,
}

impl Arch {
    /// Every architecture, in the order the UI lists them.
    pub const ALL: [Arch; 5] = [
        Arch::Mlp,
        Arch::Residual,
        Arch::Rnn,
        Arch::Conv,
        Arch::Transformer,
    ];

    /// The kebab-case id.
    pub fn id(self) -> &'static str {
        self.model().id()
    }

    /// A human-readable name.
    pub fn label(self) -> &'static str {
        self.model().label()
    }

    /// What depth counts, plural ("layers", "blocks", "time steps").
    pub fn depth_noun(self) -> &'static str {
        self.model().depth_noun()
    }

    /// What one step of depth is called, singular ("layer", "block", "time step").
    pub fn unit(self) -> &'static str {
        self.model().unit()
    }

    /// Whether the architecture-specific setting `knob` applies to it.
    pub fn takes(self, knob: Knob) -> bool {
        self.model().knobs().contains(&knob)
    }

    /// The ids of the architectures `knob` applies to, in the UI's order.
    pub fn taking(knob: Knob) -> Vec<&'static str> {
        Arch::ALL
            .into_iter()
            .filter(|a| a.takes(knob))
            .map(Arch::id)
            .collect()
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Arch {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Arch::ALL
            .into_iter()
            .find(|a| a.id() == s)
            .ok_or_else(|| format!("unknown architecture '{s}'"))
    }
}
