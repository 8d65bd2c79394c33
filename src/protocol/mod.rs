//! The page ↔ web-worker protocol: every [`Request`] the page sends and every [`Reply`] the worker answers,
//! each encoded once into a [`Frame`] (a tag number, a text part and numbers) and decoded once from it.
//!
//! Configs travel as their URL query (parsed with the URL's own schema, so the worker runs exactly the config
//! the page shows); results and race snapshots as the engine's flat f64 codecs ([`crate::engine::codec`],
//! [`crate::train::snapshot`]). Decoding never panics: anything malformed is a [`ProtocolError`].

use crate::engine::{Config, SimOptions, SimResult, Stage};
use crate::state::{parse_query, to_query};
use crate::train::params::parse_race_query;
use crate::train::race::TrainConfig;
use crate::train::snapshot::Snapshot;
use error::err;
use wire::Numbers;

mod error;
mod phase;
mod reply;
#[cfg(test)]
mod tests;
mod wire;

pub use error::ProtocolError;
pub use phase::{PhaseRow, MAX_COLUMNS as MAX_PHASE_COLUMNS};

/// One message on the wire. The page maps it to a JS array `[tag, text, Float64Array]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Which message this is (the `TAG_*` constants).
    pub tag: u32,
    /// Text part: a config query, names, or an error message.
    pub text: String,
    /// Numeric part: ids, counts and encoded results.
    pub data: Vec<f64>,
}

/// [`Request::Simulate`].
pub const TAG_SIMULATE: u32 = 1;
/// [`Request::RaceNew`].
pub const TAG_RACE_NEW: u32 = 2;
/// [`Request::RaceRun`].
pub const TAG_RACE_RUN: u32 = 3;
/// [`Request::Bench`].
pub const TAG_BENCH: u32 = 4;
/// [`Request::Phase`].
pub const TAG_PHASE: u32 = 5;
/// [`Request::Draw`].
pub const TAG_DRAW: u32 = 6;
/// [`Reply::Ready`].
pub const TAG_READY: u32 = 101;
/// [`Reply::Progress`].
pub const TAG_PROGRESS: u32 = 102;
/// [`Reply::Result`].
pub const TAG_RESULT: u32 = 103;
/// [`Reply::Band`].
pub const TAG_BAND: u32 = 104;
/// [`Reply::RaceSnapshot`].
pub const TAG_RACE_SNAPSHOT: u32 = 105;
/// [`Reply::Bench`].
pub const TAG_BENCH_RESULT: u32 = 106;
/// [`Reply::Error`].
pub const TAG_ERROR: u32 = 107;
/// [`Reply::PhaseRow`].
pub const TAG_PHASE_ROW: u32 = 108;
/// A layer drawn for a [`Request::Draw`]. Not a [`Reply`]: it carries the weights as they are, in f32 arrays
/// beside the frame, from the helper worker to the worker that asked (see the web crate's `worker::helper`).
pub const TAG_DRAWN: u32 = 109;
/// A weight product for the helper worker to compute (not a [`Request`]): `[tag, "", Float64Array [job,
/// layer, rows, fan_in, fan_out], Float32Array a, Float32Array ∂L/∂h]` (see `engine::deferred`).
pub const TAG_WEIGHT_GRAD: u32 = 7;
/// The helper's answer to a [`TAG_WEIGHT_GRAD`] message: `[tag, "", Float64Array [job, layer, Var(∂L/∂W)]]`.
pub const TAG_WEIGHT_GRAD_VAR: u32 = 110;

/// One simulation request.
#[derive(Clone, Debug, PartialEq)]
pub struct Simulation {
    /// Increasing id; answers carry it so stale ones can be dropped.
    pub id: u64,
    /// What to simulate.
    pub config: Config,
    /// Layers whose histograms are wanted.
    pub histogram_layers: Vec<usize>,
    /// Seeds for the spread band (0 or 1 = no band).
    pub spread_seeds: u64,
    /// Whether to compute the input–output Jacobian's singular values (where the config allows it).
    pub jacobian: bool,
    /// Answer every [`Stage`] as it is reached (the theory at once, then the forward pass, then the
    /// rest), and let a newer progressive request supersede this one. Otherwise the request is queued
    /// behind the others and answered once, complete.
    pub progressive: bool,
    /// Measure Var(∂L/∂W) too (one product per layer more; only the Lab's table and the CLI show it).
    pub weight_grads: bool,
}

