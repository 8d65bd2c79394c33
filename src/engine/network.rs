//! The measured network: forward and backward passes through a stack of [`Step`]s in f32, with per-layer
//! statistics in f64 (network definition: `shared/docs/science.md`). It knows nothing of the theory or the
//! verdict (`simulation.rs` composes them).
//!
//! h_l = a_{l−1}·W_l + b_l, a_l = φ(h_l), a_0 = x ~ N(0, 1); backward from ∂L/∂a_L ~ N(0, 1):
//! ∂L/∂h_l = ∂L/∂a_l ⊙ φ′(h_l), ∂L/∂a_{l−1} = ∂L/∂h_l·W_lᵀ, ∂L/∂W_l = a_{l−1}ᵀ·∂L/∂h_l.
//!
//! Memory stays bounded: weights are regenerated from their (seed, layer) streams rather than kept, and when
//! every layer's cache would not fit in the budget the backward pass recomputes it segment by segment from
//! √depth checkpoints.

use super::rng::{stream_rng, Stream};
use super::sample::fill_normal;
use super::stats::{mean_var, Histogram, LayerStats};
use super::step::Step;

/// Bytes of per-layer buffers the simulation may keep before it switches to checkpointing.
pub const MEMORY_BUDGET: usize = 128 << 20;
/// Default number of histogram bins.
pub const HISTOGRAM_BINS: usize = 40;

/// What one pass over the steps measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// One entry per step.
    pub layers: Vec<LayerStats>,
    /// The first layer whose forward values became non-finite in f32.
    pub overflow_layer: Option<usize>,
    /// The first layer (counting down from the top) whose gradient became non-finite.
    pub grad_overflow_layer: Option<usize>,
    /// The first layer whose pre-activations underflowed to exactly 0 from a non-zero input.
    pub underflow_layer: Option<usize>,
    /// Histograms of the requested layers' outputs.
    pub histograms: Vec<Histogram>,
    /// Peak bytes of the f32 buffers held at once.
    pub peak_bytes: usize,
    /// ∂output/∂input for example 0 (input width × output width), when asked for and defined.
    pub jacobian: Option<Vec<f32>>,
}

/// The inputs of a measurement besides the steps.
pub struct Pass<'a> {
    /// x (batch × input width), already drawn.
    pub input: Vec<f32>,
    /// ∂L/∂output (batch × output width), already drawn.
    pub output_grad: Vec<f32>,
    /// Layers whose output histograms are wanted.
    pub histogram_layers: &'a [usize],
    /// Examples in the batch.
    pub batch: usize,
    /// Steps per checkpointed segment (the depth when everything fits).
    pub segment: usize,
    /// Carry the input–output Jacobian of example 0 through the forward pass.
    pub jacobian: bool,
}

/// The input x ~ N(0, 1) and the output gradient ∂L/∂a_L ~ N(0, 1) of a run, from their streams.
pub fn draw_ends(
    seed: u64,
    batch: usize,
    input_width: usize,
    output_width: usize,
) -> [Vec<f32>; 2] {
    let mut x = vec![0.0f32; batch * input_width];
    fill_normal(1.0, &mut stream_rng(seed, Stream::Input), &mut x);
    let mut g = vec![0.0f32; batch * output_width];
    fill_normal(1.0, &mut stream_rng(seed, Stream::OutputGrad), &mut g);
    [x, g]
}

/// Steps per segment: all of them when `per_step` bytes × depth fit in `budget`, else √depth (or fewer).
pub fn segment_length(depth: usize, per_step: usize, budget: usize) -> usize {
    if per_step * depth <= budget {
        depth
    } else {
        let root = (depth as f64).sqrt().ceil() as usize;
        root.min((budget / per_step).max(1))
    }
}

