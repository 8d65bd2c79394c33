//! The Phase view (`#phase`): the mean-field phase diagram of the Lab's activation (Poole et al. 2016;
//! Schoenholz et al. 2017) — ξ_c or χ₁ over (σ_w², σ_b²), the critical line, the named initializers — with
//! the Lab's configuration as a marker. The settings that place the Lab on the map sit beside it, on the Lab's
//! config (read from and written to the URL, as the Lab does): change them and the marker moves; pick a point
//! and the Lab's gain (or scale) and bias std move there.

mod fill;
mod map;
mod settings;
mod state;

pub use map::PhaseMap;

use super::dom;
use super::lab::link::open_in_lab;
use super::lab::state::LabState;
use crate::charts::phase::Metric;
use initscope::engine::norm::Norm;
use initscope::engine::series::{predicts, Field};
use initscope::engine::Config;
use initscope::state::to_query;
use leptos::prelude::*;

/// The Lab's config — the App's shared state — with the URL mirroring it while this view is shown (as the
/// Lab does), so a click on the map is a link one can share.
fn lab_config() -> RwSignal<Config> {
    let LabState { config, pinned, .. } = expect_context::<LabState>();
    Effect::new(move |_| {
        dom::replace_query(&pinned.with(|p| config.with(|c| super::lab::link::page_query(c, p))))
    });
    config
}

/// A click handler for a link to the Phase view on a Lab query (`?{query}#phase`): sets the Lab's config
/// and shows the map in place — no reload, the Lab's pins and the race kept — unless the learner asked for
/// a new tab or window (a modifier key or another button).
pub fn phase_link_click(query: &'static str) -> impl Fn(web_sys::MouseEvent) + 'static {
    let st = use_context::<LabState>();
    move |ev: web_sys::MouseEvent| {
        if let (true, Some(st)) = (dom::is_plain_click(&ev), st) {
            ev.prevent_default();
            st.config.set(initscope::state::parse_query(query).0);
            dom::set_hash("phase");
        }
    }
}

/// The Phase page.
#[component]
pub fn Phase() -> impl IntoView {
    let st = expect_context::<LabState>();
    let config = lab_config();
    let metric = RwSignal::new(Metric::Xi);
    let note = RwSignal::new(None::<String>);
    let phi = Signal::derive(move || config.with(|c| c.nonlinearity()));
    let marker = Signal::derive(move || Some(config.with(state::point_of)));
    let pick = Callback::new(move |(sw2, sb2): (f64, f64)| {
        match config.with_untracked(|c| state::config_at(c, sw2, sb2)) {
            Ok((c, why)) => {
                config.set(c);
                note.set(why);
            }
            Err(e) => note.set(Some(e)),
        }
    });
    let lab_href = move || format!("?{}#lab", config.with(to_query));
    // "Run it in the Lab" opens the Lab in place (no reload), as every link to the Lab does; a modifier key
    // or another button leaves it to the browser (a new tab).
    let run_in_lab = move |ev: web_sys::MouseEvent| {
        if !dom::is_plain_click(&ev) {
            return;
        }
        ev.prevent_default();
        open_in_lab(st, &config.with_untracked(to_query));
    };
    // The map is the plain stack's mean-field theory: say so when the Lab's net follows another.
    let other_arch = move || {
        config.with(|c| !predicts(c.arch.model().series(), Field::Corr) || c.norm != Norm::None)
    };
    let metric_button = move |m: Metric, text: &'static str| {
        view! {
            <button
                type="button"
                id=format!("phase-metric-{}", m.id())
                aria-pressed=move || (metric.get() == m).to_string()
                on:click=move |_| metric.set(m)
            >
                {text}
            </button>
        }
    };
    view! {
        <div class="phase-page">
            <section class="phase-main" aria-labelledby="phase-title">
                <h2 id="phase-title">
                    {move || {
                        format!("Order and chaos: the phase map of {}", phi.get().kind.label())
                    }}
                </h2>
                <p class="phase-intro">
                    "Each cell is an infinitely wide network with weights of variance σ_w²/fan_in and biases of \
                     variance σ_b². Left of the dashed critical line (χ₁ < 1) the net is ordered: inputs grow alike \
                     and gradients vanish; right of it, chaotic: nearby inputs decorrelate and gradients explode. \
                     Both need a fixed point q* of the variance: grey cells have none — the variance collapses to 0 \
                     or grows without bound (all of ReLU's right side, for one). ξ_c is the depth over which two \
                     inputs' correlation settles — a signal crosses a few ξ_c at most, so deep nets train only near \
                     the line (Schoenholz et al. 2017)."
                </p>
                <div class="button-row" role="group" aria-label="Colour by">
                    {metric_button(Metric::Xi, "Colour by ξ_c (depth scale)")}
                    {metric_button(Metric::Chi1, "Colour by χ₁")}
                </div>
                <figure class="chart-card">
                    <PhaseMap
                        phi=phi
                        metric=metric
                        marker=marker
                        on_pick=pick
                        id="phase-chart"
                        class="chart phase"
                    />
                    <figcaption class="phase-legend">
                        <span>
                            <span class="sw line"></span>
                            " critical line χ₁ = 1"
                        </span>
                        <span>
                            <span class="sw diamond"></span>
                            " named initializer (★ recommended for this activation)"
                        </span>
                        <span>
                            <span class="sw ring"></span>
                            " the Lab's configuration"
                        </span>
                        <span>
                            <span class="sw collapsed"></span>
                            " q* collapses to 0"
                        </span>
                        <span>
                            <span class="sw diverged"></span>
                            " q* diverges"
                        </span>
                        <span>
                            {move || match metric.get() {
                                Metric::Xi => "ξ_c in layers, 1 to ≥ 100 on a log scale",
                                Metric::Chi1 => "χ₁ from ≤ ½ to ≥ 2 on a log scale",
                            }}
                        </span>
                    </figcaption>
                </figure>
                <p
                    class="phase-lab"
                    id="phase-lab"
                    data-sw2=move || marker.get().map(|m| m.0.to_string())
                    data-sb2=move || marker.get().map(|m| m.1.to_string())
                >
                    {move || {
                        marker
                            .get()
                            .map(|(a, b)| format!("The Lab: σ_w² = {a:.4}, σ_b² = {b:.4}. "))
                    }}
                    <a id="phase-run" href=lab_href on:click=run_in_lab>
                        "Run it in the Lab (finite width) →"
                    </a>
                </p>
                <p class="phase-note" role="status">
                    {move || note.get()}
                </p>
                <Show when=other_arch>
                    <p class="phase-note">
                        "This map is the plain MLP's mean-field theory; the Lab is set to a residual, \
                        recurrent or normalized net, whose dynamics differ."
                    </p>
                </Show>
            </section>
            <aside class="controls-panel phase-controls" aria-label="The Lab's settings">
                <settings::PhaseSettings config=config />
                <p class="hint">
                    "The rest of the Lab's settings (depth, width, architecture…) are in the Lab; \
                    the map depends only on these."
                </p>
            </aside>
        </div>
    }
}
