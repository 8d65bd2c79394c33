//! The simulated network: forward and backward passes through freshly initialized dense layers, in f32,
//! with per-layer statistics in f64 (network definition: `shared/docs/science.md`).
//!
//! h_l = a_{l−1}·W_l + b_l, a_l = φ(h_l), a_0 = x ~ N(0, 1); backward from ∂L/∂a_L ~ N(0, 1):
//! ∂L/∂h_l = ∂L/∂a_l ⊙ φ′(h_l), ∂L/∂a_{l−1} = ∂L/∂h_l·W_lᵀ, ∂L/∂W_l = a_{l−1}ᵀ·∂L/∂h_l.
//!
//! Memory stays bounded: weights are regenerated from their (seed, layer) streams rather than kept, and when
//! every layer's pre-activations would not fit in [`MEMORY_BUDGET`] the backward pass recomputes them segment
//! by segment from √depth checkpoints.

use super::config::Config;
use super::init::Distribution;
use super::linalg::{matmul, transpose};
use super::rng::{stream_rng, Stream};
use super::sample::{fill_normal, fill_weights};
use super::stats::{all_finite, dead_units, distinct_units, mean_var, Histogram};
use super::theory::{predict, Theory};
use super::verdict::{judge, Verdict};

/// Bytes of per-layer buffers the simulation may keep before it switches to checkpointing.
pub const MEMORY_BUDGET: usize = 128 << 20;
/// Default number of histogram bins.
pub const HISTOGRAM_BINS: usize = 40;

/// What to compute besides the per-layer statistics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimOptions {
    /// Layers (1-based) whose post-activation histograms are wanted; out-of-range entries are skipped.
    pub histogram_layers: Vec<usize>,
}

/// Measured statistics of one layer. A value that could not be computed (the layer, or the backward pass,
/// overflowed) is NaN; a variance that underflowed is 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerStats {
    /// 1-based layer index.
    pub layer: usize,
    /// Mean of h_l over batch × width.
    pub pre_mean: f64,
    /// Population variance of h_l.
    pub pre_var: f64,
    /// Mean of a_l.
    pub post_mean: f64,
    /// Population variance of a_l.
    pub post_var: f64,
    /// Variance of ∂L/∂h_l.
    pub grad_var: f64,
    /// Variance of the entries of ∂L/∂W_l.
    pub weight_grad_var: f64,
    /// Variance of the sampled entries of W_l.
    pub weight_var: f64,
    /// Fraction of units whose output is 0 for the whole batch.
    pub dead_frac: f64,
    /// Fraction of post-activations at tanh's or sigmoid's flat ends.
    pub saturated_frac: f64,
    /// Number of units (columns of a_l) that differ beyond rounding.
    pub distinct_units: usize,
}

impl LayerStats {
    fn unavailable(layer: usize) -> Self {
        LayerStats {
            layer,
            pre_mean: f64::NAN,
            pre_var: f64::NAN,
            post_mean: f64::NAN,
            post_var: f64::NAN,
            grad_var: f64::NAN,
            weight_grad_var: f64::NAN,
            weight_var: f64::NAN,
            dead_frac: f64::NAN,
            saturated_frac: f64::NAN,
            distinct_units: 0,
        }
    }
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

/// One layer's forward computation: its weights and its pre-activations.
struct Layer {
    w: Vec<f32>,
    h: Vec<f32>,
}

/// Regenerates layers from their seeds and applies them.
struct Net<'a> {
    cfg: &'a Config,
    phi: super::nonlinearity::Nonlinearity,
}

