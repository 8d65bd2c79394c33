//! The distribution one layer's weights are drawn from, with its exact moments (the truncated normal's
//! std is kept exactly, as Keras intends, rather than recomputed from sigma·0.8796…).

/// The distribution one layer's weights are drawn from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Distribution {
    /// Every weight equal to this value (0 for zero init).
    Constant(f64),
    /// U(−bound, bound).
    Uniform {
        /// The bound b.
        bound: f64,
    },
    /// N(0, std²).
    Normal {
        /// The standard deviation.
        std: f64,
    },
    /// N(0, sigma²) truncated to (−2·sigma, 2·sigma), sigma = std / 0.8796… so its std is `std` (Keras).
    TruncatedNormal {
        /// The resulting standard deviation.
        std: f64,
        /// The std parameter before truncation.
        sigma: f64,
    },
    /// A (semi-)orthogonal matrix times gain; each entry's variance is gain²/max(fan_in, fan_out).
    Orthogonal {
        /// The gain.
        gain: f64,
        /// max(fan_in, fan_out), which sets the entries' variance.
        n: usize,
    },
    /// A convolution's kernel, weights (C_in·taps) × C_out: the centre tap of each input channel holds gain × a
    /// C_out × C_in matrix with orthonormal columns (PyTorch `orthogonal_` of that shape), every other tap 0
    /// (Xiao et al. 2018). Each entry's variance is gain²/(C_out·taps).
    DeltaOrthogonal {
        /// The gain.
        gain: f64,
        /// Output channels.
        c_out: usize,
        /// Taps per kernel, k².
        taps: usize,
    },
    /// gain on the diagonal (min(fan_in, fan_out) entries), 0 elsewhere.
    Identity {
        /// The gain.
        gain: f64,
        /// Inputs.
        fan_in: usize,
        /// Outputs.
        fan_out: usize,
    },
}

impl Distribution {
    /// A short name: "constant", "uniform", "normal", "truncated-normal", "orthogonal".
    pub fn name(&self) -> &'static str {
        match self {
            Distribution::Constant(_) => "constant",
            Distribution::Uniform { .. } => "uniform",
            Distribution::Normal { .. } => "normal",
            Distribution::TruncatedNormal { .. } => "truncated-normal",
            Distribution::Orthogonal { .. } => "orthogonal",
            Distribution::DeltaOrthogonal { .. } => "delta-orthogonal",
            Distribution::Identity { .. } => "identity",
        }
    }

    /// The mean of a weight.
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Constant(c) => c,
            Distribution::Identity {
                gain,
                fan_in,
                fan_out,
            } => gain * fan_in.min(fan_out) as f64 / (fan_in * fan_out) as f64,
            Distribution::Uniform { .. }
            | Distribution::Normal { .. }
            | Distribution::TruncatedNormal { .. }
            | Distribution::Orthogonal { .. }
            | Distribution::DeltaOrthogonal { .. } => 0.0,
        }
    }

    /// The standard deviation of a weight.
    pub fn std(&self) -> f64 {
        match *self {
            Distribution::Normal { std } | Distribution::TruncatedNormal { std, .. } => std,
            Distribution::Constant(_)
            | Distribution::Uniform { .. }
            | Distribution::Orthogonal { .. }
            | Distribution::DeltaOrthogonal { .. }
            | Distribution::Identity { .. } => self.variance().sqrt(),
        }
    }

    /// The variance of a weight (exact).
    pub fn variance(&self) -> f64 {
        match *self {
            Distribution::Constant(_) => 0.0,
            Distribution::Uniform { bound } => bound * bound / 3.0,
            Distribution::Normal { std } => std * std,
            Distribution::TruncatedNormal { std, .. } => std * std,
            Distribution::Orthogonal { gain, n } => gain * gain / n as f64,
            Distribution::DeltaOrthogonal { gain, c_out, taps } => {
                gain * gain / (c_out * taps) as f64
            }
            Distribution::Identity { gain, .. } => {
                let m = self.mean();
                gain * m - m * m
            }
        }
    }

    /// The bound: b for a uniform, 2·sigma for the truncated normal, none otherwise.
    pub fn bound(&self) -> Option<f64> {
        match *self {
            Distribution::Uniform { bound } => Some(bound),
            Distribution::TruncatedNormal { sigma, .. } => Some(2.0 * sigma),
            Distribution::Constant(_)
            | Distribution::Normal { .. }
            | Distribution::Orthogonal { .. }
            | Distribution::DeltaOrthogonal { .. }
            | Distribution::Identity { .. } => None,
        }
    }
}
