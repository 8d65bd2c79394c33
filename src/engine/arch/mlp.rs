//! A plain stack of dense layers: z_l = a_{l−1}W_l + b_l, n_l = Norm(z_l), a_l = φ(n_l) (`step.rs`), with
//! the plain mean-field theory when it is not normalized (`theory.rs`).

use super::knob::Knob;
use super::model::{Architecture, Dynamics, Running, Stack};
use crate::engine::config::Config;
use crate::engine::network::{segment_length, Pass};
use crate::engine::norm::Norm;
use crate::engine::plan::{LayerPlan, Plan};
use crate::engine::rng::Stream;
use crate::engine::series::{Field, Series, COMMON, COMMON_SERIES};
use crate::engine::stats::LayerStats;
use crate::engine::step::DenseStep;
use crate::engine::theory::{plain, Theory};

/// The plain stack (`mlp`).
pub struct Mlp;

/// The common series, the correlation between examples with the mean-field correlation map beside it (the
/// page computes the map: Poole et al. 2016).
const SERIES: [Series; 4] = [
    COMMON_SERIES[0],
    COMMON_SERIES[1],
    COMMON_SERIES[2],
    Series {
        theory: Some("mean-field correlation map (c₀ = 0)"),
        ..COMMON_SERIES[3]
    },
];

impl Architecture for Mlp {
    fn id(&self) -> &'static str {
        "mlp"
    }

    fn label(&self) -> &'static str {
        "Plain stack (MLP)"
    }

    fn depth_noun(&self) -> &'static str {
        "layers"
    }

    fn unit(&self) -> &'static str {
        "layer"
    }

    fn knobs(&self) -> &'static [Knob] {
        &[Knob::Norm]
    }

    fn plan(&self, cfg: &Config) -> Plan {
        let layers = (1..=cfg.depth)
            .map(|l| Plan::layer(cfg, l, cfg.fans(l)))
            .collect();
        Plan {
            norm: cfg.norm,
            ..Plan::with_layers(cfg, layers)
        }
    }

    fn jacobian_unavailable(&self, cfg: &Config) -> Option<String> {
        (cfg.norm == Norm::Batch).then(|| {
            "batch norm couples the examples, so one example's Jacobian is not defined".into()
        })
    }

    fn verdict_notes(
        &self,
        cfg: &Config,
        _layers: &[LayerStats],
        _theory: Option<&Theory>,
        unstable: bool,
    ) -> String {
        match cfg.norm {
            // Yang et al. 2019.
            Norm::Batch if unstable => {
                " Batch norm holds every layer's input of φ at variance 1, yet its backward pass through the \
                 batch statistics multiplies the gradient at every layer: in a deep plain net with batch norm \
                 the gradient explodes at initialization (Yang et al. 2019) — normalization does not make \
                 initialization irrelevant."
            }
            Norm::Batch | Norm::Layer => {
                " Normalization resets the variance at every layer, so the forward signal cannot vanish or \
                 explode; the mean-field prediction does not apply (the statistics depend on the batch): \
                 measured only."
            }
            Norm::None => "",
        }
        .to_string()
    }

    fn fields(&self) -> &'static [Field] {
        &COMMON
    }

    fn series(&self) -> &'static [Series] {
        &SERIES
    }
}

impl Dynamics for Mlp {
    fn start(&self, _cfg: &Config, plan: &Plan, pass: Pass, budget: usize) -> Box<dyn Running> {
        let (batch, width) = (plan.batch, plan.hidden.fan_out);
        let per_step = 4 * (batch * width + width * width.max(plan.input_width));
        let pass = Pass {
            segment: segment_length(plan.depth(), per_step, budget),
            ..pass
        };
        Stack::boxed(DenseStep::stack(plan, batch), pass, true)
    }

    fn theory(&self, _cfg: &Config, plan: &Plan) -> Option<Theory> {
        // Normalization makes each layer's statistics depend on the batch: measured only.
        (plan.mean_field && plan.norm == Norm::None).then(|| plain(plan))
    }

    fn draws(&self, plan: &Plan) -> Vec<(LayerPlan, [Stream; 2])> {
        plan.layers
            .iter()
            .map(|&p| (p, [Stream::Weights(p.index), Stream::Bias(p.index)]))
            .collect()
    }
}
