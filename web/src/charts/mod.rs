//! The charts, drawn with plotters on any backend: a canvas in the page, SVG in native tests.
//!
//! Each chart is one module with one `draw_*` function taking a drawing area and a view of the data
//! (plotters `examples/wasm-demo` style); errors are returned, not handled, and shown once by the caller.

pub mod attention;
pub mod axes;
pub mod correlation;
pub mod end_labels;
pub mod histogram;
pub mod log_scale;
pub mod palette;
pub mod per_block;
pub mod phase;
pub mod phase_model;
pub mod pieces;
pub mod race;
pub mod race_keys;
pub mod race_style;
pub mod series;
pub mod small_multiples;
pub mod spectrum;
pub mod variance;

pub use palette::Theme;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The result of a draw call on backend `DB`.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A drawing area of any backend.
pub type Area<DB> = DrawingArea<DB, Shift>;

/// Font family for every label.
pub const FONT: &str = "sans-serif";

/// How a chart's text is set: font sizes in CSS px (large enough to read when projected) and the theme
/// (paper and ink) it is drawn in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fonts {
    /// Tick labels.
    pub tick: u32,
    /// Axis titles and legend.
    pub label: u32,
    /// Light or dark paper; the constructors take the page's current colour scheme ([`Theme::current`]).
    pub theme: Theme,
}

impl Fonts {
    /// Sizes for projecting in class, in the page's colour scheme.
    pub fn projected() -> Fonts {
        Fonts {
            tick: 22,
            label: 24,
            theme: Theme::current(),
        }
    }

    /// Sizes for a chart `width` CSS px wide (smaller on phones), in the page's colour scheme.
    pub fn for_width(width: u32) -> Fonts {
        let (tick, label) = if width < 520 { (12, 13) } else { (15, 16) };
        Fonts {
            tick,
            label,
            theme: Theme::current(),
        }
    }

    /// The same sizes in another theme.
    pub fn with_theme(self, theme: Theme) -> Fonts {
        Fonts { theme, ..self }
    }

    /// The ink (text, axes) of the theme.
    pub fn ink(self) -> RGBColor {
        self.theme.ink()
    }

    /// The paper of the theme.
    pub fn paper(self) -> RGBColor {
        self.theme.background()
    }
}

/// A setting's value as shown to people: five significant digits, trailing zeros dropped (gain 1.4142, not
/// 1.4142135623730951; σ 0.00001 stays 0.00001); whole numbers and non-finite values as they are. The config
/// keeps every digit; this is for display only.
pub fn for_people(x: f64) -> String {
    if x == 0.0 || !x.is_finite() || x.fract() == 0.0 {
        return format!("{x}");
    }
    let magnitude = log_scale::log10(x.abs()).floor() as i32;
    if magnitude < -9 {
        return format!("{x:.4e}");
    }
    let digits = (4 - magnitude).clamp(0, 13) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// "10⁻¹⁵"-style label for a power of ten.
pub fn power_of_ten(exp: f64) -> String {
    let e = exp.round() as i32;
    match e {
        0 => "1".into(),
        1 => "10".into(),
        _ => format!("10{}", superscript(e)),
    }
}

/// An integer in Unicode superscript digits.
pub fn superscript(e: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::new();
    if e < 0 {
        s.push('⁻');
    }
    for c in e.unsigned_abs().to_string().chars() {
        s.push(DIGITS[c.to_digit(10).unwrap_or(0) as usize]);
    }
    s
}
