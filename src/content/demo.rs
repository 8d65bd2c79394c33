//! [`Demo`]: a Lab configuration that demonstrates a claim of the content, and the verdict it must produce.

use crate::engine::VerdictKind;

/// A live demonstration: a Lab URL query and the verdict it produces.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Demo {
    /// The Lab's query string (without `?`).
    pub query: &'static str,
    /// The verdict the Lab must show for it.
    pub expect: VerdictKind,
    /// What to look at, in a few words.
    pub what: &'static str,
}

impl Demo {
    /// A demonstration.
    pub const fn new(query: &'static str, expect: VerdictKind, what: &'static str) -> Demo {
        Demo {
            query,
            expect,
            what,
        }
    }

    /// The link that opens the Lab on it.
    pub fn href(&self) -> String {
        format!("?{}#lab", self.query)
    }
}
