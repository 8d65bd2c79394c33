//! The chart draw functions render natively (SVG backend): the lines, the theory, the markers.

mod common;
mod svg;
use common::run;
use initscope::engine::{simulate, Activation, Config, Initializer, SimOptions};
use initscope_web::charts::histogram::draw_histograms;
use initscope_web::charts::variance::{draw_variance, y_range, GradientView, Pinned, VarianceView};
use initscope_web::charts::Fonts;
use plotters::prelude::*;

fn svg_of(view: &VarianceView) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 500)).into_drawing_area();
        draw_variance(&root, view, Fonts::for_width(900)).expect("draws");
    }
    svg
}

#[test]
fn variance_chart_draws_measured_theory_and_gradient() {
    let r = run(Initializer::XavierNormal, Activation::Relu, 30);
    let view = VarianceView::build(&r, GradientView::SameAxes, None, &[]);
    assert_eq!(
        view.curves.len(),
        6,
        "pre, post, two theories, gradient and its theory"
    );
    let svg = svg_of(&view);
    assert!(svg.matches("<polyline").count() >= 3, "solid lines drawn");
    assert!(svg.contains("layer"));
    assert!(svg.contains("10⁻"), "log ticks labelled as powers of ten");
}

#[test]
fn overflow_is_marked_and_the_axis_stays_sane() {
    let cfg = Config {
        init: Initializer::Uniform,
        scale: 1.0,
        activation: Activation::Relu,
        depth: 120,
        ..Config::default()
    };
    let r = simulate(&cfg, &SimOptions::default());
    let k = r.overflow_layer.unwrap();
    let view = VarianceView::build(&r, GradientView::Panel, None, &[]);
    let (lo, hi) = y_range(view.curves.iter().flat_map(|c| c.values.iter()));
    assert!(hi <= 80.0 && lo >= -95.0, "axis {lo}..{hi}");
    let svg = svg_of(&view);
    assert!(svg.contains(&format!("f32 overflow at layer {k}")));
    assert!(svg.contains("Backward gradient"));
}

#[test]
fn pinned_runs_get_markers_and_a_band_is_shaded() {
    let a = run(Initializer::HeNormal, Activation::Relu, 20);
    let b = run(Initializer::XavierNormal, Activation::Relu, 20);
    let pins = [Pinned::of(&a), Pinned::of(&b)];
    let band = Some((vec![0.5; 20], vec![3.0; 20]));
    let view = VarianceView::build(&a, GradientView::Hidden, band, &pins);
    assert_eq!(view.curves.iter().filter(|c| c.marker.is_some()).count(), 2);
    let svg = svg_of(&view);
    assert!(svg.contains("<polygon"), "spread band drawn");
    assert!(svg.contains("<circle"), "pinned run #1 markers");
}

#[test]
fn histograms_draw_one_panel_each() {
    let r = run(Initializer::Normal, Activation::Tanh, 10);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 260)).into_drawing_area();
        draw_histograms(&root, &r.histograms, Fonts::for_width(900)).unwrap();
    }
    assert!(svg.contains("layer 1") && svg.contains("layer 10"));
    assert!(svg.matches("<rect").count() >= 80, "40 bins per panel");
}

/// Writes example SVGs for eyeballing when INITSCOPE_DUMP_SVG is set (no assertion beyond drawing).
#[test]
fn dump_examples_when_asked() {
    let Ok(dir) = std::env::var("INITSCOPE_DUMP_SVG") else {
        return;
    };
    let a = run(Initializer::HeNormal, Activation::Relu, 50);
    let b = run(Initializer::XavierNormal, Activation::Relu, 50);
    let view = VarianceView::build(&b, GradientView::SameAxes, None, &[Pinned::of(&a)]);
    std::fs::write(format!("{dir}/variance.svg"), svg_of(&view)).unwrap();
}

#[test]
fn race_charts_draw_curves_boundaries_and_gradient_maps() {
    use initscope::train::params::parse_race_query;
    use initscope::train::Race;
    use initscope_web::charts::race::{draw_boundary, draw_curves, draw_grad_norms};
    let (cfg, _) = parse_race_query("inits=he-normal,zero&depth=3&width=8");
    let mut race = Race::new(cfg);
    race.run(30, 10);
    let snap = race.snapshot(true);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (800, 500)).into_drawing_area();
        draw_curves(&root, &snap.racers, 30, Fonts::for_width(800)).unwrap();
    }
    assert!(svg.contains("test accuracy") && svg.matches("<polyline").count() >= 2);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (200, 200)).into_drawing_area();
        let probs = snap.racers[0].boundary.as_ref().unwrap();
        let points = (&race.data.test_x[..], &race.data.test_y[..]);
        draw_boundary(
            &root,
            probs,
            snap.classes,
            points,
            "boundary",
            Fonts::for_width(200),
        )
        .unwrap();
    }
    assert!(
        svg.matches("<rect").count() >= 36 * 36,
        "the grid is shaded"
    );
    assert!(
        svg.matches("<circle").count() >= 100,
        "the test points are drawn"
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (200, 200)).into_drawing_area();
        draw_grad_norms(
            &root,
            &snap.racers[0],
            (-4.0, 0.0),
            "grad",
            Fonts::for_width(200),
        )
        .unwrap();
    }
    assert!(
        svg.matches("<rect").count() >= 3 * 4,
        "layers × recorded steps"
    );
}

