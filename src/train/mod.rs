//! The training race: the consequence of initialization. Small MLPs on 2-D tasks, trained from several
//! initializers on the same data and minibatches — plain Rust like the engine, tested natively.

pub mod data;
pub mod mlp;
pub mod params;
pub mod race;
pub mod snapshot;

pub use data::Dataset;
pub use mlp::{Mlp, Optimizer};
pub use race::{Race, Record, TrainConfig};
