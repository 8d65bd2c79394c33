//! One step of the simulated network — forward, backward and the statistics measured on the way — behind
//! the [`Step`] trait, so the simulation (`network.rs`) composes steps without knowing what they are.
//! Today's step is the dense layer with an activation ([`DenseStep`]); a residual block or a recurrent step
//! is one more implementation.

use super::attention_map::AttentionMap;
use super::dense::Dense;
use super::jacobian;
use super::kept;
use super::nonlinearity::Nonlinearity;
use super::norm::{self, Norm};
use super::plan::{LayerPlan, Plan};
use super::rng::Stream;
use super::stats::{
    all_finite, dead_units, distinct_units, grad_vars, mean_cosine, mean_var, mean_vars, LayerStats,
};
use std::rc::Rc;

/// Values left f32's range in this step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NonFinite;

/// One step of the network.
pub trait Step {
    /// What the forward pass keeps for the backward pass.
    type Cache;
    /// 1-based index of the step (of its random streams and its statistics).
    fn index(&self) -> usize;
    /// The forward pass: the cache and the output for `input` (batch rows).
    fn forward(&self, input: &[f32]) -> (Self::Cache, Vec<f32>);
    /// The output again, from the cache (the next step's input, rebuilt rather than kept).
    fn output(&self, cache: &Self::Cache) -> Vec<f32>;
    /// The forward statistics of this step into `stats`, or [`NonFinite`] if the step overflowed.
    fn measure_forward(
        &self,
        cache: &Self::Cache,
        output: &[f32],
        stats: &mut LayerStats,
    ) -> Result<(), NonFinite>;
    /// The backward pass from ∂L/∂output: the gradient statistics into `stats` (Var(∂L/∂W) when
    /// `wanted[1]`), and ∂L/∂input when `wanted[0]`; [`NonFinite`] if the gradient overflowed.
    fn backward(
        &self,
        cache: &Self::Cache,
        input: &[f32],
        g_out: &[f32],
        wanted: [bool; 2],
        stats: &mut LayerStats,
    ) -> Result<Option<Vec<f32>>, NonFinite>;
    /// [`Step::backward`] with Var(∂L/∂W) wanted, for a run that computes it elsewhere where it can
    /// ([`super::deferred`]): a step that can leaves it out and hands out ∂L/∂h — the gradient its weight
    /// product takes — with (fan_in, fan_out); the others (the default) compute it here and hand out `None`.
    #[allow(clippy::type_complexity)]
    fn backward_deferring(
        &self,
        cache: &Self::Cache,
        input: &[f32],
        g_out: &[f32],
        input_grad: bool,
        stats: &mut LayerStats,
    ) -> Result<(Option<Vec<f32>>, Option<(Vec<f32>, usize, usize)>), NonFinite> {
        let g_in = self.backward(cache, input, g_out, [input_grad, true], stats)?;
        Ok((g_in, None))
    }
    /// f32 values the cache holds (for the memory accounting).
    fn cache_len(cache: &Self::Cache) -> usize;
    /// f32 values of the step's parameter gradient (for the memory accounting).
    fn param_len(&self) -> usize;
    /// The input–output Jacobian carried through this step for example 0 of the batch, in f64
    /// ([`super::jacobian`]): given M(i, j) = ∂input_j/∂x_i (`rows` × input width), M(i, j) = ∂output_j/∂x_i;
    /// `None` where this step cannot carry it (batch norm couples the examples).
    fn jacobian(&self, cache: &Self::Cache, m: &[f64], rows: usize) -> Option<Vec<f64>> {
        let _ = (cache, m, rows);
        None
    }
    /// The attention weights this step keeps for the Lab's heat map (a transformer block's, for sequence 0),
    /// measured in the forward pass; `None` for a step without attention or one that does not keep them.
    fn attention_map(&self, cache: &Self::Cache) -> Option<AttentionMap> {
        let _ = cache;
        None
    }
}

/// The statistics every step measures on its activation: the input of φ (`h`) and its output (`post`),
/// `rows` × `width` units (a unit is a column: a dense layer's unit, a convolution's channel), and the
/// variance of the step's `weights`. The correlation is between the `examples` (each one's share of `h` as
/// one vector: a row of a dense layer, a whole image of a convolution).
pub fn measure_activation(
    phi: &Nonlinearity,
    [h, post]: [&[f32]; 2],
    weights: &[f32],
    (batch, width, examples): (usize, usize, usize),
    s: &mut LayerStats,
) {
    let [pre, after, w] = mean_vars([h, post, weights]);
    (s.pre_mean, s.pre_var) = pre;
    (s.post_mean, s.post_var) = after;
    s.weight_var = w.1;
    s.dead_frac = dead_units(post, batch, width) as f64 / width as f64;
    s.saturated_frac = phi.count_saturated(post) as f64 / post.len() as f64;
    s.distinct_units = distinct_units(post, batch, width);
    s.corr = mean_cosine(h, examples, h.len() / examples.max(1));
}

