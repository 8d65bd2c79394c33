//! A race: the same network trained from up to four initializers on the same data, the same minibatch order and
//! the same optimizer, step by step, with loss, accuracy and per-layer gradient norms recorded.

use super::data::{generate, Data, Dataset};
use super::mlp::{Mlp, NetShape};
use super::optim::{OptState, Optimizer};
use crate::engine::arch::Arch;
use crate::engine::norm::Norm;
use crate::engine::rng::splitmix64;
use crate::engine::{Activation, InitSpec, Nonlinearity};
use std::ops::RangeInclusive;

/// Allowed depths (hidden layers).
pub const DEPTH: RangeInclusive<usize> = 2..=20;
/// Allowed widths.
pub const WIDTH: RangeInclusive<usize> = 8..=128;
/// Allowed learning rates.
pub const LR: RangeInclusive<f64> = 1e-6..=10.0;
/// Allowed minibatch sizes.
pub const BATCH: RangeInclusive<usize> = 1..=300;
/// Allowed step counts (CLI).
pub const STEPS: RangeInclusive<usize> = 1..=100_000;
/// The race pauses itself here.
pub const MAX_STEPS: usize = 5000;
/// Most initializers in one race.
pub const MAX_RACERS: usize = 4;

/// Everything that determines a race.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// The initializers racing (1 to 4).
    pub inits: Vec<InitSpec>,
    /// The hidden activation.
    pub activation: Activation,
    /// Hidden layers.
    pub depth: usize,
    /// Units per hidden layer.
    pub width: usize,
    /// The task.
    pub dataset: Dataset,
    /// The optimizer.
    pub optimizer: Optimizer,
    /// The learning rate.
    pub lr: f64,
    /// Minibatch size.
    pub batch: usize,
    /// Steps to train (the CLI's; the page trains until paused).
    pub steps: usize,
    /// Seed of the data, the minibatch order and the weights.
    pub seed: u64,
    /// Plain stack (mlp) or residual blocks.
    pub arch: Arch,
    /// The normalization (none, batch, layer).
    pub norm: Norm,
    /// α, the residual branch's scale.
    pub branch_scale: f64,
    /// Residual blocks' second matrix starts at 0.
    pub zero_init_last: bool,
}

impl TrainConfig {
    /// The networks' shape.
    pub fn shape(&self) -> NetShape {
        NetShape {
            arch: self.arch,
            norm: self.norm,
            depth: self.depth,
            width: self.width,
            branch_scale: self.branch_scale,
            zero_init_last: self.zero_init_last,
        }
    }
}

impl Default for TrainConfig {
    fn default() -> Self {
        let normal = InitSpec {
            scale: 1.0,
            ..InitSpec::new(crate::engine::Initializer::Normal)
        };
        TrainConfig {
            inits: vec![
                InitSpec::new(crate::engine::Initializer::HeNormal),
                InitSpec::new(crate::engine::Initializer::XavierNormal),
                normal,
                InitSpec::new(crate::engine::Initializer::Zero),
            ],
            activation: Activation::Relu,
            depth: 10,
            width: 32,
            dataset: Dataset::Spirals,
            optimizer: Optimizer::Adam,
            lr: 0.005,
            batch: 32,
            steps: 600,
            seed: 1,
            arch: Arch::Mlp,
            norm: Norm::None,
            branch_scale: 1.0,
            zero_init_last: false,
        }
    }
}

/// A short label for an initializer with its parameters ("normal σ=1", "he-normal").
pub fn init_label(spec: &InitSpec) -> String {
    let mut s = spec.kind.id().to_string();
    if let Some(name) = spec.kind.scale_name() {
        s.push_str(&format!(" {name}={}", spec.scale));
    }
    if let Some(g) = spec.gain.filter(|_| spec.kind.takes_gain()) {
        s.push_str(&format!(" gain={g}"));
    }
    s
}

/// One recorded point of a racer's curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record {
    /// Steps taken.
    pub step: usize,
    /// Mean cross-entropy on the training set.
    pub loss: f64,
    /// Accuracy on the training set.
    pub train_acc: f64,
    /// Accuracy on the test set.
    pub test_acc: f64,
}

/// One network in the race.
#[derive(Clone, Debug, PartialEq)]
pub struct Racer {
    /// Its initializer.
    pub init: InitSpec,
    /// The network.
    pub net: Mlp,
    opt: OptState,
    /// Recorded points.
    pub history: Vec<Record>,
    /// ‖∂L/∂W_l‖ per layer at each recorded step (same length as `history`, step 0 excluded: empty).
    pub grad_norms: Vec<Vec<f64>>,
    /// The step at which the loss or the weights became non-finite (the history's last entry, with NaN).
    pub diverged_at: Option<usize>,
    last_norms: Vec<f64>,
}

impl Racer {
    /// One optimizer step on a minibatch; a non-finite loss, gradient or weight ends the run.
    fn train(&mut self, x: &[f32], y: &[usize], step: usize) {
        if self.diverged_at.is_some() {
            return;
        }
        let (loss, grads) = self.net.gradients(x, y);
        self.last_norms = grads.norms();
        if !loss.is_finite() || self.last_norms.iter().any(|g| !g.is_finite()) {
            self.diverge(step);
            return;
        }
        self.opt.step(&mut self.net, &grads);
        if self
            .net
            .layers
            .iter()
            .any(|l| l.w.iter().any(|w| !w.is_finite()))
        {
            self.diverge(step);
        }
    }

