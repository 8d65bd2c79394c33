//! The Lab's charts, each on a [`ChartCanvas`]: variance by layer (with its PNG and CSV exports) and the
//! activation histograms.

use super::names::export_name;
use super::state::{default_hist_layers, hist_layers, Export, LabState};
use crate::app::canvas::{CanvasArea, ChartCanvas};
use crate::app::dom;
use crate::charts::histogram::draw_histograms;
use crate::charts::variance::{draw_variance, VarianceView};
use crate::charts::Fonts;
use initscope::engine::mean_field;
use initscope::engine::series::Field;
use initscope::report;
use leptos::html::Canvas;
use leptos::prelude::*;

/// The variance-by-layer chart, with its export buttons.
#[component]
pub fn VarianceChart(
    /// What to draw.
    view: Memo<Option<VarianceView>>,
) -> impl IntoView {
    let st = expect_context::<LabState>();
    let canvas_ref = NodeRef::<Canvas>::new();
    let draw = move |root: &CanvasArea, w: u32| {
        let fonts = if st.presenting {
            Fonts::projected()
        } else {
            Fonts::for_width(w)
        };
        view.with(|v| v.as_ref().map(|v| draw_variance(root, v, fonts)))
    };
    let export_png = move |_| {
        if let Some(c) = canvas_ref.get_untracked() {
            if let Ok(url) = c.to_data_url() {
                let name = st
                    .config
                    .with_untracked(|c| export_name(c, "variance", "png"));
                dom::download_href(&url, &name);
            }
        }
    };
    // The exports hold Var(∂L/∂W), which the Lab computes only on demand: without it, ask for a run that has
    // it (of the current setting) and download when it arrives. `exportable`: the shown run, when it is such
    // a run.
    let exportable = move |r: &Option<super::state::Run>| {
        r.as_ref()
            .filter(|r| {
                r.result.weight_grads && st.config.with_untracked(|c| r.result.config == *c)
            })
            .map(|r| r.result.clone())
    };
    let export = move |kind: Export| match st.run.with_untracked(exportable) {
        Some(result) => download(kind, &result),
        None if st.pending_export.get_untracked() != Some(kind) => {
            st.pending_export.set(Some(kind))
        }
        None => {}
    };
    Effect::new(move |_| {
        st.run.track();
        let Some(kind) = st.pending_export.get_untracked() else {
            return;
        };
        if let Some(result) = st.run.with_untracked(exportable) {
            st.pending_export.set(None);
            download(kind, &result);
        }
    });
    let preparing = move || st.pending_export.get().is_some();
    view! {
        <ChartCanvas
            draw=draw
            canvas_ref=canvas_ref
            id="variance-chart"
            class="chart"
            label="Variance by layer, log scale; see the verdict and the table for the numbers"
        />
        <div class="button-row export">
            <button type="button" id="export-png" on:click=export_png>
                "Download chart (PNG)"
            </button>
            <button
                type="button"
                id="export-csv"
                on:click=move |_| export(Export::Csv)
                aria-busy=move || preparing().to_string()
            >
                "Download table (CSV)"
            </button>
            <button
                type="button"
                id="export-json"
                on:click=move |_| export(Export::Json)
                aria-busy=move || preparing().to_string()
            >
                "Download run (JSON)"
            </button>
        </div>
    }
}

/// Download a run as the CLI writes it, with the mean-field correlation map the chart draws (computed here
/// if the page's slices have not finished it).
fn download(kind: Export, result: &initscope::engine::SimResult) {
    let st = expect_context::<LabState>();
    let drawn = st.mean_field.with_untracked(|m| {
        m.as_ref()
            .filter(|m| {
                m.done
                    && st.run.with_untracked(|r| {
                        r.as_ref()
                            .is_some_and(|r| r.id == m.id && r.result.config == result.config)
                    })
            })
            .map(|m| m.curve.clone())
    });
    let corr = result
        .theory
        .as_ref()
        .and_then(|_| drawn.or_else(|| mean_field::curve(&result.config)));
    let corr = corr.as_deref();
    match kind {
        Export::Csv => dom::download_text(
            &report::to_csv(result, corr),
            &export_name(&result.config, "layers", "csv"),
            "text/csv",
        ),
        Export::Json => dom::download_text(
            &report::to_json(result, corr),
            &export_name(&result.config, "run", "json"),
            "application/json",
        ),
    }
}

/// Histograms of the activations at three selectable layers.
#[component]
pub fn HistogramChart() -> impl IntoView {
    let st = expect_context::<LabState>();
    let draw = move |root: &CanvasArea, w: u32| {
        st.with_result(|r| draw_histograms(root, &r.histograms, Fonts::for_width(w / 2)))
    };
    let depth = move || st.config.with(|c| c.depth);
    // The chosen layers a run could not histogram (at or past an overflow), named rather than left out.
    let missing = move || {
        st.with_result(|r| {
            let shown: Vec<usize> = r.histograms.iter().map(|h| h.layer).collect();
            let lost: Vec<String> = hist_layers(st.hist_choice.get(), r.config.depth)
                .into_iter()
                .filter(|l| !shown.contains(l))
                .map(|l| l.to_string())
                .collect();
            let k = r.overflow_layer.filter(|_| !lost.is_empty())?;
            Some(format!(
                "No histogram for layer {}: the signal overflowed f32 at layer {k}, so there are no values to bin.",
                lost.join(" and ")
            ))
        })
        .flatten()
    };
    let picker = move |slot: usize| {
        let id = format!("hist-layer-{}", slot + 1);
        view! {
            <label for=id.clone()>{["left", "middle", "right"][slot]}</label>
            <input
                type="number"
                id=id
                min="1"
                max=move || depth().to_string()
                step="1"
                prop:value=move || {
                    st.hist_choice
                        .get()
                        .unwrap_or(default_hist_layers(depth()))[slot]
                        .min(depth())
                        .to_string()
                }
                on:change=move |ev| {
                    if let Ok(l) = event_target_value(&ev).trim().parse::<usize>() {
                        let mut cur = st
                            .hist_choice
                            .get_untracked()
                            .unwrap_or(default_hist_layers(depth()));
                        cur[slot] = l.clamp(1, depth());
                        st.hist_choice.set(Some(cur));
                    }
                }
            />
        }
    };
    // A step's output: the activations a = φ(h) of a plain stack, the residual stream of a residual net or a
    // transformer.
    let unit = move || st.config.with(|c| c.arch.unit());
    let stream = move || {
        st.config
            .with(|c| c.arch.model().signal().forward == Field::StreamVar)
    };
    let hint = move || {
        if stream() {
            "Where the residual stream's values pile up after each block (post-LN keeps them near N(0, 1))."
        } else {
            "Where the values of a = φ(h) pile up: at ±1 when tanh saturates, on 0 when the signal vanishes."
        }
    };
    view! {
        <section class="card histograms" aria-labelledby="hist-title">
            <h2 id="hist-title">
                {move || {
                    let what = if stream() { "The residual stream" } else { "Activations" };
                    format!("{what} at three {}s", unit())
                }}
            </h2>
            <p class="hint">{hint}</p>
            <ChartCanvas
                draw=draw
                id="histogram-chart"
                class="chart small"
                label="Histograms of the post-activations at the chosen layers"
            />
            <p class="hint" id="hist-missing">
                {missing}
            </p>
            <div class="hist-pickers">
                {picker(0)}{picker(1)}{picker(2)}
                <button type="button" class="link" on:click=move |_| st.hist_choice.set(None)>
                    "first · middle · last"
                </button>
            </div>
        </section>
    }
}
