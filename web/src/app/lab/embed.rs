//! Embed mode (`?…&embed=1`): the variance chart, the verdict and the controls the URL lists
//! (`controls=depth,init`), sized for an iframe (640×480 shows all of it), with a link back to the full app;
//! and the Lab's "Copy embed code" button that writes the `<iframe>` snippet for the current configuration.
//!
//! An embed only changes in ways its host chose: the verdict's "Apply" fix is offered only when
//! `controls=` lists every parameter it changes ([`may_apply`]); otherwise the fix is named beside
//! "Open in Initscope", which opens the full app on the same configuration.

use super::fields::param_field;
use super::legend::Legend;
use super::panels::{Notices, VerdictBanner};
use super::runner;
use super::snippet::{config_title, embed_snippet};
use super::state::{hist_layers, LabState};
use crate::app::canvas::{CanvasArea, ChartCanvas};
use crate::app::dom;
use crate::charts::variance::{draw_variance, GradientView, VarianceView};
use crate::charts::Fonts;
use initscope::engine::Config;
use initscope::protocol::Simulation;
use initscope::state::{to_query, Kind, Param};
use leptos::prelude::*;

/// Whether the page was opened as an embed (`embed=1`).
pub fn is_embed() -> bool {
    dom::page_flag("embed").is_some_and(|v| v == "1" || v == "true")
}

/// The Lab fields the embed shows (`controls=depth,init`), in the given order; unknown names are skipped.
pub fn embed_controls(list: &str) -> Vec<Param> {
    let mut out = Vec::new();
    for p in list.split(',').filter_map(|n| Param::from_name(n.trim())) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// The parameters the verdict's fix ([`Config::apply_recommendation`]) would change in `cfg`.
pub fn fix_changes(cfg: &Config) -> Vec<Param> {
    let mut fixed = cfg.clone();
    fixed.apply_recommendation();
    Param::ALL
        .into_iter()
        // The values as set (None = the default in force), so a gain left at its default stays unchanged.
        .filter(|&p| fixed.param_value(p) != cfg.param_value(p))
        .collect()
}

/// Whether an embed showing `controls` may apply the fix itself: only if the host listed every parameter
/// the fix changes.
pub fn may_apply(cfg: &Config, controls: &[Param]) -> bool {
    let changes = fix_changes(cfg);
    !changes.is_empty() && changes.iter().all(|p| controls.contains(p))
}

/// The page's origin and path, without query or fragment.
fn page_base() -> String {
    let loc = window().location();
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_else(|_| "/".into())
    )
}

/// The embedded view: verdict, chart, the chosen controls and "Open in Initscope".
#[component]
pub fn Embed() -> impl IntoView {
    let st = expect_context::<LabState>();
    let config = st.config;
    let band = RwSignal::new(None::<runner::Band>);
    let sinks = runner::Sinks {
        run: st.run,
        partial: st.partial,
        band,
        progress: st.progress,
        busy: st.busy,
    };
    Effect::new(move |_| {
        let cfg = config.get();
        runner::submit(
            sinks,
            Simulation {
                // The runner gives each request its id.
                id: 0,
                histogram_layers: hist_layers(None, cfg.depth),
                spread_seeds: 0,
                jacobian: false,
                progressive: true,
                // The embed shows the chart and the verdict, not the table.
                weight_grads: false,
                config: cfg,
            },
        );
    });
    Effect::new(move |_| dom::replace_query(&config.with(to_query)));
    let view_data = Memo::new(move |_| {
        st.run.with(|r| {
            r.as_ref()
                .map(|r| VarianceView::build(&r.result, GradientView::SameAxes, None, &[]))
        })
    });
    // The chart takes the height the verdict, the legend and the link leave it (CSS), which changes with
    // them: redraw when its box does, not only when the window is resized.
    let chart_box = NodeRef::<leptos::html::Figure>::new();
    let resized = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(el) = chart_box.get() {
            observe_size(&el, resized);
        }
    });
    let draw = move |root: &CanvasArea, w: u32| {
        resized.track();
        view_data.with(|v| {
            v.as_ref()
                .map(|v| draw_variance(root, v, Fonts::for_width(w)))
        })
    };
    let controls = embed_controls(&dom::page_flag("controls").unwrap_or_default());
    let full = move || format!("./?{}#lab", config.with(to_query));
    let listed = StoredValue::new(controls.clone());
    let can_apply = move || config.with(|c| listed.with_value(|l| may_apply(c, l)));
    // The fix the verdict names, when the config does not follow it yet.
    let fix = move || {
        let rec = st.with_result(|r| r.verdict.recommended)?;
        config.with(|c| {
            (!rec.is_satisfied_by(&c.init_spec(), c.width))
                .then(|| rec.action(c.init, c.gain, c.keras))
        })
    };
    let named_fix = move || fix().filter(|_| !can_apply());
    view! {
        <div class="embed" id="embed" class:can-apply=can_apply>
            // A host's link with a bad setting says so here too, as the Lab does.
            <Notices />
            <VerdictBanner />
            <figure class="chart-card embed-chart" node_ref=chart_box>
                // What the chart is of, for every reader (the verdict does not say it).
                <figcaption class="embed-title" id="embed-title">
                    {move || config.with(config_title)}
                </figcaption>
                <ChartCanvas
                    draw=draw
                    id="variance-chart"
                    class="chart"
                    label="Variance by layer, log scale; the verdict above says it in words"
                />
                <Legend view=view_data />
            </figure>
            {(!controls.is_empty())
                .then(|| {
                    view! {
                        <form class="controls embed-controls" on:submit=|ev| ev.prevent_default()>
                            {controls.into_iter().map(control).collect_view()}
                        </form>
                    }
                })}
            <p class="embed-open">
                {move || {
                    named_fix()
                        .map(|a| {
                            view! {
                                <span class="embed-fix" id="embed-fix">
                                    "Fix: “"
                                    {a}
                                    "” in the full app →"
                                </span>
                            }
                        })
                }} <a id="open-in-initscope" href=full target="_blank" rel="noopener">
                    "Open in Initscope ↗"
                </a>
            </p>
        </div>
    }
}

