//! Gaussian expectations E_z[f(s·z)], z ~ N(0, 1), in f64.
//!
//! Smooth integrands at small scale (s ≤ 0.5, where the poles of tanh and sigmoid are far from the real axis) use Gauss–Hermite quadrature with probabilists' weights (96 nodes,
//! exact for polynomials of degree ≤ 191). Integrands with a kink at 0 (ReLU family, ELU, SELU), or whose
//! features are narrower than Gauss–Hermite's node spacing (tanh or sigmoid at large s, where φ′(s·z) is a
//! spike of width 1/s), use composite 8-point Gauss–Legendre on z ∈ [−10, 10] with a breakpoint at 0 and
//! panels of width 0.5/s near 0; the Gaussian mass beyond |z| = 10 is below 2·10⁻²³.

use std::sync::OnceLock;

/// Number of Gauss–Hermite nodes.
pub const HERMITE_NODES: usize = 96;

/// Probabilists' Gauss–Hermite nodes and weights: Σ wᵢ f(xᵢ) ≈ E[f(z)], z ~ N(0, 1), Σ wᵢ = 1.
pub fn hermite_rule() -> &'static (Vec<f64>, Vec<f64>) {
    static RULE: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    RULE.get_or_init(|| physicists_rule(HERMITE_NODES))
}

/// Newton's method on the orthonormal physicists' Hermite recurrence (Numerical Recipes `gauher`), then
/// x ↦ √2·x and w ↦ w/√π to turn ∫ e^(−x²) f(x) dx into E[f(z)].
fn physicists_rule(n: usize) -> (Vec<f64>, Vec<f64>) {
    let pim4 = libm::pow(std::f64::consts::PI, -0.25);
    let mut x = vec![0.0; n];
    let mut w = vec![0.0; n];
    let m = n.div_ceil(2);
    let mut z: f64 = 0.0;
    for i in 0..m {
        z = match i {
            0 => {
                (2.0 * n as f64 + 1.0).sqrt() - 1.85575 * libm::pow(2.0 * n as f64 + 1.0, -0.16667)
            }
            1 => z - 1.14 * libm::pow(n as f64, 0.426) / z,
            2 => 1.86 * z - 0.86 * x[0],
            3 => 1.91 * z - 0.91 * x[1],
            _ => 2.0 * z - x[i - 2],
        };
        let mut pp = 0.0;
        for _ in 0..100 {
            let mut p1 = pim4;
            let mut p2 = 0.0;
            for j in 0..n {
                let p3 = p2;
                p2 = p1;
                p1 = z * (2.0 / (j as f64 + 1.0)).sqrt() * p2
                    - (j as f64 / (j as f64 + 1.0)).sqrt() * p3;
            }
            pp = (2.0 * n as f64).sqrt() * p2;
            let z1 = z;
            z = z1 - p1 / pp;
            if (z - z1).abs() <= 1e-15 * z.abs().max(1.0) {
                break;
            }
        }
        x[i] = z;
        x[n - 1 - i] = -z;
        w[i] = 2.0 / (pp * pp);
        w[n - 1 - i] = w[i];
    }
    let sqrt_pi = std::f64::consts::PI.sqrt();
    let xs = x.iter().map(|v| v * std::f64::consts::SQRT_2).collect();
    let ws = w.iter().map(|v| v / sqrt_pi).collect();
    (xs, ws)
}

const GL_X: [f64; 4] = [
    0.183_434_642_495_649_8,
    0.525_532_409_916_329,
    0.796_666_477_413_626_7,
    0.960_289_856_497_536_3,
];
const GL_W: [f64; 4] = [
    0.362_683_783_378_362,
    0.313_706_645_877_887_3,
    0.222_381_034_453_374_5,
    0.101_228_536_290_376_3,
];

