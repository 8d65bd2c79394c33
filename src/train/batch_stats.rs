//! Batch norm's statistics in the training race: per site, and where a pass takes them from.

/// Batch norm's per-unit statistics at one normalization site (a hidden layer or a block's pre-norm).
#[derive(Clone, Debug, PartialEq)]
pub struct BnStats {
    /// The mean of each unit over the set, rounded once to f32.
    pub mean: Vec<f32>,
    /// 1/√(σ² + ε) of each unit over the set (biased variance), rounded once to f32.
    pub inv_std: Vec<f32>,
}

/// Where batch norm takes its statistics from.
#[derive(Clone, Copy)]
pub enum Stats<'a> {
    /// The rows being passed (training, and the training set's own evaluation).
    Batch,
    /// Fixed per-site statistics (the test set and the grid, with the training set's).
    Fixed(&'a [BnStats]),
}
