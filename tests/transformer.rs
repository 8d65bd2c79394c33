//! Transformers: the block's backward pass against finite differences, exact cases (a zero query gives uniform
//! attention, zero-init-last the identity), the logit variance against its theory with a tolerance from the
//! weights' and the sample's fluctuations, the kept heat maps, and the numbers the content quotes. The
//! settings (presets, PyTorch's matrices, bad input) are in transformer_settings.rs.
#![cfg(not(target_arch = "wasm32"))]

use initscope::engine::arch::transformer::matrices;
use initscope::engine::arch::Arch;
use initscope::engine::step::Step;
use initscope::engine::transformer::block::BlockStep;
use initscope::engine::transformer::shape::{heads, kept_maps, uniform_entropy};
use initscope::engine::transformer::{AttnScale, LnPlace};
use initscope::engine::{simulate, Activation, Config, Initializer, SimOptions, SimResult};
use initscope::state::parse_query;

fn tiny(ln: LnPlace, causal: bool) -> Config {
    Config {
        depth: 2,
        width: 8,
        batch: 2,
        tokens: 5,
        heads: 2,
        ln,
        causal,
        init: Initializer::XavierNormal,
        activation: Activation::Tanh,
        bias_std: 0.1,
        skip_scale: 0.9,
        branch_scale: 0.7,
        ..Config::for_arch(Arch::Transformer)
    }
}

fn steps(cfg: &Config) -> Vec<BlockStep> {
    (1..=cfg.depth)
        .map(|l| BlockStep {
            index: l,
            mats: matrices(cfg, l),
            heads: heads(cfg),
            phi: cfg.nonlinearity(),
            ln: cfg.ln,
            skip: cfg.skip_scale as f32,
            alpha: cfg.branch_scale as f32,
            value_gain: cfg.value_gain as f32,
            final_ln: l == cfg.depth,
            keep_heads: 0,
            seed: cfg.seed,
        })
        .collect()
}

/// L = Σ Z ⊙ G through every block, in f64 from the f32 output.
fn loss(steps: &[BlockStep], x: &[f32], g: &[f32]) -> f64 {
    let mut a = x.to_vec();
    for s in steps {
        a = s.forward(&a).1;
    }
    a.iter().zip(g).map(|(&z, &g)| z as f64 * g as f64).sum()
}

/// A fixed pseudo-random vector in (−1, 1).
fn values(n: usize, salt: u32) -> Vec<f32> {
    (0..n)
        .map(|i| (i as f32 * 0.618_034 + salt as f32 * 0.414_214).fract() * 2.0 - 1.0)
        .collect()
}

/// ∂L/∂X₀ from the blocks' backward passes, against central differences of L along three directions. The
/// differences are in f32 arithmetic (h = 10⁻², L of order 1–10): rounding contributes about 10⁻⁵·Σ|Z||G|/h and
/// the truncation O(h²), so 2 % of the directional derivative plus 10⁻³ is far above both and far below what a
/// missing or mis-signed term changes.
#[test]
fn backward_matches_finite_differences() {
    for ln in LnPlace::ALL {
        for causal in [false, true] {
            let cfg = tiny(ln, causal);
            let st = steps(&cfg);
            let n = cfg.batch * cfg.tokens * cfg.width;
            let (x, g) = (values(n, 1), values(n, 2));
            let mut caches = Vec::new();
            let mut inputs = vec![x.clone()];
            for s in &st {
                let (c, out) = s.forward(inputs.last().unwrap());
                caches.push(c);
                inputs.push(out);
            }
            let mut grad = g.clone();
            for (i, s) in st.iter().enumerate().rev() {
                let mut stats = initscope::engine::LayerStats::unavailable(i + 1);
                grad = s
                    .backward(&caches[i], &inputs[i], &grad, [true, true], &mut stats)
                    .unwrap()
                    .unwrap();
                assert!(stats.ffn_grad_norm > 0.0 && stats.stream_grad_var > 0.0);
            }
            for salt in 3..6 {
                let dir = values(n, salt);
                let h = 1e-2f32;
                let shifted = |sign: f32| -> Vec<f32> {
                    x.iter()
                        .zip(&dir)
                        .map(|(&x, &d)| x + sign * h * d)
                        .collect()
                };
                let fd = (loss(&st, &shifted(1.0), &g) - loss(&st, &shifted(-1.0), &g))
                    / (2.0 * h as f64);
                let an: f64 = grad
                    .iter()
                    .zip(&dir)
                    .map(|(&g, &d)| g as f64 * d as f64)
                    .sum();
                assert!(
                    (fd - an).abs() < 0.02 * an.abs() + 1e-3,
                    "{ln} causal={causal}: finite differences {fd} vs backward {an}"
                );
            }
        }
    }
}