impl Net<'_> {
    fn dist(&self, l: usize) -> Distribution {
        let (fi, fo) = self.cfg.fans(l);
        self.cfg.init_spec().distribution(fi, fo)
    }

    /// W_l and h_l = a·W_l + b_l for the input `a` (batch × fan_in).
    fn forward(&self, l: usize, a: &[f32]) -> Layer {
        let (fi, fo) = self.cfg.fans(l);
        let mut w = vec![0.0f32; fi * fo];
        fill_weights(
            &self.dist(l),
            fi,
            fo,
            &mut stream_rng(self.cfg.seed, Stream::Weights(l)),
            &mut w,
        );
        let mut h = vec![0.0f32; self.cfg.batch * fo];
        matmul(a, &w, &mut h, self.cfg.batch, fi, fo);
        if self.cfg.bias_std > 0.0 {
            let mut b = vec![0.0f32; fo];
            fill_normal(
                self.cfg.bias_std as f32,
                &mut stream_rng(self.cfg.seed, Stream::Bias(l)),
                &mut b,
            );
            for row in h.chunks_exact_mut(fo) {
                row.iter_mut().zip(&b).for_each(|(x, bj)| *x += bj);
            }
        }
        Layer { w, h }
    }

    fn activate(&self, h: &[f32]) -> Vec<f32> {
        h.iter().map(|&x| self.phi.value(x)).collect()
    }
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
    let net = Net {
        cfg,
        phi: cfg.nonlinearity(),
    };
    let (batch, depth, width) = (cfg.batch, cfg.depth, cfg.width);
    let per_layer = 4 * (batch * width + width * width.max(cfg.input_width()));
    let seg_len = if per_layer * depth <= budget {
        depth
    } else {
        let root = (depth as f64).sqrt().ceil() as usize;
        root.min((budget / per_layer).max(1))
    };

    let mut x = vec![0.0f32; batch * cfg.input_width()];
    fill_normal(1.0, &mut stream_rng(cfg.seed, Stream::Input), &mut x);
    let input_var = mean_var(&x).1;

    let mut layers: Vec<LayerStats> = (1..=depth).map(LayerStats::unavailable).collect();
    let mut histograms = Vec::new();
    let mut checkpoints: Vec<Vec<f32>> = Vec::new();
    let mut segment: Vec<Layer> = Vec::new();
    let mut overflow_layer = None;
    let mut underflow_layer = None;
    let mut prev_var = input_var;
    let mut a = x;
    let mut peak = 0usize;

    for l in 1..=depth {
        if (l - 1) % seg_len == 0 {
            checkpoints.push(a.clone());
            segment.clear();
        }
        let layer = net.forward(l, &a);
        let post = net.activate(&layer.h);
        if !all_finite(&layer.h) || !all_finite(&post) {
            overflow_layer = Some(l);
            break;
        }
        let s = &mut layers[l - 1];
        (s.pre_mean, s.pre_var) = mean_var(&layer.h);
        (s.post_mean, s.post_var) = mean_var(&post);
        s.weight_var = mean_var(&layer.w).1;
        s.dead_frac = dead_units(&post, batch, width) as f64 / width as f64;
        s.saturated_frac =
            post.iter().filter(|&&v| net.phi.is_saturated(v)).count() as f64 / post.len() as f64;
        s.distinct_units = distinct_units(&post, batch, width);
        if underflow_layer.is_none() && s.pre_var == 0.0 && prev_var > 0.0 && s.weight_var > 0.0 {
            underflow_layer = Some(l);
        }
        prev_var = s.post_var;
        if opts.histogram_layers.contains(&l) {
            histograms.push(Histogram::of(l, &post, HISTOGRAM_BINS));
        }
        segment.push(layer);
        a = post;
        progress(l as f64 / (2 * depth) as f64);
        let held = checkpoints.iter().map(Vec::len).sum::<usize>()
            + segment.iter().map(|s| s.h.len() + s.w.len()).sum::<usize>()
            + a.len();
        peak = peak.max(4 * held);
    }

    let grad_overflow_layer = if overflow_layer.is_none() {
        backward(
            &net,
            &mut layers,
            &checkpoints,
            segment,
            seg_len,
            &mut peak,
            progress,
        )
    } else {
        None
    };

    let theory = predict(cfg);
    let verdict = judge(
        cfg,
        &layers,
        theory.as_ref(),
        overflow_layer,
        grad_overflow_layer,
        underflow_layer,
    );
    SimResult {
        config: cfg.clone(),
        layers,
        theory,
        overflow_layer,
        grad_overflow_layer,
        underflow_layer,
        histograms,
        verdict,
        peak_bytes: peak,
    }
}

/// The backward pass, segment by segment from the top. Fills grad_var and weight_grad_var; returns the
/// first layer (from the top) whose gradient became non-finite.
fn backward(
    net: &Net,
    layers: &mut [LayerStats],
    checkpoints: &[Vec<f32>],
    mut last_segment: Vec<Layer>,
    seg_len: usize,
    peak: &mut usize,
    progress: &mut dyn FnMut(f64),
) -> Option<usize> {
    let cfg = net.cfg;
    let (batch, depth, width) = (cfg.batch, cfg.depth, cfg.width);
    let mut g_a = vec![0.0f32; batch * width];
    fill_normal(1.0, &mut stream_rng(cfg.seed, Stream::OutputGrad), &mut g_a);
    for (k, checkpoint) in checkpoints.iter().enumerate().rev() {
        let start = k * seg_len + 1;
        let end = (start + seg_len - 1).min(depth);
        let segment = if end == depth {
            std::mem::take(&mut last_segment)
        } else {
            let mut seg = Vec::with_capacity(seg_len);
            let mut a = checkpoint.clone();
            for l in start..=end {
                let layer = net.forward(l, &a);
                a = net.activate(&layer.h);
                seg.push(layer);
            }
            seg
        };
        for l in (start..=end).rev() {
            progress(1.0 - (l - 1) as f64 / (2 * depth) as f64);
            let idx = l - start;
            let (fi, fo) = cfg.fans(l);
            let Layer { w, h } = &segment[idx];
            let g_h: Vec<f32> = g_a
                .iter()
                .zip(h)
                .map(|(&g, &x)| g * net.phi.derivative(x))
                .collect();
            if !all_finite(&g_h) {
                return Some(l);
            }
            // ∂L/∂W_l = a_{l−1}ᵀ·∂L/∂h_l.
            let a_prev = if idx == 0 {
                checkpoint.clone()
            } else {
                net.activate(&segment[idx - 1].h)
            };
            let mut a_t = vec![0.0f32; a_prev.len()];
            transpose(&a_prev, &mut a_t, batch, fi);
            let mut g_w = vec![0.0f32; fi * fo];
            matmul(&a_t, &g_h, &mut g_w, fi, batch, fo);
            let s = &mut layers[l - 1];
            s.grad_var = mean_var(&g_h).1;
            s.weight_grad_var = if all_finite(&g_w) {
                mean_var(&g_w).1
            } else {
                f64::NAN
            };
            if l > 1 {
                // ∂L/∂a_{l−1} = ∂L/∂h_l·W_lᵀ.
                let mut w_t = vec![0.0f32; w.len()];
                transpose(w, &mut w_t, fi, fo);
                g_a = vec![0.0f32; batch * fi];
                matmul(&g_h, &w_t, &mut g_a, batch, fo, fi);
                let held = checkpoints.iter().map(Vec::len).sum::<usize>()
                    + segment.iter().map(|s| s.h.len() + s.w.len()).sum::<usize>()
                    + 2 * g_w.len()
                    + 3 * g_a.len();
                *peak = (*peak).max(4 * held);
            }
        }
    }
    None
}
