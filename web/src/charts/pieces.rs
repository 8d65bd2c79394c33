//! A curve on a log axis, cut into what the axis can show: runs of points inside it, the layers whose
//! variance is exactly 0, and the points where a run leaves the axis (drawn as arrowheads).

use super::axes::{log10, Chart};
use super::DrawResult;
use plotters::prelude::*;

/// A curve cut into what a log axis can show: runs of points inside the range `(ylo, yhi)` (log₁₀), the
/// layers whose variance is exactly 0 (not a point of the log scale), and the points where a run leaves the
/// range (at the edge; `true` when upwards).
pub struct Pieces {
    /// Runs of (layer, log₁₀ value) to draw as lines.
    pub runs: Vec<Vec<(f64, f64)>>,
    /// Layers (x) whose value is exactly 0.
    pub zeros: Vec<f64>,
    /// Where a run leaves the range, on its edge, and whether upwards.
    pub exits: Vec<((f64, f64), bool)>,
}

/// Cut `values` (layer 1 first) into [`Pieces`]. A variance of exactly 0 is marked, not drawn as if it were
/// the floor's value; a value beyond the range ends its run at the edge (with an arrowhead there,
/// [`draw_exits`]), not a line along the edge; other non-finite values break the line.
pub fn pieces(values: &[f64], (ylo, yhi): (f64, f64)) -> Pieces {
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    let mut zeros: Vec<f64> = Vec::new();
    let mut exits: Vec<((f64, f64), bool)> = Vec::new();
    let mut outside = false;
    for (i, &v) in values.iter().enumerate() {
        let x = (i + 1) as f64;
        if v.is_nan() || v.is_infinite() || v <= 0.0 {
            if v == 0.0 {
                zeros.push(x);
            }
            runs.push(Vec::new());
            outside = false;
            continue;
        }
        let y = log10(v);
        if y < ylo || y > yhi {
            let edge = (x, y.clamp(ylo, yhi));
            if !outside {
                if let Some(r) = runs.last_mut() {
                    r.push(edge);
                }
                exits.push((edge, y > yhi));
                runs.push(Vec::new());
            }
            outside = true;
            continue;
        }
        outside = false;
        if let Some(r) = runs.last_mut() {
            r.push((x, y));
        }
    }
    runs.retain(|r| !r.is_empty());
    Pieces { runs, zeros, exits }
}

/// An arrowhead at each of `exits`, pointing the way the curve left the axis.
pub fn draw_exits<DB: DrawingBackend, C: Color>(
    chart: &mut Chart<DB>,
    exits: &[((f64, f64), bool)],
    color: C,
) -> DrawResult<DB> {
    for &((x, y), up) in exits {
        let dy = if up { 8 } else { -8 };
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, y))
                + Polygon::new(
                    vec![(-5, dy / 2), (5, dy / 2), (0, -dy / 2 - dy)],
                    color.filled(),
                ),
        ))?;
    }
    Ok(())
}
