//! What the native chart tests share.

use initscope::engine::{simulate, Activation, Config, Initializer, SimOptions, SimResult};

/// A small run (width 64, batch 16) with histograms at the first and last layers.
pub fn run(init: Initializer, act: Activation, depth: usize) -> SimResult {
    let cfg = Config {
        init,
        activation: act,
        depth,
        width: 64,
        batch: 16,
        ..Config::default()
    };
    simulate(
        &cfg,
        &SimOptions {
            histogram_layers: vec![1, depth],
            ..SimOptions::default()
        },
    )
}