#[test]
fn shared_axes_label_log_and_percent_ticks_and_draw_dashed_lines() {
    use initscope_web::charts::axes::{cartesian, line, log_tick, percent_tick, Axes};
    use initscope_web::charts::palette::{Dash, BLUE};
    assert_eq!(log_tick(&-3.0), "10⁻³");
    assert_eq!(log_tick(&-2.5), "");
    assert_eq!(percent_tick(&0.25), "25%");
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (600, 300)).into_drawing_area();
        let axes = Axes {
            caption: "loss",
            x: 0.0..10.0,
            y: -2.0..1.0,
            x_desc: "step",
            y_desc: "",
            y_ticks: log_tick,
        };
        let mut chart = cartesian(&root, &axes, Fonts::for_width(600)).expect("builds");
        line(
            &mut chart,
            vec![(0.0, 0.0), (10.0, -1.0)],
            BLUE,
            Dash::Dashed,
            3,
        )
        .expect("draws");
        root.present().expect("presents");
    }
    assert!(svg.contains("10⁻²") && svg.contains("step") && svg.contains("loss"));
}

#[test]
fn a_variance_of_exactly_zero_is_marked_as_zero() {
    // Zero init: every variance is exactly 0 — marked "= 0" at the floor, never drawn as a line there.
    let r = run(Initializer::Zero, Activation::Tanh, 6);
    assert!(r.layers.iter().all(|l| l.pre_var == 0.0));
    let view = VarianceView::build(&r, GradientView::SameAxes, None, &[]);
    let svg = svg_of(&view);
    assert!(svg.contains("= 0"), "zero marked");
}

#[test]
fn a_value_beyond_the_axis_ends_at_the_edge_with_an_arrowhead() {
    // A curve whose second half lies beyond the axis' limit (10⁸⁰): cut at the edge with an arrowhead.
    let r = run(Initializer::XavierNormal, Activation::Relu, 30);
    let mut view = VarianceView::build(&r, GradientView::Hidden, None, &[]);
    let c = &mut view.curves[0];
    let n = c.values.len();
    for v in &mut c.values[n / 2..] {
        *v = 1e300;
    }
    let svg = svg_of(&view);
    assert!(svg.contains("<polygon"), "arrowhead at the edge");
}

#[test]
fn the_gradient_direction_is_shown_on_the_chart() {
    let r = run(Initializer::HeNormal, Activation::Relu, 10);
    let shown = svg_of(&VarianceView::build(&r, GradientView::SameAxes, None, &[]));
    assert!(shown.contains("towards the input"));
    let hidden = svg_of(&VarianceView::build(&r, GradientView::Hidden, None, &[]));
    assert!(!hidden.contains("towards the input"));
}

#[test]
fn histograms_share_their_x_and_y_axes() {
    use initscope_web::charts::histogram::shared_axes;
    let r = run(Initializer::XavierNormal, Activation::Tanh, 20);
    let (lo, hi, peak) = shared_axes(&r.histograms);
    for h in &r.histograms {
        assert!(lo <= h.lo && h.hi <= hi);
    }
    assert!(peak > 0.0 && peak <= 1.0);
}

/// The tick labels under the x axis: the whole-number texts of the lowest row (the y axis's labels, "1" and
/// "10" among them, sit higher up).
fn whole_number_texts(svg: &str) -> Vec<String> {
    let texts: Vec<(f64, String)> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| {
            let (attrs, rest) = t.split_once('>')?;
            let y = attrs
                .split_once(" y=\"")?
                .1
                .split_once('"')?
                .0
                .parse()
                .ok()?;
            Some((y, rest.split_once("</text>")?.0.trim().to_string()))
        })
        .filter(|(_, t)| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let bottom = texts.iter().map(|(y, _)| *y).fold(f64::MIN, f64::max);
    let mut out: Vec<String> = (texts.into_iter())
        .filter(|(y, _)| *y == bottom)
        .map(|(_, t)| t)
        .collect();
    out.sort();
    out
}

