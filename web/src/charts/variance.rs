//! Variance by layer on a log scale: measured (solid), mean-field theory (dashed), the gradient on the same
//! axes or its own panel, the finite-width spread as a band, pinned runs, and overflow/underflow markers.
//! Each curve is labelled at its right end; measured curves of a previous setting are drawn faint and
//! captioned "updating…" (see [`VarianceView::stale`]).

use super::axes::{cartesian_with_room, line_styled, log10, log_tick, Axes, Chart};
use super::end_labels::{self, EndLabel};
use super::palette::{self, Marker};
use super::pieces::{draw_exits, pieces, Pieces};
pub use super::series::{Curve, GradientView, Pinned, VarianceView};
use super::{Area, DrawResult, Fonts, FONT};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Opacity of the measured curves while they belong to a previous setting.
pub const STALE_ALPHA: f64 = 0.35;

/// The caption in the plot's corner while the measured curves belong to a previous setting.
pub const STALE_CAPTION: &str = "updating… (faint curves: previous setting)";

/// The lowest and highest log₁₀(variance) an axis may show: f32 values have variances within about
/// 10⁻⁹⁰ … 10⁷⁷, and anything beyond (a theory that runs past f32's range) is clipped at the edge.
pub const LOG_LIMITS: (f64, f64) = (-95.0, 80.0);

/// The y range (log₁₀) that shows every positive finite value, variance 1, and at least two decades.
pub fn y_range<'a>(values: impl Iterator<Item = &'a f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for &v in values {
        if v.is_finite() && v > 0.0 {
            let y = log10(v).clamp(LOG_LIMITS.0, LOG_LIMITS.1);
            lo = lo.min(y);
            hi = hi.max(y);
        }
    }
    let (lo, hi) = ((lo - 0.5).floor(), (hi + 0.5).ceil());
    (
        lo.min(-1.0).max(LOG_LIMITS.0),
        hi.max(1.0).min(LOG_LIMITS.1),
    )
}

/// Draw the chart: one panel, or two when the gradient has its own.
pub fn draw_variance<DB: DrawingBackend>(
    root: &Area<DB>,
    view: &VarianceView,
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&fonts.paper())?;
    if view.gradient == GradientView::Panel {
        let (_, h) = root.dim_in_pixel();
        let (top, bottom) = root.split_vertically(h / 2);
        draw_panel(&top, view, fonts, Some(false), "Forward signal")?;
        draw_panel(&bottom, view, fonts, Some(true), "Backward gradient")?;
    } else {
        draw_panel(root, view, fonts, None, "")?;
    }
    root.present()
}

/// How a curve is drawn: its colour on the theme's paper (faint when stale) and its width.
fn stroke(c: &Curve, view: &VarianceView, fonts: Fonts) -> (RGBAColor, u32) {
    let color = fonts.theme.series(c.color);
    let width = if c.marker.is_some() { 2 } else { 3 };
    if view.stale && c.is_measured() {
        (color.mix(STALE_ALPHA), 2)
    } else {
        (color.mix(1.0), width)
    }
}

/// The labels at the curves' right ends that fit: all of them when the panel is wide enough, else the
/// measured ones and the pinned runs (the theory's dashes sit next to its measured curve).
fn end_texts<DB: DrawingBackend>(area: &Area<DB>, curves: &[&Curve], fonts: Fonts) -> Vec<bool> {
    let (w, _) = area.dim_in_pixel();
    // A pinned run's gradient shares its Var(h)'s colour and marker: one "#k" label for both.
    let wanted: Vec<bool> = curves
        .iter()
        .map(|c| !(c.backward && c.marker.is_some()))
        .collect();
    let all: Vec<String> = curves.iter().map(|c| c.tag()).collect();
    if end_labels::room(area, &all, fonts) <= w / 5 {
        return wanted;
    }
    curves
        .iter()
        .zip(wanted)
        .map(|(c, on)| on && !c.is_theory())
        .collect()
}

