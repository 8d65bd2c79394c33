//! What every x–y chart shares: the builder with its margins and label areas, one mesh style, tick
//! formatters, and a line in a colour and dash. Used by the variance chart and the race's curves.

pub use super::log_scale::log10;
use super::palette::{self, Dash};
use super::{power_of_ten, Area, DrawResult, Fonts, FONT};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::ops::Range;

/// Linear f64 axes.
pub type XY = Cartesian2d<RangedCoordf64, RangedCoordf64>;

/// A chart on linear f64 axes.
pub type Chart<'a, DB> = ChartContext<'a, DB, XY>;

/// A tick label: the whole number nearest `x`.
pub fn whole_tick(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        String::new()
    }
}

/// How many x labels to ask for: one per whole number on a short axis (a 3-layer net: 1, 2, 3, not
/// 1 1 1 2 2 2 …), at most ten, and no more than fit side by side in `plot_px` (three tick heights each).
fn x_label_count(x: &Range<f64>, plot_px: u32, tick: u32) -> usize {
    let fit = (plot_px / (3 * tick).max(1)) as usize;
    ((x.end - x.start).floor().max(0.0) as usize + 1)
        .min(fit)
        .clamp(2, 10)
}

/// A tick label on a log₁₀ axis: "10⁻³" on whole exponents, nothing in between.
pub fn log_tick(y: &f64) -> String {
    if (y - y.round()).abs() < 1e-9 {
        power_of_ten(*y)
    } else {
        String::new()
    }
}

/// A tick label for a fraction shown as a percentage.
pub fn percent_tick(y: &f64) -> String {
    format!("{:.0}%", y * 100.0)
}

/// An x–y panel: its title, ranges, axis titles and y tick labels.
pub struct Axes<'s> {
    /// Title above the panel ("" for none).
    pub caption: &'s str,
    /// The x range.
    pub x: Range<f64>,
    /// The y range.
    pub y: Range<f64>,
    /// Title under the x axis ("" for none).
    pub x_desc: &'s str,
    /// Title beside the y axis ("" for none).
    pub y_desc: &'s str,
    /// The y tick labels.
    pub y_ticks: fn(&f64) -> String,
}

/// Build the panel on `area` and draw its mesh: whole-number x ticks, faint bold grid lines, ink labels, on
/// the theme's paper (the area is filled with it first, so a panel is never a white box on dark paper).
pub fn cartesian<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    axes: &Axes,
    fonts: Fonts,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    cartesian_with_room(area, axes, fonts, 24)
}

/// [`cartesian`] with `right` px kept free right of the plot (for labels at the curves' ends).
pub fn cartesian_with_room<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    axes: &Axes,
    fonts: Fonts,
    right: u32,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&fonts.paper())?;
    let ink = fonts.ink();
    let x_rows = if axes.x_desc.is_empty() { 2 } else { 3 };
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .margin_right(right)
        .caption(axes.caption, (FONT, fonts.label).into_font().color(&ink))
        .x_label_area_size(fonts.label * x_rows)
        .y_label_area_size(fonts.label * 4)
        .build_cartesian_2d(axes.x.clone(), axes.y.clone())?;
    let (plot_px, plot_h) = chart.plotting_area().dim_in_pixel();
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GREY.mix(fonts.theme.grid_alpha()))
        .axis_style(ink)
        .label_style((FONT, fonts.tick).into_font().color(&ink))
        .axis_desc_style((FONT, fonts.label).into_font().color(&ink))
        .x_desc(axes.x_desc)
        .y_desc(axes.y_desc)
        .x_labels(x_label_count(&axes.x, plot_px, fonts.tick))
        // No more y labels than fit one above another (a gradient's own short panel had nine in 110 px).
        .y_labels((plot_h / (2 * fonts.tick).max(1)).clamp(3, 10) as usize)
        .x_label_formatter(&whole_tick)
        .y_label_formatter(&axes.y_ticks)
        .draw()?;
    Ok(chart)
}

/// A polyline through `pts` in `color`, `width` px wide, solid or dashed.
pub fn line<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    pts: Vec<(f64, f64)>,
    color: RGBColor,
    dash: Dash,
    width: u32,
) -> DrawResult<DB> {
    line_styled(chart, pts, color.stroke_width(width), dash)
}

/// A polyline through `pts` in any stroke style (e.g. a translucent colour), solid or dashed.
pub fn line_styled<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    pts: Vec<(f64, f64)>,
    style: ShapeStyle,
    dash: Dash,
) -> DrawResult<DB> {
    match dash.pattern() {
        None => chart.draw_series(LineSeries::new(pts, style))?,
        Some((on, off)) => chart.draw_series(DashedLineSeries::new(pts, on, off, style))?,
    };
    Ok(())
}