#[test]
fn a_shallow_net_labels_each_layer_once() {
    // Ten labels asked of a 1–3 axis used to round to "1 1 1 2 2 2 2 2 3 3 3".
    for (depth, labels) in [
        (1, vec!["1"]),
        (2, vec!["1", "2"]),
        (3, vec!["1", "2", "3"]),
    ] {
        let r = run(Initializer::HeNormal, Activation::Relu, depth);
        let svg = svg_of(&VarianceView::build(&r, GradientView::SameAxes, None, &[]));
        assert_eq!(whole_number_texts(&svg), labels, "depth {depth}");
    }
    let r = run(Initializer::HeNormal, Activation::Relu, 50);
    let svg = svg_of(&VarianceView::build(&r, GradientView::SameAxes, None, &[]));
    let ticks = whole_number_texts(&svg);
    assert!((5..=11).contains(&ticks.len()), "depth 50: {ticks:?}");
    assert!(
        ticks
            .iter()
            .all(|t| ticks.iter().filter(|u| *u == t).count() == 1),
        "{ticks:?}"
    );
}

#[test]
fn a_vanished_signal_still_shows_its_spike_at_zero() {
    // Xavier + ReLU halves the variance every layer: by layer 50 the values span ~10⁻⁷ of layer 1's range, so
    // its bins were drawn narrower than a pixel and the panel looked empty.
    let r = run(Initializer::XavierNormal, Activation::Relu, 50);
    let (lo, hi, _) = initscope_web::charts::histogram::shared_axes(&r.histograms);
    let last = r.histograms.last().expect("a histogram of layer 50");
    assert!(
        (last.hi - last.lo) < 1e-4 * (hi - lo),
        "the setting vanishes as described"
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 260)).into_drawing_area();
        draw_histograms(&root, &r.histograms, Fonts::for_width(900)).expect("draws");
    }
    let num = |attrs: &str, name: &str| -> f64 {
        (attrs.split_once(&format!(" {name}=\"")))
            .and_then(|(_, v)| v.split_once('"')?.0.parse().ok())
            .unwrap_or(0.0)
    };
    // Filled bars in the right-hand panel (layer 50): some are at least a pixel wide and visibly tall.
    let bars = svg
        .split("<rect")
        .skip(1)
        .map(|r| r.split_once("/>").map_or(r, |(a, _)| a))
        .filter(|a| num(a, "x") > 450.0 && num(a, "width") >= 1.5 && num(a, "height") >= 5.0)
        .filter(|a| a.contains("fill=\"#0072B2\""))
        .count();
    assert!(bars >= 1, "layer 50's panel has a visible bar");
}

#[test]
fn a_gradient_panel_of_its_own_has_no_more_y_labels_than_fit() {
    // Two short panels (a 300 px canvas): the forward one and the gradient's, each a hundred-odd px tall
    // over many decades. Nine labels a panel stood on top of one another.
    let r = run(Initializer::XavierNormal, Activation::Relu, 50);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 300)).into_drawing_area();
        let view = VarianceView::build(&r, GradientView::Panel, None, &[]);
        draw_variance(&root, &view, Fonts::for_width(900)).expect("draws");
    }
    // The y labels are powers of ten: "1", "10", "10⁻³"…
    let labels = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')?
                .1
                .split_once("</text>")
                .map(|(s, _)| s.trim().to_string())
        })
        .filter(|t| t == "1" || t.starts_with("10"))
        .count();
    let tick = Fonts::for_width(900).tick as usize;
    // Each panel's plot is under 150 px tall: at most 150 / (2 · tick) labels in each.
    assert!(labels >= 4, "{labels} labels");
    assert!(
        labels <= 2 * (150 / (2 * tick)),
        "{labels} labels in two short panels"
    );
}

#[test]
fn the_spectrum_follows_small_values_down_and_marks_f64s_floor() {
    use initscope_web::charts::spectrum::{below_floor, draw_spectrum, f64_floor};
    // A deep Gaussian product's spectrum: down to 10⁻¹⁷ of the largest, the last two below f64's floor.
    let sv = [8.0, 1.0, 1e-4, 2e-8, 1e-12, 3e-16, 1e-17];
    assert_eq!(f64_floor(1.0, 1), f64::EPSILON);
    assert_eq!(below_floor(&sv), 2);
    assert_eq!(below_floor(&[1.0, 0.5]), 0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (500, 300)).into_drawing_area();
        draw_spectrum(&root, &sv, Fonts::for_width(500)).unwrap();
    }
    // The axis goes on below 10⁻⁸ (ticks every 5 decades down to 10⁻¹⁵), and the floor is drawn in grey.
    assert!(svg.contains("10⁻¹⁵"), "{svg}");
    let mut resolved = String::new();
    {
        let root = SVGBackend::with_string(&mut resolved, (500, 300)).into_drawing_area();
        let sv: Vec<f64> = sv.iter().map(|&v| v.max(1e-12)).collect();
        draw_spectrum(&root, &sv, Fonts::for_width(500)).unwrap();
    }
    let grey = |s: &str| s.matches("#888E96").count();
    assert!(
        grey(&svg) > grey(&resolved),
        "the floor is drawn only where values fall below it"
    );
}

