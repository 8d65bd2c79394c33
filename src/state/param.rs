//! The Lab's parameters and their table: one [`Spec`] per [`Param`], and when a parameter has no effect.

use super::spec::{Kind, Spec};
use crate::engine::arch::{Arch, Knob};
use crate::engine::config::{self, Config};
use crate::engine::norm::Norm;
use crate::engine::{Activation, FanMode, Initializer};

/// A setting of the simulation, named as in the URL and the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Param {
    /// `init`: initializer id.
    Init,
    /// `activation`: activation id.
    Activation,
    /// `depth`: number of layers.
    Depth,
    /// `width`: hidden width.
    Width,
    /// `input-width`: input width.
    InputWidth,
    /// `batch`: batch size.
    Batch,
    /// `seed`: random seed.
    Seed,
    /// `scale`: a / σ / c.
    Scale,
    /// `gain`: gain multiplier.
    Gain,
    /// `mode`: fan-in or fan-out.
    Mode,
    /// `keras`: Keras convention (a flag).
    Keras,
    /// `slope`: Leaky ReLU / PReLU slope.
    Slope,
    /// `bias-std`: bias standard deviation.
    BiasStd,
    /// `arch`: mlp, residual or rnn.
    Arch,
    /// `norm`: none, batch or layer normalization.
    Norm,
    /// `branch-scale`: α, the residual branch's scale.
    BranchScale,
    /// `zero-init-last`: residual blocks' second matrix at 0 (a flag).
    ZeroInitLast,
    /// `input-init`: the RNN input kernel's initializer.
    InputInit,
    /// `kernel`: a convolution's kernel size k.
    Kernel,
    /// `image`: the side S of a convolutional net's S × S images.
    Image,
}

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

impl Param {
    /// Every parameter, in URL order.
    pub const ALL: [Param; 20] = [
        Param::Init,
        Param::Activation,
        Param::Depth,
        Param::Width,
        Param::InputWidth,
        Param::Batch,
        Param::Seed,
        Param::Scale,
        Param::Gain,
        Param::Mode,
        Param::Keras,
        Param::Slope,
        Param::BiasStd,
        Param::Arch,
        Param::Norm,
        Param::BranchScale,
        Param::ZeroInitLast,
        Param::InputInit,
        Param::Kernel,
        Param::Image,
    ];

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
                "residual: x_l = x_{l−1} + α·branch (GPT-2: 1/√(2L))",
            ),
            Param::ZeroInitLast => Spec::new(
                "zero-init-last",
                Kind::Flag,
                "zero-init each block's last matrix",
                "residual: W_{l,2} = 0 at the start (Fixup, zero-init residual)",
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
        };
        Spec {
            default: self.default_text(),
            ..spec
        }
    }

    /// The default as text (from [`Config::default`]); `None` when it follows other settings.
    fn default_text(self) -> Option<String> {
        let derived = matches!(self, Param::InputWidth | Param::Gain | Param::Slope);
        (!derived).then(|| Config::default().param_text(self))
    }

    /// The name: URL key and CLI flag without `--`.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The parameter with this name — the one lookup from a name to a parameter.
    pub fn from_name(name: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The valid values, in words.
    pub fn valid(self) -> String {
        self.spec().valid()
    }

    /// The form label in this config (the scale is called a, σ or c after the initializer).
    pub fn label_in(self, cfg: &Config) -> String {
        if let (Param::Scale, Some(name)) = (self, cfg.init.scale_name()) {
            return format!("{name} (scale)");
        }
        self.spec().label.into()
    }

    /// The architecture-specific setting this parameter is, if it is one.
    pub fn knob(self) -> Option<Knob> {
        match self {
            Param::Norm => Some(Knob::Norm),
            Param::BranchScale => Some(Knob::BranchScale),
            Param::ZeroInitLast => Some(Knob::ZeroInitLast),
            Param::InputInit => Some(Knob::InputInit),
            Param::Kernel => Some(Knob::Kernel),
            Param::Image => Some(Knob::Image),
            Param::Init
            | Param::Activation
            | Param::Depth
            | Param::Width
            | Param::InputWidth
            | Param::Batch
            | Param::Seed
            | Param::Scale
            | Param::Gain
            | Param::Mode
            | Param::Keras
            | Param::Slope
            | Param::BiasStd
            | Param::Arch => None,
        }
    }

    /// Whether the parameter changes anything in this config (the form hides it when not).
    pub fn applies(self, cfg: &Config) -> bool {
        self.unused_in(cfg).is_none()
    }

    /// Why the parameter changes nothing in this config, or `None` when it matters: the architecture's
    /// parameters for the other architectures, then [`Param::unused_with`].
    pub fn unused_in(self, cfg: &Config) -> Option<String> {
        if let Some(knob) = self.knob().filter(|&k| !cfg.arch.takes(k)) {
            let archs = Arch::taking(knob);
            let verb = if archs.len() == 1 { "takes" } else { "take" };
            return Some(format!(
                "does not apply to {} (only {} {verb} {})",
                cfg.arch.id(),
                list(&archs),
                knob.noun()
            ));
        }
        match self {
            Param::BiasStd if cfg.init.info().sets_bias => Some(format!(
                "does not apply to {} (it sets the biases itself: U(±1/√fan_in))",
                cfg.init.id()
            )),
            _ => self.unused_with(cfg.init, cfg.activation),
        }
    }

    /// Why the parameter changes nothing with this initializer and activation ("does not apply to he-normal
    /// (only …)"), or `None` when it matters. The page's notice and the CLI's warning both say this.
    pub fn unused_with(self, init: Initializer, activation: Activation) -> Option<String> {
        let only = |pred: fn(Initializer) -> bool| -> String {
            let ids: Vec<&str> = Initializer::ALL
                .into_iter()
                .filter(|i| pred(*i))
                .map(|i| i.id())
                .collect();
            list(&ids)
        };
        let (applies, why) = match self {
            Param::Init
            | Param::Activation
            | Param::Depth
            | Param::Width
            | Param::InputWidth
            | Param::Batch
            | Param::Seed
            | Param::BiasStd
            | Param::Arch
            | Param::Norm
            | Param::BranchScale
            | Param::ZeroInitLast
            | Param::InputInit
            | Param::Kernel
            | Param::Image => return None,
            Param::Scale => (
                init.takes_scale(),
                format!("only {} take a scale", only(Initializer::takes_scale)),
            ),
            Param::Gain => (
                init.takes_gain(),
                format!("only {} take a gain", only(Initializer::takes_gain)),
            ),
            Param::Mode => (
                init.takes_mode(),
                format!("only {} take a fan mode", only(Initializer::takes_mode)),
            ),
            Param::Keras => (
                init.takes_keras(),
                format!(
                    "the Keras convention only changes {}",
                    only(Initializer::takes_keras)
                ),
            ),
            Param::Slope => {
                let ids: Vec<&str> = Activation::ALL
                    .into_iter()
                    .filter(|a| a.has_slope())
                    .map(|a| a.id())
                    .collect();
                let why = format!("only {} have a slope", list(&ids));
                return (!activation.has_slope())
                    .then(|| format!("does not apply to {} ({why})", activation.id()));
            }
        };
        (!applies).then(|| format!("does not apply to {} ({why})", init.id()))
    }
}

/// "a", "a and b", "a, b and c".
fn list(ids: &[&str]) -> String {
    match ids {
        [] => String::new(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
