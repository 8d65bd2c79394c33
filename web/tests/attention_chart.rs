//! The attention map renders natively (SVG): one cell per weight (only the unmasked triangle when causal),
//! k×k blocks averaged beyond 64 tokens, colours in viridis on a log scale, the colour bar with 1/T, and
//! nothing panics on a malformed or overflowed map.

use initscope_web::charts::attention::{draw_attention, AttentionView};
use initscope_web::charts::log_scale::log10;
use initscope_web::charts::palette::{contrast, Theme};
use initscope_web::charts::phase::viridis;
use initscope_web::charts::Fonts;
use plotters::prelude::*;

mod svg;

/// Draw `view` into an SVG string `w`×`h` px.
fn render(view: &AttentionView, fonts: Fonts, (w, h): (u32, u32)) -> String {
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, (w, h)).into_drawing_area();
        draw_attention(&root, view, fonts).expect("draws");
    }
    s
}

fn fonts() -> Fonts {
    Fonts::for_width(900).with_theme(Theme::Light)
}

fn draw(view: &AttentionView) -> String {
    let s = render(view, fonts(), (640, 560));
    if let Ok(dir) = std::env::var("ATTENTION_SVG") {
        let name = format!("{dir}/attention-{}-{}.svg", view.tokens, view.causal);
        std::fs::write(name, &s).expect("writes");
    }
    s
}

/// A softmax-like map: row i has weights ∝ 1 / (1 + |i − j|) over its allowed keys, summing to 1.
fn map(tokens: usize, causal: bool) -> AttentionView {
    let mut weights = vec![0.0f32; tokens * tokens];
    for i in 0..tokens {
        let keys = if causal { i + 1 } else { tokens };
        let row: Vec<f32> = (0..keys)
            .map(|j| 1.0 / (1.0 + i.abs_diff(j) as f32))
            .collect();
        let sum: f32 = row.iter().sum();
        for (j, w) in row.into_iter().enumerate() {
            weights[i * tokens + j] = w / sum;
        }
    }
    AttentionView {
        tokens,
        weights,
        causal,
    }
}

/// A drawn cell: its top-left pixel (x, y) and its colour.
type Cell = (f64, f64, RGBColor);

/// The `fill="#RRGGBB"` colour of an element (its own attributes, not what follows), if filled.
fn fill(element: &str) -> Option<RGBColor> {
    let attributes = element.split('>').next()?;
    let hex = attributes.split(" fill=\"#").nth(1)?.get(..6)?;
    let byte = |k: usize| u8::from_str_radix(&hex[k..k + 2], 16).ok();
    Some(RGBColor(byte(0)?, byte(2)?, byte(4)?))
}

/// The coloured cells of the map: filled rectangles not of the paper, at least 2 px each way (the colour
/// bar's slices are 1 px high).
fn cells(svg: &str, paper: RGBColor) -> Vec<Cell> {
    svg::elements(svg, "rect")
        .into_iter()
        .filter_map(|r| {
            let colour = fill(r).filter(|c| *c != paper)?;
            let (w, h) = (svg::number(r, "width")?, svg::number(r, "height")?);
            let at = (svg::number(r, "x")?, svg::number(r, "y")?);
            (w >= 2.0 && h >= 2.0).then_some((at.0, at.1, colour))
        })
        .collect()
}

/// The cells as a matrix: rows top to bottom (query), columns left to right (key), by distinct pixel
/// positions; `None` where nothing is drawn.
fn grid(cells: &[Cell]) -> Vec<Vec<Option<RGBColor>>> {
    let distinct = |f: fn(&Cell) -> f64| {
        let mut v: Vec<f64> = cells.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    };
    let (xs, ys) = (distinct(|c| c.0), distinct(|c| c.1));
    let mut g = vec![vec![None; xs.len()]; ys.len()];
    for &(x, y, colour) in cells {
        let at = |v: &[f64], p: f64| v.iter().position(|q| *q == p).expect("a cell");
        g[at(&ys, y)][at(&xs, x)] = Some(colour);
    }
    g
}

/// Where weight `w` should land on viridis: log₁₀ from 10⁻³ (0) to 1 (1).
fn expected(w: f64) -> RGBColor {
    viridis(((log10(w) + 3.0) / 3.0).clamp(0.0, 1.0))
}

/// Every `<text>`: its content, (x, y) and fill colour.
fn texts(svg: &str) -> Vec<(String, (f64, f64), Option<RGBColor>)> {
    svg::elements(svg, "text")
        .into_iter()
        .filter_map(|t| {
            let content = t.split('>').nth(1)?.split('<').next()?.trim().to_string();
            Some((
                content,
                (svg::number(t, "x")?, svg::number(t, "y")?),
                fill(t),
            ))
        })
        .collect()
}

/// The (x, y) of every `<text>` whose content is exactly `content`.
fn text_at(svg: &str, content: &str) -> Vec<(f64, f64)> {
    texts(svg)
        .into_iter()
        .filter_map(|(c, at, _)| (c == content).then_some(at))
        .collect()
}

const WHITE_PAPER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

