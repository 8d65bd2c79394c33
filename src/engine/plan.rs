//! A [`Config`] resolved once into a per-layer plan: for each layer its fans, the distribution of its weights,
//! σ_w² = fan_in·Var(w) and its bias. The simulation, the theory and the verdict all read the plan rather than
//! re-deriving fans and distributions from the config.

use super::config::Config;
use super::distribution::Distribution;
use super::nonlinearity::Nonlinearity;

/// One dense layer of the plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerPlan {
    /// 1-based layer index (also the index of its random streams).
    pub index: usize,
    /// Inputs.
    pub fan_in: usize,
    /// Outputs.
    pub fan_out: usize,
    /// The distribution of its weights.
    pub dist: Distribution,
    /// Standard deviation of its biases (0 = biases at zero, none drawn).
    pub bias_std: f64,
}

impl LayerPlan {
    /// σ_w² = fan_in·Var(w), the forward pass's variance factor.
    pub fn sigma_w2(&self) -> f64 {
        self.fan_in as f64 * self.dist.variance()
    }

    /// fan_out·Var(w), the backward pass's variance factor.
    pub fn sigma_w2_backward(&self) -> f64 {
        self.fan_out as f64 * self.dist.variance()
    }
}

/// Everything one run needs, resolved from a [`Config`].
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Layers 1..=depth.
    pub layers: Vec<LayerPlan>,
    /// A hidden layer (width × width): where the theory finds the length map's fixed point and χ.
    pub hidden: LayerPlan,
    /// The activation with its slope.
    pub phi: Nonlinearity,
    /// Examples in the batch.
    pub batch: usize,
    /// Width of the input.
    pub input_width: usize,
    /// The random seed.
    pub seed: u64,
    /// Whether the mean-field theory applies (zero-mean, independent weights).
    pub mean_field: bool,
}

impl Plan {
    /// Resolve `cfg` (which must be valid).
    pub fn new(cfg: &Config) -> Plan {
        let spec = cfg.init_spec();
        let layer = |index: usize, (fan_in, fan_out): (usize, usize)| LayerPlan {
            index,
            fan_in,
            fan_out,
            dist: spec.distribution(fan_in, fan_out),
            bias_std: cfg.bias_std,
        };
        Plan {
            layers: (1..=cfg.depth).map(|l| layer(l, cfg.fans(l))).collect(),
            hidden: layer(0, (cfg.width, cfg.width)),
            phi: cfg.nonlinearity(),
            batch: cfg.batch,
            input_width: cfg.input_width(),
            seed: cfg.seed,
            mean_field: cfg.init.info().mean_field,
        }
    }

    /// Number of layers.
    pub fn depth(&self) -> usize {
        self.layers.len()
    }

    /// Width of the output of the last layer.
    pub fn output_width(&self) -> usize {
        self.layers.last().map_or(self.input_width, |l| l.fan_out)
    }
}
