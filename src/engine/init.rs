//! Weight initializers: their formulas and the distribution each gives for a layer's fans.
//!
//! Formulas follow PyTorch `torch.nn.init` (`zeros_`, `constant_`, `uniform_`, `normal_`,
//! `xavier_uniform_`, `xavier_normal_`, `kaiming_uniform_`, `kaiming_normal_`, `orthogonal_`) and, with the
//! Keras convention switched on, Keras `VarianceScaling` (`GlorotNormal`, `HeNormal`, `LecunNormal` draw from a
//! normal truncated at ±2 std whose std is divided by 0.87962566103423978 so the variance is kept).
//! LeCun is PyTorch's `kaiming_*_(nonlinearity='linear')`, i.e. Keras `lecun_*`.

pub use super::distribution::Distribution;
use std::fmt;
use std::str::FromStr;

/// The weight initializers, with the kebab-case ids used by the URL, the CLI and the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Initializer {
    /// Every weight 0 (`nn.init.zeros_`).
    Zero,
    /// Every weight c (`nn.init.constant_`).
    Constant,
    /// U(−a, a) (`nn.init.uniform_(w, -a, a)`).
    Uniform,
    /// N(0, σ²) (`nn.init.normal_(w, 0, σ)`).
    Normal,
    /// Glorot & Bengio 2010, uniform: bound gain·√(6/(fan_in+fan_out)).
    XavierUniform,
    /// Glorot & Bengio 2010, normal: std gain·√(2/(fan_in+fan_out)).
    XavierNormal,
    /// He et al. 2015, uniform: bound gain·√(3/fan) with PyTorch's default gain √2.
    HeUniform,
    /// He et al. 2015, normal: std gain/√fan with PyTorch's default gain √2.
    HeNormal,
    /// LeCun 1998, uniform: bound gain·√(3/fan), fan = fan_in unless the mode says fan_out.
    LecunUniform,
    /// LeCun 1998, normal: std gain/√fan, fan = fan_in unless the mode says fan_out.
    LecunNormal,
    /// What PyTorch's `nn.Linear` does when you choose nothing: `kaiming_uniform_(a=√5)`, i.e. U(±1/√fan_in),
    /// and biases U(±1/√fan_in).
    PytorchDefault,
    /// Saxe et al. 2014: a (semi-)orthogonal matrix times gain (`nn.init.orthogonal_`).
    Orthogonal,
    /// gain·I (`nn.init.eye_`); with ReLU in a recurrent net, the IRNN of Le et al. 2015.
    Identity,
    /// Mishkin & Matas 2015, layer-sequential unit variance: orthogonal, then each layer in order rescaled on
    /// the batch until |Var(output) − 1| < 0.1 (at most 10 tries).
    Lsuv,
}

/// Which group an initializer belongs to, for the grouped select box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitFamily {
    /// zero, constant, uniform, normal: no scaling with the layer's size.
    Naive,
    /// Xavier, He, LeCun: variance set from the fans.
    VarianceScaling,
    /// orthogonal, identity and LSUV: structured matrices.
    Orthogonal,
}

/// The parameter `scale` of the naive initializers: what it is called and whether it may be negative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScaleParam {
    /// "c", "a" or "σ".
    pub name: &'static str,
    /// Whether a negative value means something (a constant may be negative; a bound or a std may not).
    pub signed: bool,
}

/// An initializer's default gain (PyTorch's: `calculate_gain('leaky_relu', 0)` = √2 for `kaiming_*_`, 1 for
/// the others), kept symbolic so that Keras's `scale` (the gain squared) is exactly 2 for He.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultGain {
    /// 1.
    One,
    /// √2.
    Sqrt2,
}

impl DefaultGain {
    /// The gain.
    pub fn value(self) -> f64 {
        match self {
            DefaultGain::One => 1.0,
            DefaultGain::Sqrt2 => std::f64::consts::SQRT_2,
        }
    }

    /// The gain squared, exactly (Keras `VarianceScaling(scale=…)`).
    pub fn squared(self) -> f64 {
        match self {
            DefaultGain::One => 1.0,
            DefaultGain::Sqrt2 => 2.0,
        }
    }
}

/// Everything Initscope knows about an initializer, in one place. The distribution it draws from is
/// [`InitSpec::distribution`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InitInfo {
    /// The kebab-case id used everywhere (URL, CLI, UI).
    pub id: &'static str,
    /// A human-readable name.
    pub label: &'static str,
    /// The formula in plain text, with N(μ, σ²) taking a variance.
    pub formula: &'static str,
    /// The group it belongs to.
    pub family: InitFamily,
    /// The meaning of `scale`, for the initializers that take one.
    pub scale: Option<ScaleParam>,
    /// Whether `gain` applies (the variance-scaling family and orthogonal).
    pub takes_gain: bool,
    /// The gain used when none is given.
    pub default_gain: DefaultGain,
    /// Whether the fan mode applies (He and LeCun, as in PyTorch's `kaiming_*_(mode=…)`).
    pub takes_mode: bool,
    /// Whether the Keras convention changes anything (the normal members of the variance-scaling family).
    pub takes_keras: bool,
    /// Whether the weights are zero-mean and independent, so that the mean-field theory applies (not for
    /// zero, constant, identity, and LSUV whose scale depends on the data).
    pub mean_field: bool,
    /// Whether it also sets the biases (PyTorch's default: U(±1/√fan_in)), overriding the bias std.
    pub sets_bias: bool,
    /// Whether each layer is rescaled on the batch after drawing (LSUV).
    pub data_dependent: bool,
}

