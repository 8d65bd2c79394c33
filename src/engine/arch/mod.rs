//! The architectures the Lab simulates, one module each behind the [`Architecture`] trait.
//!
//! - `id`: [`Arch`], the kebab-case id a config, the URL and the CLI carry.
//! - `knob`: [`Knob`], the settings only some architectures take.
//! - `model`: the [`Architecture`] trait (what an architecture answers) and [`Running`] (a run in progress).
//! - `registry`: which module answers for which [`Arch`] — the one place an architecture is registered.
//! - `mlp`, `residual`, `rnn`, `conv`, `transformer`: the architectures.
//!
//! The driver ([`super::job`]), the theory, the verdict, the reports and the page ask an [`Arch`] through
//! [`Arch::model`] and never match on which one it is. Adding an architecture is one module here, one variant
//! and one registry line, and its Learn and Interview content.

pub mod conv;
pub mod id;
pub mod knob;
pub mod mlp;
pub mod model;
mod registry;
pub mod residual;
pub mod rnn;
pub mod transformer;

pub use id::Arch;
pub use knob::{Knob, Sizes};
pub use model::{Architecture, Dynamics, Running, Signal, Stack};
