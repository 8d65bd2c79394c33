//! Weight initializers: their formulas and the distribution each gives for a layer's fans.
//!
//! Formulas follow PyTorch `torch.nn.init` (`zeros_`, `constant_`, `uniform_`, `normal_`,
//! `xavier_uniform_`, `xavier_normal_`, `kaiming_uniform_`, `kaiming_normal_`, `orthogonal_`) and, with the
//! Keras convention switched on, Keras `VarianceScaling` (`GlorotNormal`, `HeNormal`, `LecunNormal` draw from a
//! normal truncated at ±2 std whose std is divided by 0.87962566103423978 so the variance is kept).
//! LeCun is PyTorch's `kaiming_*_(nonlinearity='linear')`, i.e. Keras `lecun_*`.

mod id;
mod info;

pub use super::distribution::Distribution;
pub use id::Initializer;
pub use info::{DefaultGain, InitFamily, InitInfo, ScaleParam};
use std::fmt;
use std::str::FromStr;

impl Initializer {
    /// The kebab-case id used everywhere.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// A human-readable name.
    pub fn label(self) -> &'static str {
        self.info().label
    }

    /// The group it belongs to.
    pub fn family(self) -> InitFamily {
        self.info().family
    }

    /// Whether `scale` means something: a for uniform, σ for normal, c for constant.
    pub fn takes_scale(self) -> bool {
        self.info().scale.is_some()
    }

    /// What `scale` is called for this initializer ("a", "σ", "c"), if it takes one.
    pub fn scale_name(self) -> Option<&'static str> {
        self.info().scale.map(|s| s.name)
    }

    /// Whether `gain` applies (the variance-scaling family and orthogonal).
    pub fn takes_gain(self) -> bool {
        self.info().takes_gain
    }

    /// Whether the fan mode applies (He and LeCun).
    pub fn takes_mode(self) -> bool {
        self.info().takes_mode
    }

    /// Whether the Keras convention changes anything (the normal members of the variance-scaling family).
    pub fn takes_keras(self) -> bool {
        self.info().takes_keras
    }

    /// The gain used when none is given: PyTorch's default, √2 for He, 1 for the others.
    pub fn default_gain(self) -> f64 {
        self.info().default_gain.value()
    }

    /// The formula in plain text, with N(μ, σ²) taking a variance.
    pub fn formula(self) -> &'static str {
        self.info().formula
    }
}

impl fmt::Display for Initializer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The error for an id that names no initializer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownInitializer(pub String);

impl fmt::Display for UnknownInitializer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown initializer '{}'", self.0)
    }
}

impl std::error::Error for UnknownInitializer {}

impl FromStr for Initializer {
    type Err = UnknownInitializer;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Initializer::ALL
            .into_iter()
            .find(|i| i.id() == s)
            .ok_or_else(|| UnknownInitializer(s.to_string()))
    }
}

/// Which fan the He and LeCun formulas divide by (PyTorch's `mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FanMode {
    /// fan_in: preserves the forward pass's variance (the default).
    #[default]
    FanIn,
    /// fan_out: preserves the backward pass's variance.
    FanOut,
}

impl FanMode {
    /// The kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            FanMode::FanIn => "fan-in",
            FanMode::FanOut => "fan-out",
        }
    }
}

impl FromStr for FanMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fan-in" => Ok(FanMode::FanIn),
            "fan-out" => Ok(FanMode::FanOut),
            _ => Err(format!("unknown mode '{s}'")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for i in Initializer::ALL {
            assert_eq!(i.id().parse::<Initializer>(), Ok(i));
        }
        assert!("xavier".parse::<Initializer>().is_err());
    }
}
