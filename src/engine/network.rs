//! The measured network: forward and backward passes through a stack of [`Step`]s in f32, with per-layer
//! statistics in f64 (the definition below; docs/SCIENCE.md). It knows nothing of the theory or the
//! verdict (`simulation.rs` composes them).
//!
//! h_l = a_{l−1}·W_l + b_l, a_l = φ(h_l), a_0 = x ~ N(0, 1); backward from ∂L/∂a_L ~ N(0, 1):
//! ∂L/∂h_l = ∂L/∂a_l ⊙ φ′(h_l), ∂L/∂a_{l−1} = ∂L/∂h_l·W_lᵀ, ∂L/∂W_l = a_{l−1}ᵀ·∂L/∂h_l.
//!
//! Memory stays bounded: weights beyond the keep budget (`kept.rs`) are drawn again from their (seed, layer)
//! streams, and when every layer's cache would not fit in the budget the backward pass recomputes it segment
//! by segment from √depth checkpoints.

use super::attention_map::AttentionMap;
use super::deferred::DeferredWeightGrad;
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
    pub jacobian: Option<Vec<f64>>,
    /// Whether Var(∂L/∂W) is measured.
    pub weight_grads: bool,
    /// The attention maps the steps keep ([`Step::attention_map`]), in order.
    pub attention: Vec<AttentionMap>,
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
    /// Measure Var(∂L/∂W) (one product per layer more).
    pub weight_grads: bool,
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
/// step of each pass. The same as driving a [`Measurement`] to its end in one go.
pub fn measure<S: Step>(steps: &[S], pass: Pass, progress: &mut dyn FnMut(f64)) -> Measured {
    let mut run = Measurement::new(steps.len(), pass);
    while run.advance(steps, usize::MAX, progress) != Advance::Done {}
    run.into_measured()
}

/// Where a [`Measurement`] stopped after [`Measurement::advance`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advance {
    /// It used up its budget of steps; call again.
    Paused,
    /// The forward pass has just ended (the forward statistics are final); call again for the backward pass.
    ForwardDone,
    /// Both passes are done (or the forward pass overflowed, and there is no backward pass).
    Done,
}

/// Where the next call continues.
enum Phase<C> {
    /// The forward pass, at step index `next` (0-based).
    Forward {
        next: usize,
    },
    /// The backward pass, in checkpointed segment `k`, at 1-based layer `l`, with the segment's caches (empty
    /// until the segment is entered) and ∂L/∂(output of layer `l`).
    Backward {
        k: usize,
        l: usize,
        segment: Vec<C>,
        g: Vec<f32>,
    },
    Done,
}

/// A measurement in progress: the forward then the backward pass over a stack of [`Step`]s, run a few steps
/// at a time ([`Measurement::advance`]) so that a caller such as the web worker can stop between slices and
/// answer newer requests. However it is sliced, it computes exactly what one uninterrupted pass computes.
pub struct Measurement<S: Step> {
    m: Measured,
    phase: Phase<S::Cache>,
    depth: usize,
    seg_len: usize,
    input_width: usize,
    histogram_layers: Vec<usize>,
    jac: Option<Vec<f64>>,
    checkpoints: Vec<Vec<f32>>,
    /// The forward pass's current segment of caches (the last one, once the forward pass is done).
    segment: Vec<S::Cache>,
    prev_var: f64,
    /// The forward pass's current activations.
    a: Vec<f32>,
    output_grad: Vec<f32>,
    /// Hand Var(∂L/∂W) out instead of computing it ([`Measurement::defer_weight_grads`]).
    defer_weight_grads: bool,
    /// The layers handed out and not yet taken.
    deferred: Vec<DeferredWeightGrad>,
}

