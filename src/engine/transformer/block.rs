//! One transformer block as a [`Step`]: attention then an MLP, each a residual branch, with the LayerNorms
//! where [`LnPlace`] puts them (the semantics are in `crate::engine::arch::transformer`'s documentation).
//! Backward from ∂L/∂X_l (∂L/∂Z through the final LN for pre-LN's last block) down to ∂L/∂X_{l−1}.

use super::attention::{AttnStats, Heads};
use super::settings::LnPlace;
use crate::engine::attention_map::AttentionMap;
use crate::engine::dense::Dense;
use crate::engine::kept;
use crate::engine::nonlinearity::Nonlinearity;
use crate::engine::norm::{self, Norm, Normalized};
use crate::engine::plan::LayerPlan;
use crate::engine::rng::Stream;
use crate::engine::stats::{all_finite, lane_sum, mean_cosine, mean_var, LayerStats};
use crate::engine::step::{NonFinite, Step};
use std::rc::Rc;

/// Which of a block's six matrices a plan or a stream is: W_Q, W_K, W_V, W_O, W_1, W_2.
pub const MATRICES: [&str; 6] = ["W_Q", "W_K", "W_V", "W_O", "W_1", "W_2"];

/// One block.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockStep {
    /// 1-based block index.
    pub index: usize,
    /// W_Q, W_K, W_V, W_O (d × d), W_1 (d × 4d), W_2 (4d × d), in [`MATRICES`] order.
    pub mats: [LayerPlan; 6],
    /// The attention's shape and scale.
    pub heads: Heads,
    /// The FFN's activation.
    pub phi: Nonlinearity,
    /// Where the LayerNorms sit.
    pub ln: LnPlace,
    /// a, the skip connection's weight.
    pub skip: f32,
    /// α, the branches' scale.
    pub alpha: f32,
    /// β, multiplying W_V, W_O, W_1 and W_2 after drawing.
    pub value_gain: f32,
    /// The output is LN(X_l) (pre-LN's last block: GPT-2's ln_f).
    pub final_ln: bool,
    /// Keep sequence 0's attention weights for the heat map (its first `keep_heads` heads; 0: none).
    pub keep_heads: usize,
    /// The run's seed.
    pub seed: u64,
}

/// What a block keeps for its backward pass.
pub struct BlockCache {
    w: [Rc<Dense>; 6],
    /// Pre-LN: LN(X_{l−1}).
    u: Option<Normalized>,
    qkv: [Vec<f32>; 3],
    attn: Vec<f32>,
    /// Y, the attention sublayer's output (post-LN: normalized, with its scales in `y_inv`).
    y: Vec<f32>,
    y_inv: Vec<f32>,
    /// Pre-LN: LN(Y).
    u2: Option<Normalized>,
    /// The FFN's pre-activation.
    h: Vec<f32>,
    /// X_l (post-LN: normalized, with its scales in `out_inv`).
    out: Vec<f32>,
    out_inv: Vec<f32>,
    /// The final LN's output.
    z: Option<Normalized>,
    stats: AttnStats,
}

/// LayerNorm over each row of `width`.
fn ln(x: &[f32], width: usize) -> Normalized {
    norm::forward(Norm::Layer, x, x.len() / width, width)
}

/// ∂L/∂(LN's input) from ∂L/∂(its output `n`, with scales `inv_std`).
fn ln_back(n: &[f32], inv_std: &[f32], g: &[f32], width: usize) -> Vec<f32> {
    norm::backward(Norm::Layer, n, inv_std, g, n.len() / width, width)
}

/// a·x + α·y, elementwise in f32.
fn residual(a: f32, x: &[f32], alpha: f32, y: &[f32]) -> Vec<f32> {
    x.iter().zip(y).map(|(&x, &y)| a * x + alpha * y).collect()
}

impl BlockStep {
    fn width(&self) -> usize {
        self.heads.width()
    }

    fn rows(&self) -> usize {
        self.heads.seqs * self.heads.tokens
    }

