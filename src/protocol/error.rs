//! [`ProtocolError`]: why a frame could not be decoded, and [`err`], which returns one.

use std::fmt;

/// Why a frame could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolError(pub String);

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed message: {}", self.0)
    }
}

impl std::error::Error for ProtocolError {}

/// `Err` of a [`ProtocolError`] saying why.
pub(super) fn err<T>(why: impl Into<String>) -> Result<T, ProtocolError> {
    Err(ProtocolError(why.into()))
}
