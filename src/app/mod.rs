//! The Leptos page (wasm32 only).

/// Mount the app.
pub fn start() {}
