//! An initializer's descriptor — every fact about it in one table ([`Initializer::info`]): its id, label,
//! formula, group, which of scale / gain / mode / Keras apply, its default gain and whether the mean-field
//! theory covers it. A new initializer is a compile error here until it has a row.

use super::id::Initializer;

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
            Initializer::DeltaOrthogonal => InitInfo {
                id: "delta-orthogonal",
                label: "Delta-orthogonal (convolutions)",
                formula: "W[:, :, k/2, k/2] = gain·Q (C_out × C_in, orthonormal columns), every other tap 0",
                family: InitFamily::Orthogonal,
                ..SCALED
            },
        }
    }
}
