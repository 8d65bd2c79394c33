//! Order and chaos: the mean-field phase diagram of a deep network in the (σ_w², σ_b²) plane
//! (Poole et al. 2016, "Exponential expressivity in deep neural networks through transient chaos";
//! Schoenholz et al. 2017, "Deep Information Propagation"), in f64.
//!
//! With σ_w² = fan_in·Var(w), σ_b² = Var(b) and z ~ N(0, 1):
//! - q* is the fixed point of the length map q ← σ_w²·E[φ(√q z)²] + σ_b², iterated from q₁ = σ_w² + σ_b²
//!   (the first layer's q for inputs with E[x²] = 1, as in the Lab);
//! - χ₁ = σ_w²·E[φ′(√q* z)²]: χ₁ < 1 ordered (inputs converge, gradients vanish), χ₁ > 1 chaotic;
//! - the correlation map c ← (σ_w²·E[φ(u₁)φ(u₂)] + σ_b²)/q* with u₁ = √q* z₁, u₂ = √q*(c z₁ + √(1−c²) z₂);
//!   c* its stable fixed point in [0, 1] (the limit of the iterates from c = 0);
//! - χ_c = σ_w²·E[φ′(u₁)φ′(u₂)] at c*, the map's slope there (Price's theorem), and the depth scale
//!   ξ_c = −1/ln χ_c over which correlations approach c* (none where χ_c ≥ 1).
//!
//! The map is increasing and convex on [0, 1] (its Hermite expansion has non-negative coefficients) and
//! f(1) = 1, so for χ₁ ≤ 1 c* = 1, and for χ₁ > 1 c* < 1 is the smallest root of f(c) = c, found by Newton's
//! method from c = 0 (monotone on a convex function), safeguarded by bisection.

use super::activation::Shape;
use super::nonlinearity::Nonlinearity;
use super::quadrature2d::correlated_expectation;
use super::theory::{length_fixed_point, moments};

/// The fixed point q* of the length map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum QStar {
    /// A finite, positive fixed point.
    Finite(f64),
    /// The iterates collapse to 0 (e.g. tanh with σ_b² = 0 and σ_w² ≤ 1): every input shrinks to zero.
    Collapsed,
    /// The iterates grow without bound (e.g. ReLU with σ_w² > 2).
    Diverged,
    /// Every q is a fixed point: a positively homogeneous φ (identity, rectifiers) with σ_b² = 0 exactly at
    /// σ_w²·E[φ(z)²] = 1 (ReLU at σ_w² = 2). χ₁, c* and χ_c do not depend on q there.
    Neutral,
}

impl QStar {
    /// The value, where finite.
    pub fn value(self) -> Option<f64> {
        match self {
            QStar::Finite(q) => Some(q),
            QStar::Collapsed | QStar::Diverged | QStar::Neutral => None,
        }
    }

    /// "finite", "collapsed", "diverged" or "neutral".
    pub fn id(self) -> &'static str {
        match self {
            QStar::Finite(_) => "finite",
            QStar::Collapsed => "collapsed",
            QStar::Diverged => "diverged",
            QStar::Neutral => "neutral",
        }
    }
}

/// Which side of the edge of chaos χ₁ puts a point on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// χ₁ < 1: nearby inputs converge, gradients vanish.
    Ordered,
    /// χ₁ = 1 (within 10⁻⁹): the edge of chaos.
    Critical,
    /// χ₁ > 1: nearby inputs decorrelate, gradients explode.
    Chaotic,
}

impl Phase {
    /// "ordered", "critical" or "chaotic".
    pub fn id(self) -> &'static str {
        match self {
            Phase::Ordered => "ordered",
            Phase::Critical => "critical",
            Phase::Chaotic => "chaotic",
        }
    }

    /// The phase of χ₁.
    pub fn of(chi_1: f64) -> Phase {
        if (chi_1 - 1.0).abs() <= 1e-9 {
            Phase::Critical
        } else if chi_1 < 1.0 {
            Phase::Ordered
        } else {
            Phase::Chaotic
        }
    }
}