/// Var(∂L/∂h) and Var(∂L/∂W) for ∂L/∂W = aᵀ·∂L/∂h of the layer `dense` with input `a` — the latter NaN
/// when it overflowed or is not `wanted` (then the product is not computed at all).
pub fn gradient_vars(
    dense: &Dense,
    a: &[f32],
    g_h: &[f32],
    batch: usize,
    wanted: bool,
) -> (f64, f64) {
    gradient_vars_by(g_h, wanted, || dense.weight_grad(a, g_h, batch))
}

/// Var(∂L/∂h) and Var(∂L/∂W) for the ∂L/∂W that `weight_grad` computes (called only when `wanted`).
pub fn gradient_vars_by(
    g_h: &[f32],
    wanted: bool,
    weight_grad: impl FnOnce() -> Vec<f32>,
) -> (f64, f64) {
    if !wanted {
        return (mean_var(g_h).1, f64::NAN);
    }
    grad_vars(g_h, &weight_grad())
}

/// A dense layer, a normalization and the activation: z = a·W + b, n = Norm(z), a′ = φ(n).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DenseStep {
    /// The layer's plan.
    pub plan: LayerPlan,
    /// The activation.
    pub phi: Nonlinearity,
    /// The normalization (none: n = z).
    pub norm: Norm,
    /// Rescale the weights on the batch until Var(z) ≈ 1 (LSUV).
    pub lsuv: bool,
    /// Rows in the batch.
    pub batch: usize,
    /// The run's seed (weights and biases come from the (seed, index) streams).
    pub seed: u64,
}

/// What [`DenseStep`] keeps: the layer (its weights), the input of φ and the normalization's scales.
pub struct DenseCache {
    /// The sampled (and, for LSUV, rescaled) layer.
    pub dense: Rc<Dense>,
    /// The input of φ: n = Norm(a·W + b) (just a·W + b without normalization).
    pub h: Vec<f32>,
    /// 1/√(σ² + ε) per normalization group (empty without normalization).
    pub inv_std: Vec<f32>,
    /// The variance of the weights when already known (kept from an earlier run; not after LSUV).
    pub weight_var: Option<f64>,
}

/// LSUV's tolerance and budget (Mishkin & Matas 2015): |Var − 1| < 0.1, at most 10 rescalings.
const LSUV_TOL: f64 = 0.1;
const LSUV_TRIES: usize = 10;

/// φ applied to every element.
pub fn activate(phi: &Nonlinearity, h: &[f32]) -> Vec<f32> {
    phi.apply(h)
}

/// Rescale `dense` on its input until Var(a·W) is within [`LSUV_TOL`] of 1 (at most [`LSUV_TRIES`] times);
/// returns the final a·W + b.
pub fn lsuv(dense: &mut Dense, forward: impl Fn(&Dense) -> Vec<f32>) -> Vec<f32> {
    let mut z = forward(dense);
    for _ in 0..LSUV_TRIES {
        let v = mean_var(&z).1;
        if !(v.is_finite() && v > 0.0) || (v - 1.0).abs() < LSUV_TOL {
            break;
        }
        dense.scale_weights((1.0 / v.sqrt()) as f32);
        z = forward(dense);
    }
    z
}

/// Layer `p`'s weights and biases from its (seed, index) streams (kept between runs where they fit, with their
/// variance), and z = `forward(layer)` (the input times W, plus b) — after rescaling the weights on this
/// input first when `lsuv` (then the variance is not known: `None`).
pub fn weighted_input(
    p: &LayerPlan,
    seed: u64,
    lsuv: bool,
    forward: impl Fn(&Dense) -> Vec<f32>,
) -> (Rc<Dense>, Vec<f32>, Option<f64>) {
    let (mut dense, weight_var) = kept::sample_with_var(
        &p.dist,
        (p.fan_in, p.fan_out),
        seed,
        [Stream::Weights(p.index), Stream::Bias(p.index)],
        p.bias,
    );
    let z = if lsuv {
        self::lsuv(Rc::make_mut(&mut dense), forward)
    } else {
        forward(&dense)
    };
    (dense, z, weight_var.filter(|_| !lsuv))
}

impl DenseStep {
    /// The steps of a plain stack (an mlp's plan), for `batch` rows.
    pub fn stack(plan: &Plan, batch: usize) -> Vec<DenseStep> {
        plan.layers
            .iter()
            .map(|&layer| DenseStep {
                plan: layer,
                phi: plan.phi,
                norm: plan.norm,
                lsuv: plan.lsuv,
                batch,
                seed: plan.seed,
            })
            .collect()
    }

    fn activate(&self, h: &[f32]) -> Vec<f32> {
        activate(&self.phi, h)
    }

