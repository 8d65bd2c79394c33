//! The per-layer quantities a run reports ([`Field`]) and how a chart draws them ([`Series`]): each
//! architecture lists its fields and series (`super::arch`), and the reports and the page's charts and table
//! follow those lists rather than the architecture.

use super::stats::LayerStats;
use super::theory::TheoryLayer;

/// A per-layer measured field, named as in the JSON, the CSV header and the page's `data-field`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Mean of h_l.
    PreMean,
    /// Var(h_l).
    PreVar,
    /// Mean of a_l.
    PostMean,
    /// Var(a_l).
    PostVar,
    /// Var(∂L/∂h_l).
    GradVar,
    /// Var(∂L/∂W_l).
    WeightGradVar,
    /// Var(W_l) as sampled.
    WeightVar,
    /// Fraction of dead units.
    DeadFrac,
    /// Fraction of saturated activations.
    SaturatedFrac,
    /// Number of distinct units.
    DistinctUnits,
    /// Mean cosine similarity between examples at the input of φ.
    Corr,
    /// Residual: Var(x_l).
    StreamVar,
    /// Residual: Var(∂L/∂x_l).
    StreamGradVar,
    /// Transformer: the variance of the scaled attention logits.
    LogitVar,
    /// Transformer: the attention rows' mean entropy (nats).
    AttnEntropy,
    /// Transformer: the attention rows' mean largest weight.
    AttnMax,
    /// Transformer: the mean cosine between a sequence's tokens.
    TokenCorr,
    /// Transformer: ‖∂L/∂W_2‖_F.
    FfnGradNorm,
}

impl Field {
    /// Every field, in JSON order.
    pub const ALL: [Field; 18] = [
        Field::PreMean,
        Field::PreVar,
        Field::PostMean,
        Field::PostVar,
        Field::GradVar,
        Field::WeightGradVar,
        Field::WeightVar,
        Field::DeadFrac,
        Field::SaturatedFrac,
        Field::DistinctUnits,
        Field::Corr,
        Field::StreamVar,
        Field::StreamGradVar,
        Field::LogitVar,
        Field::AttnEntropy,
        Field::AttnMax,
        Field::TokenCorr,
        Field::FfnGradNorm,
    ];

    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Field::PreMean => "pre_mean",
            Field::PreVar => "pre_var",
            Field::PostMean => "post_mean",
            Field::PostVar => "post_var",
            Field::GradVar => "grad_var",
            Field::WeightGradVar => "weight_grad_var",
            Field::WeightVar => "weight_var",
            Field::DeadFrac => "dead_frac",
            Field::SaturatedFrac => "saturated_frac",
            Field::DistinctUnits => "distinct_units",
            Field::Corr => "corr",
            Field::StreamVar => "stream_var",
            Field::StreamGradVar => "stream_grad_var",
            Field::LogitVar => "logit_var",
            Field::AttnEntropy => "attn_entropy",
            Field::AttnMax => "attn_max",
            Field::TokenCorr => "token_corr",
            Field::FfnGradNorm => "ffn_grad_norm",
        }
    }

    /// A short column heading.
    pub fn heading(self) -> &'static str {
        match self {
            Field::PreMean => "mean h",
            Field::PreVar => "Var h",
            Field::PostMean => "mean a",
            Field::PostVar => "Var a",
            Field::GradVar => "Var ∂L/∂h",
            Field::WeightGradVar => "Var ∂L/∂W",
            Field::WeightVar => "Var W",
            Field::DeadFrac => "dead",
            Field::SaturatedFrac => "saturated",
            Field::DistinctUnits => "distinct",
            Field::Corr => "corr",
            Field::StreamVar => "Var x",
            Field::StreamGradVar => "Var ∂L/∂x",
            Field::LogitVar => "Var logits",
            Field::AttnEntropy => "entropy",
            Field::AttnMax => "max A",
            Field::TokenCorr => "token cos",
            Field::FfnGradNorm => "‖∂L/∂W₂‖",
        }
    }

    /// The field's value for one layer (NaN when unavailable).
    pub fn value(self, s: &LayerStats) -> f64 {
        match self {
            Field::PreMean => s.pre_mean,
            Field::PreVar => s.pre_var,
            Field::PostMean => s.post_mean,
            Field::PostVar => s.post_var,
            Field::GradVar => s.grad_var,
            Field::WeightGradVar => s.weight_grad_var,
            Field::WeightVar => s.weight_var,
            Field::DeadFrac => s.dead_frac,
            Field::SaturatedFrac => s.saturated_frac,
            Field::DistinctUnits => {
                if s.pre_var.is_nan() {
                    f64::NAN
                } else {
                    s.distinct_units as f64
                }
            }
            Field::Corr => s.corr,
            Field::StreamVar => s.stream_var,
            Field::StreamGradVar => s.stream_grad_var,
            Field::LogitVar => s.logit_var,
            Field::AttnEntropy => s.attn_entropy,
            Field::AttnMax => s.attn_max,
            Field::TokenCorr => s.token_corr,
            Field::FfnGradNorm => s.ffn_grad_norm,
        }
    }

    /// How the mean-field theory predicts the field, for the fields it predicts.
    fn theory_value(self) -> Option<fn(&TheoryLayer) -> f64> {
        match self {
            Field::PreVar => Some(|t| t.pre_var),
            Field::PostVar => Some(|t| t.post_var),
            Field::PostMean => Some(|t| t.post_mean),
            Field::GradVar => Some(|t| t.grad_var),
            Field::StreamVar => Some(|t| t.stream_var),
            Field::StreamGradVar => Some(|t| t.stream_grad_var),
            Field::LogitVar => Some(|t| t.logit_var),
            Field::AttnEntropy => Some(|t| t.attn_entropy),
            Field::AttnMax | Field::TokenCorr | Field::FfnGradNorm => None,
            Field::PreMean
            | Field::WeightGradVar
            | Field::WeightVar
            | Field::DeadFrac
            | Field::SaturatedFrac
            | Field::DistinctUnits
            | Field::Corr => None,
        }
    }

    /// The mean-field prediction of the field for one layer, for the fields the theory predicts.
    pub fn predicted(self, t: &TheoryLayer) -> Option<f64> {
        self.theory_value().map(|f| f(t))
    }

    /// Whether the mean-field theory predicts it.
    pub fn has_theory(self) -> bool {
        self.theory_value().is_some()
    }

    /// Whether every architecture reports it (the others are an architecture's own).
    pub fn common(self) -> bool {
        COMMON.contains(&self)
    }
}

