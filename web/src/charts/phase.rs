//! The phase map (Poole et al. 2016; Schoenholz et al. 2017): the (σ_w², σ_b²) plane coloured by ξ_c or χ₁
//! on a viridis scale, with a colour bar, the critical line χ₁ = 1, the named initializers as labelled points,
//! the Lab's configuration as a marker and the keyboard cursor. Rows not yet computed borrow the nearest
//! computed row, so the map fills in progressively.

pub use super::phase_model::{
    colour, named_points, readout, viridis, Grid, Metric, NamedPoint, COLLAPSED, DIVERGED,
};
use super::{palette, Area, Fonts, FONT};
use initscope::engine::phase::PhasePoint;
use plotters::prelude::*;
use std::ops::Range;

/// What to draw.
pub struct PhaseView<'a> {
    /// The grid.
    pub grid: Grid,
    /// Each row's points once computed (`grid.rows` entries).
    pub rows: &'a [Option<Vec<PhasePoint>>],
    /// Each row's critical σ_w², where computed and where the line crosses.
    pub critical: &'a [Option<f64>],
    /// What colours the cells.
    pub metric: Metric,
    /// The named initializers.
    pub named: &'a [NamedPoint],
    /// The Lab's (σ_w², σ_b²), if any.
    pub marker: Option<(f64, f64)>,
    /// The keyboard cursor's cell.
    pub cursor: Option<(usize, usize)>,
    /// Font sizes.
    pub fonts: Fonts,
}

/// Where the plot landed, in the area's pixels, to map pointer positions back to the plane.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    /// Pixel columns of the plot.
    pub x: Range<i32>,
    /// Pixel rows of the plot (top to bottom).
    pub y: Range<i32>,
    /// The σ_w² axis.
    pub sw2: Range<f64>,
    /// The σ_b² axis.
    pub sb2: Range<f64>,
}

impl Geometry {
    /// The plane's point under pixel (x, y), if inside the plot.
    pub fn to_plane(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let fx = (x - self.x.start as f64) / (self.x.end - self.x.start).max(1) as f64;
        let fy = (self.y.end as f64 - y) / (self.y.end - self.y.start).max(1) as f64;
        ((0.0..=1.0).contains(&fx) && (0.0..=1.0).contains(&fy)).then_some((
            self.sw2.start + fx * (self.sw2.end - self.sw2.start),
            self.sb2.start + fy * (self.sb2.end - self.sb2.start),
        ))
    }

    /// The pixel of a point of the plane.
    pub fn to_pixel(&self, sw2: f64, sb2: f64) -> (f64, f64) {
        let fx = (sw2 - self.sw2.start) / (self.sw2.end - self.sw2.start);
        let fy = (sb2 - self.sb2.start) / (self.sb2.end - self.sb2.start);
        (
            self.x.start as f64 + fx * (self.x.end - self.x.start) as f64,
            self.y.end as f64 - fy * (self.y.end - self.y.start) as f64,
        )
    }
}

/// The result of [`draw_phase`].
pub type PhaseResult<DB> =
    Result<Geometry, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The nearest computed row to `j`.
fn nearest_row(rows: &[Option<Vec<PhasePoint>>], j: usize) -> Option<&Vec<PhasePoint>> {
    (0..rows.len())
        .filter_map(|k| rows[k].as_ref().map(|r| (k.abs_diff(j), r)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, r)| r)
}