fn run(cfg: &Config) -> SimResult {
    cfg.validate().unwrap();
    simulate(cfg, &SimOptions::default())
}

/// W_Q = 0 and no biases: every logit is exactly 0, so every row is exactly uniform — entropy ln T (or the
/// mean of ln i with the causal mask) and largest weight 1/T, up to f32 rounding of the weights.
#[test]
fn a_zero_query_gives_exactly_uniform_attention() {
    for causal in [false, true] {
        let cfg = Config {
            zero_query: true,
            causal,
            init: Initializer::LecunNormal,
            depth: 3,
            ..Config::for_arch(Arch::Transformer)
        };
        let r = run(&cfg);
        let t = cfg.tokens as f64;
        let max = if causal {
            (1..=cfg.tokens).map(|i| 1.0 / i as f64).sum::<f64>() / t
        } else {
            1.0 / t
        };
        for l in &r.layers {
            assert_eq!(l.logit_var, 0.0);
            assert!(
                (l.attn_entropy - uniform_entropy(&cfg)).abs() < 1e-5,
                "{l:?}"
            );
            assert!((l.attn_max - max).abs() < 1e-6, "{l:?}");
        }
        let t = r.theory.as_ref().unwrap();
        assert!(t.layers.iter().all(|l| l.logit_var == 0.0));
        assert!((t.layers[0].attn_entropy - uniform_entropy(&cfg)).abs() < 1e-12);
    }
}

/// Var(τ·q·k) against τ²·d_k·(dσ_Q²)(dσ_K²) for pre- and post-LN at d = 128, d_k = 32, where it is exact: tokens
/// that are independent (the theory is E over the weights of E[(q·k)²]; tokens that deeper blocks have made
/// alike share one q·k, and the variance over pairs no longer estimates it). With zero-init-last every block
/// reads X₀ again (pre-LN: LN(X₀); post-LN: LN(X₀ + 0)) through fresh W_Q, W_K, so 12 blocks are 12 independent
/// draws. One draw fluctuates with the weights (tr(W_Qᵀ W_Q W_Kᵀ W_K) per head: relative spread about
/// 2/√(d·d_k) = 3 %, over h = 4 heads 1.6 %) and with the sample of B·h·T² = 16 384 logits that share rows
/// (about 2 %): 2.6 % per block. Each block within 5 standard deviations (13 %), and their mean within 5
/// standard errors (4 %).
#[test]
fn logit_variance_follows_its_theory() {
    for (ln, scale) in [
        (LnPlace::Pre, AttnScale::Sqrt),
        (LnPlace::Post, AttnScale::Sqrt),
        (LnPlace::Pre, AttnScale::Inverse),
    ] {
        let cfg = Config {
            ln,
            attn_scale: scale,
            zero_init_last: true,
            init: Initializer::XavierNormal,
            ..Config::for_arch(Arch::Transformer)
        };
        let r = run(&cfg);
        let t = r.theory.as_ref().expect("pre- and post-LN have a theory");
        let ratios: Vec<f64> = r
            .layers
            .iter()
            .zip(&t.layers)
            .map(|(m, t)| m.logit_var / t.logit_var)
            .collect();
        for (l, q) in ratios.iter().enumerate() {
            assert!(
                (q - 1.0).abs() < 0.13,
                "{ln} {scale} block {}: ratio {q}",
                l + 1
            );
        }
        let mean = ratios.iter().sum::<f64>() / ratios.len() as f64;
        assert!((mean - 1.0).abs() < 0.04, "{ln} {scale}: mean ratio {mean}");
        // The entropy's second-order theory at Var ≈ 1: within the O(Var²) terms it leaves out.
        let (m, t) = (r.layers[0].attn_entropy, t.layers[0].attn_entropy);
        if scale == AttnScale::Sqrt {
            assert!((m - t).abs() < 0.1, "{ln}: entropy {m} vs {t}");
        }
    }
}

