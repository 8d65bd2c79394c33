//! The Lab: the settings, the variance chart and the views around it, on one config signal that the URL
//! mirrors. Bottom to top: [`state`] (the shared state), [`runner`] (the Lab's worker client), [`link`] (the
//! pin format and Lab links), the panels, charts and controls, [`embed`], and [`view`] (the Lab page).

mod arch_charts;
mod arch_controls;
mod charts;
mod controls;
pub mod embed;
pub mod fields;
mod legend;
pub mod link;
mod names;
mod panels;
mod pins;
pub mod runner;
mod shown;
mod snippet;
pub mod state;
mod table;
mod tour;
mod transformer_charts;
mod view;

pub use view::Lab;
