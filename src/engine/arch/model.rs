//! What an architecture answers ([`Architecture`]), and a run of its steps in progress ([`Running`]).

use super::knob::{Knob, Sizes};
use crate::engine::config::{Config, ConfigError};
use crate::engine::deferred::DeferredWeightGrad;
use crate::engine::network::{Advance, Measured, Measurement, Pass};
use crate::engine::nonlinearity::Nonlinearity;
use crate::engine::plan::{LayerPlan, Plan};
use crate::engine::recommend::{recommendation, Recommendation};
use crate::engine::rng::Stream;
use crate::engine::series::{Field, Series};
use crate::engine::stats::LayerStats;
use crate::engine::step::Step;
use crate::engine::theory::Theory;

/// What the verdict judges a run on: a forward and a backward per-layer field, and what the forward one is
/// called in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signal {
    /// Compared between the last and the first layer.
    pub forward: Field,
    /// Compared between the first and the last layer.
    pub backward: Field,
    /// "signal", "residual stream".
    pub noun: &'static str,
}

/// The pre-activations and their gradient: what a plain stack is judged on.
pub const PRE_ACTIVATION: Signal = Signal {
    forward: Field::PreVar,
    backward: Field::GradVar,
    noun: "signal",
};

/// One architecture: everything the driver, the theory, the verdict, the reports and the page need to know
/// about it. Implementations are unit structs in `src/engine/arch/`, registered in `registry.rs`.
pub trait Architecture: Sync {
    /// The kebab-case id (URL, CLI, select boxes).
    fn id(&self) -> &'static str;
    /// A human-readable name.
    fn label(&self) -> &'static str;
    /// What depth counts, plural ("layers").
    fn depth_noun(&self) -> &'static str;
    /// One step of depth, singular ("layer").
    fn unit(&self) -> &'static str;
    /// The architecture-specific settings it takes (the others are reported as of no effect).
    fn knobs(&self) -> &'static [Knob];
    /// The depth, width and batch it runs with unless told otherwise.
    fn sizes(&self) -> Sizes {
        Sizes::DENSE
    }
    /// Problems of `cfg` that only this architecture has (checked besides every setting's range).
    fn validate(&self, cfg: &Config) -> Vec<ConfigError> {
        let _ = cfg;
        Vec::new()
    }
    /// The per-layer plan of a valid `cfg` (its fans, distributions and biases).
    fn plan(&self, cfg: &Config) -> Plan;
    /// Why the input–output Jacobian of one example is not computed for `cfg`, or `None` when it is.
    fn jacobian_unavailable(&self, cfg: &Config) -> Option<String> {
        let _ = cfg;
        Some("the Jacobian is computed for mlp and conv only".into())
    }
    /// The multiply-adds of carrying the Jacobian through the whole run (the page computes it only below a
    /// budget): a dense stack's input width × width² × depth.
    fn jacobian_cost(&self, cfg: &Config) -> f64 {
        let (w, i) = (cfg.width as f64, cfg.input_width() as f64);
        i * w * w * cfg.depth as f64
    }
    /// The PyTorch module whose default initialization this architecture's layers have ("nn.Linear").
    fn torch_module(&self) -> &'static str {
        "nn.Linear"
    }
    /// How the layers' fans are counted, with the numbers of `cfg`, where it is not just the widths.
    fn fans_note(&self, cfg: &Config) -> Option<String> {
        let _ = cfg;
        None
    }
    /// The initializer to recommend for φ in this architecture.
    fn recommendation(&self, phi: &Nonlinearity) -> Recommendation {
        recommendation(phi)
    }
    /// Whether the verdict's advice about a plain stack applies (the activation's fixed point, PyTorch's
    /// default scale, the usual initializer for φ, and the page's one-click fix): not where the architecture's
    /// own settings decide (a transformer's LayerNorms and branch scales), which its notes discuss instead.
    fn stack_advice(&self) -> bool {
        true
    }
    /// Said after the activation in the recommendation (" in a recurrent net"), or "".
    fn recommendation_context(&self) -> &'static str {
        ""
    }
    /// Whether the forward signal adds up a fresh input at each step (so it may grow up to depth× by
    /// accumulation alone, which the verdict's grades forgive).
    fn sums_inputs(&self) -> bool {
        false
    }
    /// What the verdict judges.
    fn signal(&self) -> Signal {
        PRE_ACTIVATION
    }
    /// The verdict's sentences about this architecture (each starting with a space), or "".
    fn verdict_notes(
        &self,
        cfg: &Config,
        layers: &[LayerStats],
        theory: Option<&Theory>,
        unstable: bool,
    ) -> String {
        let _ = (cfg, layers, theory, unstable);
        String::new()
    }
    /// The per-layer fields a run reports, in the JSON's order.
    fn fields(&self) -> &'static [Field];
    /// The per-layer series its charts draw (with their panel, axis and theory).
    fn series(&self) -> &'static [Series];
}

