//! A 2-D convolution with the activation, as the Lab simulates it: h_l = conv_k(a_{l−1}, W_l) + b_l,
//! a_l = φ(h_l), stride 1 and circular (wrap-around) padding, so every layer keeps S × S pixels and every pixel
//! sees the same statistics. It is a cross-correlation, as PyTorch's `conv2d` computes it:
//! h[b, y, x, o] = Σ_{c, i, j} W[o, c, i, j]·a[b, (y + i − r) mod S, (x + j − r) mod S, c] + b[o], r = k/2.
//!
//! Activations are laid out (example, row, column, channel), channels last. The step runs as a dense layer
//! on the image's patches (im2col): each pixel's k × k × C_in neighbourhood is one row of C_in·k² values in
//! PyTorch's (c, i, j) order, so the weights are the dense layer's (C_in·k²) × C_out matrix — PyTorch's
//! (C_out, C_in, k, k) weight flattened to (C_out, C_in·k²) and transposed — and fan_in = C_in·k²,
//! fan_out = C_out·k² (PyTorch's `_calculate_fan_in_and_fan_out`). The backward pass scatters the patches'
//! gradient as the convolution of ∂L/∂h with the flipped kernel (the same im2col and product), in a fixed
//! order, so native and WASM agree to the bit.

use super::dense::Dense;
use super::jacobian;
use super::nonlinearity::Nonlinearity;
use super::plan::LayerPlan;
use super::stats::{all_finite, LayerStats};
use super::step::{
    activate, gradient_vars_by, measure_activation, weighted_input, NonFinite, Step,
};
use std::rc::Rc;

/// The shape of a convolutional layer's input and kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    /// Images in the batch.
    pub batch: usize,
    /// The side S of the S × S images.
    pub side: usize,
    /// The kernel size k (odd).
    pub kernel: usize,
    /// Input channels C_in.
    pub channels: usize,
}

impl Geometry {
    /// Pixels in the batch: the rows of the patch matrix (B·S·S).
    pub fn pixels(&self) -> usize {
        self.batch * self.side * self.side
    }

    /// One row of the patch matrix: C_in·k².
    pub fn patch_len(&self) -> usize {
        self.channels * self.kernel * self.kernel
    }

    /// For every pixel (row) and every place (c, i, j) of its patch, in the patch matrix's order, the index
    /// of the input value there: the definition [`Geometry::im2col`] computes faster (tests check the two).
    #[cfg(test)]
    fn for_each_tap(&self, mut f: impl FnMut(usize, usize)) {
        let (s, k, c_in) = (self.side, self.kernel, self.channels);
        let wrap = wrap_table(s, k, k / 2);
        let mut at = 0;
        for b in 0..self.batch {
            let image = b * s * s;
            for y in 0..s {
                let rows = &wrap[y * k..(y + 1) * k];
                for x in 0..s {
                    let cols = &wrap[x * k..(x + 1) * k];
                    for c in 0..c_in {
                        for &yy in rows {
                            let base = (image + yy * s) * c_in + c;
                            for &xx in cols {
                                f(at, base + xx * c_in);
                                at += 1;
                            }
                        }
                    }
                }
            }
        }
    }

    /// The patch matrix (B·S·S) × (C_in·k²) of images `a` (B × S × S × C_in): row (b, y, x) holds, at column
    /// c·k² + i·k + j, the value of channel c at pixel ((y + i − r) mod S, (x + j − r) mod S) of image b.
    /// Written in order (no zero-fill first); the wrapped coordinates come from a table.
    pub fn im2col<T: Copy>(&self, a: &[T]) -> Vec<T> {
        let (s, k, c_in) = (self.side, self.kernel, self.channels);
        let wrap = wrap_table(s, k, k / 2);
        let mut p = Vec::with_capacity(self.pixels() * self.patch_len());
        for pixel in 0..self.pixels() {
            let (image, y, x) = (pixel / (s * s), pixel / s % s, pixel % s);
            let (rows, cols) = (&wrap[y * k..(y + 1) * k], &wrap[x * k..(x + 1) * k]);
            for c in 0..c_in {
                for &yy in rows {
                    let line = &a[(image * s + yy) * s * c_in + c..];
                    p.extend(cols.iter().map(|&xx| line[xx * c_in]));
                }
            }
        }
        p
    }
}

