//! An activation with its slope fixed: φ and φ′ in f32 (as frameworks compute them, with the pure-Rust `libm`
//! so native and WASM builds agree to the bit) and in f64 (for the theory's quadrature).

use super::activation::{Activation, SELU_ALPHA, SELU_LAMBDA};

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

    /// φ(x) in f32, as a framework computes it.
    #[inline]
    pub fn value(&self, x: f32) -> f32 {
        match self.kind {
            Activation::Linear => x,
            Activation::Sigmoid => sigmoid_f32(x),
            Activation::Tanh => libm::tanhf(x),
            Activation::Relu => {
                if x > 0.0 {
                    x
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu | Activation::Prelu => {
                if x > 0.0 {
                    x
                } else {
                    self.slope as f32 * x
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    x
                } else {
                    libm::expm1f(x)
                }
            }
            Activation::Selu => {
                if x > 0.0 {
                    SELU_LAMBDA as f32 * x
                } else {
                    (SELU_LAMBDA * SELU_ALPHA) as f32 * libm::expm1f(x)
                }
            }
            Activation::Gelu => 0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2)),
            Activation::Swish => x * sigmoid_f32(x),
        }
    }

    /// φ′(x) in f32, with PyTorch's convention at kinks (ReLU′(0) = 0, LeakyReLU′(0) = slope).
    #[inline]
    pub fn derivative(&self, x: f32) -> f32 {
        match self.kind {
            Activation::Linear => 1.0,
            Activation::Sigmoid => {
                let s = sigmoid_f32(x);
                s * (1.0 - s)
            }
            Activation::Tanh => {
                let t = libm::tanhf(x);
                1.0 - t * t
            }
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu | Activation::Prelu => {
                if x > 0.0 {
                    1.0
                } else {
                    self.slope as f32
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    1.0
                } else {
                    libm::expf(x)
                }
            }
            Activation::Selu => {
                if x > 0.0 {
                    SELU_LAMBDA as f32
                } else {
                    (SELU_LAMBDA * SELU_ALPHA) as f32 * libm::expf(x)
                }
            }
            Activation::Gelu => {
                let cdf = 0.5 * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2));
                let pdf = libm::expf(-0.5 * x * x)
                    * (0.5 * std::f32::consts::FRAC_2_SQRT_PI)
                    * std::f32::consts::FRAC_1_SQRT_2;
                cdf + x * pdf
            }
            Activation::Swish => {
                let s = sigmoid_f32(x);
                s + x * s * (1.0 - s)
            }
        }
    }

    /// φ(x) in f64, for the theory's quadrature.
    pub fn value_f64(&self, x: f64) -> f64 {
        match self.kind {
            Activation::Linear => x,
            Activation::Sigmoid => sigmoid_f64(x),
            Activation::Tanh => libm::tanh(x),
            Activation::Relu => x.max(0.0),
            Activation::LeakyRelu | Activation::Prelu => {
                if x > 0.0 {
                    x
                } else {
                    self.slope * x
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    x
                } else {
                    libm::expm1(x)
                }
            }
            Activation::Selu => {
                if x > 0.0 {
                    SELU_LAMBDA * x
                } else {
                    SELU_LAMBDA * SELU_ALPHA * libm::expm1(x)
                }
            }
            Activation::Gelu => 0.5 * x * libm::erfc(-x * std::f64::consts::FRAC_1_SQRT_2),
            Activation::Swish => x * sigmoid_f64(x),
        }
    }

    /// φ′(x) in f64, for the theory's quadrature.
    pub fn derivative_f64(&self, x: f64) -> f64 {
        match self.kind {
            Activation::Linear => 1.0,
            Activation::Sigmoid => {
                let s = sigmoid_f64(x);
                s * (1.0 - s)
            }
            Activation::Tanh => {
                // sech²(x) without cancellation for large |x|.
                let c = libm::cosh(x);
                1.0 / (c * c)
            }
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu | Activation::Prelu => {
                if x > 0.0 {
                    1.0
                } else {
                    self.slope
                }
            }
            Activation::Elu => {
                if x > 0.0 {
                    1.0
                } else {
                    libm::exp(x)
                }
            }
            Activation::Selu => {
                if x > 0.0 {
                    SELU_LAMBDA
                } else {
                    SELU_LAMBDA * SELU_ALPHA * libm::exp(x)
                }
            }
            Activation::Gelu => {
                let cdf = 0.5 * libm::erfc(-x * std::f64::consts::FRAC_1_SQRT_2);
                let pdf = libm::exp(-0.5 * x * x) / (2.0 * std::f64::consts::PI).sqrt();
                cdf + x * pdf
            }
            Activation::Swish => {
                let s = sigmoid_f64(x);
                s + x * s * (1.0 - s)
            }
        }
    }

    /// Whether φ has a kink or a jump in φ′ at 0 (quadrature must split there).
    pub fn kinked_at_zero(&self) -> bool {
        matches!(
            self.kind,
            Activation::Relu
                | Activation::LeakyRelu
                | Activation::Prelu
                | Activation::Elu
                | Activation::Selu
        )
    }

    /// Whether a post-activation value counts as saturated: |tanh| ≥ 0.99, or sigmoid ≤ 0.01 or ≥ 0.99
    /// (where φ′ has fallen below about 2 % of its peak). Other activations never saturate here.
    #[inline]
    pub fn is_saturated(&self, a: f32) -> bool {
        match self.kind {
            Activation::Tanh => a.abs() >= 0.99,
            Activation::Sigmoid => !(0.01..0.99).contains(&a),
            _ => false,
        }
    }
}

#[inline]
fn sigmoid_f32(x: f32) -> f32 {
    // Stable for both signs: never evaluates e^(large).
    if x >= 0.0 {
        1.0 / (1.0 + libm::expf(-x))
    } else {
        let e = libm::expf(x);
        e / (1.0 + e)
    }
}

fn sigmoid_f64(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + libm::exp(-x))
    } else {
        let e = libm::exp(x);
        e / (1.0 + e)
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
