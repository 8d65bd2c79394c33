//! What a transformer says about a config: its own rules ([`validate`]), how its fans are counted, and the
//! verdict's sentences about attention, tokens and the LN placement.

use crate::engine::config::{Config, ConfigError};
use crate::engine::stats::LayerStats;
use crate::engine::transformer::shape::{block_bytes, uniform_entropy, BLOCK_BYTES, MAX_DEPTH};
use crate::engine::transformer::{AttnScale, LnPlace};
use crate::engine::verdict::superscript;

/// The transformer's own rules: at most [`MAX_DEPTH`] blocks, heads dividing the width, the input as wide as
/// the stream, an initializer that does not need the data, and one block within [`BLOCK_BYTES`].
pub fn validate(cfg: &Config) -> Vec<ConfigError> {
    let mut errs = Vec::new();
    let mut unsupported = |name, value: String, reason: String| {
        errs.push(ConfigError::Unsupported {
            name,
            value,
            reason,
        })
    };
    if cfg.depth > MAX_DEPTH {
        unsupported(
            "depth",
            cfg.depth.to_string(),
            format!("is more than the {MAX_DEPTH} blocks a transformer run may have"),
        );
    }
    let default = Config::for_arch(cfg.arch);
    if cfg.heads > 0 && !cfg.width.is_multiple_of(cfg.heads) {
        // Blamed on the setting that left its default, so that undoing it gives a valid config.
        if cfg.heads == default.heads {
            unsupported(
                "width",
                cfg.width.to_string(),
                format!(
                    "is not a multiple of the {} heads: each head takes d_k = d/h columns",
                    cfg.heads
                ),
            );
        } else {
            unsupported(
                "heads",
                cfg.heads.to_string(),
                format!(
                    "does not divide the width {}: each head takes d_k = d/h columns (try {})",
                    cfg.width,
                    divisors_near(cfg.width, cfg.heads)
                ),
            );
        }
    }
    if cfg.input_width() != cfg.width {
        unsupported(
            "input-width",
            cfg.input_width().to_string(),
            format!(
                "differs from the width {}: a transformer's blocks add their input to their output",
                cfg.width
            ),
        );
    }
    if cfg.init.info().data_dependent {
        unsupported(
            "init",
            cfg.init.id().into(),
            "rescales each layer on its own input, which a transformer block's six matrices do not have \
             one of: choose another initializer"
                .into(),
        );
    }
    let bytes = block_bytes(cfg);
    if bytes > BLOCK_BYTES {
        // Named after the first of these above its default (undoing it is the likeliest fix).
        let (name, value) = [
            ("width", cfg.width, default.width),
            ("batch", cfg.batch, default.batch),
            ("tokens", cfg.tokens, default.tokens),
            ("heads", cfg.heads, default.heads),
        ]
        .into_iter()
        .find(|(_, v, d)| v > d)
        .map_or(("width", cfg.width), |(n, v, _)| (n, v));
        unsupported(
            name,
            value.to_string(),
            format!(
                "makes one block hold {} MB (width {}, {} sequences of {} tokens, {} heads: 12d² weights, B·T·d \
                 activations, B·h·T² attention weights), more than the {} MB a block may: lower the width, \
                 tokens or batch",
                bytes >> 20,
                cfg.width,
                cfg.batch,
                cfg.tokens,
                cfg.heads,
                BLOCK_BYTES >> 20
            ),
        );
    }
    errs
}

/// The head counts nearest `heads` that divide `width` ("4 or 8").
fn divisors_near(width: usize, heads: usize) -> String {
    let below = (1..heads)
        .rev()
        .find(|h| width.is_multiple_of(*h))
        .unwrap_or(1);
    match (heads + 1..=width).find(|h| width.is_multiple_of(*h)) {
        Some(above) => format!("{below} or {above}"),
        None => below.to_string(),
    }
}

/// How the six matrices' fans are counted, with `cfg`'s numbers.
pub fn fans_note(cfg: &Config) -> String {
    let d = cfg.width;
    format!(
        "W_Q, W_K, W_V, W_O: fan_in = fan_out = d = {d}; W_1: {d} → {}; W_2: fan_in = 4d = {}, fan_out = {d}; \
         d_k = d/h = {}",
        4 * d,
        4 * d,
        d / cfg.heads.max(1)
    )
}

/// The verdict's sentences about a transformer run (each starting with a space): attention that collapsed onto
/// one token, tokens that collapsed onto one direction, a stream with no LayerNorm, and post-LN's gradient.
pub fn verdict_notes(cfg: &Config, layers: &[LayerStats], unstable: bool) -> String {
    let Some(last) = layers.last() else {
        return String::new();
    };
    let mut s = String::new();
    let peak = layers
        .iter()
        .filter(|l| l.attn_max.is_finite())
        .max_by(|a, b| a.attn_max.total_cmp(&b.attn_max));
    if let Some(p) = peak.filter(|p| p.attn_max > 0.5) {
        s.push_str(&format!(
            " Attention has collapsed: at block {} each row puts {:.0}% of its weight on one token on average \
             (entropy {:.2} nats; uniform is {:.2}), with logit variance {}.",
            p.layer,
            100.0 * p.attn_max,
            p.attn_entropy,
            uniform_entropy(cfg),
            describe(p.logit_var)
        ));
        if cfg.attn_scale == AttnScale::None {
            s.push_str(" Without 1/√d_k the logits' variance is d_k times larger: divide by √d_k.");
        }
    }
    if last.token_corr > 0.9 {
        s.push_str(&format!(
            " The tokens have collapsed onto one direction: their mean cosine is {:.2} at block {} (rank \
             collapse); only the skip connections keep each token's own part.",
            last.token_corr, last.layer
        ));
    }
    if cfg.ln == LnPlace::None && unstable {
        s.push_str(
            " With no LayerNorm nothing resets the stream's scale; pre-LN, or branches scaled down as GPT-2 \
             and DeepNet do, keep it in range.",
        );
    }
    if cfg.ln == LnPlace::Post && last.ffn_grad_norm.is_finite() {
        s.push_str(&format!(
            " Post-LN: nothing shrinks the last blocks' gradient (‖∂L/∂W₂‖ = {} at block {}), which is why it \
             needs warm-up; pre-LN divides it by the stream's standard deviation, ∝ √L (Xiong et al. 2020).",
            describe(last.ffn_grad_norm),
            last.layer
        ));
    }
    s
}

/// A number in about three significant digits ("0.026", "31.9", "1.02·10⁴").
fn describe(x: f64) -> String {
    if x != 0.0 && !(1e-3..1e4).contains(&x.abs()) {
        let e = libm::floor(libm::log10(x.abs()));
        format!("{:.2}·10{}", x / libm::pow(10.0, e), superscript(e as i32))
    } else {
        let decimals = match x.abs() {
            a if a >= 100.0 => 0,
            a if a >= 10.0 => 1,
            a if a >= 1.0 => 2,
            _ => 3,
        };
        format!("{x:.decimals$}")
    }
}