impl Geometry {
    /// out (B·S·S × n) = im2col(a)·w for a row-major (C_in·k²) × n matrix `w`, without the patch matrix.
    ///
    /// Each output is summed from +0 over its pixel's patch tap by tap — (i, j) in order, and within a tap
    /// the input's channels in order — skipping zero inputs: Σ_{i,j} Σ_c a[·, c]·w[(c, i, j), o]. Each
    /// pixel's non-zero channels are listed once per layer, so a patch is nine copies of short lists (ReLU
    /// leaves half of the values zero) rather than C_in·k² tests. A fixed order, so native and WASM agree to
    /// the bit; the tests check it against the patch matrix with its columns in that order.
    pub fn convolve(&self, a: &[f32], w: &[f32], out: &mut [f32], n: usize) {
        let (s, k, c_in) = (self.side, self.kernel, self.channels);
        assert_eq!(
            a.len(),
            self.pixels() * c_in,
            "convolve: a has the wrong size"
        );
        let taps = k * k;
        // Each pixel's non-zero channels c, as (value, c·k²): tap t of a patch adds t to the index.
        // Branch-free, as the dense kernel's gather: every entry is written, the count only advances past a
        // non-zero one.
        let mut nonzero = vec![(0.0f32, 0usize); a.len()];
        let counts: Vec<usize> = a
            .chunks_exact(c_in.max(1))
            .zip(nonzero.chunks_exact_mut(c_in.max(1)))
            .map(|(pixel, into)| {
                let mut count = 0;
                for (c, &v) in pixel.iter().enumerate() {
                    into[count] = (v, c * taps);
                    count += usize::from(v != 0.0);
                }
                count
            })
            .collect();
        let wrap = wrap_table(s, k, k / 2);
        let dims = (self.pixels(), self.patch_len(), n);
        super::linalg::product_by_rows(w, out, dims, |pixel, into| {
            let (image, y, x) = (pixel / (s * s), pixel / s % s, pixel % s);
            let (rows, cols) = (&wrap[y * k..(y + 1) * k], &wrap[x * k..(x + 1) * k]);
            let mut count = 0;
            for (i, &yy) in rows.iter().enumerate() {
                for (j, &xx) in cols.iter().enumerate() {
                    let (source, t) = ((image * s + yy) * s + xx, i * k + j);
                    let listed = &nonzero[source * c_in..][..counts[source]];
                    for (to, &(v, base)) in into[count..][..listed.len()].iter_mut().zip(listed) {
                        *to = (v, base + t);
                    }
                    count += listed.len();
                }
            }
            count
        });
    }
}

impl Geometry {
    /// out ((C_in·k²) × n) = im2col(a)ᵀ·g for a row-major (B·S·S) × n matrix `g`: a convolution's ∂L/∂W.
    /// Row p = (c, i, j) of the product gathers column p of the patch matrix — tap (i, j) of channel c at
    /// every pixel — straight from the image. The same sums in the same order as
    /// [`super::linalg::matmul_at`] of [`Geometry::im2col`], so the same bits.
    pub fn weight_grad(&self, a: &[f32], g: &[f32], out: &mut [f32], n: usize) {
        let (s, k, c_in) = (self.side, self.kernel, self.channels);
        assert_eq!(
            a.len(),
            self.pixels() * c_in,
            "weight_grad: a has the wrong size"
        );
        let wrap = wrap_table(s, k, k / 2);
        let dims = (self.patch_len(), self.pixels(), n);
        super::linalg::product_by_rows(g, out, dims, |p, into| {
            let (c, i, j) = (p / (k * k), p / k % k, p % k);
            let mut count = 0;
            let mut pixel = 0;
            for image in 0..self.batch {
                for y in 0..s {
                    let line = &a[(image * s + wrap[y * k + i]) * s * c_in + c..];
                    for x in 0..s {
                        let v = line[wrap[x * k + j] * c_in];
                        into[count] = (v, pixel);
                        count += usize::from(v != 0.0);
                        pixel += 1;
                    }
                }
            }
            count
        });
    }
}

/// wrap[y·k + i] = (y + i − r) mod S: the row (or column) that tap i of pixel y reads.
fn wrap_table(s: usize, k: usize, r: usize) -> Vec<usize> {
    (0..s * k).map(|t| (t / k + s + t % k - r) % s).collect()
}

/// One convolutional layer and its activation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConvStep {
    /// The layer's plan: fan_in = C_in·k² rows of the weight matrix, fan_out = C_out of its columns.
    pub plan: LayerPlan,
    /// Its input's shape.
    pub geometry: Geometry,
    /// The activation.
    pub phi: Nonlinearity,
    /// Rescale the weights on the batch until Var(h) ≈ 1 (LSUV).
    pub lsuv: bool,
    /// The run's seed (weights and biases from the (seed, index) streams).
    pub seed: u64,
}

/// What a layer keeps for the backward pass: its weights and the input of φ.
pub struct ConvCache {
    dense: Rc<Dense>,
    h: Vec<f32>,
    /// The variance of the weights when already known (kept from an earlier run).
    weight_var: Option<f64>,
}

