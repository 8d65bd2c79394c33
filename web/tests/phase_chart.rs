//! The phase map renders natively (SVG backend): cells in viridis, the critical line, the named points, the
//! Lab's marker and the colour bar; the geometry maps pixels back to the plane; the model's helpers.

use initscope::engine::phase::{critical_sw2, grid, point, QStar};
use initscope::engine::{Activation, Nonlinearity};
use initscope_web::charts::phase::{
    colour, draw_phase, named_points, readout, viridis, Grid, Metric, PhaseView, DIVERGED,
};
use initscope_web::charts::Fonts;
use plotters::prelude::*;

mod svg;

/// A small grid so the test stays fast.
const SMALL: Grid = Grid {
    columns: 8,
    rows: 3,
    sw2_max: 4.0,
    sb2_max: 0.5,
};

fn rows(
    phi: &Nonlinearity,
    g: Grid,
) -> (
    Vec<Option<Vec<initscope::engine::phase::PhasePoint>>>,
    Vec<Option<f64>>,
) {
    let sw2s: Vec<f64> = (0..g.columns).map(|i| g.sw2(i)).collect();
    let r = (0..g.rows)
        .map(|j| Some(grid(phi, &sw2s, &[g.sb2(j)])))
        .collect();
    let c = (0..g.rows).map(|j| critical_sw2(phi, g.sb2(j))).collect();
    (r, c)
}

fn svg(view: &PhaseView, size: (u32, u32)) -> (String, initscope_web::charts::phase::Geometry) {
    let mut s = String::new();
    let geo = {
        let root = SVGBackend::with_string(&mut s, size).into_drawing_area();
        draw_phase(&root, view).expect("draws")
    };
    (s, geo)
}

#[test]
fn the_map_draws_cells_line_points_marker_and_bar() {
    let phi = Nonlinearity::new(Activation::Tanh, 0.0);
    let (r, c) = rows(&phi, SMALL);
    let named = named_points(&phi);
    for metric in [Metric::Xi, Metric::Chi1] {
        let view = PhaseView {
            grid: SMALL,
            rows: &r,
            critical: &c,
            metric,
            named: &named,
            marker: Some((25.0 / 9.0, 0.0)),
            cursor: Some((3, 1)),
            fonts: Fonts::for_width(900),
        };
        let (s, geo) = svg(&view, (900, 500));
        if std::env::var("PHASE_SVG").is_ok() {
            std::fs::write(format!("/tmp/phase-{}.svg", metric.id()), &s).expect("writes");
        }
        // The colour bar's extremes and the cells' colours are there.
        for t in [0.0, 1.0] {
            let v = viridis(t);
            assert!(
                s.contains(&format!("#{:02X}{:02X}{:02X}", v.0, v.1, v.2)),
                "{t}"
            );
        }
        for label in [
            "He",
            "Xavier / LeCun ★",
            "tanh gain 5/3",
            "Lab",
            metric.title(),
        ] {
            assert!(s.contains(label), "{label}");
        }
        // The plot maps back: its corners are the plane's.
        let (x0, y1) = (geo.x.start as f64, geo.y.end as f64);
        let (sw2, sb2) = geo.to_plane(x0, y1).expect("inside");
        assert!(sw2.abs() < 1e-9 && sb2.abs() < 1e-9);
        let (px, py) = geo.to_pixel(2.0, 0.25);
        let (a, b) = geo.to_plane(px, py).expect("inside");
        assert!((a - 2.0).abs() < 1e-9 && (b - 0.25).abs() < 1e-9);
        assert!(geo.to_plane(x0 - 5.0, y1).is_none());
    }
}

#[test]
fn a_marker_off_the_map_says_where_it_is() {
    let phi = Nonlinearity::new(Activation::Relu, 0.0);
    let (r, c) = rows(&phi, SMALL);
    let view = PhaseView {
        grid: SMALL,
        rows: &r,
        critical: &c,
        metric: Metric::Xi,
        named: &named_points(&phi),
        marker: Some((256.0, 1.0)),
        cursor: None,
        fonts: Fonts::for_width(380),
    };
    let (s, _) = svg(&view, (380, 320));
    assert!(
        s.contains("Lab: (256.000, 1.000)"),
        "the label names the point"
    );
    // ReLU beyond σ_w² = 2: q* diverges, drawn in the diverged grey.
    assert!(s.contains(&format!(
        "#{:02X}{:02X}{:02X}",
        DIVERGED.0, DIVERGED.1, DIVERGED.2
    )));
}

#[test]
fn a_map_with_missing_rows_borrows_the_nearest() {
    let phi = Nonlinearity::new(Activation::Tanh, 0.0);
    let (mut r, c) = rows(&phi, SMALL);
    r[1] = None;
    r[2] = None;
    let view = PhaseView {
        grid: SMALL,
        rows: &r,
        critical: &c,
        metric: Metric::Chi1,
        named: &[],
        marker: None,
        cursor: None,
        fonts: Fonts::for_width(900),
    };
    let (s, _) = svg(&view, (900, 500));
    assert!(s.matches("<rect").count() >= SMALL.columns * SMALL.rows);
}

