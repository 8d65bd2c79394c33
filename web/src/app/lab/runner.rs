//! Runs the Lab's simulations on its worker ([`WorkerLink`]), newest first. Every settings change is posted
//! at once as a progressive request: the worker answers its theory within one slice, then its forward pass,
//! then the rest, and lets it supersede any older request (see `worker::jobs`). The worker is never
//! terminated to cancel a run. Without a worker nothing is computed and the app's banner says why.
//!
//! What reaches the sinks: every stage of the newest request, in order, goes to [`Sinks::partial`] until
//! that request is complete; a complete run goes to [`Sinks::run`] unless a newer one is already shown. An
//! answer for an older request never replaces a newer one.

use super::state::Run;
use crate::worker::WorkerLink;
use initscope::engine::Stage;
use initscope::protocol::{Reply, Request, Simulation};
use leptos::prelude::*;
use std::cell::RefCell;

/// The spread band of one request: per-layer min and max of Var(h) over several seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// The request's id.
    pub id: u64,
    /// Per-layer minimum.
    pub lo: Vec<f64>,
    /// Per-layer maximum.
    pub hi: Vec<f64>,
}

/// Where answers go.
#[derive(Clone, Copy)]
pub struct Sinks {
    /// The latest complete run (of the newest request that has completed).
    pub run: RwSignal<Option<Run>>,
    /// The newest request's latest stage while it is not complete (`None` once it is, or before any).
    pub partial: RwSignal<Option<Run>>,
    /// The spread band of the latest run that asked for one.
    pub band: RwSignal<Option<Band>>,
    /// Progress of a long run in flight, 0..1.
    pub progress: RwSignal<Option<f64>>,
    /// Whether a newer request than the shown run is being computed.
    pub busy: RwSignal<bool>,
}

struct Runner {
    sinks: Sinks,
    link: WorkerLink,
    /// Whether the link has said [`Reply::Ready`] (requests sent before that would be lost).
    ready: bool,
    /// The newest request, until it is fully answered (sent again after a crash).
    newest: Option<Simulation>,
    /// The id of the newest request.
    newest_id: u64,
    /// The id of the run in [`Sinks::run`].
    shown: u64,
}

impl Runner {
    /// The newest request is fully answered.
    fn done(&mut self) {
        self.newest = None;
        self.sinks.partial.set(None);
        self.sinks.progress.set(None);
        self.sinks.busy.set(false);
    }

    fn waits_for_band(&self) -> bool {
        self.newest.as_ref().is_some_and(|j| j.spread_seeds > 1)
    }
}

thread_local! {
    static RUNNER: RefCell<Option<Runner>> = const { RefCell::new(None) };
}

/// Submit a request (made progressive, and given the next id: ids only grow, however often the Lab
/// view is mounted again); its answers arrive in the sinks.
pub fn submit(sinks: Sinks, mut job: Simulation) {
    job.progressive = true;
    RUNNER.with(|r| {
        let mut slot = r.borrow_mut();
        let runner = slot.get_or_insert_with(|| Runner {
            sinks,
            link: WorkerLink::start(on_reply),
            ready: false,
            newest: None,
            newest_id: 0,
            shown: 0,
        });
        runner.sinks = sinks;
        sinks.busy.set(true);
        job.id = runner.newest_id + 1;
        runner.newest_id = job.id;
        runner.newest = Some(job.clone());
        if runner.ready {
            runner.link.post(Request::Simulate(job));
        }
    });
}

fn on_reply(reply: Reply) {
    RUNNER.with(|r| {
        let mut slot = r.borrow_mut();
        let Some(runner) = slot.as_mut() else { return };
        let sinks = runner.sinks;
        match reply {
            Reply::Ready => {
                runner.ready = true;
                // The first request, or (after a crash) the one that was unanswered, is sent again.
                if let Some(job) = runner.newest.clone() {
                    runner.link.post(Request::Simulate(job));
                }
            }
            Reply::Progress { id, fraction } if id == runner.newest_id => {
                sinks.progress.set(Some(fraction))
            }
            Reply::Result {
                id,
                stage,
                ms,
                result,
            } => {
                let run = Run {
                    result: *result,
                    ms,
                    id,
                    stage,
                };
                if stage != Stage::Complete {
                    if id == runner.newest_id {
                        sinks.partial.set(Some(run));
                    }
                    return;
                }
                if id > runner.shown {
                    runner.shown = id;
                    sinks.run.set(Some(run));
                }
                if id == runner.newest_id {
                    sinks.partial.set(None);
                    sinks.progress.set(None);
                    if !runner.waits_for_band() {
                        runner.done();
                    }
                }
            }
            Reply::Band { id, lo, hi } => {
                if id == runner.shown {
                    sinks.band.set(Some(Band { id, lo, hi }));
                }
                if id == runner.newest_id {
                    runner.done();
                }
            }
            Reply::Error { id, message } => {
                web_sys::console::error_1(&format!("initscope worker: {message}").into());
                if id == Some(runner.newest_id) {
                    runner.done();
                }
            }
            // Stale progress, and replies to requests the Lab never sends.
            _ => {}
        }
    });
}
