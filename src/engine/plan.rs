//! A [`Config`] resolved once into a per-layer plan: for each layer its fans, the distribution of its weights,
//! σ_w² = fan_in·Var(w) and its bias. The simulation, the theory and the verdict all read the plan rather than
//! re-deriving fans and distributions from the config.

use super::arch::Arch;
use super::config::Config;
use super::dense::BiasInit;
use super::distribution::Distribution;
use super::nonlinearity::Nonlinearity;
use super::norm::Norm;

/// One dense layer of the plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerPlan {
    /// 1-based layer index (also the index of its random streams).
    pub index: usize,
    /// Inputs.
    pub fan_in: usize,
    /// Outputs (columns of the weight matrix: a convolution's output channels).
    pub fan_out: usize,
    /// Kernel taps k² of a convolution (1 for a dense layer): each input value reaches `fan_out`·`taps`
    /// weights, PyTorch's fan_out of a convolution.
    pub taps: usize,
    /// The distribution of its weights.
    pub dist: Distribution,
    /// How its biases start.
    pub bias: BiasInit,
}

impl LayerPlan {
    /// σ_w² = fan_in·Var(w), the forward pass's variance factor.
    pub fn sigma_w2(&self) -> f64 {
        self.fan_in as f64 * self.dist.variance()
    }

    /// fan_out·Var(w) (a convolution's fan_out = C_out·k²), the backward pass's variance factor.
    pub fn sigma_w2_backward(&self) -> f64 {
        (self.fan_out * self.taps) as f64 * self.dist.variance()
    }

    /// σ_b², the variance of a bias.
    pub fn sigma_b2(&self) -> f64 {
        self.bias.variance()
    }
}

/// Everything one run needs, resolved from a [`Config`].
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The architecture.
    pub arch: Arch,
    /// The normalization before each activation (mlp, residual).
    pub norm: Norm,
    /// Layers 1..=depth: mlp layers, residual blocks' first matrices, or the rnn's W at each time step.
    pub layers: Vec<LayerPlan>,
    /// Residual blocks' second matrices (empty otherwise).
    pub branch_out: Vec<LayerPlan>,
    /// The rnn's input kernel U (from the input initializer).
    pub input_kernel: Option<LayerPlan>,
    /// α, the residual branch's scale.
    pub branch_scale: f64,
    /// Each layer rescaled on the batch after drawing (LSUV).
    pub lsuv: bool,
    /// A hidden layer (width × width): where the theory finds the length map's fixed point and χ.
    pub hidden: LayerPlan,
    /// The activation with its slope.
    pub phi: Nonlinearity,
    /// Examples in the batch.
    pub batch: usize,
    /// Width of the input.
    pub input_width: usize,
    /// Positions per example that share a layer's units: 1 for a dense layer, S² pixels of a convolution.
    /// An example's input is `positions` × input width values.
    pub positions: usize,
    /// Width of what the first step takes: the input, or for an rnn the hidden state h_0.
    pub first_input_width: usize,
    /// The random seed.
    pub seed: u64,
    /// Whether the mean-field theory applies (zero-mean, independent weights).
    pub mean_field: bool,
}

impl Plan {
    /// Resolve `cfg` (which must be valid): its architecture lays out the layers ([`super::arch`]).
    pub fn new(cfg: &Config) -> Plan {
        cfg.arch.model().plan(cfg)
    }

    /// The plan of `cfg` with the given `layers`, every other field from the config: no residual branches,
    /// no input kernel, no normalization, and the input itself as what the first step takes. Architectures
    /// start from it and fill in what they have.
    pub fn with_layers(cfg: &Config, layers: Vec<LayerPlan>) -> Plan {
        Plan {
            arch: cfg.arch,
            norm: Norm::None,
            layers,
            branch_out: Vec::new(),
            input_kernel: None,
            branch_scale: cfg.branch_scale,
            lsuv: cfg.init.info().data_dependent,
            hidden: Plan::layer(cfg, 0, (cfg.width, cfg.width)),
            phi: cfg.nonlinearity(),
            batch: cfg.batch,
            input_width: cfg.input_width(),
            positions: 1,
            first_input_width: cfg.input_width(),
            seed: cfg.seed,
            mean_field: cfg.init.info().mean_field,
        }
    }

    /// Layer `index` of `cfg` with the given fans, drawn from the config's initializer; its biases from the
    /// initializer where it sets them (PyTorch's default), else N(0, bias-std²) or zero.
    pub fn layer(cfg: &Config, index: usize, (fan_in, fan_out): (usize, usize)) -> LayerPlan {
        let spec = cfg.init_spec();
        let bias = match spec.bias_bound(fan_in) {
            Some(bound) => BiasInit::Uniform(bound),
            None if cfg.bias_std > 0.0 => BiasInit::Normal(cfg.bias_std),
            None => BiasInit::None,
        };
        LayerPlan {
            index,
            fan_in,
            fan_out,
            taps: 1,
            dist: spec.distribution(fan_in, fan_out),
            bias,
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
