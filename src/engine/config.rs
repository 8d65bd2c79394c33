//! The one simulation config: every setting with its default and range, validated once at the boundary.
//!
//! The URL (`crate::state`), the CLI and the UI all build a [`Config`] and hand it to the engine.

use super::activation::Activation;
use super::arch::{Arch, Sizes};
use super::init::{FanMode, Initializer};
use super::init_spec::InitSpec;
use super::nonlinearity::Nonlinearity;
use super::norm::Norm;
use super::transformer::settings::{AttnScale, LnPlace};
use std::fmt;
use std::ops::RangeInclusive;

/// Allowed depths (number of layers).
pub const DEPTH: RangeInclusive<usize> = 1..=200;
/// Allowed hidden widths.
pub const WIDTH: RangeInclusive<usize> = 2..=1024;
/// Allowed input widths.
pub const INPUT_WIDTH: RangeInclusive<usize> = 1..=1024;
/// Allowed batch sizes.
pub const BATCH: RangeInclusive<usize> = 1..=1024;
/// Allowed scale parameters (c of constant may be negative; [`Config::validate`] wants ≥ 0 otherwise).
pub const SCALE: RangeInclusive<f64> = -100.0..=100.0;
/// Allowed gains.
pub const GAIN: RangeInclusive<f64> = 0.0..=100.0;
/// Allowed negative-side slopes.
pub const SLOPE: RangeInclusive<f64> = 0.0..=1.0;
/// Allowed residual branch scales α.
pub const BRANCH_SCALE: RangeInclusive<f64> = 0.0..=10.0;
/// Allowed bias standard deviations.
pub const BIAS_STD: RangeInclusive<f64> = 0.0..=100.0;
/// Allowed kernel sizes k of a convolution (odd, so the kernel has a centre).
pub const KERNEL: RangeInclusive<usize> = 1..=7;
/// Allowed image sides S of a convolutional net's S × S inputs.
pub const IMAGE: RangeInclusive<usize> = 4..=64;
/// Allowed sequence lengths T of a transformer.
pub const TOKENS: RangeInclusive<usize> = 2..=256;
/// Allowed numbers of attention heads (each must divide the width).
pub const HEADS: RangeInclusive<usize> = 1..=64;
/// Allowed skip weights a and value gains β of a transformer.
pub const GAIN_FACTOR: RangeInclusive<f64> = 0.0..=10.0;

