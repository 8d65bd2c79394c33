//! The charts' classroom promises, checked natively on SVG: the dark theme reaches every chart (no white paper,
//! light ink, the ink-coloured series turned light), the bands' legend colours are the colours drawn, stale
//! measured curves are faint and captioned, each curve is labelled at its right end, and settings are shown
//! rounded for people.

mod common;
use common::run;
use initscope::engine::{simulate, Activation, Config, Initializer, SimOptions};
use initscope_web::charts::correlation::{draw_correlation, CorrelationView};
use initscope_web::charts::end_labels::spread;
use initscope_web::charts::histogram::draw_histograms;
use initscope_web::charts::palette::{self, css, Theme};
use initscope_web::charts::spectrum::draw_spectrum;
use initscope_web::charts::variance::{
    draw_variance, GradientView, Pinned, VarianceView, STALE_ALPHA, STALE_CAPTION,
};
use initscope_web::charts::{for_people, Area, DrawResult, Fonts};
use plotters::prelude::*;

/// Draw into an SVG string `w`×`h` px.
fn svg(
    w: u32,
    h: u32,
    draw: impl for<'a> FnOnce(&Area<SVGBackend<'a>>) -> DrawResult<SVGBackend<'a>>,
) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw(&root).expect("draws");
    }
    out
}

fn fonts(theme: Theme) -> Fonts {
    Fonts::for_width(900).with_theme(theme)
}

/// The `fill="#RRGGBB"` of a colour, as plotters writes it.
fn fill(c: RGBColor) -> String {
    format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)
}

