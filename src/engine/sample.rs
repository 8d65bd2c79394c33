//! Drawing one layer's weights (and biases) from its distribution, in f32 as the frameworks do.

use super::init::Distribution;
use super::linalg::{orthonormal_columns, transpose};
use rand::distr::{Distribution as _, StandardUniform};
use rand::Rng;
use rand_distr::StandardNormal;

/// Fill `w` (row-major fan_in × fan_out, so that h = a·W) with draws from `dist`.
///
/// Orthogonal follows PyTorch `orthogonal_`: the (fan_out × fan_in) weight is the Q of the QR of the
/// larger-by-smaller N(0, 1) matrix, sign-fixed, transposed when needed, times gain.
pub fn fill_weights<R: Rng + ?Sized>(
    dist: &Distribution,
    fan_in: usize,
    fan_out: usize,
    rng: &mut R,
    w: &mut [f32],
) {
    assert_eq!(w.len(), fan_in * fan_out);
    match *dist {
        Distribution::Constant(c) => w.fill(c as f32),
        Distribution::Uniform { bound } => fill_uniform(bound as f32, rng, w),
        Distribution::Normal { std } => fill_normal(std as f32, rng, w),
        Distribution::TruncatedNormal { sigma, .. } => {
            let s = sigma as f32;
            for x in w.iter_mut() {
                *x = loop {
                    let z: f32 = StandardNormal.sample(rng);
                    if z.abs() < 2.0 {
                        break z * s;
                    }
                };
            }
        }
        Distribution::Orthogonal { gain, .. } => fill_orthogonal(gain, fan_in, fan_out, rng, w),
        Distribution::Identity { gain, .. } => {
            w.fill(0.0);
            for k in 0..fan_in.min(fan_out) {
                w[k * fan_out + k] = gain as f32;
            }
        }
    }
}

/// U(−a, a) as PyTorch's `uniform_` computes it: a·(2u − 1) with u uniform on [0, 1).
pub fn fill_uniform<R: Rng + ?Sized>(a: f32, rng: &mut R, w: &mut [f32]) {
    for x in w.iter_mut() {
        let u: f32 = StandardUniform.sample(rng);
        *x = a * (2.0 * u - 1.0);
    }
}

/// N(0, std²) through rand_distr's ziggurat `StandardNormal` (exact, and the fastest it offers).
pub fn fill_normal<R: Rng + ?Sized>(std: f32, rng: &mut R, w: &mut [f32]) {
    for x in w.iter_mut() {
        let z: f32 = StandardNormal.sample(rng);
        *x = z * std;
    }
}

fn fill_orthogonal<R: Rng + ?Sized>(
    gain: f64,
    fan_in: usize,
    fan_out: usize,
    rng: &mut R,
    w: &mut [f32],
) {
    // PyTorch's weight is (rows = fan_out) × (cols = fan_in). QR the tall orientation.
    let (rows, cols) = (fan_out, fan_in);
    let (m, n) = (rows.max(cols), rows.min(cols));
    let a: Vec<f64> = (0..m * n).map(|_| StandardNormal.sample(rng)).collect();
    // `a` is read column-major (m×n): column j holds m consecutive draws.
    let q = orthonormal_columns(a, m, n);
    // q column-major m×n == row-major n×m, i.e. Qᵀ. PyTorch's weight is Q (m×n) when rows ≥ cols, else Qᵀ.
    // Ours is the transpose of PyTorch's: Qᵀ (n×m row-major) when fan_out ≥ fan_in, else Q.
    let qt: Vec<f32> = q.iter().map(|&x| (x * gain) as f32).collect();
    if rows >= cols {
        // Ours: fan_in × fan_out = n × m, row-major: exactly qt.
        w.copy_from_slice(&qt);
    } else {
        // Ours: fan_in × fan_out = m × n row-major = transpose of qt (n×m).
        transpose(&qt, w, n, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::{stream_rng, Stream};

    fn gram(w: &[f32], rows: usize, cols: usize) -> Vec<f64> {
        // WᵀW for a row-major rows×cols matrix (cols×cols).
        let mut g = vec![0.0; cols * cols];
        for i in 0..cols {
            for j in 0..cols {
                g[i * cols + j] = (0..rows)
                    .map(|r| w[r * cols + i] as f64 * w[r * cols + j] as f64)
                    .sum();
            }
        }
        g
    }

    #[test]
    fn orthogonal_is_orthogonal_in_both_orientations() {
        for &(fan_in, fan_out) in &[(8, 8), (12, 5), (5, 12)] {
            let gain = 1.7;
            let mut w = vec![0.0f32; fan_in * fan_out];
            let mut rng = stream_rng(1, Stream::Weights(1));
            fill_weights(
                &Distribution::Orthogonal {
                    gain,
                    n: fan_in.max(fan_out),
                },
                fan_in,
                fan_out,
                &mut rng,
                &mut w,
            );
            // The smaller dimension's Gram matrix is gain²·I.
            let (g, k) = if fan_in >= fan_out {
                (gram(&w, fan_in, fan_out), fan_out)
            } else {
                let mut t = vec![0.0f32; w.len()];
                transpose(&w, &mut t, fan_in, fan_out);
                (gram(&t, fan_out, fan_in), fan_in)
            };
            for i in 0..k {
                for j in 0..k {
                    let want = if i == j { gain * gain } else { 0.0 };
                    assert!(
                        (g[i * k + j] - want).abs() < 1e-5,
                        "{fan_in}x{fan_out} [{i},{j}]"
                    );
                }
            }
        }
    }
}
