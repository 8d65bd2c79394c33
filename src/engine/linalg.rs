//! Dense kernels in f32 (row-major) and a Householder QR in f64 for orthogonal initialization.
//!
//! The kernels sum in a fixed order with no fused multiply-add, so native and WASM builds give the same bits.

mod rows;
mod tile;
pub use rows::product_by_rows;
pub use tile::Entry;
use tile::{column_tail, column_tile, pack_panel, Strided, TILE};

/// out (m×n) = a (m×k) · b (k×n), all row-major; `out` is overwritten.
///
/// Each output element is the plain sum, from +0 in ascending k, of a_ik·b_kj over the non-zero a_ik
/// (ReLU makes half of them zero; skipping the adds of exact zeros changes no value). That order of f32
/// additions defines the bits; [`matmul_at`], [`matmul_bt`] and every tiling of this kernel keep it.
pub fn matmul(a: &[f32], b: &[f32], out: &mut [f32], m: usize, k: usize, n: usize) {
    product(
        "matmul",
        Strided::row_major(a, k),
        Strided::row_major(b, n),
        out,
        (m, k, n),
    );
}

/// out (m×n) = aᵀ·b for a row-major k×m matrix `a` (so aᵀ is m×k) and a row-major k×n `b`: the same sums as
/// [`matmul`] of the transpose, read column by column from `a` without transposing it.
pub fn matmul_at(a: &[f32], b: &[f32], out: &mut [f32], m: usize, k: usize, n: usize) {
    product(
        "matmul_at",
        Strided::transpose_of(a, m),
        Strided::row_major(b, n),
        out,
        (m, k, n),
    );
}

/// out (m×n) = a·bᵀ for a row-major m×k `a` and a row-major n×k matrix `b` (so bᵀ is k×n): the same sums as
/// [`matmul`] of the transpose (a layer's ∂L/∂h·Wᵀ), with `b` read transposed as its panels are packed.
pub fn matmul_bt(a: &[f32], b: &[f32], out: &mut [f32], m: usize, k: usize, n: usize) {
    product(
        "matmul_bt",
        Strided::row_major(a, k),
        Strided::transpose_of(b, k),
        out,
        (m, k, n),
    );
}

/// out = A·B (m×k · k×n).
///
/// Every row's non-zero entries are gathered once; then the output is made in column tiles of [`TILE`],
/// each tile row by row. A tile's columns of B are packed once into a contiguous panel (k × [`TILE`]) that
/// every row of the output then reads. Read in place, B's rows would be n floats apart — at the usual powers
/// of two, all in a few of the cache's sets: the same tiles measured 19.7 GFLOP/s natively without packing
/// and 24.3 with it (`cargo bench --bench engine`, 2026-11-29, before the tile's sums moved to registers).
fn product(name: &str, a: Strided, b: Strided, out: &mut [f32], (m, k, n): (usize, usize, usize)) {
    // A and B hold m·k and k·n values however they are laid out.
    assert_eq!(a.data.len(), m * k, "{name}: a has the wrong size");
    assert_eq!(b.data.len(), k * n, "{name}: b has the wrong size");
    assert_eq!(out.len(), m * n, "{name}: out has the wrong size");
    if n == 0 {
        return;
    }
    if k == 0 {
        out.fill(0.0);
        return;
    }
    let mut nonzero: Vec<Entry> = vec![(0.0, 0); m * k];
    let counts: Vec<usize> = nonzero
        .chunks_exact_mut(k)
        .enumerate()
        .map(|(i, into)| gather_nonzero(a, i, into))
        .collect();
    let rows = || {
        nonzero
            .chunks_exact(k)
            .zip(&counts)
            .map(|(row, &count)| &row[..count])
    };
    let full = n - n % TILE;
    let mut panel = vec![0.0f32; k * TILE];
    for j0 in (0..full).step_by(TILE) {
        pack_panel(b, k, j0, &mut panel);
        for (nz, out_row) in rows().zip(out.chunks_exact_mut(n)) {
            column_tile(nz, &panel, &mut out_row[j0..j0 + TILE]);
        }
    }
    if full < n {
        for (nz, out_row) in rows().zip(out.chunks_exact_mut(n)) {
            column_tail(nz, b, &mut out_row[full..], full);
        }
    }
}

/// The non-zero entries of row i of `a` (p = 0..len(into)), into the front of `into`, in order; returns how
/// many. Branch-free: every entry is written, and the count only advances past a non-zero one (ReLU's zeros
/// fall at random, which a branch would mispredict half the time).
#[inline(never)]
fn gather_nonzero(a: Strided, i: usize, into: &mut [Entry]) -> usize {
    let mut count = 0;
    for p in 0..into.len() {
        let s = a.at(i, p);
        into[count] = (s, p);
        count += usize::from(s != 0.0);
    }
    count
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

    /// The defining order: from +0, ascending k, the non-zero a_ik only.
    fn reference(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f32> {
        let mut out = vec![0.0f32; m * n];
        for i in 0..m {
            for p in 0..k {
                let s = a[i * k + p];
                if s != 0.0 {
                    for j in 0..n {
                        out[i * n + j] += s * b[p * n + j];
                    }
                }
            }
        }
        out
    }

    #[test]
    fn kernels_keep_the_defining_order_bit_for_bit() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for &(m, k, n) in &[
            (1, 1, 1),
            (3, 7, 5),
            (5, 33, 17),
            (8, 64, 48),
            (4, 19, 70),
            (6, 40, 64),
            (3, 300, 97),
            (2, 0, 9),
        ] {
            for special in [false, true] {
                let mut draw = || {
                    let r = next();
                    match r % 64 {
                        0..=19 => 0.0,
                        20..=24 => -0.0,
                        25 if special => f32::INFINITY,
                        26 if special => f32::NAN,
                        27 | 28 => 1e-39,
                        _ => ((r >> 8) % 20_000) as f32 / 1000.0 - 10.0,
                    }
                };
                let a: Vec<f32> = (0..m * k).map(|_| draw()).collect();
                let b: Vec<f32> = (0..k * n).map(|_| draw()).collect();
                let want = reference(&a, &b, m, k, n);
                // NaN payloads and signs are not specified (x86 and WASM differ): any NaN is the NaN.
                let bits = |v: &[f32]| {
                    v.iter()
                        .map(|x| if x.is_nan() { u32::MAX } else { x.to_bits() })
                        .collect::<Vec<_>>()
                };
                let mut out = vec![7.0f32; m * n];
                matmul(&a, &b, &mut out, m, k, n);
                assert_eq!(bits(&out), bits(&want), "matmul {m}×{k}×{n}");
                let mut a_t = vec![0.0f32; m * k];
                transpose(&a, &mut a_t, m, k);
                let mut out_t = vec![7.0f32; m * n];
                matmul_at(&a_t, &b, &mut out_t, m, k, n);
                assert_eq!(bits(&out_t), bits(&want), "matmul_at {m}×{k}×{n}");
                let mut b_t = vec![0.0f32; k * n];
                transpose(&b, &mut b_t, k, n);
                let mut out_bt = vec![7.0f32; m * n];
                matmul_bt(&a, &b_t, &mut out_bt, m, k, n);
                assert_eq!(bits(&out_bt), bits(&want), "matmul_bt {m}×{k}×{n}");
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
