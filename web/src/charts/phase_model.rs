//! What the phase map shows, without drawing it: the (σ_w², σ_b²) grid, the colour of a point (ξ_c or χ₁ on
//! a computed viridis scale), the named initializers as points, and the words a readout uses for a point
//! (Poole et al. 2016; Schoenholz et al. 2017). The numbers themselves come from `engine::phase`.

use initscope::engine::phase::{PhasePoint, QStar};
use initscope::engine::{recommendation, Nonlinearity};
use plotters::style::RGBColor;

/// The grid of the phase map: `columns` σ_w² cells over (0, sw2_max], `rows` σ_b² values 0, dy, … sb2_max.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    /// Number of σ_w² cells.
    pub columns: usize,
    /// Number of σ_b² rows (the first at σ_b² = 0).
    pub rows: usize,
    /// The right edge of the σ_w² axis.
    pub sw2_max: f64,
    /// The last row's σ_b².
    pub sb2_max: f64,
}

impl Grid {
    /// The page's grid: σ_w² ∈ (0, 4] in 32 cells, σ_b² ∈ [0, 0.5] in 11 rows.
    pub const PAGE: Grid = Grid {
        columns: 32,
        rows: 11,
        sw2_max: 4.0,
        sb2_max: 0.5,
    };

    /// Width of a σ_w² cell.
    pub fn dx(&self) -> f64 {
        self.sw2_max / self.columns as f64
    }

    /// Spacing of the σ_b² rows.
    pub fn dy(&self) -> f64 {
        self.sb2_max / (self.rows.max(2) - 1) as f64
    }

    /// σ_w² at the centre of column `i`.
    pub fn sw2(&self, i: usize) -> f64 {
        (i as f64 + 0.5) * self.dx()
    }

    /// σ_b² of row `j`.
    pub fn sb2(&self, j: usize) -> f64 {
        j as f64 * self.dy()
    }

    /// The top of the σ_b² axis (half a row above the last).
    pub fn sb2_top(&self) -> f64 {
        self.sb2_max + 0.5 * self.dy()
    }

    /// The cell (column, row) that holds a point of the plane, clamped to the grid.
    pub fn cell_at(&self, sw2: f64, sb2: f64) -> (usize, usize) {
        let i = (sw2 / self.dx()).floor().max(0.0) as usize;
        let j = (sb2 / self.dy()).round().max(0.0) as usize;
        (i.min(self.columns - 1), j.min(self.rows - 1))
    }

    /// Rows in the order to compute them: coarse to fine (first, last, middle, then halving the gaps), so the
    /// whole map appears early and sharpens.
    pub fn row_order(&self) -> Vec<usize> {
        let n = self.rows;
        let mut order: Vec<usize> = Vec::with_capacity(n);
        let mut push = |j: usize| {
            if j < n && !order.contains(&j) {
                order.push(j);
            }
        };
        push(0);
        push(n - 1);
        let mut step = n.next_power_of_two();
        while step > 1 {
            step /= 2;
            (0..n).step_by(step.max(1)).for_each(&mut push);
        }
        order
    }
}

/// Which quantity colours the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// ξ_c = −1/ln χ_c, the depth over which two inputs' correlation settles (log scale, 1 to 100 layers).
    Xi,
    /// χ₁ = σ_w²·E[φ′(√q* z)²], the per-layer gain of a small perturbation and of the gradient (log scale,
    /// ½ to 2).
    Chi1,
}

impl Metric {
    /// The id used by the page's switch.
    pub fn id(self) -> &'static str {
        match self {
            Metric::Xi => "xi",
            Metric::Chi1 => "chi1",
        }
    }

    /// The colour bar's title.
    pub fn title(self) -> &'static str {
        match self {
            Metric::Xi => "ξ_c",
            Metric::Chi1 => "χ₁",
        }
    }

    /// Where `p` sits on the colour scale, in [0, 1]; `None` where there is nothing to colour (no finite
    /// fixed point q*: the correlation map is undefined there).
    pub fn position(self, p: &PhasePoint) -> Option<f64> {
        match self {
            Metric::Xi => {
                let c = p.correlation?;
                // χ_c ≥ 1: correlations never settle (the critical line): the top of the scale.
                let xi = c.xi_c.unwrap_or(f64::INFINITY);
                Some((log10(xi.max(1.0)) / 2.0).clamp(0.0, 1.0))
            }
            Metric::Chi1 if p.chi_1.is_finite() => {
                let l = if p.chi_1 > 0.0 {
                    log10(p.chi_1) / log10(2.0)
                } else {
                    -1.0
                };
                Some(((l + 1.0) / 2.0).clamp(0.0, 1.0))
            }
            Metric::Chi1 => None,
        }
    }

    /// The colour bar's ticks: (position in [0, 1], label).
    pub fn ticks(self) -> Vec<(f64, &'static str)> {
        match self {
            Metric::Xi => vec![(0.0, "1"), (0.5, "10"), (1.0, "≥100")],
            Metric::Chi1 => vec![(0.0, "≤½"), (0.5, "1"), (1.0, "≥2")],
        }
    }
}

