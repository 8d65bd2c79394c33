//! A transformer run's sizes: its attention's shape ([`heads`]), what one block holds ([`block_bytes`]) and
//! the limits on both, the entropy of uniform attention, and which attention maps a run keeps.

use super::attention::Heads;
use crate::engine::config::Config;

/// The most blocks a run may have.
pub const MAX_DEPTH: usize = 96;
/// The most bytes one block may hold for its backward pass (its six matrices, activations and attention).
pub const BLOCK_BYTES: usize = 32 << 20;
/// The most attention weights a run keeps for the heat map (all heads of every block at the defaults).
pub const MAP_ENTRIES: usize = 1 << 18;

/// The attention's shape and scale in `cfg`.
pub fn heads(cfg: &Config) -> Heads {
    let d_k = cfg.width / cfg.heads.max(1);
    Heads {
        seqs: cfg.batch,
        tokens: cfg.tokens,
        heads: cfg.heads,
        d_k,
        tau: cfg.attn_scale.tau(d_k) as f32,
        causal: cfg.causal,
    }
}

/// Bytes one block holds for the backward pass: its matrices (12d²), about 14 activations of B·T × d and its
/// attention weights (B·h·T²).
pub fn block_bytes(cfg: &Config) -> usize {
    let (rows, d) = (cfg.batch * cfg.tokens, cfg.width);
    4 * (12 * d * d + 14 * rows * d + cfg.batch * cfg.heads * cfg.tokens * cfg.tokens)
}

/// The largest setting the benchmark runs (and a test keeps valid): 96 blocks of width 512 and 8 heads, 2
/// sequences of 256 tokens — 30 MB a block, just under [`BLOCK_BYTES`].
pub fn largest() -> Config {
    Config {
        depth: MAX_DEPTH,
        width: 512,
        heads: 8,
        tokens: 256,
        batch: 2,
        ..Config::for_arch(crate::engine::arch::Arch::Transformer)
    }
}

/// The entropy of uniform attention: ln T, or with the causal mask the mean of ln i over the rows i = 1 … T.
pub fn uniform_entropy(cfg: &Config) -> f64 {
    let t = cfg.tokens.max(1);
    if cfg.causal {
        (1..=t).map(|i| libm::log(i as f64)).sum::<f64>() / t as f64
    } else {
        libm::log(t as f64)
    }
}

/// How many heads of which blocks keep their sequence-0 attention for the heat map: every head of every block
/// when it fits in [`MAP_ENTRIES`], else as many heads as fit, in evenly spaced blocks from the first to the
/// last. Returns the heads kept by each block (0: none).
pub fn kept_maps(cfg: &Config) -> Vec<usize> {
    let (l, per_head) = (cfg.depth, cfg.tokens * cfg.tokens);
    let heads = cfg.heads.min((MAP_ENTRIES / per_head.max(1)).max(1));
    let blocks = (MAP_ENTRIES / (heads * per_head).max(1)).clamp(1, l.max(1));
    let mut kept = vec![0; l];
    for i in 0..blocks {
        // 1 + round(i·(L − 1)/(k − 1)), 0-based.
        let at = if blocks == 1 {
            l - 1
        } else {
            (i * (l - 1) + (blocks - 1) / 2) / (blocks - 1)
        };
        kept[at] = heads;
    }
    kept
}
