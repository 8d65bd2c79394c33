//! Initscope: see why weight initialization matters.
//!
//! - [`engine`]: initializers, activations, the simulated network, its statistics and the mean-field theory —
//!   plain Rust with no web imports.
//! - [`state`]: the URL and CLI parameters of the one [`engine::Config`].
//! - [`report`]: JSON, CSV and text renderings of a run, shared by the CLI and the page's exports.
//! - `app` (wasm32 only): the Leptos page.

pub mod charts;
pub mod engine;
pub mod report;
pub mod state;

#[cfg(target_arch = "wasm32")]
pub mod app;
