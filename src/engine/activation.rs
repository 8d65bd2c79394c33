//! Activation functions: one [`ActivationInfo`] descriptor per activation — every fact the engine, the theory,
//! the verdict, the CLI and the page need — in one exhaustive `match` ([`Activation::info`]). The math (φ and
//! φ′) is in `nonlinearity.rs`, written once for f32 and f64.
//!
//! Definitions follow PyTorch `torch.nn` (`Sigmoid`, `Tanh`, `ReLU`, `LeakyReLU`, `PReLU`, `ELU`, `SELU`,
//! `GELU(approximate='none')`, `SiLU`); gains follow `torch.nn.init.calculate_gain`.
//!
//! Adding an activation: a variant here, its descriptor in [`Activation::info`], and its φ and φ′ in
//! `nonlinearity.rs`. The compiler points at exactly those two matches.

use super::init::Initializer;
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

/// PyTorch's `calculate_gain` entry for an activation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PytorchGain {
    /// A fixed number (linear and sigmoid 1, tanh 5/3, ReLU √2, SELU 3/4).
    Fixed(f64),
    /// The leaky-ReLU entry √(2/(1 + slope²)), with the activation's negative slope.
    Leaky,
    /// No entry in PyTorch's table (ELU, GELU, swish).
    Unlisted,
}

/// The shape that decides how the theory gets φ's Gaussian moments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// φ(x) = x: E[φ²] = q exactly.
    Identity,
    /// x for x > 0, s·x otherwise (ReLU s = 0; Leaky ReLU and PReLU their slope): closed forms, and φ is
    /// positively homogeneous, so χ does not depend on q.
    Rectifier,
    /// Anything else: Gaussian quadrature.
    Smooth,
}

/// Where a post-activation counts as saturated (φ′ below about 2 % of its peak).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Saturation {
    /// Values in (−1, 1) (tanh): saturated when |a| ≥ `threshold`.
    Symmetric {
        /// 0.99 for tanh.
        threshold: f32,
    },
    /// Values in (0, 1) (sigmoid): saturated when a < `low` or a ≥ `high`.
    UnitInterval {
        /// 0.01 for sigmoid.
        low: f32,
        /// 0.99 for sigmoid.
        high: f32,
    },
}

impl Saturation {
    /// Whether the post-activation `a` is at a flat end.
    #[inline]
    pub fn contains(self, a: f32) -> bool {
        match self {
            Saturation::Symmetric { threshold } => a.abs() >= threshold,
            Saturation::UnitInterval { low, high } => !(low..high).contains(&a),
        }
    }
}

/// The gain the recommendation sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecommendedGain {
    /// The initializer's own default (PyTorch's: √2 for He, 1 otherwise).
    InitDefault,
    /// PyTorch's `calculate_gain` for this activation and its slope (the leaky gain for Leaky ReLU, PReLU).
    Pytorch,
}

