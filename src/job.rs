//! Transitional: the old text form of a simulation request, kept only because `tests/fuzz.rs` still names it.
//! Requests now travel as [`crate::protocol::Request`]; delete this module with its last user.

use crate::protocol::{Frame, Request, Simulation, TAG_SIMULATE};

/// The old name of [`Simulation`].
pub type Job = Simulation;

impl Simulation {
    /// Decode a [`Request::Simulate`] frame whose text is `text` and that carries no numbers (so always an
    /// error unless the protocol changes); kept for `tests/fuzz.rs`, which checks that this never panics.
    pub fn from_message(text: &str) -> Option<Simulation> {
        let frame = Frame {
            tag: TAG_SIMULATE,
            text: text.to_string(),
            data: Vec::new(),
        };
        match Request::decode(&frame) {
            Ok(Request::Simulate(s)) => Some(s),
            _ => None,
        }
    }
}
