//! The training race: the consequence of initialization. Small networks (plain or residual, optionally
//! normalized) on 2-D tasks, trained from several
//! initializers on the same data and minibatches — plain Rust like the engine, tested natively.

pub mod batch_stats;
pub mod data;
pub mod mlp;
pub mod optim;
pub mod params;
pub mod passes;
pub mod presets;
pub mod query;
pub mod race;
pub mod snapshot;

pub use data::Dataset;
pub use mlp::{Mlp, NetShape};
pub use optim::Optimizer;
pub use race::{Race, Record, TrainConfig};
