//! The Initscope web app: the Leptos page, its charts and the web worker that runs the engine for it.
//!
//! Everything it shows comes from the [`initscope`] crate (engine, training race, content, reports), which
//! has no web dependencies; this crate only draws and wires the browser.
//!
//! - [`charts`]: the plotters draw functions, generic over the backend (native tests render them to SVG).
//! - `app` and `worker` (wasm32 only): the Leptos page, and the web worker that runs the engine for it.

pub mod charts;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod worker;

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "app/lab/names.rs"]
mod lab_names;
/// The Lab's pure parts (the pin format, the embed snippet, the downloads' names), compiled natively too so their unit tests run
/// without a browser.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "app/lab/pins.rs"]
mod lab_pins;
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "app/lab/snippet.rs"]
mod lab_snippet;
