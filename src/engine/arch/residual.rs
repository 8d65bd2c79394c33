//! Pre-norm residual blocks: x_l = x_{l−1} + α·(φ(Norm(x_{l−1})W_{l,1} + b)W_{l,2} + b) (`residual.rs` of the
//! engine holds the step), judged on the stream x_l, with the residual mean-field theory when there is no
//! normalization (`theory_arch.rs`).

use super::knob::Knob;
use super::model::{Architecture, Dynamics, Running, Signal, Stack};
use crate::engine::config::{Config, ConfigError};
use crate::engine::distribution::Distribution;
use crate::engine::network::{segment_length, Pass};
use crate::engine::norm::Norm;
use crate::engine::plan::{LayerPlan, Plan};
use crate::engine::residual::ResidualStep;
use crate::engine::rng::Stream;
use crate::engine::series::{Field, Panel, Series, COMMON, COMMON_SERIES};
use crate::engine::stats::LayerStats;
use crate::engine::theory::Theory;
use crate::engine::theory_arch::residual;
use crate::engine::verdict::describe_ratio;

/// Residual blocks (`residual`).
pub struct Residual;

/// Every field, the stream's last.
const FIELDS: [Field; 13] = {
    let mut f = [Field::StreamVar; 13];
    let mut i = 0;
    while i < COMMON.len() {
        f[i] = COMMON[i];
        i += 1;
    }
    f[12] = Field::StreamGradVar;
    f
};

/// The common series, then the stream x_l (what the blocks add to) and its gradient: Var(x_l) grows like
/// (1 + 2α²)^l for α = 1 and stays bounded for α = 1/√(2L) (GPT-2).
const SERIES: [Series; 6] = [
    COMMON_SERIES[0],
    COMMON_SERIES[1],
    COMMON_SERIES[2],
    COMMON_SERIES[3],
    Series {
        field: Field::StreamVar,
        label: "Var(x) residual stream",
        theory: Some("Var(x) theory"),
        panel: Panel::Variance,
        backward: false,
        group: 3,
    },
    Series {
        field: Field::StreamGradVar,
        label: "Var(∂L/∂x) stream gradient",
        theory: Some("Var(∂L/∂x) theory"),
        panel: Panel::Variance,
        backward: true,
        group: 4,
    },
];

impl Architecture for Residual {
    fn id(&self) -> &'static str {
        "residual"
    }

    fn label(&self) -> &'static str {
        "Residual blocks (pre-norm)"
    }

    fn depth_noun(&self) -> &'static str {
        "blocks"
    }

    fn unit(&self) -> &'static str {
        "block"
    }

    fn knobs(&self) -> &'static [Knob] {
        &[Knob::Norm, Knob::BranchScale, Knob::ZeroInitLast]
    }

    fn validate(&self, cfg: &Config) -> Vec<ConfigError> {
        // x_l = x_{l−1} + … needs equal widths.
        let (input_width, width) = (cfg.input_width(), cfg.width);
        if input_width == width {
            Vec::new()
        } else {
            vec![ConfigError::ResidualWidths { input_width, width }]
        }
    }

    fn plan(&self, cfg: &Config) -> Plan {
        let square = (cfg.width, cfg.width);
        let layers = (1..=cfg.depth)
            .map(|l| Plan::layer(cfg, l, square))
            .collect();
        // W_{l,2}: from the initializer, or 0 with zero-init-last; its bias as W_{l,1}'s.
        let out = |l: usize| {
            let first = Plan::layer(cfg, l, square);
            LayerPlan {
                dist: if cfg.zero_init_last {
                    Distribution::Constant(0.0)
                } else {
                    first.dist
                },
                ..first
            }
        };
        Plan {
            norm: cfg.norm,
            branch_out: (1..=cfg.depth).map(out).collect(),
            ..Plan::with_layers(cfg, layers)
        }
    }

    fn signal(&self) -> Signal {
        Signal {
            forward: Field::StreamVar,
            backward: Field::StreamGradVar,
            noun: "residual stream",
        }
    }

    fn verdict_notes(
        &self,
        cfg: &Config,
        layers: &[LayerStats],
        theory: Option<&Theory>,
        _unstable: bool,
    ) -> String {
        if cfg.zero_init_last {
            // Fixup (Zhang et al. 2019), "zero-init residual".
            return " Every block starts as the identity (its last matrix is 0): the stream passes unchanged and \
                    the gradient reaches the input intact. ∂L/∂h is exactly 0 at the start; the last matrices' \
                    own gradient is not, so training moves them first (Fixup, \"zero-init residual\")."
                .to_string();
        }
        let l = layers.len();
        let grew = match (layers.first(), layers.last()) {
            (Some(f), Some(z)) => z.stream_var / f.stream_var,
            _ => f64::NAN,
        };
        if !(grew.is_finite() && grew > 10.0) {
            return String::new();
        }
        let alpha = cfg.branch_scale;
        let predicted = theory
            .and_then(|t| Some(t.layers.last()?.stream_var / t.layers.first()?.stream_var))
            .filter(|r| r.is_finite())
            .map(|r| format!(" (theory: {})", describe_ratio(r)))
            .unwrap_or_default();
        // GPT-2's 1/√(2L) (Radford et al. 2019).
        let mut s = format!(
            " The residual stream adds a branch of comparable variance at every block: its variance grew \
             {}{predicted} over {l} blocks. With He + ReLU and no normalization it grows as (1 + 2α²)^L \
             (α = {alpha}); scaling the branch by α = 1/√(2L) = {:.3}, as GPT-2 does for its residual \
             projections, keeps it bounded.",
            describe_ratio(grew),
            1.0 / (2.0 * l as f64).sqrt()
        );
        if cfg.norm != Norm::None {
            s.push_str(" (The pre-norm normalizes each branch's input, not the stream itself.)");
        }
        s
    }

    fn fields(&self) -> &'static [Field] {
        &FIELDS
    }

    fn series(&self) -> &'static [Series] {
        &SERIES
    }
}

impl Dynamics for Residual {
    fn start(&self, _cfg: &Config, plan: &Plan, pass: Pass, budget: usize) -> Box<dyn Running> {
        let (batch, width) = (plan.batch, plan.hidden.fan_out);
        let steps: Vec<ResidualStep> = plan
            .layers
            .iter()
            .zip(&plan.branch_out)
            .map(|(&inner, &outer)| ResidualStep {
                inner,
                outer,
                alpha: plan.branch_scale,
                norm: plan.norm,
                phi: plan.phi,
                batch,
                seed: plan.seed,
            })
            .collect();
        let per_step = 4 * (4 * batch * width + 2 * width * width);
        let pass = Pass {
            segment: segment_length(plan.depth(), per_step, budget),
            ..pass
        };
        Stack::boxed(steps, pass, false)
    }

    fn theory(&self, _cfg: &Config, plan: &Plan) -> Option<Theory> {
        (plan.mean_field && plan.norm == Norm::None).then(|| residual(plan))
    }

    fn draws(&self, plan: &Plan) -> Vec<(LayerPlan, [Stream; 2])> {
        (plan.layers.iter().zip(&plan.branch_out))
            .flat_map(|(&inner, &outer)| {
                let l = inner.index;
                [
                    (inner, [Stream::Weights(l), Stream::Bias(l)]),
                    (outer, [Stream::BranchWeights(l), Stream::BranchBias(l)]),
                ]
            })
            .collect()
    }
}
