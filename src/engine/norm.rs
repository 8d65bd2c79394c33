//! Normalization layers at initialization, as PyTorch's `nn.BatchNorm1d` and `nn.LayerNorm` compute them in
//! training mode with no affine parameters (γ = 1, β = 0, as at initialization): n = (z − μ)/√(σ² + ε) with
//! the biased variance and ε = 10⁻⁵ — BatchNorm per unit over the batch, LayerNorm per example over the units.
//! The backward pass goes through the statistics:
//! ∂L/∂z = (∂L/∂n − mean(∂L/∂n) − n·mean(∂L/∂n ⊙ n)) / √(σ² + ε), the means over the same group.
//!
//! Values are f32 as in the network; each group's mean and variance are accumulated in f64 (two passes) and
//! rounded once to f32.

use std::fmt;
use std::str::FromStr;

/// PyTorch's default ε for `BatchNorm1d` and `LayerNorm`.
pub const EPS: f64 = 1e-5;

/// A normalization layer (none, batch or layer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Norm {
    /// No normalization.
    #[default]
    None,
    /// BatchNorm: per unit, over the examples of the batch.
    Batch,
    /// LayerNorm: per example, over the units.
    Layer,
}

impl Norm {
    /// Every normalization, in the order the UI lists them.
    pub const ALL: [Norm; 3] = [Norm::None, Norm::Batch, Norm::Layer];

    /// The kebab-case id (URL, CLI, UI).
    pub fn id(self) -> &'static str {
        match self {
            Norm::None => "none",
            Norm::Batch => "batch",
            Norm::Layer => "layer",
        }
    }

    /// A human-readable name.
    pub fn label(self) -> &'static str {
        match self {
            Norm::None => "None",
            Norm::Batch => "BatchNorm",
            Norm::Layer => "LayerNorm",
        }
    }
}

impl fmt::Display for Norm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Norm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Norm::ALL
            .into_iter()
            .find(|n| n.id() == s)
            .ok_or_else(|| format!("unknown normalization '{s}'"))
    }
}

/// The normalized values and, per group, 1/√(σ² + ε) (what the backward pass needs).
pub struct Normalized {
    /// n, same shape as z.
    pub n: Vec<f32>,
    /// 1/√(σ² + ε) per group (per unit for batch norm, per example for layer norm).
    pub inv_std: Vec<f32>,
}

/// The flat index of element k of group g in a row-major matrix with `cols` columns.
fn index(norm: Norm, cols: usize) -> impl Fn(usize, usize) -> usize {
    move |g, k| match norm {
        // Group g = unit (column) g; element k = example k.
        Norm::Batch => k * cols + g,
        // Group g = example (row) g; element k = unit k.
        Norm::Layer | Norm::None => g * cols + k,
    }
}

fn shape(norm: Norm, rows: usize, cols: usize) -> (usize, usize) {
    match norm {
        Norm::Batch => (cols, rows),
        Norm::Layer | Norm::None => (rows, cols),
    }
}

/// Normalize z (rows × cols, row-major). For [`Norm::None`] this is a copy with unit scale.
pub fn forward(norm: Norm, z: &[f32], rows: usize, cols: usize) -> Normalized {
    if norm == Norm::None {
        return Normalized {
            n: z.to_vec(),
            inv_std: Vec::new(),
        };
    }
    let (groups, len) = shape(norm, rows, cols);
    let at = index(norm, cols);
    let mut n = vec![0.0f32; z.len()];
    let mut inv_std = Vec::with_capacity(groups);
    for g in 0..groups {
        let mean = (0..len).map(|k| z[at(g, k)] as f64).sum::<f64>() / len as f64;
        let var = (0..len)
            .map(|k| {
                let d = z[at(g, k)] as f64 - mean;
                d * d
            })
            .sum::<f64>()
            / len as f64;
        let (m, s) = (mean as f32, (1.0 / (var + EPS).sqrt()) as f32);
        for k in 0..len {
            let i = at(g, k);
            n[i] = (z[i] - m) * s;
        }
        inv_std.push(s);
    }
    Normalized { n, inv_std }
}

