//! The worker's simulations, run in slices of a few milliseconds with the message loop turning between them
//! (a [`web_sys::MessageChannel`] posts the next slice as a task), so a newer request is read within one
//! slice — the worker is never terminated to cancel one.
//!
//! A progressive request ([`Simulation::progressive`], the Lab's) answers its theory at once, its forward
//! pass next and the rest last. A newer progressive request supersedes an older one: the older job keeps
//! at most [`GRACE_MS`] more (so that during a drag runs still finish and the chart keeps moving), and a
//! waiting one is dropped at once. Other requests (the live figures') queue and are answered complete.

use super::{handler, helper, now, post};
use initscope::engine::{Job, Stage, MEMORY_BUDGET};
use initscope::protocol::{Reply, Simulation};
use std::cell::RefCell;
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The longest a slice runs before the message loop turns (one layer step may take longer). Short, because
/// the layers the helper worker draws (`super::helper`) are read between slices: with 8 ms a new run's first
/// slice drew ~10 layers of the numpy job itself, with 3 ms ~4 (the job 3–8 ms faster in three interleaved
/// pairs); the turns cost well under a millisecond per run.
const SLICE_MS: f64 = 3.0;
/// How long a job may go on after a newer progressive request arrived.
const GRACE_MS: f64 = 100.0;

/// A job being run, with what its request asked for.
struct Active {
    sim: Simulation,
    job: Job,
    started: f64,
    last_progress: f64,
    /// When a newer progressive request first arrived while this one ran.
    superseded_at: Option<f64>,
}

#[derive(Default)]
struct Queue {
    active: Option<Active>,
    /// The newest progressive request not started: its job (theory already answered).
    next: Option<Active>,
    /// Other requests, in order.
    fifo: VecDeque<Simulation>,
    /// Whether a slice is already posted.
    scheduled: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
    static CHANNEL: Option<web_sys::MessageChannel> = channel();
}

/// The channel whose messages run slices (`None` if it cannot be made: slices then run back to back).
fn channel() -> Option<web_sys::MessageChannel> {
    let ch = web_sys::MessageChannel::new().ok()?;
    let on_tick = Closure::<dyn FnMut()>::new(tick);
    ch.port1()
        .set_onmessage(Some(on_tick.as_ref().unchecked_ref()));
    // Lives as long as the worker.
    on_tick.forget();
    Some(ch)
}

/// Take a simulation request.
pub fn submit(sim: Simulation) {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        if sim.progressive {
            let t = now();
            let started = start(sim, t);
            if let Some(a) = q.active.as_mut().filter(|a| a.sim.progressive) {
                a.superseded_at.get_or_insert(t);
            }
            // An older waiting request is dropped unanswered: the page shows the newest.
            q.next = Some(started);
        } else {
            q.fifo.push_back(sim);
        }
    });
    schedule();
}

/// Plan a job; a progressive one answers its theory now.
fn start(sim: Simulation, t: f64) -> Active {
    let job = Job::new(&sim.config, &sim.options(), MEMORY_BUDGET);
    // The helper draws, meanwhile, the layers this run would sample (see `helper`).
    helper::ask(&sim.config);
    if sim.progressive {
        post(handler::stage_reply(sim.id, now() - t, &job));
    }
    Active {
        sim,
        job,
        started: t,
        last_progress: t,
        superseded_at: None,
    }
}

/// Post one slice, unless one is posted already.
fn schedule() {
    let first = QUEUE.with(|q| !std::mem::replace(&mut q.borrow_mut().scheduled, true));
    if first {
        let posted = CHANNEL.with(|c| {
            c.as_ref()
                .map(|c| c.port2().post_message(&JsValue::NULL).is_ok())
        });
        if posted != Some(true) {
            // No channel: run to the end now (requests are then read between jobs only).
            tick();
        }
    }
}

/// Run one slice: the active job (or the next) for up to [`SLICE_MS`], answering each stage it reaches.
fn tick() {
    let more = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.scheduled = false;
        let t0 = now();
        loop {
            let t = now();
            let overdue = q
                .active
                .as_ref()
                .and_then(|a| a.superseded_at)
                .is_some_and(|s| t - s >= GRACE_MS);
            if q.active.is_none() || overdue {
                // A waiting job's time counts from now: "computed in" is the run's own time.
                q.active = q
                    .next
                    .take()
                    .map(|a| Active {
                        started: t,
                        last_progress: t,
                        ..a
                    })
                    .or_else(|| q.fifo.pop_front().map(|sim| start(sim, t)));
            }
            let Some(a) = q.active.as_mut() else {
                return false;
            };
            let reached = step(a);
            if reached == Some(Stage::Complete) {
                if let Some(a) = q.active.take() {
                    finish(a);
                }
            }
            if now() - t0 >= SLICE_MS {
                return q.active.is_some() || q.next.is_some() || !q.fifo.is_empty();
            }
        }
    });
    if more {
        schedule();
    }
}

/// One layer step of the active job; a progressive job answers its forward stage when reached.
fn step(a: &mut Active) -> Option<Stage> {
    let (id, started) = (a.sim.id, a.started);
    let last = &mut a.last_progress;
    let reached = a.job.advance(1, &mut |fraction| {
        let t = now();
        if handler::progress_due(t - started, t - *last) {
            *last = t;
            post(Reply::Progress { id, fraction });
        }
    });
    if reached == Some(Stage::Forward) && a.sim.progressive {
        post(handler::stage_reply(id, now() - started, &a.job));
    }
    reached
}

/// A job is complete: answer its result, then its spread band if asked.
fn finish(a: Active) {
    let Active {
        sim, job, started, ..
    } = a;
    let result = job.into_result(&mut |_| {});
    post(Reply::Result {
        id: sim.id,
        stage: Stage::Complete,
        ms: now() - started,
        result: Box::new(result),
    });
    handler::band(&sim, &mut post);
    // The Lab's first chart is out: the page has finished loading, and the helper can start without slowing
    // it. Only the Lab's worker (progressive requests) gets one; the live figures' runs are small.
    if sim.progressive {
        helper::spawn();
    }
}
