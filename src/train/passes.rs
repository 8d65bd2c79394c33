//! The forward and backward passes of the race's two architectures, with the Lab engine's definitions
//! ([`crate::engine::step`], [`crate::engine::residual`], [`crate::engine::norm`]):
//!
//! - **mlp**: z_l = a_{l−1}W_l + b_l, n_l = Norm(z_l), a_l = φ(n_l) for the `depth` hidden layers (a_0 = the
//!   2-D input), then the logits a_L·W_out + b_out.
//! - **residual** (pre-norm): the 2-D input first goes through a dense input layer to the width with no
//!   activation, x_0 = input·W_in + b_in; then `depth` blocks u = Norm(x_{l−1}), h_l = u·W_{l,1} + b,
//!   a_l = φ(h_l), x_l = x_{l−1} + α·(a_l·W_{l,2} + b); then the logits x_L·W_out + b_out.
//!
//! The backward pass goes through the normalization's statistics ([`norm::backward`]). Without normalization
//! the mlp's operations are exactly those of the race before architectures existed (same results, bit for bit).
//!
//! Batch norm in training uses the minibatch's statistics. Evaluation (the full training and test sets, the
//! decision-boundary grid) uses the statistics of the full **training set** at the current weights — what
//! PyTorch's running averages estimate in eval mode, computed exactly instead of averaged over past batches:
//! the training set's loss and accuracy are those of one batch-mode pass over it, and the test points and
//! the grid are then normalized with its per-unit means and scales, so no test point influences another.

use super::batch_stats::{BnStats, Stats};
use super::mlp::Mlp;
use crate::engine::arch::Arch;
use crate::engine::norm::{self, Norm};

/// What a forward pass keeps for the backward pass.
pub(super) struct Trace {
    /// The input of every dense layer, in the order of `Mlp::layers` (for a residual block's first matrix that
    /// is u = Norm(x), for its second a = φ(h)).
    pub inputs: Vec<Vec<f32>>,
    /// The input of φ per hidden layer (mlp: n_l) or block (residual: h_l).
    pub pre: Vec<Vec<f32>>,
    /// 1/√(σ² + ε) per normalization group, per site (empty without normalization).
    pub inv_std: Vec<Vec<f32>>,
    /// Batch norm's statistics per site, when asked to collect them.
    pub stats: Vec<BnStats>,
    /// The logits, rows × classes.
    pub logits: Vec<f32>,
}

/// The per-unit mean of z (rows × cols), accumulated in f64 as [`norm::forward`] does.
fn unit_means(z: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    (0..cols)
        .map(|j| ((0..rows).map(|k| z[k * cols + j] as f64).sum::<f64>() / rows as f64) as f32)
        .collect()
}

