//! What the variance chart shows while a request is answered stage by stage: the newest answer, with the
//! measurements of an older setting marked stale rather than passed off as the current one.

use super::state::Run;
use initscope::engine::{Config, SimResult, Stage};

/// What the variance chart shows: its `config` (through [`SimResult`]) is the one whose theory is drawn.
pub struct Shown {
    /// The config the measured curves belong to (another one when they are stale).
    pub measured_config: Config,
    result: SimResult,
}

impl std::ops::Deref for Shown {
    type Target = SimResult;
    fn deref(&self) -> &SimResult {
        &self.result
    }
}

/// Where the chart's measured curves and its theory come from.
struct Source<'a> {
    measured: &'a Run,
    theory: &'a Run,
}

/// The newest request's `partial` stage once it has measured its forward pass; before that, the last
/// complete `run`'s measurements under the partial's theory. A complete run of the very config the partial
/// measures again (opening the table, asking for the Jacobian) stays shown whole: nothing to update.
fn source<'a>(run: Option<&'a Run>, partial: Option<&'a Run>) -> Option<Source<'a>> {
    match (run, partial) {
        (Some(r), Some(p)) if r.result.config == p.result.config => Some(Source {
            measured: r,
            theory: r,
        }),
        (Some(r), Some(p)) if p.stage < Stage::Forward => Some(Source {
            measured: r,
            theory: p,
        }),
        (_, Some(p)) | (Some(p), None) => Some(Source {
            measured: p,
            theory: p,
        }),
        (None, None) => None,
    }
}

/// Compose the newest answers (see `source`; older measurements are cut to the new depth), with the id of
/// the run the measured curves come from.
pub fn shown_result(run: Option<&Run>, partial: Option<&Run>) -> Option<(Shown, u64)> {
    let Source { measured, theory } = source(run, partial)?;
    let mut result = measured.result.clone();
    if !std::ptr::eq(measured, theory) {
        result.layers.truncate(theory.result.config.depth);
        result.theory = theory.result.theory.clone();
        result.config = theory.result.config.clone();
    }
    let shown = Shown {
        measured_config: measured.result.config.clone(),
        result,
    };
    Some((shown, measured.id))
}

/// The id [`shown_result`] gives, without composing the result.
pub fn shown_id(run: Option<&Run>, partial: Option<&Run>) -> Option<u64> {
    source(run, partial).map(|s| s.measured.id)
}

/// The stage the chart has reached: the newest request's, unless the complete run shown is of its very
/// config (then nothing is left to update). Complete before any answer.
pub fn shown_stage(run: Option<&Run>, partial: Option<&Run>) -> Stage {
    source(run, partial).map_or(Stage::Complete, |s| s.theory.stage)
}
