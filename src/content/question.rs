//! One interview question, with its answer and the demonstrations that show it.

use super::demo::Demo;

/// One question.
#[derive(Clone, Debug)]
pub struct Question {
    /// A stable id (used for the flashcard tally).
    pub id: &'static str,
    /// The question.
    pub question: &'static str,
    /// The answer in one line (flashcards show it first, then the full answer).
    pub short: &'static str,
    /// The answer, one paragraph per entry.
    pub answer: &'static [&'static str],
    /// "Show me": the Lab configurations that demonstrate it.
    pub demos: &'static [Demo],
}
