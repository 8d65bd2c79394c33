//! A small multilayer perceptron in f32 with softmax cross-entropy: forward, backward, SGD with momentum and
//! Adam. Layer l's initial weights come from the same (seed, l) streams as the Lab's, so two networks that
//! differ only in their initializer see the same random numbers.

use crate::engine::dense::BiasInit;
pub use crate::engine::dense::Dense;
use crate::engine::{InitSpec, Nonlinearity};
use std::fmt;
use std::str::FromStr;

/// The network: `depth` hidden layers of `width` units with activation φ, then a linear layer to the classes.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    /// Hidden layers then the output layer.
    pub layers: Vec<Dense>,
    /// The hidden activation.
    pub phi: Nonlinearity,
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
    /// A freshly initialized network with inputs of dimension `inputs`.
    pub fn new(
        spec: &InitSpec,
        phi: Nonlinearity,
        depth: usize,
        width: usize,
        inputs: usize,
        classes: usize,
        seed: u64,
    ) -> Mlp {
        let mut layers = Vec::with_capacity(depth + 1);
        for l in 1..=depth + 1 {
            let fan_in = if l == 1 { inputs } else { width };
            let fan_out = if l == depth + 1 { classes } else { width };
            let dist = spec.distribution(fan_in, fan_out);
            layers.push(Dense::sample(
                &dist,
                fan_in,
                fan_out,
                seed,
                l,
                BiasInit::Zeros,
            ));
        }
        Mlp { layers, phi }
    }

    /// Pre-activations of every layer (the last one: the logits) for `n` rows of `x`.
    fn forward(&self, x: &[f32], n: usize) -> Vec<Vec<f32>> {
        let mut hs: Vec<Vec<f32>> = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.iter().enumerate() {
            let a: Vec<f32> = if l == 0 {
                x.to_vec()
            } else {
                hs[l - 1].iter().map(|&h| self.phi.value(h)).collect()
            };
            hs.push(layer.forward(&a, n));
        }
        hs
    }

    /// Class probabilities (softmax of the logits), row-major n × classes.
    pub fn predict(&self, x: &[f32], n: usize) -> Vec<f32> {
        let logits = self.forward(x, n).pop().unwrap_or_default();
        let c = self.layers.last().map_or(1, |l| l.fan_out);
        let mut p = logits;
        for row in p.chunks_exact_mut(c) {
            softmax(row);
        }
        p
    }

    /// Mean cross-entropy and accuracy on a labelled set.
    pub fn evaluate(&self, x: &[f32], y: &[usize]) -> (f64, f64) {
        let n = y.len();
        let c = self.layers.last().map_or(1, |l| l.fan_out);
        let p = self.predict(x, n);
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

    /// Loss on a minibatch and the gradients of every layer.
    pub fn gradients(&self, x: &[f32], y: &[usize]) -> (f64, Grads) {
        let n = y.len();
        let hs = self.forward(x, n);
        let last = self.layers.len() - 1;
        let c = self.layers[last].fan_out;
        let mut g = hs[last].clone();
        let mut loss = 0.0f64;
        for (row, &label) in g.chunks_exact_mut(c).zip(y) {
            softmax(row);
            loss -= libm::log(row[label].max(f32::MIN_POSITIVE) as f64);
            row[label] -= 1.0;
            row.iter_mut().for_each(|v| *v /= n as f32);
        }
        let mut gw = vec![Vec::new(); self.layers.len()];
        let mut gb = vec![Vec::new(); self.layers.len()];
        for l in (0..=last).rev() {
            let layer = &self.layers[l];
            let a: Vec<f32> = if l == 0 {
                x.to_vec()
            } else {
                hs[l - 1].iter().map(|&h| self.phi.value(h)).collect()
            };
            gw[l] = layer.weight_grad(&a, &g, n);
            gb[l] = layer.bias_grad(&g);
            if l > 0 {
                g = layer
                    .input_grad(&g, n)
                    .iter()
                    .zip(&hs[l - 1])
                    .map(|(&v, &h)| v * self.phi.derivative(h))
                    .collect();
            }
        }
        (loss / n as f64, Grads { w: gw, b: gb })
    }
}

/// aⁿ by binary exponentiation, in f32 — the algorithm of `f32::powi`'s runtime routine, written out so that
/// every platform performs the same multiplications (`powi` itself is not guaranteed to).
fn powi(mut a: f32, n: i32) -> f32 {
    let mut k = n.unsigned_abs();
    let mut acc = 1.0f32;
    loop {
        if k & 1 != 0 {
            acc *= a;
        }
        k >>= 1;
        if k == 0 {
            break;
        }
        a *= a;
    }
    if n < 0 {
        1.0 / acc
    } else {
        acc
    }
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

/// The optimizers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Optimizer {
    /// SGD with momentum 0.9 (PyTorch `SGD(momentum=0.9)`).
    Sgd,
    /// Adam, β = (0.9, 0.999), ε = 10⁻⁸ (Kingma & Ba 2015).
    Adam,
}

impl Optimizer {
    /// The id.
    pub fn id(self) -> &'static str {
        match self {
            Optimizer::Sgd => "sgd",
            Optimizer::Adam => "adam",
        }
    }
}

impl fmt::Display for Optimizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Optimizer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sgd" => Ok(Optimizer::Sgd),
            "adam" => Ok(Optimizer::Adam),
            _ => Err(format!("unknown optimizer '{s}'")),
        }
    }
}

/// An optimizer's state for one network.
#[derive(Clone, Debug, PartialEq)]
pub struct OptState {
    kind: Optimizer,
    lr: f32,
    t: i32,
    m: Vec<Vec<f32>>,
    v: Vec<Vec<f32>>,
}

impl OptState {
    /// Fresh state for `net` (one slot per weight and bias vector).
    pub fn new(kind: Optimizer, lr: f64, net: &Mlp) -> OptState {
        let shapes: Vec<usize> = net
            .layers
            .iter()
            .flat_map(|l| [l.w.len(), l.b.len()])
            .collect();
        OptState {
            kind,
            lr: lr as f32,
            t: 0,
            m: shapes.iter().map(|&n| vec![0.0; n]).collect(),
            v: shapes.iter().map(|&n| vec![0.0; n]).collect(),
        }
    }

    /// Apply one update.
    pub fn step(&mut self, net: &mut Mlp, grads: &Grads) {
        self.t += 1;
        let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
        let (c1, c2) = (1.0 - powi(b1, self.t), 1.0 - powi(b2, self.t));
        let params = net.layers.iter_mut().flat_map(|l| [&mut l.w, &mut l.b]);
        let gs = grads.w.iter().zip(&grads.b).flat_map(|(w, b)| [w, b]);
        for (((p, g), m), v) in params.zip(gs).zip(&mut self.m).zip(&mut self.v) {
            for i in 0..p.len() {
                match self.kind {
                    Optimizer::Sgd => {
                        m[i] = 0.9 * m[i] + g[i];
                        p[i] -= self.lr * m[i];
                    }
                    Optimizer::Adam => {
                        m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                        v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                        p[i] -= self.lr * (m[i] / c1) / ((v[i] / c2).sqrt() + eps);
                    }
                }
            }
        }
    }
}
