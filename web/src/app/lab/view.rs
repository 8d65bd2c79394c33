//! The Lab: one config signal (read from the URL, written back to it), the simulation as a memo of it, and
//! the views around the charts.

use super::arch_charts::{jacobian_skipped, CorrelationChart, JacobianChart};
use super::controls::Controls;
use super::dom;
use super::lab_charts::{HistogramChart, VarianceChart};
use super::mean_field::{self, MeanFieldRun};
use super::panels::{ChartOptions, Legend, Notices, PinBar, QuickDemos, StatusLine, VerdictBanner};
use super::runner;
use super::shown::{shown_id, shown_result, shown_stage};
use super::table::LayerTable;
use crate::charts::variance::{GradientView, Pinned, VarianceView};
use initscope::engine::{Config, SimResult, Stage};
use initscope::protocol::Simulation;
use initscope::state::{parse_link, query_pairs, to_query, ParamError};
use leptos::prelude::*;

/// Most runs that can be pinned at once.
pub const MAX_PINNED: usize = 4;
/// Seeds in the finite-width spread (the current one included).
pub const SPREAD_SEEDS: u64 = 8;

/// One simulation (or as far as it has got) and how long it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The engine's result; statistics of stages not yet reached are NaN.
    pub result: SimResult,
    /// Wall-clock milliseconds of the run (so far).
    pub ms: f64,
    /// The request's id.
    pub id: u64,
    /// How far it has got.
    pub stage: Stage,
}

/// What a learner can download from a run besides the chart's picture: both hold Var(∂L/∂W).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// The table, as the CLI's `--format csv`.
    Csv,
    /// The run, as the CLI's `--format json`.
    Json,
}

/// App-wide state shared with the components through context.
#[derive(Clone, Copy)]
pub struct LabState {
    /// The one source of truth: every control writes it, the URL mirrors it.
    pub config: RwSignal<Config>,
    /// Parameters from the URL that were ignored, and why.
    pub notices: RwSignal<Vec<ParamError>>,
    /// Where the gradient curve goes.
    pub gradient: RwSignal<GradientView>,
    /// Whether to shade the spread over several seeds.
    pub spread: RwSignal<bool>,
    /// Layers whose histograms the learner picked (`None` = first, middle, last).
    pub hist_choice: RwSignal<Option<[usize; 3]>>,
    /// Runs pinned for comparison.
    pub pinned: RwSignal<Vec<Pinned>>,
    /// The latest finished run (`None` until the first one arrives).
    pub run: RwSignal<Option<Run>>,
    /// The newest request's latest stage while it is not complete: its theory, then its forward pass.
    pub partial: RwSignal<Option<Run>>,
    /// Progress of a long run in flight.
    pub progress: RwSignal<Option<f64>>,
    /// Whether a newer run than the one shown is being computed.
    pub busy: RwSignal<bool>,
    /// Whether the learner wants the Jacobian's singular values (computed only where defined and affordable).
    pub jacobian: RwSignal<bool>,
    /// Whether the table of numbers is open: Var(∂L/∂W), which only it and the exports show, is computed
    /// only then.
    pub table_open: RwSignal<bool>,
    /// A CSV or JSON export asked for before the shown run had Var(∂L/∂W): it asks for a run that has it,
    /// and downloads once that run arrives.
    pub pending_export: RwSignal<Option<Export>>,
    /// The mean-field correlation map of the latest run, where the theory applies.
    pub mean_field: RwSignal<Option<MeanFieldRun>>,
    /// Presentation mode: larger chart fonts, fewer panels.
    pub presenting: bool,
}

impl LabState {
    /// The state of a fresh page: the config (and its notices) from the URL, nothing pinned, no run yet.
    /// Created once by the App and shared through context with every view.
    pub fn from_url() -> LabState {
        let query = dom::location_query();
        let (cfg0, errors) = parse_link(&dom::config_query());
        let state = LabState {
            config: RwSignal::new(cfg0),
            notices: RwSignal::new(errors),
            gradient: RwSignal::new(GradientView::SameAxes),
            spread: RwSignal::new(false),
            hist_choice: RwSignal::new(None),
            pinned: RwSignal::new(Vec::new()),
            run: RwSignal::new(None),
            partial: RwSignal::new(None),
            progress: RwSignal::new(None),
            busy: RwSignal::new(false),
            // Off until asked for: at the defaults it costs about as much again as the run itself.
            jacobian: RwSignal::new(false),
            table_open: RwSignal::new(false),
            pending_export: RwSignal::new(None),
            mean_field: RwSignal::new(None),
            presenting: false,
        };
        // Pinned runs in the link are recomputed (the same engine, so the same numbers) after the first paint.
        let pins = pin_queries(&query);
        if !pins.is_empty() {
            set_timeout(
                move || restore_pins(state.pinned, &pins),
                std::time::Duration::from_millis(30),
            );
        }
        state
    }

