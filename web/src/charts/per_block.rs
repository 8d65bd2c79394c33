//! One per-block quantity of a transformer — the attention logits' variance, the attention entropy, the
//! similarity between tokens, the FFN weight gradient — measured (solid) with its theory (dashed) where there is
//! one, on a log or a linear axis, with an optional reference line (ln T: uniform attention).

use super::axes::{cartesian, line, log10, log_tick, Axes};
use super::palette::{self, Dash};
use super::{Area, DrawResult, Fonts, FONT};
use initscope::engine::series::Axis;
use plotters::prelude::*;

/// One curve: a value per block (NaN: none), its colour and dash.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// Block 1 first.
    pub values: Vec<f64>,
    /// Its colour.
    pub color: RGBColor,
    /// Solid (measured) or dashed (theory).
    pub dash: Dash,
}

/// What one per-block chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct PerBlockView {
    /// Blocks on the x axis.
    pub depth: usize,
    /// Log (variances, norms) or linear (entropy, cosine).
    pub axis: Axis,
    /// The x axis' title ("block", "layer").
    pub x_desc: &'static str,
    /// The y axis' title.
    pub y_desc: &'static str,
    /// The curves, drawn in order.
    pub curves: Vec<Curve>,
    /// A horizontal line and its label (uniform attention's entropy).
    pub reference: Option<(f64, String)>,
}

/// A linear tick: two significant decimals at most.
fn plain_tick(y: &f64) -> String {
    let s = format!("{y:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A value as the axis places it: log₁₀ on a log axis (positive values only).
fn placed(axis: Axis, v: f64) -> Option<f64> {
    match axis {
        Axis::Log if v > 0.0 && v.is_finite() => Some(log10(v)),
        Axis::Log => None,
        Axis::Linear => v.is_finite().then_some(v),
    }
}

/// Runs of consecutive placed points, blocks numbered from 1.
fn runs(axis: Axis, values: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, &v) in values.iter().enumerate() {
        match placed(axis, v) {
            Some(y) => out
                .last_mut()
                .into_iter()
                .for_each(|r| r.push(((i + 1) as f64, y))),
            None if out.last().is_some_and(|r| !r.is_empty()) => out.push(Vec::new()),
            None => {}
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// The y range: every placed value and the reference, padded (log: whole decades, at least one).
fn y_range(view: &PerBlockView) -> (f64, f64) {
    let ys = view
        .curves
        .iter()
        .flat_map(|c| c.values.iter().filter_map(|&v| placed(view.axis, v)))
        .chain(view.reference.as_ref().map(|r| r.0));
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    match view.axis {
        _ if !lo.is_finite() => (0.0, 1.0),
        Axis::Log => {
            let (lo, hi) = (lo.floor(), hi.ceil());
            (lo, hi.max(lo + 1.0))
        }
        Axis::Linear => {
            let (lo, hi) = (lo.min(0.0), hi.max(lo + 0.1));
            let pad = 0.06 * (hi - lo);
            (lo - if lo < 0.0 { pad } else { 0.0 }, hi + pad)
        }
    }
}

/// Draw the chart: the reference line (dotted, labelled), then every curve (the measured one last, on top); "= 0 at every block" where a log
/// axis has nothing positive to draw (a zero query's logits).
pub fn draw_per_block<DB: DrawingBackend>(
    root: &Area<DB>,
    view: &PerBlockView,
    fonts: Fonts,
) -> DrawResult<DB> {
    let (ylo, yhi) = y_range(view);
    let x_max = view.depth.max(2) as f64;
    let axes = Axes {
        caption: "",
        x: 1.0..x_max,
        y: ylo..yhi,
        x_desc: view.x_desc,
        y_desc: view.y_desc,
        y_ticks: match view.axis {
            Axis::Log => log_tick,
            Axis::Linear => plain_tick,
        },
    };
    let mut chart = cartesian(root, &axes, fonts)?;
    let ink = fonts.ink();
    if let Some((y, label)) = &view.reference {
        line(
            &mut chart,
            vec![(1.0, *y), (x_max, *y)],
            palette::GREY,
            Dash::Dotted,
            2,
        )?;
        if !label.is_empty() {
            let style = (FONT, fonts.tick).into_font().color(&ink);
            chart.draw_series(std::iter::once(Text::new(label.clone(), (1.0, *y), style)))?;
        }
    }
    for c in &view.curves {
        for run in runs(view.axis, &c.values) {
            if run.len() == 1 {
                chart.draw_series(std::iter::once(Circle::new(run[0], 3, c.color.filled())))?;
            } else {
                line(&mut chart, run, c.color, c.dash, 3)?;
            }
        }
    }
    let measured = view.curves.last().map_or(&[][..], |c| &c.values[..]);
    if view.axis == Axis::Log && !measured.is_empty() && measured.iter().all(|&v| v == 0.0) {
        let style = (FONT, fonts.label).into_font().color(&ink);
        let at = (1.0 + 0.05 * (x_max - 1.0), ylo + 0.5 * (yhi - ylo));
        chart.draw_series(std::iter::once(Text::new("= 0 at every block", at, style)))?;
    }
    root.present()
}
