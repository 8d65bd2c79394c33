//! Reading and writing each [`Param`] of a [`Config`]: one exhaustive match per direction, every value
//! parsed by its [`Spec`](super::Spec).

use super::param::Param;
use super::spec::ParamError;
use crate::engine::config::{Config, ConfigError};
use crate::engine::transformer::Preset;

impl Config {
    /// Set one parameter from its text, checking its own range (cross-parameter rules: [`Config::validate`]).
    pub fn set_param(&mut self, p: Param, v: &str) -> Result<(), ParamError> {
        let s = p.spec();
        match p {
            Param::Init => self.init = s.parse_choice(v)?,
            Param::Activation => self.activation = s.parse_choice(v)?,
            Param::Depth => self.depth = s.parse_whole(v)?,
            Param::Width => self.width = s.parse_whole(v)?,
            Param::InputWidth => self.input_width = Some(s.parse_whole(v)?),
            Param::Batch => self.batch = s.parse_whole(v)?,
            Param::Seed => self.seed = s.parse_seed(v)?,
            Param::Scale => self.scale = s.parse_real(v)?,
            Param::Gain => self.gain = Some(s.parse_real(v)?),
            Param::Mode => self.mode = s.parse_choice(v)?,
            Param::Keras => self.keras = s.parse_bool(v)?,
            Param::Slope => self.slope = Some(s.parse_real(v)?),
            Param::BiasStd => self.bias_std = s.parse_real(v)?,
            Param::Arch => self.switch_arch(s.parse_choice(v)?),
            Param::Norm => self.norm = s.parse_choice(v)?,
            Param::BranchScale => self.branch_scale = s.parse_real(v)?,
            Param::ZeroInitLast => self.zero_init_last = s.parse_bool(v)?,
            Param::InputInit => self.input_init = s.parse_choice(v)?,
            Param::Kernel => self.kernel = s.parse_whole(v)?,
            Param::Image => self.image = s.parse_whole(v)?,
            Param::Tokens => self.tokens = s.parse_whole(v)?,
            Param::Heads => self.heads = s.parse_whole(v)?,
            Param::Ln => self.ln = s.parse_choice(v)?,
            Param::AttnScale => self.attn_scale = s.parse_choice(v)?,
            Param::Causal => self.causal = s.parse_bool(v)?,
            Param::SkipScale => self.skip_scale = s.parse_real(v)?,
            Param::ValueGain => self.value_gain = s.parse_real(v)?,
            Param::ZeroQuery => self.zero_query = s.parse_bool(v)?,
            Param::Preset => s.parse_choice::<Preset>(v)?.apply(self),
        }
        Ok(())
    }

    /// Put one parameter back to its default (for depth, width and batch: the architecture's).
    pub fn reset_param(&mut self, p: Param) {
        let d = Config::for_arch(self.arch);
        match p {
            Param::Init => self.init = d.init,
            Param::Activation => self.activation = d.activation,
            Param::Depth => self.depth = d.depth,
            Param::Width => self.width = d.width,
            Param::InputWidth => self.input_width = d.input_width,
            Param::Batch => self.batch = d.batch,
            Param::Seed => self.seed = d.seed,
            Param::Scale => self.scale = d.scale,
            Param::Gain => self.gain = d.gain,
            Param::Mode => self.mode = d.mode,
            Param::Keras => self.keras = d.keras,
            Param::Slope => self.slope = d.slope,
            Param::BiasStd => self.bias_std = d.bias_std,
            Param::Arch => self.switch_arch(Config::default().arch),
            Param::Norm => self.norm = d.norm,
            Param::BranchScale => self.branch_scale = d.branch_scale,
            Param::ZeroInitLast => self.zero_init_last = d.zero_init_last,
            Param::InputInit => self.input_init = d.input_init,
            Param::Kernel => self.kernel = d.kernel,
            Param::Image => self.image = d.image,
            Param::Tokens => self.tokens = d.tokens,
            Param::Heads => self.heads = d.heads,
            Param::Ln => self.ln = d.ln,
            Param::AttnScale => self.attn_scale = d.attn_scale,
            Param::Causal => self.causal = d.causal,
            Param::SkipScale => self.skip_scale = d.skip_scale,
            Param::ValueGain => self.value_gain = d.value_gain,
            Param::ZeroQuery => self.zero_query = d.zero_query,
            Param::Preset => {}
        }
    }

