//! Runs the Lab's simulations on its worker ([`WorkerLink`]), newest request first: while one runs, a newer
//! request waits (only the newest is kept); a run that has taken longer than [`RESTART_AFTER_MS`] is
//! cancelled outright by restarting the worker. Without a worker the link serves requests on the page.

use super::dom;
use super::lab::Run;
use crate::worker::WorkerLink;
use initscope::protocol::{Reply, Request, Simulation};
use leptos::prelude::*;
use std::cell::RefCell;

/// A run in flight for longer than this is cancelled when a newer request arrives.
pub const RESTART_AFTER_MS: f64 = 250.0;

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
    /// The latest finished run.
    pub run: RwSignal<Option<Run>>,
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
    /// The request being computed, and when it was sent.
    in_flight: Option<(Simulation, f64)>,
    /// The newest request not yet sent.
    pending: Option<Simulation>,
}

impl Runner {
    fn send(&mut self, job: Simulation) {
        self.in_flight = Some((job.clone(), dom::now_ms()));
        self.link.post(Request::Simulate(job));
    }

    /// The request in flight is answered: send the pending one, or go idle.
    fn finish(&mut self) {
        self.in_flight = None;
        self.sinks.progress.set(None);
        match self.pending.take() {
            Some(job) => self.send(job),
            None => self.sinks.busy.set(false),
        }
    }

    fn current(&self, id: u64) -> bool {
        self.in_flight.as_ref().is_some_and(|(j, _)| j.id == id)
    }
}

thread_local! {
    static RUNNER: RefCell<Option<Runner>> = const { RefCell::new(None) };
}

/// Submit a request; the answer arrives in the sinks.
pub fn submit(sinks: Sinks, job: Simulation) {
    RUNNER.with(|r| {
        let mut slot = r.borrow_mut();
        let runner = slot.get_or_insert_with(|| Runner {
            sinks,
            link: WorkerLink::start(on_reply),
            ready: false,
            in_flight: None,
            pending: None,
        });
        runner.sinks = sinks;
        sinks.busy.set(true);
        if !runner.ready {
            runner.pending = Some(job);
            return;
        }
        match &runner.in_flight {
            Some((_, started)) if dom::now_ms() - started < RESTART_AFTER_MS => {
                runner.pending = Some(job);
            }
            Some(_) if runner.link.restart() => {
                // Cancelled; the fresh worker's Ready sends the job.
                runner.ready = false;
                runner.in_flight = None;
                runner.pending = Some(job);
            }
            // Idle, or on the page (a run there cannot be cancelled; its answer will be stale).
            _ => runner.send(job),
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
                // After a crash, what was in flight is sent again.
                let in_flight = runner.in_flight.take().map(|(j, _)| j);
                if let Some(job) = runner.pending.take().or(in_flight) {
                    runner.send(job);
                }
            }
            Reply::Progress { id, fraction } if runner.current(id) => {
                sinks.progress.set(Some(fraction))
            }
            Reply::Result { id, ms, result } if runner.current(id) => {
                sinks.run.set(Some(Run {
                    result: *result,
                    ms,
                    id,
                }));
                sinks.progress.set(None);
                match &mut runner.in_flight {
                    // The band follows on the same worker; keep the job in flight for it.
                    Some((job, started)) if job.spread_seeds > 1 => *started = dom::now_ms(),
                    _ => runner.finish(),
                }
            }
            Reply::Band { id, lo, hi } if runner.current(id) => {
                sinks.band.set(Some(Band { id, lo, hi }));
                runner.finish();
            }
            Reply::Error { id, message } => {
                web_sys::console::error_1(&format!("initscope worker: {message}").into());
                if id.is_some_and(|id| runner.current(id)) {
                    runner.finish();
                }
            }
            // Stale answers, and replies to requests the Lab never sends.
            _ => {}
        }
    });
}
