//! The guided tour in the Lab: the tutorial's story step by step ([`initscope::content::tour`]), each step
//! setting the Lab's config, with what to change and what to notice. Its progress is the URL's `tour=N`
//! (a page-level flag), so a step can be linked to, reloaded and shown in presentation mode.

use super::state::LabState;
use crate::app::dom;
use initscope::content::tour::steps;
use initscope::state::parse_query;
use leptos::prelude::*;

/// The step the URL names (1-based), if it is one.
fn url_step() -> Option<usize> {
    let n = dom::page_flag("tour")?.trim().parse::<usize>().ok()?;
    (1..=steps().len()).contains(&n).then_some(n)
}

/// The tour panel (or, when no tour is running, the button that starts it).
#[component]
pub fn Tour() -> impl IntoView {
    let st = expect_context::<LabState>();
    let all = steps();
    let count = all.len();
    let step = RwSignal::new(url_step());
    // Each step taken is a history entry: Back goes one step back (the config follows the URL it returns
    // to). `push`: whether to add the entry (not for the step a link opened on).
    let show = move |n: usize, push: bool| {
        let Some(s) = steps().get(n.wrapping_sub(1)).copied() else {
            return;
        };
        let (cfg, _) = parse_query(s.demo.query);
        if push {
            dom::push_page_flag("tour", Some(&n.to_string()));
        } else {
            dom::set_page_flag("tour", Some(&n.to_string()));
        }
        st.config.set(cfg);
        step.set(Some(n));
    };
    let go = move |n: usize| {
        show(n, true);
        bring_into_view();
    };
    let handle = window_event_listener_untyped("popstate", move |_| {
        let (cfg, _) = parse_query(&dom::config_query());
        if st.config.with_untracked(|c| *c != cfg) {
            st.config.set(cfg);
        }
        step.set(url_step());
    });
    on_cleanup(move || handle.remove());
    // A link with a step and no settings opens on that step's configuration.
    if let Some(n) = step.get_untracked() {
        if dom::config_query().is_empty() {
            show(n, false);
        }
    }
    let current = move || step.get().and_then(|n| steps().get(n - 1).copied());
    let at_first = move || step.get().unwrap_or(1) <= 1;
    let at_last = move || step.get().unwrap_or(count) >= count;
    let (back, next) = (NodeRef::new(), NodeRef::new());
    let end = move |_| {
        step.set(None);
        dom::set_page_flag("tour", None);
    };
    view! {
        <Show
            when=move || step.get().is_some()
            fallback=move || {
                view! {
                    <p class="tour-start-row">
                        <button type="button" id="tour-start" on:click=move |_| go(1)>
                            {format!("Guided tour ({count} steps)")}
                        </button>
                    </p>
                }
            }
        >
            <section
                class="tour card"
                id="tour"
                aria-labelledby="tour-title"
                data-step=move || step.get().unwrap_or(0)
            >
                <p class="tour-progress">
                    {move || format!("Tour · step {} of {count}", step.get().unwrap_or(0))}
                </p>
                <h2 id="tour-title">{move || current().map(|s| s.title)}</h2>
                <p>
                    <strong>"Change: "</strong>
                    {move || current().map(|s| s.change)}
                </p>
                <p>
                    <strong>"Notice: "</strong>
                    {move || current().map(|s| s.notice)}
                </p>
                <div class="button-row">
                    // A button that becomes disabled would drop the keyboard's focus onto <body>: at either end
                    // the focus moves to the other button first.
                    <button
                        type="button"
                        id="tour-back"
                        disabled=at_first
                        node_ref=back
                        on:click=move |_| {
                            go(step.get_untracked().unwrap_or(2) - 1);
                            if at_first() {
                                focus(next);
                            }
                        }
                    >
                        "← Back"
                    </button>
                    <button
                        type="button"
                        id="tour-next"
                        class="primary"
                        disabled=at_last
                        node_ref=next
                        on:click=move |_| {
                            go(step.get_untracked().unwrap_or(0) + 1);
                            if at_last() {
                                focus(back);
                            }
                        }
                    >
                        "Next →"
                    </button>
                    <button
                        type="button"
                        id="tour-restep"
                        on:click=move |_| go(step.get_untracked().unwrap_or(1))
                    >
                        "Reset this step"
                    </button>
                    <button type="button" id="tour-end" class="link" on:click=end>
                        "End tour"
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// Scroll the step's card to the top of the window, a task later (once it is drawn), when the chart under it
/// would otherwise end below the window: with the page's styles for a running tour, the step, the verdict and
/// the whole chart then fit a laptop's screen (1366 × 768).
fn bring_into_view() {
    set_timeout(
        || {
            let doc = document();
            let (Some(card), Some(chart)) = (
                doc.get_element_by_id("tour"),
                doc.get_element_by_id("variance-chart"),
            ) else {
                return;
            };
            let height = window()
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(0.0);
            if chart.get_bounding_client_rect().bottom() > height {
                card.scroll_into_view_with_bool(true);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Move the keyboard's focus to `button`, if it is in the page.
fn focus(button: NodeRef<leptos::html::Button>) {
    if let Some(b) = button.get_untracked() {
        let _ = b.focus();
    }
}