impl<S: Step> Measurement<S> {
    /// A measurement of `depth` steps, not started.
    pub fn new(depth: usize, pass: Pass) -> Self {
        let input_width = if pass.jacobian {
            pass.input.len().checked_div(pass.batch).unwrap_or(0)
        } else {
            0
        };
        // M starts as the identity: ∂x/∂x.
        let jac = pass
            .jacobian
            .then(|| super::jacobian::identity(input_width));
        Measurement {
            m: Measured {
                layers: (1..=depth).map(LayerStats::unavailable).collect(),
                overflow_layer: None,
                grad_overflow_layer: None,
                underflow_layer: None,
                histograms: Vec::new(),
                peak_bytes: 0,
                jacobian: None,
                weight_grads: pass.weight_grads,
                attention: Vec::new(),
            },
            phase: Phase::Forward { next: 0 },
            depth,
            seg_len: pass.segment.max(1),
            input_width,
            histogram_layers: pass.histogram_layers.to_vec(),
            jac,
            checkpoints: Vec::new(),
            segment: Vec::new(),
            prev_var: mean_var(&pass.input).1,
            a: pass.input,
            output_grad: pass.output_grad,
            defer_weight_grads: false,
            deferred: Vec::new(),
        }
    }

    /// From now on, leave Var(∂L/∂W) of each step that allows it to be computed elsewhere: the backward
    /// pass hands out what the product needs ([`Measurement::take_deferred`]), and the variance stays NaN
    /// until [`Measurement::set_weight_grad_var`]. Nothing else changes, to the bit.
    pub fn defer_weight_grads(&mut self) {
        self.defer_weight_grads = true;
    }

    /// The weight products handed out since the last call.
    pub fn take_deferred(&mut self) -> Vec<DeferredWeightGrad> {
        std::mem::take(&mut self.deferred)
    }

    /// Var(∂L/∂W) of `layer` (1-based; others are ignored), computed elsewhere.
    pub fn set_weight_grad_var(&mut self, layer: usize, var: f64) {
        if let Some(s) = layer.checked_sub(1).and_then(|i| self.m.layers.get_mut(i)) {
            s.weight_grad_var = var;
        }
    }

    /// What has been measured so far: the forward statistics once [`Advance::ForwardDone`] was returned,
    /// everything at [`Advance::Done`]; statistics not yet measured are NaN.
    pub fn measured(&self) -> &Measured {
        &self.m
    }

    /// The finished measurement.
    pub fn into_measured(self) -> Measured {
        self.m
    }

    /// Run at most `budget` steps (each step of either pass counts one; recomputing a checkpointed segment
    /// for the backward pass counts as one), stopping early at the end of the forward pass.
    pub fn advance(
        &mut self,
        steps: &[S],
        budget: usize,
        progress: &mut dyn FnMut(f64),
    ) -> Advance {
        let mut spent = 0;
        while spent < budget.max(1) {
            spent += 1;
            match &mut self.phase {
                Phase::Forward { next } => {
                    let i = *next;
                    *next += 1;
                    if self.forward_step(steps, i, progress) {
                        self.end_forward();
                        return if matches!(self.phase, Phase::Done) {
                            Advance::Done
                        } else {
                            Advance::ForwardDone
                        };
                    }
                }
                Phase::Backward { .. } => {
                    if self.backward_step(steps, progress) {
                        self.phase = Phase::Done;
                        return Advance::Done;
                    }
                }
                Phase::Done => return Advance::Done,
            }
        }
        Advance::Paused
    }

    /// Forward step `i` (0-based); `true` when the forward pass has ended (the last step, or an overflow).
    fn forward_step(&mut self, steps: &[S], i: usize, progress: &mut dyn FnMut(f64)) -> bool {
        let Some(step) = steps.get(i) else {
            return true;
        };
        let l = i + 1;
        if i.is_multiple_of(self.seg_len) {
            self.checkpoints.push(self.a.clone());
            self.segment.clear();
        }
        let (cache, post) = step.forward(&self.a);
        let s = &mut self.m.layers[i];
        if step.measure_forward(&cache, &post, s).is_err() {
            self.m.overflow_layer = Some(l);
            return true;
        }
        if self.m.underflow_layer.is_none()
            && s.pre_var == 0.0
            && self.prev_var > 0.0
            && s.weight_var > 0.0
        {
            self.m.underflow_layer = Some(l);
        }
        self.prev_var = s.post_var;
        if self.histogram_layers.contains(&l) {
            self.m
                .histograms
                .push(Histogram::of(l, &post, HISTOGRAM_BINS));
        }
        if let Some(map) = step.attention_map(&cache) {
            self.m.attention.push(map);
        }
        if let Some(j) = self.jac.take() {
            self.jac = step.jacobian(&cache, &j, self.input_width);
        }
        self.segment.push(cache);
        self.a = post;
        progress(l as f64 / (2 * self.depth) as f64);
        let held = self.checkpoints.iter().map(Vec::len).sum::<usize>()
            + self.segment.iter().map(S::cache_len).sum::<usize>()
            + self.a.len();
        self.m.peak_bytes = self.m.peak_bytes.max(4 * held);
        l == self.depth
    }

