//! A pre-norm residual block, as the Lab simulates it:
//! u = Norm(x_{l−1}) (identity without normalization), h_l = u·W_{l,1} + b, a_l = φ(h_l),
//! x_l = x_{l−1} + α·(a_l·W_{l,2} + b). Both matrices are width × width from the chosen initializer (W_{l,2} = 0
//! with zero-init-last, as Fixup and "zero-init residual" do); the second matrix and bias have their own
//! random streams. Backward from ∂L/∂x_L: ∂L/∂y = α·∂L/∂x_l, ∂L/∂a = ∂L/∂y·W₂ᵀ, ∂L/∂h = ∂L/∂a ⊙ φ′(h),
//! ∂L/∂u = ∂L/∂h·W₁ᵀ, ∂L/∂x_{l−1} = ∂L/∂x_l + Norm′(∂L/∂u).

use super::dense::Dense;
use super::kept;
use super::nonlinearity::Nonlinearity;
use super::norm::{self, Norm};
use super::plan::LayerPlan;
use super::rng::Stream;
use super::stats::{all_finite, mean_var, LayerStats};
use super::step::{activate, gradient_vars, measure_activation, NonFinite, Step};
use std::rc::Rc;

/// One residual block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResidualStep {
    /// The first matrix W_{l,1} and its bias.
    pub inner: LayerPlan,
    /// The second matrix W_{l,2} (the branch's output projection) and its bias.
    pub outer: LayerPlan,
    /// α, the branch's scale.
    pub alpha: f64,
    /// The pre-norm.
    pub norm: Norm,
    /// The activation.
    pub phi: Nonlinearity,
    /// Rows in the batch.
    pub batch: usize,
    /// The run's seed.
    pub seed: u64,
}

/// What a block keeps for the backward pass.
pub struct ResidualCache {
    w1: Rc<Dense>,
    w2: Rc<Dense>,
    /// u = Norm(x_{l−1}) and its scales (u is not kept without normalization: it is the input).
    u: Option<(Vec<f32>, Vec<f32>)>,
    h: Vec<f32>,
    out: Vec<f32>,
}

impl ResidualStep {
    fn width(&self) -> usize {
        self.inner.fan_out
    }
}

impl Step for ResidualStep {
    type Cache = ResidualCache;

    fn index(&self) -> usize {
        self.inner.index
    }

    fn forward(&self, x: &[f32]) -> (ResidualCache, Vec<f32>) {
        let (p1, p2, l) = (&self.inner, &self.outer, self.inner.index);
        // Kept between runs, as a dense stack's layers are (see `kept`): the same bits as drawing them.
        let (w1, _) = kept::sample_with_var(
            &p1.dist,
            (p1.fan_in, p1.fan_out),
            self.seed,
            [Stream::Weights(l), Stream::Bias(l)],
            p1.bias,
        );
        let (w2, _) = kept::sample_with_var(
            &p2.dist,
            (p2.fan_in, p2.fan_out),
            self.seed,
            [Stream::BranchWeights(l), Stream::BranchBias(l)],
            p2.bias,
        );
        let u = match self.norm {
            Norm::None => None,
            Norm::Batch | Norm::Layer => {
                let n = norm::forward(self.norm, x, self.batch, self.width());
                Some((n.n, n.inv_std))
            }
        };
        let h = w1.forward(u.as_ref().map_or(x, |(n, _)| n), self.batch);
        let a = activate(&self.phi, &h);
        let y = w2.forward(&a, self.batch);
        let alpha = self.alpha as f32;
        let out: Vec<f32> = x.iter().zip(&y).map(|(&x, &y)| x + alpha * y).collect();
        let cache = ResidualCache {
            w1,
            w2,
            u,
            h,
            out: out.clone(),
        };
        (cache, out)
    }

    fn output(&self, cache: &ResidualCache) -> Vec<f32> {
        cache.out.clone()
    }

    fn measure_forward(
        &self,
        cache: &ResidualCache,
        out: &[f32],
        s: &mut LayerStats,
    ) -> Result<(), NonFinite> {
        let a = activate(&self.phi, &cache.h);
        if !all_finite(&cache.h) || !all_finite(out) {
            return Err(NonFinite);
        }
        measure_activation(
            &self.phi,
            [&cache.h, &a],
            &cache.w1.w,
            (self.batch, self.width(), self.batch),
            s,
        );
        s.stream_var = mean_var(out).1;
        Ok(())
    }

    fn backward(
        &self,
        cache: &ResidualCache,
        x: &[f32],
        g_x: &[f32],
        [input_grad, weight_grad]: [bool; 2],
        s: &mut LayerStats,
    ) -> Result<Option<Vec<f32>>, NonFinite> {
        s.stream_grad_var = mean_var(g_x).1;
        let alpha = self.alpha as f32;
        let g_y: Vec<f32> = g_x.iter().map(|&g| alpha * g).collect();
        let g_a = cache.w2.input_grad(&g_y, self.batch);
        let g_h = self.phi.backprop(&g_a, &cache.h);
        if !all_finite(&g_h) {
            return Err(NonFinite);
        }
        let u = cache.u.as_ref().map_or(x, |(n, _)| n);
        (s.grad_var, s.weight_grad_var) =
            gradient_vars(&cache.w1, u, &g_h, self.batch, weight_grad);
        if !input_grad {
            return Ok(None);
        }
        let g_u = cache.w1.input_grad(&g_h, self.batch);
        let g_branch = match &cache.u {
            None => g_u,
            Some((n, inv_std)) => {
                norm::backward(self.norm, n, inv_std, &g_u, self.batch, self.width())
            }
        };
        let g_prev: Vec<f32> = g_x.iter().zip(&g_branch).map(|(&g, &b)| g + b).collect();
        if !all_finite(&g_prev) {
            return Err(NonFinite);
        }
        Ok(Some(g_prev))
    }

    fn cache_len(cache: &ResidualCache) -> usize {
        cache.w1.w.len()
            + cache.w2.w.len()
            + cache.u.as_ref().map_or(0, |(n, _)| n.len())
            + cache.h.len()
            + cache.out.len()
    }

    fn param_len(&self) -> usize {
        2 * self.inner.fan_in * self.inner.fan_out
    }
}