/// E_z[f(s·z)] for a vector-valued f, choosing the rule as described in the module docs.
/// `kinked`: whether f is not smooth at 0.
pub fn gaussian_expectation<const K: usize>(
    s: f64,
    kinked: bool,
    f: impl Fn(f64) -> [f64; K],
) -> [f64; K] {
    let mut acc = [0.0; K];
    if !kinked && s <= 0.5 {
        let (xs, ws) = hermite_rule();
        for (x, w) in xs.iter().zip(ws) {
            let v = f(s * x);
            for k in 0..K {
                acc[k] += w * v[k];
            }
        }
        return acc;
    }
    let breaks = breakpoints(s);
    let norm = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
    for pair in breaks.windows(2) {
        let (lo, hi) = (pair[0], pair[1]);
        let (mid, half) = (0.5 * (lo + hi), 0.5 * (hi - lo));
        for (gx, gw) in GL_X.iter().zip(GL_W) {
            for z in [mid - half * gx, mid + half * gx] {
                let weight = gw * half * norm * libm::exp(-0.5 * z * z);
                for sign in [1.0, -1.0] {
                    let v = f(s * sign * z);
                    for k in 0..K {
                        acc[k] += weight * v[k];
                    }
                }
            }
        }
    }
    acc
}

/// Panel edges on [0, 10] (mirrored by the caller): width 0.5/s up to 20/s, then 0.25.
fn breakpoints(s: f64) -> Vec<f64> {
    let mut b = vec![0.0];
    let fine = if s > 2.0 { (20.0 / s).min(10.0) } else { 0.0 };
    if fine > 0.0 {
        let step = 0.5 / s;
        let mut z = step;
        while z < fine {
            b.push(z);
            z += step;
        }
    }
    let mut z = 0.25;
    while z <= 10.0 + 1e-12 {
        if z > fine + 1e-12 {
            b.push(z);
        }
        z += 0.25;
    }
    if *b.last().unwrap_or(&0.0) < 10.0 {
        b.push(10.0);
    }
    b
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // reference values: no cross-platform identity needed
mod tests {
    use super::*;

    #[test]
    fn hermite_rule_integrates_gaussian_moments() {
        let (xs, ws) = hermite_rule();
        let m = |p: i32| xs.iter().zip(ws).map(|(x, w)| w * x.powi(p)).sum::<f64>();
        assert!((m(0) - 1.0).abs() < 1e-13);
        assert!((m(2) - 1.0).abs() < 1e-12);
        assert!((m(4) - 3.0).abs() < 1e-11);
        assert!((m(6) - 15.0).abs() < 1e-10);
        assert!(m(3).abs() < 1e-12);
    }

    #[test]
    fn both_rules_agree_on_smooth_functions() {
        // Force each rule on tanh² at s = 0.5 by the `kinked` flag and compare.
        let f = |x: f64| [x.tanh().powi(2), 1.0 / x.cosh().powi(4)];
        let gh = gaussian_expectation(0.5, false, f);
        let gl = gaussian_expectation(0.5, true, f);
        for k in 0..2 {
            assert!((gh[k] - gl[k]).abs() < 1e-10, "{k}: {} vs {}", gh[k], gl[k]);
        }
    }

    #[test]
    fn composite_rule_handles_steep_functions_and_kinks() {
        // E[sech⁴(s z)] ≈ (4/3)/(s·√(2π)) for large s.
        let s = 1000.0;
        let [v] = gaussian_expectation(s, false, |x| [1.0 / x.cosh().powi(4)]);
        let approx = 4.0 / 3.0 / (s * (2.0 * std::f64::consts::PI).sqrt());
        assert!((v / approx - 1.0).abs() < 1e-5, "{v} vs {approx}");
        // E[max(0, z)²] = 1/2 and E[max(0, z)] = 1/√(2π).
        let [a, b] = gaussian_expectation(1.0, true, |x| [x.max(0.0).powi(2), x.max(0.0)]);
        assert!((a - 0.5).abs() < 1e-13);
        assert!((b - 1.0 / (2.0 * std::f64::consts::PI).sqrt()).abs() < 1e-13);
    }
}
