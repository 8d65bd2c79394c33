//! An activation with its slope fixed: φ and φ′ written once, generic over [`Float`], so the simulation
//! evaluates them in f32 (as frameworks do) and the theory's quadrature in f64 — every transcendental function
//! through the pure-Rust `libm`, so native and WASM builds agree to the bit.

use super::activation::{Activation, ActivationInfo, SELU_ALPHA, SELU_LAMBDA};
use super::float::{sigmoid, Float};

/// An activation with its slope fixed: the function the network applies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nonlinearity {
    /// Which function.
    pub kind: Activation,
    /// The negative-side slope (Leaky ReLU, PReLU); ignored by the others.
    pub slope: f64,
}

impl Nonlinearity {
    /// The activation with the given slope.
    pub fn new(kind: Activation, slope: f64) -> Self {
        Nonlinearity { kind, slope }
    }

    /// The activation's descriptor.
    pub fn info(&self) -> ActivationInfo {
        self.kind.info()
    }

    /// The slope on the negative side of a rectifier: the given slope for the activations that take one,
    /// 0 for ReLU (used by the theory's closed forms).
    pub fn negative_slope(&self) -> f64 {
        if self.kind.has_slope() {
            self.slope
        } else {
            0.0
        }
    }

    /// φ(x), in the precision of `x`.
    #[inline]
    pub fn phi<F: Float>(&self, x: F) -> F {
        match self.kind {
            Activation::Linear => x,
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => x.tanh(),
            Activation::Relu => {
                if x > F::ZERO {
                    x
                } else {
                    F::ZERO
                }
            }
            Activation::LeakyRelu | Activation::Prelu => {
                if x > F::ZERO {
                    x
                } else {
                    F::of(self.slope) * x
                }
            }
            Activation::Elu => {
                if x > F::ZERO {
                    x
                } else {
                    x.exp_m1()
                }
            }
            Activation::Selu => {
                if x > F::ZERO {
                    F::of(SELU_LAMBDA) * x
                } else {
                    F::of(SELU_LAMBDA * SELU_ALPHA) * x.exp_m1()
                }
            }
            Activation::Gelu => F::HALF * x * x.twice_normal_cdf(),
            Activation::Swish => x * sigmoid(x),
        }
    }

    /// φ′(x), in the precision of `x`, with PyTorch's convention at kinks (ReLU′(0) = 0,
    /// LeakyReLU′(0) = slope).
    #[inline]
    pub fn phi_prime<F: Float>(&self, x: F) -> F {
        match self.kind {
            Activation::Linear => F::ONE,
            Activation::Sigmoid => {
                let s = sigmoid(x);
                s * (F::ONE - s)
            }
            Activation::Tanh => x.sech2(),
            Activation::Relu => {
                if x > F::ZERO {
                    F::ONE
                } else {
                    F::ZERO
                }
            }
            Activation::LeakyRelu | Activation::Prelu => {
                if x > F::ZERO {
                    F::ONE
                } else {
                    F::of(self.slope)
                }
            }
            Activation::Elu => {
                if x > F::ZERO {
                    F::ONE
                } else {
                    x.exp()
                }
            }
            Activation::Selu => {
                if x > F::ZERO {
                    F::of(SELU_LAMBDA)
                } else {
                    F::of(SELU_LAMBDA * SELU_ALPHA) * x.exp()
                }
            }
            Activation::Gelu => F::HALF * x.twice_normal_cdf() + x * x.normal_pdf(),
            Activation::Swish => {
                let s = sigmoid(x);
                s + x * s * (F::ONE - s)
            }
        }
    }

    /// φ(x) in f32, as a framework computes it.
    #[inline]
    pub fn value(&self, x: f32) -> f32 {
        self.phi(x)
    }

    /// φ′(x) in f32.
    #[inline]
    pub fn derivative(&self, x: f32) -> f32 {
        self.phi_prime(x)
    }

    /// φ(x) in f64, for the theory's quadrature.
    pub fn value_f64(&self, x: f64) -> f64 {
        self.phi(x)
    }

    /// φ′(x) in f64, for the theory's quadrature.
    pub fn derivative_f64(&self, x: f64) -> f64 {
        self.phi_prime(x)
    }

    /// Whether φ has a kink or a jump in φ′ at 0 (quadrature must split there).
    pub fn kinked_at_zero(&self) -> bool {
        self.info().kinked_at_zero
    }

    /// Whether a post-activation value counts as saturated (see [`super::activation::Saturation`]).
    #[inline]
    pub fn is_saturated(&self, a: f32) -> bool {
        self.info().saturation.is_some_and(|s| s.contains(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_finite_differences() {
        for kind in Activation::ALL {
            let phi = Nonlinearity::new(kind, kind.default_slope());
            for &x in &[-3.0, -0.7, 0.4, 2.5] {
                let h = 1e-6;
                let fd = (phi.value_f64(x + h) - phi.value_f64(x - h)) / (2.0 * h);
                let d = phi.derivative_f64(x);
                assert!((fd - d).abs() < 1e-6, "{kind} at {x}: fd {fd} vs {d}");
                let d32 = phi.derivative(x as f32) as f64;
                assert!((d32 - d).abs() < 1e-5, "{kind} f32 at {x}");
                let v32 = phi.value(x as f32) as f64;
                assert!(
                    (v32 - phi.value_f64(x)).abs() < 1e-5 * (1.0 + x.abs()),
                    "{kind} value"
                );
            }
        }
    }
}
