//! The Okabe–Ito colour-blind-safe palette, and line styles so colour never carries meaning alone.

use initscope::engine::series::Field;
use plotters::style::RGBColor;

/// Okabe & Ito (2008) colours.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Orange.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Vermillion.
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Bluish green.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Reddish purple.
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Sky blue.
pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Near-black for text and axes.
pub const INK: RGBColor = RGBColor(0x1F, 0x23, 0x28);
/// Grey for grid and bands.
pub const GREY: RGBColor = RGBColor(0x88, 0x8E, 0x96);

/// The colour of a per-layer field's curves, the same in every chart and for every architecture: Var(h) blue,
/// Var(a) orange, the gradient vermillion, a residual stream purple and its gradient sky blue; any other field
/// green.
pub fn field_color(field: Field) -> RGBColor {
    match field {
        Field::PreVar | Field::Corr => BLUE,
        Field::PostVar => ORANGE,
        Field::GradVar => VERMILLION,
        Field::StreamVar => PURPLE,
        Field::StreamGradVar => SKY,
        _ => GREEN,
    }
}

/// The chart's paper and ink: light (white paper) or dark (the page's dark card), following the page's
/// `prefers-color-scheme`. Series keep their Okabe–Ito colours and dashes in both; only the near-black ink
/// (axes, text, a pinned run's line) turns light on dark paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Dark ink on white paper.
    #[default]
    Light,
    /// Light ink on the dark card colour of the page (`--card`).
    Dark,
}

/// The media query that selects the dark theme.
pub const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

impl Theme {
    /// The page's colour scheme: dark when the browser's `matchMedia(DARK_QUERY)` matches; light natively
    /// (SVG tests) and wherever the query cannot be asked.
    pub fn current() -> Theme {
        if prefers_dark() {
            Theme::Dark
        } else {
            Theme::Light
        }
    }

    /// The paper every chart is drawn on.
    pub fn background(self) -> RGBColor {
        match self {
            Theme::Light => RGBColor(0xFF, 0xFF, 0xFF),
            Theme::Dark => PAPER_DARK,
        }
    }

    /// Text, axes and tick marks.
    pub fn ink(self) -> RGBColor {
        match self {
            Theme::Light => INK,
            Theme::Dark => INK_DARK,
        }
    }

    /// A series' colour on this paper: the Okabe–Ito colours as they are, the ink turned light on dark.
    pub fn series(self, c: RGBColor) -> RGBColor {
        if c == INK {
            self.ink()
        } else {
            c
        }
    }

    /// Text in a series' colour, readable on this paper: the colour itself where its contrast with the
    /// paper is at least 4.5:1 (WCAG AA for text), else the same hue mixed towards black (light paper) or
    /// white (dark paper) until it is — Okabe–Ito orange on white is 2.25:1, its blue on dark paper 3.0:1.
    pub fn readable(self, c: RGBColor) -> RGBColor {
        let paper = self.background();
        let toward = match self {
            Theme::Light => RGBColor(0, 0, 0),
            Theme::Dark => RGBColor(0xFF, 0xFF, 0xFF),
        };
        (0..=20)
            .map(|k| mix(c, toward, f64::from(k) / 20.0))
            .find(|m| contrast(*m, paper) >= 4.5)
            .unwrap_or(toward)
    }

    /// Opacity of the major grid lines.
    pub fn grid_alpha(self) -> f64 {
        match self {
            Theme::Light => 0.3,
            Theme::Dark => 0.35,
        }
    }
}

/// The dark paper: the page's dark `--card` colour (style/main.css), so a chart sits flush in its card.
pub const PAPER_DARK: RGBColor = RGBColor(0x1F, 0x23, 0x29);
/// Light ink for dark paper: the page's dark `--ink`.
pub const INK_DARK: RGBColor = RGBColor(0xE6, 0xEA, 0xEE);

/// The shaded band "variance within ×2 of 1": its colour and opacity, the same on the chart and in the
/// legend's swatch (drawn on the same paper, the card, so they look alike in both themes).
pub const REFERENCE_BAND: (RGBColor, f64) = (GREEN, 0.16);
/// The line at variance 1 through the reference band, and its opacity.
pub const REFERENCE_LINE: (RGBColor, f64) = (GREEN, 0.7);
/// The finite-width spread (min–max over seeds): its colour and opacity, on the chart and in the legend.
pub const SPREAD_BAND: (RGBColor, f64) = (SKY, 0.3);

/// Whether the browser prefers a dark colour scheme (`window.matchMedia`, asked through reflection so no
/// extra web-sys feature is needed).
#[cfg(target_arch = "wasm32")]
fn prefers_dark() -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(w) = web_sys::window() else {
        return false;
    };
    let media = js_sys::Reflect::get(&w, &JsValue::from_str("matchMedia"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&w, &JsValue::from_str(DARK_QUERY)).ok());
    media
        .and_then(|m| js_sys::Reflect::get(&m, &JsValue::from_str("matches")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Natively there is no page: light.
#[cfg(not(target_arch = "wasm32"))]
fn prefers_dark() -> bool {
    false
}

/// How a series' line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// Continuous.
    Solid,
    /// Long dashes (the theory).
    Dashed,
    /// Short dots.
    Dotted,
    /// Long dash, long gap.
    Sparse,
}

impl Dash {
    /// (dash length, gap length) in px, or `None` for solid.
    pub fn pattern(self) -> Option<(u32, u32)> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some((9, 6)),
            Dash::Dotted => Some((2, 5)),
            Dash::Sparse => Some((16, 8)),
        }
    }
}

/// Marker shapes that tell pinned runs apart in greyscale too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// ●
    Circle,
    /// ▲
    Triangle,
    /// ■
    Square,
    /// ✕
    Cross,
}

/// The style of pinned run i (0..4): colour, dash and marker all differ.
pub fn pinned_style(i: usize) -> (RGBColor, Dash, Marker) {
    const STYLES: [(RGBColor, Dash, Marker); 4] = [
        (GREEN, Dash::Dotted, Marker::Circle),
        (PURPLE, Dash::Sparse, Marker::Triangle),
        (SKY, Dash::Dashed, Marker::Square),
        (INK, Dash::Dotted, Marker::Cross),
    ];
    STYLES[i % STYLES.len()]
}

/// CSS hex for a colour (for the legend in HTML).
pub fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// CSS `rgba(…)` for a colour at an opacity (a band's swatch in the HTML legend).
pub fn css_alpha((c, a): (RGBColor, f64)) -> String {
    format!("rgba({}, {}, {}, {a})", c.0, c.1, c.2)
}

/// A series colour for the HTML legend: the ink follows the page's text colour (`currentColor`), so a
/// pinned run drawn in ink stays visible in dark mode; every other colour as it is.
pub fn css_series(c: RGBColor) -> String {
    if c == INK {
        "currentColor".into()
    } else {
        css(c)
    }
}

/// `a` mixed with `b`: the fraction `t` of `b`.
fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let m = |x: u8, y: u8| (f64::from(x) * (1.0 - t) + f64::from(y) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Relative luminance (WCAG 2): the sRGB channels linearized and weighted.
fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            libm::pow((v + 0.055) / 1.055, 2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}