#[test]
fn a_full_map_draws_one_cell_per_weight() {
    for t in [1, 2, 7, 32, 64] {
        let s = draw(&map(t, false));
        let g = grid(&cells(&s, WHITE_PAPER));
        assert_eq!(cells(&s, WHITE_PAPER).len(), t * t, "T = {t}");
        assert_eq!((g.len(), g[0].len()), (t, t), "T = {t}: a square of cells");
        assert!(!s.contains("averaged"), "T = {t}: nothing averaged");
    }
}

#[test]
fn a_causal_map_leaves_the_masked_triangle_as_paper() {
    for t in [1, 5, 32, 64] {
        let s = draw(&map(t, true));
        let c = cells(&s, WHITE_PAPER);
        assert_eq!(c.len(), t * (t + 1) / 2, "T = {t}");
        // Query 1 at the top: row i (from the top) has keys 1..=i, from the left.
        for (i, row) in grid(&c).iter().enumerate() {
            let drawn: Vec<bool> = row.iter().map(Option::is_some).collect();
            let want: Vec<bool> = (0..t).map(|j| j <= i).collect();
            assert_eq!(drawn, want, "T = {t}, row {i}");
        }
    }
}

#[test]
fn long_sequences_are_averaged_in_at_most_64_by_64_blocks() {
    for (t, causal, side, k) in [
        (128, false, 64, 2),
        (128, true, 64, 2),
        (100, false, 50, 2),
        (256, true, 64, 4),
        (65, false, 33, 2),
    ] {
        let s = draw(&map(t, causal));
        let want = if causal {
            side * (side + 1) / 2
        } else {
            side * side
        };
        assert_eq!(cells(&s, WHITE_PAPER).len(), want, "T = {t}");
        let caption = format!("each cell: {k}×{k} tokens averaged");
        assert!(s.contains(&caption), "T = {t}: {caption}");
    }
}

#[test]
fn a_mixed_block_is_coloured_by_the_mean_of_its_unmasked_weights() {
    let mut view = map(128, true);
    // The top-left 2×2 block: query 1 puts all on key 1; query 2 splits evenly over keys 1 and 2; key 2 of
    // query 1 is masked. Unmasked mean 2/3; counting the masked 0 would give 1/2.
    view.weights[1] = 0.0;
    view.weights[128] = 0.5;
    view.weights[129] = 0.5;
    let g = grid(&cells(&draw(&view), WHITE_PAPER));
    let corner = g[0][0].expect("the corner block is drawn");
    assert_eq!(corner, expected(2.0 / 3.0));
    assert_ne!(corner, expected(0.5));
    assert!(
        g[0][1].is_none(),
        "the fully masked block beside it is paper"
    );
}

#[test]
fn colours_rise_along_the_log_scale_from_a_thousandth_to_one() {
    let weights: Vec<f32> = vec![
        1.0, 0.0, 0.0, 0.0, //
        0.001, 0.01, 0.1, 0.889, //
        1e-5, 0.002, 0.03, 0.96799, //
        0.25, 0.25, 0.25, 0.25,
    ];
    let view = AttentionView {
        tokens: 4,
        weights: weights.clone(),
        causal: false,
    };
    let g = grid(&cells(&draw(&view), WHITE_PAPER));
    let colour = |k: usize| g[k / 4][k % 4].expect("drawn");
    assert_eq!(colour(0), viridis(1.0), "weight 1: the top colour");
    assert_eq!(colour(4), viridis(0.0), "weight 0.001: the lowest colour");
    assert_eq!(colour(1), viridis(0.0), "weight 0: the lowest colour");
    assert_eq!(colour(8), viridis(0.0), "below 0.001: the lowest colour");
    assert_ne!(colour(0), colour(4));
    for (k, &w) in weights.iter().enumerate() {
        assert_eq!(colour(k), expected(f64::from(w)), "weight {w}");
    }
    // Luminance (as contrast with black) rises with the weight above the floor.
    let lum = |c: RGBColor| contrast(c, RGBColor(0, 0, 0));
    let mut order: Vec<usize> = (0..16).filter(|&k| weights[k] >= 1e-3).collect();
    order.sort_by(|&a, &b| weights[a].total_cmp(&weights[b]));
    for w in order.windows(2) {
        let (a, b) = (w[0], w[1]);
        if weights[b] > weights[a] * 1.05 {
            assert!(
                lum(colour(a)) < lum(colour(b)),
                "{} then {}",
                weights[a],
                weights[b]
            );
        }
    }
}