    /// End the run at `step`: the history gets a last entry there, with no finite loss or accuracy (NaN), so
    /// the curves and the CLI's output reach the step where it diverged.
    fn diverge(&mut self, step: usize) {
        self.diverged_at = Some(step);
        self.history.push(Record {
            step,
            loss: f64::NAN,
            train_acc: f64::NAN,
            test_acc: f64::NAN,
        });
        self.grad_norms.push(self.last_norms.clone());
    }

    /// Evaluate on the full training and test sets and append a record. Batch norm uses the training set's
    /// statistics for both (see [`super::passes`]).
    fn record(&mut self, data: &Data, step: usize) {
        if self.diverged_at.is_some() {
            return;
        }
        let (loss, train_acc, stats) = self.net.evaluate_train(&data.train_x, &data.train_y);
        let (_, test_acc) = self.net.evaluate_with(&data.test_x, &data.test_y, &stats);
        if !loss.is_finite() {
            self.diverge(step.max(1));
            return;
        }
        self.history.push(Record {
            step,
            loss,
            train_acc,
            test_acc,
        });
        self.grad_norms.push(self.last_norms.clone());
    }
}

/// The race.
#[derive(Clone, Debug, PartialEq)]
pub struct Race {
    /// Its settings.
    pub config: TrainConfig,
    /// The task.
    pub data: Data,
    /// The networks.
    pub racers: Vec<Racer>,
    /// Steps taken.
    pub step: usize,
    order: Vec<usize>,
    cursor: usize,
    epoch: u64,
    /// A step in progress under [`Race::advance`]: its minibatch and the next network to train.
    pending: Option<(Vec<f32>, Vec<usize>, usize)>,
    /// A record in progress under [`Race::advance`]: the next network to evaluate.
    recording: Option<usize>,
}

impl Race {
    /// Set up: generate the data and initialize every network; record step 0.
    pub fn new(config: TrainConfig) -> Race {
        let data = generate(config.dataset, config.seed);
        let phi = Nonlinearity::new(config.activation, config.activation.default_slope());
        let racers = config
            .inits
            .iter()
            .map(|spec| {
                let net = Mlp::build(spec, phi, &config.shape(), (2, data.classes), config.seed);
                let opt = OptState::new(config.optimizer, config.lr, &net);
                let depth = net.layers.len();
                Racer {
                    init: *spec,
                    net,
                    opt,
                    history: Vec::new(),
                    grad_norms: Vec::new(),
                    diverged_at: None,
                    last_norms: vec![0.0; depth],
                }
            })
            .collect();
        let n = data.train_y.len();
        let mut race = Race {
            config,
            data,
            racers,
            step: 0,
            order: (0..n).collect(),
            cursor: n,
            epoch: 0,
            pending: None,
            recording: None,
        };
        race.record();
        race
    }

    /// The next minibatch's indices: the training set reshuffled each epoch (Fisher–Yates on SplitMix64).
    fn next_batch(&mut self) -> Vec<usize> {
        let n = self.order.len();
        let b = self.config.batch.min(n);
        if self.cursor + b > n {
            self.epoch += 1;
            let mut s = splitmix64(self.config.seed ^ (self.epoch << 32) ^ 0xBA7C);
            for i in (1..n).rev() {
                s = splitmix64(s);
                self.order.swap(i, (s % (i as u64 + 1)) as usize);
            }
            self.cursor = 0;
        }
        let idx = self.order[self.cursor..self.cursor + b].to_vec();
        self.cursor += b;
        idx
    }

    /// The next minibatch as inputs and labels.
    fn batch_xy(&mut self) -> (Vec<f32>, Vec<usize>) {
        let idx = self.next_batch();
        let x = idx
            .iter()
            .flat_map(|&i| [self.data.train_x[2 * i], self.data.train_x[2 * i + 1]])
            .collect();
        let y = idx.iter().map(|&i| self.data.train_y[i]).collect();
        (x, y)
    }

    /// Train every network one step on the same minibatch.
    pub fn step(&mut self) {
        let (x, y) = self.batch_xy();
        self.step += 1;
        for r in self.racers.iter_mut() {
            r.train(&x, &y, self.step);
        }
    }

    /// Record every live network's full-set loss and accuracies at the current step.
    pub fn record(&mut self) {
        for r in self.racers.iter_mut() {
            r.record(&self.data, self.step);
        }
    }

    /// One unit of work — one network's step on the current minibatch, or one network's evaluation when a
    /// record is due every `every` steps — so a page can interleave training with drawing in short slices.
    /// Returns true when a whole step (and its record, if due) is complete. Same results as [`Race::step`].
    pub fn advance(&mut self, every: usize) -> bool {
        if let Some(i) = self.recording {
            if let Some(r) = self.racers.get_mut(i) {
                r.record(&self.data, self.step);
                self.recording = Some(i + 1);
                return false;
            }
            self.recording = None;
            return true;
        }
        let (x, y, i) = match self.pending.take() {
            Some(p) => p,
            None => {
                let (x, y) = self.batch_xy();
                self.step += 1;
                (x, y, 0)
            }
        };
        if let Some(r) = self.racers.get_mut(i) {
            r.train(&x, &y, self.step);
            self.pending = Some((x, y, i + 1));
            return false;
        }
        if self.step.is_multiple_of(every.max(1)) {
            self.recording = Some(0);
            return false;
        }
        true
    }

    /// Whether no step or record is half-done under [`Race::advance`].
    pub fn at_step_boundary(&self) -> bool {
        self.pending.is_none() && self.recording.is_none()
    }

    /// Run `steps` steps, recording every `every` steps (and at the end).
    pub fn run(&mut self, steps: usize, every: usize) {
        for _ in 0..steps {
            self.step();
            if self.step.is_multiple_of(every.max(1)) {
                self.record();
            }
        }
        if !self.step.is_multiple_of(every.max(1)) {
            self.record();
        }
    }
}