    /// The forward pass has ended: keep the Jacobian, and start the backward pass unless it overflowed.
    fn end_forward(&mut self) {
        self.m.jacobian = self.jac.take().filter(|_| self.m.overflow_layer.is_none());
        self.phase = if self.m.overflow_layer.is_none() && self.depth > 0 {
            Phase::Backward {
                k: self.checkpoints.len() - 1,
                l: self.depth,
                segment: Vec::new(),
                g: std::mem::take(&mut self.output_grad),
            }
        } else {
            Phase::Done
        };
    }

    /// One step of the backward pass, segment by segment from the top; `true` when it has ended (the
    /// bottom layer, or a gradient that became non-finite — recorded in `grad_overflow_layer`).
    fn backward_step(&mut self, steps: &[S], progress: &mut dyn FnMut(f64)) -> bool {
        let Phase::Backward { k, l, segment, g } = &mut self.phase else {
            return true;
        };
        let (depth, seg_len) = (self.depth, self.seg_len);
        let start = *k * seg_len + 1;
        let end = (start + seg_len - 1).min(depth);
        if segment.is_empty() {
            // Entering segment k: the last one's caches are the forward pass's; the others are recomputed
            // from their checkpoints.
            if end == depth {
                *segment = std::mem::take(&mut self.segment);
            } else {
                let mut a = self.checkpoints[*k].clone();
                for step in &steps[start - 1..end] {
                    let (cache, post) = step.forward(&a);
                    a = post;
                    segment.push(cache);
                }
            }
            return false;
        }
        let layer = *l;
        progress(1.0 - (layer - 1) as f64 / (2 * depth) as f64);
        let idx = layer - start;
        let step = &steps[layer - 1];
        let input = if idx == 0 {
            self.checkpoints[*k].clone()
        } else {
            steps[layer - 2].output(&segment[idx - 1])
        };
        let stats = &mut self.m.layers[layer - 1];
        let backward = if self.m.weight_grads && self.defer_weight_grads {
            // ∂L/∂h handed out for a product computed elsewhere, where the step can leave it out.
            step.backward_deferring(&segment[idx], &input, g, layer > 1, stats)
                .map(|(g_in, operand)| {
                    if let Some((g_h, fan_in, fan_out)) = operand {
                        let rows = g_h.len().checked_div(fan_out).unwrap_or(0);
                        self.deferred.push(DeferredWeightGrad {
                            layer,
                            a: input,
                            g_h,
                            rows,
                            fan_in,
                            fan_out,
                        });
                    }
                    g_in
                })
        } else {
            let wanted = [layer > 1, self.m.weight_grads];
            step.backward(&segment[idx], &input, g, wanted, stats)
        };
        match backward {
            Err(_) => {
                self.m.grad_overflow_layer = Some(layer);
                return true;
            }
            Ok(Some(g_in)) => {
                *g = g_in;
                let held = self.checkpoints.iter().map(Vec::len).sum::<usize>()
                    + segment.iter().map(S::cache_len).sum::<usize>()
                    + (1 + usize::from(self.m.weight_grads)) * step.param_len()
                    + 3 * g.len();
                self.m.peak_bytes = self.m.peak_bytes.max(4 * held);
            }
            Ok(None) => {}
        }
        if layer == start {
            if *k == 0 {
                return true;
            }
            *k -= 1;
            segment.clear();
        }
        *l = layer - 1;
        false
    }
}