impl Initializer {
    /// Every initializer, in the order the UI lists them.
    pub const ALL: [Initializer; 14] = [
        Initializer::Zero,
        Initializer::Constant,
        Initializer::Uniform,
        Initializer::Normal,
        Initializer::XavierUniform,
        Initializer::XavierNormal,
        Initializer::HeUniform,
        Initializer::HeNormal,
        Initializer::LecunUniform,
        Initializer::LecunNormal,
        Initializer::PytorchDefault,
        Initializer::Orthogonal,
        Initializer::Identity,
        Initializer::Lsuv,
    ];

    /// The descriptor: every fact about this initializer.
    pub const fn info(self) -> InitInfo {
        const NAIVE: InitInfo = InitInfo {
            id: "",
            label: "",
            formula: "",
            family: InitFamily::Naive,
            scale: None,
            takes_gain: false,
            default_gain: DefaultGain::One,
            takes_mode: false,
            takes_keras: false,
            mean_field: true,
            sets_bias: false,
            data_dependent: false,
        };
        const SCALED: InitInfo = InitInfo {
            family: InitFamily::VarianceScaling,
            takes_gain: true,
            ..NAIVE
        };
        match self {
            Initializer::Zero => InitInfo {
                id: "zero",
                label: "Zero",
                formula: "w = 0",
                mean_field: false,
                ..NAIVE
            },
            Initializer::Constant => InitInfo {
                id: "constant",
                label: "Constant c",
                formula: "w = c",
                scale: Some(ScaleParam {
                    name: "c",
                    signed: true,
                }),
                mean_field: false,
                ..NAIVE
            },
            Initializer::Uniform => InitInfo {
                id: "uniform",
                label: "Uniform U(−a, a)",
                formula: "w ~ U(−a, a), variance a²/3",
                scale: Some(ScaleParam {
                    name: "a",
                    signed: false,
                }),
                ..NAIVE
            },
            Initializer::Normal => InitInfo {
                id: "normal",
                label: "Normal N(0, σ²)",
                formula: "w ~ N(0, σ²)",
                scale: Some(ScaleParam {
                    name: "σ",
                    signed: false,
                }),
                ..NAIVE
            },
            Initializer::XavierUniform => InitInfo {
                id: "xavier-uniform",
                label: "Xavier/Glorot uniform (Keras's default)",
                formula: "w ~ U(−b, b), b = gain·√(6/(fan_in+fan_out)); variance gain²·2/(fan_in+fan_out)",
                ..SCALED
            },
            Initializer::XavierNormal => InitInfo {
                id: "xavier-normal",
                label: "Xavier/Glorot normal",
                formula: "w ~ N(0, gain²·2/(fan_in+fan_out))",
                takes_keras: true,
                ..SCALED
            },
            Initializer::HeUniform => InitInfo {
                id: "he-uniform",
                label: "He/Kaiming uniform",
                formula: "w ~ U(−b, b), b = gain·√(3/fan), gain √2 → √(6/fan_in)",
                default_gain: DefaultGain::Sqrt2,
                takes_mode: true,
                ..SCALED
            },
            Initializer::HeNormal => InitInfo {
                id: "he-normal",
                label: "He/Kaiming normal",
                formula: "w ~ N(0, gain²/fan), gain √2 → variance 2/fan_in",
                default_gain: DefaultGain::Sqrt2,
                takes_mode: true,
                takes_keras: true,
                ..SCALED
            },
            Initializer::LecunUniform => InitInfo {
                id: "lecun-uniform",
                label: "LeCun uniform",
                formula: "w ~ U(−b, b), b = gain·√(3/fan), gain 1 and fan_in by default",
                takes_mode: true,
                ..SCALED
            },
            Initializer::LecunNormal => InitInfo {
                id: "lecun-normal",
                label: "LeCun normal",
                formula: "w ~ N(0, gain²/fan), gain 1 and fan_in by default → variance 1/fan_in",
                takes_mode: true,
                takes_keras: true,
                ..SCALED
            },
            Initializer::PytorchDefault => InitInfo {
                id: "pytorch-default",
                label: "PyTorch default (nn.Linear)",
                formula: "w ~ U(−b, b), b = 1/√fan_in (kaiming_uniform_ with a = √5); biases U(±1/√fan_in)",
                takes_gain: false,
                sets_bias: true,
                ..SCALED
            },
            Initializer::Orthogonal => InitInfo {
                id: "orthogonal",
                label: "Orthogonal",
                formula: "W = gain·Q, Q from the QR of an N(0,1) matrix, signs fixed",
                family: InitFamily::Orthogonal,
                ..SCALED
            },
            Initializer::Identity => InitInfo {
                id: "identity",
                label: "Identity",
                formula: "W = gain·I (ones on the diagonal, zeros elsewhere)",
                family: InitFamily::Orthogonal,
                mean_field: false,
                ..SCALED
            },
            Initializer::Lsuv => InitInfo {
                id: "lsuv",
                label: "LSUV (orthogonal, rescaled on the batch)",
                formula: "W = Q (orthogonal), then W ← W/√Var(xW) until |Var(xW) − 1| < 0.1, at most 10 times",
                family: InitFamily::Orthogonal,
                takes_gain: false,
                mean_field: false,
                data_dependent: true,
                ..SCALED
            },
        }
    }

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