/// Draw the map and its colour bar; returns where the plot is.
pub fn draw_phase<DB: DrawingBackend>(root: &Area<DB>, view: &PhaseView) -> PhaseResult<DB> {
    let fonts = view.fonts;
    root.fill(&fonts.paper())?;
    let (w, _) = root.dim_in_pixel();
    // Room for the bar and its widest tick label ("≥100") in any browser's font.
    let bar_w = (fonts.label * 5).min(w / 4);
    let (main, bar) = root.split_horizontally(w.saturating_sub(bar_w));
    let g = view.grid;
    let (sw2, sb2) = (0.0..g.sw2_max, 0.0..g.sb2_top());
    let mut chart = ChartBuilder::on(&main)
        .margin(10)
        .margin_top(fonts.tick * 2 + 12)
        .margin_right(6)
        .x_label_area_size(fonts.label * 3)
        .y_label_area_size(fonts.label * 4)
        .build_cartesian_2d(sw2.clone(), sb2.clone())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(fonts.ink())
        .label_style((FONT, fonts.tick).into_font().color(&fonts.ink()))
        .axis_desc_style((FONT, fonts.label).into_font().color(&fonts.ink()))
        .x_desc("σ_w² = fan_in·Var(w)")
        .y_desc("σ_b² = Var(b)")
        .x_labels(5)
        .y_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.1}"))
        .draw()?;
    let (dx, dy) = (g.dx(), g.dy());
    let cells = (0..g.rows).flat_map(|j| {
        let row = nearest_row(view.rows, j);
        (0..g.columns).filter_map(move |i| {
            let p = row?.get(i)?;
            let (y0, y1) = ((g.sb2(j) - dy / 2.0).max(0.0), g.sb2(j) + dy / 2.0);
            let (x0, x1) = (i as f64 * dx, (i + 1) as f64 * dx);
            Some(Rectangle::new(
                [(x0, y0), (x1, y1)],
                colour(view.metric, p).filled(),
            ))
        })
    });
    chart.draw_series(cells)?;
    // The critical line χ₁ = 1, white under black dashes so it reads on every colour.
    let line: Vec<(f64, f64)> = (0..g.rows)
        .filter_map(|j| {
            view.critical
                .get(j)
                .copied()
                .flatten()
                .map(|c| (c, g.sb2(j)))
        })
        .filter(|(c, _)| *c <= g.sw2_max)
        .collect();
    let drawn = if line.len() >= 2 {
        line.clone()
    } else {
        Vec::new()
    };
    if line.len() >= 2 {
        chart.draw_series(LineSeries::new(line.clone(), WHITE.stroke_width(5)))?;
        chart.draw_series(DashedLineSeries::new(
            line,
            8,
            5,
            palette::INK.stroke_width(2),
        ))?;
    }
    let geometry = {
        let (x, y) = chart.plotting_area().get_pixel_range();
        Geometry { x, y, sw2, sb2 }
    };
    if let Some((i, j)) = view.cursor {
        let (y0, y1) = ((g.sb2(j) - dy / 2.0).max(0.0), g.sb2(j) + dy / 2.0);
        let (x0, x1) = (i as f64 * dx, (i + 1) as f64 * dx);
        for (c, wd) in [(WHITE, 5), (palette::INK, 2)] {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x1, y1)],
                c.stroke_width(wd),
            )))?;
        }
    }
    // The labels keep off the critical line (in the plot area's own pixels).
    let avoid: Vec<(i32, i32)> = drawn
        .iter()
        .map(|&(c, b)| local(&main, &geometry, c, b))
        .collect();
    draw_named(&main, view, &geometry, &avoid)?;
    if let Some(m) = view.marker {
        draw_marker(&main, m, &geometry, fonts, &avoid)?;
    }
    draw_bar(&bar, view.metric, fonts, &geometry)?;
    root.present()?;
    Ok(geometry)
}

/// The horizontal extent of the polyline `line` (pixels) between heights `top` and `bottom`, if it passes
/// there.
fn line_span(line: &[(i32, i32)], (top, bottom): (i32, i32)) -> Option<(i32, i32)> {
    let mut span: Option<(i32, i32)> = None;
    for w in line.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let (lo, hi) = (y0.min(y1).max(top), y0.max(y1).min(bottom));
        if lo > hi {
            continue;
        }
        // x where the segment is at heights lo and hi.
        let at = |y: i32| {
            if y1 == y0 {
                x0
            } else {
                x0 + (x1 - x0) * (y - y0) / (y1 - y0)
            }
        };
        for x in [at(lo), at(hi)] {
            span = Some(span.map_or((x, x), |(a, b)| (a.min(x), b.max(x))));
        }
    }
    span
}

/// Text on a white box outlined in `edge`, so it reads on any colour; `(x, y)` is the box's bottom centre,
/// moved sideways if the box would cover the critical line `avoid` (pixels).
fn label<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    (x, y): (i32, i32),
    size: u32,
    edge: RGBColor,
    avoid: &[(i32, i32)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = (FONT, size).into_font().color(&palette::INK);
    let (tw, th) = area.estimate_text_size(text, &style)?;
    let (tw, th) = (tw as i32, th as i32);
    let (w, _) = area.dim_in_pixel();
    let fit = |left: i32| left.clamp(0, (w as i32 - tw - 6).max(0));
    let mut left = fit(x - tw / 2 - 3);
    if let Some((a, b)) = line_span(avoid, (y - th - 4, y)) {
        if a - 4 <= left + tw + 6 && left <= b + 4 {
            // Beside the line, on the side that moves the label least.
            let (leftwards, rightwards) = (fit(a - 6 - tw - 6), fit(b + 6));
            left = if (x - tw / 2 - 3 - leftwards).abs() <= (rightwards - (x - tw / 2 - 3)).abs() {
                leftwards
            } else {
                rightwards
            };
        }
    }
    area.draw(&Rectangle::new(
        [(left, y - th - 4), (left + tw + 6, y)],
        WHITE.mix(0.92).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(left, y - th - 4), (left + tw + 6, y)],
        edge.stroke_width(1),
    ))?;
    area.draw(&Text::new(text.to_string(), (left + 3, y - th - 2), style))
}

/// A point of the plane in `area`'s own pixels.
fn local<DB: DrawingBackend>(area: &Area<DB>, geo: &Geometry, sw2: f64, sb2: f64) -> (i32, i32) {
    let (px, py) = geo.to_pixel(sw2, sb2);
    let (bx, by) = area.get_base_pixel();
    (px.round() as i32 - bx, py.round() as i32 - by)
}