    /// The backward pass ([`Step::backward`]), with ∂L/∂h: ∂L/∂input when `input_grad` and ∂L/∂h.
    fn backward_with_g_h(
        &self,
        cache: &DenseCache,
        input: &[f32],
        g_a: &[f32],
        [input_grad, weight_grad]: [bool; 2],
        s: &mut LayerStats,
    ) -> Result<(Option<Vec<f32>>, Vec<f32>), NonFinite> {
        let g_h = self.pre_activation_grad(cache, g_a);
        if !all_finite(&g_h) {
            return Err(NonFinite);
        }
        (s.grad_var, s.weight_grad_var) =
            gradient_vars(&cache.dense, input, &g_h, self.batch, weight_grad);
        // ∂L/∂a_{l−1} = ∂L/∂h·Wᵀ.
        let g_in = input_grad.then(|| cache.dense.input_grad(&g_h, self.batch));
        Ok((g_in, g_h))
    }

    /// ∂L/∂z from ∂L/∂a: ∂L/∂n = ∂L/∂a ⊙ φ′(n), then through the normalization's statistics.
    fn pre_activation_grad(&self, cache: &DenseCache, g_a: &[f32]) -> Vec<f32> {
        let g_n = self.phi.backprop(g_a, &cache.h);
        match self.norm {
            Norm::None => g_n,
            Norm::Batch | Norm::Layer => norm::backward(
                self.norm,
                &cache.h,
                &cache.inv_std,
                &g_n,
                self.batch,
                self.plan.fan_out,
            ),
        }
    }
}

impl Step for DenseStep {
    type Cache = DenseCache;

    fn index(&self) -> usize {
        self.plan.index
    }

    fn forward(&self, input: &[f32]) -> (DenseCache, Vec<f32>) {
        let p = &self.plan;
        let (dense, z, weight_var) =
            weighted_input(p, self.seed, self.lsuv, |d| d.forward(input, self.batch));
        let (h, inv_std) = match self.norm {
            Norm::None => (z, Vec::new()),
            Norm::Batch | Norm::Layer => {
                let n = norm::forward(self.norm, &z, self.batch, p.fan_out);
                (n.n, n.inv_std)
            }
        };
        let post = self.activate(&h);
        (
            DenseCache {
                dense,
                h,
                inv_std,
                weight_var,
            },
            post,
        )
    }

    fn output(&self, cache: &DenseCache) -> Vec<f32> {
        self.activate(&cache.h)
    }

    fn measure_forward(
        &self,
        cache: &DenseCache,
        post: &[f32],
        s: &mut LayerStats,
    ) -> Result<(), NonFinite> {
        if !all_finite(&cache.h) || !all_finite(post) {
            return Err(NonFinite);
        }
        // The weights' variance is summed again only when it is not already known.
        let w: &[f32] = match cache.weight_var {
            Some(_) => &[],
            None => &cache.dense.w,
        };
        measure_activation(
            &self.phi,
            [&cache.h, post],
            w,
            (self.batch, self.plan.fan_out, self.batch),
            s,
        );
        if let Some(v) = cache.weight_var {
            s.weight_var = v;
        }
        Ok(())
    }

    fn backward(
        &self,
        cache: &DenseCache,
        input: &[f32],
        g_a: &[f32],
        wanted: [bool; 2],
        s: &mut LayerStats,
    ) -> Result<Option<Vec<f32>>, NonFinite> {
        Ok(self.backward_with_g_h(cache, input, g_a, wanted, s)?.0)
    }

    fn backward_deferring(
        &self,
        cache: &DenseCache,
        input: &[f32],
        g_a: &[f32],
        input_grad: bool,
        s: &mut LayerStats,
    ) -> Result<(Option<Vec<f32>>, Option<(Vec<f32>, usize, usize)>), NonFinite> {
        let (g_in, g_h) = self.backward_with_g_h(cache, input, g_a, [input_grad, false], s)?;
        Ok((g_in, Some((g_h, self.plan.fan_in, self.plan.fan_out))))
    }

    fn cache_len(cache: &DenseCache) -> usize {
        cache.h.len() + cache.dense.w.len()
    }

    fn param_len(&self) -> usize {
        self.plan.fan_in * self.plan.fan_out
    }

    fn jacobian(&self, cache: &DenseCache, m: &[f64], rows: usize) -> Option<Vec<f64>> {
        let width = self.plan.fan_out;
        // Through W: M·W (no bias).
        let mut next = jacobian::times_weights(m, &cache.dense.w, rows, self.plan.fan_in, width);
        // Through the normalization of example 0 (the LayerNorm Jacobian, applied to each row).
        match self.norm {
            Norm::None => {}
            Norm::Batch => return None,
            Norm::Layer => {
                jacobian::through_layer_norm(&mut next, &cache.h[..width], cache.inv_std[0])
            }
        }
        // Through φ: columns times φ′(n) of example 0.
        jacobian::times_derivative(&mut next, &self.phi, &cache.h[..width]);
        Some(next)
    }
}
