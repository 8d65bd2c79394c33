//! The Lab's parameter table: [`Param::spec`], one [`Spec`] per parameter — the one place each name, range,
//! label and help is written (the URL, the CLI flags and usage, and the form fields all read it).

use super::param::Param;
use super::spec::{Kind, Spec};
use crate::engine::arch::Arch;
use crate::engine::config::{self, Config};
use crate::engine::norm::Norm;
use crate::engine::transformer::{AttnScale, LnPlace, Preset};
use crate::engine::{Activation, FanMode, Initializer};

/// The initializer ids.
pub fn init_ids() -> Vec<&'static str> {
    Initializer::ALL.iter().map(|i| i.id()).collect()
}

/// The activation ids.
pub fn activation_ids() -> Vec<&'static str> {
    Activation::ALL.iter().map(|a| a.id()).collect()
}

fn arch_ids() -> Vec<&'static str> {
    Arch::ALL.iter().map(|a| a.id()).collect()
}

fn norm_ids() -> Vec<&'static str> {
    Norm::ALL.iter().map(|n| n.id()).collect()
}

fn mode_ids() -> Vec<&'static str> {
    vec![FanMode::FanIn.id(), FanMode::FanOut.id()]
}

fn ln_ids() -> Vec<&'static str> {
    LnPlace::ALL.iter().map(|l| l.id()).collect()
}

fn scale_ids() -> Vec<&'static str> {
    AttnScale::ALL.iter().map(|s| s.id()).collect()
}

/// The preset ids.
pub fn preset_ids() -> Vec<&'static str> {
    Preset::ALL.iter().map(|p| p.id()).collect()
}

