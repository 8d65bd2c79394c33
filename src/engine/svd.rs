//! Singular values by one-sided Jacobi (Hestenes 1958; Demmel & Veselić 1992), in f64: plane rotations
//! orthogonalize the columns of A, and the singular values are then the column norms. It finds small singular
//! values to high relative accuracy — which forming AᵀA would square away — so a Jacobian whose spectrum
//! spans many decades (Xavier-normal in a deep linear net) is resolved down to its smallest values.

/// The singular values of a row-major rows×cols matrix, largest first (min(rows, cols) of them).
pub fn singular_values(a: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    // Work on the orientation with fewer columns: columns are what gets orthogonalized.
    let (m, n, mut cols_data) = if cols <= rows {
        (rows, cols, columns(a, rows, cols))
    } else {
        (cols, rows, rows_of(a, rows, cols))
    };
    for _sweep in 0..60 {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let (alpha, beta, gamma) = {
                    let (cp, cq) = (&cols_data[p], &cols_data[q]);
                    let mut s = (0.0, 0.0, 0.0);
                    for i in 0..m {
                        s.0 += cp[i] * cp[i];
                        s.1 += cq[i] * cq[i];
                        s.2 += cp[i] * cq[i];
                    }
                    s
                };
                if gamma == 0.0 || gamma.abs() <= 1e-15 * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let t = if zeta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                let (lo, hi) = cols_data.split_at_mut(q);
                let (cp, cq) = (&mut lo[p], &mut hi[0]);
                for i in 0..m {
                    let (x, y) = (cp[i], cq[i]);
                    cp[i] = c * x - s * y;
                    cq[i] = s * x + c * y;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let mut sv: Vec<f64> = cols_data
        .iter()
        .map(|c| c.iter().map(|x| x * x).sum::<f64>().sqrt())
        .collect();
    sv.sort_by(|x, y| y.total_cmp(x));
    sv
}

fn columns(a: &[f64], rows: usize, cols: usize) -> Vec<Vec<f64>> {
    (0..cols)
        .map(|j| (0..rows).map(|i| a[i * cols + j]).collect())
        .collect()
}

fn rows_of(a: &[f64], rows: usize, cols: usize) -> Vec<Vec<f64>> {
    (0..rows)
        .map(|i| a[i * cols..(i + 1) * cols].to_vec())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagonal_and_rank_one() {
        let sv = singular_values(&[3.0, 0.0, 0.0, 0.0, -5.0, 0.0], 2, 3);
        assert_eq!(sv.len(), 2);
        assert!((sv[0] - 5.0).abs() < 1e-12 && (sv[1] - 3.0).abs() < 1e-12);
        // u vᵀ with |u| = √2, |v| = √5: one singular value √10, the other 0.
        let sv = singular_values(&[1.0, 2.0, 1.0, 2.0], 2, 2);
        assert!((sv[0] - 10f64.sqrt()).abs() < 1e-12 && sv[1].abs() < 1e-12);
    }

    #[test]
    fn a_2x2_by_hand() {
        // [[2, 0], [1, 1]]: AᵀA = [[5, 1], [1, 1]], eigenvalues 3 ± √5.
        let sv = singular_values(&[2.0, 0.0, 1.0, 1.0], 2, 2);
        assert!((sv[0] - (3.0 + 5f64.sqrt()).sqrt()).abs() < 1e-12);
        assert!((sv[1] - (3.0 - 5f64.sqrt()).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn tiny_singular_values_keep_their_relative_accuracy() {
        // diag(1, 1e-12) rotated by 30° on both sides: the small value survives (AᵀA would lose it).
        let (c, s) = (3f64.sqrt() / 2.0, 0.5);
        let r = [c, -s, s, c];
        let d = [1.0, 0.0, 0.0, 1e-12];
        let mul = |a: &[f64], b: &[f64]| {
            [
                a[0] * b[0] + a[1] * b[2],
                a[0] * b[1] + a[1] * b[3],
                a[2] * b[0] + a[3] * b[2],
                a[2] * b[1] + a[3] * b[3],
            ]
        };
        let a = mul(&mul(&r, &d), &[c, s, -s, c]);
        let sv = singular_values(&a, 2, 2);
        assert!((sv[1] / 1e-12 - 1.0).abs() < 1e-3, "{sv:?}");
    }
}
