//! One run, composed one way: [`Config`] → [`Plan`] → measured steps ([`super::network`]) → mean-field
//! theory ([`super::theory`]) → [`Verdict`] ([`super::verdict`]).

use super::config::Config;
use super::network::{draw_ends, measure, segment_length, Pass, MEMORY_BUDGET};
use super::plan::Plan;
use super::stats::{Histogram, LayerStats};
use super::step::DenseStep;
use super::theory::{predict_plan, Theory};
use super::verdict::{judge, Verdict};

/// What to compute besides the per-layer statistics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimOptions {
    /// Layers (1-based) whose post-activation histograms are wanted; out-of-range entries are skipped.
    pub histogram_layers: Vec<usize>,
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
}

/// Run the network described by `cfg`. The config must be valid ([`Config::validate`]).
pub fn simulate(cfg: &Config, opts: &SimOptions) -> SimResult {
    simulate_with_budget(cfg, opts, MEMORY_BUDGET)
}

/// [`simulate`] with a given memory budget for the kept pre-activations and weights; a smaller budget
/// recomputes more but gives bit-identical results.
pub fn simulate_with_budget(cfg: &Config, opts: &SimOptions, budget: usize) -> SimResult {
    simulate_observed(cfg, opts, budget, &mut |_| {})
}

/// [`simulate_with_budget`], reporting progress (a fraction in [0, 1], after each layer of each pass) to
/// `progress` — the web worker forwards it to the page's progress bar.
pub fn simulate_observed(
    cfg: &Config,
    opts: &SimOptions,
    budget: usize,
    progress: &mut dyn FnMut(f64),
) -> SimResult {
    let plan = Plan::new(cfg);
    let steps: Vec<DenseStep> = plan
        .layers
        .iter()
        .map(|&layer| DenseStep {
            plan: layer,
            phi: plan.phi,
            batch: plan.batch,
            seed: plan.seed,
        })
        .collect();
    let (batch, width) = (cfg.batch, cfg.width);
    let per_step = 4 * (batch * width + width * width.max(cfg.input_width()));
    let [input, output_grad] = draw_ends(plan.seed, batch, plan.input_width, plan.output_width());
    let pass = Pass {
        input,
        output_grad,
        histogram_layers: &opts.histogram_layers,
        segment: segment_length(plan.depth(), per_step, budget),
    };
    let m = measure(&steps, pass, progress);
    let theory = predict_plan(&plan);
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
    }
}
