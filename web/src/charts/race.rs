//! The race's charts: loss and test accuracy over steps, each network's decision boundary, and each
//! network's per-layer gradient norm over time.

use super::axes::{self, cartesian, log10, log_tick, percent_tick, Axes, Chart};
use super::palette::{self, Dash};
use super::{Area, DrawResult, Fonts, FONT};
use initscope::train::snapshot::{grid_points, RacerTrace, GRID, SPAN};
use plotters::prelude::*;

/// Colour and dash of racer i (the Lab's Okabe–Ito colours; dashes so colour is not needed).
pub fn racer_style(i: usize) -> (RGBColor, Dash) {
    const S: [(RGBColor, Dash); 4] = [
        (palette::BLUE, Dash::Solid),
        (palette::ORANGE, Dash::Dashed),
        (palette::PURPLE, Dash::Dotted),
        (palette::INK, Dash::Sparse),
    ];
    S[i % 4]
}

/// Racer i's line.
fn line<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    pts: Vec<(f64, f64)>,
    i: usize,
) -> DrawResult<DB> {
    let (color, dash) = racer_style(i);
    axes::line(chart, pts, color, dash, 3)
}

/// Loss (log scale, top) and test accuracy (bottom) against steps.
pub fn draw_curves<DB: DrawingBackend>(
    root: &Area<DB>,
    racers: &[RacerTrace],
    steps: usize,
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (_, h) = root.dim_in_pixel();
    let (top, bottom) = root.split_vertically(h / 2);
    let x_max = steps.max(10) as f64;
    let losses = racers
        .iter()
        .flat_map(|r| r.history.iter().map(|p| p.loss))
        .filter(|l| *l > 0.0 && l.is_finite());
    let (lo, hi) = losses.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), l| {
        (a.min(log10(l)), b.max(log10(l)))
    });
    let (lo, hi) = if lo.is_finite() {
        (
            (lo - 0.2).floor().max(-6.0),
            (hi + 0.2).ceil().max(lo + 1.0),
        )
    } else {
        (-2.0, 1.0)
    };
    let loss_axes = Axes {
        caption: "training loss (cross-entropy)",
        x: 0.0..x_max,
        y: lo..hi,
        x_desc: "",
        y_desc: "",
        y_ticks: log_tick,
    };
    let mut chart = cartesian(&top, &loss_axes, fonts)?;
    for (i, r) in racers.iter().enumerate() {
        let pts = r
            .history
            .iter()
            .filter(|p| p.loss > 0.0)
            .map(|p| (p.step as f64, log10(p.loss).clamp(lo, hi)))
            .collect();
        line(&mut chart, pts, i)?;
        if let Some(k) = r.diverged_at {
            let (color, _) = racer_style(i);
            chart.draw_series(std::iter::once(Cross::new(
                (k as f64, hi - 0.05 * (hi - lo)),
                7,
                color.stroke_width(3),
            )))?;
        }
    }
    let accuracy_axes = Axes {
        caption: "test accuracy",
        x: 0.0..x_max,
        y: 0.0..1.0,
        x_desc: "step",
        y_desc: "",
        y_ticks: percent_tick,
    };
    let mut chart = cartesian(&bottom, &accuracy_axes, fonts)?;
    for (i, r) in racers.iter().enumerate() {
        line(
            &mut chart,
            r.history
                .iter()
                .filter(|p| p.test_acc.is_finite())
                .map(|p| (p.step as f64, p.test_acc))
                .collect(),
            i,
        )?;
    }
    root.present()
}

/// Class colours for the decision boundaries.
const CLASS: [RGBColor; 3] = [palette::BLUE, palette::ORANGE, palette::GREEN];

/// A network's class probabilities on the snapshot grid (`probs`: GRID² × `c`), shaded by confidence, with the points on top.
pub fn draw_boundary<DB: DrawingBackend>(
    root: &Area<DB>,
    probs: &[f32],
    c: usize,
    points: (&[f32], &[usize]),
    title: &str,
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    const N: usize = GRID;
    let span = SPAN;
    let grid = grid_points();
    let c = c.max(1);
    if probs.len() < N * N * c {
        return root.present();
    }
    let mut chart = ChartBuilder::on(root)
        .margin(4)
        .caption(title, (FONT, fonts.tick))
        .build_cartesian_2d(-span..span, -span..span)?;
    let cell = 2.0 * span / N as f64;
    chart.draw_series((0..N * N).map(|k| {
        let row = &probs[k * c..(k + 1) * c];
        let best = row
            .iter()
            .enumerate()
            .fold(0, |b, (i, &v)| if v > row[b] { i } else { b });
        let conf = if row[best].is_finite() {
            (row[best] as f64 - 1.0 / c as f64) * c as f64 / (c as f64 - 1.0)
        } else {
            0.0
        };
        let (x, y) = (grid[2 * k] as f64, grid[2 * k + 1] as f64);
        Rectangle::new(
            [
                (x - cell / 2.0, y - cell / 2.0),
                (x + cell / 2.0, y + cell / 2.0),
            ],
            CLASS[best % 3]
                .mix(0.08 + 0.5 * conf.clamp(0.0, 1.0))
                .filled(),
        )
    }))?;
    let (xs, ys) = points;
    chart.draw_series(ys.iter().enumerate().map(|(i, &label)| {
        Circle::new(
            (xs[2 * i] as f64, xs[2 * i + 1] as f64),
            2,
            CLASS[label % 3].filled(),
        )
    }))?;
    root.present()
}

/// ‖∂L/∂W_l‖ of one network over time: x = recorded step, y = layer (input at the bottom), colour = log₁₀ norm
/// on a shared scale [lo, hi] (dark = vanishing, bright = large).
pub fn draw_grad_norms<DB: DrawingBackend>(
    root: &Area<DB>,
    r: &RacerTrace,
    (lo, hi): (f64, f64),
    title: &str,
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let rows: Vec<&Vec<f64>> = r.grad_norms.iter().skip(1).collect();
    let layers = r.grad_norms.first().map_or(1, Vec::len).max(1);
    let cols = rows.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .margin(4)
        .caption(title, (FONT, fonts.tick))
        .x_label_area_size(fonts.tick + 6)
        .y_label_area_size(fonts.tick * 2)
        .build_cartesian_2d(0.0..cols as f64, 0.0..layers as f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .label_style((FONT, fonts.tick.saturating_sub(3).max(9)))
        .x_labels(2)
        .y_labels(3)
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(&|y| format!("{}", y.round() as i64 + 1))
        .draw()?;
    chart.draw_series(rows.iter().enumerate().flat_map(|(t, norms)| {
        norms.iter().enumerate().map(move |(l, &g)| {
            let v = if g > 0.0 && g.is_finite() {
                ((log10(g) - lo) / (hi - lo)).clamp(0.0, 1.0)
            } else {
                0.0
            };
            Rectangle::new(
                [(t as f64, l as f64), (t as f64 + 1.0, l as f64 + 1.0)],
                heat(v).filled(),
            )
        })
    }))?;
    root.present()
}

/// A dark-blue → yellow ramp (perceptually ordered, readable in greyscale).
pub fn heat(v: f64) -> RGBColor {
    let lerp = |a: f64, b: f64| (a + (b - a) * v).round() as u8;
    RGBColor(lerp(13.0, 250.0), lerp(8.0, 225.0), lerp(80.0, 40.0))
}
