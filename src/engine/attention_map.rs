//! [`AttentionMap`]: the attention weights of one transformer block for the first sequence, every head, as the
//! Lab's heat map draws them.

/// The softmax attention A of one block for sequence 0: `heads` matrices of `tokens` × `tokens`, each row
/// (query i) summing to 1 over the keys j (masked keys hold exactly 0).
#[derive(Clone, Debug, PartialEq)]
pub struct AttentionMap {
    /// 1-based block index.
    pub block: usize,
    /// Heads h.
    pub heads: usize,
    /// Tokens T.
    pub tokens: usize,
    /// Head-major, then row-major: A[head][i][j] at (head·T + i)·T + j.
    pub weights: Vec<f32>,
}

impl AttentionMap {
    /// Head `head`'s (0-based) T × T matrix, row-major; empty when there is no such head.
    pub fn head(&self, head: usize) -> &[f32] {
        let n = self.tokens * self.tokens;
        self.weights.get(head * n..(head + 1) * n).unwrap_or(&[])
    }
}
