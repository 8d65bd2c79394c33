//! The phase diagram (Poole et al. 2016; Schoenholz et al. 2017) against independent computations: composite
//! Simpson quadrature in one dimension and the Hermite (Mehler) expansion of the correlation map,
//! E[φ(u₁)φ(u₂)] = Σₙ aₙ²cⁿ with aₙ = E[φ(√q z)·Heₙ(z)]/√(n!) — no two-dimensional quadrature at all — plus
//! closed forms (identity, ReLU's arc-cosine kernel) and literature points.

#![allow(clippy::disallowed_methods)] // reference values: no cross-platform identity needed

use initscope::engine::phase::{self, Phase, QStar};
use initscope::engine::{Activation, Nonlinearity};

fn phi(kind: Activation) -> Nonlinearity {
    Nonlinearity::new(kind, kind.default_slope())
}

/// Simpson's rule for E[f(z)], z ~ N(0, 1), on [−10, 10] split at 0 (kinks), h = 1/2000. Its error bound
/// (b − a)·h⁴·max|g⁗|/180 with g = f·density is ≈ 7·10⁻¹⁵·max|g⁗|: below 10⁻¹¹ for the scales used here
/// (|g⁗| ≲ 10³ for √q ≲ 4); the mass beyond |z| = 10 is 1.5·10⁻²³.
fn simpson<const K: usize>(f: impl Fn(f64) -> [f64; K]) -> [f64; K] {
    let n = 20_000; // intervals per side, even
    let h = 10.0 / n as f64;
    let mut acc = [0.0; K];
    for side in [1.0, -1.0] {
        for i in 0..=n {
            let z = side * i as f64 * h;
            let w = if i == 0 || i == n {
                1.0
            } else if i % 2 == 1 {
                4.0
            } else {
                2.0
            };
            let dens = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
            // At z = ±0 use the one-sided value (the kink's side).
            let v = f(if i == 0 { side * 1e-300 } else { z });
            for k in 0..K {
                acc[k] += w * h / 3.0 * dens * v[k];
            }
        }
    }
    acc
}

/// The reference length map and its pieces at q: [E[φ²], E[φ′²]].
fn moments_ref(p: &Nonlinearity, q: f64) -> [f64; 2] {
    let s = q.sqrt();
    simpson(|z| {
        let (v, d) = (p.value_f64(s * z), p.derivative_f64(s * z));
        [v * v, d * d]
    })
}

