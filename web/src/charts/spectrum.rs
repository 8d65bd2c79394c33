//! The singular values of the input–output Jacobian ∂a_L/∂x, largest first, on a log scale (Saxe et al. 2014;
//! Pennington et al. 2017, "Resurrecting the sigmoid"): dynamical isometry is all of them near 1 — an
//! orthogonal linear stack shows exactly that, Xavier-normal spreads them over decades.

use super::axes::{cartesian, line, log10, log_tick, Axes};
use super::palette::{self, Dash};
use super::variance::y_range;
use super::{power_of_ten, Area, DrawResult, Fonts};
use plotters::prelude::*;

/// The spread of the spectrum: log₁₀(largest / smallest) over the positive finite values, if any.
pub fn decades(sv: &[f64]) -> Option<f64> {
    let pos = sv.iter().copied().filter(|v| v.is_finite() && *v > 0.0);
    let (lo, hi) = pos.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    (hi > 0.0).then(|| log10(hi) - log10(lo))
}

/// Where f64 stops resolving a spectrum whose largest value is `largest`: values of n × n matrices below
/// n·ε·largest (ε = 2⁻⁵² ≈ 2.2·10⁻¹⁶) are rounding, not the network.
pub fn f64_floor(largest: f64, n: usize) -> f64 {
    n.max(1) as f64 * f64::EPSILON * largest
}

/// How many of the (sorted or not) singular values lie below f64's floor ([`f64_floor`]).
pub fn below_floor(sv: &[f64]) -> usize {
    let largest = sv.iter().copied().fold(0.0f64, f64::max);
    let floor = f64_floor(largest, sv.len());
    sv.iter().filter(|&&v| v < floor).count()
}

/// Draw the sorted singular values (largest first) as a line with a reference at 1 and, when some fall below
/// it, f64's floor dashed in grey; the axis follows the values down; zeros sit on the bottom edge.
pub fn draw_spectrum<DB: DrawingBackend>(
    root: &Area<DB>,
    singular_values: &[f64],
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&fonts.paper())?;
    let mut sv: Vec<f64> = singular_values.to_vec();
    sv.sort_by(|a, b| b.total_cmp(a));
    let (ylo, yhi) = y_range(sv.iter());
    let n = sv.len().max(2) as f64;
    let caption = match decades(&sv) {
        Some(d) => format!("largest / smallest = {}", power_of_ten(d.round())),
        None => String::new(),
    };
    let axes = Axes {
        caption: &caption,
        x: 1.0..n,
        y: ylo..yhi,
        x_desc: "index (largest first)",
        y_desc: "singular value (log scale)",
        y_ticks: log_tick,
    };
    let mut chart = cartesian(root, &axes, fonts)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, 0.0), (n, 0.0)],
        palette::GREEN.mix(0.8).stroke_width(2),
    )))?;
    if below_floor(&sv) > 0 {
        let floor = log10(f64_floor(sv[0], sv.len())).clamp(ylo, yhi);
        line(
            &mut chart,
            vec![(1.0, floor), (n, floor)],
            palette::GREY,
            Dash::Dashed,
            1,
        )?;
    }
    let pts: Vec<(f64, f64)> = sv
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_nan())
        .map(|(i, &v)| {
            let y = if v > 0.0 && v.is_finite() {
                log10(v).clamp(ylo, yhi)
            } else if v > 0.0 {
                yhi
            } else {
                ylo
            };
            ((i + 1) as f64, y)
        })
        .collect();
    if pts.len() == 1 {
        chart.draw_series(std::iter::once(Circle::new(
            pts[0],
            4,
            palette::BLUE.filled(),
        )))?;
    } else {
        line(&mut chart, pts, palette::BLUE, Dash::Solid, 3)?;
    }
    root.present()
}
