//! Statistics of f32 buffers, accumulated in f64.

/// Population mean and variance of `xs`, two-pass in f64 (no cancellation when the mean dwarfs the spread).
/// An empty slice gives (0, 0).
#[inline(never)]
pub fn mean_var(xs: &[f32]) -> (f64, f64) {
    let [mv] = mean_vars([xs]);
    mv
}

/// [`mean_var`] of several slices at once (each with the bits of [`mean_var`] of that slice alone).
#[inline(never)]
pub fn mean_vars<const N: usize>(xs: [&[f32]; N]) -> [(f64, f64); N] {
    xs.map(|x| {
        if x.is_empty() {
            return (0.0, 0.0);
        }
        let n = x.len() as f64;
        let mean = lane_sum(x, |v| v as f64) / n;
        let squares = lane_sum(x, |v| {
            let d = v as f64 - mean;
            d * d
        });
        (mean, squares / n)
    })
}

/// Lanes of an f64 sum: [`lane_sum`] puts element i in lane i mod `LANES`.
const LANES: usize = 8;

/// Σ f(x) in f64, in a fixed order that keeps the adder busy: element i goes to lane i mod 8, each lane is
/// summed in ascending order from −0, and the lanes are combined as ((0+1)+(2+3))+((4+5)+(6+7)). Eight
/// independent chains instead of one dependent chain (which waits for each addition) — and they vectorize to
/// f64x2 in WASM and to SSE2 natively; the order is fixed, so every platform gives the same bits.
#[inline(always)]
pub fn lane_sum(xs: &[f32], f: impl Fn(f32) -> f64) -> f64 {
    let mut acc = [-0.0f64; LANES];
    let blocks = xs.chunks_exact(LANES);
    let tail = blocks.remainder();
    for block in blocks {
        for k in 0..LANES {
            acc[k] += f(block[k]);
        }
    }
    for (a, &x) in acc.iter_mut().zip(tail) {
        *a += f(x);
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

/// The variances of a gradient and of its layer's ∂L/∂W (NaN when ∂L/∂W overflowed), summed side by side.
pub fn grad_vars(g: &[f32], g_w: &[f32]) -> (f64, f64) {
    if all_finite(g_w) {
        let [(_, g), (_, w)] = mean_vars([g, g_w]);
        (g, w)
    } else {
        (mean_var(g).1, f64::NAN)
    }
}

/// Whether every value is finite.
#[inline(never)]
pub fn all_finite(xs: &[f32]) -> bool {
    // Whole blocks without an early exit, so the test vectorizes.
    xs.chunks(256)
        .all(|block| block.iter().fold(true, |ok, x| ok & x.is_finite()))
}

/// Number of units (columns of a row-major rows×cols matrix) that are exactly 0 for every row.
#[inline(never)]
pub fn dead_units(a: &[f32], rows: usize, cols: usize) -> usize {
    let mut alive = vec![false; cols];
    for row in a.chunks_exact(cols).take(rows) {
        for (flag, &x) in alive.iter_mut().zip(row) {
            *flag |= x != 0.0;
        }
    }
    alive.iter().filter(|&&x| !x).count()
}

/// Number of distinct units: columns of a row-major rows×cols matrix that differ beyond rounding (any entry
/// further apart than 10⁻⁶ of the larger of the two).
///
/// Each column is projected on a fixed positive weight vector over the rows; equal columns give equal
/// projections. Sorted projections that lie within 10⁻⁶ of the largest weighted absolute column sum of each
/// other are only candidates: within each such run, columns are compared entry by entry, and only columns
/// that match everywhere count as one unit.
#[inline(never)]
pub fn distinct_units(a: &[f32], rows: usize, cols: usize) -> usize {
    if cols == 0 {
        return 0;
    }
    let weights: Vec<f64> = (0..rows)
        .map(|r| 1.0 + ((r as f64 + 1.0) * 0.618_033_988_749_894_9).fract())
        .collect();
    let mut proj = vec![0.0f64; cols];
    let mut mag = vec![0.0f64; cols];
    for (row, &wr) in a.chunks_exact(cols).zip(&weights) {
        for ((p, m), &x) in proj.iter_mut().zip(mag.iter_mut()).zip(row) {
            *p += wr * x as f64;
            *m += wr * (x as f64).abs();
        }
    }
    let tol = 1e-6 * mag.iter().cloned().fold(0.0, f64::max);
    let mut order: Vec<usize> = (0..cols).collect();
    order.sort_by(|&i, &j| proj[i].total_cmp(&proj[j]));
    let same = |i: usize, j: usize| {
        a.chunks_exact(cols)
            .take(rows)
            .all(|row| (row[i] - row[j]).abs() <= 1e-6 * row[i].abs().max(row[j].abs()))
    };
    let mut distinct = 0;
    let mut start = 0;
    while start < cols {
        let mut end = start + 1;
        while end < cols && proj[order[end]] - proj[order[end - 1]] <= tol {
            end += 1;
        }
        // Within a run of candidates, one representative per class of equal columns.
        let mut reps: Vec<usize> = Vec::new();
        for &c in &order[start..end] {
            if !reps.iter().any(|&r| same(r, c)) {
                reps.push(c);
            }
        }
        distinct += reps.len();
        start = end;
    }
    distinct
}

/// Measured statistics of one layer. A value that could not be computed (the layer, or the backward pass,
/// overflowed) is NaN; a variance that underflowed is 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerStats {
    /// 1-based layer index.
    pub layer: usize,
    /// Mean of h_l over batch × width.
    pub pre_mean: f64,
    /// Population variance of h_l.
    pub pre_var: f64,
    /// Mean of a_l.
    pub post_mean: f64,
    /// Population variance of a_l.
    pub post_var: f64,
    /// Variance of ∂L/∂h_l.
    pub grad_var: f64,
    /// Variance of the entries of ∂L/∂W_l.
    pub weight_grad_var: f64,
    /// Variance of the sampled entries of W_l.
    pub weight_var: f64,
    /// Fraction of units whose output is 0 for the whole batch.
    pub dead_frac: f64,
    /// Fraction of post-activations at tanh's or sigmoid's flat ends.
    pub saturated_frac: f64,
    /// Number of units (columns of a_l) that differ beyond rounding.
    pub distinct_units: usize,
    /// Mean cosine similarity between different examples at the input of φ: how alike the network makes
    /// different inputs (NaN with fewer than two non-zero examples).
    pub corr: f64,
    /// Residual nets: Var(x_l), the residual stream after block l (NaN for the other architectures).
    pub stream_var: f64,
    /// Residual nets: Var(∂L/∂x_l) (NaN for the other architectures).
    pub stream_grad_var: f64,
    /// Transformers: the population variance of the scaled attention logits τ·q_i·k_j (unmasked pairs).
    pub logit_var: f64,
    /// Transformers: the attention rows' mean entropy −Σ_j A_ij ln A_ij, in nats.
    pub attn_entropy: f64,
    /// Transformers: the attention rows' mean largest weight max_j A_ij.
    pub attn_max: f64,
    /// Transformers: the mean cosine between different tokens of a sequence (1: rank collapse).
    pub token_corr: f64,
    /// Transformers: ‖∂L/∂W_2‖_F, the FFN's output matrix's gradient norm.
    pub ffn_grad_norm: f64,
}

impl LayerStats {
    /// A layer with nothing measured yet: NaN everywhere (what stays when the layer could not be computed).
    pub fn unavailable(layer: usize) -> Self {
        LayerStats {
            layer,
            pre_mean: f64::NAN,
            pre_var: f64::NAN,
            post_mean: f64::NAN,
            post_var: f64::NAN,
            grad_var: f64::NAN,
            weight_grad_var: f64::NAN,
            weight_var: f64::NAN,
            dead_frac: f64::NAN,
            saturated_frac: f64::NAN,
            distinct_units: 0,
            corr: f64::NAN,
            stream_var: f64::NAN,
            stream_grad_var: f64::NAN,
            logit_var: f64::NAN,
            attn_entropy: f64::NAN,
            attn_max: f64::NAN,
            token_corr: f64::NAN,
            ffn_grad_norm: f64::NAN,
        }
    }
}

/// Mean cosine similarity over pairs of different rows (examples) of a row-major rows×cols matrix, in f64:
/// with u_b the unit vector of row b, (‖Σ u_b‖² − k)/(k(k − 1)) over the k rows that are not all zero (rows
/// of zeros have no direction and are left out); NaN when k < 2.
#[inline(never)]
pub fn mean_cosine(a: &[f32], rows: usize, cols: usize) -> f64 {
    let mut sum = vec![0.0f64; cols];
    let mut k = 0usize;
    for row in a.chunks_exact(cols.max(1)).take(rows) {
        let norm = lane_sum(row, |x| x as f64 * x as f64).sqrt();
        if norm > 0.0 && norm.is_finite() {
            k += 1;
            sum.iter_mut()
                .zip(row)
                .for_each(|(s, &x)| *s += x as f64 / norm);
        }
    }
    if k < 2 {
        return f64::NAN;
    }
    let total = sum.iter().map(|s| s * s).sum::<f64>();
    (total - k as f64) / (k * (k - 1)) as f64
}

/// A histogram of one layer's post-activations.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// 1-based layer index.
    pub layer: usize,
    /// Lower edge of the first bin.
    pub lo: f64,
    /// Upper edge of the last bin.
    pub hi: f64,
    /// Counts per bin (equal widths).
    pub counts: Vec<u32>,
}

