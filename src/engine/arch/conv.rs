//! Convolutional stacks (2-D): h_l = conv_k(a_{l−1}, W_l) + b_l, a_l = φ(h_l), stride 1 and circular padding
//! (the engine's `conv.rs` holds the step). B images of S × S pixels with C₀ channels, C channels in every
//! layer. fan_in = C_in·k² and fan_out = C_out·k², as PyTorch and Keras count them; with i.i.d. weights the
//! plain stack's mean-field map holds with σ_w² = fan_in·Var(w) (He et al. 2015 derived their initialization
//! for such nets), and delta-orthogonal follows orthogonal's (Xiao et al. 2018).

use super::knob::{Knob, Sizes};
use super::model::{Architecture, Dynamics, Running, Stack};
use crate::engine::config::{Config, ConfigError};
use crate::engine::conv::{ConvStep, Geometry};
use crate::engine::init::Initializer;
use crate::engine::network::{segment_length, Pass};
use crate::engine::plan::{LayerPlan, Plan};
use crate::engine::series::{Field, Series, COMMON, COMMON_SERIES};
use crate::engine::theory::{plain, Theory};

/// Convolutional stacks (`conv`).
pub struct Conv;

/// Both sides of the Jacobian ∂a_L/∂x of one image may have at most this many entries (S²·C₀ and S²·C).
pub const JACOBIAN_ENTRIES: usize = 1024;

/// The common series, the correlation between images with the mean-field correlation map beside it.
const SERIES: [Series; 4] = [
    COMMON_SERIES[0],
    COMMON_SERIES[1],
    COMMON_SERIES[2],
    Series {
        theory: Some("mean-field correlation map (c₀ = 0)"),
        ..COMMON_SERIES[3]
    },
];

/// Layer `l`'s plan: its weight matrix is (C_in·k²) × C_out.
fn layer(cfg: &Config, l: usize, c_in: usize) -> LayerPlan {
    let taps = cfg.kernel * cfg.kernel;
    LayerPlan {
        taps,
        dist: cfg.init_spec().kernel_distribution(c_in, cfg.width, taps),
        ..Plan::layer(cfg, l, (c_in * taps, cfg.width))
    }
}

impl Architecture for Conv {
    fn id(&self) -> &'static str {
        "conv"
    }

    fn label(&self) -> &'static str {
        "Convolutional (2-D)"
    }

    fn depth_noun(&self) -> &'static str {
        "layers"
    }

    fn unit(&self) -> &'static str {
        "layer"
    }

    fn knobs(&self) -> &'static [Knob] {
        &[Knob::Kernel, Knob::Image]
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            depth: 20,
            width: 32,
            batch: 8,
            input: Some(3),
            ..Sizes::DENSE
        }
    }

    fn validate(&self, cfg: &Config) -> Vec<ConfigError> {
        let mut errs = Vec::new();
        let mut unsupported = |name, value: usize, reason: String| {
            errs.push(ConfigError::Unsupported {
                name,
                value: value.to_string(),
                reason,
            })
        };
        if cfg.kernel.is_multiple_of(2) {
            unsupported(
                "kernel",
                cfg.kernel,
                "is even, but a kernel needs a centre pixel: use 1, 3, 5 or 7".into(),
            );
        }
        if cfg.image < cfg.kernel {
            unsupported(
                "image",
                cfg.image,
                format!("is smaller than the {0} × {0} kernel", cfg.kernel),
            );
        }
        if cfg.init == Initializer::DeltaOrthogonal && cfg.input_width() > cfg.width {
            unsupported(
                "input-width",
                cfg.input_width(),
                format!(
                    "is more than the {} channels of the layers, but delta-orthogonal's centre tap needs \
                     C_in ≤ C_out (orthonormal columns)",
                    cfg.width
                ),
            );
        }
        errs
    }

    fn plan(&self, cfg: &Config) -> Plan {
        let layers = (1..=cfg.depth)
            .map(|l| {
                let c_in = if l == 1 { cfg.input_width() } else { cfg.width };
                layer(cfg, l, c_in)
            })
            .collect();
        Plan {
            hidden: layer(cfg, 0, cfg.width),
            positions: cfg.image * cfg.image,
            ..Plan::with_layers(cfg, layers)
        }
    }

    fn torch_module(&self) -> &'static str {
        "nn.Conv2d"
    }

    fn fans_note(&self, cfg: &Config) -> Option<String> {
        let (c0, c, k) = (cfg.input_width(), cfg.width, cfg.kernel);
        let taps = k * k;
        Some(format!(
            "fan_in = C_in·k² = {c0}·{taps} = {} at layer 1, {c}·{taps} = {} after; fan_out = C_out·k² = \
             {c}·{taps} = {}",
            c0 * taps,
            c * taps,
            c * taps
        ))
    }

    fn jacobian_unavailable(&self, cfg: &Config) -> Option<String> {
        let pixels = cfg.image * cfg.image;
        let (input, output) = (pixels * cfg.input_width(), pixels * cfg.width);
        (input.max(output) > JACOBIAN_ENTRIES).then(|| {
            format!(
                "the Jacobian of a convolutional net is computed when its input ({0}·{0}·{1} = {input}) and its \
                 output ({0}·{0}·{2} = {output}) have at most {JACOBIAN_ENTRIES} entries each, e.g. 8 × 8 images \
                 with 16 channels",
                cfg.image,
                cfg.input_width(),
                cfg.width
            )
        })
    }

    fn jacobian_cost(&self, cfg: &Config) -> f64 {
        // Each of the S²·C₀ rows is an image pushed through every layer.
        let pixels = (cfg.image * cfg.image) as f64;
        let (c, taps) = (cfg.width as f64, (cfg.kernel * cfg.kernel) as f64);
        pixels * cfg.input_width() as f64 * pixels * c * c * taps * cfg.depth as f64
    }

    fn fields(&self) -> &'static [Field] {
        &COMMON
    }

    fn series(&self) -> &'static [Series] {
        &SERIES
    }
}

impl Dynamics for Conv {
    fn start(&self, cfg: &Config, plan: &Plan, pass: Pass, budget: usize) -> Box<dyn Running> {
        let (side, kernel, images) = (cfg.image, cfg.kernel, plan.batch);
        let taps = kernel * kernel;
        let steps: Vec<ConvStep> = plan
            .layers
            .iter()
            .map(|&p| ConvStep {
                plan: p,
                geometry: Geometry {
                    batch: images,
                    side,
                    kernel,
                    channels: p.fan_in / taps,
                },
                phi: plan.phi,
                lsuv: plan.lsuv,
                seed: plan.seed,
            })
            .collect();
        let pixels = images * side * side;
        let c = plan.hidden.fan_out;
        // A step keeps h and its weights.
        let per_step = 4 * (pixels * c + plan.hidden.fan_in * c);
        let pass = Pass {
            segment: segment_length(plan.depth(), per_step, budget),
            ..pass
        };
        Stack::boxed(steps, pass, false)
    }

    fn theory(&self, _cfg: &Config, plan: &Plan) -> Option<Theory> {
        plan.mean_field.then(|| plain(plan))
    }
}
