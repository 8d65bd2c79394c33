//! Activation functions: value, derivative, PyTorch gain, and the Gaussian moments the theory needs.
//!
//! Values and derivatives are computed in `f32` with the pure-Rust `libm` so that native and WASM builds
//! agree to the bit. Definitions follow PyTorch `torch.nn` (`Sigmoid`, `Tanh`, `ReLU`, `LeakyReLU`,
//! `PReLU`, `ELU`, `SELU`, `GELU(approximate='none')`, `SiLU`).

use std::fmt;
use std::str::FromStr;

/// SELU's λ (Klambauer et al. 2017, "Self-Normalizing Neural Networks"; PyTorch `nn.SELU`).
pub const SELU_LAMBDA: f64 = 1.050_700_987_355_480_493_419_334_985_294_6;
/// SELU's α (Klambauer et al. 2017; PyTorch `nn.SELU`).
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_284_817_042_991_671_7;
/// Leaky ReLU's default negative slope (PyTorch `nn.LeakyReLU(negative_slope=0.01)`).
pub const LEAKY_DEFAULT_SLOPE: f64 = 0.01;
/// PReLU's slope at initialization (PyTorch `nn.PReLU(init=0.25)`).
pub const PRELU_DEFAULT_SLOPE: f64 = 0.25;

/// The activation functions the lab offers, with the kebab-case ids used by the URL, the CLI and the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activation {
    /// φ(x) = x.
    Linear,
    /// φ(x) = 1 / (1 + e^(−x)).
    Sigmoid,
    /// φ(x) = tanh x.
    Tanh,
    /// φ(x) = max(0, x).
    Relu,
    /// φ(x) = x for x > 0, slope·x otherwise (slope 0.01 by default).
    LeakyRelu,
    /// Leaky ReLU whose slope is learned; 0.25 at initialization.
    Prelu,
    /// φ(x) = x for x > 0, eˣ − 1 otherwise (α = 1).
    Elu,
    /// φ(x) = λ·x for x > 0, λ·α·(eˣ − 1) otherwise.
    Selu,
    /// φ(x) = x·Φ(x), the exact (erf) form.
    Gelu,
    /// φ(x) = x·sigmoid(x), also called SiLU.
    Swish,
}

impl Activation {
    /// Every activation, in the order the UI lists them.
    pub const ALL: [Activation; 10] = [
        Activation::Linear,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Prelu,
        Activation::Elu,
        Activation::Selu,
        Activation::Gelu,
        Activation::Swish,
    ];

    /// The kebab-case id used everywhere (URL, CLI, UI).
    pub fn id(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky-relu",
            Activation::Prelu => "prelu",
            Activation::Elu => "elu",
            Activation::Selu => "selu",
            Activation::Gelu => "gelu",
            Activation::Swish => "swish",
        }
    }

    /// A human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Activation::Linear => "Linear (identity)",
            Activation::Sigmoid => "Sigmoid",
            Activation::Tanh => "Tanh",
            Activation::Relu => "ReLU",
            Activation::LeakyRelu => "Leaky ReLU",
            Activation::Prelu => "PReLU (slope 0.25 at init)",
            Activation::Elu => "ELU (α = 1)",
            Activation::Selu => "SELU",
            Activation::Gelu => "GELU (erf)",
            Activation::Swish => "Swish / SiLU",
        }
    }

    /// The formula in plain text.
    pub fn formula(self) -> &'static str {
        match self {
            Activation::Linear => "φ(x) = x",
            Activation::Sigmoid => "φ(x) = 1/(1+e^(−x))",
            Activation::Tanh => "φ(x) = tanh(x)",
            Activation::Relu => "φ(x) = max(0, x)",
            Activation::LeakyRelu => "φ(x) = x if x > 0 else slope·x (slope 0.01)",
            Activation::Prelu => "φ(x) = x if x > 0 else a·x (a learned, 0.25 at init)",
            Activation::Elu => "φ(x) = x if x > 0 else e^x − 1",
            Activation::Selu => "φ(x) = λ·x if x > 0 else λ·α·(e^x − 1), λ ≈ 1.0507, α ≈ 1.6733",
            Activation::Gelu => "φ(x) = x·Φ(x), Φ the standard normal CDF",
            Activation::Swish => "φ(x) = x·sigmoid(x)",
        }
    }

    /// Whether the activation takes a negative-side slope parameter.
    pub fn has_slope(self) -> bool {
        matches!(self, Activation::LeakyRelu | Activation::Prelu)
    }

    /// The slope used when none is given: 0.01 for Leaky ReLU, 0.25 for PReLU, 0 otherwise.
    pub fn default_slope(self) -> f64 {
        match self {
            Activation::LeakyRelu => LEAKY_DEFAULT_SLOPE,
            Activation::Prelu => PRELU_DEFAULT_SLOPE,
            _ => 0.0,
        }
    }

    /// Whether the activation is ReLU or one of its relatives (the He family's domain).
    pub fn is_relu_family(self) -> bool {
        matches!(
            self,
            Activation::Relu
                | Activation::LeakyRelu
                | Activation::Prelu
                | Activation::Elu
                | Activation::Gelu
                | Activation::Swish
        )
    }

    /// PyTorch `torch.nn.init.calculate_gain` for this activation, or `None` where PyTorch's table has no
    /// entry (ELU, GELU, swish). PReLU uses the leaky-ReLU entry with its slope, as PyTorch users do.
    /// Table: linear 1, sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1+slope²)), selu 3/4.
    pub fn pytorch_gain(self, slope: f64) -> Option<f64> {
        match self {
            Activation::Linear | Activation::Sigmoid => Some(1.0),
            Activation::Tanh => Some(5.0 / 3.0),
            Activation::Relu => Some(std::f64::consts::SQRT_2),
            Activation::LeakyRelu | Activation::Prelu => Some((2.0 / (1.0 + slope * slope)).sqrt()),
            Activation::Selu => Some(0.75),
            Activation::Elu | Activation::Gelu | Activation::Swish => None,
        }
    }

    /// The gain to recommend: PyTorch's table where it has an entry, else √2 (the ReLU convention that
    /// practitioners use for ELU, GELU and swish).
    pub fn recommended_gain(self, slope: f64) -> f64 {
        self.pytorch_gain(slope).unwrap_or(std::f64::consts::SQRT_2)
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The error for an id that names no activation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownActivation(pub String);

impl fmt::Display for UnknownActivation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown activation '{}'", self.0)
    }
}

impl std::error::Error for UnknownActivation {}

impl FromStr for Activation {
    type Err = UnknownActivation;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Activation::ALL
            .into_iter()
            .find(|a| a.id() == s)
            .ok_or_else(|| UnknownActivation(s.to_string()))
    }
}

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
    fn ids_round_trip() {
        for a in Activation::ALL {
            assert_eq!(a.id().parse::<Activation>(), Ok(a));
        }
        assert!("ReLU".parse::<Activation>().is_err());
    }

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

    #[test]
    fn pytorch_gains() {
        assert_eq!(Activation::Tanh.pytorch_gain(0.0), Some(5.0 / 3.0));
        assert_eq!(Activation::Relu.pytorch_gain(0.0), Some(2f64.sqrt()));
        assert_eq!(Activation::Selu.pytorch_gain(0.0), Some(0.75));
        let leaky = Activation::LeakyRelu.pytorch_gain(0.01).unwrap();
        assert_eq!(leaky, (2.0 / (1.0 + 0.01f64 * 0.01)).sqrt());
        assert_eq!(Activation::Gelu.pytorch_gain(0.0), None);
    }
}