impl Mlp {
    /// Normalize z at `site`: (n, inv_std), collecting batch norm's statistics when `collect` is given.
    fn normalize(
        &self,
        z: Vec<f32>,
        (rows, cols): (usize, usize),
        (stats, site): (Stats<'_>, usize),
        collect: Option<&mut Vec<BnStats>>,
    ) -> (Vec<f32>, Vec<f32>) {
        match (self.norm, stats) {
            (Norm::None, _) => (z, Vec::new()),
            (Norm::Batch, Stats::Fixed(all)) => {
                let Some(s) = all.get(site) else {
                    let out = norm::forward(Norm::Batch, &z, rows, cols);
                    return (out.n, out.inv_std);
                };
                let n = z
                    .chunks_exact(cols)
                    .flat_map(|row| {
                        row.iter()
                            .zip(s.mean.iter().zip(&s.inv_std))
                            .map(|(&z, (&m, &k))| (z - m) * k)
                    })
                    .collect();
                (n, s.inv_std.clone())
            }
            (Norm::Batch | Norm::Layer, _) => {
                let out = norm::forward(self.norm, &z, rows, cols);
                if let (Some(c), Norm::Batch) = (collect, self.norm) {
                    c.push(BnStats {
                        mean: unit_means(&z, rows, cols),
                        inv_std: out.inv_std.clone(),
                    });
                }
                (out.n, out.inv_std)
            }
        }
    }

    /// The forward pass on `rows` rows of `x`.
    pub(super) fn trace(&self, x: &[f32], rows: usize, stats: Stats<'_>, collect: bool) -> Trace {
        let mut t = Trace {
            inputs: Vec::with_capacity(self.layers.len()),
            pre: Vec::new(),
            inv_std: Vec::new(),
            stats: Vec::new(),
            logits: Vec::new(),
        };
        let Some((out, body)) = self.layers.split_last() else {
            return t;
        };
        let mut a = x.to_vec();
        if self.arch != Arch::Residual {
            for (site, layer) in body.iter().enumerate() {
                let z = layer.forward(&a, rows);
                let c = collect.then_some(&mut t.stats);
                let (n, inv) = self.normalize(z, (rows, layer.fan_out), (stats, site), c);
                let next = n.iter().map(|&v| self.phi.value(v)).collect();
                t.inputs.push(std::mem::replace(&mut a, next));
                t.pre.push(n);
                t.inv_std.push(inv);
            }
        } else {
            let Some((input, blocks)) = body.split_first() else {
                return t;
            };
            let mut xs = input.forward(&a, rows);
            t.inputs.push(a);
            for (site, pair) in blocks.chunks_exact(2).enumerate() {
                let (w1, w2) = (&pair[0], &pair[1]);
                let width = w1.fan_in;
                let c = collect.then_some(&mut t.stats);
                let (u, inv) = self.normalize(xs.clone(), (rows, width), (stats, site), c);
                let h = w1.forward(&u, rows);
                let act: Vec<f32> = h.iter().map(|&v| self.phi.value(v)).collect();
                let y = w2.forward(&act, rows);
                xs.iter_mut()
                    .zip(&y)
                    .for_each(|(x, &y)| *x += self.alpha * y);
                t.inputs.push(u);
                t.inputs.push(act);
                t.pre.push(h);
                t.inv_std.push(inv);
            }
            a = xs;
        }
        t.logits = out.forward(&a, rows);
        t.inputs.push(a);
        t
    }

    /// ∂L/∂W and ∂L/∂b of every layer from ∂L/∂logits (`g`), through a batch-mode [`Trace`].
    pub(super) fn backward(
        &self,
        t: &Trace,
        mut g: Vec<f32>,
        rows: usize,
    ) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
        let n_layers = self.layers.len();
        let mut gw = vec![Vec::new(); n_layers];
        let mut gb = vec![Vec::new(); n_layers];
        let through_norm = |n: &[f32], inv: &[f32], g_n: &[f32], cols: usize| {
            norm::backward(self.norm, n, inv, g_n, rows, cols)
        };
        if self.arch != Arch::Residual {
            for l in (0..n_layers).rev() {
                let layer = &self.layers[l];
                gw[l] = layer.weight_grad(&t.inputs[l], &g, rows);
                gb[l] = layer.bias_grad(&g);
                if l > 0 {
                    let g_n: Vec<f32> = layer
                        .input_grad(&g, rows)
                        .iter()
                        .zip(&t.pre[l - 1])
                        .map(|(&v, &h)| v * self.phi.derivative(h))
                        .collect();
                    g = through_norm(&t.pre[l - 1], &t.inv_std[l - 1], &g_n, layer.fan_in);
                }
            }
        } else {
            let last = n_layers - 1;
            let out = &self.layers[last];
            gw[last] = out.weight_grad(&t.inputs[last], &g, rows);
            gb[last] = out.bias_grad(&g);
            let mut g_x = out.input_grad(&g, rows);
            for b in (0..t.pre.len()).rev() {
                let (i1, i2) = (1 + 2 * b, 2 + 2 * b);
                let (w1, w2) = (&self.layers[i1], &self.layers[i2]);
                let g_y: Vec<f32> = g_x.iter().map(|&g| self.alpha * g).collect();
                gw[i2] = w2.weight_grad(&t.inputs[i2], &g_y, rows);
                gb[i2] = w2.bias_grad(&g_y);
                let g_h: Vec<f32> = w2
                    .input_grad(&g_y, rows)
                    .iter()
                    .zip(&t.pre[b])
                    .map(|(&v, &h)| v * self.phi.derivative(h))
                    .collect();
                gw[i1] = w1.weight_grad(&t.inputs[i1], &g_h, rows);
                gb[i1] = w1.bias_grad(&g_h);
                let g_u = w1.input_grad(&g_h, rows);
                let g_branch = through_norm(&t.inputs[i1], &t.inv_std[b], &g_u, w1.fan_in);
                g_x.iter_mut().zip(&g_branch).for_each(|(g, &b)| *g += b);
            }
            let input = &self.layers[0];
            gw[0] = input.weight_grad(&t.inputs[0], &g_x, rows);
            gb[0] = input.bias_grad(&g_x);
        }
        (gw, gb)
    }
}
