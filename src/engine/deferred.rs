//! Var(∂L/∂W) computed elsewhere. ∂L/∂W = aᵀ·∂L/∂h is one of a dense layer's three products, but no later
//! step needs it: only its variance is reported. A job may hand a layer's a and ∂L/∂h out instead
//! ([`super::Job::defer_weight_grads`]) — in the browser to the helper worker, on the second core — and take
//! the variance back ([`super::Job::set_weight_grad_var`]). [`DeferredWeightGrad::weight_grad_var`] runs the
//! code the backward pass runs in place, so the number is the same to the bit wherever it is computed.

use super::linalg::matmul_at;
use super::stats::grad_vars;

/// The most weights a deferred product may have (a 16384 × 16384 layer): larger shapes are refused rather
/// than allocated.
const MAX_WEIGHTS: usize = 1 << 28;

/// One layer's Var(∂L/∂W), left to compute.
#[derive(Clone, Debug, PartialEq)]
pub struct DeferredWeightGrad {
    /// 1-based layer.
    pub layer: usize,
    /// The layer's input a (rows × fan_in).
    pub a: Vec<f32>,
    /// ∂L/∂h (rows × fan_out).
    pub g_h: Vec<f32>,
    /// Examples in the batch.
    pub rows: usize,
    /// Inputs of the layer.
    pub fan_in: usize,
    /// Outputs of the layer.
    pub fan_out: usize,
}

impl DeferredWeightGrad {
    /// Var(∂L/∂W) as the backward pass computes it in place ([`weight_grad_var`]); `None` when the buffers do
    /// not have the stated shapes (or the product would be too large to hold).
    pub fn weight_grad_var(&self) -> Option<f64> {
        let (rows, fan_in, fan_out) = (self.rows, self.fan_in, self.fan_out);
        let shaped = rows.checked_mul(fan_in) == Some(self.a.len())
            && rows.checked_mul(fan_out) == Some(self.g_h.len())
            && fan_in
                .checked_mul(fan_out)
                .is_some_and(|n| n <= MAX_WEIGHTS);
        shaped.then(|| weight_grad_var(&self.a, &self.g_h, rows, fan_in, fan_out))
    }
}

/// Var(∂L/∂W) of ∂L/∂W = aᵀ·∂L/∂h (NaN when the product overflowed), in f32 with the fixed-order kernel and
/// summed in f64: what `Dense::weight_grad` and `grad_vars` compute in the backward pass.
pub fn weight_grad_var(a: &[f32], g_h: &[f32], rows: usize, fan_in: usize, fan_out: usize) -> f64 {
    let mut g_w = vec![0.0f32; fan_in * fan_out];
    matmul_at(a, g_h, &mut g_w, fan_in, rows, fan_out);
    grad_vars(g_h, &g_w).1
}
