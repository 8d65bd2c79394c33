//! The attention map of one head: the softmax weight of query i (rows, 1 at the top as in a matrix) on key j
//! (columns), coloured on a log scale from 10⁻³ to 1 in viridis, with a colour bar marking the uniform weight
//! 1/T. Causal-masked cells stay paper, so the triangle reads at once. A long sequence is averaged in k×k
//! blocks so that at most 64×64 cells are drawn, however often the page redraws.

use super::axes::{cartesian, line, whole_tick, Axes};
use super::log_scale::log10;
use super::palette::Dash;
use super::phase_model::viridis;
use super::{Area, DrawResult, Fonts, FONT};
use plotters::prelude::*;

/// What the attention chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct AttentionView {
    /// Tokens per sequence, T.
    pub tokens: usize,
    /// The softmax weights, row-major T×T: row i is query i, column j key j. Each row sums to 1; masked
    /// entries (causal, j > i) are exactly 0. Anything but T² entries draws "no attention map".
    pub weights: Vec<f32>,
    /// Whether keys after the query (j > i) are masked.
    pub causal: bool,
}

/// At most this many cells a side: longer sequences are averaged in k×k blocks.
const MAX_CELLS: usize = 64;
/// Decades below 1 on the colour scale: 10⁻³ and less get the lowest colour.
const DECADES: f64 = 3.0;
/// The colour bar's decade ticks.
const BAR_TICKS: [(f64, &str); 4] = [(1e-3, "0.001"), (1e-2, "0.01"), (0.1, "0.1"), (1.0, "1")];
/// What an absent or malformed map says.
const NO_MAP: &str = "no attention map";

