//! A recurrent net unrolled in time, as the Lab simulates it: h_0 = 0, z_t = h_{t−1}·W + x_t·U + b,
//! h_t = φ(z_t), with x_t ~ N(0, 1) (batch × input width) drawn fresh at every step from its own stream, W
//! (width × width, from the initializer) and U (input width × width, from the input initializer) shared by
//! all steps. Backward through time from ∂L/∂h_T: ∂L/∂z_t = ∂L/∂h_t ⊙ φ′(z_t), ∂L/∂h_{t−1} = ∂L/∂z_t·Wᵀ.

use super::dense::Dense;
use super::nonlinearity::Nonlinearity;
use super::rng::{stream_rng, Stream};
use super::sample::fill_normal;
use super::stats::{all_finite, LayerStats};
use super::step::{activate, gradient_vars, measure_activation, NonFinite, Step};
use std::rc::Rc;

/// The weights every time step shares.
pub struct RnnWeights {
    /// W, hidden to hidden, with the bias b.
    pub w: Dense,
    /// U, input to hidden (no bias of its own).
    pub u: Dense,
}

/// Time step t.
#[derive(Clone)]
pub struct RnnStep {
    /// The shared weights.
    pub weights: Rc<RnnWeights>,
    /// 1-based time step.
    pub t: usize,
    /// The activation.
    pub phi: Nonlinearity,
    /// Rows in the batch.
    pub batch: usize,
    /// The run's seed (x_t comes from the (seed, t) input stream).
    pub seed: u64,
}

/// What a step keeps: z_t.
pub struct RnnCache {
    z: Vec<f32>,
}

impl Step for RnnStep {
    type Cache = RnnCache;

    fn index(&self) -> usize {
        self.t
    }

    fn forward(&self, h_prev: &[f32]) -> (RnnCache, Vec<f32>) {
        let (w, u) = (&self.weights.w, &self.weights.u);
        let mut x = vec![0.0f32; self.batch * u.fan_in];
        fill_normal(
            1.0,
            &mut stream_rng(self.seed, Stream::InputAt(self.t)),
            &mut x,
        );
        let mut hw = vec![0.0f32; self.batch * w.fan_out];
        super::linalg::matmul(h_prev, &w.w, &mut hw, self.batch, w.fan_in, w.fan_out);
        let xu = u.forward(&x, self.batch);
        // z = (h·W + x·U) + b, in the formula's order.
        let mut z: Vec<f32> = hw.iter().zip(&xu).map(|(&a, &b)| a + b).collect();
        if !w.b.is_empty() {
            for row in z.chunks_exact_mut(w.fan_out) {
                row.iter_mut().zip(&w.b).for_each(|(v, b)| *v += b);
            }
        }
        let h = activate(&self.phi, &z);
        (RnnCache { z }, h)
    }

    fn output(&self, cache: &RnnCache) -> Vec<f32> {
        activate(&self.phi, &cache.z)
    }

    fn measure_forward(
        &self,
        cache: &RnnCache,
        h: &[f32],
        s: &mut LayerStats,
    ) -> Result<(), NonFinite> {
        if !all_finite(&cache.z) || !all_finite(h) {
            return Err(NonFinite);
        }
        measure_activation(
            &self.phi,
            [&cache.z, h],
            &self.weights.w.w,
            (self.batch, self.weights.w.fan_out, self.batch),
            s,
        );
        Ok(())
    }

    fn backward(
        &self,
        cache: &RnnCache,
        h_prev: &[f32],
        g_h: &[f32],
        [input_grad, weight_grad]: [bool; 2],
        s: &mut LayerStats,
    ) -> Result<Option<Vec<f32>>, NonFinite> {
        let g_z = self.phi.backprop(g_h, &cache.z);
        if !all_finite(&g_z) {
            return Err(NonFinite);
        }
        let w = &self.weights.w;
        // This step's share of ∂L/∂W = Σ_t h_{t−1}ᵀ·∂L/∂z_t.
        (s.grad_var, s.weight_grad_var) = gradient_vars(w, h_prev, &g_z, self.batch, weight_grad);
        Ok(input_grad.then(|| w.input_grad(&g_z, self.batch)))
    }

    fn cache_len(cache: &RnnCache) -> usize {
        cache.z.len()
    }

    fn param_len(&self) -> usize {
        self.weights.w.w.len()
    }
}
