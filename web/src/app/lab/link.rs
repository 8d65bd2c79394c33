//! Links to the Lab: the pin format of a page's query (`pins=…`, so a shared link reproduces a whole
//! comparison), restoring the pins a link names, and opening a Lab link in place.

pub use super::pins::{page_query, pin_queries};
use super::state::{LabState, MAX_PINNED};
use crate::app::dom;
use crate::app::figure_runs;
use crate::charts::variance::{GradientView, Pinned};
use initscope::state::parse_link;
use leptos::prelude::*;

/// The Lab state's constructor lives here, beside the pin format it reads from the URL.
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
}

/// Recompute the pinned runs a link names (on a worker: the same engine as the Lab's and the CLI's, so the
/// same bits) and pin each as it arrives — in the link's order, as that worker answers in request order.
fn restore_pins(pinned: RwSignal<Vec<Pinned>>, queries: &[String]) {
    for q in queries {
        let (cfg, _) = initscope::state::parse_query(q);
        figure_runs::simulate(cfg, move |result| {
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
