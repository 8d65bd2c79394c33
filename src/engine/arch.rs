//! The architectures the Lab simulates: a plain stack of dense layers (optionally normalized), pre-norm
//! residual blocks with a scaled branch, and a recurrent net unrolled in time.

use std::fmt;
use std::str::FromStr;

/// An architecture, with the kebab-case id used by the URL, the CLI and the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Arch {
    /// z_l = a_{l−1}W_l + b_l, n_l = Norm(z_l), a_l = φ(n_l).
    #[default]
    Mlp,
    /// x_l = x_{l−1} + α·(φ(Norm(x_{l−1})W_{l,1} + b)W_{l,2} + b) (pre-norm).
    Residual,
    /// z_t = h_{t−1}W + x_tU + b, h_t = φ(z_t), one W shared by all time steps.
    Rnn,
}

impl Arch {
    /// Every architecture, in the order the UI lists them.
    pub const ALL: [Arch; 3] = [Arch::Mlp, Arch::Residual, Arch::Rnn];

    /// The kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            Arch::Mlp => "mlp",
            Arch::Residual => "residual",
            Arch::Rnn => "rnn",
        }
    }

    /// A human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Arch::Mlp => "Plain stack (MLP)",
            Arch::Residual => "Residual blocks (pre-norm)",
            Arch::Rnn => "Recurrent net (unrolled in time)",
        }
    }

    /// What "depth" counts.
    pub fn depth_noun(self) -> &'static str {
        match self {
            Arch::Mlp => "layers",
            Arch::Residual => "blocks",
            Arch::Rnn => "time steps",
        }
    }

    /// What one step of depth is called, singular ("layer", "block", "time step").
    pub fn unit(self) -> &'static str {
        match self {
            Arch::Mlp => "layer",
            Arch::Residual => "block",
            Arch::Rnn => "time step",
        }
    }

    /// Whether a normalization layer can be chosen.
    pub fn takes_norm(self) -> bool {
        match self {
            Arch::Mlp | Arch::Residual => true,
            Arch::Rnn => false,
        }
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