impl Histogram {
    /// Bin `xs` into `bins` equal bins spanning the data's [min, max] (widened by ±0.5 when constant).
    pub fn of(layer: usize, xs: &[f32], bins: usize) -> Histogram {
        let bins = bins.max(1);
        let (mut lo, mut hi) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
                (l.min(x as f64), h.max(x as f64))
            });
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (-0.5, 0.5);
        } else if hi - lo <= f64::EPSILON * lo.abs().max(hi.abs()).max(f64::MIN_POSITIVE) {
            (lo, hi) = (lo - 0.5, hi + 0.5);
        }
        let mut counts = vec![0u32; bins];
        let width = (hi - lo) / bins as f64;
        for &x in xs {
            let i = ((x as f64 - lo) / width) as usize;
            counts[i.min(bins - 1)] += 1;
        }
        Histogram {
            layer,
            lo,
            hi,
            counts,
        }
    }

    /// The edges of bin i.
    pub fn bin_edges(&self, i: usize) -> (f64, f64) {
        let w = (self.hi - self.lo) / self.counts.len() as f64;
        (self.lo + w * i as f64, self.lo + w * (i + 1) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_var_is_population() {
        let (m, v) = mean_var(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(m, 2.5);
        assert_eq!(v, 1.25);
    }

    /// The defining order, written plainly: lane k sums the x_i with i mod 8 = k, ascending from −0; the
    /// lanes combine as ((0+1)+(2+3))+((4+5)+(6+7)).
    fn reference_sum(xs: &[f64]) -> f64 {
        let lane = |k: usize| {
            let mut s = -0.0f64;
            for x in xs.iter().skip(k).step_by(8) {
                s += x;
            }
            s
        };
        ((lane(0) + lane(1)) + (lane(2) + lane(3))) + ((lane(4) + lane(5)) + (lane(6) + lane(7)))
    }

    #[test]
    fn mean_vars_are_the_defining_sums_bit_for_bit() {
        let reference = |xs: &[f32]| {
            let n = xs.len() as f64;
            let wide: Vec<f64> = xs.iter().map(|&x| x as f64).collect();
            let mean = reference_sum(&wide) / n;
            let squares: Vec<f64> = wide.iter().map(|x| (x - mean) * (x - mean)).collect();
            (mean.to_bits(), (reference_sum(&squares) / n).to_bits())
        };
        let a: Vec<f32> = (0..1000)
            .map(|i| ((i * 7919) % 997) as f32 * 1.37e-3 - 0.4)
            .collect();
        let b: Vec<f32> = (0..333).map(|i| 1e7 + i as f32).collect();
        let zeros = [-0.0f32; 5];
        let [x, y, z, e] = mean_vars([&a, &b, &zeros, &[]]);
        let bits = |(m, v): (f64, f64)| (m.to_bits(), v.to_bits());
        assert_eq!(bits(x), reference(&a));
        assert_eq!(bits(y), reference(&b));
        assert_eq!(bits(z), reference(&zeros));
        assert_eq!(e, (0.0, 0.0));
        for len in 1..20 {
            assert_eq!(bits(mean_var(&a[..len])), reference(&a[..len]), "{len}");
        }
        // Close to the one-chain sum, in another order.
        let chain = a.iter().map(|&x| x as f64).sum::<f64>();
        let lanes = lane_sum(&a, |x| x as f64);
        assert!((chain - lanes).abs() <= 1e-12 * chain.abs().max(1.0));
    }

    #[test]
    fn distinct_units_counts_equal_columns_once() {
        // 3 rows × 4 columns; columns 0 and 2 equal, 1 and 3 equal.
        let a = [1.0, 2.0, 1.0, 2.0, 3.0, -1.0, 3.0, -1.0, 0.5, 0.5, 0.5, 0.5];
        assert_eq!(distinct_units(&a, 3, 4), 2);
        assert_eq!(distinct_units(&[0.0; 12], 3, 4), 1);
        assert_eq!(dead_units(&[0.0, 1.0, 0.0, 0.0], 2, 2), 1);
    }

    #[test]
    fn random_relu_matrices_have_every_unit_distinct() {
        // The old projection-only count merged distinct columns in about one 128×256 matrix in seven.
        use crate::engine::rng::{stream_rng, Stream};
        use crate::engine::sample::fill_normal;
        let (rows, cols) = (128, 256);
        for seed in 0..60 {
            let mut a = vec![0.0f32; rows * cols];
            fill_normal(1.0, &mut stream_rng(seed, Stream::Input), &mut a);
            a.iter_mut().for_each(|x| *x = x.max(0.0));
            assert_eq!(distinct_units(&a, rows, cols), cols, "seed {seed}");
        }
    }

    #[test]
    fn columns_equal_up_to_rounding_count_once() {
        // Column 1 is column 0 up to one ulp (one rounding); column 2 differs by 10⁻³ in one entry.
        let col = [0.3f32, -1.2, 2.5, 0.7];
        let mut a = Vec::new();
        for &x in &col {
            a.extend([x, f32::from_bits(x.to_bits() + 1), x]);
        }
        a[2] += 1e-3;
        assert_eq!(distinct_units(&a, 4, 3), 2);
    }

    #[test]
    fn mean_cosine_by_hand() {
        // Rows (1, 0), (0, 1), (1, 1): cosines 0, 1/√2, 1/√2 → mean √2/3.
        let c = mean_cosine(&[1.0, 0.0, 0.0, 1.0, 1.0, 1.0], 3, 2);
        assert!((c - 2f64.sqrt() / 3.0).abs() < 1e-12);
        // Identical directions → 1; opposite → −1; a zero row is left out.
        assert!((mean_cosine(&[1.0, 2.0, 2.0, 4.0, 0.0, 0.0], 3, 2) - 1.0).abs() < 1e-12);
        assert!((mean_cosine(&[1.0, 0.0, -3.0, 0.0], 2, 2) + 1.0).abs() < 1e-12);
        assert!(mean_cosine(&[1.0, 0.0, 0.0, 0.0], 2, 2).is_nan());
    }

    #[test]
    fn histogram_counts_everything() {
        let xs: Vec<f32> = (0..1000).map(|i| i as f32 / 999.0).collect();
        let h = Histogram::of(1, &xs, 40);
        assert_eq!(h.counts.iter().sum::<u32>(), 1000);
        assert_eq!((h.lo, h.hi), (0.0, 1.0));
        assert_eq!(Histogram::of(1, &[2.0; 5], 4).counts.iter().sum::<u32>(), 5);
    }
}
