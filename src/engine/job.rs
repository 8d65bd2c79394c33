//! One run as a resumable job: [`Job::new`] plans it and computes the mean-field theory at once
//! ([`Stage::Theory`]); [`Job::advance`] then measures a few layers at a time, the forward pass
//! ([`Stage::Forward`]) and then the backward pass ([`Stage::Complete`]). The web worker runs a job in slices
//! and answers newer requests between them; [`super::simulate`] runs one to its end in one go. However a job
//! is sliced, its result is the same to the bit.

use super::arch::Running;
use super::config::Config;
use super::deferred::DeferredWeightGrad;
use super::network::{draw_ends, Advance, Pass};
use super::plan::Plan;
use super::result::{finish, SimOptions, SimResult};
use super::theory::Theory;

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

/// One run in progress (see the module's documentation).
pub struct Job {
    config: Config,
    plan: Plan,
    theory: Option<Theory>,
    running: Box<dyn Running>,
    stage: Stage,
}

impl Job {
    /// Plan the run of `cfg` (which must be valid, [`Config::validate`]) and compute its theory; nothing is
    /// measured yet. `budget` bounds the bytes of kept per-layer buffers (see [`super::MEMORY_BUDGET`]).
    pub fn new(cfg: &Config, opts: &SimOptions, budget: usize) -> Job {
        super::kept::begin_run();
        let plan = Plan::new(cfg);
        let batch = cfg.batch;
        let [input, output_grad] = draw_ends(
            plan.seed,
            batch * plan.positions,
            plan.input_width,
            plan.output_width(),
        );
        let pass = Pass {
            input,
            output_grad,
            histogram_layers: &opts.histogram_layers,
            batch,
            segment: plan.depth(),
            jacobian: opts.jacobian && cfg.arch.model().jacobian_unavailable(cfg).is_none(),
            weight_grads: !opts.without_weight_grads,
        };
        let dynamics = cfg.arch.dynamics();
        let running = dynamics.start(cfg, &plan, pass, budget);
        Job {
            config: cfg.clone(),
            theory: dynamics.theory(cfg, &plan),
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
        let stage = match self.running.advance(budget, progress) {
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
        self.running.defer_weight_grads()
    }

    /// The weight products handed out since the last call (none unless deferring).
    pub fn take_deferred(&mut self) -> Vec<DeferredWeightGrad> {
        self.running.take_deferred()
    }

    /// Var(∂L/∂W) of `layer` (1-based), computed elsewhere.
    pub fn set_weight_grad_var(&mut self, layer: usize, var: f64) {
        self.running.set_weight_grad_var(layer, var);
    }

    /// The result so far: statistics not yet measured are NaN, and the verdict is only meaningful at
    /// [`Stage::Complete`] (the Jacobian's spectrum, too, is computed only then, by [`Job::into_result`]).
    pub fn snapshot(&self) -> SimResult {
        let mut partial = self.running.measured().clone();
        partial.jacobian = None;
        finish(&self.config, &self.plan, self.theory.clone(), partial)
    }

    /// The finished result; a job not yet [`Stage::Complete`] is first run to its end.
    pub fn into_result(mut self, progress: &mut dyn FnMut(f64)) -> SimResult {
        while self.stage < Stage::Complete {
            self.advance(usize::MAX, progress);
        }
        finish(
            &self.config,
            &self.plan,
            self.theory,
            self.running.into_measured(),
        )
    }
}
