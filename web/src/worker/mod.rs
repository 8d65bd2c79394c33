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
mod js;
pub mod link;
mod replies;

pub use link::WorkerLink;

use initscope::protocol::{Reply, Request};
use js::{from_js, now, post, scope, to_js};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;

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
