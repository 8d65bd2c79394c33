//! Transformers (`transformer`): B sequences of T tokens, width d, h heads (d_k = d/h), FFN hidden 4d, L blocks;
//! X₀ has N(0, 1) entries. With a the skip weight and α the branch scale:
//! - pre-LN:  Y = a·X + α·Attn(LN(X)),  X′ = a·Y + α·M(LN(Y)), and the output Z = LN(X_L) (GPT-2's ln_f);
//! - post-LN: Y = LN(a·X + α·Attn(X)),  X′ = LN(a·Y + α·M(Y));
//! - none:    Y = a·X + α·Attn(X),      X′ = a·Y + α·M(Y);
//!
//! Attn(U) = concat_h softmax(τ·Q_h K_hᵀ [+ causal mask]) V_h·W_O + b_O with Q = U·W_Q + b_Q (K, V alike) and
//! M(U) = φ(U·W_1 + b_1)·W_2 + b_2. LN is per token over d (biased variance, ε = 10⁻⁵, no affine); the loss is
//! L = Σ Z ⊙ G with G ~ N(0, 1). `engine::transformer` holds the block; this module its plan, theory and
//! report.

use super::knob::{Knob, Sizes};
use super::model::{Architecture, Dynamics, Running, Signal, Stack};
use crate::engine::activation::Activation;
use crate::engine::config::{Config, ConfigError};
use crate::engine::dense::BiasInit;
use crate::engine::distribution::Distribution;
use crate::engine::init::Initializer;
use crate::engine::init_spec::InitSpec;
use crate::engine::network::{segment_length, Pass};
use crate::engine::nonlinearity::Nonlinearity;
use crate::engine::plan::{LayerPlan, Plan};
use crate::engine::recommend::Recommendation;
use crate::engine::series::{Field, Panel, Series};
use crate::engine::stats::LayerStats;
use crate::engine::theory::{Theory, TheoryLayer};
use crate::engine::transformer::block::BlockStep;
use crate::engine::transformer::shape::{block_bytes, heads, kept_maps};
use crate::engine::transformer::LnPlace;

mod report;

/// Transformers (`transformer`).
pub struct Transformer;

/// The per-block fields, in the JSON's order.
const FIELDS: [Field; 7] = [
    Field::StreamVar,
    Field::StreamGradVar,
    Field::LogitVar,
    Field::AttnEntropy,
    Field::AttnMax,
    Field::TokenCorr,
    Field::FfnGradNorm,
];

/// What its charts draw.
const SERIES: [Series; 6] = [
    Series {
        field: Field::StreamVar,
        label: "Var(x) residual stream",
        theory: None,
        panel: Panel::Variance,
        backward: false,
        group: 0,
    },
    Series {
        field: Field::StreamGradVar,
        label: "Var(∂L/∂x) stream gradient",
        theory: None,
        panel: Panel::Variance,
        backward: true,
        group: 1,
    },
    Series {
        field: Field::LogitVar,
        label: "Var(τ·q·k) attention logits",
        theory: Some("τ²·d_k·(dσ_Q²)(dσ_K²)"),
        panel: Panel::Logits,
        backward: false,
        group: 2,
    },
    Series {
        field: Field::AttnEntropy,
        label: "attention entropy (nats)",
        theory: Some("ln T − Var/2 (small logits)"),
        panel: Panel::Entropy,
        backward: false,
        group: 3,
    },
    Series {
        field: Field::TokenCorr,
        label: "mean cosine between tokens",
        theory: None,
        panel: Panel::Tokens,
        backward: false,
        group: 4,
    },
    Series {
        field: Field::FfnGradNorm,
        label: "‖∂L/∂W₂‖ FFN weight gradient",
        theory: None,
        panel: Panel::WeightGrad,
        backward: true,
        group: 5,
    },
];

/// The six matrices of block `l` (W_Q, W_K, W_V, W_O: d × d; W_1: d × 4d; W_2: 4d × d), each from the
/// initializer with its own fans. `pytorch-default` is `nn.TransformerEncoderLayer`'s: W_Q, W_K, W_V from
/// `xavier_uniform_` on the (3d, d) `in_proj_weight` (U(±√(6/(4d)))) with `in_proj_bias` = 0, W_O U(±1/√d) with
/// b_O = 0, the FFN's `nn.Linear` defaults (torch/nn/modules/activation.py, `_reset_parameters`).
pub fn matrices(cfg: &Config, l: usize) -> [LayerPlan; 6] {
    let d = cfg.width;
    let square = Plan::layer(cfg, l, (d, d));
    let mut m = [
        square,
        square,
        square,
        square,
        Plan::layer(cfg, l, (d, 4 * d)),
        Plan::layer(cfg, l, (4 * d, d)),
    ];
    if cfg.init == Initializer::PytorchDefault {
        let in_proj = InitSpec::new(Initializer::XavierUniform).distribution(d, 3 * d);
        for p in &mut m[..3] {
            (p.dist, p.bias) = (in_proj, BiasInit::None);
        }
        m[3].bias = BiasInit::None;
    }
    if cfg.zero_query {
        m[0].dist = Distribution::Constant(0.0);
    }
    if cfg.zero_init_last {
        for i in [3, 5] {
            (m[i].dist, m[i].bias) = (Distribution::Constant(0.0), BiasInit::None);
        }
    }
    m
}

