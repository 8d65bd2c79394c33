//! Histograms of post-activations at a few layers, side by side (CS231n's activation-statistics demo):
//! saturation piles up at ±1, vanishing signals collapse onto 0.

use super::axes::percent_tick;
use super::palette;
use super::{Area, DrawResult, Fonts, FONT};
use initscope::engine::Histogram;
use plotters::prelude::*;

/// Draw one panel per histogram, left to right, on shared x and y axes (the CS231n comparison: a signal that
/// vanishes collapses onto 0 against the first layer's spread).
pub fn draw_histograms<DB: DrawingBackend>(
    root: &Area<DB>,
    hists: &[Histogram],
    fonts: Fonts,
) -> DrawResult<DB> {
    root.fill(&fonts.paper())?;
    if hists.is_empty() {
        return root.present();
    }
    let shared = shared_axes(hists);
    let panels = root.split_evenly((1, hists.len()));
    for (area, h) in panels.iter().zip(hists) {
        draw_one(area, h, fonts, shared)?;
    }
    root.present()
}

/// The x range spanning every histogram and the highest bin's share: `(lo, hi, peak)`.
pub fn shared_axes(hists: &[Histogram]) -> (f64, f64, f64) {
    let lo = hists.iter().map(|h| h.lo).fold(f64::INFINITY, f64::min);
    let hi = hists.iter().map(|h| h.hi).fold(f64::NEG_INFINITY, f64::max);
    let peak = hists
        .iter()
        .map(|h| {
            let total = h.counts.iter().map(|&c| c as f64).sum::<f64>().max(1.0);
            h.counts.iter().copied().max().unwrap_or(0) as f64 / total
        })
        .fold(0.0, f64::max);
    if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi, peak)
    } else {
        (-1.0, 1.0, peak)
    }
}

fn draw_one<DB: DrawingBackend>(
    area: &Area<DB>,
    h: &Histogram,
    fonts: Fonts,
    (lo, hi, peak): (f64, f64, f64),
) -> DrawResult<DB> {
    let total = h.counts.iter().map(|&c| c as f64).sum::<f64>().max(1.0);
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .caption(
            format!("layer {}", h.layer),
            (FONT, fonts.label).into_font().color(&fonts.ink()),
        )
        .x_label_area_size(fonts.tick * 2 + 4)
        .y_label_area_size(fonts.tick * 3)
        .build_cartesian_2d(lo..hi, 0.0..(peak * 1.1).max(1e-9))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(palette::GREY.mix(0.06))
        .bold_line_style(palette::GREY.mix(0.18))
        .axis_style(fonts.ink())
        .label_style((FONT, fonts.tick).into_font().color(&fonts.ink()))
        .x_labels(3)
        .y_labels(3)
        .x_label_formatter(&|x| compact(*x))
        .y_label_formatter(&percent_tick)
        .draw()?;
    // At least 3 px a bar (2 once drawn): a vanished signal's bins, a millionth of the first layer's spread,
    // would be drawn narrower than a pixel — an empty panel where the spike at 0 belongs.
    let min_width = 3.0 * (hi - lo) / f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
    chart.draw_series(h.counts.iter().enumerate().map(|(i, &c)| {
        let (x0, x1) = h.bin_edges(i);
        let (x0, x1) = if x1 - x0 < min_width {
            // Centred on the bin, kept inside the axis (a spike at 0 on a ReLU's [0, …] axis).
            let x0 = (0.5 * (x0 + x1 - min_width)).clamp(lo, (hi - min_width).max(lo));
            (x0, x0 + min_width)
        } else {
            (x0, x1)
        };
        Rectangle::new(
            [(x0, 0.0), (x1, c as f64 / total)],
            bar_colour(fonts.theme).filled(),
        )
    }))?;
    Ok(())
}

/// The bars' colour: Okabe–Ito blue, a little lighter on dark paper (sky blue) so the bars stand out from it.
pub fn bar_colour(theme: palette::Theme) -> RGBAColor {
    match theme {
        palette::Theme::Light => palette::BLUE.mix(0.85),
        palette::Theme::Dark => palette::SKY.mix(0.9),
    }
}

/// A short tick label: 3 significant digits, exponent form outside [10⁻², 10⁴).
pub fn compact(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if (1e-2..1e4).contains(&x.abs()) {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{x:.1e}")
    }
}
