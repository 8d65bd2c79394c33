//! The race's charts: racers named by display labels, a log-step axis whose title sits below its
//! tick labels, a colour bar on the gradient-norm maps, and racer colours visible on a dark page.

use initscope::train::params::parse_race_query;
use initscope::train::Race;
use initscope_web::charts::race::{
    draw_curves_labelled, draw_grad_norms, heat, racer_label, racer_style, step_x,
};
use initscope_web::charts::Fonts;
use plotters::prelude::*;

/// Every `<text …>content</text>` of an SVG as (y, font size, content).
fn texts(svg: &str) -> Vec<(f64, f64, String)> {
    let attr = |tag: &str, name: &str| -> f64 {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.trim_end_matches("px").parse().ok())
            .unwrap_or(f64::NAN)
    };
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let (tag, rest) = t.split_once('>')?;
            let content = rest.split("</text>").next()?.trim().to_string();
            Some((attr(tag, "y"), attr(tag, "font-size"), content))
        })
        .collect()
}

fn race(query: &str, steps: usize) -> (Race, Vec<String>) {
    let (cfg, errors) = parse_race_query(query);
    assert!(errors.is_empty(), "{errors:?}");
    let labels = cfg.inits.iter().map(racer_label).collect();
    let mut race = Race::new(cfg);
    race.run(steps, 10);
    (race, labels)
}

fn curves_svg(query: &str, steps: usize, axis_steps: usize) -> (String, Vec<String>) {
    let (race, labels) = race(query, steps);
    let snap = race.snapshot(false);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 520)).into_drawing_area();
        draw_curves_labelled(
            &root,
            &snap.racers,
            &labels,
            axis_steps,
            Fonts::for_width(900),
        )
        .expect("draws");
    }
    (svg, labels)
}

#[test]
fn racers_are_named_by_their_display_labels_never_ids() {
    let (svg, labels) = curves_svg(
        "inits=he-normal,zero,normal&scale=0.01&depth=3&width=8",
        20,
        200,
    );
    assert_eq!(labels[0], "He/Kaiming normal");
    assert!(
        labels[2].contains("0.01"),
        "the scale is part of the name: {}",
        labels[2]
    );
    let shown: Vec<String> = texts(&svg).into_iter().map(|t| t.2).collect();
    for l in &labels {
        assert!(shown.contains(l), "legend shows {l:?}: {shown:?}");
    }
    for id in ["he-normal", "zero", "normal"] {
        assert!(!shown.iter().any(|t| t == id), "no id {id:?} as a label");
    }
}

#[test]
fn the_log_step_axis_keeps_the_first_hundreds_of_steps_readable() {
    // On a 2000-step axis the first 300 steps take most of the width (a linear axis gave them 15 %).
    assert!(step_x(300) / step_x(2000) > 0.7);
    assert_eq!(step_x(0), step_x(1), "step 0 is drawn at step 1");
    let (svg, _) = curves_svg("inits=he-normal&depth=3&width=8", 60, 2000);
    let all = texts(&svg);
    for tick in ["1", "10", "100", "1000"] {
        assert!(all.iter().any(|t| t.2 == tick), "tick {tick}: {all:?}");
    }
    // The axis title sits below the lowest x tick label, clear of it by at least the tick's font size.
    let (title_y, _, _) = all
        .iter()
        .find(|t| t.2 == "step (log scale)")
        .cloned()
        .expect("axis title");
    let (tick_y, tick_size) = all
        .iter()
        .filter(|t| ["1", "10", "100", "1000"].contains(&t.2.as_str()))
        .map(|t| (t.0, t.1))
        .fold((f64::MIN, 0.0), |a, b| if b.0 > a.0 { b } else { a });
    assert!(
        title_y - tick_y >= tick_size,
        "title at y={title_y}, tick labels at y={tick_y} (font {tick_size})"
    );
}

#[test]
fn gradient_norm_maps_have_a_colour_bar_with_values() {
    let (race, _) = race("inits=he-normal&depth=4&width=8", 40);
    let snap = race.snapshot(false);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (260, 200)).into_drawing_area();
        draw_grad_norms(
            &root,
            &snap.racers[0],
            (-3.0, 0.0),
            "‖∂L/∂W‖ by layer",
            Fonts::for_width(260),
        )
        .expect("draws");
    }
    let shown: Vec<String> = texts(&svg).into_iter().map(|t| t.2).collect();
    for v in ["10⁻³", "10⁻²", "10⁻¹", "1"] {
        assert!(
            shown.iter().any(|t| t == v),
            "colour bar value {v}: {shown:?}"
        );
    }
    // Both ends of the ramp are painted (the bar), whatever the data's norms are.
    for v in [0.0, 1.0] {
        let RGBColor(r, g, b) = heat(v);
        let hex = format!("#{r:02X}{g:02X}{b:02X}");
        assert!(
            svg.to_uppercase().contains(&hex),
            "ramp colour {hex} at {v}"
        );
    }
}

/// WCAG relative luminance (a test-side colour check, not a number the page shows: exempt from the libm rule).
#[allow(clippy::disallowed_methods)]
fn luminance(RGBColor(r, g, b): RGBColor) -> f64 {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

#[test]
fn every_racer_colour_is_visible_on_a_dark_page() {
    let dark_card = RGBColor(0x1f, 0x23, 0x29);
    for i in 0..4 {
        let (c, _) = racer_style(i);
        let ratio = (luminance(c) + 0.05) / (luminance(dark_card) + 0.05);
        assert!(ratio >= 3.0, "racer {i} contrast on dark {ratio:.2}");
    }
}
