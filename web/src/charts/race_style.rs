//! The race's colours, shared by its charts and their keys: each racer's colour and dash, and the heat ramp
//! of the decision boundaries' probabilities.

use super::palette::{self, Dash};
use plotters::prelude::*;

/// Colour and dash of racer i (the Lab's Okabe–Ito colours; dashes so colour is not needed). No black or
/// near-black: every racer stays visible on a dark page (the fourth is green, sparse-dashed).
pub fn racer_style(i: usize) -> (RGBColor, Dash) {
    const S: [(RGBColor, Dash); 4] = [
        (palette::BLUE, Dash::Solid),
        (palette::ORANGE, Dash::Dashed),
        (palette::PURPLE, Dash::Dotted),
        (palette::GREEN, Dash::Sparse),
    ];
    S[i % 4]
}

/// A dark-blue → yellow ramp (perceptually ordered, readable in greyscale).
pub fn heat(v: f64) -> RGBColor {
    let lerp = |a: f64, b: f64| (a + (b - a) * v).round() as u8;
    RGBColor(lerp(13.0, 250.0), lerp(8.0, 225.0), lerp(80.0, 40.0))
}
