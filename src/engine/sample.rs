//! Drawing one layer's weights (and biases) from its distribution, in f32 as the frameworks do.

use super::init::Distribution;
use super::linalg::{orthonormal_columns, transpose};
use rand::distr::{Distribution as _, StandardUniform};
use rand::Rng;
use rand_distr::StandardNormal;

/// Fill `w` (row-major fan_in × fan_out, so that h = a·W) with draws from `dist`.
///
/// Orthogonal follows PyTorch `orthogonal_`: the (fan_out × fan_in) weight is the Q of the QR of the
/// larger-by-smaller N(0, 1) matrix, sign-fixed, transposed when needed, times gain. Each random
/// distribution gives the bits of its [`Units`] times its [`Scale`] (drawn and scaled in one pass here;
/// `kept`'s tests check the two agree).
pub fn fill_weights<R: Rng + ?Sized>(
    dist: &Distribution,
    fan_in: usize,
    fan_out: usize,
    rng: &mut R,
    w: &mut [f32],
) {
    assert_eq!(w.len(), fan_in * fan_out);
    match *dist {
        Distribution::Constant(c) => w.fill(c as f32),
        Distribution::Identity { gain, .. } => {
            w.fill(0.0);
            for k in 0..fan_in.min(fan_out) {
                w[k * fan_out + k] = gain as f32;
            }
        }
        Distribution::Normal { std } => fill_normal(std as f32, rng, w),
        Distribution::Uniform { bound } => fill_uniform(bound as f32, rng, w),
        Distribution::TruncatedNormal { sigma, .. } => {
            let s = sigma as f32;
            w.iter_mut().for_each(|x| *x = truncated_unit(rng) * s);
        }
        Distribution::Orthogonal { gain, .. } => scale_orthogonal(
            &orthogonal_units(fan_in, fan_out, rng),
            gain,
            (fan_in, fan_out),
            w,
        ),
        Distribution::DeltaOrthogonal { gain, taps, .. } => {
            // The centre tap's C_in × C_out block (ours is PyTorch's C_out × C_in transposed), drawn as a
            // dense orthogonal layer of those fans; row c of it goes to input channel c's centre tap.
            let c_in = fan_in / taps.max(1);
            let mut centre = vec![0.0f32; c_in * fan_out];
            let q = orthogonal_units(c_in, fan_out, rng);
            scale_orthogonal(&q, gain, (c_in, fan_out), &mut centre);
            w.fill(0.0);
            for (c, row) in centre.chunks_exact(fan_out).enumerate() {
                let at = (c * taps + taps / 2) * fan_out;
                w[at..at + fan_out].copy_from_slice(row);
            }
        }
    }
}

/// A random distribution's draws before their scale: the same for every σ, bound or gain of the family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// N(0, 1).
    Normal,
    /// 2u − 1 for u uniform on [0, 1): U(−1, 1) as PyTorch's `uniform_` computes it.
    Uniform,
    /// N(0, 1) draws with |z| < 2 (the others rejected).
    TruncatedNormal,
    /// The sign-fixed Q of PyTorch `orthogonal_`, in f64.
    Orthogonal,
}

/// How a [`Family`]'s unit draws become a distribution's weights.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// N(0, std²) = std · N(0, 1), in f32.
    Normal(f32),
    /// U(−a, a) = a · (2u − 1), in f32.
    Uniform(f32),
    /// The truncated normal: sigma · z, in f32.
    TruncatedNormal(f32),
    /// gain · Q in f64, then rounded to f32.
    Orthogonal(f64),
}

