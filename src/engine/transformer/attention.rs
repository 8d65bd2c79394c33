//! Multi-head scaled dot-product attention over a batch of sequences, forward and backward, in f32 with a
//! fixed order of every sum (so native and WASM give the same bits), and the statistics of its logits and
//! weights in f64.
//!
//! For each sequence b and head h: S = τ·Q_h K_hᵀ (T × T, keys j > i masked when causal), A = softmax(S) by
//! rows (max subtracted, `libm::expf`), C_h = A V_h. Backward from ∂L/∂C: ∂L/∂A = ∂L/∂C_h V_hᵀ,
//! ∂L/∂V_h = Aᵀ ∂L/∂C_h, ∂L/∂S_ij = A_ij (∂L/∂A_ij − Σ_k A_ik ∂L/∂A_ik), ∂L/∂Q_h = τ ∂L/∂S K_h,
//! ∂L/∂K_h = τ ∂L/∂Sᵀ Q_h.

use crate::engine::stats::mean_var;

/// The shape of one attention layer: `seqs` sequences of `tokens` rows each (rows are sequence-major), `heads`
/// heads of `d_k` columns each (head h owns columns h·d_k … (h+1)·d_k − 1 of Q, K, V and C).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Heads {
    /// Sequences B.
    pub seqs: usize,
    /// Tokens T per sequence.
    pub tokens: usize,
    /// Heads h.
    pub heads: usize,
    /// Columns per head d_k.
    pub d_k: usize,
    /// τ, the logits' scale.
    pub tau: f32,
    /// Whether query i sees only keys j ≤ i.
    pub causal: bool,
}

/// What the forward pass measured of the logits and the weights (f64, over sequences, heads and rows).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttnStats {
    /// Population variance of the unmasked scaled logits.
    pub logit_var: f64,
    /// Mean row entropy −Σ_j A_ij ln A_ij (nats).
    pub entropy: f64,
    /// Mean row maximum max_j A_ij.
    pub max: f64,
}

/// Σ a_c·b_c in f32, element c in lane c mod 8, the lanes combined as ((0+1)+(2+3))+((4+5)+(6+7)).
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ta, tb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    for (k, (x, y)) in ta.iter().zip(tb).enumerate() {
        acc[k] += x * y;
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
}

/// y += s·x in f32.
#[inline(always)]
fn axpy(y: &mut [f32], s: f32, x: &[f32]) {
    y.iter_mut().zip(x).for_each(|(y, x)| *y += s * x);
}

impl Heads {
    /// The model width h·d_k.
    pub fn width(&self) -> usize {
        self.heads * self.d_k
    }

    /// Keys query `i` sees.
    pub fn keys(&self, i: usize) -> usize {
        if self.causal {
            i + 1
        } else {
            self.tokens
        }
    }

    /// Entries of A: B·h·T².
    pub fn weights_len(&self) -> usize {
        self.seqs * self.heads * self.tokens * self.tokens
    }