impl Architecture for Transformer {
    fn id(&self) -> &'static str {
        "transformer"
    }

    fn label(&self) -> &'static str {
        "Transformer (attention + MLP)"
    }

    fn depth_noun(&self) -> &'static str {
        "blocks"
    }

    fn unit(&self) -> &'static str {
        "block"
    }

    fn knobs(&self) -> &'static [Knob] {
        &[Knob::Transformer, Knob::BranchScale, Knob::ZeroInitLast]
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            depth: 12,
            width: 128,
            batch: 4,
            input: None,
            activation: Activation::Gelu,
            init: Initializer::XavierNormal,
        }
    }

    fn validate(&self, cfg: &Config) -> Vec<ConfigError> {
        report::validate(cfg)
    }

    fn plan(&self, cfg: &Config) -> Plan {
        let layers = (1..=cfg.depth).map(|l| matrices(cfg, l)[5]).collect();
        Plan {
            positions: cfg.tokens,
            ..Plan::with_layers(cfg, layers)
        }
    }

    fn signal(&self) -> Signal {
        Signal {
            forward: Field::StreamVar,
            backward: Field::StreamGradVar,
            noun: "residual stream",
        }
    }

    fn torch_module(&self) -> &'static str {
        "nn.TransformerEncoderLayer"
    }

    fn stack_advice(&self) -> bool {
        false
    }

    /// Xavier normal whatever φ: its logits have variance exactly 1 (the reports' `recommended_init`; the
    /// verdict itself points at the LayerNorms and branch scales instead, `stack_advice`).
    fn recommendation(&self, _phi: &Nonlinearity) -> Recommendation {
        Recommendation {
            init: Initializer::XavierNormal,
            gain: None,
        }
    }

    fn fans_note(&self, cfg: &Config) -> Option<String> {
        Some(report::fans_note(cfg))
    }

    fn verdict_notes(
        &self,
        cfg: &Config,
        layers: &[LayerStats],
        _theory: Option<&Theory>,
        unstable: bool,
    ) -> String {
        report::verdict_notes(cfg, layers, unstable)
    }

    fn fields(&self) -> &'static [Field] {
        &FIELDS
    }

    fn series(&self) -> &'static [Series] {
        &SERIES
    }
}

impl Dynamics for Transformer {
    fn start(&self, cfg: &Config, plan: &Plan, pass: Pass, budget: usize) -> Box<dyn Running> {
        let keep = kept_maps(cfg);
        let steps: Vec<BlockStep> = (1..=cfg.depth)
            .map(|l| BlockStep {
                index: l,
                mats: matrices(cfg, l),
                heads: heads(cfg),
                phi: plan.phi,
                ln: cfg.ln,
                skip: cfg.skip_scale as f32,
                alpha: cfg.branch_scale as f32,
                value_gain: cfg.value_gain as f32,
                final_ln: l == cfg.depth,
                keep_heads: keep[l - 1],
                seed: plan.seed,
            })
            .collect();
        let pass = Pass {
            segment: segment_length(cfg.depth, block_bytes(cfg), budget),
            ..pass
        };
        Stack::boxed(steps, pass, false)
    }

    /// The logits' variance, exact in expectation over the weights for pre- and post-LN (each block's attention
    /// input has squared norm d per token: LN's output, or X₀'s in expectation): with q = W_Qᵀu + b_Q and k alike,
    /// Var(τ·q·k) = τ²·d_k·(d·σ_Q² + σ_bQ²)(d·σ_K² + σ_bK²). For small logits (≤ 1) a row of n keys has entropy
    /// ln n − Var·(n − 1)/(2n) to second order (the empirical variance of n logits is Var·(n − 1)/n).
    fn theory(&self, cfg: &Config, plan: &Plan) -> Option<Theory> {
        if !plan.mean_field || cfg.ln == LnPlace::None {
            return None;
        }
        let h = heads(cfg);
        let d = cfg.width as f64;
        let t = cfg.tokens;
        let layers = (1..=cfg.depth)
            .map(|l| {
                let [wq, wk, ..] = matrices(cfg, l);
                let side = |p: &LayerPlan| d * p.dist.variance() + p.sigma_b2();
                let tau = cfg.attn_scale.tau(h.d_k);
                let logit_var = tau * tau * h.d_k as f64 * side(&wq) * side(&wk);
                let rows = |n: usize| {
                    let n = n as f64;
                    libm::log(n) - logit_var * (n - 1.0) / (2.0 * n)
                };
                let entropy = (0..t).map(|i| rows(h.keys(i))).sum::<f64>() / t as f64;
                TheoryLayer {
                    logit_var,
                    // "Small": up to 1, with room for the rounding of an exact 1 (Xavier: dσ² = 1).
                    attn_entropy: if logit_var <= 1.0 + 1e-9 {
                        entropy
                    } else {
                        f64::NAN
                    },
                    ..TheoryLayer::none(l)
                }
            })
            .collect();
        Some(Theory {
            layers,
            chi: f64::NAN,
            fixed_point: f64::NAN,
        })
    }
}