impl Scale {
    /// `dist` as unit draws times a scale; `None` for the deterministic ones (constant, identity).
    pub fn of(dist: &Distribution) -> Option<Scale> {
        match *dist {
            Distribution::Normal { std } => Some(Scale::Normal(std as f32)),
            Distribution::Uniform { bound } => Some(Scale::Uniform(bound as f32)),
            Distribution::TruncatedNormal { sigma, .. } => {
                Some(Scale::TruncatedNormal(sigma as f32))
            }
            Distribution::Orthogonal { gain, .. } => Some(Scale::Orthogonal(gain)),
            Distribution::Constant(_)
            | Distribution::Identity { .. }
            | Distribution::DeltaOrthogonal { .. } => None,
        }
    }

    /// The family whose unit draws this scales.
    pub fn family(self) -> Family {
        match self {
            Scale::Normal(_) => Family::Normal,
            Scale::Uniform(_) => Family::Uniform,
            Scale::TruncatedNormal(_) => Family::TruncatedNormal,
            Scale::Orthogonal(_) => Family::Orthogonal,
        }
    }

    /// The weights (row-major fan_in × fan_out) from `units` of this scale's family; `false`, with `w`
    /// untouched, for units of another kind (f64 units for an f32 family or the other way round), which
    /// the caller must then draw itself.
    #[must_use]
    pub fn apply(self, units: &Units, fan_in: usize, fan_out: usize, w: &mut [f32]) -> bool {
        match (self, units) {
            (Scale::Normal(s) | Scale::Uniform(s) | Scale::TruncatedNormal(s), Units::F32(u)) => {
                w.iter_mut().zip(u).for_each(|(x, &z)| *x = z * s);
                true
            }
            (Scale::Orthogonal(gain), Units::F64(q)) => {
                scale_orthogonal(q, gain, (fan_in, fan_out), w);
                true
            }
            _ => false,
        }
    }
}

/// gain · Q as the weights of a fan_in × fan_out layer, from [`orthogonal_units`]' Q.
fn scale_orthogonal(q: &[f64], gain: f64, (fan_in, fan_out): (usize, usize), w: &mut [f32]) {
    // PyTorch's weight is (rows = fan_out) × (cols = fan_in); q holds the tall orientation's Q column-major
    // (m×n), i.e. Qᵀ row-major (n×m). Ours is the transpose of PyTorch's: Qᵀ (n×m row-major) when
    // fan_out ≥ fan_in, else Q.
    let (n, m) = (fan_out.min(fan_in), fan_out.max(fan_in));
    let qt: Vec<f32> = q.iter().map(|&x| (x * gain) as f32).collect();
    if fan_out >= fan_in {
        w.copy_from_slice(&qt);
    } else {
        transpose(&qt, w, n, m);
    }
}

/// A [`Family`]'s unit draws for one fan_in × fan_out layer.
#[derive(Clone, Debug, PartialEq)]
pub enum Units {
    /// Normal, uniform and truncated-normal units, one per weight.
    F32(Vec<f32>),
    /// Orthogonal's Q.
    F64(Vec<f64>),
}

impl Units {
    /// Draw `family`'s units from `rng`.
    pub fn draw<R: Rng + ?Sized>(
        family: Family,
        fan_in: usize,
        fan_out: usize,
        rng: &mut R,
    ) -> Units {
        let len = fan_in * fan_out;
        match family {
            Family::Normal => {
                let mut u = vec![0.0f32; len];
                fill_normal(1.0, rng, &mut u);
                Units::F32(u)
            }
            Family::Uniform => Units::F32(
                (0..len)
                    .map(|_| {
                        let u: f32 = StandardUniform.sample(rng);
                        2.0 * u - 1.0
                    })
                    .collect(),
            ),
            Family::TruncatedNormal => Units::F32((0..len).map(|_| truncated_unit(rng)).collect()),
            Family::Orthogonal => Units::F64(orthogonal_units(fan_in, fan_out, rng)),
        }
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        match self {
            Units::F32(u) => 4 * u.len(),
            Units::F64(q) => 8 * q.len(),
        }
    }
}

