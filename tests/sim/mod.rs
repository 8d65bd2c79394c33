//! Shared by the architecture and statistics tests: a validated simulation, and a small config (width 64,
//! batch 32) for an architecture, initializer, activation and depth.

use initscope::engine::arch::Arch;
use initscope::engine::{simulate, Activation, Config, Initializer, SimOptions, SimResult};

/// Simulate a config that must be valid.
pub fn run(cfg: &Config) -> SimResult {
    assert!(cfg.validate().is_ok(), "{cfg:?}");
    simulate(cfg, &SimOptions::default())
}

/// A small config: width 64, batch 32, the rest default.
pub fn cfg(arch: Arch, init: Initializer, activation: Activation, depth: usize) -> Config {
    Config {
        arch,
        init,
        activation,
        depth,
        width: 64,
        batch: 32,
        ..Config::default()
    }
}