/// What running an architecture takes: its steps, its theory and the layers a helper may draw. It is apart
/// from [`Architecture`] so that code which only describes architectures (the page's controls, charts and
/// verdict) does not link every architecture's simulation through the trait objects' tables.
pub trait Dynamics: Sync {
    /// Start measuring `plan` (of `cfg`): its steps, driven by a [`Measurement`] of `pass`. `budget` bounds
    /// the bytes of kept per-layer buffers (the architecture knows what one step keeps).
    fn start(&self, cfg: &Config, plan: &Plan, pass: Pass, budget: usize) -> Box<dyn Running>;
    /// The mean-field prediction, where one exists for this plan (of `cfg`).
    fn theory(&self, cfg: &Config, plan: &Plan) -> Option<Theory>;
    /// The dense layers a run draws one by one, in order, with their weight and bias streams — what a helper
    /// may draw ahead (`crate::engine::kept`); empty for an architecture that draws its own.
    fn draws(&self, plan: &Plan) -> Vec<(LayerPlan, [Stream; 2])> {
        let _ = plan;
        Vec::new()
    }
}

/// A run's steps and their measurement in progress, whatever the architecture.
pub trait Running {
    /// Measure at most `budget` more steps (see [`Measurement::advance`]).
    fn advance(&mut self, budget: usize, progress: &mut dyn FnMut(f64)) -> Advance;
    /// What has been measured so far.
    fn measured(&self) -> &Measured;
    /// The finished measurement.
    fn into_measured(self: Box<Self>) -> Measured;
    /// Leave Var(∂L/∂W) to be computed elsewhere where the steps allow it; whether this run does.
    fn defer_weight_grads(&mut self) -> bool;
    /// The weight products handed out since the last call.
    fn take_deferred(&mut self) -> Vec<DeferredWeightGrad>;
    /// Var(∂L/∂W) of `layer` (1-based), computed elsewhere.
    fn set_weight_grad_var(&mut self, layer: usize, var: f64);
}

/// A stack of steps of one kind and their [`Measurement`]: every architecture's [`Running`].
pub struct Stack<S: Step> {
    steps: Vec<S>,
    m: Measurement<S>,
    defers: bool,
}

impl<S: Step + 'static> Stack<S> {
    /// Measure `steps` over `pass`. `defers`: whether its steps can hand their weight products out
    /// ([`Step::backward_deferring`]).
    pub fn boxed(steps: Vec<S>, pass: Pass, defers: bool) -> Box<dyn Running> {
        let m = Measurement::new(steps.len(), pass);
        Box::new(Stack { steps, m, defers })
    }
}

impl<S: Step> Running for Stack<S> {
    fn advance(&mut self, budget: usize, progress: &mut dyn FnMut(f64)) -> Advance {
        self.m.advance(&self.steps, budget, progress)
    }

    fn measured(&self) -> &Measured {
        self.m.measured()
    }

    fn into_measured(self: Box<Self>) -> Measured {
        self.m.into_measured()
    }

    fn defer_weight_grads(&mut self) -> bool {
        let defers = self.defers && self.m.measured().weight_grads;
        if defers {
            self.m.defer_weight_grads();
        }
        defers
    }

    fn take_deferred(&mut self) -> Vec<DeferredWeightGrad> {
        self.m.take_deferred()
    }

    fn set_weight_grad_var(&mut self, layer: usize, var: f64) {
        self.m.set_weight_grad_var(layer, var);
    }
}
