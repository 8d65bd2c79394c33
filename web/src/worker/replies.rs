//! The replies a simulation produces, the same on the worker's slices ([`super::jobs`]) and in one go
//! ([`super::handler`]): each stage's result, progress (when due) and the spread band.

use initscope::engine::spread::variance_band;
use initscope::engine::Job;
use initscope::protocol::{Reply, Simulation};

/// Progress is reported only for runs longer than this (ms), at most every [`PROGRESS_EVERY_MS`].
const PROGRESS_AFTER_MS: f64 = 150.0;
/// Least milliseconds between two progress reports.
const PROGRESS_EVERY_MS: f64 = 60.0;

/// Whether to report progress: the run is `elapsed` ms long, the last report `since` ms ago.
pub fn progress_due(elapsed: f64, since: f64) -> bool {
    elapsed > PROGRESS_AFTER_MS && since > PROGRESS_EVERY_MS
}

/// The reply for the stage `job` has reached (its statistics so far), `ms` into the run.
pub fn stage_reply(id: u64, ms: f64, job: &Job) -> Reply {
    Reply::Result {
        id,
        stage: job.stage(),
        ms,
        result: Box::new(job.snapshot()),
    }
}

/// The spread band of a finished request, if it asked for one.
pub fn band(job: &Simulation, reply: &mut dyn FnMut(Reply)) {
    if job.spread_seeds > 1 {
        let (lo, hi) = variance_band(&job.config, job.spread_seeds);
        reply(Reply::Band { id: job.id, lo, hi });
    }
}
