//! The worker's simulations, run in slices of a few milliseconds with the message loop turning between them
//! (a [`web_sys::MessageChannel`] posts the next slice as a task), so a newer request is read within one
//! slice — the worker is never terminated to cancel one.
//!
//! A progressive request ([`Simulation::progressive`], the Lab's) answers its theory at once, its forward
//! pass next and the rest last. A newer progressive request supersedes an older one: the older job keeps
//! at most [`GRACE_MS`] more (so that during a drag runs still finish and the chart keeps moving), and a
//! waiting one is dropped at once. Other requests (the live figures') queue and are answered complete.

use super::helper;
use super::js::{now, post, post_task, task_channel};
use super::replies::{band, progress_due, stage_reply};
use initscope::engine::deferred::DeferredWeightGrad;
use initscope::engine::{Job, Stage, MEMORY_BUDGET};
use initscope::protocol::{Reply, Simulation};
use std::cell::RefCell;
use std::collections::VecDeque;

/// The longest a slice runs before the message loop turns (one layer step may take longer). Short, because
/// the layers the helper worker draws (`super::helper`) are read between slices: with 8 ms a new run's first
/// slice drew ~10 layers of the numpy job itself, with 3 ms ~4 (the job 3–8 ms faster in three interleaved
/// pairs); the turns cost well under a millisecond per run.
const SLICE_MS: f64 = 3.0;
/// How long a job may go on after a newer progressive request arrived.
const GRACE_MS: f64 = 100.0;
/// Most bytes of weight products a job holds while the helper computes them (each is held until its answer
/// comes, so that the job can compute it itself if the helper fails).
const HELD_BYTES: usize = 32 << 20;

/// A job being run, with what its request asked for.
struct Active {
    sim: Simulation,
    job: Job,
    started: f64,
    last_progress: f64,
    /// When a newer progressive request first arrived while this one ran.
    superseded_at: Option<f64>,
    /// Number by which the helper's answers find the job, when it hands its weight products to the helper.
    deferring: Option<u64>,
    /// Weight products handed to the helper and not answered yet (kept to compute here if it fails).
    pending: Vec<DeferredWeightGrad>,
}

#[derive(Default)]
struct Queue {
    active: Option<Active>,
    /// The newest progressive request not started: its job (theory already answered).
    next: Option<Active>,
    /// Other requests, in order.
    fifo: VecDeque<Simulation>,
    /// Jobs measured to the end but for weight products the helper has not answered yet.
    waiting: Vec<Active>,
    /// Whether a slice is already posted.
    scheduled: bool,
}

impl Queue {
    /// Every job planned and not yet answered complete: active, next and waiting.
    fn jobs(&mut self) -> impl Iterator<Item = &mut Active> {
        (self.active.iter_mut())
            .chain(self.next.iter_mut())
            .chain(self.waiting.iter_mut())
    }
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
    /// The last number given to a deferring job.
    static DEFERRALS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// The channel whose messages run slices (`None` if it cannot be made: slices then run back to back).
    static CHANNEL: Option<web_sys::MessageChannel> = task_channel(tick);
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
    let mut job = Job::new(&sim.config, &sim.options(), MEMORY_BUDGET);
    // With a helper, its ∂L/∂W products are computed there, on the second core (see `helper`).
    let deferring = (helper::ready() && job.defer_weight_grads()).then(|| {
        DEFERRALS.with(|n| {
            n.set(n.get() + 1);
            n.get()
        })
    });
    // The helper draws, meanwhile, the layers this run would sample (see `helper`).
    helper::ask(&sim.config);
    if sim.progressive {
        post(stage_reply(sim.id, now() - t, &job));
    }
    Active {
        sim,
        job,
        started: t,
        last_progress: t,
        superseded_at: None,
        deferring,
        pending: Vec::new(),
    }
}

/// Post one slice, unless one is posted already.
fn schedule() {
    let first = QUEUE.with(|q| !std::mem::replace(&mut q.borrow_mut().scheduled, true));
    // Without a channel, run to the end now (requests are then read between jobs only).
    if first && !CHANNEL.with(|c| post_task(c.as_ref())) {
        tick();
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
                    if a.pending.is_empty() {
                        finish(a);
                    } else {
                        // Finished when the helper's last answer comes (`weight_grad_answered`).
                        q.waiting.push(a);
                    }
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
        if progress_due(t - started, t - *last) {
            *last = t;
            post(Reply::Progress { id, fraction });
        }
    });
    if reached == Some(Stage::Forward) && a.sim.progressive {
        post(stage_reply(id, now() - started, &a.job));
    }
    // Every product the job hands out is held until the helper answers, within a bound; beyond it, or once
    // the helper is gone (`helper_gone` ends the deferral, not the job's handing out), computed here.
    for d in a.job.take_deferred() {
        let held: usize = a.pending.iter().map(|p| p.a.len() + p.g_h.len()).sum();
        let posted = a.deferring.is_some_and(|key| {
            4 * (held + d.a.len() + d.g_h.len()) <= HELD_BYTES && helper::post_weight_grad(key, &d)
        });
        if posted {
            a.pending.push(d);
        } else if let Some(var) = d.weight_grad_var() {
            a.job.set_weight_grad_var(d.layer, var);
        }
    }
    reached
}

/// The helper's Var(∂L/∂W) for `layer` of the deferring job `key`: put in (false if no job was waiting for
/// it), and a waiting job whose last answer this was is finished.
pub fn weight_grad_answered(key: u64, layer: usize, var: f64) -> bool {
    let (taken, done) = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let job = q.jobs().find(|a| a.deferring == Some(key));
        let taken = job.is_some_and(|a| {
            let Some(i) = a.pending.iter().position(|p| p.layer == layer) else {
                return false;
            };
            a.pending.swap_remove(i);
            a.job.set_weight_grad_var(layer, var);
            true
        });
        (taken, take_answered(&mut q.waiting))
    });
    done.into_iter().for_each(finish);
    taken
}

/// The helper is gone: every product still pending is computed here, and the jobs waiting for them finish.
pub fn helper_gone() {
    let done = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        for a in q.jobs() {
            a.deferring = None;
            for d in std::mem::take(&mut a.pending) {
                if let Some(var) = d.weight_grad_var() {
                    a.job.set_weight_grad_var(d.layer, var);
                }
            }
        }
        take_answered(&mut q.waiting)
    });
    done.into_iter().for_each(finish);
}

/// The waiting jobs with nothing left pending, taken out.
fn take_answered(waiting: &mut Vec<Active>) -> Vec<Active> {
    let (done, rest) = std::mem::take(waiting)
        .into_iter()
        .partition(|a| a.pending.is_empty());
    *waiting = rest;
    done
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
    band(&sim, &mut post);
    // The Lab's first chart is out: the page has finished loading, and the helper can start without slowing
    // it. Only the Lab's worker (progressive requests) gets one; the live figures' runs are small.
    if sim.progressive {
        helper::spawn(helper::Listeners {
            gone: helper_gone,
            answered: weight_grad_answered,
        });
    }
}