    /// Head `h`'s columns of row `t` of sequence `b` in a rows × width matrix.
    fn at<'a>(&self, m: &'a [f32], b: usize, t: usize, h: usize) -> &'a [f32] {
        let start = (b * self.tokens + t) * self.width() + h * self.d_k;
        &m[start..start + self.d_k]
    }

    fn at_mut<'a>(&self, m: &'a mut [f32], b: usize, t: usize, h: usize) -> &'a mut [f32] {
        let start = (b * self.tokens + t) * self.width() + h * self.d_k;
        &mut m[start..start + self.d_k]
    }

    /// Where row i of head h of sequence b starts in A (head-major within a sequence).
    fn row(&self, b: usize, h: usize, i: usize) -> usize {
        ((b * self.heads + h) * self.tokens + i) * self.tokens
    }

    /// A (B·h·T·T, masked entries 0), C = A V by heads (rows × width), and the statistics of S and A.
    pub fn forward(&self, q: &[f32], k: &[f32], v: &[f32]) -> (Vec<f32>, Vec<f32>, AttnStats) {
        let t = self.tokens;
        let mut a = vec![0.0f32; self.weights_len()];
        let mut c = vec![0.0f32; q.len()];
        let mut logits = Vec::with_capacity(self.weights_len());
        let (mut entropy, mut max) = (0.0f64, 0.0f64);
        for b in 0..self.seqs {
            for h in 0..self.heads {
                for i in 0..t {
                    let n = self.keys(i);
                    let start = self.row(b, h, i);
                    let row = &mut a[start..start + n];
                    let qi = self.at(q, b, i, h);
                    for (j, s) in row.iter_mut().enumerate() {
                        *s = self.tau * dot(qi, self.at(k, b, j, h));
                    }
                    logits.extend_from_slice(row);
                    softmax(row);
                    let (e, m) = row_stats(row);
                    entropy += e;
                    max += m;
                    let mut ci = vec![0.0f32; self.d_k];
                    for (j, &w) in row.iter().enumerate() {
                        axpy(&mut ci, w, self.at(v, b, j, h));
                    }
                    self.at_mut(&mut c, b, i, h).copy_from_slice(&ci);
                }
            }
        }
        let rows = (self.seqs * self.heads * t) as f64;
        let stats = AttnStats {
            logit_var: mean_var(&logits).1,
            entropy: entropy / rows,
            max: max / rows,
        };
        (a, c, stats)
    }

    /// ∂L/∂Q, ∂L/∂K and ∂L/∂V from ∂L/∂C, given the forward pass's Q, K, V and A.
    pub fn backward(&self, [q, k, v]: [&[f32]; 3], a: &[f32], g_c: &[f32]) -> [Vec<f32>; 3] {
        let (mut g_q, mut g_k, mut g_v) = (
            vec![0.0f32; q.len()],
            vec![0.0f32; k.len()],
            vec![0.0f32; v.len()],
        );
        let mut g_a = vec![0.0f32; self.tokens];
        for b in 0..self.seqs {
            for h in 0..self.heads {
                for i in 0..self.tokens {
                    let n = self.keys(i);
                    let start = self.row(b, h, i);
                    let row = &a[start..start + n];
                    let gci = self.at(g_c, b, i, h);
                    for (j, ga) in g_a[..n].iter_mut().enumerate() {
                        *ga = dot(gci, self.at(v, b, j, h));
                    }
                    let mut mean = 0.0f32;
                    for (&w, &ga) in row.iter().zip(&g_a[..n]) {
                        mean += w * ga;
                    }
                    let qi = self.at(q, b, i, h).to_vec();
                    let mut gqi = vec![0.0f32; self.d_k];
                    for (j, (&w, &ga)) in row.iter().zip(&g_a[..n]).enumerate() {
                        let gs = self.tau * (w * (ga - mean));
                        axpy(&mut gqi, gs, self.at(k, b, j, h));
                        axpy(self.at_mut(&mut g_k, b, j, h), gs, &qi);
                        axpy(self.at_mut(&mut g_v, b, j, h), w, gci);
                    }
                    self.at_mut(&mut g_q, b, i, h).copy_from_slice(&gqi);
                }
            }
        }
        [g_q, g_k, g_v]
    }
}

/// The softmax of one row in place: exp(s − max s) / Σ, in f32 (`libm::expf`, sum in order).
fn softmax(row: &mut [f32]) {
    let m = row.iter().fold(f32::NEG_INFINITY, |m, &s| m.max(s));
    let mut sum = 0.0f32;
    for s in row.iter_mut() {
        *s = libm::expf(*s - m);
        sum += *s;
    }
    row.iter_mut().for_each(|s| *s /= sum);
}

/// A row's entropy −Σ a ln a (terms with a = 0 count 0) and its maximum, in f64.
fn row_stats(row: &[f32]) -> (f64, f64) {
    let mut entropy = 0.0f64;
    let mut max = 0.0f64;
    for &w in row {
        let w = w as f64;
        if w > 0.0 {
            entropy -= w * libm::log(w);
        }
        max = max.max(w);
    }
    (entropy, max)
}