impl Simulation {
    /// The engine's options for this request.
    pub fn options(&self) -> SimOptions {
        SimOptions {
            histogram_layers: self.histogram_layers.clone(),
            jacobian: self.jacobian,
            without_weight_grads: !self.weight_grads,
        }
    }
}

/// What the page asks of the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Run one simulation: answered by [`Reply::Progress`]es (long runs), a [`Reply::Result`] per
    /// [`Stage`] when `progressive` (else one, complete) and, with `spread_seeds > 1`, a [`Reply::Band`].
    Simulate(Simulation),
    /// Start a training race of generation `gen`: answered by its first [`Reply::RaceSnapshot`].
    RaceNew {
        /// The race's generation (bumped by every new config or reset).
        gen: u64,
        /// What to race.
        config: TrainConfig,
    },
    /// Advance the race of generation `gen` by up to `steps` steps (a time slice): one [`Reply::RaceSnapshot`].
    RaceRun {
        /// Generation; a stale one is answered with [`Reply::Error`].
        gen: u64,
        /// Most steps to take.
        steps: usize,
        /// Record the curves every this many steps.
        every: usize,
        /// Whether the snapshot carries the decision boundaries.
        boundaries: bool,
    },
    /// Time the engine in this context: one [`Reply::Bench`].
    Bench(BenchScope),
    /// Compute one row of the phase diagram: one [`Reply::PhaseRow`].
    Phase(PhaseRow),
    /// Draw layers of a run for the worker that will run it (sent to the helper worker, which answers each
    /// layer as a [`TAG_DRAWN`] message). A newer request replaces what is left of an older one.
    Draw {
        /// Increasing number; each drawn layer carries it, so a late one is recognised.
        gen: u64,
        /// The run whose layers to draw.
        config: Config,
        /// Which of its layers: positions in `kept::draws(config)`, in the order to draw them.
        positions: Vec<usize>,
    },
}

/// How much of the benchmark a [`Request::Bench`] asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenchScope {
    /// Every figure.
    Full,
    /// Only a fresh worker's first runs (cold, then again): a first run can be timed only once per worker,
    /// so the benchmark asks several fresh workers for it.
    FirstRuns,
    /// No timing: the worker's counters (whether its helper worker is up, and how many layers it has
    /// supplied).
    Counters,
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// The worker is up and takes requests.
    Ready,
    /// A long simulation is this far along (0..1).
    Progress {
        /// The request's id.
        id: u64,
        /// Fraction done.
        fraction: f64,
    },
    /// A simulation, as far as it has got.
    Result {
        /// The request's id.
        id: u64,
        /// How far: statistics of later stages are NaN, and the verdict means something only when
        /// [`Stage::Complete`].
        stage: Stage,
        /// Wall-clock milliseconds of the run so far.
        ms: f64,
        /// The run.
        result: Box<SimResult>,
    },
    /// The spread band of a simulation: per-layer min and max of Var(h) over several seeds.
    Band {
        /// The request's id.
        id: u64,
        /// Per-layer minimum.
        lo: Vec<f64>,
        /// Per-layer maximum.
        hi: Vec<f64>,
    },
    /// The race of generation `gen` as it stands.
    RaceSnapshot {
        /// The race's generation.
        gen: u64,
        /// Its curves (and boundaries, when asked).
        snapshot: Snapshot,
    },
    /// Benchmark timings, by name.
    Bench {
        /// (name, value) pairs; names contain no newline.
        values: Vec<(String, f64)>,
    },
    /// One computed row of the phase diagram.
    PhaseRow {
        /// The request's id.
        id: u64,
        /// The row's index (as asked).
        row: usize,
        /// σ_w² of the critical line χ₁ = 1 at this row's σ_b², if it crosses.
        critical: Option<f64>,
        /// The row's points, in σ_w² order.
        points: Vec<crate::engine::phase::PhasePoint>,
    },
    /// A request could not be served.
    Error {
        /// The id or generation of the request, when known.
        id: Option<u64>,
        /// What went wrong.
        message: String,
    },
}

