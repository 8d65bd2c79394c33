//! Encoding and decoding [`Reply`]s.

use super::error::{err, ProtocolError};
use super::wire::{plausible_result, plausible_snapshot, Numbers};
use super::{
    config_of, frame, phase, Frame, Reply, TAG_BAND, TAG_BENCH_RESULT, TAG_ERROR, TAG_PHASE_ROW,
    TAG_PROGRESS, TAG_RACE_SNAPSHOT, TAG_READY, TAG_RESULT,
};
use crate::engine::{codec, Stage};
use crate::state::to_query;
use crate::train::snapshot;

/// A stage on the wire: its index in [`Stage::ALL`].
fn stage_number(stage: Stage) -> f64 {
    Stage::ALL.iter().position(|&s| s == stage).unwrap_or(0) as f64
}

fn stage_of(n: u64) -> Result<Stage, ProtocolError> {
    usize::try_from(n)
        .ok()
        .and_then(|i| Stage::ALL.get(i).copied())
        .ok_or_else(|| ProtocolError(format!("{n} is not a stage")))
}

impl Reply {
    /// Encode into a frame.
    pub fn encode(&self) -> Frame {
        match self {
            Reply::Ready => frame(TAG_READY, "", Vec::new()),
            Reply::Progress { id, fraction } => {
                frame(TAG_PROGRESS, "", vec![*id as f64, *fraction])
            }
            Reply::Result {
                id,
                stage,
                ms,
                result,
            } => {
                let mut data = vec![*id as f64, stage_number(*stage), *ms];
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
            Reply::PhaseRow {
                id,
                row,
                critical,
                points,
            } => {
                let mut data = vec![*id as f64, *row as f64, critical.unwrap_or(f64::NAN)];
                phase::encode_points(points, &mut data);
                frame(TAG_PHASE_ROW, "", data)
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
                let (id, stage, ms) = (n.whole()?, stage_of(n.whole()?)?, n.float()?);
                let config = config_of(&f.text)?;
                let rest = n.rest();
                if !plausible_result(rest) {
                    return err("result data");
                }
                let result =
                    codec::decode(rest, &config).ok_or(ProtocolError("result data".into()))?;
                Reply::Result {
                    id,
                    stage,
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
            TAG_PHASE_ROW => {
                let (id, row, critical) = (n.whole()?, n.count()?, n.float()?);
                Reply::PhaseRow {
                    id,
                    row,
                    critical: (!critical.is_nan()).then_some(critical),
                    points: phase::decode_points(n.rest())?,
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