/// One panel; `which` = Some(backward?) keeps only those curves, None keeps all.
fn draw_panel<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &VarianceView,
    fonts: Fonts,
    which: Option<bool>,
    title: &str,
) -> DrawResult<DB> {
    let curves: Vec<&Curve> = view
        .curves
        .iter()
        .filter(|c| which.is_none_or(|b| c.backward == b))
        .collect();
    let band = view.band.as_ref().filter(|_| which != Some(true));
    let all = curves
        .iter()
        .flat_map(|c| c.values.iter())
        .chain(band.into_iter().flat_map(|(lo, hi)| lo.iter().chain(hi)));
    let (ylo, yhi) = y_range(all);
    // One layer is a single point: centred, not on the left edge of a 1–2 axis.
    let x = if view.depth <= 1 {
        0.5..1.5
    } else {
        1.0..view.depth as f64
    };
    let (x0, x_max) = (x.start, x.end);
    let axes = Axes {
        caption: title,
        x,
        y: ylo..yhi,
        x_desc: view.unit,
        y_desc: "variance (log scale)",
        y_ticks: log_tick,
    };
    let labelled = end_texts(area, &curves, fonts);
    let texts: Vec<String> = curves
        .iter()
        .zip(&labelled)
        .filter(|(_, on)| **on)
        .map(|(c, _)| c.tag())
        .collect();
    let room = end_labels::room(area, &texts, fonts).max(24);
    let mut chart = cartesian_with_room(area, &axes, fonts, room)?;
    // Reference band: variance within a factor 2 of 1 (the legend's swatch uses the same colour).
    let (b0, b1) = (log10(0.5f64).max(ylo), log10(2f64).min(yhi));
    let (band_c, band_a) = palette::REFERENCE_BAND;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(x0, b0), (x_max, b1)],
        band_c.mix(band_a).filled(),
    )))?;
    let (line_c, line_a) = palette::REFERENCE_LINE;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x0, 0.0), (x_max, 0.0)],
        line_c.mix(line_a).stroke_width(1),
    )))?;
    if let Some((lo, hi)) = band {
        draw_band(&mut chart, (lo, hi), (ylo, yhi), view.stale)?;
    }
    let mut ends = Vec::new();
    // Each curve with variances of exactly 0 labels them "= 0" a row above the last one's.
    let mut zero_rows = 0;
    for (c, on) in curves.iter().zip(&labelled) {
        let (color, width) = stroke(c, view, fonts);
        let row = zero_rows;
        zero_rows += i32::from(c.values.contains(&0.0));
        let drawn = draw_curve(
            &mut chart,
            c,
            (ylo, yhi),
            (view.depth, row, fonts.tick),
            (color, width),
        )?;
        if let Some(end) = drawn {
            if *on {
                ends.push(EndLabel {
                    text: c.tag(),
                    color,
                    y: chart.backend_coord(&end).1,
                });
            }
        }
    }
    end_labels::draw(area, &chart, &ends, fonts)?;
    let corner = |h: HPos, v: VPos| Pos::new(h, v);
    // The gradient's direction: backpropagation runs from the last layer towards the input.
    if let Some(g) = curves.iter().find(|c| c.backward) {
        // The longest wording that fits the plot's width (a phone in presentation mode has little).
        let style: TextStyle = (FONT, fonts.label).into_font().into();
        let plot_px = chart.plotting_area().dim_in_pixel().0;
        let note = [
            "← gradient flows towards the input",
            "← gradient flows back",
            "← gradient",
        ]
        .into_iter()
        .find(|t| {
            area.estimate_text_size(t, &style)
                .is_ok_and(|(w, _)| w * 20 <= plot_px * 19)
        })
        .unwrap_or("←");
        // On a veil of paper, so that a curve passing under it does not overprint it. At the bottom left,
        // unless variances of exactly 0 are marked there ("= 0" at the floor): then below the top left.
        let (tw, th) = area.estimate_text_size(note, &style)?;
        let (tw, th) = (tw as i32, th as i32);
        let floor_marked = curves.iter().any(|c| c.values.contains(&0.0));
        let y = if floor_marked {
            yhi - 0.12 * (yhi - ylo)
        } else {
            ylo + 0.04 * (yhi - ylo)
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at((x0 + 0.02 * (x_max - x0), y))
                + Rectangle::new(
                    [(-3, -th - 2), (tw + 3, 2)],
                    fonts.paper().mix(0.8).filled(),
                )
                + Text::new(
                    note,
                    (0, 0),
                    style
                        .color(&fonts.theme.readable(fonts.theme.series(g.color)))
                        .pos(corner(HPos::Left, VPos::Bottom)),
                ),
        ))?;
    }
    // Numbers of another setting are never shown unmarked (and the caption only when there are some).
    let stale_shown = curves
        .iter()
        .any(|c| c.is_measured() && c.values.iter().any(|v| v.is_finite() && *v > 0.0));
    if view.stale && stale_shown {
        let style: TextStyle = (FONT, fonts.tick, FontStyle::Italic)
            .into_font()
            .color(&fonts.ink());
        let (tw, th) = area.estimate_text_size(STALE_CAPTION, &style)?;
        let at = (x0 + 0.02 * (x_max - x0), yhi - 0.03 * (yhi - ylo));
        chart.draw_series(std::iter::once(
            EmptyElement::at(at)
                + Rectangle::new(
                    [(-4, -3), (tw as i32 + 4, th as i32 + 3)],
                    fonts.paper().mix(0.85).filled(),
                )
                + Text::new(STALE_CAPTION, (0, 0), style),
        ))?;
    }
    for (layer, text) in &view.events {
        let x = (*layer as f64).min(x_max);
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(x, ylo), (x, yhi)],
            6,
            4,
            palette::VERMILLION.stroke_width(2),
        )))?;
        let style = (FONT, fonts.label).into_font().color(&palette::VERMILLION);
        let right = x > x_max * 0.6;
        let anchor = corner(if right { HPos::Right } else { HPos::Left }, VPos::Top);
        let dx = if right { -0.01 } else { 0.01 } * x_max;
        // Below the "updating…" caption when there is one.
        let dy = if view.stale { 0.11 } else { 0.04 };
        chart.draw_series(std::iter::once(Text::new(
            format!(" {text} "),
            (x + dx, yhi - dy * (yhi - ylo)),
            style.pos(anchor),
        )))?;
    }
    Ok(())
}

