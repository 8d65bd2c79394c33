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
    fn pytorch_gains() {
        assert_eq!(Activation::Tanh.pytorch_gain(0.0), Some(5.0 / 3.0));
        assert_eq!(Activation::Relu.pytorch_gain(0.0), Some(2f64.sqrt()));
        assert_eq!(Activation::Selu.pytorch_gain(0.0), Some(0.75));
        let leaky = Activation::LeakyRelu.pytorch_gain(0.01).unwrap();
        assert_eq!(leaky, (2.0 / (1.0 + 0.01f64 * 0.01)).sqrt());
        assert_eq!(Activation::Gelu.pytorch_gain(0.0), None);
    }
}
