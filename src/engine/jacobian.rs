//! Carrying the input–output Jacobian ∂a_L/∂x of one example through the layers in f64: each layer's f32
//! weights and φ′ at its f32 pre-activations, multiplied in f64, so that singular values far below f32's
//! resolution (a deep Gaussian product's lower half) stay right to f64's relative accuracy.
//!
//! The matrix is M(i, j) = ∂(layer output)_j/∂x_i, `rows` = input entries × the layer's output width,
//! row-major; every row is pushed through the layer as an input would be, without the bias.

use super::nonlinearity::Nonlinearity;

/// M = I, `n` × `n`: ∂x/∂x.
pub fn identity(n: usize) -> Vec<f64> {
    let mut m = vec![0.0f64; n * n];
    (0..n).for_each(|i| m[i * n + i] = 1.0);
    m
}

/// M·W in f64 for M (`rows` × `k`) and a layer's f32 weights W (`k` × `n`, row-major), summed over k in
/// order for every entry.
pub fn times_weights(m: &[f64], w: &[f32], rows: usize, k: usize, n: usize) -> Vec<f64> {
    let mut out = vec![0.0f64; rows * n];
    for (out_row, m_row) in out.chunks_exact_mut(n).zip(m.chunks_exact(k)) {
        for (&a, w_row) in m_row.iter().zip(w.chunks_exact(n)) {
            if a != 0.0 {
                out_row
                    .iter_mut()
                    .zip(w_row)
                    .for_each(|(o, &b)| *o += a * b as f64);
            }
        }
    }
    out
}

/// Each row (of `h0.len()` values) times φ′ at the example's pre-activations `h0`.
pub fn times_derivative(m: &mut [f64], phi: &Nonlinearity, h0: &[f32]) {
    let d: Vec<f64> = h0.iter().map(|&x| phi.derivative(x) as f64).collect();
    for row in m.chunks_exact_mut(d.len().max(1)) {
        row.iter_mut().zip(&d).for_each(|(v, &dv)| *v *= dv);
    }
}

/// Each row through LayerNorm's Jacobian at one example whose normalized values are `n0` and whose
/// 1/√(σ² + ε) is `s`: g ↦ s·(g − mean(g) − n·mean(g·n)).
pub fn through_layer_norm(m: &mut [f64], n0: &[f32], s: f32) {
    let len = n0.len().max(1);
    for row in m.chunks_exact_mut(len) {
        let mean_g = row.iter().sum::<f64>() / len as f64;
        let mean_gn = row.iter().zip(n0).map(|(&g, &n)| g * n as f64).sum::<f64>() / len as f64;
        row.iter_mut()
            .zip(n0)
            .for_each(|(g, &n)| *g = (*g - mean_g - n as f64 * mean_gn) * s as f64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_weights_is_the_matrix_product() {
        // [1 2; 3 4]·[1 0 2; 0 1 3] = [1 2 8; 3 4 18].
        let out = times_weights(
            &[1.0, 2.0, 3.0, 4.0],
            &[1.0, 0.0, 2.0, 0.0, 1.0, 3.0],
            2,
            2,
            3,
        );
        assert_eq!(out, vec![1.0, 2.0, 8.0, 3.0, 4.0, 18.0]);
    }

    #[test]
    fn values_below_f32_resolution_survive() {
        // 1 + 1e-12 is 1 in f32, not in f64.
        let out = times_weights(&[1.0, 1e-12], &[1.0, 1.0], 1, 2, 1);
        assert_eq!(out[0], 1.0 + 1e-12);
    }
}
