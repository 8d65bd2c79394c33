//! The charts, drawn with plotters on any backend: a canvas in the page, SVG in native tests.
//!
//! Each chart is one module with one `draw_*` function taking a drawing area and a view of the data
//! (plotters `examples/wasm-demo` style); errors are returned, not handled, and shown once by the caller.

pub mod axes;
pub mod correlation;
pub mod histogram;
pub mod mean_field;
pub mod palette;
pub mod phase;
pub mod phase_model;
pub mod race;
pub mod race_keys;
pub mod series;
pub mod spectrum;
pub mod variance;

use plotters::coord::Shift;
use plotters::prelude::*;

/// The result of a draw call on backend `DB`.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A drawing area of any backend.
pub type Area<DB> = DrawingArea<DB, Shift>;

/// Font family for every label.
pub const FONT: &str = "sans-serif";

/// Font sizes in CSS px, large enough to read when projected.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fonts {
    /// Tick labels.
    pub tick: u32,
    /// Axis titles and legend.
    pub label: u32,
}

impl Fonts {
    /// Sizes for projecting in class.
    pub fn projected() -> Fonts {
        Fonts {
            tick: 22,
            label: 24,
        }
    }

    /// Sizes for a chart `width` CSS px wide (smaller on phones).
    pub fn for_width(width: u32) -> Fonts {
        if width < 520 {
            Fonts {
                tick: 12,
                label: 13,
            }
        } else {
            Fonts {
                tick: 15,
                label: 16,
            }
        }
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