/// Run `steps` forward then backward, measuring every step; `progress` hears a fraction in [0, 1] after each
/// step of each pass.
pub fn measure<S: Step>(steps: &[S], pass: Pass, progress: &mut dyn FnMut(f64)) -> Measured {
    let depth = steps.len();
    let seg_len = pass.segment.max(1);
    let mut m = Measured {
        layers: (1..=depth).map(LayerStats::unavailable).collect(),
        overflow_layer: None,
        grad_overflow_layer: None,
        underflow_layer: None,
        histograms: Vec::new(),
        peak_bytes: 0,
        jacobian: None,
    };
    let input_width = if pass.jacobian {
        pass.input.len().checked_div(pass.batch).unwrap_or(0)
    } else {
        0
    };
    // M starts as the identity: ∂x/∂x.
    let mut jac: Option<Vec<f32>> = pass.jacobian.then(|| {
        let mut m = vec![0.0f32; input_width * input_width];
        (0..input_width).for_each(|i| m[i * input_width + i] = 1.0);
        m
    });
    let mut checkpoints: Vec<Vec<f32>> = Vec::new();
    let mut segment: Vec<S::Cache> = Vec::new();
    let mut prev_var = mean_var(&pass.input).1;
    let mut a = pass.input;
    for (i, step) in steps.iter().enumerate() {
        let l = i + 1;
        if i % seg_len == 0 {
            checkpoints.push(a.clone());
            segment.clear();
        }
        let (cache, post) = step.forward(&a);
        let s = &mut m.layers[i];
        if step.measure_forward(&cache, &post, s).is_err() {
            m.overflow_layer = Some(l);
            break;
        }
        if m.underflow_layer.is_none() && s.pre_var == 0.0 && prev_var > 0.0 && s.weight_var > 0.0 {
            m.underflow_layer = Some(l);
        }
        prev_var = s.post_var;
        if pass.histogram_layers.contains(&l) {
            m.histograms.push(Histogram::of(l, &post, HISTOGRAM_BINS));
        }
        if let Some(j) = jac.take() {
            jac = step.jacobian(&cache, &j, input_width);
        }
        segment.push(cache);
        a = post;
        progress(l as f64 / (2 * depth) as f64);
        let held = checkpoints.iter().map(Vec::len).sum::<usize>()
            + segment.iter().map(S::cache_len).sum::<usize>()
            + a.len();
        m.peak_bytes = m.peak_bytes.max(4 * held);
    }
    m.jacobian = jac.filter(|_| m.overflow_layer.is_none());
    if m.overflow_layer.is_none() {
        m.grad_overflow_layer = backward(
            steps,
            &mut m,
            &checkpoints,
            segment,
            seg_len,
            pass.output_grad,
            progress,
        );
    }
    m
}

/// The backward pass, segment by segment from the top. Returns the first layer (from the top) whose
/// gradient became non-finite.
fn backward<S: Step>(
    steps: &[S],
    m: &mut Measured,
    checkpoints: &[Vec<f32>],
    mut last_segment: Vec<S::Cache>,
    seg_len: usize,
    mut g: Vec<f32>,
    progress: &mut dyn FnMut(f64),
) -> Option<usize> {
    let depth = steps.len();
    for (k, checkpoint) in checkpoints.iter().enumerate().rev() {
        let start = k * seg_len + 1;
        let end = (start + seg_len - 1).min(depth);
        let segment = if end == depth {
            std::mem::take(&mut last_segment)
        } else {
            let mut seg = Vec::with_capacity(seg_len);
            let mut a = checkpoint.clone();
            for step in &steps[start - 1..end] {
                let (cache, post) = step.forward(&a);
                a = post;
                seg.push(cache);
            }
            seg
        };
        for l in (start..=end).rev() {
            progress(1.0 - (l - 1) as f64 / (2 * depth) as f64);
            let idx = l - start;
            let step = &steps[l - 1];
            let input = if idx == 0 {
                checkpoint.clone()
            } else {
                steps[l - 2].output(&segment[idx - 1])
            };
            match step.backward(&segment[idx], &input, &g, l > 1, &mut m.layers[l - 1]) {
                Err(_) => return Some(l),
                Ok(Some(g_in)) => {
                    g = g_in;
                    let held = checkpoints.iter().map(Vec::len).sum::<usize>()
                        + segment.iter().map(S::cache_len).sum::<usize>()
                        + 2 * step.param_len()
                        + 3 * g.len();
                    m.peak_bytes = m.peak_bytes.max(4 * held);
                }
                Ok(None) => {}
            }
        }
    }
    None
}
