//! Initscope: see why weight initialization matters.
//!
//! - [`engine`]: initializers, activations, the simulated network, its statistics and the mean-field theory —
//!   plain Rust with no web imports.
//! - [`state`]: the URL and CLI parameters of the one [`engine::Config`].
//! - [`report`]: JSON, CSV and text renderings of a run, shared by the CLI and the page's exports.
//! - [`protocol`]: the requests the page sends its web worker and the worker's replies.
//! - [`train`]: the training race (2-D tasks, a small MLP, SGD and Adam).
//! - [`content`]: the Learn and Interview texts as data.
//!
//! No web dependencies: the page and its worker live in the `initscope-web` crate (`web/`), on top of this one.

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod content;
pub mod engine;
#[doc(hidden)]
pub mod protocol;
pub mod report;
pub mod state;
pub mod train;
