//! The dense layer h = a·W + b (W row-major fan_in × fan_out), shared by the Lab's simulation and the
//! training race's MLP: sampling from the (seed, layer) streams, the forward product, and the two backward
//! products. All in f32 with the fixed-order kernels of [`super::linalg`], so results are bit-identical
//! natively and in WASM.

use super::distribution::Distribution;
use super::linalg::{matmul, matmul_at, matmul_bt};
use super::rng::{stream_rng, Stream};
use super::sample::{fill_normal, fill_uniform, fill_weights};

/// One dense layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Dense {
    /// Weights, row-major fan_in × fan_out.
    pub w: Vec<f32>,
    /// Biases, one per output; empty for a layer without biases (nothing is added).
    pub b: Vec<f32>,
    /// Inputs.
    pub fan_in: usize,
    /// Outputs.
    pub fan_out: usize,
}

/// How a layer's biases start.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BiasInit {
    /// No bias term at all (the Lab with σ_b = 0).
    None,
    /// Zeros (a trainable bias, as the race's MLP and PyTorch-style training set-ups have).
    Zeros,
    /// N(0, std²) from the layer's bias stream.
    Normal(f64),
    /// U(−bound, bound) from the layer's bias stream (PyTorch `nn.Linear`'s default).
    Uniform(f64),
}

impl BiasInit {
    /// The variance σ_b² of a bias.
    pub fn variance(self) -> f64 {
        match self {
            BiasInit::None | BiasInit::Zeros => 0.0,
            BiasInit::Normal(std) => std * std,
            BiasInit::Uniform(bound) => bound * bound / 3.0,
        }
    }
}

impl Dense {
    /// Layer `index`'s weights drawn from `dist` on the (seed, index) weight stream, and its biases.
    pub fn sample(
        dist: &Distribution,
        fan_in: usize,
        fan_out: usize,
        seed: u64,
        index: usize,
        bias: BiasInit,
    ) -> Dense {
        Dense::sample_from(
            dist,
            (fan_in, fan_out),
            seed,
            [Stream::Weights(index), Stream::Bias(index)],
            bias,
        )
    }

    /// Weights from `dist` on `streams[0]` and biases on `streams[1]` (a residual block's second matrix and an
    /// RNN's input kernel have streams of their own).
    pub fn sample_from(
        dist: &Distribution,
        (fan_in, fan_out): (usize, usize),
        seed: u64,
        [weight_stream, bias_stream]: [Stream; 2],
        bias: BiasInit,
    ) -> Dense {
        let mut w = vec![0.0f32; fan_in * fan_out];
        fill_weights(
            dist,
            fan_in,
            fan_out,
            &mut stream_rng(seed, weight_stream),
            &mut w,
        );
        Dense::with_weights(w, (fan_in, fan_out), seed, bias_stream, bias)
    }

    /// The layer with weights `w` (row-major fan_in × fan_out) and biases drawn as `bias` says on the
    /// (seed, `bias_stream`) stream.
    pub fn with_weights(
        w: Vec<f32>,
        (fan_in, fan_out): (usize, usize),
        seed: u64,
        bias_stream: Stream,
        bias: BiasInit,
    ) -> Dense {
        assert_eq!(w.len(), fan_in * fan_out);
        let b = match bias {
            BiasInit::None => Vec::new(),
            BiasInit::Zeros => vec![0.0; fan_out],
            BiasInit::Normal(std) => {
                let mut b = vec![0.0f32; fan_out];
                fill_normal(std as f32, &mut stream_rng(seed, bias_stream), &mut b);
                b
            }
            BiasInit::Uniform(bound) => {
                let mut b = vec![0.0f32; fan_out];
                fill_uniform(bound as f32, &mut stream_rng(seed, bias_stream), &mut b);
                b
            }
        };
        Dense {
            w,
            b,
            fan_in,
            fan_out,
        }
    }

    /// h = a·W + b for `rows` rows of `a` (rows × fan_in).
    pub fn forward(&self, a: &[f32], rows: usize) -> Vec<f32> {
        self.affine(rows, |w, h| {
            matmul(a, w, h, rows, self.fan_in, self.fan_out)
        })
    }

    /// h = (the input times W) + b for `rows` rows, where `times(W, h)` writes the product into `h`
    /// (rows × fan_out): a convolution's product is not a plain matrix product.
    pub fn affine(&self, rows: usize, times: impl FnOnce(&[f32], &mut [f32])) -> Vec<f32> {
        let mut h = vec![0.0f32; rows * self.fan_out];
        times(&self.w, &mut h);
        if !self.b.is_empty() {
            for row in h.chunks_exact_mut(self.fan_out) {
                row.iter_mut().zip(&self.b).for_each(|(x, bj)| *x += bj);
            }
        }
        h
    }

    /// ∂L/∂a = ∂L/∂h·Wᵀ (rows × fan_in).
    pub fn input_grad(&self, g_h: &[f32], rows: usize) -> Vec<f32> {
        let mut g_a = vec![0.0f32; rows * self.fan_in];
        matmul_bt(g_h, &self.w, &mut g_a, rows, self.fan_out, self.fan_in);
        g_a
    }

    /// ∂L/∂W = aᵀ·∂L/∂h (fan_in × fan_out) for the layer's input `a`.
    pub fn weight_grad(&self, a: &[f32], g_h: &[f32], rows: usize) -> Vec<f32> {
        let mut g_w = vec![0.0f32; self.w.len()];
        matmul_at(a, g_h, &mut g_w, self.fan_in, rows, self.fan_out);
        g_w
    }

    /// ∂L/∂b: the column sums of ∂L/∂h.
    pub fn bias_grad(&self, g_h: &[f32]) -> Vec<f32> {
        let mut db = vec![0.0f32; self.fan_out];
        for row in g_h.chunks_exact(self.fan_out) {
            db.iter_mut().zip(row).for_each(|(d, v)| *d += v);
        }
        db
    }
}

impl Dense {
    /// Multiply every weight by `factor` (LSUV's rescaling), in f32.
    pub fn scale_weights(&mut self, factor: f32) {
        self.w.iter_mut().for_each(|w| *w *= factor);
    }
}
