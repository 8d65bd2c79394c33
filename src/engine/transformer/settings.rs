//! A transformer's settings that are choices: where its LayerNorms sit ([`LnPlace`]) and how its attention
//! logits are scaled ([`AttnScale`]).

use std::fmt;
use std::str::FromStr;

/// Where a transformer block's LayerNorms sit (Xiong et al. 2020 compare the first two).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum LnPlace {
    /// Pre-LN (GPT-2): each branch reads LN(x); the stream itself is never normalized; a final LN on the output.
    #[default]
    Pre,
    /// Post-LN (the original transformer, `nn.TransformerEncoderLayer`'s default): LN after each residual sum.
    Post,
    /// No normalization at all.
    None,
}

/// How the attention logits q·k are scaled: τ = 1/√d_k, 1 or 1/d_k.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum AttnScale {
    /// τ = 1/√d_k (Vaswani et al. 2017).
    #[default]
    Sqrt,
    /// τ = 1: no scaling.
    None,
    /// τ = 1/d_k (µP, Yang et al. 2021).
    Inverse,
}

impl LnPlace {
    /// Every placement, in the order the UI lists them.
    pub const ALL: [LnPlace; 3] = [LnPlace::Pre, LnPlace::Post, LnPlace::None];

    /// The id (URL, CLI, UI).
    pub fn id(self) -> &'static str {
        match self {
            LnPlace::Pre => "pre",
            LnPlace::Post => "post",
            LnPlace::None => "none",
        }
    }
}

impl AttnScale {
    /// Every scaling, in the order the UI lists them.
    pub const ALL: [AttnScale; 3] = [AttnScale::Sqrt, AttnScale::None, AttnScale::Inverse];

    /// The id (URL, CLI, UI).
    pub fn id(self) -> &'static str {
        match self {
            AttnScale::Sqrt => "sqrt",
            AttnScale::None => "none",
            AttnScale::Inverse => "inverse",
        }
    }

    /// τ for heads of dimension `d_k`.
    pub fn tau(self, d_k: usize) -> f64 {
        let d_k = d_k as f64;
        match self {
            AttnScale::Sqrt => 1.0 / d_k.sqrt(),
            AttnScale::None => 1.0,
            AttnScale::Inverse => 1.0 / d_k,
        }
    }
}

/// `Display` and `FromStr` by id, for a choice with `ALL` and `id`.
macro_rules! by_id {
    ($t:ty, $noun:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }

        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$t>::ALL
                    .into_iter()
                    .find(|x| x.id() == s)
                    .ok_or_else(|| format!(concat!("unknown ", $noun, " '{}'"), s))
            }
        }
    };
}

by_id!(LnPlace, "LayerNorm placement");
by_id!(AttnScale, "attention scale");
