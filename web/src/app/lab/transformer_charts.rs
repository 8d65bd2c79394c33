//! The Lab's transformer panels: the attention logits' variance and the attention entropy by block (ln T
//! marked), the similarity between tokens (rank collapse), ‖∂L/∂W₂‖ by block (pre- vs post-LN), and the
//! attention heat map of a chosen block and head for the first sequence.

use super::legend::swatch;
use super::state::LabState;
use crate::app::canvas::{CanvasArea, ChartCanvas};
use crate::charts::attention::{draw_attention, AttentionView};
use crate::charts::palette::{css, Dash, BLUE, VERMILLION};
use crate::charts::per_block::{draw_per_block, Curve, PerBlockView};
use crate::charts::Fonts;
use initscope::engine::series::{Field, Panel};
use initscope::engine::transformer::shape::uniform_entropy;
use initscope::engine::SimResult;
use leptos::prelude::*;

/// The theory's curve of `field` where the run's theory predicts it, then the measured one (drawn on top).
fn curves(r: &SimResult, field: Field) -> Vec<Curve> {
    let mut out = Vec::new();
    if let Some(t) = &r.theory {
        let values: Vec<f64> = t.layers.iter().filter_map(|l| field.predicted(l)).collect();
        if values.iter().any(|v| v.is_finite()) {
            out.push(Curve {
                values,
                color: VERMILLION,
                dash: Dash::Dashed,
            });
        }
    }
    out.push(Curve {
        values: r.layers.iter().map(|l| field.value(l)).collect(),
        color: BLUE,
        dash: Dash::Solid,
    });
    out
}

/// What the panel of `field` draws for a run.
fn panel_view(r: &SimResult, panel: Panel, field: Field) -> PerBlockView {
    let reference = match panel {
        Panel::Entropy => {
            let label = if r.config.causal {
                "uniform (causal)"
            } else {
                "ln T: uniform"
            };
            Some((uniform_entropy(&r.config), label.to_string()))
        }
        Panel::Tokens => Some((1.0, "1: collapse".to_string())),
        _ => None,
    };
    PerBlockView {
        depth: r.layers.len(),
        axis: panel.axis(),
        x_desc: "block",
        y_desc: match panel {
            Panel::Logits => "Var(τ·q·k)",
            Panel::Entropy => "entropy (nats)",
            Panel::Tokens => "mean cosine",
            _ => "‖∂L/∂W₂‖",
        },
        curves: curves(r, field),
        reference,
    }
}

/// One per-block chart of the current run.
#[component]
fn PerBlock(
    /// The panel (its axis).
    panel: Panel,
    /// The field it draws.
    field: Field,
    /// The canvas id.
    id: &'static str,
    /// The canvas' accessible label.
    label: &'static str,
) -> impl IntoView {
    let st = expect_context::<LabState>();
    let data = Memo::new(move |_| st.with_result(|r| panel_view(r, panel, field)));
    let draw = move |root: &CanvasArea, w: u32| {
        data.with(|v| {
            v.as_ref()
                .map(|v| draw_per_block(root, v, Fonts::for_width(w)))
        })
    };
    view! { <ChartCanvas draw=draw id=id class="chart small" label=label /> }
}

/// Measured and theory, as the per-block charts draw them.
fn legend(theory: &'static str) -> impl IntoView {
    view! {
        <ul class="legend" aria-label="Legend">
            <li>{swatch(css(BLUE), Dash::Solid, None)}<span>"measured"</span></li>
            <li>{swatch(css(VERMILLION), Dash::Dashed, None)}<span>{theory}</span></li>
        </ul>
    }
}