/// q* by bisection on L(q) − q in [lo, hi] (asserting the bracket), with the map's slope L′(q*).
fn q_star_ref(p: &Nonlinearity, sw2: f64, sb2: f64, (mut lo, mut hi): (f64, f64)) -> (f64, f64) {
    let g = |q: f64| sw2 * moments_ref(p, q)[0] + sb2 - q;
    assert!(g(lo) > 0.0 && g(hi) < 0.0, "bracket");
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if g(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let q = 0.5 * (lo + hi);
    let dq = 1e-5 * q;
    let slope = 1.0 + (g(q + dq) - g(q - dq)) / (2.0 * dq);
    (q, slope)
}

/// Hermite coefficients of φ(√q z) and φ′(√q z) up to degree `n` (normalized Heₙ by recurrence).
fn hermite_coefficients(p: &Nonlinearity, q: f64, n: usize) -> (Vec<f64>, Vec<f64>) {
    let s = q.sqrt();
    let mut a = vec![0.0; n + 1];
    let mut b = vec![0.0; n + 1];
    // One Simpson pass per coefficient would cost n passes; accumulate all degrees per node instead.
    let nodes = 20_000;
    let h = 10.0 / nodes as f64;
    for side in [1.0, -1.0] {
        for i in 0..=nodes {
            let z = side * i as f64 * h;
            let w = if i == 0 || i == nodes {
                1.0
            } else if i % 2 == 1 {
                4.0
            } else {
                2.0
            };
            let wd = w * h / 3.0 * (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
            let x = if i == 0 { side * 1e-300 } else { s * z };
            let (v, d) = (p.value_f64(x), p.derivative_f64(x));
            let (mut h0, mut h1) = (1.0, z);
            for k in 0..=n {
                let hk = if k == 0 { h0 } else { h1 };
                a[k] += wd * v * hk;
                b[k] += wd * d * hk;
                if k >= 1 {
                    let next = (z * h1 - (k as f64).sqrt() * h0) / ((k + 1) as f64).sqrt();
                    h0 = h1;
                    h1 = next;
                }
            }
        }
    }
    (a, b)
}

/// (E[φ(u₁)φ(u₂)], E[φ′(u₁)φ′(u₂)]) from the Mehler series, for c ≤ 0.9 (terms beyond n = 400 are below
/// 0.9⁴⁰⁰·max aₙ² ≈ 10⁻¹⁸).
fn pair_ref(coef: &(Vec<f64>, Vec<f64>), c: f64) -> (f64, f64) {
    let (mut s, mut t, mut cn) = (0.0, 0.0, 1.0);
    for k in 0..coef.0.len() {
        s += coef.0[k] * coef.0[k] * cn;
        t += coef.1[k] * coef.1[k] * cn;
        cn *= c;
    }
    (s, t)
}

/// δ: the reference's error in a Gaussian expectation (Simpson bound above, 10⁻¹¹, doubled for the engine's
/// own quadrature and rounding).
const DELTA: f64 = 2e-11;

#[test]
fn fixed_points_match_independent_quadrature() {
    // (activation, σ_w², σ_b², bracket for q*): ordered, near-critical and chaotic points.
    let cases = [
        (Activation::Tanh, 1.5, 0.05, (1e-3, 10.0)),
        (Activation::Tanh, 3.0, 0.0, (1e-3, 10.0)),
        (Activation::Tanh, 4.0, 0.2, (1e-3, 10.0)),
        (Activation::Tanh, 0.8, 0.1, (1e-3, 10.0)),
        (Activation::Relu, 1.5, 0.05, (1e-3, 10.0)),
        (Activation::Gelu, 1.5, 0.05, (1e-3, 10.0)),
        (Activation::Selu, 1.0, 0.0, (1e-2, 10.0)),
        (Activation::Selu, 1.5, 0.05, (1.0, 30.0)),
        (Activation::Sigmoid, 4.0, 0.1, (1e-3, 10.0)),
        (Activation::Swish, 1.5, 0.2, (1e-3, 10.0)),
        (Activation::Elu, 1.5, 0.05, (1e-2, 10.0)),
    ];
    for (kind, sw2, sb2, bracket) in cases {
        let p = phi(kind);
        let pt = phase::point(&p, sw2, sb2);
        let QStar::Finite(q) = pt.q_star else {
            panic!("{kind} ({sw2}, {sb2}): {:?}", pt.q_star)
        };
        // q*: a map error δ moves the root by δ/(1 − L′); the engine stops iterating at a relative step of
        // 10⁻¹², which leaves it 10⁻¹²·q*/(1 − L′) away.
        let (q_ref, slope) = q_star_ref(&p, sw2, sb2, bracket);
        let tol_q = 10.0 * (DELTA * sw2.max(1.0) + 1e-12 * q_ref) / (1.0 - slope);
        assert!(
            (q - q_ref).abs() <= tol_q,
            "{kind} q*: {q} vs {q_ref} (tol {tol_q:e})"
        );
        // χ₁ at the engine's own q*: only the quadrature differs.
        let chi_ref = sw2 * moments_ref(&p, q)[1];
        assert!(
            (pt.chi_1 - chi_ref).abs() <= sw2 * DELTA,
            "{kind} χ₁: {} vs {chi_ref}",
            pt.chi_1
        );
        let corr = pt
            .correlation
            .expect("finite q* has a correlation fixed point");
        let coef = hermite_coefficients(&p, q, 400);
        if chi_ref < 1.0 - 1e-6 {
            // Ordered: c* = 1 and χ_c = χ₁ (the map is convex with f(1) = 1, f′(1) = χ₁ < 1).
            assert_eq!(corr.c_star, 1.0, "{kind}");
            assert_eq!(corr.chi_c, pt.chi_1, "{kind}");
            assert_eq!(pt.phase, Phase::Ordered);
        } else {
            // Chaotic: c* solves f(c) = c; errors δ·σ_w²/q* in f move the root by that over (1 − χ_c).
            assert!(
                corr.c_star <= 0.9,
                "{kind}: c* = {} (series range)",
                corr.c_star
            );
            let (pp, dd) = pair_ref(&coef, corr.c_star);
            let f = (sw2 * pp + sb2) / q;
            let chi_c_ref = sw2 * dd;
            let tol_c = 10.0 * DELTA * sw2.max(1.0) / q.min(1.0) / (1.0 - chi_c_ref);
            assert!(
                (f - corr.c_star).abs() <= tol_c,
                "{kind} c*: f({}) = {f}",
                corr.c_star
            );
            assert!(
                (corr.chi_c - chi_c_ref).abs() <= 10.0 * sw2 * DELTA,
                "{kind} χ_c: {} vs {chi_c_ref}",
                corr.chi_c
            );
            assert_eq!(pt.phase, Phase::Chaotic);
        }
        let xi = corr.xi_c.expect("χ_c < 1 at these points");
        assert!(
            (xi + 1.0 / corr.chi_c.ln()).abs() <= 1e-12 * xi,
            "{kind} ξ_c"
        );
    }
}

#[test]
fn quadrature_matches_the_arc_cosine_kernel() {
    // The 2-D rule against Cho & Saul's closed form, including c near ±1 where the kink of φ(u₂) is far
    // off the grid lines; 16-point panels resolve Gaussian × linear pieces to rounding, so 10⁻¹⁴·q.
    for (kind, slope) in [
        (Activation::Relu, 0.0),
        (Activation::LeakyRelu, 0.2),
        (Activation::Linear, 0.0),
    ] {
        let p = Nonlinearity::new(kind, slope);
        for q in [0.01, 1.0, 7.0, 100.0] {
            for c in [-0.99, -0.3, 0.0, 0.5, 0.9, 0.999, 0.999_999, 1.0] {
                let exact = phase::pair_moments(&p, q, c);
                let quad = phase::pair_moments_quadrature(&p, q, c);
                assert!(
                    (exact.phi_phi - quad.phi_phi).abs() <= 1e-14 * q,
                    "{kind} q {q} c {c}"
                );
                assert!(
                    (exact.dphi_dphi - quad.dphi_dphi).abs() <= 1e-14,
                    "{kind} q {q} c {c}"
                );
            }
        }
    }
    // The closed form itself at c = 0 and 1: E[relu]² = q/(2π), E[relu²] = q/2.
    let r = phase::pair_moments(&phi(Activation::Relu), 3.0, 0.0);
    assert!((r.phi_phi - 3.0 / (2.0 * std::f64::consts::PI)).abs() < 1e-15);
    assert!((r.dphi_dphi - 0.25).abs() < 1e-15);
    assert!((phase::pair_moments(&phi(Activation::Relu), 3.0, 1.0).phi_phi - 1.5).abs() < 1e-15);
}

#[test]
fn closed_form_points() {
    // ReLU: χ₁ = σ_w²/2 for every q; q* = σ_b²/(1 − σ_w²/2) below σ_w² = 2, diverging above.
    let relu = phi(Activation::Relu);
    let pt = phase::point(&relu, 1.5, 0.05);
    assert_eq!(pt.q_star, QStar::Finite(0.05 / 0.25));
    assert_eq!(pt.chi_1, 0.75);
    assert_eq!(phase::point(&relu, 2.5, 0.1).q_star, QStar::Diverged);
    assert_eq!(phase::point(&relu, 1.0, 0.0).q_star, QStar::Collapsed);
    let edge = phase::point(&relu, 2.0, 0.0);
    assert_eq!(edge.q_star, QStar::Neutral);
    assert_eq!((edge.chi_1, edge.phase), (1.0, Phase::Critical));
    let c = edge.correlation.unwrap();
    assert_eq!((c.c_star, c.chi_c, c.xi_c), (1.0, 1.0, None));
    // Identity: c* = 1, χ_c = χ₁ = σ_w² (q* = σ_b²/(1 − σ_w²)).
    let id = phase::point(&phi(Activation::Linear), 0.5, 0.2);
    assert_eq!(id.q_star, QStar::Finite(0.4));
    assert_eq!(id.correlation.unwrap().c_star, 1.0);
    assert_eq!(id.correlation.unwrap().chi_c, 0.5);
    // tanh with σ_b² = 0 and σ_w² < 1: q* collapses to 0 — no fixed point to report; χ₁'s limit is
    // σ_w²·tanh′(0)² = σ_w² (ordered).
    let t = phase::point(&phi(Activation::Tanh), 0.7, 0.0);
    assert_eq!(t.q_star, QStar::Collapsed);
    assert!(t.correlation.is_none());
    assert!((t.chi_1 - 0.7).abs() < 1e-14 && t.phase == Phase::Ordered);
    // tanh with σ_b² = 0, σ_w² > 1: odd φ, so f(0) = 0 and c* = 0 (chaotic).
    let t = phase::point(&phi(Activation::Tanh), 3.0, 0.0);
    assert_eq!(t.correlation.unwrap().c_star, 0.0);
    // SELU at σ_w² = 1, σ_b² = 0: the self-normalizing fixed point q* = 1 (Klambauer et al. 2017), E[φ] = 0
    // there so c* = 0 as well.
    let s = phase::point(&phi(Activation::Selu), 1.0, 0.0);
    assert!(
        (s.q_star.value().unwrap() - 1.0).abs() < 1e-9,
        "{:?}",
        s.q_star
    );
    assert!(s.correlation.unwrap().c_star.abs() < 1e-9);
    // σ_w² = 0: q* = σ_b², χ₁ = 0, c* = 1, ξ_c = 0.
    let z = phase::point(&phi(Activation::Tanh), 0.0, 0.3);
    assert_eq!(z.q_star, QStar::Finite(0.3));
    assert_eq!(z.correlation.unwrap().xi_c, Some(0.0));
}

#[test]
fn critical_line() {
    // Rectifiers: χ₁ = σ_w²(1 + a²)/2 for every q → σ_w² = 2/(1 + a²) at every σ_b².
    assert_eq!(phase::critical_sw2(&phi(Activation::Relu), 0.3), Some(2.0));
    let leaky = Nonlinearity::new(Activation::LeakyRelu, 0.5);
    assert_eq!(phase::critical_sw2(&leaky, 0.0), Some(2.0 / 1.25));
    // tanh at σ_b² = 0: σ_w² = 1, where q* leaves 0. Near it χ₁ − 1 ≈ (σ_w² − 1)²/3 (series of the maps),
    // so χ₁ known to ~10⁻¹⁵ pins σ_w² only to √(3·10⁻¹⁵) ≈ 6·10⁻⁸: tolerance 10⁻⁶.
    let tanh = phi(Activation::Tanh);
    let w = phase::critical_sw2(&tanh, 0.0).unwrap();
    assert!((w - 1.0).abs() < 1e-6, "{w}");
    // On the line χ₁ = 1 (the reference quadrature at the reference q*), and it moves right as σ_b² grows.
    // Poole et al. 2016 (Fig. 1) draw the tanh line through σ_w² ≈ 1.76 at σ_b² = 0.05.
    let mut last = w;
    for sb2 in [0.05, 0.1, 0.3] {
        let sw2 = phase::critical_sw2(&tanh, sb2).unwrap();
        let (q, _) = q_star_ref(&tanh, sw2, sb2, (1e-3, 10.0));
        let chi = sw2 * moments_ref(&tanh, q)[1];
        assert!(
            (chi - 1.0).abs() < 1e-9,
            "σ_b² {sb2}: χ₁ = {chi} at σ_w² = {sw2}"
        );
        assert!(sw2 > last);
        last = sw2;
        if sb2 == 0.05 {
            assert!((sw2 - 1.76).abs() < 0.005, "{sw2}");
        }
    }
    // GELU at σ_b² = 0: q* leaps from 0 to ∞ and χ₁ jumps over 1 — no critical line.
    assert_eq!(phase::critical_sw2(&phi(Activation::Gelu), 0.0), None);
}

#[test]
fn correlation_curve_approaches_c_star() {
    // A chaotic tanh network: c_l → c* from c₁ = 0.99, the gap shrinking by χ_c per layer at the end.
    let tanh = phi(Activation::Tanh);
    let (sw2, sb2) = (4.0, 0.2);
    let c_star = phase::point(&tanh, sw2, sb2).correlation.unwrap();
    let (q1, c1) = phase::first_layer(sw2, sb2, 0.99);
    assert_eq!(q1, 4.2);
    let curve = phase::correlation_curve(&tanh, sw2, sb2, q1, c1, 120);
    assert_eq!(curve.len(), 120);
    assert_eq!(curve[0], c1);
    let gap = |l: usize| curve[l] - c_star.c_star;
    assert!(gap(119).abs() < 1e-5, "{}", gap(119));
    let ratio = gap(60) / gap(59);
    assert!(
        (ratio - c_star.chi_c).abs() < 1e-3,
        "{ratio} vs {}",
        c_star.chi_c
    );
    // Ordered ReLU: c_l → 1.
    let relu = phi(Activation::Relu);
    let (q1, c1) = phase::first_layer(1.5, 0.1, 0.0);
    let curve = phase::correlation_curve(&relu, 1.5, 0.1, q1, c1, 200);
    assert!(curve.windows(2).all(|w| w[1] >= w[0]) && curve[199] > 0.999);
}

#[test]
fn grid_is_row_major_in_sb2() {
    let tanh = phi(Activation::Tanh);
    let sw2 = phase::linspace(0.5, 2.5, 3);
    assert_eq!(sw2, vec![0.5, 1.5, 2.5]);
    let g = phase::grid(&tanh, &sw2, &[0.0, 0.1]);
    assert_eq!(g.len(), 6);
    assert_eq!((g[4].sw2, g[4].sb2), (1.5, 0.1));
    assert_eq!(g[4], phase::point(&tanh, 1.5, 0.1));
}
