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

/// Std of a standard normal truncated to (−2, 2), written as Keras `VarianceScaling` writes it.
#[allow(clippy::excessive_precision)]
pub const TRUNCATED_NORMAL_STD: f64 = 0.879_625_661_034_239_78;

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
    /// Saxe et al. 2014: a (semi-)orthogonal matrix times gain (`nn.init.orthogonal_`).
    Orthogonal,
}

/// Which group an initializer belongs to, for the grouped select box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitFamily {
    /// zero, constant, uniform, normal: no scaling with the layer's size.
    Naive,
    /// Xavier, He, LeCun: variance set from the fans.
    VarianceScaling,
    /// orthogonal.
    Orthogonal,
}

impl Initializer {
    /// Every initializer, in the order the UI lists them.
    pub const ALL: [Initializer; 11] = [
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
        Initializer::Orthogonal,
    ];

    /// The kebab-case id used everywhere.
    pub fn id(self) -> &'static str {
        match self {
            Initializer::Zero => "zero",
            Initializer::Constant => "constant",
            Initializer::Uniform => "uniform",
            Initializer::Normal => "normal",
            Initializer::XavierUniform => "xavier-uniform",
            Initializer::XavierNormal => "xavier-normal",
            Initializer::HeUniform => "he-uniform",
            Initializer::HeNormal => "he-normal",
            Initializer::LecunUniform => "lecun-uniform",
            Initializer::LecunNormal => "lecun-normal",
            Initializer::Orthogonal => "orthogonal",
        }
    }

    /// A human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Initializer::Zero => "Zero",
            Initializer::Constant => "Constant c",
            Initializer::Uniform => "Uniform U(−a, a)",
            Initializer::Normal => "Normal N(0, σ²)",
            Initializer::XavierUniform => "Xavier/Glorot uniform",
            Initializer::XavierNormal => "Xavier/Glorot normal",
            Initializer::HeUniform => "He/Kaiming uniform",
            Initializer::HeNormal => "He/Kaiming normal",
            Initializer::LecunUniform => "LeCun uniform",
            Initializer::LecunNormal => "LeCun normal",
            Initializer::Orthogonal => "Orthogonal",
        }
    }

    /// The group it belongs to.
    pub fn family(self) -> InitFamily {
        match self {
            Initializer::Zero
            | Initializer::Constant
            | Initializer::Uniform
            | Initializer::Normal => InitFamily::Naive,
            Initializer::Orthogonal => InitFamily::Orthogonal,
            _ => InitFamily::VarianceScaling,
        }
    }

    /// Whether `scale` means something: a for uniform, σ for normal, c for constant.
    pub fn takes_scale(self) -> bool {
        matches!(
            self,
            Initializer::Constant | Initializer::Uniform | Initializer::Normal
        )
    }

    /// What `scale` is called for this initializer ("a", "σ", "c"), if it takes one.
    pub fn scale_name(self) -> Option<&'static str> {
        match self {
            Initializer::Constant => Some("c"),
            Initializer::Uniform => Some("a"),
            Initializer::Normal => Some("σ"),
            _ => None,
        }
    }

    /// Whether `gain` applies (the variance-scaling family and orthogonal).
    pub fn takes_gain(self) -> bool {
        !matches!(self.family(), InitFamily::Naive)
    }

    /// Whether the fan mode applies (He and LeCun, as in PyTorch's `kaiming_*_(mode=…)`).
    pub fn takes_mode(self) -> bool {
        matches!(
            self,
            Initializer::HeUniform
                | Initializer::HeNormal
                | Initializer::LecunUniform
                | Initializer::LecunNormal
        )
    }

    /// Whether the Keras convention changes anything (the normal members of the variance-scaling family).
    pub fn takes_keras(self) -> bool {
        matches!(
            self,
            Initializer::XavierNormal | Initializer::HeNormal | Initializer::LecunNormal
        )
    }

    /// The gain used when none is given: PyTorch's default, √2 for He (`calculate_gain('leaky_relu', 0)`),
    /// 1 for the others.
    pub fn default_gain(self) -> f64 {
        match self {
            Initializer::HeUniform | Initializer::HeNormal => std::f64::consts::SQRT_2,
            _ => 1.0,
        }
    }

    /// The formula in plain text, with N(μ, σ²) taking a variance.
    pub fn formula(self) -> &'static str {
        match self {
            Initializer::Zero => "w = 0",
            Initializer::Constant => "w = c",
            Initializer::Uniform => "w ~ U(−a, a), variance a²/3",
            Initializer::Normal => "w ~ N(0, σ²)",
            Initializer::XavierUniform => {
                "w ~ U(−b, b), b = gain·√(6/(fan_in+fan_out)); variance gain²·2/(fan_in+fan_out)"
            }
            Initializer::XavierNormal => "w ~ N(0, gain²·2/(fan_in+fan_out))",
            Initializer::HeUniform => "w ~ U(−b, b), b = gain·√(3/fan), gain √2 → √(6/fan_in)",
            Initializer::HeNormal => "w ~ N(0, gain²/fan), gain √2 → variance 2/fan_in",
            Initializer::LecunUniform => {
                "w ~ U(−b, b), b = gain·√(3/fan), gain 1 and fan_in by default"
            }
            Initializer::LecunNormal => {
                "w ~ N(0, gain²/fan), gain 1 and fan_in by default → variance 1/fan_in"
            }
            Initializer::Orthogonal => "W = gain·Q, Q from the QR of an N(0,1) matrix, signs fixed",
        }
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

