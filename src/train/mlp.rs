//! The race's network in f32 with softmax cross-entropy: a plain stack (mlp) or pre-norm residual blocks, with
//! or without batch/layer normalization (the passes are in [`super::passes`]). Every dense layer's initial
//! weights come from the same (seed, layer) streams as the Lab's, so two networks that differ only in their
//! initializer see the same random numbers.

use super::batch_stats::{BnStats, Stats};
use crate::engine::arch::Arch;
use crate::engine::dense::BiasInit;
pub use crate::engine::dense::Dense;
use crate::engine::distribution::Distribution;
use crate::engine::norm::Norm;
use crate::engine::rng::Stream;
use crate::engine::{InitSpec, Nonlinearity};

/// The network's architecture: what [`Mlp::build`] needs besides the initializer and the activation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NetShape {
    /// Plain stack or residual blocks (the race does not train recurrent nets).
    pub arch: Arch,
    /// The normalization: before each hidden activation (mlp) or at the start of each block (residual).
    pub norm: Norm,
    /// Hidden layers (mlp) or blocks (residual).
    pub depth: usize,
    /// Units per hidden layer, or the residual stream's width.
    pub width: usize,
    /// α, the residual branch's scale.
    pub branch_scale: f64,
    /// Residual blocks' second matrix W_{l,2} starts at 0 (the network starts as input layer → output layer).
    pub zero_init_last: bool,
}

impl NetShape {
    /// A plain stack without normalization.
    pub fn mlp(depth: usize, width: usize) -> NetShape {
        NetShape {
            arch: Arch::Mlp,
            norm: Norm::None,
            depth,
            width,
            branch_scale: 1.0,
            zero_init_last: false,
        }
    }
}

/// The network. `layers` holds every dense layer in order: for an mlp the `depth` hidden layers then the
/// output layer; for a residual net the input layer (2 → width), then W_{l,1}, W_{l,2} of each block, then the
/// output layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    /// Every dense layer, in order.
    pub layers: Vec<Dense>,
    /// The hidden activation.
    pub phi: Nonlinearity,
    /// Plain stack or residual blocks.
    pub arch: Arch,
    /// The normalization.
    pub norm: Norm,
    /// α, the residual branch's scale (f32, as the stream is).
    pub alpha: f32,
}

/// Gradients of the loss for every layer, and their norms.
#[derive(Clone, Debug, PartialEq)]
pub struct Grads {
    /// ∂L/∂W per layer.
    pub w: Vec<Vec<f32>>,
    /// ∂L/∂b per layer.
    pub b: Vec<Vec<f32>>,
}

impl Grads {
    /// ‖∂L/∂W_l‖ (Frobenius, in f64) per layer.
    pub fn norms(&self) -> Vec<f64> {
        self.w
            .iter()
            .map(|g| {
                g.iter()
                    .map(|&x| (x as f64) * (x as f64))
                    .sum::<f64>()
                    .sqrt()
            })
            .collect()
    }
}

impl Mlp {
    /// A freshly initialized plain stack without normalization, with inputs of dimension `inputs`.
    pub fn new(
        spec: &InitSpec,
        phi: Nonlinearity,
        depth: usize,
        width: usize,
        inputs: usize,
        classes: usize,
        seed: u64,
    ) -> Mlp {
        Mlp::build(
            spec,
            phi,
            &NetShape::mlp(depth, width),
            (inputs, classes),
            seed,
        )
    }

    /// A freshly initialized network of any shape. Streams: an mlp's layer l (1-based, the output layer
    /// depth + 1) draws from (seed, l) as in the Lab; a residual net's input layer from (seed, 0), block l's
    /// matrices from the Lab's residual streams for block l, its output layer from (seed, depth + 1).
    /// Biases start at zero.
    pub fn build(
        spec: &InitSpec,
        phi: Nonlinearity,
        shape: &NetShape,
        (inputs, classes): (usize, usize),
        seed: u64,
    ) -> Mlp {
        let (depth, width) = (shape.depth, shape.width);
        let dense = |dist: &Distribution, fans: (usize, usize), streams: [Stream; 2]| {
            Dense::sample_from(dist, fans, seed, streams, BiasInit::Zeros)
        };
        let plain = |fan_in: usize, fan_out: usize, l: usize| {
            let dist = spec.distribution(fan_in, fan_out);
            dense(
                &dist,
                (fan_in, fan_out),
                [Stream::Weights(l), Stream::Bias(l)],
            )
        };
        let mut layers = Vec::new();
        if shape.arch != Arch::Residual {
            for l in 1..=depth + 1 {
                let fan_in = if l == 1 { inputs } else { width };
                let fan_out = if l == depth + 1 { classes } else { width };
                layers.push(plain(fan_in, fan_out, l));
            }
        } else {
            layers.push(plain(inputs, width, 0));
            let second = if shape.zero_init_last {
                Distribution::Constant(0.0)
            } else {
                spec.distribution(width, width)
            };
            for l in 1..=depth {
                layers.push(plain(width, width, l));
                layers.push(dense(
                    &second,
                    (width, width),
                    [Stream::BranchWeights(l), Stream::BranchBias(l)],
                ));
            }
            layers.push(plain(width, classes, depth + 1));
        }
        Mlp {
            layers,
            phi,
            arch: shape.arch,
            norm: shape.norm,
            alpha: shape.branch_scale as f32,
        }
    }