/// log₁₀ for colour positions (pixels, not science: the workspace's libm rule does not apply).
#[allow(clippy::disallowed_methods)]
fn log10(x: f64) -> f64 {
    x.log10()
}

/// Viridis (van der Walt & Smith, matplotlib 2015) at nine evenly spaced stops, as R's `viridis(9)` lists
/// them: perceptually uniform, readable in greyscale and by the common colour-vision deficiencies.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2D, 0x7B),
    (0x3B, 0x52, 0x8B),
    (0x2C, 0x72, 0x8E),
    (0x21, 0x90, 0x8C),
    (0x27, 0xAD, 0x81),
    (0x5D, 0xC8, 0x63),
    (0xAA, 0xDC, 0x32),
    (0xFD, 0xE7, 0x25),
];

/// The viridis colour at `t` in [0, 1] (linear between the stops).
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let k = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - k as f64;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    let mix = |u: u8, v: u8| (u as f64 + (v as f64 - u as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Cells whose q* collapses to 0 (light grey) or diverges (mid grey): nothing to colour there.
pub const COLLAPSED: RGBColor = RGBColor(0xE4, 0xE6, 0xE9);
/// See [`COLLAPSED`].
pub const DIVERGED: RGBColor = RGBColor(0x9A, 0x9F, 0xA6);

/// The colour of a point.
pub fn colour(metric: Metric, p: &PhasePoint) -> RGBColor {
    match (metric.position(p), p.q_star) {
        (Some(t), _) => viridis(t),
        (None, QStar::Diverged) => DIVERGED,
        (None, _) => COLLAPSED,
    }
}

/// A named initializer as a point of the plane.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedPoint {
    /// Its label on the chart.
    pub label: String,
    /// Its label on a narrow chart.
    pub short: String,
    /// σ_w².
    pub sw2: f64,
    /// σ_b².
    pub sb2: f64,
    /// Whether it is the activation's recommended initializer.
    pub recommended: bool,
}

/// He (2, 0), Xavier/LeCun (1, 0) at equal widths, tanh's PyTorch gain 5/3 ((5/3)², 0), and the activation's
/// recommended initializer (marked on the one it coincides with, or added).
pub fn named_points(phi: &Nonlinearity) -> Vec<NamedPoint> {
    let named = |label: &str, short: &str, sw2: f64| NamedPoint {
        label: label.into(),
        short: short.into(),
        sw2,
        sb2: 0.0,
        recommended: false,
    };
    let mut v = vec![
        named("Xavier / LeCun", "Xavier", 1.0),
        named("He", "He", 2.0),
        named("tanh gain 5/3", "5/3", 25.0 / 9.0),
    ];
    let rec = recommendation(phi);
    let spec = initscope::engine::InitSpec {
        gain: rec.gain,
        ..initscope::engine::InitSpec::new(rec.init)
    };
    let width = 256;
    let sw2 = width as f64 * spec.distribution(width, width).variance();
    match v.iter_mut().find(|p| (p.sw2 - sw2).abs() <= 1e-3 * sw2) {
        Some(p) => p.recommended = true,
        None => v.push(NamedPoint {
            label: format!("{} (recommended)", rec.init.label()),
            short: "rec.".into(),
            sw2,
            sb2: 0.0,
            recommended: true,
        }),
    }
    v
}

/// The readout of a point in words: q*, χ₁ and the phase, c*, ξ_c — saying "collapses", "diverges" or
/// "undefined" where the fixed point does not exist rather than printing numbers.
pub fn readout(p: &PhasePoint) -> Vec<(&'static str, String)> {
    let num = |x: f64| format!("{x:.4}");
    let q = match p.q_star {
        QStar::Finite(q) => num(q),
        QStar::Collapsed => "collapses to 0 (every input shrinks to nothing)".into(),
        QStar::Diverged => "diverges (the variance grows without bound)".into(),
        QStar::Neutral => "any q is a fixed point (neutral)".into(),
    };
    let chi = match p.q_star {
        QStar::Collapsed => format!("{} (its limit as q → 0)", num(p.chi_1)),
        QStar::Diverged => format!("{} (its limit as q → ∞)", num(p.chi_1)),
        _ => num(p.chi_1),
    };
    let (c, xi) = match p.correlation {
        None => (
            "undefined (no fixed point q*)".to_string(),
            "undefined (no fixed point q*)".to_string(),
        ),
        Some(c) => (
            num(c.c_star),
            match c.xi_c {
                Some(x) => format!("{x:.1} layers"),
                None => "diverges (χ_c ≥ 1: correlations never settle)".into(),
            },
        ),
    };
    vec![
        ("σ_w²", num(p.sw2)),
        ("σ_b²", num(p.sb2)),
        ("q*", q),
        ("χ₁", format!("{chi} — {}", p.phase.id())),
        ("c*", c),
        ("ξ_c", xi),
    ]
}
