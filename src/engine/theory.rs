//! Mean-field (infinite-width) predictions: the length map and the gradient recursion, in f64.
//!
//! With σ_w² = fan_in·Var(w) and q₀ = E[x²] = 1 (He et al. 2015; Poole et al. 2016; Schoenholz et al. 2017):
//! q_l = σ_w²·E_z[φ(√q_{l−1} z)²] + σ_b² is the predicted Var(h_l) (layer 1 sees the input itself, E[x²] = 1);
//! Var(a_l) = E[φ²] − E[φ]²; Var(∂L/∂h_L) = E[φ′(√q_L z)²] for ∂L/∂a_L ~ N(0, 1), and
//! Var(∂L/∂h_{l−1}) = Var(∂L/∂h_l)·fan_out_l·Var(w_l)·E[φ′(√q_{l−1} z)²].
//! χ = σ_w²·E[φ′(√q* z)²] at the length map's fixed point q*: χ < 1 ordered (gradients vanish), χ > 1 chaotic
//! (they explode), χ = 1 the edge of chaos.

use super::activation::Shape;
use super::nonlinearity::Nonlinearity;
use super::plan::{LayerPlan, Plan};
use super::quadrature::gaussian_expectation;

/// Gaussian moments of φ at pre-activation variance q: E[φ²], E[φ], E[φ′²].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moments {
    /// E_z[φ(√q z)²].
    pub second: f64,
    /// E_z[φ(√q z)].
    pub mean: f64,
    /// E_z[φ′(√q z)²].
    pub deriv_sq: f64,
}

/// The moments of φ at variance q: closed forms for linear, ReLU, Leaky ReLU and PReLU; quadrature otherwise.
// Out of line: the page's .wasm calls it from several places, and inlined copies only add size.
#[inline(never)]
pub fn moments(phi: &Nonlinearity, q: f64) -> Moments {
    let inv_sqrt_2pi = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
    let sd = q.max(0.0).sqrt();
    match phi.info().shape {
        Shape::Identity => Moments {
            second: q,
            mean: 0.0,
            deriv_sq: 1.0,
        },
        Shape::Rectifier => {
            let s = phi.negative_slope();
            Moments {
                second: (1.0 + s * s) * q / 2.0,
                mean: (1.0 - s) * sd * inv_sqrt_2pi,
                deriv_sq: (1.0 + s * s) / 2.0,
            }
        }
        Shape::Smooth => {
            let [second, mean, deriv_sq] = gaussian_expectation(sd, phi.kinked_at_zero(), |x| {
                let v = phi.value_f64(x);
                let d = phi.derivative_f64(x);
                [v * v, v, d * d]
            });
            Moments {
                second,
                mean,
                deriv_sq,
            }
        }
    }
}

/// The prediction for one layer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TheoryLayer {
    /// 1-based layer index.
    pub layer: usize,
    /// Predicted Var(h_l) = q_l.
    pub pre_var: f64,
    /// Predicted Var(a_l).
    pub post_var: f64,
    /// Predicted mean of a_l.
    pub post_mean: f64,
    /// Predicted Var(∂L/∂h_l).
    pub grad_var: f64,
    /// Residual nets: predicted Var(x_l) of the stream (NaN otherwise).
    pub stream_var: f64,
    /// Residual nets: predicted Var(∂L/∂x_l) (NaN otherwise).
    pub stream_grad_var: f64,
    /// Transformers: predicted variance of the scaled attention logits (NaN otherwise).
    pub logit_var: f64,
    /// Transformers: the attention rows' entropy for small logits (NaN otherwise).
    pub attn_entropy: f64,
}

impl TheoryLayer {
    /// Layer `layer` with no prediction at all (NaN everywhere), for an architecture to fill in.
    pub fn none(layer: usize) -> TheoryLayer {
        TheoryLayer {
            layer,
            pre_var: f64::NAN,
            post_var: f64::NAN,
            post_mean: f64::NAN,
            grad_var: f64::NAN,
            stream_var: f64::NAN,
            stream_grad_var: f64::NAN,
            logit_var: f64::NAN,
            attn_entropy: f64::NAN,
        }
    }
}

/// The mean-field prediction for a whole network.
#[derive(Clone, Debug, PartialEq)]
pub struct Theory {
    /// One entry per layer.
    pub layers: Vec<TheoryLayer>,
    /// χ at the fixed point of the hidden layers' length map.
    pub chi: f64,
    /// That fixed point q* (0 or ∞ where the map has none in between).
    pub fixed_point: f64,
}

/// The plain stack: the length map from q₁ = σ_w²·E[x²] + σ_b², and the gradient recursion.
pub fn plain(plan: &Plan) -> Theory {
    let sb2 = plan.hidden.sigma_b2();
    // E[x²] = 1 for the input; layer l scales the gradient by its own fan_out·Var(w).
    let layers = length_chain(
        plan,
        1.0,
        |p, second| p.sigma_w2() * second + sb2,
        |l| plan.layers[l - 1].sigma_w2_backward(),
    );
    let (chi, fixed_point) = chi(&plan.hidden, &plan.phi, layers[0].pre_var, sb2);
    Theory {
        layers,
        chi,
        fixed_point,
    }
}