/// Bump `tick` whenever `el`'s box changes size (a `ResizeObserver`, looked up at run time: where there is
/// none, the canvas still redraws on window resizes). Kept for the page's life, as the embed is.
fn observe_size(el: &web_sys::Element, tick: RwSignal<u32>) {
    use wasm_bindgen::JsCast;
    let Some(ctor) = js_sys::Reflect::get(&window(), &"ResizeObserver".into())
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let on_resize = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        let _ = tick.try_update(|t| *t = t.wrapping_add(1));
    });
    let observer = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(on_resize.as_ref()));
    if let Ok(observer) = observer {
        let observe = js_sys::Reflect::get(&observer, &"observe".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(observe) = observe {
            let _ = observe.call1(&observer, el);
        }
    }
    on_resize.forget();
}

/// One Lab field in the embed ([`param_field`]); a select gets the Lab's field layout.
fn control(p: Param) -> AnyView {
    match p.spec().kind {
        Kind::Choice { .. } => view! { <div class="field">{param_field(p)}</div> }.into_any(),
        _ => param_field(p),
    }
}

/// Whether the page may write to the clipboard: `navigator.clipboard` exists (it does not on a plain-http
/// page, nor in some embedded browsers — calling it then would throw).
fn clipboard_available() -> bool {
    js_sys::Reflect::get(&window().navigator(), &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null())
}

/// The Lab's "Copy embed code" button: the snippet goes to the clipboard, or — when there is no clipboard
/// or it refuses — into a read-only field, selected, with a hint to press Ctrl+C.
#[component]
pub fn EmbedCode() -> impl IntoView {
    let st = expect_context::<LabState>();
    let copied = RwSignal::new(None::<bool>);
    let snippet = RwSignal::new(String::new());
    let field = NodeRef::<leptos::html::Textarea>::new();
    // Selected once the field shows the snippet (after this update's DOM changes, hence the timeout).
    Effect::new(move |_| {
        if copied.get() == Some(false) {
            if let Some(f) = field.get() {
                let text = snippet.get_untracked();
                set_timeout(
                    move || {
                        f.set_value(&text);
                        let _ = f.focus();
                        f.select();
                    },
                    std::time::Duration::ZERO,
                );
            }
        }
    });
    view! {
        <div class="embed-code">
            <button
                type="button"
                id="copy-embed"
                on:click=move |_| {
                    let s = st.config.with_untracked(|c| embed_snippet(c, &page_base()));
                    snippet.set(s.clone());
                    copied.set(None);
                    if clipboard_available() {
                        dom::copy_text(&s, move |ok| copied.set(Some(ok)));
                    } else {
                        copied.set(Some(false));
                    }
                }
            >
                "Copy embed code"
            </button>
            <span class="copy-status" id="copy-status" role="status">
                {move || match copied.get() {
                    Some(true) => "Embed code copied.",
                    Some(false) => {
                        "This page may not use the clipboard: the code is selected below — press Ctrl+C (⌘C on a Mac) to copy it."
                    }
                    None => "",
                }}
            </span>
            <textarea
                id="embed-snippet"
                readonly
                rows="3"
                node_ref=field
                aria-label="Embed code"
                hidden=move || copied.get() != Some(false)
                prop:value=move || snippet.get()
            ></textarea>
        </div>
    }
}