/// The correlation map's stable fixed point and its slope there (Schoenholz et al. 2017, §3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CorrelationFixedPoint {
    /// c*, in [0, 1].
    pub c_star: f64,
    /// χ_c = σ_w²·E[φ′(u₁)φ′(u₂)] at c*.
    pub chi_c: f64,
    /// ξ_c = −1/ln χ_c in layers; `None` where χ_c ≥ 1.
    pub xi_c: Option<f64>,
}

/// One point of the phase diagram: everything a readout shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhasePoint {
    /// σ_w² = fan_in·Var(w).
    pub sw2: f64,
    /// σ_b² = Var(b).
    pub sb2: f64,
    /// The length map's fixed point.
    pub q_star: QStar,
    /// χ₁ = σ_w²·E[φ′(√q* z)²]; where q* collapses or diverges, its limit as q → 0 or q → ∞ (which decides
    /// the phase), to be shown as such rather than as a value at a fixed point.
    pub chi_1: f64,
    /// The phase χ₁ puts the point in.
    pub phase: Phase,
    /// c*, χ_c and ξ_c; `None` where q* collapses or diverges (the map is undefined there).
    pub correlation: Option<CorrelationFixedPoint>,
}

/// E[φ(u₁)φ(u₂)] and E[φ′(u₁)φ′(u₂)] for u₁, u₂ ~ N(0, q) with correlation c.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairMoments {
    /// E[φ(u₁)φ(u₂)].
    pub phi_phi: f64,
    /// E[φ′(u₁)φ′(u₂)].
    pub dphi_dphi: f64,
}

/// [`PairMoments`]: closed forms for the identity (q·c, 1) and the rectifiers — the arc-cosine kernel of
/// Cho & Saul 2009, E[relu(u₁)relu(u₂)] = q/(2π)·(√(1−c²) + (π − arccos c)·c), with
/// φ(x) = relu(x) − a·relu(−x) for negative slope a — and 2-D quadrature otherwise.
pub fn pair_moments(phi: &Nonlinearity, q: f64, c: f64) -> PairMoments {
    let c = c.clamp(-1.0, 1.0);
    match phi.info().shape {
        Shape::Identity => PairMoments {
            phi_phi: q * c,
            dphi_dphi: 1.0,
        },
        Shape::Rectifier => {
            let a = phi.negative_slope();
            let pi = std::f64::consts::PI;
            let (theta, r) = (libm::acos(c), (1.0 - c * c).sqrt());
            // K(c) = E[relu(u₁)relu(u₂)]; E[relu(u₁)relu(−u₂)] = K(−c).
            let k = |c: f64, theta: f64| q / (2.0 * pi) * (r + (pi - theta) * c);
            PairMoments {
                phi_phi: (1.0 + a * a) * k(c, theta) - 2.0 * a * k(-c, pi - theta),
                dphi_dphi: ((1.0 + a * a) * (pi - theta) + 2.0 * a * theta) / (2.0 * pi),
            }
        }
        Shape::Smooth => pair_moments_quadrature(phi, q, c),
    }
}

/// [`PairMoments`] by quadrature for any φ (what [`pair_moments`] uses for smooth shapes; public so tests
/// can check it against the closed forms).
pub fn pair_moments_quadrature(phi: &Nonlinearity, q: f64, c: f64) -> PairMoments {
    let [phi_phi, dphi_dphi] =
        correlated_expectation(q.max(0.0).sqrt(), c, phi.kinked_at_zero(), |x| {
            [phi.value_f64(x), phi.derivative_f64(x)]
        });
    PairMoments { phi_phi, dphi_dphi }
}

/// q* for (σ_w², σ_b²): closed forms for the identity and rectifiers (q* = σ_b²/(1 − σ_w²·E[φ(z)²]) when
/// that ratio is below 1), the shared fixed-point search of [`length_fixed_point`] otherwise.
pub fn q_star(phi: &Nonlinearity, sw2: f64, sb2: f64) -> QStar {
    if matches!(phi.info().shape, Shape::Identity | Shape::Rectifier) {
        let ratio = sw2 * moments(phi, 1.0).second;
        return if sb2 == 0.0 {
            if (ratio - 1.0).abs() < 1e-12 {
                QStar::Neutral
            } else if ratio < 1.0 {
                QStar::Collapsed
            } else {
                QStar::Diverged
            }
        } else if ratio < 1.0 {
            QStar::Finite(sb2 / (1.0 - ratio))
        } else {
            QStar::Diverged
        };
    }
    let q = length_fixed_point(phi, sw2, sb2, sw2 + sb2);
    if q <= 0.0 {
        QStar::Collapsed
    } else if q.is_finite() {
        QStar::Finite(q)
    } else {
        QStar::Diverged
    }
}