/// Everything that determines a run. Equal configs give bit-identical results on every platform.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The weight initializer.
    pub init: Initializer,
    /// a for uniform, σ for normal, c for constant (default 1).
    pub scale: f64,
    /// Gain multiplier; `None` = the initializer's PyTorch default (√2 for He, else 1).
    pub gain: Option<f64>,
    /// fan_in or fan_out (He, LeCun).
    pub mode: FanMode,
    /// Keras convention for the normal variance-scaling variants.
    pub keras: bool,
    /// The activation function.
    pub activation: Activation,
    /// Negative slope for Leaky ReLU / PReLU; `None` = 0.01 / 0.25.
    pub slope: Option<f64>,
    /// Number of layers.
    pub depth: usize,
    /// Width of every hidden layer.
    pub width: usize,
    /// Width of the input; `None` = the hidden width.
    pub input_width: Option<usize>,
    /// Number of examples in the batch.
    pub batch: usize,
    /// Standard deviation of the biases (0 = biases at zero).
    pub bias_std: f64,
    /// The random seed.
    pub seed: u64,
    /// The architecture.
    pub arch: Arch,
    /// The normalization layer (mlp and residual).
    pub norm: Norm,
    /// α, the residual branch's scale.
    pub branch_scale: f64,
    /// Residual: the second matrix of every block starts at 0 (Fixup, "zero-init residual").
    pub zero_init_last: bool,
    /// RNN: the initializer of the input kernel U (Keras's default: Xavier/Glorot uniform).
    pub input_init: Initializer,
    /// Convolutions: the kernel size k (odd).
    pub kernel: usize,
    /// Convolutions: the side S of the S × S images.
    pub image: usize,
    /// Transformers: tokens T per sequence.
    pub tokens: usize,
    /// Transformers: attention heads h (d_k = width/h).
    pub heads: usize,
    /// Transformers: where the LayerNorms sit.
    pub ln: LnPlace,
    /// Transformers: τ, the attention logits' scale.
    pub attn_scale: AttnScale,
    /// Transformers: mask the keys after each query (j > i).
    pub causal: bool,
    /// Transformers: a, the skip connection's weight (DeepNet's (2L)^(1/4)).
    pub skip_scale: f64,
    /// Transformers: β, multiplying W_V, W_O, W_1 and W_2 after drawing (DeepNet's (8L)^(−1/4)).
    pub value_gain: f64,
    /// Transformers: W_Q = 0 (µP), so every attention row starts uniform.
    pub zero_query: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            scale: 1.0,
            gain: None,
            mode: FanMode::FanIn,
            keras: false,
            slope: None,
            activation: Sizes::DENSE.activation,
            init: Sizes::DENSE.init,
            depth: Sizes::DENSE.depth,
            width: Sizes::DENSE.width,
            input_width: None,
            batch: Sizes::DENSE.batch,
            bias_std: 0.0,
            seed: 42,
            arch: Arch::default(),
            norm: Norm::None,
            branch_scale: 1.0,
            zero_init_last: false,
            input_init: Initializer::XavierUniform,
            kernel: 3,
            image: 16,
            tokens: 32,
            heads: 4,
            ln: LnPlace::Pre,
            attn_scale: AttnScale::Sqrt,
            causal: false,
            skip_scale: 1.0,
            value_gain: 1.0,
            zero_query: false,
        }
    }
}