    /// The number of classes.
    fn classes(&self) -> usize {
        self.layers.last().map_or(1, |l| l.fan_out)
    }

    /// Class probabilities (softmax of the logits), row-major n × classes, batch norm using the statistics of
    /// these rows.
    pub fn predict(&self, x: &[f32], n: usize) -> Vec<f32> {
        self.predict_with(x, n, &[])
    }

    /// Class probabilities with batch norm's statistics fixed to `stats` (one per site, from
    /// [`Mlp::evaluate_train`]); with none, from the rows themselves.
    pub fn predict_with(&self, x: &[f32], n: usize, stats: &[BnStats]) -> Vec<f32> {
        let mode = if stats.is_empty() {
            Stats::Batch
        } else {
            Stats::Fixed(stats)
        };
        let mut p = self.trace(x, n, mode, false).logits;
        for row in p.chunks_exact_mut(self.classes()) {
            softmax(row);
        }
        p
    }

    /// Mean cross-entropy and accuracy on a labelled set (batch norm with the set's own statistics).
    pub fn evaluate(&self, x: &[f32], y: &[usize]) -> (f64, f64) {
        self.evaluate_with(x, y, &[])
    }

    /// Mean cross-entropy and accuracy with batch norm's statistics fixed to `stats` (none: the set's own).
    pub fn evaluate_with(&self, x: &[f32], y: &[usize], stats: &[BnStats]) -> (f64, f64) {
        score(&self.predict_with(x, y.len(), stats), self.classes(), y)
    }

    /// Loss and accuracy on the training set in one batch-mode pass over it, and batch norm's statistics
    /// there (one per site; empty without batch norm) — what the test set and the grid are normalized with.
    pub fn evaluate_train(&self, x: &[f32], y: &[usize]) -> (f64, f64, Vec<BnStats>) {
        let t = self.trace(x, y.len(), Stats::Batch, true);
        let mut p = t.logits;
        for row in p.chunks_exact_mut(self.classes()) {
            softmax(row);
        }
        let (loss, acc) = score(&p, self.classes(), y);
        (loss, acc, t.stats)
    }

    /// Batch norm's statistics on a set (the training set), empty without batch norm.
    pub fn set_stats(&self, x: &[f32], n: usize) -> Vec<BnStats> {
        if self.norm != Norm::Batch {
            return Vec::new();
        }
        self.trace(x, n, Stats::Batch, true).stats
    }

    /// The residual stream x_L (or an mlp's last hidden activations) for `n` rows: what the output layer reads.
    pub fn features(&self, x: &[f32], n: usize) -> Vec<f32> {
        self.trace(x, n, Stats::Batch, false)
            .inputs
            .pop()
            .unwrap_or_default()
    }

    /// Loss on a minibatch and the gradients of every layer (batch norm with the minibatch's statistics).
    pub fn gradients(&self, x: &[f32], y: &[usize]) -> (f64, Grads) {
        let n = y.len();
        let t = self.trace(x, n, Stats::Batch, false);
        let c = self.classes();
        let mut g = t.logits.clone();
        let mut loss = 0.0f64;
        for (row, &label) in g.chunks_exact_mut(c).zip(y) {
            softmax(row);
            loss -= libm::log(row[label].max(f32::MIN_POSITIVE) as f64);
            row[label] -= 1.0;
            row.iter_mut().for_each(|v| *v /= n as f32);
        }
        let (w, b) = self.backward(&t, g, n);
        (loss / n as f64, Grads { w, b })
    }
}

/// Mean cross-entropy and accuracy of probabilities `p` (rows × c) against labels `y`.
fn score(p: &[f32], c: usize, y: &[usize]) -> (f64, f64) {
    let n = y.len();
    let mut loss = 0.0;
    let mut right = 0;
    for (row, &label) in p.chunks_exact(c).zip(y) {
        loss -= libm::log(row[label].max(f32::MIN_POSITIVE) as f64);
        let best = row
            .iter()
            .enumerate()
            .fold(0, |b, (i, &v)| if v > row[b] { i } else { b });
        right += (best == label) as usize;
    }
    (loss / n as f64, right as f64 / n as f64)
}

/// In-place softmax of one row, stable for large logits.
fn softmax(row: &mut [f32]) {
    let m = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = libm::expf(*v - m);
        sum += *v;
    }
    row.iter_mut().for_each(|v| *v /= sum);
}
