//! Learn's live figures as small multiples: one panel per run, side by side on shared axes (stacked on a
//! phone), each with Var(h) measured (solid), its theory (dashed) and the gradient's variance (dotted).

use super::axes::{cartesian, line, log_tick, Axes};
use super::palette::{self, Dash};
use super::pieces::{draw_exits, pieces, Pieces};
use super::variance::y_range;
use super::{Area, DrawResult, Fonts};
use initscope::engine::SimResult;
use plotters::prelude::*;

/// Draw the panels side by side on shared axes. A curve that leaves the axis (a theory past f32's range)
/// ends at the edge with an arrowhead, as in the Lab's chart; a variance of 0 or a non-finite one breaks it.
pub fn draw_small_multiples<DB: DrawingBackend>(
    root: &Area<DB>,
    runs: &[(String, SimResult)],
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let series = |r: &SimResult| -> [Vec<f64>; 3] {
        [
            r.layers.iter().map(|l| l.pre_var).collect(),
            r.theory
                .as_ref()
                .map(|t| t.layers.iter().map(|l| l.pre_var).collect())
                .unwrap_or_default(),
            r.layers.iter().map(|l| l.grad_var).collect(),
        ]
    };
    let all: Vec<[Vec<f64>; 3]> = runs.iter().map(|(_, r)| series(r)).collect();
    let (ylo, yhi) = y_range(all.iter().flat_map(|s| s.iter().flatten()));
    let depth = runs
        .iter()
        .map(|(_, r)| r.layers.len())
        .max()
        .unwrap_or(2)
        .max(2);
    // Side by side; stacked when the canvas is too narrow for two sets of ticks (a phone).
    let n = runs.len().max(1);
    let (w, _) = root.dim_in_pixel();
    let areas = if n > 1 && w < 520 {
        root.split_evenly((n, 1))
    } else {
        root.split_evenly((1, n))
    };
    let styles = [
        (palette::BLUE, Dash::Solid),
        (palette::GREY, Dash::Dashed),
        (palette::VERMILLION, Dash::Dotted),
    ];
    for ((area, (label, _)), s) in areas.iter().zip(runs).zip(&all) {
        let axes = Axes {
            caption: label,
            x: 1.0..depth as f64,
            y: ylo..yhi,
            x_desc: "layer",
            y_desc: "variance",
            y_ticks: log_tick,
        };
        let mut chart = cartesian(area, &axes, fonts)?;
        for (values, (color, dash)) in s.iter().zip(styles) {
            let Pieces { runs, exits, .. } = pieces(values, (ylo, yhi));
            for run in runs {
                line(&mut chart, run, color, dash, 2)?;
            }
            draw_exits(&mut chart, &exits, color)?;
        }
    }
    root.present()
}
