//! Correlation by layer: the measured mean cosine similarity between examples at the input of φ, and the
//! mean-field correlation map beside it. A deep ReLU stack drives it to 1 (the inputs become
//! indistinguishable); a chaotic stack keeps it near c* < 1.

use super::axes::{cartesian, line, Axes};
use super::palette::{self, Dash};
use super::{Area, DrawResult, Fonts};
use plotters::prelude::*;

/// What the correlation chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct CorrelationView {
    /// Number of layers on the x axis.
    pub depth: usize,
    /// Measured mean cosine similarity per layer (NaN = not available).
    pub measured: Vec<f64>,
    /// The mean-field correlation map per layer (NaN = not computed yet), where the theory applies.
    pub theory: Option<Vec<f64>>,
}

/// A tick label for a correlation.
fn corr_tick(y: &f64) -> String {
    format!("{y:.1}")
}

/// Runs of consecutive finite points, layer numbers from 1.
fn runs(values: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, &v) in values.iter().enumerate() {
        if v.is_finite() {
            if let Some(r) = out.last_mut() {
                r.push(((i + 1) as f64, v.clamp(-1.0, 1.0)));
            }
        } else if out.last().is_some_and(|r| !r.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Draw the chart: the line c = 1 (indistinguishable), the measured curve (solid) and the theory (dashed).
pub fn draw_correlation<DB: DrawingBackend>(
    root: &Area<DB>,
    view: &CorrelationView,
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&fonts.paper())?;
    let lowest = view
        .measured
        .iter()
        .chain(view.theory.iter().flatten())
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::min);
    let ylo = (lowest - 0.1).clamp(-1.0, -0.1);
    let x_max = view.depth.max(2) as f64;
    let axes = Axes {
        caption: "",
        x: 1.0..x_max,
        y: ylo..1.05,
        x_desc: "layer",
        y_desc: "mean cosine between examples",
        y_ticks: corr_tick,
    };
    let mut chart = cartesian(root, &axes, fonts)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, 1.0), (x_max, 1.0)],
        palette::GREY.stroke_width(1),
    )))?;
    if let Some(theory) = &view.theory {
        for run in runs(theory) {
            draw_run(&mut chart, run, palette::VERMILLION, Dash::Dashed)?;
        }
    }
    for run in runs(&view.measured) {
        draw_run(&mut chart, run, palette::BLUE, Dash::Solid)?;
    }
    root.present()
}

fn draw_run<DB: DrawingBackend>(
    chart: &mut super::axes::Chart<DB>,
    run: Vec<(f64, f64)>,
    color: RGBColor,
    dash: Dash,
) -> DrawResult<DB> {
    if run.len() == 1 {
        chart.draw_series(std::iter::once(Circle::new(run[0], 3, color.filled())))?;
        return Ok(());
    }
    line(chart, run, color, dash, 3)
}