/// Everything Initscope knows about an activation, in one place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActivationInfo {
    /// The kebab-case id used everywhere (URL, CLI, UI).
    pub id: &'static str,
    /// A human-readable name.
    pub label: &'static str,
    /// The formula in plain text.
    pub formula: &'static str,
    /// The negative-side slope when none is given, for the activations that take one (Leaky ReLU, PReLU).
    pub default_slope: Option<f64>,
    /// PyTorch's `calculate_gain` entry.
    pub pytorch_gain: PytorchGain,
    /// Whether φ has a kink, or φ′ a jump, at 0 (quadrature must split there).
    pub kinked_at_zero: bool,
    /// Where post-activations count as saturated; `None` for activations without flat ends.
    pub saturation: Option<Saturation>,
    /// How the theory gets the Gaussian moments.
    pub shape: Shape,
    /// ReLU or one of its relatives (the He family's domain; kinks for finite-difference checks).
    pub relu_family: bool,
    /// The classic initializer for it, and the gain to set.
    pub recommended: (Initializer, RecommendedGain),
    /// With zero biases the variance map has no stable non-zero fixed point (GELU, swish: E[φ(√q z)²]/q
    /// rises from 1/4 to 1/2), so no weight scale holds a deep plain stack.
    pub no_stable_scale: bool,
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

    /// The descriptor: every fact about this activation.
    pub const fn info(self) -> ActivationInfo {
        use Initializer::{HeNormal, LecunNormal, Orthogonal, XavierNormal};
        use RecommendedGain::{InitDefault, Pytorch};
        const PLAIN: ActivationInfo = ActivationInfo {
            id: "",
            label: "",
            formula: "",
            default_slope: None,
            pytorch_gain: PytorchGain::Unlisted,
            kinked_at_zero: false,
            saturation: None,
            shape: Shape::Smooth,
            relu_family: false,
            recommended: (HeNormal, InitDefault),
            no_stable_scale: false,
        };
        match self {
            // Deep linear networks: orthogonal keeps every singular value at 1 (Saxe et al. 2014).
            Activation::Linear => ActivationInfo {
                id: "linear",
                label: "Linear (identity)",
                formula: "φ(x) = x",
                pytorch_gain: PytorchGain::Fixed(1.0),
                shape: Shape::Identity,
                recommended: (Orthogonal, InitDefault),
                ..PLAIN
            },
            // Glorot & Bengio's own choice, gain 1, for sigmoid and tanh. PyTorch's calculate_gain('tanh') = 5/3
            // gives a healthier forward fixed point (q* ≈ 1.18) but χ ≈ 1.21: gradients then grow about 10⁴×
            // over 50 layers.
            Activation::Sigmoid => ActivationInfo {
                id: "sigmoid",
                label: "Sigmoid",
                formula: "φ(x) = 1/(1+e^(−x))",
                pytorch_gain: PytorchGain::Fixed(1.0),
                saturation: Some(Saturation::UnitInterval {
                    low: 0.01,
                    high: 0.99,
                }),
                recommended: (XavierNormal, InitDefault),
                ..PLAIN
            },
            Activation::Tanh => ActivationInfo {
                id: "tanh",
                label: "Tanh",
                formula: "φ(x) = tanh(x)",
                pytorch_gain: PytorchGain::Fixed(5.0 / 3.0),
                saturation: Some(Saturation::Symmetric { threshold: 0.99 }),
                recommended: (XavierNormal, InitDefault),
                ..PLAIN
            },
            Activation::Relu => ActivationInfo {
                id: "relu",
                label: "ReLU",
                formula: "φ(x) = max(0, x)",
                pytorch_gain: PytorchGain::Fixed(std::f64::consts::SQRT_2),
                kinked_at_zero: true,
                shape: Shape::Rectifier,
                relu_family: true,
                ..PLAIN
            },
            Activation::LeakyRelu => ActivationInfo {
                id: "leaky-relu",
                label: "Leaky ReLU",
                formula: "φ(x) = x if x > 0 else slope·x (slope 0.01)",
                default_slope: Some(LEAKY_DEFAULT_SLOPE),
                pytorch_gain: PytorchGain::Leaky,
                kinked_at_zero: true,
                shape: Shape::Rectifier,
                relu_family: true,
                recommended: (HeNormal, Pytorch),
                ..PLAIN
            },
            // PReLU uses the leaky-ReLU gain with its slope, as PyTorch users do.
            Activation::Prelu => ActivationInfo {
                id: "prelu",
                label: "PReLU (slope 0.25 at init)",
                formula: "φ(x) = x if x > 0 else a·x (a learned, 0.25 at init)",
                default_slope: Some(PRELU_DEFAULT_SLOPE),
                pytorch_gain: PytorchGain::Leaky,
                kinked_at_zero: true,
                shape: Shape::Rectifier,
                relu_family: true,
                recommended: (HeNormal, Pytorch),
                ..PLAIN
            },
            Activation::Elu => ActivationInfo {
                id: "elu",
                label: "ELU (α = 1)",
                formula: "φ(x) = x if x > 0 else e^x − 1",
                kinked_at_zero: true,
                relu_family: true,
                ..PLAIN
            },
            // Self-normalizing with LeCun normal (Klambauer et al. 2017); PyTorch's gain table says 3/4.
            Activation::Selu => ActivationInfo {
                id: "selu",
                label: "SELU",
                formula: "φ(x) = λ·x if x > 0 else λ·α·(e^x − 1), λ ≈ 1.0507, α ≈ 1.6733",
                pytorch_gain: PytorchGain::Fixed(0.75),
                kinked_at_zero: true,
                recommended: (LecunNormal, InitDefault),
                ..PLAIN
            },
            Activation::Gelu => ActivationInfo {
                id: "gelu",
                label: "GELU (erf)",
                formula: "φ(x) = x·Φ(x), Φ the standard normal CDF",
                relu_family: true,
                no_stable_scale: true,
                ..PLAIN
            },
            Activation::Swish => ActivationInfo {
                id: "swish",
                label: "Swish / SiLU",
                formula: "φ(x) = x·sigmoid(x)",
                relu_family: true,
                no_stable_scale: true,
                ..PLAIN
            },
        }
    }

    /// The kebab-case id used everywhere (URL, CLI, UI).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// A human-readable name.
    pub fn label(self) -> &'static str {
        self.info().label
    }

    /// The formula in plain text.
    pub fn formula(self) -> &'static str {
        self.info().formula
    }

    /// Whether the activation takes a negative-side slope parameter.
    pub fn has_slope(self) -> bool {
        self.info().default_slope.is_some()
    }

    /// The slope used when none is given: 0.01 for Leaky ReLU, 0.25 for PReLU, 0 otherwise.
    pub fn default_slope(self) -> f64 {
        self.info().default_slope.unwrap_or(0.0)
    }

    /// Whether the activation is ReLU or one of its relatives (the He family's domain).
    pub fn is_relu_family(self) -> bool {
        self.info().relu_family
    }

    /// PyTorch `torch.nn.init.calculate_gain` for this activation, or `None` where PyTorch's table has no
    /// entry (ELU, GELU, swish). Table: linear 1, sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1+slope²)),
    /// selu 3/4.
    pub fn pytorch_gain(self, slope: f64) -> Option<f64> {
        match self.info().pytorch_gain {
            PytorchGain::Fixed(g) => Some(g),
            PytorchGain::Leaky => Some((2.0 / (1.0 + slope * slope)).sqrt()),
            PytorchGain::Unlisted => None,
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
    fn ids_round_trip_and_are_unique() {
        for a in Activation::ALL {
            assert_eq!(a.id().parse::<Activation>(), Ok(a));
            assert_eq!(
                Activation::ALL.iter().filter(|b| b.id() == a.id()).count(),
                1
            );
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

    #[test]
    fn saturation_ends() {
        let tanh = Activation::Tanh.info().saturation.unwrap();
        assert!(tanh.contains(-0.99) && tanh.contains(0.995) && !tanh.contains(0.5));
        let sig = Activation::Sigmoid.info().saturation.unwrap();
        assert!(sig.contains(0.005) && sig.contains(0.99) && !sig.contains(0.01));
        assert!(Activation::Relu.info().saturation.is_none());
    }
}
