//! The race's settings: one table ([`RaceParam::spec`]) for the page's `#race?…` fragment, the race form and
//! `initscope train`'s flags, read by the same [`Spec`] parsers and with the same error style as the Lab's
//! (`crate::state`).

use super::race::{TrainConfig, BATCH, DEPTH, LR, MAX_RACERS, STEPS, WIDTH};
use crate::engine::config::{GAIN, SCALE as LAB_SCALE};
use crate::engine::{Activation, InitSpec, Initializer};
use crate::state::{activation_ids, init_ids, query_pairs, shorten, Kind, Param, ParamError, Spec};
use std::ops::RangeInclusive;

/// Allowed scales in a race (a and σ of the naive initializers; no negative c).
const SCALE: RangeInclusive<f64> = 0.0..=*LAB_SCALE.end();

/// A setting of the race, named as in the `#race?` fragment and the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RaceParam {
    /// `inits`: the racing initializers, comma-separated (the page's).
    Inits,
    /// `init`: one initializer (the CLI's).
    Init,
    /// `activation`: the hidden activation.
    Activation,
    /// `depth`: hidden layers.
    Depth,
    /// `width`: units per hidden layer.
    Width,
    /// `dataset`: the task.
    Dataset,
    /// `optimizer`: sgd or adam.
    Optimizer,
    /// `lr`: the learning rate.
    Lr,
    /// `batch`: the minibatch size.
    Batch,
    /// `steps`: steps to train (the CLI's).
    Steps,
    /// `seed`: the seed.
    Seed,
    /// `scale`: a / σ / c of every racer.
    Scale,
    /// `gain`: gain of every racer.
    Gain,
}

fn dataset_ids() -> Vec<&'static str> {
    super::Dataset::ALL.iter().map(|d| d.id()).collect()
}

fn optimizer_ids() -> Vec<&'static str> {
    vec![
        super::mlp::Optimizer::Sgd.id(),
        super::mlp::Optimizer::Adam.id(),
    ]
}

impl RaceParam {
    /// Every race setting, in the order the fragment is written.
    pub const ALL: [RaceParam; 13] = [
        RaceParam::Inits,
        RaceParam::Init,
        RaceParam::Activation,
        RaceParam::Depth,
        RaceParam::Width,
        RaceParam::Dataset,
        RaceParam::Optimizer,
        RaceParam::Lr,
        RaceParam::Batch,
        RaceParam::Steps,
        RaceParam::Seed,
        RaceParam::Scale,
        RaceParam::Gain,
    ];

    /// The setting's description: the one place its name, range, label and help are written.
    pub fn spec(self) -> Spec {
        let inits = Kind::List {
            noun: "an initializer",
            ids: init_ids,
            max: MAX_RACERS,
        };
        let one_init = Kind::Choice {
            noun: "an initializer",
            ids: init_ids,
        };
        let spec = match self {
            RaceParam::Inits => {
                Spec::new("inits", inits, "initializers", "the racing initializers").page_only()
            }
            RaceParam::Init => {
                Spec::new("init", one_init, "initializer", "the initializer").required()
            }
            RaceParam::Activation => Spec::new(
                "activation",
                Kind::Choice {
                    noun: "an activation",
                    ids: activation_ids,
                },
                "activation",
                "the hidden activation",
            )
            .required(),
            RaceParam::Depth => Spec::new(
                "depth",
                Kind::Whole(DEPTH),
                "hidden layers",
                "hidden layers",
            ),
            RaceParam::Width => Spec::new(
                "width",
                Kind::Whole(WIDTH),
                "width",
                "units per hidden layer",
            ),
            RaceParam::Dataset => Spec::new(
                "dataset",
                Kind::Choice {
                    noun: "a dataset",
                    ids: dataset_ids,
                },
                "dataset",
                "the 2-D task",
            ),
            RaceParam::Optimizer => Spec::new(
                "optimizer",
                Kind::Choice {
                    noun: "an optimizer",
                    ids: optimizer_ids,
                },
                "optimizer",
                "SGD with momentum 0.9, or Adam",
            ),
            RaceParam::Lr => Spec::new("lr", Kind::Real(LR), "learning rate", "the learning rate"),
            RaceParam::Batch => {
                Spec::new("batch", Kind::Whole(BATCH), "minibatch", "minibatch size")
            }
            RaceParam::Steps => Spec::new("steps", Kind::Whole(STEPS), "steps", "steps to train"),
            RaceParam::Seed => Spec::new(
                "seed",
                Kind::Seed,
                "seed",
                "seed of the data, the order and the weights",
            ),
            RaceParam::Scale => Spec::new(
                "scale",
                Kind::Real(SCALE),
                "scale (a, σ, c of naive inits)",
                "a of uniform, σ of normal, c of constant, for every racer",
            ),
            RaceParam::Gain => Spec::new(
                "gain",
                Kind::Real(GAIN),
                "gain",
                "gain of every variance-scaling or orthogonal racer",
            ),
        };
        // The gain's default follows each racer's initializer.
        let plain = self != RaceParam::Gain;
        Spec {
            default: plain.then(|| TrainConfig::default().param_text(self)),
            ..spec
        }
    }

