//! One step of the simulated network — forward, backward and the statistics measured on the way — behind
//! the [`Step`] trait, so the simulation (`network.rs`) composes steps without knowing what they are.
//! Today's step is the dense layer with an activation ([`DenseStep`]); a residual block or a recurrent step
//! is one more implementation.

use super::dense::{BiasInit, Dense};
use super::nonlinearity::Nonlinearity;
use super::plan::LayerPlan;
use super::stats::{all_finite, dead_units, distinct_units, mean_var, LayerStats};

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
    /// The backward pass from ∂L/∂output: the gradient statistics into `stats`, and ∂L/∂input when
    /// `input_grad` is asked for; [`NonFinite`] if the gradient overflowed.
    fn backward(
        &self,
        cache: &Self::Cache,
        input: &[f32],
        g_out: &[f32],
        input_grad: bool,
        stats: &mut LayerStats,
    ) -> Result<Option<Vec<f32>>, NonFinite>;
    /// f32 values the cache holds (for the memory accounting).
    fn cache_len(cache: &Self::Cache) -> usize;
    /// f32 values of the step's parameter gradient (for the memory accounting).
    fn param_len(&self) -> usize;
}

/// A dense layer followed by the activation: h = a·W + b, a′ = φ(h).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DenseStep {
    /// The layer's plan.
    pub plan: LayerPlan,
    /// The activation.
    pub phi: Nonlinearity,
    /// Rows in the batch.
    pub batch: usize,
    /// The run's seed (weights and biases come from the (seed, index) streams).
    pub seed: u64,
}

/// What [`DenseStep`] keeps: the layer (its weights) and its pre-activations.
pub struct DenseCache {
    /// The sampled layer.
    pub dense: Dense,
    /// h = a·W + b.
    pub h: Vec<f32>,
}

impl DenseStep {
    fn activate(&self, h: &[f32]) -> Vec<f32> {
        h.iter().map(|&x| self.phi.value(x)).collect()
    }
}

impl Step for DenseStep {
    type Cache = DenseCache;

    fn index(&self) -> usize {
        self.plan.index
    }

    fn forward(&self, input: &[f32]) -> (DenseCache, Vec<f32>) {
        let p = &self.plan;
        let bias = if p.bias_std > 0.0 {
            BiasInit::Normal(p.bias_std)
        } else {
            BiasInit::None
        };
        let dense = Dense::sample(&p.dist, p.fan_in, p.fan_out, self.seed, p.index, bias);
        let h = dense.forward(input, self.batch);
        let post = self.activate(&h);
        (DenseCache { dense, h }, post)
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
        let width = self.plan.fan_out;
        (s.pre_mean, s.pre_var) = mean_var(&cache.h);
        (s.post_mean, s.post_var) = mean_var(post);
        s.weight_var = mean_var(&cache.dense.w).1;
        s.dead_frac = dead_units(post, self.batch, width) as f64 / width as f64;
        s.saturated_frac =
            post.iter().filter(|&&v| self.phi.is_saturated(v)).count() as f64 / post.len() as f64;
        s.distinct_units = distinct_units(post, self.batch, width);
        Ok(())
    }

    fn backward(
        &self,
        cache: &DenseCache,
        input: &[f32],
        g_a: &[f32],
        input_grad: bool,
        s: &mut LayerStats,
    ) -> Result<Option<Vec<f32>>, NonFinite> {
        // ∂L/∂h = ∂L/∂a ⊙ φ′(h).
        let g_h: Vec<f32> = g_a
            .iter()
            .zip(&cache.h)
            .map(|(&g, &x)| g * self.phi.derivative(x))
            .collect();
        if !all_finite(&g_h) {
            return Err(NonFinite);
        }
        // ∂L/∂W = aᵀ·∂L/∂h.
        let g_w = cache.dense.weight_grad(input, &g_h, self.batch);
        s.grad_var = mean_var(&g_h).1;
        s.weight_grad_var = if all_finite(&g_w) {
            mean_var(&g_w).1
        } else {
            f64::NAN
        };
        // ∂L/∂a_{l−1} = ∂L/∂h·Wᵀ.
        Ok(input_grad.then(|| cache.dense.input_grad(&g_h, self.batch)))
    }

    fn cache_len(cache: &DenseCache) -> usize {
        cache.h.len() + cache.dense.w.len()
    }

    fn param_len(&self) -> usize {
        self.plan.fan_in * self.plan.fan_out
    }
}
