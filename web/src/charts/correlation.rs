//! Correlation by layer: the measured mean cosine similarity between examples at the input of φ, and the
//! mean-field correlation map beside it. A deep ReLU stack drives it to 1 (the inputs become
//! indistinguishable); a chaotic stack keeps it near c* < 1. Drawn as a per-block chart (`per_block.rs`) with
//! c = 1 marked.

use super::palette::{Dash, BLUE, VERMILLION};
use super::per_block::{draw_per_block, Curve, PerBlockView};
use super::{Area, DrawResult, Fonts};
use initscope::engine::series::Axis;
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

/// Draw the chart: the line c = 1 (indistinguishable), the measured curve (solid) and the theory (dashed).
pub fn draw_correlation<DB: DrawingBackend>(
    root: &Area<DB>,
    view: &CorrelationView,
    fonts: Fonts,
) -> DrawResult<DB> {
    let clamp = |v: &Vec<f64>| v.iter().map(|x| x.clamp(-1.0, 1.0)).collect();
    let mut curves = Vec::new();
    if let Some(t) = &view.theory {
        curves.push(Curve {
            values: clamp(t),
            color: VERMILLION,
            dash: Dash::Dashed,
        });
    }
    curves.push(Curve {
        values: clamp(&view.measured),
        color: BLUE,
        dash: Dash::Solid,
    });
    let per_block = PerBlockView {
        depth: view.depth,
        axis: Axis::Linear,
        x_desc: "layer",
        y_desc: "mean cosine between examples",
        curves,
        reference: Some((1.0, String::new())),
    };
    draw_per_block(root, &per_block, fonts)
}