/// Why a config is invalid.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// A residual net whose input width differs from its width (x_l = x_{l−1} + … needs equal widths).
    ResidualWidths {
        /// The input width given.
        input_width: usize,
        /// The hidden width.
        width: usize,
    },
    /// A setting its architecture cannot run with (an even kernel, an image smaller than the kernel).
    Unsupported {
        /// The setting's name.
        name: &'static str,
        /// The value given.
        value: String,
        /// Why, in words.
        reason: String,
    },
    /// A whole-number setting outside its range.
    OutOfRange {
        /// The setting's name (the CLI flag / URL parameter without dashes).
        name: &'static str,
        /// The value given.
        value: String,
        /// The allowed range, as text.
        range: String,
    },
    /// `scale` is negative for an initializer other than constant (a bound, a std, or no scale at all).
    NegativeScale {
        /// The initializer.
        init: Initializer,
        /// The value given.
        value: f64,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::OutOfRange { name, value, range } => {
                write!(f, "{name}: {value} is out of range ({range})")
            }
            ConfigError::Unsupported {
                name,
                value,
                reason,
            } => write!(f, "{name}: {value} {reason}"),
            ConfigError::ResidualWidths { input_width, width } => write!(
                f,
                "input-width: {input_width} differs from the width {width}, but a residual block adds its \
                 input to its output, so they must be equal"
            ),
            ConfigError::NegativeScale { init, value } => write!(
                f,
                "scale: {value} is negative, but {} for {init} must be ≥ 0",
                init.scale_name().unwrap_or("the scale")
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// The default config of `arch`: the defaults, with the architecture's own depth, width and batch.
    pub fn for_arch(arch: Arch) -> Config {
        let sizes = arch.model().sizes();
        Config {
            arch,
            depth: sizes.depth,
            width: sizes.width,
            batch: sizes.batch,
            activation: sizes.activation,
            init: sizes.init,
            ..Config::default()
        }
    }

    /// Switch to `arch`; each of depth, width, batch, activation and initializer still at the old architecture's
    /// default takes the new one's (a plain stack's 256 units become a convolution's 32 channels), and the others are kept.
    pub fn switch_arch(&mut self, arch: Arch) {
        let (old, new) = (self.arch.model().sizes(), arch.model().sizes());
        if self.depth == old.depth {
            self.depth = new.depth;
        }
        if self.width == old.width {
            self.width = new.width;
        }
        if self.batch == old.batch {
            self.batch = new.batch;
        }
        if self.activation == old.activation {
            self.activation = new.activation;
        }
        if self.init == old.init {
            self.init = new.init;
        }
        self.arch = arch;
    }

    /// The initializer with its parameters.
    pub fn init_spec(&self) -> InitSpec {
        InitSpec {
            kind: self.init,
            scale: self.scale,
            gain: self.gain,
            mode: self.mode,
            keras: self.keras,
        }
    }

    /// The activation with its slope.
    pub fn nonlinearity(&self) -> Nonlinearity {
        Nonlinearity::new(
            self.activation,
            self.slope.unwrap_or(self.activation.default_slope()),
        )
    }

    /// The input width in force: as given, else the architecture's (a convolution's 3 channels), else the
    /// hidden width.
    pub fn input_width(&self) -> usize {
        self.input_width
            .or(self.arch.model().sizes().input)
            .unwrap_or(self.width)
    }

    /// (fan_in, fan_out) of layer l (1-based).
    pub fn fans(&self, layer: usize) -> (usize, usize) {
        if layer <= 1 {
            (self.input_width(), self.width)
        } else {
            (self.width, self.width)
        }
    }

    /// Check every setting against its range and the cross-setting rules. Returns every problem found.
    pub fn validate(&self) -> Result<(), Vec<ConfigError>> {
        let mut errs = Vec::new();
        let mut whole = |name: &'static str, v: usize, r: &RangeInclusive<usize>| {
            if !r.contains(&v) {
                errs.push(ConfigError::OutOfRange {
                    name,
                    value: v.to_string(),
                    range: format!("{}–{}", r.start(), r.end()),
                });
            }
        };
        whole("depth", self.depth, &DEPTH);
        whole("width", self.width, &WIDTH);
        whole("input-width", self.input_width(), &INPUT_WIDTH);
        whole("batch", self.batch, &BATCH);
        whole("kernel", self.kernel, &KERNEL);
        whole("image", self.image, &IMAGE);
        whole("tokens", self.tokens, &TOKENS);
        whole("heads", self.heads, &HEADS);
        let mut real = |name: &'static str, v: f64, r: &RangeInclusive<f64>| {
            if !r.contains(&v) {
                errs.push(ConfigError::OutOfRange {
                    name,
                    value: v.to_string(),
                    range: format!("{} to {}", r.start(), r.end()),
                });
            }
        };
        real("scale", self.scale, &SCALE);
        real("gain", self.gain.unwrap_or(1.0), &GAIN);
        real("slope", self.slope.unwrap_or(0.0), &SLOPE);
        real("bias-std", self.bias_std, &BIAS_STD);
        real("branch-scale", self.branch_scale, &BRANCH_SCALE);
        real("skip-scale", self.skip_scale, &GAIN_FACTOR);
        real("value-gain", self.value_gain, &GAIN_FACTOR);
        // Only constant's c may be negative: a and σ are ≥ 0, and the others take no scale at all.
        if self.init != Initializer::Constant && self.scale < 0.0 {
            errs.push(ConfigError::NegativeScale {
                init: self.init,
                value: self.scale,
            });
        }
        errs.extend(self.arch.model().validate(self));
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }

    /// Switch to the recommended initializer (and gain) for the current activation.
    pub fn apply_recommendation(&mut self) {
        let rec = self.arch.model().recommendation(&self.nonlinearity());
        self.init = rec.init;
        self.gain = rec.gain;
        self.keras = false;
        self.mode = FanMode::FanIn;
        if self.scale < 0.0 {
            // A negative c of constant means nothing to the recommended initializer (see `validate`).
            self.scale = Config::default().scale;
        }
    }
}