    /// The six matrices from their streams (kept between runs), W_V, W_O, W_1 and W_2 times β.
    fn weights(&self) -> [Rc<Dense>; 6] {
        std::array::from_fn(|m| {
            let p = &self.mats[m];
            let streams = [
                Stream::BlockWeights(self.index, m as u8),
                Stream::BlockBias(self.index, m as u8),
            ];
            let dense = kept::sample(&p.dist, (p.fan_in, p.fan_out), self.seed, streams, p.bias);
            if m >= 2 && self.value_gain != 1.0 {
                let mut scaled = (*dense).clone();
                scaled.scale_weights(self.value_gain);
                Rc::new(scaled)
            } else {
                dense
            }
        })
    }

    /// LN(x) and (when post-LN) its scales, or x itself.
    fn post_norm(&self, x: Vec<f32>) -> (Vec<f32>, Vec<f32>) {
        match self.ln {
            LnPlace::Post => {
                let n = ln(&x, self.width());
                (n.n, n.inv_std)
            }
            LnPlace::Pre | LnPlace::None => (x, Vec::new()),
        }
    }

    /// LN(x) when pre-LN.
    fn pre_norm(&self, x: &[f32]) -> Option<Normalized> {
        (self.ln == LnPlace::Pre).then(|| ln(x, self.width()))
    }

    /// ∂L/∂(the sum before a post-LN) from ∂L/∂(its output `n`).
    fn post_back(&self, n: &[f32], inv_std: &[f32], g: Vec<f32>) -> Vec<f32> {
        match self.ln {
            LnPlace::Post => ln_back(n, inv_std, &g, self.width()),
            LnPlace::Pre | LnPlace::None => g,
        }
    }

    /// ∂L/∂x + (through a pre-LN) ∂L/∂(the branch's input), the skip's share `a·g` added first.
    fn join(&self, skip_g: &[f32], pre: &Option<Normalized>, g_branch: Vec<f32>) -> Vec<f32> {
        let g_branch = match pre {
            Some(n) => ln_back(&n.n, &n.inv_std, &g_branch, self.width()),
            None => g_branch,
        };
        residual(self.skip, skip_g, 1.0, &g_branch)
    }
}

impl Step for BlockStep {
    type Cache = BlockCache;

    fn index(&self) -> usize {
        self.index
    }

    fn forward(&self, x: &[f32]) -> (BlockCache, Vec<f32>) {
        let (rows, d) = (self.rows(), self.width());
        let w = self.weights();
        let u = self.pre_norm(x);
        let src = u.as_ref().map_or(x, |n| &n.n);
        let qkv = [0, 1, 2].map(|m| w[m].forward(src, rows));
        let (attn, c, stats) = self.heads.forward(&qkv[0], &qkv[1], &qkv[2]);
        let att = w[3].forward(&c, rows);
        let (y, y_inv) = self.post_norm(residual(self.skip, x, self.alpha, &att));
        let u2 = self.pre_norm(&y);
        let h = w[4].forward(u2.as_ref().map_or(&y, |n| &n.n), rows);
        let m = w[5].forward(&self.phi.apply(&h), rows);
        let (out, out_inv) = self.post_norm(residual(self.skip, &y, self.alpha, &m));
        let z = (self.final_ln && self.ln == LnPlace::Pre).then(|| ln(&out, d));
        let next = z.as_ref().map_or_else(|| out.clone(), |z| z.n.clone());
        let cache = BlockCache {
            w,
            u,
            qkv,
            attn,
            y,
            y_inv,
            u2,
            h,
            out,
            out_inv,
            z,
            stats,
        };
        (cache, next)
    }

    fn output(&self, cache: &BlockCache) -> Vec<f32> {
        cache
            .z
            .as_ref()
            .map_or_else(|| cache.out.clone(), |z| z.n.clone())
    }