fn draw_named<DB: DrawingBackend>(
    area: &Area<DB>,
    view: &PhaseView,
    geo: &Geometry,
    avoid: &[(i32, i32)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let size = view.fonts.tick;
    let narrow = geo.x.end - geo.x.start < 420;
    for (k, p) in view.named.iter().enumerate() {
        let (x, y) = local(area, geo, p.sw2, p.sb2);
        let r = 6;
        let shape = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
        area.draw(&Polygon::new(shape.to_vec(), WHITE.filled()))?;
        area.draw(&PathElement::new(
            [&shape[..], &shape[..1]].concat(),
            palette::INK.stroke_width(2),
        ))?;
        // Alternate the heights so neighbouring labels do not overlap.
        let lift = r + 4 + (k as i32 % 2) * (size as i32 + 8);
        let name = if narrow { &p.short } else { &p.label };
        let text = if p.recommended {
            format!("{name} ★")
        } else {
            name.clone()
        };
        label(area, &text, (x, y - lift), size, palette::INK, avoid)?;
    }
    Ok(())
}

/// The Lab's configuration: a ring with a cross; off the map, clamped to its edge with an arrow label.
fn draw_marker<DB: DrawingBackend>(
    area: &Area<DB>,
    (sw2, sb2): (f64, f64),
    geo: &Geometry,
    fonts: Fonts,
    avoid: &[(i32, i32)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (x, y) = local(area, geo, sw2.min(geo.sw2.end), sb2.min(geo.sb2.end));
    let r = 9;
    area.draw(&Circle::new((x, y), r + 2, WHITE.stroke_width(3)))?;
    area.draw(&Circle::new((x, y), r, palette::VERMILLION.stroke_width(3)))?;
    for (a, b) in [
        ((x - r - 5, y), (x + r + 5, y)),
        ((x, y - r - 5), (x, y + r + 5)),
    ] {
        area.draw(&PathElement::new(vec![a, b], palette::INK.stroke_width(2)))?;
    }
    let off_x = sw2 > geo.sw2.end;
    let off_y = sb2 > geo.sb2.end;
    let text = match (off_x, off_y) {
        (false, false) => "Lab".to_string(),
        (true, false) => format!("Lab: σ_w² = {sw2:.3} →"),
        (false, true) => format!("Lab: σ_b² = {sb2:.3} ↑"),
        (true, true) => format!("Lab: ({sw2:.3}, {sb2:.3}) ↗"),
    };
    // Beside the ring (left of it near the right edge); near the bottom edge, where the named points' labels
    // take the first two lines, above them instead.
    let lines = fonts.tick as i32 + 8;
    let (_, bottom) = local(area, geo, 0.0, 0.0);
    let (right, _) = local(area, geo, geo.sw2.end, 0.0);
    let style = (FONT, fonts.tick).into_font().color(&palette::INK);
    let (tw, th) = area.estimate_text_size(&text, &style)?;
    let (tw, th) = (tw as i32 + 6, th as i32 + 4);
    let at = if bottom - y < 2 * lines {
        (x, y - r - 6 - 2 * lines)
    } else if x + r + 8 + tw <= right {
        (x + r + 8 + tw / 2, y + th / 2)
    } else {
        (x - r - 8 - tw / 2, y + th / 2)
    };
    label(area, &text, at, fonts.tick, palette::VERMILLION, avoid)
}

/// The colour bar beside the plot, aligned with it, titled and ticked.
fn draw_bar<DB: DrawingBackend>(
    bar: &Area<DB>,
    metric: Metric,
    fonts: Fonts,
    geo: &Geometry,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (y0, y1) = (geo.y.start, geo.y.end);
    let x0 = 4;
    let x1 = x0 + (fonts.label as i32).max(10);
    let h = (y1 - y0).max(1);
    for k in 0..h {
        let t = 1.0 - k as f64 / h as f64;
        bar.draw(&Rectangle::new(
            [(x0, y0 + k), (x1, y0 + k + 1)],
            viridis(t).filled(),
        ))?;
    }
    bar.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        fonts.ink().stroke_width(1),
    ))?;
    let style = (FONT, fonts.tick).into_font().color(&fonts.ink());
    for (t, text) in metric.ticks() {
        let y = y1 - (t * h as f64) as i32;
        bar.draw(&PathElement::new(
            vec![(x1, y), (x1 + 4, y)],
            fonts.ink().stroke_width(1),
        ))?;
        bar.draw(&Text::new(
            text,
            (x1 + 6, y - fonts.tick as i32 / 2),
            style.clone(),
        ))?;
    }
    let title = (FONT, fonts.label).into_font().color(&fonts.ink());
    bar.draw(&Text::new(
        metric.title(),
        (x0, (y0 - 2 * fonts.tick as i32 - 6).max(0)),
        title,
    ))
}
