//! What the variance chart shows while a request is answered stage by stage: the newest answer, with the
//! measurements of an older setting marked stale rather than passed off as the current one.

use super::lab::Run;
use initscope::engine::{Config, SimResult, Stage};

/// What the variance chart shows, and the id of the run its measured curves come from.
pub struct Shown {
    /// The config whose theory (and, unless stale, measured values) are shown.
    pub config: Config,
    /// The config the measured curves belong to.
    pub measured_config: Config,
    result: SimResult,
}

impl std::ops::Deref for Shown {
    type Target = SimResult;
    fn deref(&self) -> &SimResult {
        &self.result
    }
}

/// Compose the newest answers: the newest request's `partial` stage once it has measured its forward pass;
/// before that, the last complete `run`'s measurements (cut to the new depth) under the partial's theory.
pub fn shown_result(run: Option<&Run>, partial: Option<&Run>) -> Option<(Shown, u64)> {
    let from = |r: &Run| Shown {
        config: r.result.config.clone(),
        measured_config: r.result.config.clone(),
        result: r.result.clone(),
    };
    match (run, partial) {
        (_, Some(p)) if p.stage >= Stage::Forward => Some((from(p), p.id)),
        (Some(r), Some(p)) => {
            let mut result = r.result.clone();
            result.layers.truncate(p.result.config.depth);
            result.theory = p.result.theory.clone();
            result.config = p.result.config.clone();
            let shown = Shown {
                config: p.result.config.clone(),
                measured_config: r.result.config.clone(),
                result,
            };
            Some((shown, r.id))
        }
        (None, Some(p)) => Some((from(p), p.id)),
        (Some(r), None) => Some((from(r), r.id)),
        (None, None) => None,
    }
}

/// The id [`shown_result`] gives, without composing the result.
pub fn shown_id(run: Option<&Run>, partial: Option<&Run>) -> Option<u64> {
    match (run, partial) {
        (_, Some(p)) if p.stage >= Stage::Forward => Some(p.id),
        (Some(r), _) => Some(r.id),
        (None, p) => p.map(|p| p.id),
    }
}
