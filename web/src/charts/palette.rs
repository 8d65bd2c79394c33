//! The Okabe–Ito colour-blind-safe palette, and line styles so colour never carries meaning alone.

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