    /// The name: fragment key and CLI flag without `--`.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The setting with this name — the one lookup from a name to a race setting.
    pub fn from_name(name: &str) -> Option<RaceParam> {
        RaceParam::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Why the setting changes nothing for this racer, or `None` (the Lab's rule, [`Param::unused_with`]).
    pub fn unused_with(self, init: Initializer, activation: Activation) -> Option<String> {
        let lab = match self {
            RaceParam::Scale => Param::Scale,
            RaceParam::Gain => Param::Gain,
            RaceParam::Inits
            | RaceParam::Init
            | RaceParam::Activation
            | RaceParam::Depth
            | RaceParam::Width
            | RaceParam::Dataset
            | RaceParam::Optimizer
            | RaceParam::Lr
            | RaceParam::Batch
            | RaceParam::Steps
            | RaceParam::Seed => return None,
        };
        lab.unused_with(init, activation)
    }
}

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
        }
    }

    /// The setting as written in the fragment, or `None` when it is left out (`init` and `steps` always;
    /// `scale` at 1 and `gain` at the initializers' defaults).
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

/// Read a race query leniently: bad values keep their defaults and are reported.
pub fn parse_race_query(query: &str) -> (TrainConfig, Vec<ParamError>) {
    let mut cfg = TrainConfig::default();
    let mut errors = Vec::new();
    let mut pairs: Vec<(Option<RaceParam>, String, String)> = query_pairs(query)
        .into_iter()
        .map(|(k, v)| (RaceParam::from_name(&k), k, v))
        .collect();
    // The initializers first, so scale and gain apply to them wherever they stand.
    pairs.sort_by_key(|(p, _, _)| !matches!(p, Some(RaceParam::Inits | RaceParam::Init)));
    for (p, k, v) in pairs {
        let result = match p {
            Some(p) => cfg.set_param(p, &v),
            None => Err(ParamError {
                name: shorten(&k),
                value: shorten(&v),
                reason: "is not a race setting".into(),
            }),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    (cfg, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reports() {
        let (cfg, errs) = parse_race_query("scale=0.5&inits=normal,he-uniform&activation=tanh&depth=4&dataset=xor&lr=0.1&optimizer=sgd");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(cfg.inits[0].scale, 0.5);
        let (back, errs) = parse_race_query(&cfg.to_query());
        assert!(errs.is_empty());
        assert_eq!(
            back,
            TrainConfig {
                steps: back.steps,
                ..cfg
            }
        );
        let (_, errs) =
            parse_race_query("inits=a,b,c,d,e&depth=1&width=9999&dataset=moons&lr=NaN&x=1");
        let names: Vec<&str> = errs.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["inits", "depth", "width", "dataset", "lr", "x"]);
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