/// The fields every architecture reports, in the JSON's order.
pub const COMMON: [Field; 11] = [
    Field::PreMean,
    Field::PreVar,
    Field::PostMean,
    Field::PostVar,
    Field::GradVar,
    Field::WeightGradVar,
    Field::WeightVar,
    Field::DeadFrac,
    Field::SaturatedFrac,
    Field::DistinctUnits,
    Field::Corr,
];

/// The theory's fields every run with a theory has, in the JSON's order.
pub const COMMON_THEORY: [Field; 4] = [
    Field::PreVar,
    Field::PostVar,
    Field::PostMean,
    Field::GradVar,
];

/// The y axis of a panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Logarithmic (variances).
    Log,
    /// Linear (a cosine, a fraction).
    Linear,
}

/// Which chart a series is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The variance-by-layer chart (log axis; backward series may go to its gradient panel).
    Variance,
    /// The correlation-between-examples chart (linear axis, with the mean-field correlation map beside it).
    Correlation,
    /// A transformer's attention logit variance (log axis).
    Logits,
    /// A transformer's attention entropy (linear axis, nats, with ln T marked).
    Entropy,
    /// A transformer's token similarity (linear axis, −1 to 1: rank collapse at 1).
    Tokens,
    /// A transformer's FFN weight-gradient norm (log axis).
    WeightGrad,
}

impl Panel {
    /// The panel's y axis.
    pub fn axis(self) -> Axis {
        match self {
            Panel::Variance => Axis::Log,
            Panel::Correlation | Panel::Entropy | Panel::Tokens => Axis::Linear,
            Panel::Logits | Panel::WeightGrad => Axis::Log,
        }
    }
}

/// One per-layer series a chart draws: a field, measured, and its prediction where the run has a theory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Series {
    /// The field.
    pub field: Field,
    /// Its legend text ("Var(h) pre-activation").
    pub label: &'static str,
    /// The short name of its theory curve ("Var(h) theory"), when the theory predicts it.
    pub theory: Option<&'static str>,
    /// The chart it is drawn in.
    pub panel: Panel,
    /// Whether it belongs to the backward pass (hidden with the gradient, or drawn in its own panel).
    pub backward: bool,
    /// Series of one group are drawn measured first, then their theory (the legend's order).
    pub group: u8,
}

/// Var(h), Var(a) and Var(∂L/∂h), and the correlation between examples: what every architecture draws.
pub const COMMON_SERIES: [Series; 4] = [
    Series {
        field: Field::PreVar,
        label: "Var(h) pre-activation",
        theory: Some("Var(h) theory"),
        panel: Panel::Variance,
        backward: false,
        group: 0,
    },
    Series {
        field: Field::PostVar,
        label: "Var(a) post-activation",
        theory: Some("Var(a) theory"),
        panel: Panel::Variance,
        backward: false,
        group: 0,
    },
    Series {
        field: Field::GradVar,
        label: "Var(∂L/∂h) gradient",
        theory: Some("Var(∂L/∂h) theory"),
        panel: Panel::Variance,
        backward: true,
        group: 1,
    },
    Series {
        field: Field::Corr,
        label: "measured",
        theory: None,
        panel: Panel::Correlation,
        backward: false,
        group: 2,
    },
];

/// Whether `series` draw a theory curve for `field` (the correlation map beside `corr`, say).
pub fn predicts(series: &[Series], field: Field) -> bool {
    series
        .iter()
        .any(|s| s.field == field && s.theory.is_some())
}
