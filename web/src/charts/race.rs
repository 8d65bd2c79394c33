//! The race's charts: loss and test accuracy over steps, each network's decision boundary, and each
//! network's per-layer gradient norm over time.

use super::axes::{self, log10, log_tick, percent_tick, Chart};
use super::palette;
use super::race_keys::{colour_bar, legend};
pub use super::race_style::{heat, racer_style};
use super::{Area, DrawResult, Fonts, FONT};
use initscope::engine::init_spec::InitSpec;
use initscope::train::snapshot::{grid_points, RacerTrace, GRID, SPAN};
use plotters::prelude::*;
use std::ops::Range;

/// A racer's name for people: the initializer's display label ("He/Kaiming normal"), with its scale or gain
/// when they matter ("Normal σ=0.01", "Xavier/Glorot normal, gain 1.67") — never the URL id.
pub fn racer_label(spec: &InitSpec) -> String {
    let mut s = spec.kind.label().to_string();
    if let Some(name) = spec.kind.scale_name() {
        s.push_str(&format!(" {name}={}", round_for_people(spec.scale)));
    }
    if let Some(g) = spec.gain.filter(|_| spec.kind.takes_gain()) {
        s.push_str(&format!(", gain {}", round_for_people(g)));
    }
    s
}

/// A number with at most four significant digits, trailing zeros dropped (0.01, 1.667, 1000).
fn round_for_people(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - log10(x.abs()).floor() as i32).clamp(0, 8) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A tick label on the log-step axis: the step count at whole powers of ten ("1", "10", "100", "1000").
fn step_tick(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", libm_free_pow10(x.round() as i32))
    } else {
        String::new()
    }
}

/// 10ⁿ for a small whole n.
fn libm_free_pow10(n: i32) -> u64 {
    (0..n.clamp(0, 18)).fold(1u64, |a, _| a * 10)
}

/// Where step k sits on the log-step axis (step 0 is drawn at step 1).
pub fn step_x(k: usize) -> f64 {
    log10(k.max(1) as f64)
}

/// One of the two panels over a log-step x axis (so the first few hundred steps keep their room as the run
/// grows): its title, y range and tick labels; `x_title` adds "step" under the axis, with room of its own
/// below the tick labels.
fn step_panel<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    caption: &str,
    x: Range<f64>,
    y: Range<f64>,
    y_ticks: fn(&f64) -> String,
    x_title: bool,
    fonts: Fonts,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let bottom = if x_title {
        fonts.tick + fonts.label + 14
    } else {
        fonts.tick + 8
    };
    let decades = (x.end - x.start).ceil().max(1.0) as usize;
    // As many y labels as fit two text lines apart (a short panel gets three, not eleven on top of each other).
    let (_, h) = area.dim_in_pixel();
    let y_labels = (h / (fonts.tick * 3).max(1)).clamp(3, 10) as usize;
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(24)
        .caption(caption, (FONT, fonts.label).into_font().color(&fonts.ink()))
        .x_label_area_size(bottom)
        .y_label_area_size(fonts.label * 4)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GREY.mix(fonts.theme.grid_alpha()))
        .axis_style(fonts.ink())
        .label_style((FONT, fonts.tick).into_font().color(&fonts.ink()))
        .axis_desc_style((FONT, fonts.label).into_font().color(&fonts.ink()))
        .x_labels(decades + 1)
        .y_labels(y_labels)
        .x_desc(if x_title { "step (log scale)" } else { "" })
        .x_label_formatter(&step_tick)
        .y_label_formatter(&y_ticks)
        .draw()?;
    Ok(chart)
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

/// Loss (log scale, top) and test accuracy (bottom) against steps, without a legend.
pub fn draw_curves<DB: DrawingBackend>(
    root: &Area<DB>,
    racers: &[RacerTrace],
    steps: usize,
    fonts: Fonts,
) -> DrawResult<DB> {
    draw_curves_labelled(root, racers, &[], steps, fonts)
}