    /// Apply `f` to the current result, if there is one yet.
    pub fn with_result<T>(&self, f: impl FnOnce(&SimResult) -> T) -> Option<T> {
        self.run.with(|r| r.as_ref().map(|r| f(&r.result)))
    }
}

/// The `pins=` value of a page query: each pinned run's query with `&` → `;` and `=` → `:` (`-` when it is
/// all defaults), runs joined by `~` — compact and free of characters a query must escape.
pub fn encode_pins(queries: &[&str]) -> String {
    queries
        .iter()
        .map(|q| {
            if q.is_empty() {
                "-".to_string()
            } else {
                q.replace('&', ";").replace('=', ":")
            }
        })
        .collect::<Vec<_>>()
        .join("~")
}

/// The pinned runs' queries named by a page query's `pins=` (at most [`MAX_PINNED`]).
pub fn pin_queries(page_query: &str) -> Vec<String> {
    query_pairs(page_query)
        .into_iter()
        .rev()
        .find(|(k, _)| k == "pins")
        .map(|(_, v)| {
            v.split('~')
                .filter(|p| !p.is_empty())
                .take(MAX_PINNED)
                .map(|p| {
                    if p == "-" {
                        String::new()
                    } else {
                        p.replace(';', "&").replace(':', "=")
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The page's query for a config and its pinned runs: the config's query, then `pins=…` when any.
pub fn page_query(cfg: &Config, pinned: &[Pinned]) -> String {
    let mut q = to_query(cfg);
    if !pinned.is_empty() {
        let queries: Vec<&str> = pinned.iter().map(|p| p.query.as_str()).collect();
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str("pins=");
        q.push_str(&encode_pins(&queries));
    }
    q
}

/// Recompute the pinned runs a link names (on a worker: the same engine as the Lab's and the CLI's, so the
/// same bits) and pin each as it arrives — in the link's order, as that worker answers in request order.
fn restore_pins(pinned: RwSignal<Vec<Pinned>>, queries: &[String]) {
    for q in queries {
        let (cfg, _) = initscope::state::parse_query(q);
        super::figures::simulate(cfg, move |result| {
            let p = Pinned::of(&result);
            pinned.update(|v| {
                if v.len() < MAX_PINNED && !v.iter().any(|q| q.query == p.query) {
                    v.push(p);
                }
            });
        });
    }
}

/// Open a Lab link (a demo's query) in place: the config and its notices from the query, the pins kept, the
/// URL updated (the Lab's query, route `#lab`) — no page reload.
pub fn open_in_lab(st: LabState, query: &str) {
    let (cfg, errors) = parse_link(query);
    dom::replace_query(&page_query(&cfg, &st.pinned.get_untracked()));
    st.notices.set(errors);
    st.config.set(cfg);
    let hash = dom::location_hash();
    let route = hash.split('?').next().unwrap_or_default();
    if !(route.is_empty() || route == "lab") {
        dom::set_hash("lab");
    }
}

/// A click handler for a link to the Lab: opens it in place (see [`open_in_lab`]) unless the learner asked for
/// a new tab or window (a modifier key or another button).
pub fn lab_link_click(query: &'static str) -> impl Fn(web_sys::MouseEvent) + 'static {
    let st = use_context::<LabState>();
    move |ev: web_sys::MouseEvent| {
        if let (true, Some(st)) = (dom::is_plain_click(&ev), st) {
            ev.prevent_default();
            open_in_lab(st, query);
        }
    }
}

/// First, middle and last layer.
pub fn default_hist_layers(depth: usize) -> [usize; 3] {
    [1, depth.div_ceil(2).max(1), depth]
}

/// The layers whose histograms are shown: the learner's choice (or first, middle, last), within the depth.
pub fn hist_layers(choice: Option<[usize; 3]>, depth: usize) -> Vec<usize> {
    let mut v: Vec<usize> = choice
        .unwrap_or(default_hist_layers(depth))
        .iter()
        .map(|&l| l.clamp(1, depth))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

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
                        <CorrelationChart />
                        <JacobianChart />
                    </div>
                    <HistogramChart />
                    <LayerTable />
                </Show>
            </section>
        </div>
    }
}