fn frame(tag: u32, text: impl Into<String>, data: Vec<f64>) -> Frame {
    Frame {
        tag,
        text: text.into(),
        data,
    }
}

/// A config from its query, strictly: any ignored parameter is an error.
fn config_of(query: &str) -> Result<Config, ProtocolError> {
    let (config, errors) = parse_query(query);
    match errors.first() {
        None => Ok(config),
        Some(e) => err(format!("config: {}={} {}", e.name, e.value, e.reason)),
    }
}

impl Request {
    /// Encode into a frame.
    pub fn encode(&self) -> Frame {
        match self {
            Request::Simulate(s) => {
                let mut data = vec![
                    s.id as f64,
                    s.spread_seeds as f64,
                    s.jacobian as u8 as f64,
                    s.progressive as u8 as f64,
                    s.weight_grads as u8 as f64,
                ];
                data.extend(s.histogram_layers.iter().map(|&l| l as f64));
                frame(TAG_SIMULATE, to_query(&s.config), data)
            }
            Request::RaceNew { gen, config } => {
                frame(TAG_RACE_NEW, config.to_query(), vec![*gen as f64])
            }
            Request::RaceRun {
                gen,
                steps,
                every,
                boundaries,
            } => frame(
                TAG_RACE_RUN,
                "",
                vec![
                    *gen as f64,
                    *steps as f64,
                    *every as f64,
                    *boundaries as u8 as f64,
                ],
            ),
            Request::Bench(scope) => frame(
                TAG_BENCH,
                "",
                vec![match scope {
                    BenchScope::Full => 0.0,
                    BenchScope::FirstRuns => 1.0,
                    BenchScope::Counters => 2.0,
                }],
            ),
            Request::Draw {
                gen,
                config,
                positions,
            } => {
                let mut data = vec![*gen as f64];
                data.extend(positions.iter().map(|&p| p as f64));
                frame(TAG_DRAW, to_query(config), data)
            }
            Request::Phase(row) => {
                let (text, data) = row.encode();
                frame(TAG_PHASE, text, data)
            }
        }
    }

    /// Decode what [`Request::encode`] wrote.
    pub fn decode(f: &Frame) -> Result<Request, ProtocolError> {
        let mut n = Numbers::new(&f.data);
        let req = match f.tag {
            TAG_SIMULATE => {
                let (id, spread_seeds, jacobian, progressive, weight_grads) =
                    (n.whole()?, n.whole()?, n.flag()?, n.flag()?, n.flag()?);
                let mut histogram_layers = Vec::new();
                while n.at < f.data.len() {
                    histogram_layers.push(n.count()?);
                }
                Request::Simulate(Simulation {
                    id,
                    config: config_of(&f.text)?,
                    histogram_layers,
                    spread_seeds,
                    jacobian,
                    progressive,
                    weight_grads,
                })
            }
            TAG_RACE_NEW => {
                let gen = n.whole()?;
                let (config, errors) = parse_race_query(&f.text);
                if let Some(e) = errors.first() {
                    return err(format!("race config: {}={} {}", e.name, e.value, e.reason));
                }
                Request::RaceNew { gen, config }
            }
            TAG_RACE_RUN => Request::RaceRun {
                gen: n.whole()?,
                steps: n.count()?,
                every: n.count()?,
                boundaries: n.flag()?,
            },
            TAG_BENCH => Request::Bench(match n.count()? {
                0 => BenchScope::Full,
                1 => BenchScope::FirstRuns,
                2 => BenchScope::Counters,
                s => return err(format!("{s} is not a benchmark scope")),
            }),
            TAG_DRAW => {
                let gen = n.whole()?;
                let mut positions = Vec::new();
                while n.at < f.data.len() {
                    positions.push(n.count()?);
                }
                Request::Draw {
                    gen,
                    config: config_of(&f.text)?,
                    positions,
                }
            }
            TAG_PHASE => Request::Phase(PhaseRow::decode(&f.text, &mut n)?),
            t => return err(format!("unknown request tag {t}")),
        };
        n.end()?;
        Ok(req)
    }
}
