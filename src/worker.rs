//! The web worker (wasm32): receives [`Job`] messages, runs the engine off the main thread, and answers
//! `["progress", id, fraction]`, `["result", id, Float64Array, ms]` and `["band", id, Float64Array]`.

use crate::engine::codec::encode;
use crate::engine::network::{simulate_observed, MEMORY_BUDGET};
use crate::engine::spread::variance_band;
use crate::engine::SimOptions;
use crate::job::Job;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Progress is reported only for runs longer than this (ms), at most every [`PROGRESS_EVERY_MS`].
const PROGRESS_AFTER_MS: f64 = 150.0;
const PROGRESS_EVERY_MS: f64 = 60.0;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope
        .performance()
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

fn post(scope: &DedicatedWorkerGlobalScope, parts: &[JsValue]) {
    let msg: js_sys::Array = parts.iter().collect();
    let _ = scope.post_message(&msg);
}

fn run(job: Job) {
    let scope = scope();
    let id = JsValue::from_f64(job.id as f64);
    let t0 = now(&scope);
    let mut last = t0;
    let opts = SimOptions {
        histogram_layers: job.histogram_layers.clone(),
    };
    let result = simulate_observed(&job.config, &opts, MEMORY_BUDGET, &mut |f| {
        let t = now(&scope);
        if t - t0 > PROGRESS_AFTER_MS && t - last > PROGRESS_EVERY_MS {
            last = t;
            post(&scope, &["progress".into(), id.clone(), f.into()]);
        }
    });
    let ms = now(&scope) - t0;
    let data = js_sys::Float64Array::from(encode(&result).as_slice());
    post(
        &scope,
        &["result".into(), id.clone(), data.into(), ms.into()],
    );
    if job.spread_seeds > 1 {
        let (lo, hi) = variance_band(&job.config, job.spread_seeds);
        let both: Vec<f64> = lo.into_iter().chain(hi).collect();
        let data = js_sys::Float64Array::from(both.as_slice());
        post(&scope, &["band".into(), id, data.into()]);
    }
}

/// Install the message handler and say "ready".
pub fn start() {
    let scope = scope();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        match ev.data().as_string().as_deref().and_then(Job::from_message) {
            Some(job) => run(job),
            None => post(
                &self::scope(),
                &["error".into(), JsValue::NULL, "malformed job".into()],
            ),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &["ready".into()]);
}
