//! Embed mode (`?…&embed=1`): the variance chart, the verdict and the controls the URL lists
//! (`controls=depth,init`), sized for an iframe, with a link back to the full app; and the Lab's
//! "Copy embed code" button that writes the `<iframe>` snippet for the current configuration.

use super::canvas::{CanvasArea, ChartCanvas};
use super::controls::{apply, NumberField};
use super::dom;
use super::lab::{hist_layers, LabState};
use super::panels::{Legend, VerdictBanner};
use super::runner;
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

/// A short human title of a config: "He normal + ReLU, 50 layers".
pub fn config_title(cfg: &Config) -> String {
    format!(
        "{} + {}, {} {}",
        cfg.init.label(),
        cfg.activation.id(),
        cfg.depth,
        cfg.arch.depth_noun()
    )
}

/// Escape text for an HTML attribute value in double quotes.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The `<iframe>` snippet that embeds `cfg`, for a page served at `base` (origin and path, no query).
pub fn embed_snippet(cfg: &Config, base: &str) -> String {
    let query = to_query(cfg);
    let sep = if query.is_empty() { "" } else { "&" };
    let src = format!("{base}?{query}{sep}embed=1");
    format!(
        "<iframe src=\"{}\" width=\"640\" height=\"480\" title=\"{}\" loading=\"lazy\" style=\"border:0\"></iframe>",
        attr(&src),
        attr(&format!("Initscope: {}", config_title(cfg)))
    )
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
        band,
        progress: st.progress,
        busy: st.busy,
    };
    let next_id = StoredValue::new(0u64);
    Effect::new(move |_| {
        let cfg = config.get();
        next_id.update_value(|n| *n += 1);
        runner::submit(
            sinks,
            Simulation {
                id: next_id.get_value(),
                histogram_layers: hist_layers(None, cfg.depth),
                spread_seeds: 0,
                jacobian: false,
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
    let draw = move |root: &CanvasArea, w: u32| {
        view_data.with(|v| {
            v.as_ref()
                .map(|v| draw_variance(root, v, Fonts::for_width(w)))
        })
    };
    let controls = embed_controls(&dom::page_flag("controls").unwrap_or_default());
    let full = move || format!("./?{}#lab", config.with(to_query));
    view! {
        <div class="embed" id="embed">
            <VerdictBanner/>
            <figure class="chart-card embed-chart">
                <figcaption class="sr-only">{move || config.with(config_title)}</figcaption>
                <ChartCanvas draw=draw id="variance-chart" class="chart"
                    label="Variance by layer, log scale; the verdict above says it in words"/>
                <Legend view=view_data/>
            </figure>
            {(!controls.is_empty()).then(|| view! {
                <form class="controls embed-controls" on:submit=|ev| ev.prevent_default()>
                    {controls.into_iter().map(control).collect_view()}
                </form>
            })}
            <p class="embed-open">
                <a id="open-in-initscope" href=full target="_blank" rel="noopener">"Open in Initscope ↗"</a>
            </p>
        </div>
    }
}

/// One Lab field in the embed: a select for a choice, a checkbox for a flag, the Lab's number field otherwise.
fn control(p: Param) -> AnyView {
    let st = expect_context::<LabState>();
    let spec = p.spec();
    match spec.kind {
        Kind::Choice { ids, .. } => view! {
            <div class="field">
                <label for=spec.name title=spec.help>{spec.label}</label>
                <select id=spec.name name=spec.name
                    on:change=move |ev| { let _ = apply(p, &event_target_value(&ev)); }>
                    {ids().into_iter().map(|id| view! {
                        <option value=id selected=move || st.config.with(|c| c.param_text(p) == id)>{id}</option>
                    }).collect_view()}
                </select>
            </div>
        }
        .into_any(),
        Kind::Flag => view! {
            <label class="check">
                <input type="checkbox" id=spec.name name=spec.name
                    prop:checked=move || st.config.with(|c| c.param_text(p) == "true")
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let _ = apply(p, if on { "true" } else { "false" });
                    }/>
                " "{spec.label}
            </label>
        }
        .into_any(),
        Kind::Whole(_) | Kind::Real(_) | Kind::Seed => view! { <NumberField param=p/> }.into_any(),
        Kind::List { .. } => ().into_any(),
    }
}

/// The Lab's "Copy embed code" button: the snippet goes to the clipboard, or into a selected read-only
/// field when the clipboard refuses.
#[component]
pub fn EmbedCode() -> impl IntoView {
    let st = expect_context::<LabState>();
    let copied = RwSignal::new(None::<bool>);
    let snippet = RwSignal::new(String::new());
    let field = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if copied.get() == Some(false) {
            if let Some(f) = field.get() {
                f.select();
            }
        }
    });
    view! {
        <div class="embed-code">
            <button type="button" id="copy-embed" on:click=move |_| {
                let s = st.config.with_untracked(|c| embed_snippet(c, &page_base()));
                snippet.set(s.clone());
                dom::copy_text(&s, move |ok| copied.set(Some(ok)));
            }>"Copy embed code"</button>
            <span class="copy-status" role="status">{move || match copied.get() {
                Some(true) => "Embed code copied.",
                Some(false) => "Could not copy: the code is selected below.",
                None => "",
            }}</span>
            <textarea id="embed-snippet" readonly rows="3" node_ref=field aria-label="Embed code"
                hidden=move || copied.get() != Some(false)
                prop:value=move || snippet.get()></textarea>
        </div>
    }
}