/// Without 1/√d_k the logits' variance is d_k = 32 times larger (the same weights), and the attention rows
/// concentrate: lower entropy and a larger largest weight.
#[test]
fn without_the_scale_the_logits_are_d_k_times_larger_and_attention_collapses() {
    let base = Config {
        init: Initializer::XavierNormal,
        ..Config::for_arch(Arch::Transformer)
    };
    let none = Config {
        attn_scale: AttnScale::None,
        ..base.clone()
    };
    let (a, b) = (run(&base), run(&none));
    let first = |r: &SimResult| r.layers[0];
    // Block 1 reads the same LN(X₀) in both, so only τ² differs: exactly d_k up to rounding.
    let ratio = first(&b).logit_var / first(&a).logit_var;
    assert!((ratio - 32.0).abs() < 32.0 * 1e-5, "{ratio}");
    assert!(first(&b).attn_entropy < first(&a).attn_entropy - 1.0);
    assert!(first(&b).attn_max > 2.0 * first(&a).attn_max);
}

/// Zero-init-last: every block is the identity (a·X with a = 1) — the stream keeps X₀'s variance exactly and the
/// gradient reaches the input unchanged (pre-LN: through the final LN only).
#[test]
fn zero_init_last_makes_every_block_the_identity() {
    let cfg = Config {
        zero_init_last: true,
        ln: LnPlace::None,
        init: Initializer::XavierNormal,
        depth: 4,
        ..Config::for_arch(Arch::Transformer)
    };
    let r = run(&cfg);
    let first = r.layers[0];
    for l in &r.layers {
        assert_eq!(l.stream_var, first.stream_var);
        assert_eq!(l.stream_grad_var, first.stream_grad_var);
    }
}

#[test]
fn heat_maps_are_kept_within_their_budget() {
    let cfg = Config::for_arch(Arch::Transformer);
    assert_eq!(
        kept_maps(&cfg),
        vec![4; 12],
        "every head of every block at the defaults"
    );
    let r = run(&Config {
        depth: 3,
        ..cfg.clone()
    });
    assert_eq!(r.attention.len(), 3);
    for m in &r.attention {
        for h in 0..m.heads {
            for row in m.head(h).chunks(m.tokens) {
                let s: f32 = row.iter().sum();
                assert!((s - 1.0).abs() < 1e-5);
            }
        }
    }
    let long = Config {
        tokens: 256,
        heads: 8,
        depth: 40,
        ..cfg
    };
    let kept = kept_maps(&long);
    assert_eq!(kept.iter().filter(|&&h| h > 0).count(), 1);
    assert_eq!(
        kept[39], 4,
        "the last block, as many heads as fit in 2¹⁸ weights"
    );
    let mid = Config {
        tokens: 128,
        depth: 40,
        ..long
    };
    let kept = kept_maps(&mid);
    assert_eq!(
        (kept[0], kept[39]),
        (8, 8),
        "first and last of evenly spaced blocks"
    );
    assert_eq!(kept.iter().filter(|&&h| h > 0).count(), 2);
}

/// The numbers the Learn section and the interview answers quote (src/content/transformer.rs,
/// interview_transformer.rs), from the runs they link to.
#[test]
fn quoted_numbers_match_the_engine() {
    let at = |q: &str| {
        let (cfg, errs) = parse_query(q);
        assert!(errs.is_empty(), "{q}: {errs:?}");
        run(&cfg)
    };
    let (post, pre) = (
        at("arch=transformer&ln=post&depth=48"),
        at("arch=transformer&depth=48"),
    );
    let top = |r: &SimResult| r.layers.last().unwrap().ffn_grad_norm;
    // "‖∂L/∂W₂‖ ≈ 10³ at the top"; "the top's gradient is 6× smaller".
    assert!((500.0..2000.0).contains(&top(&post)), "{}", top(&post));
    assert_eq!(
        (top(&post) / top(&pre)).round(),
        6.0,
        "{} / {}",
        top(&post),
        top(&pre)
    );
    // "the stream grows 34×".
    assert_eq!(pre.verdict.forward_ratio.round(), 34.0);
    assert!(
        pre.verdict.message.contains("grows 34×"),
        "{}",
        pre.verdict.message
    );
    // "logit variance 32" without the scale; "τ = 1/d_k: logit variance 1/d_k".
    assert_eq!(
        at("arch=transformer&attn-scale=none").layers[0]
            .logit_var
            .round(),
        32.0
    );
    let inverse = at("arch=transformer&attn-scale=inverse").layers[0].logit_var;
    assert!((inverse * 32.0 - 1.0).abs() < 0.1, "{inverse}");
}
