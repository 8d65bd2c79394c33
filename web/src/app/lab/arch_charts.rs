//! The Lab's charts about what the layers do to the inputs as a whole: the correlation between examples by
//! layer (measured, and the mean-field map beside it), and the input–output Jacobian's singular values.

use super::legend::swatch;
use super::state::LabState;
use crate::app::canvas::{CanvasArea, ChartCanvas};
use crate::charts::correlation::{draw_correlation, CorrelationView};
use crate::charts::palette::{css, Dash, BLUE, VERMILLION};
use crate::charts::spectrum::{below_floor, decades, draw_spectrum};
use crate::charts::Fonts;
use initscope::engine::mean_field;
use initscope::engine::simulation::jacobian_unavailable;
use initscope::engine::Config;
use leptos::prelude::*;

/// Most multiply-adds (input width × width² × depth) the Lab spends on a Jacobian without being asked twice:
/// width 256 over 64 layers.
pub const JACOBIAN_BUDGET: f64 = 256.0 * 256.0 * 256.0 * 64.0;

/// Why the Lab does not compute this config's Jacobian, or `None` when it does.
pub fn jacobian_skipped(cfg: &Config) -> Option<String> {
    if let Some(why) = jacobian_unavailable(cfg) {
        return Some(format!("Not available here: {why}."));
    }
    let cost = cfg.arch.model().jacobian_cost(cfg);
    (cost > JACOBIAN_BUDGET).then(|| {
        format!(
            "Not computed at width {} over {} layers: it costs {:.0}× what the Lab spends on it (a dense stack's \
             input width × width² × depth operations). Lower the width or the depth to see it (the CLI's \
             --jacobian computes it at any size).",
            cfg.width,
            cfg.depth,
            cost / JACOBIAN_BUDGET
        )
    })
}

/// The correlation chart, with its legend and a note on the theory.
#[component]
pub fn CorrelationChart() -> impl IntoView {
    let st = expect_context::<LabState>();
    let view_data = Memo::new(move |_| {
        st.run.with(|r| {
            r.as_ref().map(|r| CorrelationView {
                depth: r.result.layers.len(),
                measured: r.result.layers.iter().map(|l| l.corr).collect(),
                theory: st
                    .mean_field
                    .with(|m| m.as_ref().filter(|m| m.id == r.id).map(|m| m.curve.clone())),
            })
        })
    });
    let draw = move |root: &CanvasArea, w: u32| {
        view_data.with(|v| {
            v.as_ref()
                .map(|v| draw_correlation(root, v, Fonts::for_width(w)))
        })
    };
    let why_not = move || {
        st.with_result(|r| mean_field::unavailable(&r.config))
            .flatten()
    };
    let computing = move || st.mean_field.with(|m| m.as_ref().is_some_and(|m| !m.done));
    view! {
        <section class="card correlation" aria-labelledby="corr-title">
            <h2 id="corr-title">"Correlation between examples"</h2>
            <p class="hint">
                "Mean cosine similarity between the examples at the input of φ. Towards 1 the network maps different inputs to the same point; a chaotic network keeps them apart."
            </p>
            <ChartCanvas
                draw=draw
                id="correlation-chart"
                class="chart small"
                label="Mean cosine similarity between examples by layer, measured and mean-field theory"
            />
            <ul class="legend" aria-label="Legend of the correlation chart">
                <li>{swatch(css(BLUE), Dash::Solid, None)}<span>"measured"</span></li>
                <Show when=move || why_not().is_none()>
                    <li>
                        {swatch(css(VERMILLION), Dash::Dashed, None)}
                        <span>"mean-field correlation map (c₀ = 0)"</span>
                    </li>
                </Show>
            </ul>
            <p class="hint" id="corr-theory-note">
                {move || match why_not() {
                    Some(why) => format!("Measured only: {why}."),
                    None if computing() => "Computing the mean-field map…".to_string(),
                    None => String::new(),
                }}
            </p>
        </section>
    }
}

/// The Jacobian spectrum chart, or why it is not shown.
#[component]
pub fn JacobianChart() -> impl IntoView {
    let st = expect_context::<LabState>();
    let sv = Memo::new(move |_| {
        st.with_result(|r| r.jacobian.as_ref().map(|j| j.singular_values.clone()))
            .flatten()
    });
    let draw = move |root: &CanvasArea, w: u32| {
        sv.with(|v| {
            v.as_ref()
                .map(|v| draw_spectrum(root, v, Fonts::for_width(w)))
        })
    };
    let skipped = move || st.with_result(|r| jacobian_skipped(&r.config)).flatten();
    let summary = move || {
        sv.with(|v| {
            v.as_ref().map(|v| {
                let spread = decades(v).map_or("—".into(), |d| format!("{d:.1}"));
                // Dynamical isometry: every one of them near 1 (here: within a factor 2).
                let isometric = !v.is_empty() && v.iter().all(|s| (0.5..=2.0).contains(s));
                let verdict = if isometric {
                    "all within a factor 2 of 1: dynamical isometry"
                } else {
                    "not dynamical isometry, which would keep every one near 1"
                };
                let lost = below_floor(v);
                let floor = if lost == 0 {
                    String::new()
                } else {
                    format!(
                        " {lost} of them lie below f64's resolution (n·2.2·10⁻¹⁶ of the largest, dashed): \
                         there they are rounding, not the network."
                    )
                };
                format!(
                    "{} singular values; they span {spread} decades ({verdict}).{floor}",
                    v.len()
                )
            })
        })
    };
    view! {
        <section class="card jacobian" aria-labelledby="jacobian-title">
            <h2 id="jacobian-title">"Jacobian spectrum"</h2>
            <p class="hint">
                "Singular values of ∂a_L/∂x for one example, largest first. Orthogonal weights with a linear activation keep every one at 1; Xavier-normal spreads them over decades."
            </p>
            <label class="check">
                <input
                    type="checkbox"
                    id="jacobian-toggle"
                    prop:checked=move || st.jacobian.get()
                    on:change=move |ev| st.jacobian.set(event_target_checked(&ev))
                />
                " Compute it"
            </label>
            <Show
                when=move || st.jacobian.get() && sv.with(Option::is_some)
                fallback=move || {
                    view! {
                        <p class="hint" id="jacobian-note">
                            {move || match (skipped(), st.jacobian.get()) {
                                (Some(why), _) => why,
                                (None, true) => "Computing…".into(),
                                (None, false) => {
                                    "Switched off: tick “Compute it” (at width 256 it costs about as much \
                                          again as the run)."
                                        .into()
                                }
                            }}
                        </p>
                    }
                }
            >
                <ChartCanvas
                    draw=draw
                    id="jacobian-chart"
                    class="chart small"
                    label="Singular values of the input–output Jacobian, log scale"
                />
                <p class="hint" id="jacobian-summary">
                    {summary}
                </p>
            </Show>
        </section>
    }
}
