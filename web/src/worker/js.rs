//! The JS side of the protocol: frames as JS messages and back, and the worker's own plumbing (its scope,
//! clock, replies to the page, and tasks queued behind what is already queued).

use initscope::protocol::{Frame, ProtocolError, Reply};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

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
pub(super) fn task_channel(task: fn()) -> Option<web_sys::MessageChannel> {
    let ch = web_sys::MessageChannel::new().ok()?;
    let on_task = Closure::<dyn FnMut()>::new(task);
    ch.port1()
        .set_onmessage(Some(on_task.as_ref().unchecked_ref()));
    on_task.forget();
    Some(ch)
}

/// Queue one run of a [`task_channel`]'s task; false if it cannot be queued (the caller then runs it now).
pub(super) fn post_task(channel: Option<&web_sys::MessageChannel>) -> bool {
    channel.is_some_and(|c| c.port2().post_message(&JsValue::NULL).is_ok())
}

/// The worker's global scope.
pub(super) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Milliseconds on the worker's clock.
pub(super) fn now() -> f64 {
    scope()
        .performance()
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Post a reply to the page; a failure (the page is gone) is logged.
pub(super) fn post(reply: Reply) {
    let (msg, transfer) = to_js(&reply.encode());
    if let Err(e) = scope().post_message_with_transfer(&msg, &transfer) {
        web_sys::console::error_2(&"initscope worker: cannot post a reply".into(), &e);
    }
}
