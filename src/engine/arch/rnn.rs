//! A recurrent net unrolled in time: z_t = h_{t−1}W + x_tU + b, h_t = φ(z_t), one W shared by all time steps
//! (the engine's `rnn.rs` holds the step), with the recurrent mean-field theory (`theory_arch.rs`).

use super::knob::Knob;
use super::model::{Architecture, Dynamics, Running, Stack};
use crate::engine::config::Config;
use crate::engine::dense::{BiasInit, Dense};
use crate::engine::init::Initializer;
use crate::engine::init_spec::InitSpec;
use crate::engine::network::{segment_length, Pass};
use crate::engine::nonlinearity::Nonlinearity;
use crate::engine::plan::{LayerPlan, Plan};
use crate::engine::recommend::Recommendation;
use crate::engine::rng::Stream;
use crate::engine::rnn::{RnnStep, RnnWeights};
use crate::engine::series::{Field, Series, COMMON, COMMON_SERIES};
use crate::engine::stats::LayerStats;
use crate::engine::theory::Theory;
use crate::engine::theory_arch::rnn;
use std::rc::Rc;

/// The recurrent net (`rnn`).
pub struct Rnn;

impl Architecture for Rnn {
    fn id(&self) -> &'static str {
        "rnn"
    }

    fn label(&self) -> &'static str {
        "Recurrent net (unrolled in time)"
    }

    fn depth_noun(&self) -> &'static str {
        "time steps"
    }

    fn unit(&self) -> &'static str {
        "time step"
    }

    fn knobs(&self) -> &'static [Knob] {
        &[Knob::InputInit]
    }

    fn plan(&self, cfg: &Config) -> Plan {
        let square = (cfg.width, cfg.width);
        let input = cfg.input_width();
        let u = LayerPlan {
            index: 0,
            fan_in: input,
            fan_out: cfg.width,
            taps: 1,
            dist: InitSpec::new(cfg.input_init).distribution(input, cfg.width),
            bias: BiasInit::None,
        };
        let layers = (1..=cfg.depth)
            .map(|t| Plan::layer(cfg, t, square))
            .collect();
        Plan {
            input_kernel: Some(u),
            first_input_width: cfg.width,
            ..Plan::with_layers(cfg, layers)
        }
    }

    /// The same W at every step: orthogonal (Saxe et al. 2014; the tutorial's advice for RNNs), identity for
    /// the ReLU family (the IRNN of Le et al. 2015).
    fn recommendation(&self, phi: &Nonlinearity) -> Recommendation {
        let init = if phi.info().relu_family {
            Initializer::Identity
        } else {
            Initializer::Orthogonal
        };
        Recommendation { init, gain: None }
    }

    fn recommendation_context(&self) -> &'static str {
        " in a recurrent net"
    }

    fn sums_inputs(&self) -> bool {
        true
    }

    fn verdict_notes(
        &self,
        _cfg: &Config,
        _layers: &[LayerStats],
        _theory: Option<&Theory>,
        unstable: bool,
    ) -> String {
        if !unstable {
            return String::new();
        }
        " A recurrent net multiplies by the same W at every time step, so through time the gradient scales like \
         a power of W's singular values: orthogonal initialization puts them all at 1 (Saxe et al. 2014), and \
         identity with ReLU is the IRNN (Le et al. 2015)."
            .to_string()
    }

    fn fields(&self) -> &'static [Field] {
        &COMMON
    }

    fn series(&self) -> &'static [Series] {
        &COMMON_SERIES
    }
}

impl Dynamics for Rnn {
    fn start(&self, _cfg: &Config, plan: &Plan, pass: Pass, budget: usize) -> Box<dyn Running> {
        let (batch, width) = (plan.batch, plan.hidden.fan_out);
        let (w, u) = (
            &plan.hidden,
            plan.input_kernel.as_ref().unwrap_or(&plan.hidden),
        );
        let weights = Rc::new(RnnWeights {
            w: Dense::sample(&w.dist, w.fan_in, w.fan_out, plan.seed, 1, w.bias),
            u: Dense::sample_from(
                &u.dist,
                (u.fan_in, u.fan_out),
                plan.seed,
                [Stream::InputKernel, Stream::InputKernel],
                BiasInit::None,
            ),
        });
        let steps: Vec<RnnStep> = (1..=plan.depth())
            .map(|t| RnnStep {
                weights: weights.clone(),
                t,
                phi: plan.phi,
                batch,
                seed: plan.seed,
            })
            .collect();
        // h_0 = 0; each step draws its own input x_t.
        let pass = Pass {
            input: vec![0.0; batch * width],
            segment: segment_length(plan.depth(), 4 * batch * width, budget),
            ..pass
        };
        Stack::boxed(steps, pass, false)
    }

    fn theory(&self, _cfg: &Config, plan: &Plan) -> Option<Theory> {
        plan.mean_field.then(|| rnn(plan))
    }
}
