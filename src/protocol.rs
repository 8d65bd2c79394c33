//! The page ↔ web-worker protocol: every [`Request`] the page sends and every [`Reply`] the worker answers,
//! each encoded once into a [`Frame`] (a tag number, a text part and numbers) and decoded once from it.
//!
//! Configs travel as their URL query (parsed with the URL's own schema, so the worker runs exactly the config
//! the page shows); results and race snapshots as the engine's flat f64 codecs ([`crate::engine::codec`],
//! [`crate::train::snapshot`]). Decoding never panics: anything malformed is a [`ProtocolError`].

use crate::engine::{codec, Config, SimResult};
use crate::state::{parse_query, to_query};
use crate::train::params::parse_race_query;
use crate::train::race::TrainConfig;
use crate::train::snapshot::{self, Snapshot};
use std::fmt;

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

/// Why a frame could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed message: {}", self.0)
    }
}

impl std::error::Error for ProtocolError {}

fn err<T>(why: impl Into<String>) -> Result<T, ProtocolError> {
    Err(ProtocolError(why.into()))
}

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
}

/// What the page asks of the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Run one simulation: answered by [`Reply::Progress`]es (long runs), a [`Reply::Result`] and, with
    /// `spread_seeds > 1`, a [`Reply::Band`].
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
    Bench,
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
    /// A finished simulation.
    Result {
        /// The request's id.
        id: u64,
        /// Wall-clock milliseconds of the run.
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
    /// A request could not be served.
    Error {
        /// The id or generation of the request, when known.
        id: Option<u64>,
        /// What went wrong.
        message: String,
    },
}

/// Reads the numeric part of a frame, checking every count and id.
struct Numbers<'a> {
    data: &'a [f64],
    at: usize,
}

impl<'a> Numbers<'a> {
    fn new(data: &'a [f64]) -> Self {
        Numbers { data, at: 0 }
    }

    fn float(&mut self) -> Result<f64, ProtocolError> {
        let x = *self
            .data
            .get(self.at)
            .ok_or(ProtocolError("too few numbers".into()))?;
        self.at += 1;
        Ok(x)
    }

    /// A whole number in 0..=2⁵³ (exact in f64).
    fn whole(&mut self) -> Result<u64, ProtocolError> {
        let x = self.float()?;
        if !(0.0..=9_007_199_254_740_992.0).contains(&x) || x.fract() != 0.0 {
            return err(format!("{x} is not a whole number"));
        }
        Ok(x as u64)
    }

    fn count(&mut self) -> Result<usize, ProtocolError> {
        usize::try_from(self.whole()?).or(err("count too large"))
    }

    fn flag(&mut self) -> Result<bool, ProtocolError> {
        match self.whole()? {
            0 => Ok(false),
            1 => Ok(true),
            x => err(format!("{x} is not 0 or 1")),
        }
    }