/// An initializer with all its parameters fixed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InitSpec {
    /// Which initializer.
    pub kind: Initializer,
    /// a for uniform, σ for normal, c for constant; ignored by the others.
    pub scale: f64,
    /// The gain multiplier (variance-scaling family and orthogonal); `None` = the initializer's default.
    pub gain: Option<f64>,
    /// fan_in or fan_out (He, LeCun).
    pub mode: FanMode,
    /// Keras convention: normal variants truncated at ±2 std, std ÷ 0.87962566103423978.
    pub keras: bool,
}

impl InitSpec {
    /// The plain initializer with default parameters (scale 1, default gain, fan-in, PyTorch convention).
    pub fn new(kind: Initializer) -> Self {
        InitSpec {
            kind,
            scale: 1.0,
            gain: None,
            mode: FanMode::FanIn,
            keras: false,
        }
    }

    /// The gain in force: the one given, else the initializer's PyTorch default.
    pub fn effective_gain(&self) -> f64 {
        self.gain.unwrap_or(self.kind.default_gain())
    }

    /// Keras's `scale` for the truncated normals: gain², or exactly 2 for He's default gain (`HeNormal`).
    fn keras_scale(&self) -> f64 {
        match self.gain {
            Some(g) => g * g,
            None if matches!(self.kind, Initializer::HeUniform | Initializer::HeNormal) => 2.0,
            None => 1.0,
        }
    }

    /// The distribution of a layer with these fans, computed in the same order of operations as PyTorch's
    /// `torch/nn/init.py` (`std = gain * math.sqrt(2.0 / (fan_in + fan_out))`, `std = gain / math.sqrt(fan)`,
    /// `bound = math.sqrt(3.0) * std`) or, for the Keras normals, Keras `VarianceScaling`
    /// (`stddev = math.sqrt(scale / n) / .87962566103423978`).
    pub fn distribution(&self, fan_in: usize, fan_out: usize) -> Distribution {
        let g = self.effective_gain();
        let fan = match self.mode {
            FanMode::FanIn => fan_in,
            FanMode::FanOut => fan_out,
        } as f64;
        let sqrt3 = 3f64.sqrt();
        let xavier_std = g * (2.0 / (fan_in + fan_out) as f64).sqrt();
        let keras = |n: f64| {
            let std = (self.keras_scale() / n).sqrt();
            Distribution::TruncatedNormal {
                std,
                sigma: std / TRUNCATED_NORMAL_STD,
            }
        };
        match self.kind {
            Initializer::Zero => Distribution::Constant(0.0),
            Initializer::Constant => Distribution::Constant(self.scale),
            Initializer::Uniform => Distribution::Uniform { bound: self.scale },
            Initializer::Normal => Distribution::Normal { std: self.scale },
            Initializer::XavierUniform => Distribution::Uniform {
                bound: sqrt3 * xavier_std,
            },
            Initializer::XavierNormal if self.keras => keras((fan_in + fan_out) as f64 / 2.0),
            Initializer::XavierNormal => Distribution::Normal { std: xavier_std },
            Initializer::HeUniform | Initializer::LecunUniform => Distribution::Uniform {
                bound: sqrt3 * (g / fan.sqrt()),
            },
            Initializer::HeNormal | Initializer::LecunNormal if self.keras => keras(fan),
            Initializer::HeNormal | Initializer::LecunNormal => Distribution::Normal {
                std: g / fan.sqrt(),
            },
            Initializer::Orthogonal => Distribution::Orthogonal {
                gain: g,
                n: fan_in.max(fan_out),
            },
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

    #[test]
    fn he_normal_has_variance_two_over_fan_in() {
        let d = InitSpec::new(Initializer::HeNormal).distribution(256, 100);
        assert!((d.variance() - 2.0 / 256.0).abs() < 1e-15);
    }
}
