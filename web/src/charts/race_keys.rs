//! The race charts' keys: the legend naming each racer in its colour and dash, and the colour bar of the
//! gradient-norm maps.

use super::axes::Chart;
use super::palette;
use super::race_style::{heat, racer_style};
use super::{power_of_ten, Area, DrawResult, Fonts, FONT};
use plotters::prelude::*;

/// The racers' names in their colours and dashes, one per row at the loss panel's lower left (a loss is low
/// only late in a run, so the early steps' low corner is empty).
pub fn legend<DB: DrawingBackend>(
    chart: &mut Chart<DB>,
    labels: &[String],
    fonts: Fonts,
) -> DrawResult<DB> {
    let area = chart.plotting_area().strip_coord_spec();
    let (_, h) = area.dim_in_pixel();
    let row = fonts.tick as i32 + 6;
    let text_w =
        labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as i32 * fonts.tick as i32 * 11
            / 20;
    let box_w = text_w + 44;
    let x0 = 6;
    let y0 = (h as i32 - 8 - row * labels.len() as i32).max(0);
    if !labels.is_empty() {
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + box_w, y0 + 4 + row * labels.len() as i32)],
            fonts.paper().mix(0.85).filled(),
        ))?;
    }
    for (i, label) in labels.iter().enumerate() {
        let (color, dash) = racer_style(i);
        let y = y0 + 2 + row * i as i32 + row / 2;
        let style = color.stroke_width(3);
        let (on, off) = dash.pattern().unwrap_or((30, 0));
        let mut x = x0 + 6;
        while x < x0 + 36 {
            let end = (x + on as i32).min(x0 + 36);
            area.draw(&PathElement::new(vec![(x, y), (end, y)], style))?;
            x = end + off as i32;
        }
        area.draw(&Text::new(
            label.clone(),
            (x0 + 40, y - fonts.tick as i32 / 2),
            (FONT, fonts.tick).into_font().color(&fonts.ink()),
        ))?;
    }
    Ok(())
}

/// A vertical colour bar for the [`heat`] ramp over log₁₀ values [lo, hi] between pixel rows `top..bottom`,
/// labelled at the whole powers of ten inside the range (or at its ends when none is), in `font` px and `ink`.
pub fn colour_bar<DB: DrawingBackend>(
    area: &Area<DB>,
    (lo, hi): (f64, f64),
    (top, bottom): (i32, i32),
    (font, ink): (u32, RGBColor),
) -> DrawResult<DB> {
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let (x0, x1) = (2, 12);
    let span = (bottom - top).max(1);
    for py in top..bottom {
        let v = 1.0 - (py - top) as f64 / (span - 1).max(1) as f64;
        area.draw(&Rectangle::new([(x0, py), (x1, py + 1)], heat(v).filled()))?;
    }
    area.draw(&Rectangle::new([(x0, top), (x1, bottom)], palette::GREY))?;
    let style = (FONT, font).into_font().color(&ink);
    let y_of = |e: f64| top + ((hi - e) / (hi - lo) * span as f64).round() as i32;
    let mut exps: Vec<f64> = ((lo.ceil() as i64)..=(hi.floor() as i64))
        .map(|e| e as f64)
        .collect();
    if exps.len() > 4 {
        let step = exps.len().div_ceil(4);
        exps = exps.into_iter().step_by(step).collect();
    }
    if exps.is_empty() {
        exps = vec![lo, hi];
    }
    for e in exps {
        let y = y_of(e);
        area.draw(&PathElement::new(vec![(x1, y), (x1 + 3, y)], ink))?;
        area.draw(&Text::new(
            power_of_ten(e),
            (x1 + 5, y - font as i32 / 2),
            style.clone(),
        ))?;
    }
    Ok(())
}