/// ∂L/∂z from ∂L/∂n, through the statistics, given the normalized values `n` and each group's `inv_std`.
/// For [`Norm::None`] this is a copy.
pub fn backward(
    norm: Norm,
    n: &[f32],
    inv_std: &[f32],
    g_n: &[f32],
    rows: usize,
    cols: usize,
) -> Vec<f32> {
    if norm == Norm::None {
        return g_n.to_vec();
    }
    let (groups, len) = shape(norm, rows, cols);
    let at = index(norm, cols);
    let mut g_z = vec![0.0f32; g_n.len()];
    for g in 0..groups {
        let mean_g = (0..len).map(|k| g_n[at(g, k)] as f64).sum::<f64>() / len as f64;
        let mean_gn = (0..len)
            .map(|k| {
                let i = at(g, k);
                g_n[i] as f64 * n[i] as f64
            })
            .sum::<f64>()
            / len as f64;
        let (mg, mgn, s) = (mean_g as f32, mean_gn as f32, inv_std[g]);
        for k in 0..len {
            let i = at(g, k);
            g_z[i] = (g_n[i] - mg - n[i] * mgn) * s;
        }
    }
    g_z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_norm_by_hand() {
        // One example [1, 2, 3, 6]: mean 3, biased variance (4 + 1 + 0 + 9)/4 = 3.5.
        let out = forward(Norm::Layer, &[1.0, 2.0, 3.0, 6.0], 1, 4);
        let s = 1.0 / (3.5f64 + EPS).sqrt();
        for (n, z) in out.n.iter().zip([1.0, 2.0, 3.0, 6.0]) {
            assert!((*n as f64 - (z - 3.0) * s).abs() < 1e-6);
        }
    }

    #[test]
    fn batch_norm_normalizes_each_unit_over_the_batch() {
        // 3 examples × 2 units: unit 0 = [0, 1, 2], unit 1 = [10, 10, 40].
        let z = [0.0, 10.0, 1.0, 10.0, 2.0, 40.0];
        let out = forward(Norm::Batch, &z, 3, 2);
        let unit = |j: usize| [out.n[j], out.n[2 + j], out.n[4 + j]];
        let s0 = 1.0 / (2.0f64 / 3.0 + EPS).sqrt();
        assert!((unit(0)[0] as f64 + s0).abs() < 1e-6 && unit(0)[1].abs() < 1e-7);
        let (m, v) = (20.0, 200.0); // unit 1: mean 20, biased variance (100 + 100 + 400)/3
        assert!((unit(1)[2] as f64 - (40.0 - m) / (v + EPS).sqrt()).abs() < 1e-6);
    }

    #[test]
    fn backward_matches_finite_differences() {
        // L = Σ c ⊙ n(z) for fixed c: ∂L/∂z by central differences in f64 vs the formula in f32.
        let (rows, cols) = (4, 3);
        let z: Vec<f32> = (0..12)
            .map(|i| (i as f32 * 0.37).fract() * 3.0 - 1.0)
            .collect();
        let c: Vec<f32> = (0..12).map(|i| ((i * 7 % 5) as f32) - 2.0).collect();
        for norm in [Norm::Batch, Norm::Layer] {
            let out = forward(norm, &z, rows, cols);
            let g = backward(norm, &out.n, &out.inv_std, &c, rows, cols);
            let loss = |z: &[f32]| -> f64 {
                let o = forward(norm, z, rows, cols);
                o.n.iter().zip(&c).map(|(&n, &c)| n as f64 * c as f64).sum()
            };
            for i in 0..z.len() {
                let h = 1e-2f32;
                let (mut zp, mut zm) = (z.clone(), z.clone());
                zp[i] += h;
                zm[i] -= h;
                let fd = (loss(&zp) - loss(&zm)) / (2.0 * h as f64);
                // f32 rounding of n (≈ 1e-7 relative) over h = 1e-2 gives ≈ 1e-5·Σ|c|; O(h²) truncation ≈ 1e-3.
                assert!(
                    (fd - g[i] as f64).abs() < 5e-3,
                    "{norm} {i}: fd {fd} vs {}",
                    g[i]
                );
            }
        }
    }
}
