//! Dense kernels in f32 (row-major) and a Householder QR in f64 for orthogonal initialization.
//!
//! The kernels sum in a fixed order with no fused multiply-add, so native and WASM builds give the same bits.

/// out (m×n) = a (m×k) · b (k×n), all row-major; `out` is overwritten.
///
/// i-k-j order: each output row is accumulated as a sum of scaled rows of `b`, in ascending k, skipping the
/// zero entries of `a` (ReLU makes half of them zero). Four rows of `b` are folded in per pass over the output
/// row — `o = (((o + s₀b₀) + s₁b₁) + s₂b₂) + s₃b₃`, the same additions in the same order as one at a time,
/// so the result is bit-identical to the plain loop while loading and storing the output a quarter as often.
pub fn matmul(a: &[f32], b: &[f32], out: &mut [f32], m: usize, k: usize, n: usize) {
    assert_eq!(a.len(), m * k, "matmul: a has the wrong size");
    assert_eq!(b.len(), k * n, "matmul: b has the wrong size");
    assert_eq!(out.len(), m * n, "matmul: out has the wrong size");
    for (a_row, out_row) in a.chunks_exact(k.max(1)).zip(out.chunks_exact_mut(n.max(1))) {
        row_times_matrix(a_row, b, out_row, n);
    }
}

#[inline(never)]
fn row_times_matrix(a_row: &[f32], b: &[f32], out_row: &mut [f32], n: usize) {
    out_row.fill(0.0);
    // Skipping adds of exact zeros changes no value (x + 0·y = x for finite y, up to the sign of a zero).
    let nonzero: Vec<(f32, usize)> = a_row
        .iter()
        .enumerate()
        .filter(|(_, &s)| s != 0.0)
        .map(|(k, &s)| (s, k))
        .collect();
    let mut quads = nonzero.chunks_exact(4);
    for q in quads.by_ref() {
        let (s0, s1, s2, s3) = (q[0].0, q[1].0, q[2].0, q[3].0);
        let r0 = &b[q[0].1 * n..][..n];
        let r1 = &b[q[1].1 * n..][..n];
        let r2 = &b[q[2].1 * n..][..n];
        let r3 = &b[q[3].1 * n..][..n];
        for j in 0..n {
            out_row[j] = (((out_row[j] + s0 * r0[j]) + s1 * r1[j]) + s2 * r2[j]) + s3 * r3[j];
        }
    }
    for &(s, k) in quads.remainder() {
        for (o, &w) in out_row.iter_mut().zip(&b[k * n..][..n]) {
            *o += s * w;
        }
    }
}

/// The transpose of a row-major m×n matrix, as a row-major n×m matrix written into `out`.
pub fn transpose(a: &[f32], out: &mut [f32], m: usize, n: usize) {
    assert_eq!(a.len(), m * n, "transpose: a has the wrong size");
    assert_eq!(out.len(), m * n, "transpose: out has the wrong size");
    const T: usize = 32;
    for i0 in (0..m).step_by(T) {
        for j0 in (0..n).step_by(T) {
            for i in i0..(i0 + T).min(m) {
                for j in j0..(j0 + T).min(n) {
                    out[j * m + i] = a[i * n + j];
                }
            }
        }
    }
}

