//! Mean-field predictions for the residual and recurrent architectures (no normalization), in f64, with the
//! same Gaussian moments as the plain stack ([`super::theory::moments`]).
//!
//! Residual (pre-norm off): with σ₁² = width·Var(W₁), σ₂² = width·Var(W₂) (0 with zero-init-last), σ_b² and the
//! stream's q₀ = E[x²] = 1: Var(h_l) = σ₁²·q_{l−1} + σ_b², q_l = q_{l−1} + α²·(σ₂²·E[φ(√Var(h_l) z)²] + σ_b²);
//! backward from Var(∂L/∂x_L) = 1: Var(∂L/∂h_l) = α²·σ₂²·E[φ′²]·G_l and G_{l−1} = G_l + σ₁²·Var(∂L/∂h_l).
//! With He + ReLU (σ₁² = σ₂² = 2, E[φ(√q z)²] = q/2) that is q_l = (1 + 2α²)·q_{l−1}: the stream grows as
//! (1 + 2α²)^L, bounded only when α shrinks with L (GPT-2's 1/√(2L)).
//!
//! Recurrent (h₀ = 0): q₁ = σ_u²·E[x²] + σ_b², q_t = σ_w²·E[φ(√q_{t−1} z)²] + σ_u² + σ_b² with σ_u² = input
//! width·Var(U); backward through time like the plain stack, Var(∂L/∂z_{t−1}) = Var(∂L/∂z_t)·σ_w²·E[φ′²] —
//! the mean-field approximation that treats the shared W as fresh at every step.

use super::plan::Plan;
use super::theory::{chi, length_chain, moments_at, Theory, TheoryLayer};

/// The residual stream's prediction.
pub fn residual(plan: &Plan) -> Theory {
    let alpha2 = plan.branch_scale * plan.branch_scale;
    let mut layers = Vec::with_capacity(plan.depth());
    let mut derivs = Vec::with_capacity(plan.depth());
    let mut q = 1.0; // E[x²] of the input
    for (inner, outer) in plan.layers.iter().zip(&plan.branch_out) {
        let qh = inner.sigma_w2() * q + inner.sigma_b2();
        let m = moments_at(&plan.phi, qh);
        q += alpha2 * (outer.sigma_w2() * m.second + outer.sigma_b2());
        layers.push(TheoryLayer {
            layer: inner.index,
            pre_var: qh,
            post_var: m.second - m.mean * m.mean,
            post_mean: m.mean,
            grad_var: f64::NAN,
            stream_var: q,
            ..TheoryLayer::none(inner.index)
        });
        derivs.push(m.deriv_sq);
    }
    let mut g = 1.0;
    for l in (0..layers.len()).rev() {
        let (inner, outer) = (&plan.layers[l], &plan.branch_out[l]);
        layers[l].stream_grad_var = g;
        let gh = alpha2 * outer.sigma_w2_backward() * derivs[l] * g;
        layers[l].grad_var = gh;
        g += inner.sigma_w2_backward() * gh;
    }
    Theory {
        layers,
        chi: f64::NAN,
        fixed_point: f64::NAN,
    }
}

/// The recurrent net's prediction.
pub fn rnn(plan: &Plan) -> Theory {
    let input = plan.input_kernel.map_or(0.0, |u| u.sigma_w2());
    let w = &plan.hidden;
    let drive = input + w.sigma_b2();
    // h₀ = 0; every step scales the gradient by the shared W's fan_out·Var(w).
    let layers = length_chain(
        plan,
        0.0,
        |_, second| w.sigma_w2() * second + drive,
        |_| w.sigma_w2_backward(),
    );
    let (chi, fixed_point) = chi(w, &plan.phi, layers[0].pre_var, drive);
    Theory {
        layers,
        chi,
        fixed_point,
    }
}
