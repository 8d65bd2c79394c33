//! Runs simulations in the web worker, newest request first: while one runs, a newer request waits (only
//! the newest is kept); a run that has taken longer than [`RESTART_AFTER_MS`] is cancelled outright by
//! terminating the worker. If no worker can run (no script, a test page), the engine runs on the main thread.

use super::dom;
use super::lab::Run;
use initscope::engine::codec::decode;
use initscope::engine::network::simulate_observed;
use initscope::engine::spread::variance_band;
use initscope::engine::{network::MEMORY_BUDGET, SimOptions};
use initscope::job::Job;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's script, written by Trunk's loader shim.
const WORKER_URL: &str = "./initscope-worker_loader.js";
/// A run in flight for longer than this is terminated when a newer request arrives.
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
    worker: Option<web_sys::Worker>,
    /// Whether the worker has said "ready" (messages sent before that would be lost).
    ready: bool,
    broken: bool,
    in_flight: Option<(Job, f64)>,
    pending: Option<Job>,
}

thread_local! {
    static RUNNER: RefCell<Option<Runner>> = const { RefCell::new(None) };
}

/// Submit a request; the answer arrives in the sinks.
pub fn submit(sinks: Sinks, job: Job) {
    let restart = RUNNER.with(|r| {
        let mut slot = r.borrow_mut();
        let runner = slot.get_or_insert_with(|| Runner {
            sinks,
            worker: None,
            ready: false,
            broken: false,
            in_flight: None,
            pending: None,
        });
        runner.sinks = sinks;
        sinks.busy.set(true);
        if runner.broken {
            return Some(job);
        }
        match &runner.in_flight {
            Some((_, started)) if dom::now_ms() - started < RESTART_AFTER_MS => {
                runner.pending = Some(job);
                None
            }
            Some(_) => {
                if let Some(w) = runner.worker.take() {
                    w.terminate();
                }
                runner.ready = false;
                runner.in_flight = None;
                Some(job)
            }
            None => Some(job),
        }
    });
    if let Some(job) = restart {
        start(job);
    }
}

fn start(job: Job) {
    let fallback = RUNNER.with(|r| {
        let mut slot = r.borrow_mut();
        let runner = slot.as_mut()?;
        if runner.broken {
            return Some((job, runner.sinks));
        }
        if runner.worker.is_none() {
            match spawn() {
                Ok(w) => runner.worker = Some(w),
                Err(_) => {
                    runner.broken = true;
                    return Some((job, runner.sinks));
                }
            }
        }
        if !runner.ready {
            runner.pending = Some(job);
            return None;
        }
        let msg = JsValue::from_str(&job.to_message());
        if let Some(w) = &runner.worker {
            if w.post_message(&msg).is_err() {
                runner.broken = true;
                return Some((job, runner.sinks));
            }
        }
        runner.in_flight = Some((job, dom::now_ms()));
        None
    });
    if let Some((job, sinks)) = fallback {
        run_here(job, sinks);
    }
}

/// The engine on the main thread (no worker available).
fn run_here(job: Job, sinks: Sinks) {
    let t0 = dom::now_ms();
    let opts = SimOptions {
        histogram_layers: job.histogram_layers.clone(),
    };
    let result = simulate_observed(&job.config, &opts, MEMORY_BUDGET, &mut |_| {});
    let ms = dom::now_ms() - t0;
    sinks.run.set(Some(Run {
        result,
        ms,
        id: job.id,
    }));
    if job.spread_seeds > 1 {
        let (lo, hi) = variance_band(&job.config, job.spread_seeds);
        sinks.band.set(Some(Band { id: job.id, lo, hi }));
    }
    sinks.progress.set(None);
    sinks.busy.set(false);
}

fn spawn() -> Result<web_sys::Worker, JsValue> {
    let worker = web_sys::Worker::new(WORKER_URL)?;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            on_message(ev.data());
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
        ev.prevent_default();
        on_failure();
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Ok(worker)
}

/// The worker could not load or crashed: from now on, compute on the main thread.
fn on_failure() {
    let job = RUNNER.with(|r| {
        let mut slot = r.borrow_mut();
        let runner = slot.as_mut()?;
        runner.broken = true;
        runner.worker = None;
        let job = runner
            .pending
            .take()
            .or(runner.in_flight.take().map(|(j, _)| j));
        job.map(|j| (j, runner.sinks))
    });
    if let Some((job, sinks)) = job {
        run_here(job, sinks);
    }
}

fn on_message(data: JsValue) {
    let Ok(msg) = data.dyn_into::<js_sys::Array>() else {
        return;
    };
    let kind = msg.get(0).as_string().unwrap_or_default();
    let id = msg.get(1).as_f64().map(|x| x as u64);
    let next = RUNNER.with(|r| {
        let mut slot = r.borrow_mut();
        let runner = slot.as_mut()?;
        let current = runner.in_flight.as_ref().map(|(j, _)| j.id);
        let sinks = runner.sinks;
        match kind.as_str() {
            "ready" => {
                runner.ready = true;
                return runner.pending.take();
            }
            "progress" if id == current => sinks.progress.set(msg.get(2).as_f64()),
            "result" if id == current => {
                let (job, _) = runner.in_flight.take()?;
                let data: Vec<f64> = msg.get(2).dyn_into::<js_sys::Float64Array>().ok()?.to_vec();
                let ms = msg.get(3).as_f64().unwrap_or(0.0);
                if let Some(result) = decode(&data, &job.config) {
                    sinks.run.set(Some(Run {
                        result,
                        ms,
                        id: job.id,
                    }));
                }
                sinks.progress.set(None);
                if job.spread_seeds > 1 {
                    // The band follows on the same worker; keep the job "in flight" for it.
                    runner.in_flight = Some((job, dom::now_ms()));
                }
                if runner.in_flight.is_some() {
                    return None;
                }
                let pending = runner.pending.take();
                if pending.is_none() {
                    sinks.busy.set(false);
                }
                return pending;
            }
            "band" if id == current => {
                let data: Vec<f64> = msg.get(2).dyn_into::<js_sys::Float64Array>().ok()?.to_vec();
                let half = data.len() / 2;
                let (job, _) = runner.in_flight.take()?;
                sinks.band.set(Some(Band {
                    id: job.id,
                    lo: data[..half].to_vec(),
                    hi: data[half..].to_vec(),
                }));
                let pending = runner.pending.take();
                if pending.is_none() {
                    sinks.busy.set(false);
                }
                return pending;
            }
            _ => {}
        }
        None
    });
    if let Some(job) = next {
        start(job);
    }
}
