//! The optimizers of the race: SGD with momentum and Adam, one state per network, updating every dense layer's
//! weights and biases in order.

use super::mlp::{Grads, Mlp};
use std::fmt;
use std::str::FromStr;

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
