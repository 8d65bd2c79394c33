//! [`Preset`]: the published initialization schemes of transformers, each a set of the Lab's settings.

use crate::engine::activation::Activation;
use crate::engine::config::Config;
use crate::engine::init::Initializer;
use std::fmt;
use std::str::FromStr;

use super::settings::{AttnScale, LnPlace};

/// A transformer initialization scheme. Each sets every initialization setting of a transformer (those it does
/// not name go back to their defaults) from the depth L and width d in force; tokens, heads, the causal mask,
/// the batch and the seed are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// `nn.TransformerEncoderLayer`'s defaults: PyTorch's initialization, post-LN, ReLU.
    Pytorch,
    /// GPT-2 (Radford et al. 2019): N(0, 0.02²), pre-LN, residual projections scaled by 1/√(2L).
    Gpt2,
    /// DeepNet (Wang et al. 2022), encoder: Xavier normal, post-LN, skip weight (2L)^(1/4), β = (8L)^(−1/4).
    DeepNorm,
    /// µP (Yang et al. 2021): LeCun normal, pre-LN, τ = 1/d_k, W_Q = 0.
    Mup,
    /// GPT-NeoX's `small_init` with `wang_init` on the output projections: N(0, 2/(5d)), pre-LN,
    /// branch scale √10/L (2/(L√d) ÷ √(2/(5d))).
    SmallInit,
}

impl Preset {
    /// Every preset, in the order the UI lists them.
    pub const ALL: [Preset; 5] = [
        Preset::Pytorch,
        Preset::Gpt2,
        Preset::DeepNorm,
        Preset::Mup,
        Preset::SmallInit,
    ];

    /// The id (URL, CLI).
    pub fn id(self) -> &'static str {
        match self {
            Preset::Pytorch => "pytorch",
            Preset::Gpt2 => "gpt2",
            Preset::DeepNorm => "deepnorm",
            Preset::Mup => "mup",
            Preset::SmallInit => "small-init",
        }
    }

    /// A button's label.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Pytorch => "PyTorch",
            Preset::Gpt2 => "GPT-2",
            Preset::DeepNorm => "DeepNet",
            Preset::Mup => "µP",
            Preset::SmallInit => "small-init",
        }
    }

    /// The settings it stands for, in words (L the depth, d the width).
    pub fn summary(self) -> &'static str {
        match self {
            Preset::Pytorch => {
                "init pytorch-default, ln post, activation relu (nn.TransformerEncoderLayer)"
            }
            Preset::Gpt2 => "init normal, scale 0.02, ln pre, branch-scale 1/√(2L)",
            Preset::DeepNorm => {
                "init xavier-normal, ln post, skip-scale (2L)^¼, value-gain (8L)^−¼"
            }
            Preset::Mup => "init lecun-normal, ln pre, attn-scale inverse (1/d_k), zero-query",
            Preset::SmallInit => "init normal, scale √(2/(5d)), ln pre, branch-scale √10/L",
        }
    }

    /// `cfg` with this scheme's settings, for its depth and width.
    pub fn apply(self, cfg: &mut Config) {
        let d = Config::default();
        let (l, w) = (cfg.depth as f64, cfg.width as f64);
        cfg.init = d.init;
        cfg.scale = d.scale;
        cfg.gain = None;
        cfg.mode = d.mode;
        cfg.keras = false;
        cfg.bias_std = 0.0;
        cfg.ln = LnPlace::Pre;
        cfg.attn_scale = AttnScale::Sqrt;
        cfg.skip_scale = 1.0;
        cfg.branch_scale = 1.0;
        cfg.value_gain = 1.0;
        cfg.zero_query = false;
        cfg.zero_init_last = false;
        match self {
            Preset::Pytorch => {
                cfg.init = Initializer::PytorchDefault;
                cfg.ln = LnPlace::Post;
                cfg.activation = Activation::Relu;
            }
            Preset::Gpt2 => {
                cfg.init = Initializer::Normal;
                cfg.scale = 0.02;
                cfg.branch_scale = 1.0 / (2.0 * l).sqrt();
            }
            Preset::DeepNorm => {
                cfg.init = Initializer::XavierNormal;
                cfg.ln = LnPlace::Post;
                cfg.skip_scale = libm::pow(2.0 * l, 0.25);
                cfg.value_gain = libm::pow(8.0 * l, -0.25);
            }
            Preset::Mup => {
                cfg.init = Initializer::LecunNormal;
                cfg.attn_scale = AttnScale::Inverse;
                cfg.zero_query = true;
            }
            Preset::SmallInit => {
                cfg.init = Initializer::Normal;
                cfg.scale = (2.0 / (5.0 * w)).sqrt();
                cfg.branch_scale = 10f64.sqrt() / l;
            }
        }
    }

    /// Whether `cfg` has exactly this scheme's settings (the UI marks the button).
    pub fn matches(self, cfg: &Config) -> bool {
        let mut with = cfg.clone();
        self.apply(&mut with);
        with == *cfg
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Preset::ALL
            .into_iter()
            .find(|p| p.id() == s)
            .ok_or_else(|| format!("unknown preset '{s}'"))
    }
}