/// The points of every `<polyline>` in an SVG, as (x, y) pixels.
fn polylines(svg: &str) -> Vec<Vec<(f64, f64)>> {
    svg::elements(svg, "polyline")
        .into_iter()
        .filter_map(|p| p.split("points=\"").nth(1)?.split('"').next())
        .map(|pts| {
            pts.split_whitespace()
                .filter_map(|xy| {
                    let (x, y) = xy.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect()
}

#[test]
fn learns_overflow_figure_cuts_the_off_scale_theory_at_the_edge() {
    // Learn's "U(−1, 1) + ReLU overflows f32" figure: the theory grows past 10⁸⁰, the axis' limit. It must
    // end at the top edge with an arrowhead, not run along the edge as a flat line.
    use initscope_web::charts::small_multiples::draw_small_multiples;
    let cfg = Config {
        init: Initializer::Uniform,
        scale: 1.0,
        activation: Activation::Relu,
        depth: 100,
        width: 64,
        batch: 16,
        ..Config::default()
    };
    let r = simulate(&cfg, &SimOptions::default());
    let theory = &r.theory.as_ref().unwrap().layers;
    assert!(theory[99].pre_var > 1e80, "the theory leaves the axis");
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (700, 300)).into_drawing_area();
        draw_small_multiples(
            &root,
            &[("uniform(1) + ReLU".into(), r)],
            Fonts::for_width(700),
        )
        .expect("draws");
    }
    assert!(
        svg.contains("<polygon"),
        "an arrowhead where the theory leaves"
    );
    let lines = polylines(&svg);
    let top = lines
        .iter()
        .flatten()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min);
    for l in &lines {
        // The step that leaves the axis may end level with the last point inside; no more than that.
        let along = l
            .windows(2)
            .filter(|w| w[0].1 == top && w[1].1 == top)
            .count();
        assert!(along <= 1, "a line along the top edge: {l:?}");
    }
}

/// The (x, y) of every SVG `<text>` whose content is `content`.
fn text_at(svg: &str, content: &str) -> Vec<(f64, f64)> {
    svg::elements(svg, "text")
        .into_iter()
        .filter(|t| {
            t.split('>')
                .nth(1)
                .is_some_and(|c| c.trim_start().starts_with(content))
        })
        .filter_map(|t| Some((svg::number(t, "x")?, svg::number(t, "y")?)))
        .collect()
}

#[test]
fn zero_markers_keep_clear_of_the_gradient_note_and_of_each_other() {
    // Zero init: Var(h), Var(a) and Var(∂L/∂h) are exactly 0 at every layer, each marked "= 0" at the floor.
    let r = run(Initializer::Zero, Activation::Tanh, 10);
    let view = VarianceView::build(&r, GradientView::SameAxes, None, &[]);
    let svg = svg_of(&view);
    let zeros = text_at(&svg, "= 0");
    assert!(zeros.len() >= 2, "{zeros:?}");
    let mut ys: Vec<f64> = zeros.iter().map(|p| p.1).collect();
    ys.sort_by(f64::total_cmp);
    assert!(
        ys.windows(2).all(|w| w[1] - w[0] >= 12.0),
        "the labels stacked, not overprinted: {ys:?}"
    );
    let note = text_at(&svg, "← gradient");
    assert_eq!(note.len(), 1);
    for z in &zeros {
        assert!(
            (z.1 - note[0].1).abs() > 60.0,
            "the note {note:?} clear of \"= 0\" at {z:?}"
        );
    }
    // A run without zeros keeps the note at the bottom left.
    let he = run(Initializer::HeNormal, Activation::Relu, 10);
    let svg = svg_of(&VarianceView::build(&he, GradientView::SameAxes, None, &[]));
    let low = text_at(&svg, "← gradient")[0].1;
    assert!(low > 300.0, "bottom of a 500 px chart: {low}");
}

#[test]
fn the_default_runs_end_labels_do_not_overprint() {
    // He + ReLU, depth 50: six curves end within a decade of each other at the right edge. Their labels are
    // spread at least a line apart (on leader lines), none on another.
    let r = simulate(&Config::default(), &SimOptions::default());
    let svg = svg_of(&VarianceView::build(&r, GradientView::SameAxes, None, &[]));
    let mut ys: Vec<f64> = text_at(&svg, "Var(")
        .into_iter()
        .filter(|p| p.0 > 700.0)
        .map(|p| p.1)
        .collect();
    assert_eq!(ys.len(), 6, "{ys:?}");
    ys.sort_by(f64::total_cmp);
    assert!(ys.windows(2).all(|w| w[1] - w[0] >= 12.0), "{ys:?}");
}