impl Param {
    /// The parameter's description: the one place its name, range, label and help are written.
    pub fn spec(self) -> Spec {
        let init = Kind::Choice {
            noun: "an initializer",
            ids: init_ids,
        };
        let activation = Kind::Choice {
            noun: "an activation",
            ids: activation_ids,
        };
        let spec = match self {
            Param::Init => {
                Spec::new("init", init, "Initializer", "the weight initializer").required()
            }
            Param::Activation => Spec::new(
                "activation",
                activation,
                "Activation",
                "the activation function",
            )
            .required(),
            Param::Depth => Spec::new(
                "depth",
                Kind::Whole(config::DEPTH),
                "depth (layers)",
                "number of layers",
            )
            .slider(),
            Param::Width => Spec::new(
                "width",
                Kind::Whole(config::WIDTH),
                "width (units per layer)",
                "units in every hidden layer",
            )
            .slider(),
            Param::InputWidth => Spec::new(
                "input-width",
                Kind::Whole(config::INPUT_WIDTH),
                "input width",
                "units of the input (default: the width)",
            ),
            Param::Batch => Spec::new(
                "batch",
                Kind::Whole(config::BATCH),
                "batch (examples)",
                "examples pushed through the network",
            )
            .slider(),
            Param::Seed => Spec::new("seed", Kind::Seed, "seed", "the random seed"),
            Param::Scale => Spec::new(
                "scale",
                Kind::Real(config::SCALE),
                "scale",
                "a of uniform, σ of normal (both ≥ 0), c of constant",
            )
            .slider_over(0.0, 1.0),
            Param::Gain => Spec::new(
                "gain",
                Kind::Real(config::GAIN),
                "gain",
                "gain of Xavier, He, LeCun, orthogonal, identity (default √2 for He, else 1)",
            )
            .slider_over(0.0, 4.0),
            Param::Mode => Spec::new(
                "mode",
                Kind::Choice {
                    noun: "a fan mode",
                    ids: mode_ids,
                },
                "fan mode",
                "whether He and LeCun scale by fan_in or fan_out",
            ),
            Param::Keras => Spec::new(
                "keras",
                Kind::Flag,
                "Keras convention (truncated normal, std ÷ 0.8796)",
                "Keras's truncated normal for the normal variance-scaling inits",
            ),
            Param::Slope => Spec::new(
                "slope",
                Kind::Real(config::SLOPE),
                "negative slope",
                "negative-side slope of leaky-relu and prelu (default 0.01 / 0.25)",
            ),
            Param::BiasStd => Spec::new(
                "bias-std",
                Kind::Real(config::BIAS_STD),
                "bias std (0 = zero biases)",
                "standard deviation of the biases",
            ),
            Param::Arch => Spec::new(
                "arch",
                Kind::Choice {
                    noun: "an architecture",
                    ids: arch_ids,
                },
                "Architecture",
                "the architecture; depth counts its layers, blocks or steps",
            ),
            Param::Norm => Spec::new(
                "norm",
                Kind::Choice {
                    noun: "a normalization",
                    ids: norm_ids,
                },
                "normalization",
                "BatchNorm or LayerNorm before each activation (mlp, residual)",
            ),
            Param::BranchScale => Spec::new(
                "branch-scale",
                Kind::Real(config::BRANCH_SCALE),
                "branch scale α",
                "residual, transformer: x′ = x + α·branch (GPT-2: 1/√(2L))",
            ),
            Param::ZeroInitLast => Spec::new(
                "zero-init-last",
                Kind::Flag,
                "zero-init each block's last matrix",
                "last matrices at 0 (residual: W_{l,2}; transformer: W_O, W_2)",
            ),
            Param::InputInit => Spec::new(
                "input-init",
                Kind::Choice {
                    noun: "an initializer",
                    ids: init_ids,
                },
                "input kernel initializer",
                "rnn: the initializer of the input kernel U",
            ),
            Param::Kernel => Spec::new(
                "kernel",
                Kind::Whole(config::KERNEL),
                "kernel size k (odd)",
                "conv: every layer's odd k × k kernel (fan_in = C_in·k²)",
            ),
            Param::Image => Spec::new(
                "image",
                Kind::Whole(config::IMAGE),
                "image size S (S × S pixels)",
                "conv: the side of the S × S images (circular padding)",
            ),
            Param::Tokens => Spec::new(
                "tokens",
                Kind::Whole(config::TOKENS),
                "tokens T per sequence",
                "transformer: tokens per sequence (X₀ ~ N(0, 1))",
            )
            .slider(),
            Param::Heads => Spec::new(
                "heads",
                Kind::Whole(config::HEADS),
                "attention heads h",
                "transformer: heads, dividing the width (d_k = d/h)",
            ),
            Param::Ln => Spec::new(
                "ln",
                Kind::Choice {
                    noun: "a LayerNorm placement",
                    ids: ln_ids,
                },
                "LayerNorm",
                "transformer: pre-LN (GPT-2), post-LN (the original) or none",
            ),
            Param::AttnScale => Spec::new(
                "attn-scale",
                Kind::Choice {
                    noun: "an attention scale",
                    ids: scale_ids,
                },
                "attention scale τ",
                "transformer: τ = 1/√d_k, 1 or 1/d_k (µP)",
            ),
            Param::Causal => Spec::new(
                "causal",
                Kind::Flag,
                "causal mask",
                "transformer: token i attends to j ≤ i only",
            ),
            Param::SkipScale => Spec::new(
                "skip-scale",
                Kind::Real(config::GAIN_FACTOR),
                "skip weight a",
                "transformer: x′ = a·x + α·branch (DeepNet: (2L)^¼)",
            ),
            Param::ValueGain => Spec::new(
                "value-gain",
                Kind::Real(config::GAIN_FACTOR),
                "value gain β",
                "transformer: W_V, W_O, W_1, W_2 × β (DeepNet: (8L)^−¼)",
            ),
            Param::ZeroQuery => Spec::new(
                "zero-query",
                Kind::Flag,
                "zero query W_Q = 0",
                "transformer: W_Q = 0, so attention starts uniform (µP)",
            ),
            Param::Preset => Spec::new(
                "preset",
                Kind::Choice {
                    noun: "a preset",
                    ids: preset_ids,
                },
                "preset",
                "transformer: a published scheme's init, LN and scales",
            ),
        };
        Spec {
            default: self.default_text(),
            ..spec
        }
    }

    /// The default as text (from [`Config::default`]); `None` when it follows other settings.
    fn default_text(self) -> Option<String> {
        let derived = matches!(
            self,
            Param::InputWidth | Param::Gain | Param::Slope | Param::Preset
        );
        (!derived).then(|| Config::default().param_text(self))
    }
}
