//! The worker client of Learn's live figures: one [`WorkerLink`] shared by every figure (and by the Lab's
//! restored pins), answering each request in request order. It imports nothing of the Lab's view.

use crate::worker::WorkerLink;
use initscope::engine::{Config, SimResult};
use initscope::protocol::{Reply, Request, Simulation};
use std::cell::RefCell;
use std::collections::HashMap;

/// Where a reply goes.
type Sink = Box<dyn Fn(SimResult)>;

struct Figures {
    link: WorkerLink,
    ready: bool,
    /// Requests waiting for the worker's `Ready`.
    queue: Vec<Simulation>,
    /// Requests sent or queued, by id.
    sinks: HashMap<u64, Sink>,
    next_id: u64,
}

thread_local! {
    static FIGURES: RefCell<Option<Figures>> = const { RefCell::new(None) };
}

/// Simulate `config` on the figures' worker (shared with the Lab's restored pins); `done` gets the result
/// (replies come in request order).
pub fn simulate(config: Config, done: impl Fn(SimResult) + 'static) {
    FIGURES.with(|f| {
        let mut slot = f.borrow_mut();
        let figs = slot.get_or_insert_with(|| Figures {
            link: WorkerLink::start(on_reply),
            ready: false,
            queue: Vec::new(),
            sinks: HashMap::new(),
            next_id: 0,
        });
        figs.next_id += 1;
        let job = Simulation {
            id: figs.next_id,
            config,
            histogram_layers: Vec::new(),
            spread_seeds: 0,
            jacobian: false,
            progressive: false,
            // A figure draws the variances only.
            weight_grads: false,
        };
        figs.sinks.insert(job.id, Box::new(done));
        if figs.ready {
            figs.link.post(Request::Simulate(job));
        } else {
            figs.queue.push(job);
        }
    });
}

fn on_reply(reply: Reply) {
    let sink = FIGURES.with(|f| {
        let mut slot = f.borrow_mut();
        let figs = slot.as_mut()?;
        match reply {
            Reply::Ready => {
                figs.ready = true;
                // After a crash, whatever is unanswered is sent again.
                let mut jobs = std::mem::take(&mut figs.queue);
                jobs.sort_by_key(|j| j.id);
                for j in jobs {
                    figs.link.post(Request::Simulate(j));
                }
                None
            }
            Reply::Result { id, result, .. } => figs.sinks.remove(&id).map(|s| (s, *result)),
            Reply::Error {
                id: Some(id),
                message,
            } => {
                web_sys::console::error_1(&format!("initscope figure: {message}").into());
                figs.sinks.remove(&id);
                None
            }
            _ => None,
        }
    });
    // Called outside the borrow: a sink may set signals whose effects submit new requests.
    if let Some((sink, result)) = sink {
        sink(result);
    }
}