#[test]
fn grid_cells_rows_and_order() {
    let g = Grid::PAGE;
    assert_eq!(g.sb2(0), 0.0);
    assert!((g.sb2(g.rows - 1) - g.sb2_max).abs() < 1e-12);
    assert_eq!(g.cell_at(1.99, 0.02), (15, 0));
    assert_eq!(g.cell_at(2.01, 0.03), (16, 1));
    assert_eq!(g.cell_at(99.0, 99.0), (g.columns - 1, g.rows - 1));
    assert_eq!(g.cell_at(-1.0, -1.0), (0, 0));
    let mut order = g.row_order();
    assert_eq!(&order[..3], &[0, 10, 8]);
    order.sort_unstable();
    assert_eq!(order, (0..g.rows).collect::<Vec<_>>(), "every row once");
}

#[test]
fn colours_are_viridis_and_readouts_say_collapse_in_words() {
    assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
    assert_eq!(viridis(1.0), RGBColor(0xFD, 0xE7, 0x25));
    assert_eq!(viridis(f64::NAN), viridis(0.0));
    // Luminance rises along the map (readable in greyscale).
    let lum = |c: RGBColor| 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
    for k in 0..20 {
        assert!(lum(viridis(k as f64 / 20.0)) < lum(viridis((k + 1) as f64 / 20.0)));
    }
    let tanh = Nonlinearity::new(Activation::Tanh, 0.0);
    let collapsed = point(&tanh, 0.5, 0.0);
    assert_eq!(collapsed.q_star, QStar::Collapsed);
    let words = readout(&collapsed);
    assert!(words
        .iter()
        .any(|(k, v)| *k == "q*" && v.starts_with("collapses")));
    assert!(words
        .iter()
        .any(|(k, v)| *k == "ξ_c" && v.starts_with("undefined")));
    assert_eq!(Metric::Xi.position(&collapsed), None);
    assert!(
        Metric::Chi1.position(&collapsed).is_some(),
        "χ₁ has a limit there"
    );
    let relu = Nonlinearity::new(Activation::Relu, 0.0);
    let diverged = point(&relu, 3.0, 0.1);
    assert_eq!(colour(Metric::Xi, &diverged), DIVERGED);
    assert!(readout(&diverged)[2].1.starts_with("diverges"));
    // The critical point of ReLU (He, σ_b² = 0): correlations never settle.
    let he = point(&relu, 2.0, 0.0);
    assert!(readout(&he)
        .iter()
        .any(|(k, v)| *k == "ξ_c" && v.starts_with("diverges")));
}

#[test]
fn named_points_mark_the_recommended_one() {
    let pts = named_points(&Nonlinearity::new(Activation::Relu, 0.0));
    let he = pts.iter().find(|p| p.label == "He").expect("He");
    assert!(he.recommended && he.sw2 == 2.0 && he.sb2 == 0.0);
    let pts = named_points(&Nonlinearity::new(Activation::Selu, 0.0));
    assert!(pts.iter().any(|p| p.recommended && p.sw2 == 1.0));
    assert_eq!(pts.iter().filter(|p| p.recommended).count(), 1);
}

/// The boxes (x, y, width, height) of every `<rect>` in an SVG.
fn rects(svg: &str) -> Vec<(f64, f64, f64, f64)> {
    svg::elements(svg, "rect")
        .into_iter()
        .filter_map(|r| {
            let num = |name| svg::number(r, name);
            Some((num("x")?, num("y")?, num("width")?, num("height")?))
        })
        .collect()
}

#[test]
fn labels_keep_off_the_critical_line() {
    // tanh: the critical line passes through σ_w² ≈ 2 near σ_b² = 0, where He's label and the Lab's (He +
    // tanh) sit. No label box may cover the line.
    let phi = Nonlinearity::new(Activation::Tanh, 0.0);
    let g = Grid {
        columns: 8,
        rows: 12,
        sw2_max: 4.0,
        sb2_max: 0.5,
    };
    let (r, c) = rows(&phi, g);
    let named = named_points(&phi);
    let view = PhaseView {
        grid: g,
        rows: &r,
        critical: &c,
        metric: Metric::Xi,
        named: &named,
        marker: Some((2.0, 0.0)),
        cursor: None,
        fonts: Fonts::for_width(900),
    };
    let (s, geo) = svg(&view, (900, 500));
    // The line in pixels, row by row.
    let line: Vec<(f64, f64)> = (0..g.rows)
        .filter_map(|j| c[j].map(|sw2| geo.to_pixel(sw2, g.sb2(j))))
        .collect();
    assert!(line.len() >= 4);
    // The label boxes: each is drawn twice (its white fill, then its outline), unlike a cell.
    let all = rects(&s);
    let boxes: Vec<_> = all
        .iter()
        .copied()
        .filter(|b| all.iter().filter(|c| *c == b).count() >= 2)
        .collect();
    assert!(
        boxes.len() >= 6,
        "three labels (two named points and the Lab): {boxes:?}"
    );
    for &(x, y, w, h) in &boxes {
        for seg in line.windows(2) {
            let ((x0, y0), (x1, y1)) = (seg[0], seg[1]);
            // Sample the segment; no sample inside the box.
            for k in 0..=20 {
                let t = k as f64 / 20.0;
                let (px, py) = (x0 + t * (x1 - x0), y0 + t * (y1 - y0));
                let inside = px > x && px < x + w && py > y && py < y + h;
                assert!(
                    !inside,
                    "a label box {:?} covers the line at ({px:.0}, {py:.0})",
                    (x, y, w, h)
                );
            }
        }
    }
}
