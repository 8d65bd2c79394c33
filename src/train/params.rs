//! The race's settings: one table ([`RaceParam::spec`]) for the page's `#race?…` fragment, the race form and
//! `initscope train`'s flags, read by the same [`Spec`] parsers and with the same error style as the Lab's
//! (`crate::state`). [`parse_race_query`] reads a `#race?…` query by this table, through
//! [`TrainConfig::set_param`] (`query.rs`).

use super::race::{TrainConfig, BATCH, DEPTH, LR, MAX_RACERS, MAX_STEPS, STEPS, WIDTH};
use crate::engine::arch::Arch;
use crate::engine::config::{GAIN, SCALE as LAB_SCALE};
use crate::engine::{Activation, Initializer};
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
    /// `arch`: mlp or residual (the Lab's [`Param::Arch`]; no rnn).
    Arch,
    /// `norm`: none, batch or layer normalization (the Lab's [`Param::Norm`]).
    Norm,
    /// `branch-scale`: α of the residual branch (the Lab's [`Param::BranchScale`]).
    BranchScale,
    /// `zero-init-last`: residual blocks' second matrix at 0 (the Lab's [`Param::ZeroInitLast`]).
    ZeroInitLast,
}

/// The architectures the race trains (2-D points are not sequences: no rnn).
pub const ARCHS: [Arch; 2] = [Arch::Mlp, Arch::Residual];

fn arch_ids() -> Vec<&'static str> {
    ARCHS.iter().map(|a| a.id()).collect()
}

fn dataset_ids() -> Vec<&'static str> {
    super::Dataset::ALL.iter().map(|d| d.id()).collect()
}

fn optimizer_ids() -> Vec<&'static str> {
    vec![
        super::optim::Optimizer::Sgd.id(),
        super::optim::Optimizer::Adam.id(),
    ]
}

impl RaceParam {
    /// Every race setting, in the order the fragment is written.
    pub const ALL: [RaceParam; 17] = [
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
        RaceParam::Arch,
        RaceParam::Norm,
        RaceParam::BranchScale,
        RaceParam::ZeroInitLast,
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
                "hidden layers (mlp) or blocks (residual)",
            ),
            RaceParam::Width => Spec::new(
                "width",
                Kind::Whole(WIDTH),
                "width",
                "units per hidden layer, or the residual stream's width",
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
            RaceParam::Arch => Spec {
                kind: Kind::Choice {
                    noun: "an architecture the race trains",
                    ids: arch_ids,
                },
                label: "architecture",
                help: "a plain stack, or an input layer then depth pre-norm residual blocks",
                ..Param::Arch.spec()
            },
            RaceParam::Norm => Spec {
                help: "BatchNorm or LayerNorm (mlp: before φ; residual: at each block)",
                ..Param::Norm.spec()
            },
            RaceParam::BranchScale => Param::BranchScale.spec(),
            RaceParam::ZeroInitLast => Param::ZeroInitLast.spec(),
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

    /// Why the setting changes nothing for this racer in this race, or `None`: the residual branch's settings
    /// in a plain stack (the Lab's words), then [`RaceParam::unused_with`].
    pub fn unused_in(self, cfg: &TrainConfig, init: Initializer) -> Option<String> {
        match self {
            RaceParam::BranchScale | RaceParam::ZeroInitLast if cfg.arch != Arch::Residual => {
                Some(format!(
                    "does not apply to {} (only residual blocks have a branch)",
                    cfg.arch.id()
                ))
            }
            _ => self.unused_with(init, cfg.activation),
        }
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
            | RaceParam::Seed
            | RaceParam::Arch
            | RaceParam::Norm
            | RaceParam::BranchScale
            | RaceParam::ZeroInitLast => return None,
        };
        lab.unused_with(init, activation)
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

/// A race link as the page reads it: [`parse_race_query`], plus a note for `steps`, which only the CLI uses
/// (the page trains until paused, at most [`MAX_STEPS`] steps), so that it is never dropped unexplained.
pub fn parse_race_link(query: &str) -> (TrainConfig, Vec<ParamError>) {
    let (cfg, mut errors) = parse_race_query(query);
    let steps = RaceParam::Steps.name();
    for (k, v) in query_pairs(query) {
        if k == steps && !errors.iter().any(|e| e.name == k) {
            errors.push(ParamError {
                name: k,
                value: shorten(&v),
                reason: format!(
                    "is for `initscope train`: the page trains until you pause it (at most {MAX_STEPS} steps)"
                ),
            });
        }
    }
    (cfg, errors)
}
