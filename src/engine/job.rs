//! One run as a resumable job: [`Job::new`] plans it and computes the mean-field theory at once
//! ([`Stage::Theory`]); [`Job::advance`] then measures a few layers at a time, the forward pass
//! ([`Stage::Forward`]) and then the backward pass ([`Stage::Complete`]). The web worker runs a job in slices
//! and answers newer requests between them; [`super::simulate`] runs one to its end in one go. However a job
//! is sliced, its result is the same to the bit.

use super::arch::Arch;
use super::config::Config;
use super::deferred::DeferredWeightGrad;
use super::dense::{BiasInit, Dense};
use super::network::{draw_ends, segment_length, Advance, Measurement, Pass};
use super::plan::Plan;
use super::residual::ResidualStep;
use super::rng::Stream;
use super::rnn::{RnnStep, RnnWeights};
use super::simulation::{finish, jacobian_unavailable, SimOptions, SimResult};
use super::step::DenseStep;
use super::theory::{predict_plan, Theory};
use std::rc::Rc;

/// How far a job has got; each stage's statistics are final once it is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Planned: only the mean-field theory is known.
    Theory,
    /// The forward pass is measured (the gradients are not yet).
    Forward,
    /// Both passes are measured, and the verdict is given.
    Complete,
}

impl Stage {
    /// Every stage, in the order a job reaches them.
    pub const ALL: [Stage; 3] = [Stage::Theory, Stage::Forward, Stage::Complete];

    /// A stable lowercase name ("theory", "forward", "complete").
    pub const fn id(self) -> &'static str {
        match self {
            Stage::Theory => "theory",
            Stage::Forward => "forward",
            Stage::Complete => "complete",
        }
    }
}

/// The steps of one architecture and their measurement in progress.
enum Running {
    Mlp(Vec<DenseStep>, Measurement<DenseStep>),
    Residual(Vec<ResidualStep>, Measurement<ResidualStep>),
    Rnn(Vec<RnnStep>, Measurement<RnnStep>),
}

/// One run in progress (see the module's documentation).
pub struct Job {
    config: Config,
    plan: Plan,
    theory: Option<Theory>,
    running: Running,
    stage: Stage,
}

impl Job {
    /// Plan the run of `cfg` (which must be valid, [`Config::validate`]) and compute its theory; nothing is
    /// measured yet. `budget` bounds the bytes of kept per-layer buffers (see [`super::MEMORY_BUDGET`]).
    pub fn new(cfg: &Config, opts: &SimOptions, budget: usize) -> Job {
        super::kept::begin_run();
        let plan = Plan::new(cfg);
        let (batch, width) = (cfg.batch, cfg.width);
        let [input, output_grad] =
            draw_ends(plan.seed, batch, plan.input_width, plan.output_width());
        let pass = |input: Vec<f32>, per_step: usize| Pass {
            input,
            output_grad: output_grad.clone(),
            histogram_layers: &opts.histogram_layers,
            batch,
            segment: segment_length(plan.depth(), per_step, budget),
            jacobian: opts.jacobian && jacobian_unavailable(cfg).is_none(),
            weight_grads: !opts.without_weight_grads,
        };
        let depth = plan.depth();
        let running = match plan.arch {
            Arch::Mlp => {
                let steps = DenseStep::stack(&plan, batch);
                let per_step = 4 * (batch * width + width * width.max(cfg.input_width()));
                Running::Mlp(steps, Measurement::new(depth, pass(input, per_step)))
            }
            Arch::Residual => {
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
                Running::Residual(steps, Measurement::new(depth, pass(input, per_step)))
            }
            Arch::Rnn => {
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
                let steps: Vec<RnnStep> = (1..=depth)
                    .map(|t| RnnStep {
                        weights: weights.clone(),
                        t,
                        phi: plan.phi,
                        batch,
                        seed: plan.seed,
                    })
                    .collect();
                let pass = pass(vec![0.0; batch * width], 4 * batch * width);
                Running::Rnn(steps, Measurement::new(depth, pass))
            }
        };
        Job {
            config: cfg.clone(),
            theory: predict_plan(&plan),
            plan,
            running,
            stage: Stage::Theory,
        }
    }

    /// The stage reached so far.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// Measure at most `budget` more layer steps; returns the new stage when one was reached (the caller
    /// may then show [`Job::snapshot`]), else `None`. `progress` hears the fraction done after each step.
    pub fn advance(&mut self, budget: usize, progress: &mut dyn FnMut(f64)) -> Option<Stage> {
        let advanced = match &mut self.running {
            Running::Mlp(steps, m) => m.advance(steps, budget, progress),
            Running::Residual(steps, m) => m.advance(steps, budget, progress),
            Running::Rnn(steps, m) => m.advance(steps, budget, progress),
        };
        let stage = match advanced {
            Advance::Paused => return None,
            Advance::ForwardDone => Stage::Forward,
            Advance::Done => Stage::Complete,
        };
        (stage > self.stage).then(|| {
            self.stage = stage;
            stage
        })
    }

    /// Leave Var(∂L/∂W) of each dense layer to be computed elsewhere ([`super::deferred`]): as the backward
    /// pass reaches a layer, [`Job::take_deferred`] hands out what its product needs, and the variance is NaN
    /// until [`Job::set_weight_grad_var`] gives it. Only a plain stack of dense layers measuring ∂L/∂W
    /// defers; returns whether this job does.
    pub fn defer_weight_grads(&mut self) -> bool {
        match &mut self.running {
            Running::Mlp(_, m) if m.measured().weight_grads => {
                m.defer_weight_grads();
                true
            }
            _ => false,
        }
    }

    /// The weight products handed out since the last call (none unless deferring).
    pub fn take_deferred(&mut self) -> Vec<DeferredWeightGrad> {
        match &mut self.running {
            Running::Mlp(_, m) => m.take_deferred(),
            _ => Vec::new(),
        }
    }

    /// Var(∂L/∂W) of `layer` (1-based), computed elsewhere.
    pub fn set_weight_grad_var(&mut self, layer: usize, var: f64) {
        if let Running::Mlp(_, m) = &mut self.running {
            m.set_weight_grad_var(layer, var);
        }
    }

    /// The result so far: statistics not yet measured are NaN, and the verdict is only meaningful at
    /// [`Stage::Complete`] (the Jacobian's spectrum, too, is computed only then, by [`Job::into_result`]).
    pub fn snapshot(&self) -> SimResult {
        let measured = match &self.running {
            Running::Mlp(_, m) => m.measured(),
            Running::Residual(_, m) => m.measured(),
            Running::Rnn(_, m) => m.measured(),
        };
        let mut partial = measured.clone();
        partial.jacobian = None;
        finish(&self.config, &self.plan, self.theory.clone(), partial)
    }

    /// The finished result; a job not yet [`Stage::Complete`] is first run to its end.
    pub fn into_result(mut self, progress: &mut dyn FnMut(f64)) -> SimResult {
        while self.stage < Stage::Complete {
            self.advance(usize::MAX, progress);
        }
        let measured = match self.running {
            Running::Mlp(_, m) => m.into_measured(),
            Running::Residual(_, m) => m.into_measured(),
            Running::Rnn(_, m) => m.into_measured(),
        };
        finish(&self.config, &self.plan, self.theory, measured)
    }
}
