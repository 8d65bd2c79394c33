//! The one log₁₀ of the charts, on its own so that the shared helpers (`for_people`) and the axes can both use
//! it; [`axes`](super::axes) re-exports it.

/// log₁₀ for placing things on a log axis. The one exemption from the workspace's libm rule (clippy.toml):
/// these are pixel positions, where a last-bit difference between native and WASM moves nothing.
#[allow(clippy::disallowed_methods)]
pub fn log10(x: f64) -> f64 {
    x.log10()
}
