//! The Lab's parameters ([`Param`]; their specs are `specs.rs`), and when a parameter has no effect.

use crate::engine::arch::{Arch, Knob};
use crate::engine::config::Config;
use crate::engine::{Activation, Initializer};

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
    /// `tokens`: a transformer's sequence length T.
    Tokens,
    /// `heads`: a transformer's attention heads h.
    Heads,
    /// `ln`: where a transformer's LayerNorms sit.
    Ln,
    /// `attn-scale`: τ, the attention logits' scale.
    AttnScale,
    /// `causal`: the causal mask (a flag).
    Causal,
    /// `skip-scale`: a, a transformer's skip weight.
    SkipScale,
    /// `value-gain`: β, multiplying W_V, W_O, W_1 and W_2.
    ValueGain,
    /// `zero-query`: W_Q = 0 (a flag).
    ZeroQuery,
    /// `preset`: a transformer initialization scheme, expanded into the settings above when read.
    Preset,
}

impl Param {
    /// Every parameter, in URL order.
    pub const ALL: [Param; 29] = [
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
        Param::Tokens,
        Param::Heads,
        Param::Ln,
        Param::AttnScale,
        Param::Causal,
        Param::SkipScale,
        Param::ValueGain,
        Param::ZeroQuery,
        Param::Preset,
    ];

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
            Param::Tokens
            | Param::Heads
            | Param::Ln
            | Param::AttnScale
            | Param::Causal
            | Param::SkipScale
            | Param::ValueGain
            | Param::ZeroQuery
            | Param::Preset => Some(Knob::Transformer),
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
            | Param::Image
            | Param::Tokens
            | Param::Heads
            | Param::Ln
            | Param::AttnScale
            | Param::Causal
            | Param::SkipScale
            | Param::ValueGain
            | Param::ZeroQuery
            | Param::Preset => return None,
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