/// The finite-width spread: the min–max over seeds, shaded (fainter while stale).
fn draw_band<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    (lo, hi): (&Vec<f64>, &Vec<f64>),
    (ylo, yhi): (f64, f64),
    stale: bool,
) -> DrawResult<DB> {
    let to_y = |v: f64| {
        if v > 0.0 {
            log10(v).clamp(ylo, yhi)
        } else {
            ylo
        }
    };
    let mut poly: Vec<(f64, f64)> = hi
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, &v)| ((i + 1) as f64, to_y(v)))
        .collect();
    let back: Vec<(f64, f64)> = lo
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, &v)| ((i + 1) as f64, to_y(v)))
        .rev()
        .collect();
    poly.extend(back);
    if poly.len() >= 3 {
        let (c, a) = palette::SPREAD_BAND;
        let a = if stale { a * STALE_ALPHA } else { a };
        chart.draw_series(std::iter::once(Polygon::new(poly, c.mix(a).filled())))?;
    }
    Ok(())
}

/// Draw one curve in `color`, `width` px wide; returns its last drawn point (for its end label), if any.
fn draw_curve<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    c: &Curve,
    (ylo, yhi): (f64, f64),
    (depth, zero_row, label_px): (usize, i32, u32),
    (color, width): (RGBAColor, u32),
) -> Result<Option<(f64, f64)>, DrawingAreaErrorKind<DB::ErrorType>> {
    let Pieces { runs, zeros, exits } = pieces(&c.values, (ylo, yhi));
    draw_exits(chart, &exits, color)?;
    for (k, &x) in zeros.iter().enumerate() {
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, ylo)) + Circle::new((0, -4), 3, color.stroke_width(1)),
        ))?;
        // "= 0" once per stretch of zeros, at its start.
        if k == 0 || zeros[k - 1] + 1.0 != x {
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, ylo))
                    + Text::new(
                        "= 0",
                        (4, -10 - (label_px as i32 + 3) * (zero_row + 1)),
                        (FONT, label_px).into_font().color(&color),
                    ),
            ))?;
        }
    }
    let last = runs.iter().rev().find_map(|r| r.last().copied());
    let style = color.stroke_width(width);
    for run in runs.into_iter().filter(|r| !r.is_empty()) {
        if run.len() == 1 {
            chart.draw_series(std::iter::once(Circle::new(run[0], 3, style.filled())))?;
            continue;
        }
        line_styled(chart, run.clone(), style, c.dash)?;
        if let Some(m) = c.marker {
            let every = (depth / 10).max(1);
            let pts = run
                .iter()
                .copied()
                .filter(|(x, _)| (*x as usize - 1).is_multiple_of(every));
            draw_markers(chart, pts, m, color)?;
        }
    }
    Ok(last)
}

fn draw_markers<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    pts: impl Iterator<Item = (f64, f64)>,
    m: Marker,
    color: RGBAColor,
) -> DrawResult<DB> {
    let style = color.filled();
    for p in pts {
        match m {
            Marker::Circle => chart.draw_series(std::iter::once(Circle::new(p, 4, style)))?,
            Marker::Triangle => {
                chart.draw_series(std::iter::once(TriangleMarker::new(p, 5, style)))?
            }
            Marker::Square => chart.draw_series(std::iter::once(
                EmptyElement::at(p) + Rectangle::new([(-4, -4), (4, 4)], style),
            ))?,
            Marker::Cross => {
                chart.draw_series(std::iter::once(Cross::new(p, 4, color.stroke_width(2))))?
            }
        };
    }
    Ok(())
}