    fn measure_forward(
        &self,
        cache: &BlockCache,
        next: &[f32],
        s: &mut LayerStats,
    ) -> Result<(), NonFinite> {
        if !all_finite(&cache.out) || !all_finite(&cache.attn) || !all_finite(next) {
            return Err(NonFinite);
        }
        let (t, d) = (self.heads.tokens, self.width());
        s.stream_var = mean_var(&cache.out).1;
        s.logit_var = cache.stats.logit_var;
        s.attn_entropy = cache.stats.entropy;
        s.attn_max = cache.stats.max;
        let seqs = cache.out.chunks_exact(t * d);
        let n = seqs.len() as f64;
        s.token_corr = seqs.map(|x| mean_cosine(x, t, d)).sum::<f64>() / n;
        Ok(())
    }

    fn backward(
        &self,
        cache: &BlockCache,
        _x: &[f32],
        g_out: &[f32],
        [input_grad, _]: [bool; 2],
        s: &mut LayerStats,
    ) -> Result<Option<Vec<f32>>, NonFinite> {
        let (rows, d, w) = (self.rows(), self.width(), &cache.w);
        let g = match &cache.z {
            Some(z) => ln_back(&z.n, &z.inv_std, g_out, d),
            None => g_out.to_vec(),
        };
        s.stream_grad_var = mean_var(&g).1;
        // The MLP branch: X_l = [LN](a·Y + α·M).
        let g_s2 = self.post_back(&cache.out, &cache.out_inv, g);
        let g_m: Vec<f32> = g_s2.iter().map(|&g| self.alpha * g).collect();
        let p = self.phi.apply(&cache.h);
        let g_w2 = w[5].weight_grad(&p, &g_m, rows);
        s.ffn_grad_norm = lane_sum(&g_w2, |v| v as f64 * v as f64).sqrt();
        let g_h = self.phi.backprop(&w[5].input_grad(&g_m, rows), &cache.h);
        if !all_finite(&g_h) || !s.ffn_grad_norm.is_finite() {
            return Err(NonFinite);
        }
        let g_y = self.join(&g_s2, &cache.u2, w[4].input_grad(&g_h, rows));
        if !input_grad {
            return Ok(None);
        }
        // The attention branch: Y = [LN](a·X + α·Attn).
        let g_s1 = self.post_back(&cache.y, &cache.y_inv, g_y);
        let g_att: Vec<f32> = g_s1.iter().map(|&g| self.alpha * g).collect();
        let g_c = w[3].input_grad(&g_att, rows);
        let [q, k, v] = &cache.qkv;
        let [g_q, g_k, g_v] = self.heads.backward([q, k, v], &cache.attn, &g_c);
        let mut g_src = w[0].input_grad(&g_q, rows);
        for (m, g) in [(1, &g_k), (2, &g_v)] {
            let part = w[m].input_grad(g, rows);
            g_src.iter_mut().zip(&part).for_each(|(s, p)| *s += p);
        }
        let g_x = self.join(&g_s1, &cache.u, g_src);
        if !all_finite(&g_x) {
            return Err(NonFinite);
        }
        Ok(Some(g_x))
    }

    fn cache_len(cache: &BlockCache) -> usize {
        let norm_len = |n: &Option<Normalized>| n.as_ref().map_or(0, |n| n.n.len());
        cache.w.iter().map(|w| w.w.len()).sum::<usize>()
            + norm_len(&cache.u)
            + cache.qkv.iter().map(Vec::len).sum::<usize>()
            + cache.attn.len()
            + cache.y.len()
            + norm_len(&cache.u2)
            + cache.h.len()
            + cache.out.len()
            + norm_len(&cache.z)
    }

    fn param_len(&self) -> usize {
        self.mats.iter().map(|p| p.fan_in * p.fan_out).sum()
    }

    fn attention_map(&self, cache: &BlockCache) -> Option<AttentionMap> {
        let t = self.heads.tokens;
        (self.keep_heads > 0).then(|| AttentionMap {
            block: self.index,
            heads: self.keep_heads,
            tokens: t,
            weights: cache.attn[..self.keep_heads * t * t].to_vec(),
        })
    }
}
