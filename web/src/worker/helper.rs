//! The helper: a second instance of this worker that draws a run's weights while this one computes it, so a
//! run with new weights (another seed, initializer or width) no longer samples them on its critical path —
//! the page's second core does. It runs the same code as this worker ([`Draw::sample`]), so every layer it
//! draws is the bits this worker would have drawn; a layer this worker reaches first it draws itself, as
//! before, and a supplied copy of it is refused. Results do not depend on whether or when the helper answers.
//!
//! - The Lab's worker starts its helper after its first progressive run (the Lab's) is complete — not while
//!   the page is loading, when both cores are busy; the live figures' worker, whose runs are small, has none — asks it for each new run's [`kept::wanted`] layers
//!   ([`Request::Draw`]), and keeps what comes back with [`kept::supply`].
//! - The helper draws one layer per task and posts it as a [`TAG_DRAWN`] message: `[tag, "",
//!   Float64Array [gen, position, variance], Float32Array weights, Float32Array biases]`, the arrays'
//!   buffers transferred. A newer request replaces what is left of an older one.

use super::js::{post_task, scope, task_channel, to_js};
use initscope::engine::deferred::DeferredWeightGrad;
use initscope::engine::kept::{self, draws, Draw};
use initscope::engine::Config;
use initscope::protocol::{Request, TAG_DRAWN, TAG_READY, TAG_WEIGHT_GRAD, TAG_WEIGHT_GRAD_VAR};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The helper as the worker that asked for it sees it.
enum Helper {
    /// Started; requests wait until it says Ready (a worker's messages before then may be lost).
    Starting(web_sys::Worker, Option<JsValue>),
    /// Listening.
    Ready(web_sys::Worker),
    /// It could not be started or failed: runs draw their own layers.
    Gone,
}

thread_local! {
    static HELPER: RefCell<Option<Helper>> = const { RefCell::new(None) };
    /// The newest request's generation and its run's layers (the positions answers refer to).
    static ASKED: RefCell<(u64, Vec<Draw>)> = const { RefCell::new((0, Vec::new())) };
    /// How many of the helper's Var(∂L/∂W) answers a job took.
    static ANSWERED: Cell<u64> = const { Cell::new(0) };
    /// Whom the helper's news goes to (the jobs), given to [`spawn`].
    static LISTENERS: Cell<Option<Listeners>> = const { Cell::new(None) };
}

/// What the helper tells the jobs that use it, given by them to [`spawn`] (so the helper needs not know them).
#[derive(Clone, Copy)]
pub struct Listeners {
    /// The helper is gone: every product still pending is computed here.
    pub gone: fn(),
    /// The helper's Var(∂L/∂W) for a job's layer `(job, layer, var)`: false if no job was waiting for it.
    pub answered: fn(u64, usize, f64) -> bool,
}

