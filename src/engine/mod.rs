//! The signal-propagation engine: plain Rust, no web imports, tested natively.
//!
//! [`Config`] → [`simulate`] → [`SimResult`] (per-layer statistics, the mean-field [`Theory`], overflow and
//! underflow layers, and a [`Verdict`]).

pub mod activation;
pub mod codec;
pub mod config;
pub mod distribution;
pub mod float;
pub mod init;
pub mod init_spec;
pub mod linalg;
pub mod network;
pub mod nonlinearity;
pub mod quadrature;
pub mod recommend;
pub mod rng;
pub mod sample;
pub mod spread;
pub mod stats;
pub mod theory;
pub mod verdict;

pub use activation::Activation;
pub use config::{Config, ConfigError};
pub use init::{Distribution, FanMode, InitFamily, InitSpec, Initializer};
pub use network::{simulate, LayerStats, SimOptions, SimResult};
pub use nonlinearity::Nonlinearity;
pub use recommend::{recommendation, Recommendation};
pub use stats::Histogram;
pub use theory::{predict, Theory, TheoryLayer};
pub use verdict::{Verdict, VerdictKind};