/// φ's moments at q, or the limits where q is no longer finite.
pub(crate) fn moments_at(phi: &Nonlinearity, q: f64) -> Moments {
    if q.is_finite() {
        moments(phi, q)
    } else {
        Moments {
            second: f64::INFINITY,
            mean: f64::NAN,
            deriv_sq: f64::NAN,
        }
    }
}

/// A chain of layers, forward and backward, shared by the plain stack and the recurrent net: q_l =
/// `q_of(layer, E[a_{l−1}²])` from `second_0` = E[a_0²]; then from Var(∂L/∂h_L) = E[φ′(√q_L z)²],
/// Var(∂L/∂h_{l−1}) = Var(∂L/∂h_l)·`back(l)`·E[φ′(√q_{l−1} z)²].
pub(crate) fn length_chain(
    plan: &Plan,
    second_0: f64,
    q_of: impl Fn(&LayerPlan, f64) -> f64,
    back: impl Fn(usize) -> f64,
) -> Vec<TheoryLayer> {
    let depth = plan.depth();
    let mut layers = Vec::with_capacity(depth);
    let mut derivs = Vec::with_capacity(depth);
    let mut prev_second = second_0;
    for p in &plan.layers {
        let q = q_of(p, prev_second);
        let m = moments_at(&plan.phi, q);
        layers.push(TheoryLayer {
            layer: p.index,
            pre_var: q,
            post_var: m.second - m.mean * m.mean,
            post_mean: m.mean,
            ..TheoryLayer::none(p.index)
        });
        derivs.push(m.deriv_sq);
        prev_second = m.second;
    }
    let mut g = derivs[depth - 1];
    for l in (1..=depth).rev() {
        layers[l - 1].grad_var = g;
        if l > 1 {
            g *= back(l) * derivs[l - 2];
        }
    }
    layers
}

/// χ and the fixed point, iterating the hidden layers' length map from q₁.
pub(crate) fn chi(hidden: &LayerPlan, phi: &Nonlinearity, q1: f64, sb2: f64) -> (f64, f64) {
    let sw2 = hidden.sigma_w2();
    let q = length_fixed_point(phi, sw2, sb2, q1);
    // At a collapsed or diverged fixed point χ is the limit; evaluating at exactly 0 would read a kinked φ′
    // (SELU, ELU) on one side of its jump only.
    let q_eval = if q.is_finite() { q.max(1e-300) } else { 1e300 };
    (sw2 * moments(phi, q_eval).deriv_sq, q)
}

/// The fixed point q* of the length map q ← σ_w²·E_z[φ(√q z)²] + σ_b² reached by iterating from `q_start`
/// (Poole et al. 2016, eq. 3): 0 where the iterates collapse to zero, `f64::INFINITY` where they diverge.
///
/// Iteration first (200 steps, relative tolerance 10⁻¹²); where it converges only algebraically (tanh at
/// σ_w² = 1, q_l ~ 1/(2l)) the root is bracketed on the side the iterates head to and bisected. For a
/// positively homogeneous φ (identity, rectifiers) with σ_b² = 0 every q scales by the same ratio
/// σ_w²·E[φ(z)²]: the answer is 0 or ∞, or `q_start` itself where the ratio is 1 (every q is fixed).
pub fn length_fixed_point(phi: &Nonlinearity, sw2: f64, sb2: f64, q_start: f64) -> f64 {
    let homogeneous = matches!(phi.info().shape, Shape::Identity | Shape::Rectifier);
    let mut q = q_start;
    if !homogeneous || sb2 > 0.0 {
        let g = |q: f64| sw2 * moments(phi, q).second + sb2 - q;
        let mut converged = false;
        for _ in 0..200 {
            if !(1e-300..=1e300).contains(&q) {
                break;
            }
            let next = q + g(q);
            converged = (next - q).abs() <= 1e-12 * q.abs();
            q = next;
            if converged {
                break;
            }
        }
        if !converged && (1e-300..=1e300).contains(&q) {
            // Slow (algebraic) convergence, e.g. tanh at σ_w² = 1 where q_l ~ 1/(2l): bracket the root of
            // g(q) = 0 on the side the iteration is heading to, and bisect; no root there means q* = 0 or ∞.
            let down = g(q) < 0.0;
            let far = if down { q * 1e-12 } else { q * 1e12 };
            q = if (g(far) < 0.0) == down {
                if down {
                    0.0
                } else {
                    f64::INFINITY
                }
            } else {
                let (mut lo, mut hi) = if down { (far, q) } else { (q, far) };
                for _ in 0..200 {
                    let mid = (lo * hi).sqrt();
                    if (g(mid) > 0.0) == (g(lo) > 0.0) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                (lo * hi).sqrt()
            };
        }
    } else {
        // φ is positively homogeneous: q scales by σ_w²·E[φ²]/q every layer, so χ does not depend on q.
        let ratio = sw2 * moments(phi, 1.0).second;
        q = if (ratio - 1.0).abs() < 1e-12 {
            q_start
        } else if ratio < 1.0 {
            0.0
        } else {
            f64::INFINITY
        };
    }
    q
}