/// Every transformer panel.
#[component]
pub fn TransformerCharts() -> impl IntoView {
    view! {
        <section class="card attention" aria-labelledby="attention-title">
            <h2 id="attention-title">"Attention logits and entropy"</h2>
            <p class="hint">
                "Var(τ·q·k) by block, and the rows' entropy: ln T is uniform attention, 0 all weight on one token."
            </p>
            <div class="chart-pair">
                <PerBlock
                    panel=Panel::Logits
                    field=Field::LogitVar
                    id="logit-chart"
                    label="Variance of the attention logits by block, log scale, measured and theory"
                />
                <PerBlock
                    panel=Panel::Entropy
                    field=Field::AttnEntropy
                    id="entropy-chart"
                    label="Mean entropy of the attention rows by block, with ln T for uniform attention"
                />
            </div>
            {legend("theory")}
        </section>
        <section class="card tokens" aria-labelledby="tokens-title">
            <h2 id="tokens-title">"Token similarity (rank collapse)"</h2>
            <p class="hint">"Mean cosine between a sequence's tokens: 1 is rank collapse."</p>
            <PerBlock
                panel=Panel::Tokens
                field=Field::TokenCorr
                id="token-chart"
                label="Mean cosine similarity between tokens by block"
            />
        </section>
        <section class="card ffn-grad" aria-labelledby="ffn-grad-title">
            <h2 id="ffn-grad-title">"FFN weight gradient ‖∂L/∂W₂‖"</h2>
            <p class="hint">
                "Each block's last FFN matrix: post-LN's are larger near the output (Xiong et al. 2020)."
            </p>
            <PerBlock
                panel=Panel::WeightGrad
                field=Field::FfnGradNorm
                id="ffn-grad-chart"
                label="Frobenius norm of the gradient of each block's W_2, log scale"
            />
        </section>
        <AttentionMapCard />
    }
}

/// The heat map of one block and head for sequence 1, with pickers for both.
#[component]
fn AttentionMapCard() -> impl IntoView {
    let st = expect_context::<LabState>();
    // The blocks the run kept maps of, and each one's heads.
    let kept = Memo::new(move |_| {
        st.with_result(|r| {
            r.attention
                .iter()
                .map(|m| (m.block, m.heads))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let block = RwSignal::new(None::<usize>);
    let head = RwSignal::new(0usize);
    // The chosen block when the run kept it, else its last.
    let shown_block = move || {
        kept.with(|k| {
            let chosen = block.get().filter(|b| k.iter().any(|(kb, _)| kb == b));
            chosen.or(k.last().map(|(b, _)| *b))
        })
    };
    let heads = move || {
        kept.with(|k| {
            k.iter()
                .find(|(b, _)| Some(*b) == shown_block())
                .map_or(0, |(_, h)| *h)
        })
    };
    let data = Memo::new(move |_| {
        let (b, h) = (shown_block()?, head.get().min(heads().saturating_sub(1)));
        st.run.with_untracked(|r| {
            let r = &r.as_ref()?.result;
            let m = r.attention.iter().find(|m| m.block == b)?;
            Some(AttentionView {
                tokens: m.tokens,
                weights: m.head(h).to_vec(),
                causal: r.config.causal,
            })
        })
    });
    let draw = move |root: &CanvasArea, w: u32| {
        data.with(|v| {
            v.as_ref()
                .map(|v| draw_attention(root, v, Fonts::for_width(w)))
        })
    };
    view! {
        <section class="card attention-map" aria-labelledby="attention-map-title">
            <h2 id="attention-map-title">"Attention weights"</h2>
            <p class="hint">
                "Query i's weights over the keys j, first sequence: even colour is uniform, one bright cell per row is collapse."
            </p>
            <div class="button-row map-pickers">
                <label for="attn-block">"block"</label>
                <select
                    id="attn-block"
                    on:change=move |ev| block.set(event_target_value(&ev).parse().ok())
                >
                    {move || {
                        kept.get()
                            .into_iter()
                            .map(|(b, _)| {
                                view! {
                                    <option
                                        value=b.to_string()
                                        selected=move || shown_block() == Some(b)
                                    >
                                        {b.to_string()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <label for="attn-head">"head"</label>
                <select
                    id="attn-head"
                    on:change=move |ev| {
                        head.set(
                            event_target_value(&ev)
                                .parse::<usize>()
                                .map_or(0, |h| h.saturating_sub(1)),
                        )
                    }
                >
                    {move || {
                        (1..=heads())
                            .map(|h| {
                                view! {
                                    <option
                                        value=h.to_string()
                                        selected=move || head.get() + 1 == h
                                    >
                                        {h.to_string()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <ChartCanvas
                draw=draw
                id="attention-map"
                class="chart square"
                label="Attention weights of the chosen block and head for the first sequence, log colour scale"
            />
        </section>
    }
}
