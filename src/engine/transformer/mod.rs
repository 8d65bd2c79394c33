//! The transformer's pieces: its settings ([`LnPlace`], [`AttnScale`]), its presets ([`Preset`]), multi-head
//! attention (`attention`) and the block as a step (`block`). The architecture itself — its plan, theory and
//! report — is `crate::engine::arch::transformer`.

pub mod attention;
pub mod block;
pub mod preset;
pub mod settings;
pub mod shape;

pub use preset::Preset;
pub use settings::{AttnScale, LnPlace};