/// An N(0, 1) draw with |z| < 2 (the others rejected): the truncated normal's unit.
fn truncated_unit<R: Rng + ?Sized>(rng: &mut R) -> f32 {
    loop {
        let z: f32 = StandardNormal.sample(rng);
        if z.abs() < 2.0 {
            return z;
        }
    }
}

/// U(−a, a) as PyTorch's `uniform_` computes it: a·(2u − 1) with u uniform on [0, 1).
pub fn fill_uniform<R: Rng + ?Sized>(a: f32, rng: &mut R, w: &mut [f32]) {
    for x in w.iter_mut() {
        let u: f32 = StandardUniform.sample(rng);
        *x = a * (2.0 * u - 1.0);
    }
}

/// N(0, std²) through rand_distr's ziggurat `StandardNormal` (exact, and the fastest it offers).
pub fn fill_normal<R: Rng + ?Sized>(std: f32, rng: &mut R, w: &mut [f32]) {
    for x in w.iter_mut() {
        let z: f32 = StandardNormal.sample(rng);
        *x = z * std;
    }
}

/// PyTorch `orthogonal_`'s Q before its gain, for a fan_in × fan_out layer: the Q of the QR of the
/// larger-by-smaller N(0, 1) matrix, sign-fixed, column-major.
fn orthogonal_units<R: Rng + ?Sized>(fan_in: usize, fan_out: usize, rng: &mut R) -> Vec<f64> {
    let (m, n) = (fan_out.max(fan_in), fan_out.min(fan_in));
    let a: Vec<f64> = (0..m * n).map(|_| StandardNormal.sample(rng)).collect();
    // `a` is read column-major (m×n): column j holds m consecutive draws.
    orthonormal_columns(a, m, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::{stream_rng, Stream};

    fn gram(w: &[f32], rows: usize, cols: usize) -> Vec<f64> {
        // WᵀW for a row-major rows×cols matrix (cols×cols).
        let mut g = vec![0.0; cols * cols];
        for i in 0..cols {
            for j in 0..cols {
                g[i * cols + j] = (0..rows)
                    .map(|r| w[r * cols + i] as f64 * w[r * cols + j] as f64)
                    .sum();
            }
        }
        g
    }

    #[test]
    fn units_of_another_kind_are_refused_not_applied() {
        let mut w = [7.0f32; 6];
        assert!(!Scale::Normal(0.5).apply(&Units::F64(vec![0.1; 6]), 2, 3, &mut w));
        assert!(!Scale::Orthogonal(1.0).apply(&Units::F32(vec![0.1; 6]), 2, 3, &mut w));
        assert_eq!(w, [7.0; 6]);
        assert!(Scale::Uniform(0.5).apply(&Units::F32(vec![0.5; 6]), 2, 3, &mut w));
        assert_eq!(w, [0.25; 6]);
    }

    #[test]
    fn orthogonal_is_orthogonal_in_both_orientations() {
        for &(fan_in, fan_out) in &[(8, 8), (12, 5), (5, 12)] {
            let gain = 1.7;
            let mut w = vec![0.0f32; fan_in * fan_out];
            let mut rng = stream_rng(1, Stream::Weights(1));
            fill_weights(
                &Distribution::Orthogonal {
                    gain,
                    n: fan_in.max(fan_out),
                },
                fan_in,
                fan_out,
                &mut rng,
                &mut w,
            );
            // The smaller dimension's Gram matrix is gain²·I.
            let (g, k) = if fan_in >= fan_out {
                (gram(&w, fan_in, fan_out), fan_out)
            } else {
                let mut t = vec![0.0f32; w.len()];
                transpose(&w, &mut t, fan_in, fan_out);
                (gram(&t, fan_out, fan_in), fan_in)
            };
            for i in 0..k {
                for j in 0..k {
                    let want = if i == j { gain * gain } else { 0.0 };
                    assert!(
                        (g[i * k + j] - want).abs() < 1e-5,
                        "{fan_in}x{fan_out} [{i},{j}]"
                    );
                }
            }
        }
    }
}
