//! Reading and writing the race's settings: [`TrainConfig::set_param`] (the one setter the fragment, the form and
//! the CLI go through), their text, and the `#race?…` query ([`TrainConfig::to_query`]; reading one,
//! [`parse_race_query`], is in `params.rs` beside the table it goes by).

pub use super::params::parse_race_query;
use super::params::{RaceParam, ARCHS};
use super::race::TrainConfig;
use crate::engine::arch::Arch;
use crate::engine::norm::Norm;
use crate::engine::{InitSpec, Initializer};
use crate::state::{shorten, ParamError};

impl TrainConfig {
    /// Set one setting from its text. `scale` and `gain` apply to the initializers already set.
    pub fn set_param(&mut self, p: RaceParam, v: &str) -> Result<(), ParamError> {
        let s = p.spec();
        let first = self.inits.first();
        let (scale, gain) = (first.map_or(1.0, |i| i.scale), first.and_then(|i| i.gain));
        let spec = |kind| InitSpec {
            scale,
            gain,
            ..InitSpec::new(kind)
        };
        match p {
            RaceParam::Inits => {
                let kinds: Vec<Initializer> = s.parse_list(v)?;
                self.inits = kinds.into_iter().map(spec).collect();
            }
            RaceParam::Init => {
                if v.contains(',') {
                    return Err(ParamError {
                        name: s.name.into(),
                        value: shorten(v),
                        reason: "takes one initializer (the page races up to four)".into(),
                    });
                }
                self.inits = vec![spec(s.parse_choice(v)?)];
            }
            RaceParam::Activation => self.activation = s.parse_choice(v)?,
            RaceParam::Depth => self.depth = s.parse_whole(v)?,
            RaceParam::Width => self.width = s.parse_whole(v)?,
            RaceParam::Dataset => self.dataset = s.parse_choice(v)?,
            RaceParam::Optimizer => self.optimizer = s.parse_choice(v)?,
            RaceParam::Lr => self.lr = s.parse_real(v)?,
            RaceParam::Batch => self.batch = s.parse_whole(v)?,
            RaceParam::Steps => self.steps = s.parse_whole(v)?,
            RaceParam::Seed => self.seed = s.parse_seed(v)?,
            RaceParam::Scale => {
                let x = s.parse_real(v)?;
                self.inits.iter_mut().for_each(|i| i.scale = x);
            }
            RaceParam::Gain => {
                let g = s.parse_real(v)?;
                self.inits.iter_mut().for_each(|i| i.gain = Some(g));
            }
            RaceParam::Arch => {
                let arch: Arch = s.parse_choice(v)?;
                if !ARCHS.contains(&arch) {
                    return Err(s.error(v, "is not an architecture the race trains"));
                }
                self.arch = arch;
            }
            RaceParam::Norm => self.norm = s.parse_choice(v)?,
            RaceParam::BranchScale => self.branch_scale = s.parse_real(v)?,
            RaceParam::ZeroInitLast => self.zero_init_last = s.parse_bool(v)?,
        }
        Ok(())
    }

    /// The setting's value in force as text (for form fields).
    pub fn param_text(&self, p: RaceParam) -> String {
        let first = self.inits.first().copied();
        match p {
            RaceParam::Inits => self
                .inits
                .iter()
                .map(|i| i.kind.id())
                .collect::<Vec<_>>()
                .join(","),
            RaceParam::Init => first.map_or(String::new(), |i| i.kind.id().into()),
            RaceParam::Activation => self.activation.id().into(),
            RaceParam::Depth => self.depth.to_string(),
            RaceParam::Width => self.width.to_string(),
            RaceParam::Dataset => self.dataset.id().into(),
            RaceParam::Optimizer => self.optimizer.id().into(),
            RaceParam::Lr => self.lr.to_string(),
            RaceParam::Batch => self.batch.to_string(),
            RaceParam::Steps => self.steps.to_string(),
            RaceParam::Seed => self.seed.to_string(),
            RaceParam::Scale => first.map_or(1.0, |i| i.scale).to_string(),
            RaceParam::Gain => first.map_or(1.0, |i| i.effective_gain()).to_string(),
            RaceParam::Arch => self.arch.id().into(),
            RaceParam::Norm => self.norm.id().into(),
            RaceParam::BranchScale => self.branch_scale.to_string(),
            RaceParam::ZeroInitLast => self.zero_init_last.to_string(),
        }
    }