fn stroke(c: RGBColor) -> String {
    format!("stroke=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)
}

/// Every rectangle that covers the whole drawing (the paper).
fn paper_fills(svg: &str, w: u32, h: u32) -> Vec<String> {
    let whole = format!("<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\"");
    svg.lines()
        .filter(|l| l.starts_with(&whole))
        .filter_map(|l| l.split("fill=\"").nth(1))
        .map(|f| f.chars().take(7).collect())
        .collect()
}

#[test]
fn the_dark_theme_reaches_every_chart() {
    let r = run(Initializer::XavierNormal, Activation::Tanh, 20);
    let pinned = vec![Pinned::of(&r); 4];
    let view = VarianceView::build(&r, GradientView::Panel, None, &pinned);
    let dark = fonts(Theme::Dark);
    let white = fill(RGBColor(255, 255, 255));
    let charts = [
        svg(900, 500, |a| draw_variance(a, &view, dark)),
        svg(900, 260, |a| draw_histograms(a, &r.histograms, dark)),
        svg(600, 300, |a| {
            let v = CorrelationView {
                depth: 20,
                measured: r.layers.iter().map(|l| l.corr).collect(),
                theory: None,
            };
            draw_correlation(a, &v, dark)
        }),
        svg(600, 300, |a| draw_spectrum(a, &[3.0, 1.0, 0.2], dark)),
    ];
    for (k, s) in charts.iter().enumerate() {
        assert!(
            !s.contains(&white),
            "chart {k}: no white paper in the dark theme"
        );
        assert!(
            s.contains(&fill(palette::PAPER_DARK)),
            "chart {k}: dark paper"
        );
        assert!(
            s.contains(&fill(palette::INK_DARK)),
            "chart {k}: light text"
        );
        assert!(
            !s.contains(&fill(palette::INK)),
            "chart {k}: no dark text on dark"
        );
    }
    // The fourth pinned run is drawn in ink: light on dark paper, dark on white.
    assert_eq!(palette::pinned_style(3).0, palette::INK);
    assert!(charts[0].contains(&stroke(palette::INK_DARK)));
    assert!(!charts[0].contains(&stroke(palette::INK)));
    let light = svg(900, 500, |a| draw_variance(a, &view, fonts(Theme::Light)));
    assert_eq!(paper_fills(&light, 900, 500)[0], "#FFFFFF");
    assert!(light.contains(&stroke(palette::INK)));
}

#[test]
fn the_race_charts_follow_the_theme() {
    use initscope::train::params::parse_race_query;
    use initscope::train::Race;
    use initscope_web::charts::race::{draw_curves_labelled, draw_grad_norms};
    let (cfg, _) = parse_race_query("inits=he-normal,zero&depth=3&width=8");
    let mut race = Race::new(cfg);
    race.run(20, 10);
    let snap = race.snapshot(false);
    let dark = fonts(Theme::Dark);
    let labels = vec!["He".to_string(), "Zero".to_string()];
    let curves = svg(800, 500, |a| {
        draw_curves_labelled(a, &snap.racers, &labels, 20, dark)
    });
    let grads = svg(300, 200, |a| {
        draw_grad_norms(a, &snap.racers[0], (-4.0, 0.0), "grad", dark)
    });
    for s in [&curves, &grads] {
        assert_eq!(paper_fills(s, s_w(s), s_h(s))[0], "#1F2329");
        assert!(
            !s.contains(&fill(palette::INK)),
            "no dark ink on dark paper"
        );
    }
}

fn s_w(s: &str) -> u32 {
    attr(s, "width")
}

fn s_h(s: &str) -> u32 {
    attr(s, "height")
}

fn attr(s: &str, name: &str) -> u32 {
    s.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_bands_are_drawn_in_their_legend_colours() {
    let r = run(Initializer::HeNormal, Activation::Relu, 20);
    let band = Some((vec![0.5; 20], vec![3.0; 20]));
    let view = VarianceView::build(&r, GradientView::Hidden, band, &[]);
    for theme in [Theme::Light, Theme::Dark] {
        let s = svg(900, 500, |a| draw_variance(a, &view, fonts(theme)));
        for (c, a) in [palette::SPREAD_BAND, palette::REFERENCE_BAND] {
            let drawn = format!("opacity=\"{a}\" {}", fill(c));
            assert!(s.contains(&drawn), "{drawn} in {theme:?}");
        }
    }
    // The HTML legend's swatches are built from the same constants.
    assert_eq!(
        palette::css_alpha(palette::SPREAD_BAND),
        "rgba(86, 180, 233, 0.3)"
    );
    assert_eq!(palette::css_series(palette::INK), "currentColor");
    assert_eq!(palette::css_series(palette::BLUE), css(palette::BLUE));
}

#[test]
fn stale_measured_curves_are_faint_and_captioned_the_theory_is_not() {
    let r = run(Initializer::XavierNormal, Activation::Relu, 20);
    let fresh = VarianceView::build(&r, GradientView::SameAxes, None, &[]);
    assert!(!fresh.stale, "fresh by default");
    let stale = fresh.clone().marked_stale(true);
    let f = svg(900, 500, |a| draw_variance(a, &fresh, fonts(Theme::Light)));
    let s = svg(900, 500, |a| draw_variance(a, &stale, fonts(Theme::Light)));
    assert!(!f.contains("updating…") && s.contains(STALE_CAPTION));
    let faint = format!("opacity=\"{STALE_ALPHA}\" {}", stroke(palette::BLUE));
    assert!(s.contains(&faint), "measured Var(h) faint");
    assert!(!f.contains(&faint));
    // The theory (dashed Var(h), drawn as separate dash segments) keeps full opacity.
    let full = format!("opacity=\"1\" {}", stroke(palette::BLUE));
    assert!(s.contains(&full), "the theory keeps full colour");
}

#[test]
fn a_stale_view_with_nothing_measured_has_no_previous_setting_caption() {
    // A job's theory stage before any run finished: every measured value is NaN.
    let mut r = run(Initializer::XavierNormal, Activation::Tanh, 12);
    for l in &mut r.layers {
        *l = initscope::engine::LayerStats::unavailable(l.layer);
    }
    let view = VarianceView::build(&r, GradientView::SameAxes, None, &[]).marked_stale(true);
    let s = svg(900, 500, |a| draw_variance(a, &view, fonts(Theme::Light)));
    assert!(!s.contains(STALE_CAPTION), "no faint curves to explain");
    assert!(s.contains("theory"), "the theory is still drawn");
}

#[test]
fn curves_are_labelled_at_their_right_ends() {
    let r = run(Initializer::HeNormal, Activation::Relu, 30);
    let view = VarianceView::build(&r, GradientView::SameAxes, None, &[]);
    let tags: Vec<String> = view.curves.iter().map(|c| c.tag()).collect();
    assert_eq!(
        tags,
        [
            "Var(h)",
            "Var(a)",
            "Var(h) theory",
            "Var(a) theory",
            "Var(∂L/∂h)",
            "Var(∂L/∂h) theory"
        ]
    );
    let wide = svg(900, 500, |a| draw_variance(a, &view, fonts(Theme::Light)));
    for t in &tags {
        assert!(wide.contains(&format!("\n{t}\n")), "{t} labelled");
    }
    // On a phone the measured curves keep their labels.
    let narrow = svg(360, 300, |a| {
        draw_variance(a, &view, Fonts::for_width(360).with_theme(Theme::Light))
    });
    for t in ["Var(h)", "Var(a)", "Var(∂L/∂h)"] {
        assert!(
            narrow.contains(&format!("\n{t}\n")),
            "{t} labelled on a phone"
        );
    }
    let pinned = VarianceView::build(&r, GradientView::Hidden, None, &[Pinned::of(&r)]);
    assert!(pinned.curves.iter().any(|c| c.tag() == "#1"));
}

#[test]
fn end_labels_are_nudged_apart_within_the_plot() {
    // Three curves ending on the same row: spread at least the gap apart, the middle one kept near.
    let ys = spread(&[100.0, 100.0, 100.0], 16.0, (0.0, 400.0));
    let mut sorted = ys.clone();
    sorted.sort_by(f64::total_cmp);
    assert!(sorted[1] - sorted[0] >= 16.0 && sorted[2] - sorted[1] >= 16.0);
    // Far apart: unchanged. Near the bottom edge: pushed up, not out.
    assert_eq!(
        spread(&[10.0, 200.0], 16.0, (0.0, 400.0)),
        vec![10.0, 200.0]
    );
    let low = spread(&[399.0, 400.0], 16.0, (0.0, 400.0));
    assert!(low.iter().all(|y| (0.0..=400.0).contains(y)));
    assert!((low[0] - low[1]).abs() >= 16.0);
    // The order given is the order returned.
    let v = spread(&[300.0, 10.0], 16.0, (0.0, 400.0));
    assert_eq!(v, vec![300.0, 10.0]);
}

#[test]
fn settings_are_shown_rounded_for_people() {
    assert_eq!(for_people(std::f64::consts::SQRT_2), "1.4142");
    assert_eq!(for_people(5.0 / 3.0), "1.6667");
    assert_eq!(for_people(0.01), "0.01");
    assert_eq!(for_people(0.00001), "0.00001");
    assert_eq!(for_people(256.0), "256");
    assert_eq!(for_people(0.1 + 0.2), "0.3");
    let r = simulate(
        &Config {
            init: Initializer::XavierNormal,
            gain: Some(std::f64::consts::SQRT_2),
            depth: 3,
            width: 8,
            batch: 4,
            ..Config::default()
        },
        &SimOptions::default(),
    );
    let p = Pinned::of(&r);
    assert!(p.label.contains("gain=1.4142 "), "{}", p.label);
}

/// Writes light, dark and stale variance charts for eyeballing when INITSCOPE_DUMP_SVG is set.
#[test]
fn dump_themed_examples_when_asked() {
    let Ok(dir) = std::env::var("INITSCOPE_DUMP_SVG") else {
        return;
    };
    let a = run(Initializer::HeNormal, Activation::Relu, 50);
    let b = run(Initializer::XavierNormal, Activation::Relu, 50);
    let band = Some((vec![0.3; 50], vec![3.0; 50]));
    let pins = [
        Pinned::of(&a),
        Pinned::of(&a),
        Pinned::of(&a),
        Pinned::of(&a),
    ];
    let view = VarianceView::build(&b, GradientView::SameAxes, band, &pins);
    for (name, theme, stale) in [
        ("light", Theme::Light, false),
        ("dark", Theme::Dark, false),
        ("stale", Theme::Dark, true),
    ] {
        let v = view.clone().marked_stale(stale);
        let s = svg(900, 500, |r| draw_variance(r, &v, fonts(theme)));
        std::fs::write(format!("{dir}/variance-{name}.svg"), s).expect("writes");
    }
    let narrow = VarianceView::build(&b, GradientView::SameAxes, None, &[]);
    let s = svg(360, 300, |r| {
        draw_variance(r, &narrow, Fonts::for_width(360).with_theme(Theme::Light))
    });
    std::fs::write(format!("{dir}/variance-phone.svg"), s).expect("writes");
}

#[test]
fn curve_labels_are_readable_on_either_paper() {
    use initscope_web::charts::palette::{self, contrast, Theme};
    use plotters::style::RGBColor;
    let all = [
        palette::BLUE,
        palette::ORANGE,
        palette::VERMILLION,
        palette::GREEN,
        palette::PURPLE,
        palette::SKY,
    ];
    for theme in [Theme::Light, Theme::Dark] {
        for c in all {
            let t = theme.readable(c);
            assert!(
                contrast(t, theme.background()) >= 4.5,
                "{c:?} on {theme:?}: {t:?}"
            );
            if contrast(c, theme.background()) >= 4.5 {
                assert_eq!(t, c, "a colour readable as it is stays as it is");
            }
        }
    }
    // Orange text on white is darkened, the same hue (its channels keep their order); blue on dark lightened.
    let RGBColor(r, g, b) = Theme::Light.readable(palette::ORANGE);
    assert!(r < 0xE6 && r > g && g > b, "{r} {g} {b}");
    assert_eq!(Theme::Light.readable(palette::BLUE), palette::BLUE);
    assert_ne!(Theme::Dark.readable(palette::BLUE), palette::BLUE);
    assert!((contrast(RGBColor(0, 0, 0), RGBColor(0xFF, 0xFF, 0xFF)) - 21.0).abs() < 1e-9);
}
