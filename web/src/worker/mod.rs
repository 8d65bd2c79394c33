//! The web worker and the page's link to it (wasm32). Both sides speak [`initscope::protocol`]: the page
//! posts [`Request`]s, the worker answers [`Reply`]s, each a [`Frame`] carried as the JS array
//! `[tag, text, Float64Array]` (the array's buffer is transferred, not copied).
//!
//! - [`handler`]: what a request does — one `match`, run by the worker (and by the component tests' page,
//!   which registers it with [`link::serve_on_page`]).
//! - `jobs`: the worker's simulations, in slices, newest first.
//! - `helper`: the second worker that draws a run's weights while this one computes it.
//! - [`link`]: the page's side — the one way to start a worker, post requests and receive decoded replies.

mod bench;
pub mod handler;
mod helper;
mod jobs;
pub mod link;

pub use link::WorkerLink;

use initscope::protocol::{Frame, ProtocolError, Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// A frame as a JS message, and the buffers to transfer with it.
pub fn to_js(frame: &Frame) -> (JsValue, js_sys::Array) {
    let data = js_sys::Float64Array::from(frame.data.as_slice());
    let transfer = js_sys::Array::of1(&data.buffer());
    let msg = js_sys::Array::of3(
        &JsValue::from_f64(frame.tag as f64),
        &JsValue::from_str(&frame.text),
        &data,
    );
    (msg.into(), transfer)
}

/// A JS message as a frame; anything not shaped like [`to_js`]'s output is an error.
pub fn from_js(msg: &JsValue) -> Result<Frame, ProtocolError> {
    let bad = |why: &str| ProtocolError(why.to_string());
    let msg = msg
        .dyn_ref::<js_sys::Array>()
        .ok_or_else(|| bad("not an array"))?;
    let tag = msg.get(0).as_f64().ok_or_else(|| bad("no tag"))?;
    if !(0.0..=u32::MAX as f64).contains(&tag) || tag.fract() != 0.0 {
        return Err(bad("bad tag"));
    }
    let text = msg.get(1).as_string().ok_or_else(|| bad("no text"))?;
    let data = msg
        .get(2)
        .dyn_into::<js_sys::Float64Array>()
        .map_err(|_| bad("no numbers"))?
        .to_vec();
    Ok(Frame {
        tag: tag as u32,
        text,
        data,
    })
}

/// A channel whose every message runs `task` as a task of its own, after what is already queued (`None` if
/// it cannot be made). Lives as long as the worker.
fn task_channel(task: fn()) -> Option<web_sys::MessageChannel> {
    let ch = web_sys::MessageChannel::new().ok()?;
    let on_task = Closure::<dyn FnMut()>::new(task);
    ch.port1()
        .set_onmessage(Some(on_task.as_ref().unchecked_ref()));
    on_task.forget();
    Some(ch)
}

/// Queue one run of a [`task_channel`]'s task; false if it cannot be queued (the caller then runs it now).
fn post_task(channel: Option<&web_sys::MessageChannel>) -> bool {
    channel.is_some_and(|c| c.port2().post_message(&JsValue::NULL).is_ok())
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Milliseconds on the worker's clock.
fn now() -> f64 {
    scope()
        .performance()
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Post a reply to the page; a failure (the page is gone) is logged.
fn post(reply: Reply) {
    let (msg, transfer) = to_js(&reply.encode());
    if let Err(e) = scope().post_message_with_transfer(&msg, &transfer) {
        web_sys::console::error_2(&"initscope worker: cannot post a reply".into(), &e);
    }
}

/// The worker's entry: decode each message into a [`Request`], hand it to [`handler::handle`], and say
/// [`Reply::Ready`] once listening.
pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        // A weight product from the worker whose helper this is: its arrays are not a frame's.
        if helper::is_weight_grad(&ev.data()) {
            helper::serve_weight_grad(&ev.data());
            return;
        }
        match from_js(&ev.data()).and_then(|f| Request::decode(&f)) {
            Ok(Request::Simulate(sim)) => jobs::submit(sim),
            Ok(Request::Draw {
                gen,
                config,
                positions,
            }) => helper::serve(gen, &config, positions),
            Ok(req) => handler::handle(req, &mut now, &mut post),
            Err(e) => post(Reply::Error {
                id: None,
                message: e.to_string(),
            }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    warm_up();
    post(Reply::Ready);
}

/// Run a small job through every hot loop of a default run (sampling, the dense kernels, the statistics, the
/// theory) before saying Ready, while the page is still starting: V8 first runs WebAssembly in its baseline
/// tier and optimizes a function only after it has run for a while, so without this the first real run is
/// several times slower than the next ones. Its weights (depth 4, other seed) are not the default run's.
///
/// The job goes the way a request does — encoded to a JS message, decoded, served with its stages encoded as
/// replies (posted nowhere) — because V8 also compiles each function only when it is first called: without
/// this, the first request's first reply took 11–18 ms longer than the next ones (2026-11-30, this VM).
fn warm_up() {
    let config = initscope::engine::Config {
        depth: 4,
        batch: 32,
        seed: 0x5eed,
        ..initscope::engine::Config::default()
    };
    // As the Lab asks for a run (its histogram layers, progressive, its table closed).
    let sim = initscope::protocol::Simulation {
        id: 0,
        config,
        histogram_layers: vec![1, 2, 4],
        spread_seeds: 0,
        jacobian: false,
        progressive: true,
        weight_grads: false,
    };
    let (msg, _) = to_js(&Request::Simulate(sim).encode());
    if let Ok(req) = from_js(&msg).and_then(|f| Request::decode(&f)) {
        handler::handle(req, &mut now, &mut |reply| drop(to_js(&reply.encode())));
    }
}