/// χ₁ = σ_w²·E[φ′(√q z)²] at `q_star`: at q → 0 (Collapsed) and q → ∞ (Diverged) its limit, evaluated at
/// q = 10⁻³⁰⁰ and 10³⁰⁰ so a kink at 0 still counts both sides; any q for Neutral (φ is homogeneous).
pub fn chi_1(phi: &Nonlinearity, sw2: f64, q_star: QStar) -> f64 {
    let q = match q_star {
        QStar::Finite(q) => q,
        QStar::Collapsed => 1e-300,
        QStar::Diverged => 1e300,
        QStar::Neutral => 1.0,
    };
    sw2 * moments(phi, q).deriv_sq
}

/// One step of the correlation map for pre-activations of variance `q` (layer l) feeding `q_next`
/// (layer l+1): (c_{l+1}, dc_{l+1}/dc_l) = ((σ_w²·E[φ(u₁)φ(u₂)] + σ_b²)/q_next, σ_w²·q·E[φ′φ′]/q_next).
// Out of line: the page's .wasm calls it from several places, and inlined copies only add size.
#[inline(never)]
pub fn correlation_step(
    phi: &Nonlinearity,
    sw2: f64,
    sb2: f64,
    q: f64,
    q_next: f64,
    c: f64,
) -> (f64, f64) {
    let m = pair_moments(phi, q, c);
    (
        (sw2 * m.phi_phi + sb2) / q_next,
        sw2 * q * m.dphi_dphi / q_next,
    )
}

/// c*, χ_c and ξ_c at a fixed point q of the length map, given χ₁ there.
pub fn correlation_fixed_point(
    phi: &Nonlinearity,
    sw2: f64,
    sb2: f64,
    q: f64,
    chi_1: f64,
) -> CorrelationFixedPoint {
    let (c_star, chi_c) = if chi_1 <= 1.0 {
        (1.0, chi_1)
    } else {
        // g(c) = f(c) − c: g(0) ≥ 0, convex, negative just below 1. Newton from the left, with [lo, hi]
        // kept as g(lo) ≥ 0 and hi at or beyond the root.
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        let (mut c, mut slope) = (0.0, 0.0);
        for _ in 0..100 {
            let (f, df) = correlation_step(phi, sw2, sb2, q, q, c);
            slope = df;
            let g = f - c;
            if g < 0.0 {
                hi = c;
                c = 0.5 * (lo + hi);
                continue;
            }
            lo = c;
            let next = if df < 1.0 { c - g / (df - 1.0) } else { hi };
            let next = if next > lo && next < hi {
                next
            } else {
                0.5 * (lo + hi)
            };
            if (next - c).abs() <= 1e-14 || hi - lo <= 1e-14 {
                break;
            }
            c = next;
        }
        (c, slope)
    };
    let xi_c = (chi_c < 1.0).then(|| -1.0 / libm::log(chi_c));
    CorrelationFixedPoint {
        c_star,
        chi_c,
        xi_c,
    }
}

/// The phase-diagram point (σ_w², σ_b²) for φ (Poole et al. 2016; Schoenholz et al. 2017).
pub fn point(phi: &Nonlinearity, sw2: f64, sb2: f64) -> PhasePoint {
    let q = q_star(phi, sw2, sb2);
    let chi_1 = chi_1(phi, sw2, q);
    let correlation = match q {
        QStar::Finite(v) => Some(correlation_fixed_point(phi, sw2, sb2, v, chi_1)),
        // φ homogeneous, σ_b² = 0: the map does not depend on q.
        QStar::Neutral => Some(correlation_fixed_point(phi, sw2, 0.0, 1.0, chi_1)),
        QStar::Collapsed | QStar::Diverged => None,
    };
    PhasePoint {
        sw2,
        sb2,
        q_star: q,
        chi_1,
        phase: Phase::of(chi_1),
        correlation,
    }
}

