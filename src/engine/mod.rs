//! The signal-propagation engine: plain Rust, no web imports, tested natively.
//!
//! [`Config`] → [`simulate`] → [`SimResult`] (per-layer statistics, the mean-field [`Theory`], overflow and
//! underflow layers, and a [`Verdict`]).

pub mod activation;
pub mod arch;
pub mod attention_map;
pub mod codec;
pub mod config;
pub mod conv;
pub mod deferred;
pub mod dense;
pub mod distribution;
pub mod float;
pub mod init;
pub mod init_spec;
pub mod jacobian;
pub mod job;
pub mod kept;
pub mod linalg;
pub mod mean_field;
pub mod network;
pub mod nonlinearity;
pub mod norm;
pub mod phase;
pub mod plan;
pub mod quadrature;
pub mod quadrature2d;
pub mod recommend;
pub mod residual;
pub mod result;
pub mod rng;
pub mod rnn;
pub mod sample;
pub mod series;
pub mod simulation;
pub mod spread;
pub mod stats;
pub mod step;
pub mod svd;
pub mod theory;
pub mod theory_arch;
pub mod transformer;
pub mod verdict;

pub use activation::Activation;
pub use config::{Config, ConfigError};
pub use init::{Distribution, FanMode, InitFamily, Initializer};
pub use init_spec::InitSpec;
pub use job::{Job, Stage};
pub use network::MEMORY_BUDGET;
pub use nonlinearity::Nonlinearity;
pub use plan::{LayerPlan, Plan};
pub use recommend::{recommendation, Recommendation};
pub use result::{SimOptions, SimResult};
pub use simulation::{predict, simulate, simulate_with_budget};
pub use stats::Histogram;
pub use stats::LayerStats;
pub use theory::{Theory, TheoryLayer};
pub use verdict::{Verdict, VerdictKind};