/// Loss (log scale, top) and test accuracy (bottom) against steps on a log-step axis up to `steps`, with a
/// legend naming each racer by `labels` (its display label) in its colour and dash.
pub fn draw_curves_labelled<DB: DrawingBackend>(
    root: &Area<DB>,
    racers: &[RacerTrace],
    labels: &[String],
    steps: usize,
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&fonts.paper())?;
    let (_, h) = root.dim_in_pixel();
    let (top, bottom) = root.split_vertically(h / 2);
    let x_max = step_x(steps.max(10));
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
    let mut chart = step_panel(
        &top,
        "training loss (cross-entropy)",
        0.0..x_max,
        lo..hi,
        log_tick,
        false,
        fonts,
    )?;
    for (i, r) in racers.iter().enumerate() {
        let pts = r
            .history
            .iter()
            .filter(|p| p.loss > 0.0)
            .map(|p| (step_x(p.step), log10(p.loss).clamp(lo, hi)))
            .collect();
        line(&mut chart, pts, i)?;
        if let Some(k) = r.diverged_at {
            let (color, _) = racer_style(i);
            chart.draw_series(std::iter::once(Cross::new(
                (step_x(k), hi - 0.05 * (hi - lo)),
                7,
                color.stroke_width(3),
            )))?;
        }
    }
    legend(&mut chart, labels, fonts)?;
    let mut chart = step_panel(
        &bottom,
        "test accuracy",
        0.0..x_max,
        0.0..1.0,
        percent_tick,
        true,
        fonts,
    )?;
    for (i, r) in racers.iter().enumerate() {
        line(
            &mut chart,
            r.history
                .iter()
                .filter(|p| p.test_acc.is_finite())
                .map(|p| (step_x(p.step), p.test_acc))
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
    root.fill(&fonts.paper())?;
    const N: usize = GRID;
    let span = SPAN;
    let grid = grid_points();
    let c = c.max(1);
    if probs.len() < N * N * c {
        return root.present();
    }
    let mut chart = ChartBuilder::on(root)
        .margin(4)
        .caption(title, (FONT, fonts.tick).into_font().color(&fonts.ink()))
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
/// on a shared scale [lo, hi] (dark = vanishing, bright = large), read off the colour bar at the right.
pub fn draw_grad_norms<DB: DrawingBackend>(
    root: &Area<DB>,
    r: &RacerTrace,
    (lo, hi): (f64, f64),
    title: &str,
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&fonts.paper())?;
    // Readable when projected too: never under 11 px.
    let small = fonts.tick.saturating_sub(2).max(11);
    let (w, _) = root.dim_in_pixel();
    let bar_w = (small * 4 + 16).min(w / 3);
    let (map, bar) = root.split_horizontally(w - bar_w);
    let rows: Vec<&Vec<f64>> = r.grad_norms.iter().skip(1).collect();
    let layers = r.grad_norms.first().map_or(1, Vec::len).max(1);
    let cols = rows.len().max(1);
    let x_area = fonts.tick + 6;
    let mut chart = ChartBuilder::on(&map)
        .margin(4)
        .caption(title, (FONT, fonts.tick).into_font().color(&fonts.ink()))
        .x_label_area_size(x_area)
        .y_label_area_size(fonts.tick * 2)
        .build_cartesian_2d(0.0..cols as f64, 0.0..layers as f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(fonts.ink())
        .label_style((FONT, small).into_font().color(&fonts.ink()))
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
    // The plotting area's top and bottom in pixels, so the bar spans the same height as the map.
    let (_, rows_px) = chart.plotting_area().get_pixel_range();
    let base = bar.get_base_pixel().1;
    colour_bar(
        &bar,
        (lo, hi),
        (rows_px.start - base, rows_px.end - base),
        (small, fonts.ink()),
    )?;
    root.present()
}