/// `n` evenly spaced values from `a` to `b` inclusive (`a` alone for n = 1).
pub fn linspace(a: f64, b: f64, n: usize) -> Vec<f64> {
    match n {
        0 => Vec::new(),
        1 => vec![a],
        _ => (0..n)
            .map(|i| a + (b - a) * i as f64 / (n - 1) as f64)
            .collect(),
    }
}

/// The points of a grid, σ_b² in the outer loop: row `j·sw2s.len() + i` is (sw2s[i], sb2s[j]).
pub fn grid(phi: &Nonlinearity, sw2s: &[f64], sb2s: &[f64]) -> Vec<PhasePoint> {
    sb2s.iter()
        .flat_map(|&sb2| sw2s.iter().map(move |&sw2| point(phi, sw2, sb2)))
        .collect()
}

/// The σ_w² of the critical line χ₁ = 1 at this σ_b² (Schoenholz et al. 2017, Fig. 1): 2/(1 + a²) for
/// rectifiers (χ₁ = σ_w²·(1 + a²)/2 for every q), 1 for the identity; otherwise bisection on χ₁ − 1 between
/// 0 (χ₁ = 0) and the first of 1, 2, 4, … up to 2¹⁴ where χ₁ > 1. `None` where χ₁ never exceeds 1 there, or
/// jumps over 1 instead of crossing it (GELU and swish at σ_b² = 0, where q* leaps from 0 to ∞).
pub fn critical_sw2(phi: &Nonlinearity, sb2: f64) -> Option<f64> {
    match phi.info().shape {
        Shape::Identity => return Some(1.0),
        Shape::Rectifier => {
            let a = phi.negative_slope();
            return Some(2.0 / (1.0 + a * a));
        }
        Shape::Smooth => {}
    }
    let chi = |sw2: f64| chi_1(phi, sw2, q_star(phi, sw2, sb2));
    let mut hi = 1.0;
    while chi(hi) <= 1.0 {
        hi *= 2.0;
        if hi > 16384.0 {
            return None;
        }
    }
    let mut lo = 0.0;
    while hi - lo > 1e-13 * hi {
        let mid = 0.5 * (lo + hi);
        if chi(mid) <= 1.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let sw2 = 0.5 * (lo + hi);
    ((chi(sw2) - 1.0).abs() < 1e-6).then_some(sw2)
}

/// The correlation c_l of two inputs' pre-activations over layers 1..=depth, from layer 1's variance `q1`
/// and correlation `c1` (for inputs with E[x²] = 1 and correlation c₀: q₁ = σ_w² + σ_b², and
/// c₁ = (σ_w²·c₀ + σ_b²)/q₁; see [`first_layer`]). Each step uses the length map's q_l, not q*, so the curve
/// is the theory for a finite-depth network; entries after q collapses to 0 or overflows are NaN.
pub fn correlation_curve(
    phi: &Nonlinearity,
    sw2: f64,
    sb2: f64,
    q1: f64,
    c1: f64,
    depth: usize,
) -> Vec<f64> {
    let mut out = Vec::with_capacity(depth);
    let (mut q, mut c) = (q1, c1);
    for _ in 0..depth {
        out.push(c);
        let q_next = sw2 * moments(phi, q).second + sb2;
        c = if q > 0.0 && q_next > 0.0 && q_next.is_finite() && c.is_finite() {
            correlation_step(phi, sw2, sb2, q, q_next, c).0
        } else {
            f64::NAN
        };
        q = q_next;
    }
    out
}

/// Layer 1's (q₁, c₁) for two inputs with E[x²] = 1 and correlation c₀ (the first layer sees the inputs
/// themselves): q₁ = σ_w² + σ_b², c₁ = (σ_w²·c₀ + σ_b²)/q₁ (c₁ = c₀ where q₁ = 0).
pub fn first_layer(sw2: f64, sb2: f64, c0: f64) -> (f64, f64) {
    let q1 = sw2 + sb2;
    let c1 = if q1 > 0.0 { (sw2 * c0 + sb2) / q1 } else { c0 };
    (q1, c1)
}