    fn rest(&mut self) -> &'a [f64] {
        let r = &self.data[self.at.min(self.data.len())..];
        self.at = self.data.len();
        r
    }

    fn end(&self) -> Result<(), ProtocolError> {
        if self.at == self.data.len() {
            Ok(())
        } else {
            err("trailing numbers")
        }
    }
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
                let mut data = vec![s.id as f64, s.spread_seeds as f64];
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
            Request::Bench => frame(TAG_BENCH, "", Vec::new()),
        }
    }

    /// Decode what [`Request::encode`] wrote.
    pub fn decode(f: &Frame) -> Result<Request, ProtocolError> {
        let mut n = Numbers::new(&f.data);
        let req = match f.tag {
            TAG_SIMULATE => {
                let (id, spread_seeds) = (n.whole()?, n.whole()?);
                let mut histogram_layers = Vec::new();
                while n.at < f.data.len() {
                    histogram_layers.push(n.count()?);
                }
                Request::Simulate(Simulation {
                    id,
                    config: config_of(&f.text)?,
                    histogram_layers,
                    spread_seeds,
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
            TAG_BENCH => Request::Bench,
            t => return err(format!("unknown request tag {t}")),
        };
        n.end()?;
        Ok(req)
    }
}

/// The codec's histogram count (index 9) must be a sane count before the codec sizes anything by it.
fn plausible_result(v: &[f64]) -> bool {
    v.len() >= 10 && v[9] >= 0.0 && v[9] <= v.len() as f64
}

/// Walk the snapshot codec's layout checking that every count fits in what is left, before
/// [`snapshot::decode`] loops or sizes anything by it (it would loop without end on a huge row count of
/// empty gradient rows).
fn plausible_snapshot(v: &[f64]) -> bool {
    let left = |at: usize| v.len().saturating_sub(at) as f64;
    let count = |at: usize| v.get(at).copied().filter(|&x| x >= 0.0 && x <= left(at));
    let Some(racers) = count(3) else { return false };
    let mut at = 4;
    for _ in 0..racers as usize {
        let Some(h) = count(at + 1) else { return false };
        at += 2 + 4 * h as usize;
        let (Some(rows), Some(layers)) = (count(at), count(at + 1)) else {
            return false;
        };
        if rows * layers > left(at + 2) || (layers == 0.0 && rows > 0.0) {
            return false;
        }
        at += 2 + (rows * layers) as usize;
        match v.get(at) {
            Some(b) if b.is_nan() => at += 1,
            Some(_) => match count(at) {
                Some(b) => at += 1 + b as usize,
                None => return false,
            },
            None => return false,
        }
    }
    true
}

impl Reply {
    /// Encode into a frame.
    pub fn encode(&self) -> Frame {
        match self {
            Reply::Ready => frame(TAG_READY, "", Vec::new()),
            Reply::Progress { id, fraction } => {
                frame(TAG_PROGRESS, "", vec![*id as f64, *fraction])
            }
            Reply::Result { id, ms, result } => {
                let mut data = vec![*id as f64, *ms];
                data.extend(codec::encode(result));
                frame(TAG_RESULT, to_query(&result.config), data)
            }
            Reply::Band { id, lo, hi } => {
                let mut data = vec![*id as f64];
                data.extend(lo.iter().chain(hi));
                frame(TAG_BAND, "", data)
            }
            Reply::RaceSnapshot { gen, snapshot } => {
                let mut data = vec![*gen as f64];
                data.extend(snapshot::encode(snapshot));
                frame(TAG_RACE_SNAPSHOT, "", data)
            }
            Reply::Bench { values } => {
                let names: Vec<&str> = values.iter().map(|(k, _)| k.as_str()).collect();
                frame(
                    TAG_BENCH_RESULT,
                    names.join("\n"),
                    values.iter().map(|(_, v)| *v).collect(),
                )
            }
            Reply::Error { id, message } => frame(
                TAG_ERROR,
                message.clone(),
                id.iter().map(|&i| i as f64).collect(),
            ),
        }
    }

    /// Decode what [`Reply::encode`] wrote.
    pub fn decode(f: &Frame) -> Result<Reply, ProtocolError> {
        let mut n = Numbers::new(&f.data);
        let reply = match f.tag {
            TAG_READY => Reply::Ready,
            TAG_PROGRESS => Reply::Progress {
                id: n.whole()?,
                fraction: n.float()?,
            },
            TAG_RESULT => {
                let (id, ms) = (n.whole()?, n.float()?);
                let config = config_of(&f.text)?;
                let rest = n.rest();
                if !plausible_result(rest) {
                    return err("result data");
                }
                let result =
                    codec::decode(rest, &config).ok_or(ProtocolError("result data".into()))?;
                Reply::Result {
                    id,
                    ms,
                    result: Box::new(result),
                }
            }
            TAG_BAND => {
                let id = n.whole()?;
                let both = n.rest();
                if !both.len().is_multiple_of(2) {
                    return err("band halves differ in length");
                }
                let (lo, hi) = both.split_at(both.len() / 2);
                Reply::Band {
                    id,
                    lo: lo.to_vec(),
                    hi: hi.to_vec(),
                }
            }
            TAG_RACE_SNAPSHOT => {
                let gen = n.whole()?;
                let rest = n.rest();
                if !plausible_snapshot(rest) {
                    return err("snapshot data");
                }
                let snapshot =
                    snapshot::decode(rest).ok_or(ProtocolError("snapshot data".into()))?;
                Reply::RaceSnapshot { gen, snapshot }
            }
            TAG_BENCH_RESULT => {
                let names: Vec<&str> = if f.text.is_empty() {
                    Vec::new()
                } else {
                    f.text.split('\n').collect()
                };
                if names.len() != f.data.len() {
                    return err("bench names and values differ in number");
                }
                let values = names
                    .into_iter()
                    .map(String::from)
                    .zip(n.rest().iter().copied());
                Reply::Bench {
                    values: values.collect(),
                }
            }
            TAG_ERROR => Reply::Error {
                id: if f.data.is_empty() {
                    None
                } else {
                    Some(n.whole()?)
                },
                message: f.text.clone(),
            },
            t => return err(format!("unknown reply tag {t}")),
        };
        n.end()?;
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, Activation, Initializer, SimOptions};

    fn job() -> Simulation {
        Simulation {
            id: 41,
            config: Config {
                init: Initializer::Orthogonal,
                activation: Activation::Selu,
                gain: Some(1.25),
                ..Config::default()
            },
            histogram_layers: vec![1, 25, 50],
            spread_seeds: 8,
        }
    }

    #[test]
    fn simulate_round_trips() {
        let req = Request::Simulate(job());
        assert_eq!(Request::decode(&req.encode()), Ok(req));
        let none = Request::Simulate(Simulation {
            histogram_layers: vec![],
            spread_seeds: 0,
            ..job()
        });
        assert_eq!(Request::decode(&none.encode()), Ok(none));
    }

    #[test]
    fn rejects_bad_requests() {
        let bad = |tag, text: &str, data: &[f64]| Request::decode(&frame(tag, text, data.to_vec()));
        assert!(bad(TAG_SIMULATE, "depth=999", &[1.0, 0.0]).is_err());
        assert!(bad(TAG_SIMULATE, "", &[1.5, 0.0]).is_err());
        assert!(bad(TAG_SIMULATE, "", &[1.0]).is_err());
        assert!(bad(TAG_RACE_RUN, "", &[1.0, 4.0, 10.0, 2.0]).is_err());
        assert!(bad(TAG_RACE_RUN, "", &[1.0, 4.0, 10.0, 1.0, 0.0]).is_err());
        assert!(bad(999, "", &[]).is_err());
        assert!(bad(TAG_READY, "", &[]).is_err(), "a reply is not a request");
    }

    #[test]
    fn result_carries_its_config() {
        let cfg = Config {
            depth: 5,
            width: 8,
            batch: 4,
            ..Config::default()
        };
        let r = simulate(
            &cfg,
            &SimOptions {
                histogram_layers: vec![1, 5],
            },
        );
        let reply = Reply::Result {
            id: 3,
            ms: 1.5,
            result: Box::new(r.clone()),
        };
        match Reply::decode(&reply.encode()) {
            Ok(Reply::Result { id, ms, result }) => {
                assert_eq!((id, ms), (3, 1.5));
                assert_eq!(result.config, cfg);
                assert_eq!(codec::encode(&result).len(), codec::encode(&r).len());
            }
            other => panic!("{other:?}"),
        }
    }
}