    /// The setting as written in the fragment, or `None` when it is left out (`init` and `steps` always;
    /// `scale` at 1, `gain` at the initializers' defaults, and the architecture's settings at their defaults).
    pub fn param_value(&self, p: RaceParam) -> Option<String> {
        let first = self.inits.first().copied();
        match p {
            RaceParam::Init | RaceParam::Steps => None,
            RaceParam::Inits
            | RaceParam::Activation
            | RaceParam::Depth
            | RaceParam::Width
            | RaceParam::Dataset
            | RaceParam::Optimizer
            | RaceParam::Lr
            | RaceParam::Batch
            | RaceParam::Seed => Some(self.param_text(p)),
            RaceParam::Scale => first
                .map(|i| i.scale)
                .filter(|&s| s != 1.0)
                .map(|s| s.to_string()),
            RaceParam::Gain => first.and_then(|i| i.gain).map(|g| g.to_string()),
            RaceParam::Arch => (self.arch != Arch::Mlp).then(|| self.arch.id().into()),
            RaceParam::Norm => (self.norm != Norm::None).then(|| self.norm.id().into()),
            RaceParam::BranchScale => {
                (self.branch_scale != 1.0).then(|| self.branch_scale.to_string())
            }
            RaceParam::ZeroInitLast => self.zero_init_last.then(|| "1".into()),
        }
    }

    /// The query that reproduces this race (`#race?` + this).
    pub fn to_query(&self) -> String {
        RaceParam::ALL
            .into_iter()
            .filter_map(|p| self.param_value(p).map(|v| format!("{}={v}", p.name())))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reports() {
        let (cfg, errs) = parse_race_query(
            "scale=0.5&inits=normal,he-uniform&activation=tanh&depth=4&dataset=xor&lr=0.1&optimizer=sgd&\
             arch=residual&norm=batch&branch-scale=0.25&zero-init-last=1",
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(cfg.inits[0].scale, 0.5);
        assert!(cfg
            .to_query()
            .ends_with("&arch=residual&norm=batch&branch-scale=0.25&zero-init-last=1"));
        let (back, errs) = parse_race_query(&cfg.to_query());
        assert!(errs.is_empty());
        assert_eq!(
            back,
            TrainConfig {
                steps: back.steps,
                ..cfg
            }
        );
        let (_, errs) = parse_race_query(
            "inits=a,b,c,d,e&depth=1&width=9999&dataset=moons&lr=NaN&x=1&arch=rnn&norm=group&branch-scale=11",
        );
        let names: Vec<&str> = errs.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "inits",
                "depth",
                "width",
                "dataset",
                "lr",
                "x",
                "arch",
                "norm",
                "branch-scale"
            ]
        );
        assert_eq!(
            errs[6].to_string(),
            "arch: 'rnn' is not an architecture the race trains; expected mlp or residual"
        );
    }

    #[test]
    fn the_fragment_keeps_its_order_and_every_default_parses() {
        assert_eq!(
            TrainConfig::default().to_query(),
            "inits=he-normal,xavier-normal,normal,zero&activation=relu&depth=10&width=32&dataset=spirals&\
             optimizer=adam&lr=0.005&batch=32&seed=1"
        );
        for p in RaceParam::ALL {
            let mut c = TrainConfig::default();
            let d = p.spec().default.unwrap_or_else(|| c.param_text(p));
            assert_eq!(c.set_param(p, &d), Ok(()), "{}", p.name());
            assert_eq!(RaceParam::from_name(p.name()), Some(p));
        }
    }
}
