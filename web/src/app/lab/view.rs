//! The Lab: one config signal (read from the URL, written back to it), the simulation as a memo of it, and
//! the views around the charts.

use super::arch_charts::{jacobian_skipped, CorrelationChart, JacobianChart};
use super::charts::{HistogramChart, VarianceChart};
use super::controls::Controls;
use super::legend::{ChartOptions, Legend, PinBar};
use super::link::page_query;
use super::panels::{Notices, QuickDemos, StatusLine, VerdictBanner};
use super::runner;
use super::shown::{shown_id, shown_result, shown_stage};
use super::state::{hist_layers, LabState, SPREAD_SEEDS};
use super::table::LayerTable;
use crate::app::dom;
use crate::app::mean_field;
use crate::charts::variance::VarianceView;
use initscope::engine::series::Panel;
use initscope::protocol::Simulation;
use leptos::prelude::*;

/// The Lab page.
#[component]
pub fn Lab(
    /// Presentation mode (for projecting in class): large type, controls and chart only.
    #[prop(optional)]
    presenting: bool,
) -> impl IntoView {
    // The shared state lives in the App (it outlives this view: pins, options and the last run survive a
    // visit to another view and presentation mode); this view only says whether it is presenting.
    let state = LabState {
        presenting,
        ..expect_context::<LabState>()
    };
    provide_context(state);
    // Escape leaves presentation mode (unless it closed the settings drawer first, which marks it handled).
    if presenting {
        let handle = window_event_listener(leptos::ev::keydown, |ev| {
            if ev.key() == "Escape" && !ev.default_prevented() {
                let _ = window().location().set_hash("lab");
            }
        });
        on_cleanup(move || handle.remove());
    }
    let LabState {
        config,
        spread,
        hist_choice,
        pinned,
        run,
        partial,
        progress,
        busy,
        jacobian,
        table_open,
        pending_export,
        mean_field,
        gradient,
        ..
    } = state;
    let band = RwSignal::new(None::<runner::Band>);
    let sinks = runner::Sinks {
        run,
        partial,
        band,
        progress,
        busy,
    };

    // Every change of the settings is one request to the worker; the newest wins. A request that asks for less
    // than the last one (∂L/∂W no longer wanted: the table closed, an export done) computes nothing new.
    let last = StoredValue::new(None::<Simulation>);
    Effect::new(move |_| {
        let cfg = config.get();
        let job = Simulation {
            // The runner gives each request its id.
            id: 0,
            histogram_layers: hist_layers(hist_choice.get(), cfg.depth),
            spread_seeds: if spread.get() { SPREAD_SEEDS } else { 0 },
            jacobian: jacobian.get() && jacobian_skipped(&cfg).is_none(),
            progressive: true,
            weight_grads: table_open.get() || pending_export.with(Option::is_some),
            config: cfg,
        };
        let covered = !job.weight_grads
            && last.with_value(|l| {
                l.as_ref().is_some_and(|l| {
                    *l == Simulation {
                        weight_grads: true,
                        ..job.clone()
                    }
                })
            });
        if !covered {
            last.set_value(Some(job.clone()));
            runner::submit(sinks, job);
        }
    });

    // The mean-field correlation map follows each new run (in time slices on the page).
    Effect::new(move |_| {
        run.with(|r| {
            if let Some(r) = r {
                mean_field::start(&r.result.config, r.id, mean_field);
            }
        })
    });

    // The URL mirrors the config (replaceState: no history entry per slider step).
    // Pinned runs are in it too, so a shared link reproduces a whole comparison.
    Effect::new(move |_| dom::replace_query(&pinned.with(|p| config.with(|c| page_query(c, p)))));

    // The chart shows the newest answer: the newest request's stage when it has measured something, else
    // the last complete run (marked stale when it belongs to another setting) under the newest theory.
    let view_data = Memo::new(move |_| {
        let (shown, id) = run.with(|r| partial.with(|p| shown_result(r.as_ref(), p.as_ref())))?;
        let shown_band = band.with(|b| {
            b.as_ref()
                .filter(|b| spread.get() && b.id == id && shown.config == config.get())
                .map(|b| (b.lo.clone(), b.hi.clone()))
        });
        let mut view = VarianceView::build(&shown, gradient.get(), shown_band, &pinned.get());
        view.stale = shown.measured_config != config.get();
        Some(view)
    });

    // The verdict and the table belong to the last complete run: marked while it is not the current setting.
    let results_stale = move || {
        run.with(|r| {
            r.as_ref()
                .is_some_and(|r| config.with(|c| r.result.config != *c))
        })
    };
    let chart_stage =
        move || run.with(|r| partial.with(|p| shown_stage(r.as_ref(), p.as_ref()).id()));
    let chart_stale = move || view_data.with(|v| v.as_ref().is_some_and(|v| v.stale).to_string());
    let chart_run = move || run.with(|r| partial.with(|p| shown_id(r.as_ref(), p.as_ref())));

    view! {
        <div class="lab">
            <aside class="controls-panel" aria-label="Settings">
                <Controls />
            </aside>
            <section
                class="results"
                aria-label="Results"
                class:stale=results_stale
                data-stale=move || results_stale().to_string()
                data-busy=move || busy.get().to_string()
            >
                <Notices />
                <Show when=move || !presenting>
                    <QuickDemos />
                </Show>
                <super::tour::Tour />
                <VerdictBanner />
                <StatusLine />
                <figure
                    class="chart-card"
                    data-stage=chart_stage
                    data-chart-stale=chart_stale
                    data-run-id=chart_run
                >
                    <figcaption class="sr-only">
                        "Variance of the signal and the gradient at every layer, on a log scale. The verdict above and the table below say the same in words and numbers."
                    </figcaption>
                    <VarianceChart view=view_data />
                    <Legend view=view_data />
                </figure>
                <ChartOptions />
                <PinBar />
                <Show when=move || !presenting>
                    <super::embed::EmbedCode />
                </Show>
                <Show when=move || !presenting>
                    <div class="arch-charts">
                        // The panels the architecture's series declare.
                        <Show when=move || {
                            state
                                .config
                                .with(|c| {
                                    c.arch
                                        .model()
                                        .series()
                                        .iter()
                                        .any(|s| s.panel == Panel::Correlation)
                                })
                        }>
                            <CorrelationChart />
                        </Show>
                        <JacobianChart />
                    </div>
                    <Show when=move || {
                        state
                            .config
                            .with(|c| {
                                c.arch.model().series().iter().any(|s| s.panel == Panel::Logits)
                            })
                    }>
                        <div class="arch-charts">
                            <super::transformer_charts::TransformerCharts />
                        </div>
                    </Show>
                    <HistogramChart />
                    <LayerTable />
                </Show>
            </section>
        </div>
    }
}