/// Start the helper, once (later calls do nothing); its news goes to `listeners`. Without one, runs draw
/// their own layers.
pub fn spawn(listeners: Listeners) {
    LISTENERS.with(|l| l.set(Some(listeners)));
    if HELPER.with(|h| h.borrow().is_some()) {
        return;
    }
    let started = web_sys::Worker::new(&scope().location().href());
    let helper = match started {
        Ok(worker) => {
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(on_message);
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
                ev.prevent_default();
                web_sys::console::warn_1(
                    &"initscope: the helper worker failed; runs draw their own weights".into(),
                );
                HELPER.with(|h| {
                    let mut h = h.borrow_mut();
                    if let Some(Helper::Starting(worker, _) | Helper::Ready(worker)) = &*h {
                        worker.terminate();
                    }
                    *h = Some(Helper::Gone);
                });
                // What it was computing is computed here.
                if let Some(l) = LISTENERS.with(Cell::get) {
                    (l.gone)();
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            // They live as long as this worker.
            on_message.forget();
            on_error.forget();
            Helper::Starting(worker, None)
        }
        Err(_) => Helper::Gone,
    };
    HELPER.with(|h| *h.borrow_mut() = Some(helper));
}

/// Ask the helper for the layers a run of `cfg` would draw from scratch (nothing if it has none, or there
/// is no helper). Replaces any earlier request.
pub fn ask(cfg: &Config) {
    if !HELPER.with(|h| matches!(*h.borrow(), Some(Helper::Starting(..) | Helper::Ready(_)))) {
        return;
    }
    let positions = kept::wanted(cfg);
    let gen = ASKED.with(|a| {
        let mut a = a.borrow_mut();
        a.0 += 1;
        a.1 = draws(cfg);
        a.0
    });
    let request = Request::Draw {
        gen,
        config: cfg.clone(),
        positions,
    };
    let (msg, transfer) = to_js(&request.encode());
    HELPER.with(|h| match &mut *h.borrow_mut() {
        Some(Helper::Starting(_, pending)) => *pending = Some(msg),
        Some(Helper::Ready(worker))
            if worker.post_message_with_transfer(&msg, &transfer).is_err() =>
        {
            web_sys::console::warn_1(&"initscope: cannot reach the helper worker".into());
        }
        _ => {}
    });
}

/// Whether the helper is up and takes requests.
pub fn ready() -> bool {
    HELPER.with(|h| matches!(*h.borrow(), Some(Helper::Ready(_))))
}

/// Hand the helper a weight product of the deferring job `job` (its answer goes to
/// `jobs::weight_grad_answered`); false if there is no helper to take it.
pub fn post_weight_grad(job: u64, d: &DeferredWeightGrad) -> bool {
    HELPER.with(|h| {
        let h = h.borrow();
        let Some(Helper::Ready(worker)) = &*h else {
            return false;
        };
        let shape = [
            job as f64,
            d.layer as f64,
            d.rows as f64,
            d.fan_in as f64,
            d.fan_out as f64,
        ];
        let (msg, transfer) = with_arrays(TAG_WEIGHT_GRAD, &shape, [&d.a, &d.g_h]);
        worker.post_message_with_transfer(&msg, &transfer).is_ok()
    })
}

/// A message between this worker and its helper: `[tag, "", Float64Array meta, Float32Array, Float32Array]`,
/// and the arrays' buffers to transfer with it.
fn with_arrays(tag: u32, meta: &[f64], arrays: [&[f32]; 2]) -> (JsValue, js_sys::Array) {
    let meta = js_sys::Float64Array::from(meta);
    let [x, y] = arrays.map(js_sys::Float32Array::from);
    let transfer = js_sys::Array::of3(&meta.buffer(), &x.buffer(), &y.buffer());
    let tag = JsValue::from_f64(tag as f64);
    let msg = js_sys::Array::of5(&tag, &JsValue::from_str(""), &meta, &x, &y);
    (msg.into(), transfer)
}

/// Whether a message is a [`TAG_WEIGHT_GRAD`] one.
pub fn is_weight_grad(data: &JsValue) -> bool {
    (data.dyn_ref::<js_sys::Array>())
        .is_some_and(|m| m.get(0).as_f64() == Some(TAG_WEIGHT_GRAD as f64))
}

/// Compute a [`TAG_WEIGHT_GRAD`] product (in the helper) and answer its variance — NaN, with an error on the
/// console, for a message not shaped as one.
pub fn serve_weight_grad(data: &JsValue) {
    let Some(msg) = data.dyn_ref::<js_sys::Array>() else {
        return;
    };
    let meta = (msg.get(2).dyn_into::<js_sys::Float64Array>().ok()).map(|m| m.to_vec());
    let Some(&[job, layer, rows, fan_in, fan_out]) = meta.as_deref() else {
        web_sys::console::error_1(&"initscope helper: a malformed weight product".into());
        return;
    };
    let whole = |x: f64| {
        if x >= 0.0 && x.fract() == 0.0 && x <= u32::MAX as f64 {
            x as usize
        } else {
            0
        }
    };
    let d = DeferredWeightGrad {
        layer: whole(layer),
        a: (msg.get(3).dyn_into::<js_sys::Float32Array>().ok())
            .map_or_else(Vec::new, |a| a.to_vec()),
        g_h: (msg.get(4).dyn_into::<js_sys::Float32Array>().ok())
            .map_or_else(Vec::new, |a| a.to_vec()),
        rows: whole(rows),
        fan_in: whole(fan_in),
        fan_out: whole(fan_out),
    };
    let var = d.weight_grad_var().unwrap_or_else(|| {
        web_sys::console::error_1(&"initscope helper: a weight product of the wrong shape".into());
        f64::NAN
    });
    let answer = js_sys::Float64Array::from(&[job, layer, var][..]);
    let msg = js_sys::Array::of3(
        &JsValue::from_f64(TAG_WEIGHT_GRAD_VAR as f64),
        &JsValue::from_str(""),
        &answer,
    );
    let transfer = js_sys::Array::of1(&answer.buffer());
    if scope().post_message_with_transfer(&msg, &transfer).is_err() {
        web_sys::console::error_1(&"initscope helper: cannot post a variance".into());
    }
}

/// Whether the helper is up, how many layers it has supplied that were kept, and how many Var(∂L/∂W) it has
/// computed for a job.
pub fn counters() -> Vec<(String, f64)> {
    let ready = HELPER.with(|h| matches!(*h.borrow(), Some(Helper::Ready(_))));
    vec![
        ("helper_ready".to_string(), ready as u8 as f64),
        ("helper_layers_kept".to_string(), kept::supplied() as f64),
        (
            "helper_weight_grads".to_string(),
            ANSWERED.with(Cell::get) as f64,
        ),
    ]
}

/// A message from the helper: Ready (send what waits), or a drawn layer (keep it if it is the newest
/// request's).
fn on_message(ev: web_sys::MessageEvent) {
    let data = ev.data();
    let Some(msg) = data.dyn_ref::<js_sys::Array>() else {
        return;
    };
    match msg.get(0).as_f64() {
        Some(t) if t == TAG_READY as f64 => HELPER.with(|h| {
            let mut h = h.borrow_mut();
            // Only a starting helper becomes ready (not one that has failed meanwhile).
            if let Some(Helper::Starting(worker, pending)) = &mut *h {
                if let Some(msg) = pending.take() {
                    // A request's numbers are transferred with it (see `ask`); this one was not posted yet.
                    let _ = worker.post_message(&msg);
                }
                let worker = worker.clone();
                *h = Some(Helper::Ready(worker));
            }
        }),
        Some(t) if t == TAG_WEIGHT_GRAD_VAR as f64 => {
            let answer = (msg.get(2).dyn_into::<js_sys::Float64Array>().ok()).map(|m| m.to_vec());
            if let Some(&[job, layer, var]) = answer.as_deref() {
                let whole =
                    job >= 0.0 && layer >= 1.0 && job.fract() == 0.0 && layer.fract() == 0.0;
                let answered = LISTENERS.with(Cell::get).map(|l| l.answered);
                if whole && answered.is_some_and(|a| a(job as u64, layer as usize, var)) {
                    ANSWERED.with(|n| n.set(n.get() + 1));
                }
            }
        }
        Some(t) if t == TAG_DRAWN as f64 => {
            if let Some((draw, dense, var)) = drawn(msg) {
                // Refused (kept already, no room): the run draws or has drawn it itself.
                let _ = kept::supply(&draw, dense, var);
            }
        }
        _ => {}
    }
}

/// A [`TAG_DRAWN`] message as the layer it carries, if it is well formed and answers the newest request.
fn drawn(msg: &js_sys::Array) -> Option<(Draw, initscope::engine::dense::Dense, f64)> {
    let meta = msg.get(2).dyn_into::<js_sys::Float64Array>().ok()?.to_vec();
    let [gen, position, var] = meta[..] else {
        return None;
    };
    // Checked before the weights are copied in: a late layer is dropped without costing a copy.
    let draw = ASKED.with(|a| {
        let a = a.borrow();
        let whole = |x: f64| (x >= 0.0 && x.fract() == 0.0).then_some(x as usize);
        (whole(gen)? as u64 == a.0)
            .then(|| a.1.get(whole(position)?).copied())
            .flatten()
    })?;
    let w = msg.get(3).dyn_into::<js_sys::Float32Array>().ok()?.to_vec();
    let b = msg.get(4).dyn_into::<js_sys::Float32Array>().ok()?.to_vec();
    let (fan_in, fan_out) = draw.shape();
    let dense = initscope::engine::dense::Dense {
        w,
        b,
        fan_in,
        fan_out,
    };
    Some((draw, dense, var))
}

/// The helper's side: what is left to draw for the newest request.
struct Queue {
    gen: u64,
    draws: Vec<Draw>,
    positions: std::vec::IntoIter<usize>,
}

thread_local! {
    static QUEUE: RefCell<Option<Queue>> = const { RefCell::new(None) };
    static CHANNEL: Option<web_sys::MessageChannel> = task_channel(draw_next);
}

/// Serve a [`Request::Draw`] (in the helper): draw its layers one per task, newest request first.
pub fn serve(gen: u64, config: &Config, positions: Vec<usize>) {
    let idle = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let idle = q.is_none();
        *q = Some(Queue {
            gen,
            draws: draws(config),
            positions: positions.into_iter(),
        });
        idle
    });
    if idle {
        next_task();
    }
}

/// Post the task that draws the next layer (or draw it now, when no channel could be made).
fn next_task() {
    if !CHANNEL.with(|c| post_task(c.as_ref())) {
        draw_next();
    }
}

/// Draw one layer of the newest request and post it to the worker that asked.
fn draw_next() {
    let next = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let item = q.as_mut().and_then(|q| {
            let p = q.positions.next()?;
            Some((q.gen, p, *q.draws.get(p)?))
        });
        if item.is_none() {
            *q = None;
        }
        item
    });
    let Some((gen, position, draw)) = next else {
        return;
    };
    let (dense, var) = draw.sample();
    let meta = [gen as f64, position as f64, var];
    let (msg, transfer) = with_arrays(TAG_DRAWN, &meta, [&dense.w, &dense.b]);
    if scope().post_message_with_transfer(&msg, &transfer).is_err() {
        web_sys::console::error_1(&"initscope helper: cannot post a layer".into());
    }
    next_task();
}