/// The thin Q of A = QR for a column-major m×n matrix with m ≥ n, with each column of Q multiplied by
/// sign(R_kk) — so R has a positive diagonal and Q is Haar-distributed when A is Gaussian
/// (Mezzadri 2007; PyTorch `orthogonal_`). Returns Q column-major (m×n).
pub fn orthonormal_columns(mut a: Vec<f64>, m: usize, n: usize) -> Vec<f64> {
    assert!(m >= n, "QR needs at least as many rows as columns");
    assert_eq!(a.len(), m * n);
    let mut vs: Vec<Vec<f64>> = Vec::with_capacity(n);
    let mut signs = Vec::with_capacity(n);
    for k in 0..n {
        let col = &a[k * m + k..(k + 1) * m];
        let norm = col.iter().map(|x| x * x).sum::<f64>().sqrt();
        let x0 = col[0];
        // R_kk = alpha; reflect x onto alpha·e1 with the sign that avoids cancellation.
        let alpha = if x0 >= 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = col.to_vec();
        v[0] -= alpha;
        let vnorm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if vnorm > 0.0 {
            v.iter_mut().for_each(|x| *x /= vnorm);
            for j in k..n {
                reflect(&v, &mut a[j * m + k..(j + 1) * m]);
            }
        }
        signs.push(if alpha < 0.0 { -1.0 } else { 1.0 });
        vs.push(v);
    }
    // Q = H_0 H_1 … H_{n−1} applied to the first n columns of the identity.
    let mut q = vec![0.0; m * n];
    for j in 0..n {
        q[j * m + j] = 1.0;
    }
    for k in (0..n).rev() {
        for j in 0..n {
            reflect(&vs[k], &mut q[j * m + k..(j + 1) * m]);
        }
    }
    for (j, s) in signs.iter().enumerate() {
        q[j * m..(j + 1) * m].iter_mut().for_each(|x| *x *= s);
    }
    q
}

/// x ← (I − 2vvᵀ) x for a unit vector v.
#[inline]
fn reflect(v: &[f64], x: &mut [f64]) {
    let d = dot4(v, x);
    if d != 0.0 {
        let d2 = 2.0 * d;
        x.iter_mut().zip(v).for_each(|(xi, vi)| *xi -= d2 * vi);
    }
}

/// Σ aᵢbᵢ with four independent accumulators (so the compiler can vectorize it), combined in a fixed
/// order — the same bits on every platform.
#[inline]
fn dot4(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (a4.remainder(), b4.remainder());
    for (x, y) in a4.zip(b4) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + tail
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // reference values: no cross-platform identity needed
mod tests {
    use super::*;

    #[test]
    fn matmul_matches_naive() {
        let (m, k, n) = (3, 4, 5);
        let a: Vec<f32> = (0..m * k).map(|i| i as f32 * 0.5 - 2.0).collect();
        let b: Vec<f32> = (0..k * n).map(|i| (i as f32).sin()).collect();
        let mut out = vec![0.0; m * n];
        matmul(&a, &b, &mut out, m, k, n);
        for i in 0..m {
            for j in 0..n {
                let want: f32 = (0..k).map(|p| a[i * k + p] * b[p * n + j]).sum();
                assert!((out[i * n + j] - want).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn transpose_round_trips() {
        let a: Vec<f32> = (0..35).map(|i| i as f32).collect();
        let mut t = vec![0.0; 35];
        let mut back = vec![0.0; 35];
        transpose(&a, &mut t, 5, 7);
        transpose(&t, &mut back, 7, 5);
        assert_eq!(a, back);
        assert_eq!(t[2 * 5 + 1], a[7 + 2]);
    }

    #[test]
    fn qr_gives_orthonormal_columns_and_reconstructs_signs() {
        let (m, n) = (6, 4);
        let a: Vec<f64> = (0..m * n)
            .map(|i| ((i * 7919) % 13) as f64 - 6.0 + 0.1 * i as f64)
            .collect();
        let q = orthonormal_columns(a.clone(), m, n);
        for i in 0..n {
            for j in 0..n {
                let d: f64 = (0..m).map(|r| q[i * m + r] * q[j * m + r]).sum();
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((d - want).abs() < 1e-12, "QᵀQ[{i},{j}] = {d}");
            }
        }
        // R = QᵀA must be upper triangular with a positive diagonal.
        for i in 0..n {
            for j in 0..=i {
                let r: f64 = (0..m).map(|row| q[i * m + row] * a[j * m + row]).sum();
                if i == j {
                    assert!(r > 0.0, "R[{i},{i}] = {r}");
                } else {
                    assert!(r.abs() < 1e-9, "R[{i},{j}] = {r}");
                }
            }
        }
    }
}
