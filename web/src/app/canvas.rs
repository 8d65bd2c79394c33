//! [`ChartCanvas`], the one canvas every chart is drawn on: sized from its laid-out box × devicePixelRatio,
//! redrawn whenever what its draw callback reads changes, on every resize and when the colour scheme changes
//! (the charts take it from [`Theme::current`](crate::charts::Theme::current)), and one error policy — a
//! drawing error is shown under the chart and logged once, never dropped.

use super::measured_canvas::MeasuredCanvas;
use crate::charts::palette::DARK_QUERY;
use crate::charts::{Area, DrawResult};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

/// The area a draw callback draws on, in CSS px.
pub type CanvasArea = Area<MeasuredCanvas>;

/// A signal bumped on every window resize, for effects that must redraw.
fn use_resize() -> RwSignal<u32> {
    let tick = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        tick.update(|t| *t = t.wrapping_add(1))
    });
    on_cleanup(move || handle.remove());
    tick
}

thread_local! {
    /// Bumped whenever `prefers-color-scheme` changes: one listener on the media query for the page's life,
    /// shared by every canvas.
    static SCHEME: std::cell::OnceCell<ArcRwSignal<u32>> = const { std::cell::OnceCell::new() };
}

/// A signal bumped whenever the page's colour scheme (light/dark) changes, for effects that must redraw.
fn use_scheme_change() -> ArcRwSignal<u32> {
    SCHEME.with(|cell| {
        cell.get_or_init(|| {
            let tick = ArcRwSignal::new(0u32);
            let bump = tick.clone();
            let media = js_sys::Reflect::get(&window(), &"matchMedia".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call1(&window(), &DARK_QUERY.into()).ok())
                .and_then(|m| m.dyn_into::<web_sys::EventTarget>().ok());
            if let Some(media) = media {
                let on_change = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                    bump.update(|t| *t = t.wrapping_add(1))
                });
                let _ = media
                    .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
                // Kept for the page's life, like the media query list it listens to.
                on_change.forget();
            }
            tick
        })
        .clone()
    })
}

/// Size the canvas's backing store to its CSS box × devicePixelRatio (only when that changed, since
/// resizing clears it) and hand back a drawing area in CSS px, with its width.
fn area_of(canvas: &web_sys::HtmlCanvasElement) -> Result<(CanvasArea, u32), String> {
    let dpr = window().device_pixel_ratio().max(1.0);
    let rect = canvas.get_bounding_client_rect();
    let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("the browser gave no 2D context")?;
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)
        .map_err(|_| "the canvas cannot be scaled")?;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas backend")?;
    let root = MeasuredCanvas::new(backend, ctx)
        .into_drawing_area()
        .shrink((0, 0), (w as u32, h as u32));
    Ok((root, w as u32))
}

/// A chart's canvas. `draw` gets the area and its width in CSS px, and returns `None` while there is
/// nothing to draw (the canvas keeps what it shows). Successful draws are counted in `data-draws`.
#[component]
pub fn ChartCanvas(
    /// Draw the chart; every signal it reads redraws it when it changes.
    draw: impl Fn(&CanvasArea, u32) -> Option<DrawResult<MeasuredCanvas>> + 'static,
    /// The canvas's CSS classes.
    #[prop(into)]
    class: String,
    /// What the chart shows, for screen readers.
    #[prop(into)]
    label: String,
    /// The canvas's id, if any.
    #[prop(optional, into)]
    id: Option<String>,
    /// A handle on the canvas (e.g. for a PNG export).
    #[prop(optional)]
    canvas_ref: Option<NodeRef<Canvas>>,
) -> impl IntoView {
    chart_canvas(Box::new(draw), class, label, id, canvas_ref)
}

/// A chart's drawing function, boxed: every chart shares one copy of [`chart_canvas`].
type Draw = Box<dyn Fn(&CanvasArea, u32) -> Option<DrawResult<MeasuredCanvas>>>;

/// [`ChartCanvas`] without its generic parameter (compiled once for all the page's charts, not once per chart).
fn chart_canvas(
    draw: Draw,
    class: String,
    label: String,
    id: Option<String>,
    canvas_ref: Option<NodeRef<Canvas>>,
) -> AnyView {
    let canvas_ref = canvas_ref.unwrap_or_default();
    let resized = use_resize();
    let scheme = use_scheme_change();
    let drawn = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let name = id.clone().unwrap_or_else(|| class.clone());
    Effect::new(move |_| {
        resized.track();
        scheme.track();
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let outcome = match area_of(&canvas) {
            Ok((root, width)) => match draw(&root, width) {
                None => return,
                Some(r) => r.map_err(|e| e.to_string()),
            },
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                drawn.update(|n| *n += 1);
                if error.with_untracked(Option::is_some) {
                    error.set(None);
                }
            }
            // Once per distinct error: a redraw that fails the same way says nothing new.
            Err(e) if error.with_untracked(|old| old.as_ref() != Some(&e)) => {
                web_sys::console::error_1(&format!("chart {name}: {e}").into());
                error.set(Some(e));
            }
            Err(_) => {}
        }
    });
    view! {
        <canvas
            node_ref=canvas_ref
            id=id
            class=class
            data-draws=move || drawn.get()
            role="img"
            aria-label=label
        ></canvas>
        <Show when=move || error.with(Option::is_some)>
            <p class="chart-error" role="status">
                {move || {
                    format!("This chart could not be drawn: {}", error.get().unwrap_or_default())
                }}
            </p>
        </Show>
    }
    .into_any()
}