#[test]
fn the_colour_bar_ticks_decades_and_marks_the_uniform_weight() {
    // 1/T sits at its place on the log scale between 0.001 and 1, for causal maps too (there it is the
    // last row's uniform weight).
    for (t, causal) in [
        (32, false),
        (32, true),
        (4, false),
        (10, false),
        (256, true),
    ] {
        let s = draw(&map(t, causal));
        for label in [
            "0.001", "0.01", "0.1", "1", "1/T", "weight", "key j", "query i",
        ] {
            assert!(!text_at(&s, label).is_empty(), "T = {t}: {label}");
        }
        // The bar's label is the rightmost text with that content (the axes' ticks are further left).
        let y = |label: &str| {
            let at = text_at(&s, label);
            at.iter()
                .copied()
                .fold((f64::MIN, 0.0), |m, p| if p.0 > m.0 { p } else { m })
                .1
        };
        let (floor, one) = (y("0.001"), y("1"));
        let decade = |w: f64| floor + (one - floor) * (log10(w) + 3.0) / 3.0;
        for (w, label) in [(0.01, "0.01"), (0.1, "0.1"), (1.0 / t as f64, "1/T")] {
            assert!(
                (y(label) - decade(w)).abs() <= 1.5,
                "T = {t}: {label} at y = {}, not {}",
                y(label),
                decade(w)
            );
        }
    }
}

#[test]
fn non_finite_weights_are_left_as_paper() {
    let mut view = map(8, false);
    view.weights[3 * 8 + 2] = f32::NAN;
    view.weights[5 * 8 + 5] = f32::INFINITY;
    view.weights[6 * 8 + 1] = f32::NEG_INFINITY;
    let g = grid(&cells(&draw(&view), WHITE_PAPER));
    assert_eq!(g.iter().flatten().filter(|c| c.is_some()).count(), 61);
    for (i, j) in [(3, 2), (5, 5), (6, 1)] {
        assert!(g[i][j].is_none(), "({i}, {j})");
    }
    // Averaged: the block holding the overflow is paper, the rest drawn.
    let mut long = map(128, false);
    long.weights[0] = f32::NAN;
    assert_eq!(cells(&draw(&long), WHITE_PAPER).len(), 64 * 64 - 1);
    let mut all = map(16, true);
    all.weights.iter_mut().for_each(|w| *w = f32::NAN);
    assert!(cells(&draw(&all), WHITE_PAPER).is_empty());
}

#[test]
fn a_malformed_view_draws_the_paper_and_says_so() {
    for (tokens, weights) in [
        (0, vec![]),
        (3, vec![0.5; 8]),
        (2, vec![0.5; 5]),
        (usize::MAX, vec![]),
        (1 << 33, vec![1.0]),
    ] {
        let view = AttentionView {
            tokens,
            weights,
            causal: tokens % 2 == 0,
        };
        let s = render(&view, fonts(), (400, 300));
        assert!(s.contains("no attention map"), "T = {tokens}");
        assert!(cells(&s, WHITE_PAPER).is_empty(), "T = {tokens}");
        assert!(!s.contains("1/T"));
    }
    // Drawing areas too small for a map: paper, no panic.
    for size in [(1, 1), (40, 30), (120, 400), (400, 60)] {
        render(&map(16, true), fonts(), size);
    }
}

#[test]
fn the_dark_theme_keeps_the_map_on_dark_paper() {
    let dark = fonts().with_theme(Theme::Dark);
    let s = render(&map(16, true), dark, (640, 560));
    assert_eq!(fill(svg::elements(&s, "rect")[0]), Some(dark.paper()));
    assert!(!s.contains("fill=\"#FFFFFF\""), "no white paper or text");
    assert_eq!(cells(&s, dark.paper()).len(), 16 * 17 / 2);
    for label in ["1/T", "key j", "weight", "0.001"] {
        let (_, _, colour) = texts(&s).into_iter().find(|t| t.0 == label).expect(label);
        assert_eq!(colour, Some(dark.ink()), "{label} in the light ink");
    }
}

#[test]
fn labels_fit_a_phone_and_a_projector() {
    for (fonts, size) in [
        (Fonts::for_width(360), (360, 420)),
        (Fonts::projected(), (900, 760)),
    ] {
        let fonts = fonts.with_theme(Theme::Light);
        let s = render(&map(256, true), fonts, size);
        assert_eq!(cells(&s, WHITE_PAPER).len(), 64 * 65 / 2);
        for label in ["1/T", "0.001", "each cell: 4×4 tokens averaged", "1"] {
            // Its right end, at a generous 0.6 em a character, stays on the drawing.
            let right = 0.6 * f64::from(fonts.tick) * label.chars().count() as f64;
            for (x, y) in text_at(&s, label) {
                assert!(
                    x >= 0.0 && y >= 0.0 && x + right <= f64::from(size.0) && y < f64::from(size.1),
                    "{label} at ({x}, {y}) in {size:?}"
                );
            }
        }
        // The x tick labels (whole numbers on the lowest row of text) stay apart.
        let numbers: Vec<(f64, f64)> = texts(&s)
            .into_iter()
            .filter_map(|(c, at, _)| c.parse::<u32>().is_ok().then_some(at))
            .collect();
        let bottom = numbers.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let mut xs: Vec<f64> = numbers
            .iter()
            .filter(|p| p.1 == bottom)
            .map(|p| p.0)
            .collect();
        xs.sort_by(f64::total_cmp);
        assert!(xs.len() >= 2, "{size:?}: x ticks {xs:?}");
        for w in xs.windows(2) {
            assert!(
                w[1] - w[0] >= 2.0 * f64::from(fonts.tick),
                "{size:?}: x ticks {xs:?}"
            );
        }
    }
}
