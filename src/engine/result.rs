//! What one run produces ([`SimResult`]) and what it is asked to compute besides its statistics
//! ([`SimOptions`]).

use super::attention_map::AttentionMap;
use super::config::Config;
use super::network::Measured;
use super::plan::Plan;
use super::stats::{Histogram, LayerStats};
use super::svd::singular_values;
use super::theory::Theory;
use super::verdict::{judge, Verdict};

/// What to compute besides the per-layer statistics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimOptions {
    /// Layers (1-based) whose post-activation histograms are wanted; out-of-range entries are skipped.
    pub histogram_layers: Vec<usize>,
    /// The singular values of the input–output Jacobian of example 0 (mlp without batch norm).
    pub jacobian: bool,
    /// Leave Var(∂L/∂W) out (NaN): one of a layer's three products, which the Lab computes only while its
    /// table (the one place that shows it) is open. Every other number keeps its bits.
    pub without_weight_grads: bool,
}

/// The input–output Jacobian ∂a_L/∂x of one example, by its singular values.
#[derive(Clone, Debug, PartialEq)]
pub struct Jacobian {
    /// The last layer L.
    pub layer: usize,
    /// Which example of the batch (0).
    pub example: usize,
    /// Its singular values, largest first: min(input width, width) of them.
    pub singular_values: Vec<f64>,
}

/// Everything one run produces.
#[derive(Clone, Debug, PartialEq)]
pub struct SimResult {
    /// The config that produced it.
    pub config: Config,
    /// One entry per layer, 1..=depth.
    pub layers: Vec<LayerStats>,
    /// The mean-field prediction (none for zero/constant init).
    pub theory: Option<Theory>,
    /// The first layer whose pre- or post-activations became non-finite in f32.
    pub overflow_layer: Option<usize>,
    /// The first layer (counting down from the top) whose gradient became non-finite.
    pub grad_overflow_layer: Option<usize>,
    /// The first layer whose pre-activations underflowed to exactly 0 from a non-zero input.
    pub underflow_layer: Option<usize>,
    /// Histograms of the requested layers' post-activations.
    pub histograms: Vec<Histogram>,
    /// The plain-language judgement.
    pub verdict: Verdict,
    /// Peak bytes of the f32 buffers held at once.
    pub peak_bytes: usize,
    /// The Jacobian's singular values, when asked for and defined.
    pub jacobian: Option<Jacobian>,
    /// Whether Var(∂L/∂W) was computed ([`SimOptions::without_weight_grads`] unset).
    pub weight_grads: bool,
    /// A transformer's attention weights for sequence 0, for the blocks it keeps them of (empty otherwise).
    pub attention: Vec<AttentionMap>,
}

/// The result of what was measured, with the plan's `theory`: the verdict and the Jacobian's spectrum.
pub fn finish(cfg: &Config, plan: &Plan, theory: Option<Theory>, m: Measured) -> SimResult {
    let verdict = judge(
        cfg,
        &m.layers,
        theory.as_ref(),
        m.overflow_layer,
        m.grad_overflow_layer,
        m.underflow_layer,
    );
    SimResult {
        config: cfg.clone(),
        layers: m.layers,
        theory,
        overflow_layer: m.overflow_layer,
        grad_overflow_layer: m.grad_overflow_layer,
        underflow_layer: m.underflow_layer,
        histograms: m.histograms,
        verdict,
        peak_bytes: m.peak_bytes,
        weight_grads: m.weight_grads,
        attention: m.attention,
        jacobian: m.jacobian.map(|j| {
            let rows = plan.input_width * plan.positions;
            let cols = j.len() / rows.max(1);
            Jacobian {
                layer: plan.depth(),
                example: 0,
                singular_values: singular_values(&j, rows, cols),
            }
        }),
    }
}