impl ConvStep {
    fn channels_out(&self) -> usize {
        self.plan.fan_out
    }

    /// ∂L/∂a from ∂L/∂h: with circular padding the transposed convolution is a convolution of ∂L/∂h with
    /// the kernel flipped in space and its channels swapped, W′[c, o, i, j] = W[o, c, k−1−i, k−1−j] —
    /// the forward pass's im2col and product, with no scatter.
    fn input_grad(&self, w: &[f32], g_h: &[f32]) -> Vec<f32> {
        let g = &self.geometry;
        let (c_in, c_out, k) = (g.channels, self.channels_out(), g.kernel);
        let taps = k * k;
        // Rows (o, i, j) of W′ (C_out·k² × C_in); ours holds W[o, c, i, j] at row (c, i, j), column o.
        let mut flipped = vec![0.0f32; c_out * taps * c_in];
        for o in 0..c_out {
            for t in 0..taps {
                let row = &mut flipped[(o * taps + t) * c_in..][..c_in];
                for (c, v) in row.iter_mut().enumerate() {
                    *v = w[(c * taps + taps - 1 - t) * c_out + o];
                }
            }
        }
        let gradient = Geometry {
            channels: c_out,
            ..*g
        };
        let mut g_in = vec![0.0f32; g.pixels() * c_in];
        gradient.convolve(g_h, &flipped, &mut g_in, c_in);
        g_in
    }
}

impl Step for ConvStep {
    type Cache = ConvCache;

    fn index(&self) -> usize {
        self.plan.index
    }

    fn forward(&self, input: &[f32]) -> (ConvCache, Vec<f32>) {
        let g = &self.geometry;
        let (dense, h, weight_var) = weighted_input(&self.plan, self.seed, self.lsuv, |d| {
            d.affine(g.pixels(), |w, z| g.convolve(input, w, z, d.fan_out))
        });
        let post = activate(&self.phi, &h);
        (
            ConvCache {
                dense,
                h,
                weight_var,
            },
            post,
        )
    }

    fn output(&self, cache: &ConvCache) -> Vec<f32> {
        activate(&self.phi, &cache.h)
    }

    fn measure_forward(
        &self,
        cache: &ConvCache,
        post: &[f32],
        s: &mut LayerStats,
    ) -> Result<(), NonFinite> {
        if !all_finite(&cache.h) || !all_finite(post) {
            return Err(NonFinite);
        }
        let w: &[f32] = match cache.weight_var {
            Some(_) => &[],
            None => &cache.dense.w,
        };
        // Units are channels (over every pixel of every image); the correlation is between whole images.
        let g = &self.geometry;
        measure_activation(
            &self.phi,
            [&cache.h, post],
            w,
            (g.pixels(), self.channels_out(), g.batch),
            s,
        );
        if let Some(v) = cache.weight_var {
            s.weight_var = v;
        }
        Ok(())
    }

    fn backward(
        &self,
        cache: &ConvCache,
        input: &[f32],
        g_a: &[f32],
        [input_grad, weight_grad]: [bool; 2],
        s: &mut LayerStats,
    ) -> Result<Option<Vec<f32>>, NonFinite> {
        let g_h = self.phi.backprop(g_a, &cache.h);
        if !all_finite(&g_h) {
            return Err(NonFinite);
        }
        // ∂L/∂W = patchesᵀ·∂L/∂h, each patch column gathered from the input (no patch matrix).
        (s.grad_var, s.weight_grad_var) = gradient_vars_by(&g_h, weight_grad, || {
            let mut g_w = vec![0.0f32; self.param_len()];
            self.geometry
                .weight_grad(input, &g_h, &mut g_w, self.channels_out());
            g_w
        });
        Ok(input_grad.then(|| self.input_grad(&cache.dense.w, &g_h)))
    }

    fn cache_len(cache: &ConvCache) -> usize {
        cache.h.len() + cache.dense.w.len()
    }

    fn param_len(&self) -> usize {
        self.plan.fan_in * self.plan.fan_out
    }

    fn jacobian(&self, cache: &ConvCache, m: &[f64], rows: usize) -> Option<Vec<f64>> {
        // Each row of M is an image (S × S × C_in): convolve the rows as a batch (no bias), then scale by
        // φ′(h) of example 0.
        let g = Geometry {
            batch: rows,
            ..self.geometry
        };
        let out = self.geometry.side * self.geometry.side * self.channels_out();
        let mut next = jacobian::times_weights(
            &g.im2col(m),
            &cache.dense.w,
            g.pixels(),
            self.plan.fan_in,
            self.channels_out(),
        );
        jacobian::times_derivative(&mut next, &self.phi, &cache.h[..out]);
        Some(next)
    }
}

#[cfg(test)]
mod tests;