/// The position of weight `w` on the colour scale, 0 (10⁻³ or less) to 1 (weight 1).
fn scale(w: f64) -> f64 {
    if w > 0.0 {
        ((log10(w) + DECADES) / DECADES).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The cells as drawn: `side`×`side` of them, each covering `k`×`k` tokens, row-major; `None` is paper.
struct Cells {
    k: usize,
    side: usize,
    mean: Vec<Option<f64>>,
}

/// The cells of a well-formed view (`None` if `tokens` is 0 or the weights are not T²).
fn cells(view: &AttentionView) -> Option<Cells> {
    let t = view.tokens;
    if t == 0 || t.checked_mul(t) != Some(view.weights.len()) {
        return None;
    }
    let k = t.div_ceil(MAX_CELLS);
    let side = t.div_ceil(k);
    let mean = (0..side * side)
        .map(|c| block_mean(view, k, c / side, c % side))
        .collect();
    Some(Cells { k, side, mean })
}

/// The mean of block (bi, bj)'s unmasked weights; `None` (paper) if all are masked or any is not finite.
fn block_mean(view: &AttentionView, k: usize, bi: usize, bj: usize) -> Option<f64> {
    let t = view.tokens;
    let (mut sum, mut n) = (0.0, 0usize);
    for i in bi * k..((bi + 1) * k).min(t) {
        for j in bj * k..((bj + 1) * k).min(t) {
            if view.causal && j > i {
                continue;
            }
            let w = f64::from(view.weights[i * t + j]);
            if !w.is_finite() {
                return None;
            }
            sum += w;
            n += 1;
        }
    }
    (n > 0).then(|| sum / n as f64)
}

/// A query's tick label: the axis runs from −T (bottom) to −1 (top), so that query 1 is at the top.
fn query_tick(y: &f64) -> String {
    whole_tick(&-y)
}

/// Draw the map, its axes and the colour bar; "no attention map" for an empty or malformed view.
pub fn draw_attention<DB: DrawingBackend>(
    root: &Area<DB>,
    view: &AttentionView,
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&fonts.paper())?;
    let Some(cells) = cells(view) else {
        return no_map(root, fonts);
    };
    let (w, h) = root.dim_in_pixel();
    let bar_w = fonts.tick * 7 + fonts.label;
    // The room `cartesian` takes around its plot (margins and label areas), and a row on top for the caption
    // and the colour bar's title: the plot is the largest square that fits beside the colour bar.
    let (around_x, around_y, top) = (fonts.label * 4 + 36, fonts.label * 3 + 24, fonts.label + 10);
    let side = w
        .saturating_sub(bar_w + around_x)
        .min(h.saturating_sub(around_y + top));
    if side < 32 {
        return root.present();
    }
    let heat = root
        .clone()
        .shrink((0, top), (side + around_x, side + around_y));
    let bar = root
        .clone()
        .shrink((side + around_x, top), (bar_w, side + around_y));
    // Key j is centred on x = j; query i on y = −i.
    let t = view.tokens as f64;
    let axes = Axes {
        caption: "",
        x: 0.5..t + 0.5,
        y: -t - 0.5..-0.5,
        x_desc: "key j",
        y_desc: "query i",
        y_ticks: query_tick,
    };
    let mut chart = cartesian(&heat, &axes, fonts)?;
    let ink = fonts.ink();
    // Block b covers token positions b·k + 1 ..= min((b + 1)·k, T).
    let (k, n) = (cells.k, cells.side);
    let span = |b: usize| {
        (
            (b * k) as f64 + 0.5,
            ((b + 1) * k).min(view.tokens) as f64 + 0.5,
        )
    };
    chart.draw_series(cells.mean.iter().enumerate().filter_map(|(c, m)| {
        let ((x0, x1), (y0, y1)) = (span(c % n), span(c / n));
        let colour = viridis(scale((*m)?));
        Some(Rectangle::new([(x0, -y0), (x1, -y1)], colour.filled()))
    }))?;
    // The causal mask's edge along the diagonal blocks: both ends of viridis stay apart from the paper.
    if view.causal {
        let stair = (0..n).flat_map(|b| {
            let (lo, hi) = span(b);
            [(lo, -hi), (hi, -hi)]
        });
        line(&mut chart, stair.collect(), ink, Dash::Solid, 1)?;
    }
    // Absolute pixels: the caption on the root, the bar's rows relative to its own area.
    let (px, py) = chart.plotting_area().get_pixel_range();
    if k > 1 {
        let caption = format!("each cell: {k}×{k} tokens averaged");
        let style = (FONT, fonts.tick).into_font().color(&ink);
        root.draw(&Text::new(caption, (px.start, 2), style))?;
    }
    let (_, by) = bar.get_base_pixel();
    draw_bar(&bar, view.tokens, fonts, (py.start - by, py.end - by))?;
    root.present()
}

/// The paper and a short note in its middle.
fn no_map<DB: DrawingBackend>(root: &Area<DB>, fonts: Fonts) -> DrawResult<DB> {
    let style = (FONT, fonts.label).into_font().color(&fonts.ink());
    let (tw, th) = root.estimate_text_size(NO_MAP, &style)?;
    let (w, h) = root.dim_in_pixel();
    let at = (
        w.saturating_sub(tw) as i32 / 2,
        h.saturating_sub(th) as i32 / 2,
    );
    root.draw(&Text::new(NO_MAP, at, style))?;
    root.present()
}

/// The colour bar, spanning the plot's pixel rows `(y0, y1)` of `bar`: viridis from 10⁻³ (bottom) to 1 (top),
/// the decades ticked on its right, the uniform weight 1/T on its left, titled above.
fn draw_bar<DB: DrawingBackend>(
    bar: &Area<DB>,
    tokens: usize,
    fonts: Fonts,
    (y0, y1): (i32, i32),
) -> DrawResult<DB> {
    let ink = fonts.ink();
    let style = (FONT, fonts.tick).into_font().color(&ink);
    let (uniform_w, _) = bar.estimate_text_size("1/T", &style)?;
    let x0 = uniform_w as i32 + 12;
    let x1 = x0 + (fonts.label as i32).max(10);
    let h = (y1 - y0).max(1);
    for r in 0..h {
        let t = 1.0 - f64::from(r) / f64::from(h);
        bar.draw(&Rectangle::new(
            [(x0, y0 + r), (x1, y0 + r + 1)],
            viridis(t).filled(),
        ))?;
    }
    bar.draw(&Rectangle::new([(x0, y0), (x1, y1)], ink.stroke_width(1)))?;
    let at = |w: f64| y1 - (scale(w) * f64::from(h)).round() as i32;
    let half = fonts.tick as i32 / 2;
    for (w, text) in BAR_TICKS {
        let y = at(w);
        bar.draw(&PathElement::new(
            vec![(x1, y), (x1 + 4, y)],
            ink.stroke_width(1),
        ))?;
        bar.draw(&Text::new(text, (x1 + 6, y - half), style.clone()))?;
    }
    let y = at(1.0 / tokens as f64);
    bar.draw(&PathElement::new(
        vec![(x0 - 6, y), (x1, y)],
        ink.stroke_width(2),
    ))?;
    bar.draw(&Text::new(
        "1/T",
        (x0 - 8 - uniform_w as i32, y - half),
        style,
    ))?;
    // The title, in the row above the plot (outside this area: drawn in the backend's coordinates).
    let title = (FONT, fonts.label).into_font().color(&ink);
    let (_, by) = bar.get_base_pixel();
    bar.draw(&Text::new("weight", (x0, 2 - by), title))
}
