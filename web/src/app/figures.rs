//! Live figures in Learn: a claim of the text, simulated beside it by the same engine in a worker (one
//! [`WorkerLink`] shared by every figure), drawn as small multiples with shared axes, with one control and
//! an "Open in the Lab" link that opens the Lab in place on the figure's settings at the Lab's own size (a
//! figure computes at a reduced size to keep up with its slider; the text says so) and remembers where the
//! reader was.

use super::canvas::{CanvasArea, ChartCanvas};
use super::figure_runs::simulate;
use super::lab::link::open_in_lab;
use super::lab::state::LabState;
use crate::charts::small_multiples::draw_small_multiples;
use crate::charts::Fonts;
use initscope::content::figures::{figure, Control, Widget};
use initscope::engine::{Config, SimResult};
use initscope::state::to_query;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    /// The Learn view's scroll position when a figure opened the Lab.
    static LEARN_SCROLL: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Restore the Learn view's scroll position if a figure's "Open in the Lab" left it (once).
pub fn restore_learn_scroll() {
    if let Some(y) = LEARN_SCROLL.with(Cell::take) {
        // After the route's own scroll to the top and the first layout.
        set_timeout(
            move || window().scroll_to_with_x_and_y(0.0, y),
            std::time::Duration::from_millis(30),
        );
    }
}

/// The control: a slider or a toggle, writing the figure's value.
fn control_view(fig_id: &'static str, c: Control, value: RwSignal<String>) -> AnyView {
    let id = format!("fig-{fig_id}-control");
    match c.widget {
        Widget::Slider { min, max, step } => view! {
            <label class="fig-control">
                <span>{c.label}" = "<output>{move || value.get()}</output></span>
                <input
                    type="range"
                    id=id
                    min=min
                    max=max
                    step=step
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </label>
        }
        .into_any(),
        Widget::Toggle(options) => view! {
            <div class="fig-control fig-toggle" role="group" aria-label=c.label id=id>
                {options
                    .iter()
                    .map(|&(v, label)| {
                        view! {
                            <button
                                type="button"
                                data-value=v
                                aria-pressed=move || (value.get() == v).to_string()
                                on:click=move |_| value.set(v.to_string())
                            >
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        }
        .into_any(),
    }
}

/// A live figure of the Learn text, by its id in [`initscope::content::figures`].
#[component]
pub fn LiveFigure(
    /// The figure's id.
    id: &'static str,
) -> impl IntoView {
    let Some(fig) = figure(id) else {
        return ().into_any();
    };
    let lab = expect_context::<LabState>();
    let control = fig.control;
    let value = RwSignal::new(fig.initial());
    let panels = fig.panels.clone();
    let results: Vec<RwSignal<Option<SimResult>>> =
        panels.iter().map(|_| RwSignal::new(None)).collect();
    let configs = {
        let panels = panels.clone();
        Memo::new(move |_| {
            let v = value.get();
            panels
                .iter()
                .map(|p| p.config(&control, &v))
                .collect::<Vec<Config>>()
        })
    };
    let sinks = results.clone();
    Effect::new(move |_| {
        for (cfg, sink) in configs.get().into_iter().zip(sinks.iter().copied()) {
            simulate(cfg, move |r| {
                let _ = sink.try_set(Some(r));
            });
        }
    });
    let labels: Vec<&'static str> = panels.iter().map(|p| p.label).collect();
    let draw_results = results.clone();
    let draw = move |root: &CanvasArea, w: u32| {
        let runs: Option<Vec<(String, SimResult)>> = draw_results
            .iter()
            .zip(&labels)
            .map(|(r, l)| r.get().map(|r| (l.to_string(), r)))
            .collect();
        let n = runs.as_ref().map_or(1, |r| r.len().max(1) as u32);
        let fonts = Fonts::for_width(if w < 520 { w } else { w / n });
        runs.map(|runs| draw_small_multiples(root, &runs, fonts))
    };
    // What "Open in the Lab" opens: the panel's settings with the control's value, at the Lab's size.
    let lab_queries = {
        let panels = panels.clone();
        Memo::new(move |_| {
            let v = value.get();
            panels
                .iter()
                .map(|p| to_query(&p.lab_config(&control, &v)))
                .collect::<Vec<String>>()
        })
    };
    let open = move |ev: web_sys::MouseEvent, i: usize| {
        // A modifier key or another button: the learner asked for a new tab; the href does it.
        if !super::dom::is_plain_click(&ev) {
            return;
        }
        ev.prevent_default();
        if let Some(q) = lab_queries.with_untracked(|q| q.get(i).cloned()) {
            LEARN_SCROLL.with(|s| s.set(window().scroll_y().ok()));
            open_in_lab(lab, &q);
        }
    };
    let readouts = results
        .iter()
        .copied()
        .enumerate()
        .map(|(i, r)| {
            let label = panels[i].label;
            let kind = move || r.with(|r| r.as_ref().map_or("", |r| r.verdict.kind.id()));
            let href = move || lab_queries.with(|q| q.get(i).map(|q| format!("?{q}#lab")));
            view! {
                <li data-kind=kind>
                    <span class="fig-label">{label}": "</span>
                    <strong class="fig-verdict">
                        {move || if kind().is_empty() { "computing…" } else { kind() }}
                    </strong>
                    " · "
                    <a
                        class="fig-open"
                        href=href
                        on:click=move |ev| open(ev, i)
                        title="Opens the Lab on these settings at its full size (width 256, batch 128)"
                    >
                        "Open in the Lab"
                    </a>
                </li>
            }
        })
        .collect_view();
    let n = panels.len();
    let chart_class = if n > 1 {
        "chart fig-chart two"
    } else {
        "chart fig-chart"
    };
    view! {
        <figure class="live-figure card" id=format!("fig-{id}") data-panels=n>
            <ChartCanvas
                draw=draw
                class=chart_class
                id=format!("fig-{id}-chart")
                label=format!(
                    "{} — variance by layer, log scale: measured signal (solid), theory (dashed), gradient (dotted)",
                    fig.claim,
                )
            />
            {control_view(id, control, value)}
            <ul class="fig-readout" aria-live="polite">
                {readouts}
            </ul>
            <figcaption>
                <strong>{fig.claim}"."</strong>
                " "
                {fig.notice}
                <span class="fig-key">
                    " Blue solid: Var(h) measured · grey dashed: theory · orange dotted: the gradient's variance."
                </span>
                <span class="fig-size">
                    " Computed at width 64, batch 32 to keep up with the control; “Open in the Lab” runs the same settings at the Lab's full size (width 256)."
                </span>
            </figcaption>
        </figure>
    }
    .into_any()
}