    /// The parameter's value as text, or `None` when it is at its default (and so left out of URLs); depth,
    /// width and batch are compared with the architecture's defaults.
    pub fn param_value(&self, p: Param) -> Option<String> {
        let d = Config::for_arch(self.arch);
        match p {
            Param::Init => (self.init != d.init).then(|| self.init.id().into()),
            Param::Activation => {
                (self.activation != d.activation).then(|| self.activation.id().into())
            }
            Param::Depth => (self.depth != d.depth).then(|| self.depth.to_string()),
            Param::Width => (self.width != d.width).then(|| self.width.to_string()),
            Param::InputWidth => self.input_width.map(|w| w.to_string()),
            Param::Batch => (self.batch != d.batch).then(|| self.batch.to_string()),
            Param::Seed => (self.seed != d.seed).then(|| self.seed.to_string()),
            Param::Scale => (self.scale != d.scale).then(|| self.scale.to_string()),
            Param::Gain => self.gain.map(|g| g.to_string()),
            Param::Mode => (self.mode != d.mode).then(|| self.mode.id().into()),
            Param::Keras => self.keras.then(|| "1".into()),
            Param::Slope => self.slope.map(|s| s.to_string()),
            Param::BiasStd => (self.bias_std != d.bias_std).then(|| self.bias_std.to_string()),
            Param::Arch => (self.arch != Config::default().arch).then(|| self.arch.id().into()),
            Param::Norm => (self.norm != d.norm).then(|| self.norm.id().into()),
            Param::BranchScale => {
                (self.branch_scale != d.branch_scale).then(|| self.branch_scale.to_string())
            }
            Param::ZeroInitLast => self.zero_init_last.then(|| "1".into()),
            Param::InputInit => {
                (self.input_init != d.input_init).then(|| self.input_init.id().into())
            }
            Param::Kernel => (self.kernel != d.kernel).then(|| self.kernel.to_string()),
            Param::Image => (self.image != d.image).then(|| self.image.to_string()),
            Param::Tokens => (self.tokens != d.tokens).then(|| self.tokens.to_string()),
            Param::Heads => (self.heads != d.heads).then(|| self.heads.to_string()),
            Param::Ln => (self.ln != d.ln).then(|| self.ln.id().into()),
            Param::AttnScale => {
                (self.attn_scale != d.attn_scale).then(|| self.attn_scale.id().into())
            }
            Param::Causal => self.causal.then(|| "1".into()),
            Param::SkipScale => {
                (self.skip_scale != d.skip_scale).then(|| self.skip_scale.to_string())
            }
            Param::ValueGain => {
                (self.value_gain != d.value_gain).then(|| self.value_gain.to_string())
            }
            Param::ZeroQuery => self.zero_query.then(|| "1".into()),
            // Never written: a preset is read into the settings it stands for.
            Param::Preset => None,
        }
    }

    /// The parameter's value in force as text, defaults included (for form fields).
    pub fn param_text(&self, p: Param) -> String {
        match p {
            Param::Init => self.init.id().into(),
            Param::Activation => self.activation.id().into(),
            Param::Depth => self.depth.to_string(),
            Param::Width => self.width.to_string(),
            Param::InputWidth => self.input_width().to_string(),
            Param::Batch => self.batch.to_string(),
            Param::Seed => self.seed.to_string(),
            Param::Scale => self.scale.to_string(),
            Param::Gain => self.init_spec().effective_gain().to_string(),
            Param::Mode => self.mode.id().into(),
            Param::Keras => self.keras.to_string(),
            Param::Slope => self.nonlinearity().slope.to_string(),
            Param::BiasStd => self.bias_std.to_string(),
            Param::Arch => self.arch.id().into(),
            Param::Norm => self.norm.id().into(),
            Param::BranchScale => self.branch_scale.to_string(),
            Param::ZeroInitLast => self.zero_init_last.to_string(),
            Param::InputInit => self.input_init.id().into(),
            Param::Kernel => self.kernel.to_string(),
            Param::Image => self.image.to_string(),
            Param::Tokens => self.tokens.to_string(),
            Param::Heads => self.heads.to_string(),
            Param::Ln => self.ln.id().into(),
            Param::AttnScale => self.attn_scale.id().into(),
            Param::Causal => self.causal.to_string(),
            Param::SkipScale => self.skip_scale.to_string(),
            Param::ValueGain => self.value_gain.to_string(),
            Param::ZeroQuery => self.zero_query.to_string(),
            Param::Preset => Preset::ALL
                .into_iter()
                .find(|p| p.matches(self))
                .map_or("", |p| p.id())
                .into(),
        }
    }

    /// Undo every setting that [`Config::validate`] rejects, returning one [`ParamError`] for each.
    /// Undoing one setting can reveal another rule it broke (a transformer's heads and width), so this repeats
    /// until the config is valid (a few rounds at most: each undoes settings back to their defaults).
    pub fn reset_invalid(&mut self) -> Vec<ParamError> {
        let mut all = Vec::new();
        for _ in 0..Param::ALL.len() {
            let round = self.reset_invalid_once();
            if round.is_empty() {
                break;
            }
            all.extend(round);
        }
        all
    }

    fn reset_invalid_once(&mut self) -> Vec<ParamError> {
        let Err(errs) = self.validate() else {
            return Vec::new();
        };
        errs.into_iter()
            .map(|e| {
                let (name, value) = match &e {
                    ConfigError::OutOfRange { name, value, .. } => (*name, value.clone()),
                    ConfigError::NegativeScale { value, .. } => {
                        (Param::Scale.name(), value.to_string())
                    }
                    ConfigError::ResidualWidths { input_width, .. } => {
                        (Param::InputWidth.name(), input_width.to_string())
                    }
                    ConfigError::Unsupported { name, value, .. } => (*name, value.clone()),
                };
                if let Some(p) = Param::from_name(name) {
                    self.reset_param(p);
                }
                ParamError {
                    name: name.into(),
                    value,
                    reason: e.to_string(),
                }
            })
            .collect()
    }

    /// One note for each of `given` that changes nothing in this config ("does not apply to …").
    pub fn unused_params(&self, given: &[Param]) -> Vec<ParamError> {
        given
            .iter()
            .filter_map(|&p| {
                let reason = p.unused_in(self)?;
                Some(ParamError {
                    name: p.name().into(),
                    value: self.param_text(p),
                    reason,
                })
            })
            .collect()
    }
}
