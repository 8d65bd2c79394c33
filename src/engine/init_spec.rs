//! An initializer with its parameters fixed, and the distribution it gives a layer with given fans.
//!
//! Order of operations as PyTorch's `torch/nn/init.py` (`std = gain * math.sqrt(2.0 / (fan_in + fan_out))`,
//! `std = gain / math.sqrt(fan)`, `bound = math.sqrt(3.0) * std`) or, for the Keras normals, Keras
//! `VarianceScaling` (`stddev = math.sqrt(scale / n) / .87962566103423978`).

use super::distribution::Distribution;
use super::init::{FanMode, Initializer};

/// Std of a standard normal truncated to (−2, 2), written as Keras `VarianceScaling` writes it.
#[allow(clippy::excessive_precision)]
pub const TRUNCATED_NORMAL_STD: f64 = 0.879_625_661_034_239_78;

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
            None => self.kind.info().default_gain.squared(),
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
            Initializer::PytorchDefault => {
                // torch/nn/init.py: gain = math.sqrt(2.0 / (1 + a ** 2)) with a = math.sqrt(5).
                let a = 5f64.sqrt();
                let gain = (2.0 / (1.0 + a * a)).sqrt();
                Distribution::Uniform {
                    bound: sqrt3 * (gain / (fan_in as f64).sqrt()),
                }
            }
            Initializer::Orthogonal => Distribution::Orthogonal {
                gain: g,
                n: fan_in.max(fan_out),
            },
            Initializer::Identity => Distribution::Identity {
                gain: g,
                fan_in,
                fan_out,
            },
            // A dense layer is a kernel of one tap: delta-orthogonal is orthogonal there; a convolution
            // replaces it with its centre-tap form ([`InitSpec::kernel_distribution`]).
            Initializer::DeltaOrthogonal => Distribution::Orthogonal {
                gain: g,
                n: fan_in.max(fan_out),
            },
            // LSUV starts from an orthogonal matrix; the rescaling happens on the batch (`step.rs`).
            Initializer::Lsuv => Distribution::Orthogonal {
                gain: 1.0,
                n: fan_in.max(fan_out),
            },
        }
    }

    /// The distribution of a convolution's weights with `c_in` input and `c_out` output channels and `taps`
    /// = k² taps per kernel: fan_in = c_in·k², fan_out = c_out·k² (PyTorch's `_calculate_fan_in_and_fan_out`,
    /// Keras's `_compute_fans`), and delta-orthogonal's centre tap (Xiao et al. 2018).
    pub fn kernel_distribution(&self, c_in: usize, c_out: usize, taps: usize) -> Distribution {
        match self.kind {
            Initializer::DeltaOrthogonal => Distribution::DeltaOrthogonal {
                gain: self.effective_gain(),
                c_out,
                taps,
            },
            _ => self.distribution(c_in * taps, c_out * taps),
        }
    }

    /// PyTorch `nn.Linear`'s bias bound 1/√fan_in (`bound = 1 / math.sqrt(fan_in)`), for the initializers
    /// that set the biases.
    pub fn bias_bound(&self, fan_in: usize) -> Option<f64> {
        self.kind
            .info()
            .sets_bias
            .then(|| 1.0 / (fan_in as f64).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn he_normal_has_variance_two_over_fan_in() {
        let d = InitSpec::new(Initializer::HeNormal).distribution(256, 100);
        assert!((d.variance() - 2.0 / 256.0).abs() < 1e-15);
    }
}
