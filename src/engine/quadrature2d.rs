//! Expectations over a pair of correlated Gaussians, E[f(u₁)·f(u₂)] with u₁ = s·z₁,
//! u₂ = s·(c·z₁ + √(1−c²)·z₂), z₁, z₂ ~ N(0, 1) independent — the correlation map of mean-field theory
//! (Poole et al. 2016; Schoenholz et al. 2017) — in f64.
//!
//! A product of composite 16-point Gauss–Legendre rules on z ∈ [−9, 9] (the Gaussian mass beyond is
//! 2Φ(−9) ≈ 2·10⁻¹⁹), panels of width 2, with a panel edge wherever f's argument crosses 0: at z₁ = 0
//! outside, and at z₂ = −c·z₁/√(1−c²) inside, so a kink of f at 0 (ReLU family, ELU, SELU) is always on a
//! panel edge even though it is not along a grid line of (z₁, z₂). Around that edge the panels are graded —
//! four of width w, then doubling — with w the width of f's features there: 1/(s·√(1−c²)) inside (tanh's
//! step, ELU's exponential), and outside 1/s and, for kinked f, √(1−c²) too (the inner average is a kink
//! smoothed over that width in z₁, sharp as c → 1).

use std::sync::OnceLock;

/// Nodes per panel.
const NODES: usize = 16;
/// Half-length of the integration range in z.
const RANGE: f64 = 9.0;
/// Width of the coarse panels.
const COARSE: f64 = 2.0;

/// Gauss–Legendre nodes and weights on [−1, 1] (Newton's method on the Legendre recurrence).
fn legendre_rule() -> &'static ([f64; NODES], [f64; NODES]) {
    static RULE: OnceLock<([f64; NODES], [f64; NODES])> = OnceLock::new();
    RULE.get_or_init(|| {
        let n = NODES;
        let mut x = [0.0; NODES];
        let mut w = [0.0; NODES];
        for i in 0..n.div_ceil(2) {
            let mut z = libm::cos(std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5));
            let mut dp = 1.0;
            for _ in 0..100 {
                let (mut p1, mut p2) = (1.0, 0.0);
                for j in 0..n {
                    let p3 = p2;
                    p2 = p1;
                    p1 = ((2 * j + 1) as f64 * z * p2 - j as f64 * p3) / (j + 1) as f64;
                }
                dp = n as f64 * (z * p1 - p2) / (z * z - 1.0);
                let z1 = z;
                z = z1 - p1 / dp;
                if (z - z1).abs() <= 1e-16 {
                    break;
                }
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = 2.0 / ((1.0 - z * z) * dp * dp);
            w[n - 1 - i] = w[i];
        }
        (x, w)
    })
}

/// Panel edges on [−9, 9]: the coarse grid, `center` (if inside), and graded edges around it from width `w`.
fn edges(center: f64, w: f64) -> Vec<f64> {
    let mut e: Vec<f64> = (0..=9).map(|k| -RANGE + COARSE * k as f64).collect();
    if center.abs() < RANGE {
        e.push(center);
        let w = w.clamp(1e-10, COARSE);
        let (mut d, mut k) = (w, 0);
        while d < COARSE {
            for x in [center - d, center + d] {
                if x.abs() < RANGE {
                    e.push(x);
                }
            }
            k += 1;
            d = if k < 4 { d + w } else { 2.0 * d };
        }
    }
    e.sort_by(f64::total_cmp);
    e.dedup_by(|a, b| (*a - *b).abs() < 1e-14);
    e
}

/// Σ weight·ϕ(z)·g(z) over the composite rule on `edges` (ϕ the standard normal density).
fn gauss_sum<const K: usize>(edges: &[f64], mut g: impl FnMut(f64) -> [f64; K]) -> [f64; K] {
    let (xs, ws) = legendre_rule();
    let norm = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
    let mut acc = [0.0; K];
    for pair in edges.windows(2) {
        let (mid, half) = (0.5 * (pair[0] + pair[1]), 0.5 * (pair[1] - pair[0]));
        for (x, w) in xs.iter().zip(ws) {
            let z = mid + half * x;
            let weight = w * half * norm * libm::exp(-0.5 * z * z);
            let v = g(z);
            for k in 0..K {
                acc[k] += weight * v[k];
            }
        }
    }
    acc
}

/// E_z[f(s·z)]_k for each component of f, on the same rule (the c = ±1 ends and the tests).
pub fn expectation<const K: usize>(s: f64, kinked: bool, f: impl Fn(f64) -> [f64; K]) -> [f64; K] {
    let w = if kinked {
        1.0 / s.max(1e-300)
    } else {
        1.0 / s.max(1.0)
    };
    gauss_sum(&edges(0.0, w.min(1.0)), |z| f(s * z))
}

/// [E[f₀(u₁)·f₀(u₂)], E[f₁(u₁)·f₁(u₂)]] for u₁, u₂ ~ N(0, s²) with correlation c ∈ [−1, 1] (clamped).
/// `kinked`: whether f is not smooth at 0. Used with f = (φ, φ′) for the correlation map and its slope.
pub fn correlated_expectation(
    s: f64,
    c: f64,
    kinked: bool,
    f: impl Fn(f64) -> [f64; 2],
) -> [f64; 2] {
    let c = c.clamp(-1.0, 1.0);
    let r = (1.0 - c * c).sqrt();
    let inner_sd = s * r;
    if inner_sd <= 1e-300 {
        // u₂ = ±u₁ exactly.
        return expectation(s, kinked, |u| {
            let (a, b) = (f(u), f(c * u));
            [a[0] * b[0], a[1] * b[1]]
        });
    }
    let outer_w = {
        let w = 1.0 / s.max(1.0);
        if kinked {
            w.min(r)
        } else {
            w
        }
    };
    let inner_w = 1.0 / inner_sd.max(1.0);
    gauss_sum(&edges(0.0, outer_w), |z1| {
        let u1 = s * z1;
        let m = c * u1;
        let [psi, dpsi] = gauss_sum(&edges(-m / inner_sd, inner_w), |z2| f(m + inner_sd * z2));
        let a = f(u1);
        [a[0] * psi, a[1] * dpsi]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legendre_rule_is_exact_for_polynomials() {
        let (x, w) = legendre_rule();
        let m = |p: i32| {
            x.iter()
                .zip(w)
                .map(|(x, w)| w * libm::pow(*x, p as f64))
                .sum::<f64>()
        };
        assert!((m(0) - 2.0).abs() < 1e-14);
        assert!((m(30) - 2.0 / 31.0).abs() < 1e-14);
        assert!(m(31).abs() < 1e-14);
    }

    #[test]
    fn gaussian_moments() {
        let [m2, m4] = expectation(1.0, true, |u| [u * u, u * u * u * u]);
        assert!((m2 - 1.0).abs() < 1e-14 && (m4 - 3.0).abs() < 1e-13);
        // E[u₁u₂] = s²c, E[u₁²u₂²] = s⁴(1 + 2c²).
        let (s, c) = (1.3f64, 0.6);
        let [a, b] = correlated_expectation(s, c, false, |u| [u, u * u]);
        assert!((a - s * s * c).abs() < 1e-13, "{a}");
        let want = s * s * s * s * (1.0 + 2.0 * c * c);
        assert!((b - want).abs() < 1e-12, "{b} vs {want}");
    }
}
