//! Labels at the right end of a chart's curves (direct labelling: the reader need not look down to a legend),
//! nudged apart vertically so that curves ending close together keep readable labels.

use super::axes::Chart;
use super::{Area, DrawResult, Fonts, FONT};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One label: its text, its colour, and the pixel row where its curve ends.
#[derive(Clone, Debug, PartialEq)]
pub struct EndLabel {
    /// The text ("Var(h)", "Var(h) theory", "#1").
    pub text: String,
    /// Its colour (the curve's, as drawn).
    pub color: RGBAColor,
    /// The pixel row (in the chart's backend coordinates) of the curve's last drawn point.
    pub y: i32,
}

/// Label centres as close as possible to `ys` (in any order) but at least `gap` apart, kept within
/// `top..=bottom` when there is room for them all; returned in the order given.
pub fn spread(ys: &[f64], gap: f64, (top, bottom): (f64, f64)) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
    let mut placed: Vec<f64> = order.iter().map(|&i| ys[i].clamp(top, bottom)).collect();
    // Push down past each predecessor, then back up from the bottom edge, then down from the top edge.
    for k in 1..placed.len() {
        placed[k] = placed[k].max(placed[k - 1] + gap);
    }
    if let Some(last) = placed.last_mut() {
        *last = last.min(bottom);
    }
    for k in (0..placed.len().saturating_sub(1)).rev() {
        placed[k] = placed[k].min(placed[k + 1] - gap);
    }
    if let Some(first) = placed.first_mut() {
        *first = first.max(top);
    }
    for k in 1..placed.len() {
        placed[k] = placed[k].max(placed[k - 1] + gap);
    }
    let mut out = vec![0.0; ys.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
}

/// The width in px the labels need right of the plot (0 for none).
pub fn room<DB: DrawingBackend>(area: &Area<DB>, texts: &[String], fonts: Fonts) -> u32 {
    let style: TextStyle = (FONT, fonts.tick).into_font().into();
    texts
        .iter()
        .filter_map(|t| area.estimate_text_size(t, &style).ok())
        .map(|(w, _)| w + 14)
        .max()
        .unwrap_or(0)
}

/// Draw `labels` right of `chart`'s plot on `area` (the panel the chart was built on), nudged apart, each
/// with a short tick from where its curve ends to the label.
pub fn draw<DB: DrawingBackend>(
    area: &Area<DB>,
    chart: &Chart<DB>,
    labels: &[EndLabel],
    fonts: Fonts,
) -> DrawResult<DB> {
    if labels.is_empty() {
        return Ok(());
    }
    let (xs, rows) = chart.plotting_area().get_pixel_range();
    let (bx, by) = area.get_base_pixel();
    let gap = fonts.tick as f64 + 3.0;
    let ys: Vec<f64> = labels.iter().map(|l| l.y as f64).collect();
    let placed = spread(&ys, gap, (rows.start as f64, rows.end as f64));
    let x0 = xs.end - bx;
    for (l, y) in labels.iter().zip(placed) {
        let y = y.round() as i32 - by;
        area.draw(&PathElement::new(
            vec![(x0 + 1, l.y - by), (x0 + 5, y)],
            l.color.stroke_width(1),
        ))?;
        // The text in the curve's hue, darkened or lightened until readable on the paper.
        let RGBAColor(r, g, b, alpha) = l.color;
        let text = fonts.theme.readable(RGBColor(r, g, b));
        area.draw(&Text::new(
            l.text.clone(),
            (x0 + 7, y),
            (FONT, fonts.tick)
                .into_font()
                .color(&RGBAColor(text.0, text.1, text.2, alpha))
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}
