//! The canvases: sized from their laid-out box and devicePixelRatio, drawn inside effects from the
//! simulation memo, redrawn on resize. Exports: the chart as PNG, the table as CSV.

use super::dom;
use super::lab::{default_hist_layers, LabState};
use crate::charts::histogram::draw_histograms;
use crate::charts::variance::{draw_variance, VarianceView};
use crate::charts::Fonts;
use initscope::report;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

/// The variance chart's "nothing to draw yet" marker.
const NO_RUN: &str = "no run yet";

/// A signal bumped on every window resize, for effects that must redraw.
fn use_resize() -> RwSignal<u32> {
    let tick = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        tick.update(|t| *t = t.wrapping_add(1))
    });
    on_cleanup(move || handle.remove());
    tick
}

/// Size the canvas's backing store to its CSS box × devicePixelRatio and hand back a drawing area in CSS px.
fn with_area(
    canvas: &web_sys::HtmlCanvasElement,
    draw: impl FnOnce(&DrawingArea<CanvasBackend, plotters::coord::Shift>, u32) -> Result<(), String>,
) -> Result<(), String> {
    let dpr = window().device_pixel_ratio().max(1.0);
    let rect = canvas.get_bounding_client_rect();
    let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
    canvas.set_width((w * dpr).round() as u32);
    canvas.set_height((h * dpr).round() as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("no 2d context")?;
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)
        .map_err(|_| "transform")?;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas backend")?;
    let root = backend
        .into_drawing_area()
        .shrink((0, 0), (w as u32, h as u32));
    draw(&root, w as u32)
}

/// The variance-by-layer chart, with its export buttons.
#[component]
pub fn VarianceChart(
    /// What to draw.
    view: Memo<Option<VarianceView>>,
) -> impl IntoView {
    let st = expect_context::<LabState>();
    let canvas_ref = NodeRef::<Canvas>::new();
    let resized = use_resize();
    let drawn = RwSignal::new(0u32);
    Effect::new(move |_| {
        resized.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let res = view.with(|v| match v {
            Some(v) => with_area(&canvas, |root, w| {
                let fonts = if st.presenting {
                    Fonts::projected()
                } else {
                    Fonts::for_width(w)
                };
                draw_variance(root, v, fonts).map_err(|e| e.to_string())
            }),
            None => Err(NO_RUN.into()),
        });
        match res {
            Ok(()) => drawn.update(|n| *n += 1),
            Err(e) if e == NO_RUN => {}
            Err(e) => web_sys::console::error_1(&format!("variance chart: {e}").into()),
        }
    });
    let export_png = move |_| {
        if let Some(c) = canvas_ref.get_untracked() {
            if let Ok(url) = c.to_data_url() {
                dom::download_href(&url, "initscope-variance.png");
            }
        }
    };
    let export_csv = move |_| {
        if let Some(csv) = st
            .run
            .with_untracked(|r| r.as_ref().map(|r| report::to_csv(&r.result)))
        {
            dom::download_text(&csv, "initscope-layers.csv", "text/csv");
        }
    };
    view! {
        <canvas node_ref=canvas_ref id="variance-chart" class="chart" data-draws=move || drawn.get()
            role="img" aria-label="Variance by layer, log scale; see the verdict and the table for the numbers"></canvas>
        <div class="button-row export">
            <button type="button" id="export-png" on:click=export_png>"Download chart (PNG)"</button>
            <button type="button" id="export-csv" on:click=export_csv>"Download table (CSV)"</button>
        </div>
    }
}

/// Histograms of the activations at three selectable layers.
#[component]
pub fn HistogramChart() -> impl IntoView {
    let st = expect_context::<LabState>();
    let canvas_ref = NodeRef::<Canvas>::new();
    let resized = use_resize();
    Effect::new(move |_| {
        resized.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let res = st.with_result(|r| {
            with_area(&canvas, |root, w| {
                draw_histograms(root, &r.histograms, Fonts::for_width(w / 2))
                    .map_err(|e| e.to_string())
            })
        });
        if let Some(Err(e)) = res {
            web_sys::console::error_1(&format!("histograms: {e}").into());
        }
    });
    let depth = move || st.config.with(|c| c.depth);
    let picker = move |slot: usize| {
        let id = format!("hist-layer-{}", slot + 1);
        view! {
            <label for=id.clone()>{["left", "middle", "right"][slot]}</label>
            <input type="number" id=id min="1" max=move || depth().to_string() step="1"
                prop:value=move || st.hist_choice.get().unwrap_or(default_hist_layers(depth()))[slot].min(depth()).to_string()
                on:change=move |ev| {
                    if let Ok(l) = event_target_value(&ev).trim().parse::<usize>() {
                        let mut cur = st.hist_choice.get_untracked().unwrap_or(default_hist_layers(depth()));
                        cur[slot] = l.clamp(1, depth());
                        st.hist_choice.set(Some(cur));
                    }
                }/>
        }
    };
    view! {
        <section class="card histograms" aria-labelledby="hist-title">
            <h2 id="hist-title">"Activations at three layers"</h2>
            <p class="hint">"Where the values of a = φ(h) pile up: at ±1 when tanh saturates, on 0 when the signal vanishes."</p>
            <canvas node_ref=canvas_ref id="histogram-chart" class="chart small" role="img"
                aria-label="Histograms of the post-activations at the chosen layers"></canvas>
            <div class="hist-pickers">
                {picker(0)}{picker(1)}{picker(2)}
                <button type="button" class="link" on:click=move |_| st.hist_choice.set(None)>"first · middle · last"</button>
            </div>
        </section>
    }
}
