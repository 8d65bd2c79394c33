//! The words around the charts: URL notices, the quick demos, the verdict and the status line (the legend,
//! chart options and pinned runs are in [`legend`](super::legend)).

use super::state::LabState;
use initscope::content::Demo;
use initscope::engine::arch::Knob;
use initscope::engine::mean_field;
use initscope::engine::phase::{Phase, PhasePoint};
use initscope::engine::verdict::{drifts_down, EXPLODING_RATIO, STABLE_RATIO};
use initscope::engine::VerdictKind;
use leptos::prelude::*;

fn state() -> LabState {
    expect_context::<LabState>()
}

/// The parameters the URL gave that were ignored, each with its reason (text only: never parsed as HTML).
#[component]
pub fn Notices() -> impl IntoView {
    let st = state();
    view! {
        <Show when=move || st.notices.with(|n| !n.is_empty())>
            <div id="notice" class="notice" role="alert">
                <p>
                    <strong>
                        "Some settings in this link were ignored; their defaults are used instead:"
                    </strong>
                </p>
                <ul>
                    {move || {
                        st.notices
                            .get()
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <li data-param=e.name.clone()>
                                        <code>{format!("{}={}", e.name, e.value)}</code>
                                        " — "
                                        {e.reason}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <button
                    type="button"
                    id="dismiss-notice"
                    on:click=move |_| st.notices.set(Vec::new())
                >
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}

/// One-click classic configurations, for a newcomer's first minute (a transformer's own while the Lab shows
/// one).
#[component]
pub fn QuickDemos() -> impl IntoView {
    let st = state();
    let transformer = move || st.config.with(|c| c.arch.takes(Knob::Transformer));
    let pills = move || -> Vec<(&'static str, Demo)> {
        if transformer() {
            initscope::content::transformer::quick_demos().to_vec()
        } else {
            initscope::content::learn::quick_demos().to_vec()
        }
    };
    view! {
        <nav class="quick-demos" aria-label="Classic demonstrations">
            <span class="quick-label">"Try:"</span>
            {move || {
                pills()
                    .into_iter()
                    .map(|(label, d)| {
                        view! {
                            <a
                                class="quick-demo"
                                href=d.href()
                                data-demo=d.query
                                data-expect=d.expect.id()
                                title=d.what
                                on:click=super::link::lab_link_click(d.query)
                            >
                                {label}
                            </a>
                        }
                    })
                    .collect_view()
            }}
        </nav>
    }
}

/// The verdict in plain words, with one click to apply the recommended initializer.
#[component]
pub fn VerdictBanner() -> impl IntoView {
    let st = state();
    let verdict = move || st.with_result(|r| r.verdict.clone());
    let kind = move || verdict().map(|v| v.kind);
    let headline = move || headline(st);
    // A fix is offered only where the run needs one: a stable run is left as it is.
    let needs_fix = move || {
        let Some(rec) = st
            .with_result(|r| r.verdict.recommended)
            .filter(|_| kind() != Some(VerdictKind::Stable))
        else {
            return false;
        };
        st.config.with(|c| {
            c.arch.model().stack_advice() && !rec.is_satisfied_by(&c.init_spec(), c.width)
        })
    };
    view! {
        // In presentation mode the Lab leaves out its row of Try pills; they come with the verdict here, so
        // a class can switch demos without the settings.
        {st.presenting.then(|| view! { <QuickDemos /> })}
        <div
            id="verdict"
            class="verdict"
            data-kind=move || kind().map_or("", |k| k.id())
            role="status"
            aria-live="polite"
            aria-busy=move || st.busy.get().to_string()
        >
            <p class="verdict-kind">{headline}</p>
            <p class="verdict-message">
                {move || verdict().map(|v| v.message).unwrap_or_default()}
            </p>
            <Show when=needs_fix>
                <button
                    type="button"
                    id="apply-recommendation"
                    class="primary"
                    on:click=move |_| st.config.update(|c| c.apply_recommendation())
                >
                    {move || {
                        verdict()
                            .map(|v| {
                                st.config.with(|c| v.recommended.action(c.init, c.gain, c.keras))
                            })
                    }}
                </button>
            </Show>
        </div>
    }
}

/// The verdict's grade in a word and a symbol (the colour only repeats them), with its band in brackets:
/// "▼ Vanishing (beyond ×100)". The settings drawer shows it without the brackets.
pub(super) fn headline(st: LabState) -> String {
    // The bands are the verdict's own thresholds.
    let (stable, beyond) = (STABLE_RATIO, EXPLODING_RATIO);
    match st.with_result(|r| r.verdict.kind) {
        Some(VerdictKind::Stable) => format!("✓ Stable (within ×{stable})"),
        Some(VerdictKind::Drifting) => {
            // The direction the verdict's own grades give (an RNN's summed inputs forgiven).
            let down = st
                .with_result(|r| {
                    let v = &r.verdict;
                    drifts_down(
                        r.config.arch,
                        r.layers.len(),
                        v.forward_ratio,
                        v.backward_ratio,
                    )
                })
                .unwrap_or(false);
            let way = if down {
                "↘ Slow drift down"
            } else {
                "↗ Slow drift up"
            };
            format!("{way} (×{stable}–×{beyond})")
        }
        Some(VerdictKind::Vanishing) => format!("▼ Vanishing (beyond ×{beyond})"),
        Some(VerdictKind::Exploding) => format!("▲ Exploding (beyond ×{beyond})"),
        Some(VerdictKind::Overflow) => "✕ Overflow".into(),
        Some(VerdictKind::Collapsed) => "= Collapsed (symmetry)".into(),
        None if crate::worker::link::missing().is_some() => "Not computed (no web worker)".into(),
        None => "Computing…".into(),
    }
}

/// "Computed in 12 ms", and the last layer's dead/saturated fractions and distinct units.
#[component]
pub fn StatusLine() -> impl IntoView {
    let st = state();
    let ms = move || st.run.with(|r| r.as_ref().map_or(0.0, |r| r.ms));
    let text = move || {
        st.run.with(|r| {
            let Some(r) = r else {
                return if crate::worker::link::missing().is_some() {
                    "Nothing computed: see the note above".to_string()
                } else {
                    "Computing…".to_string()
                };
            };
            let res = &r.result;
            let last = res.layers.iter().rev().find(|l| l.pre_var.is_finite());
            let mut s = format!("Computed in {:.0} ms", r.ms);
            if let Some(l) = last {
                s.push_str(&format!(
                    " · layer {}: {:.0} % dead, {:.0} % saturated, {} of {} units distinct",
                    l.layer,
                    100.0 * l.dead_frac,
                    100.0 * l.saturated_frac,
                    l.distinct_units,
                    res.config.width
                ));
            }
            let has_phase = st
                .mean_field
                .with(|m| m.as_ref().is_some_and(|m| m.id == r.id));
            if let Some(chi) = res
                .theory
                .as_ref()
                .map(|t| t.chi)
                .filter(|c| c.is_finite() && !has_phase)
            {
                s.push_str(&format!(" · χ = {chi:.3}"));
            }
            s
        })
    };
    let phase = move || {
        st.run.with(|r| {
            let r = r.as_ref()?;
            let text = st.mean_field.with(|m| {
                m.as_ref()
                    .filter(|m| m.id == r.id)
                    .map(|m| (m.point.phase.id(), phase_text(&m.point)))
            });
            Some(
                text.unwrap_or_else(|| match mean_field::unavailable(&r.result.config) {
                    Some(why) => ("", format!("order/chaos: measured only ({why})")),
                    None => ("", String::new()),
                }),
            )
        })
    };
    view! {
        <p id="status" class="status" data-compute-ms=move || format!("{:.1}", ms())>
            {text}
            <span id="phase" data-phase=move || phase().map_or("", |p| p.0)>
                {move || phase().map(|p| p.1).filter(|t| !t.is_empty()).map(|t| format!(" · {t}"))}
            </span>
            <Show when=move || st.busy.get()>
                <span class="updating" id="run-stage">
                    {move || {
                        let stage = st.partial.with(|p| p.as_ref().map(|p| p.stage));
                        match stage {
                            Some(initscope::engine::Stage::Theory) => {
                                " · theory drawn, measuring the forward pass…"
                            }
                            Some(initscope::engine::Stage::Forward) => {
                                " · forward pass measured, computing the gradients…"
                            }
                            _ => " · updating…",
                        }
                    }}
                </span>
            </Show>
        </p>
        <Show when=move || st.progress.get().is_some()>
            <progress
                id="run-progress"
                max="1"
                value=move || st.progress.get().unwrap_or(0.0).to_string()
                aria-label="Progress of the current run"
            ></progress>
        </Show>
    }
}

/// χ₁ and the phase in words: "χ₁ = 0.876 · ordered: inputs become indistinguishable after ~8 layers".
fn phase_text(p: &PhasePoint) -> String {
    let xi = p.correlation.and_then(|c| c.xi_c);
    let words = match (p.phase, xi) {
        (Phase::Ordered, Some(xi)) => format!(
            "ordered: inputs become indistinguishable after ~{:.0} layers (ξ_c = {xi:.1})",
            xi.max(1.0)
        ),
        (Phase::Ordered, None) => "ordered: inputs become indistinguishable".into(),
        (Phase::Chaotic, _) => match p.correlation {
            Some(c) => format!(
                "chaotic: nearby inputs decorrelate, to c* = {:.3}{}",
                c.c_star,
                xi.map_or(String::new(), |xi| format!(" within ~{xi:.1} layers (ξ_c)"))
            ),
            None => "chaotic: nearby inputs decorrelate".into(),
        },
        (Phase::Critical, _) => {
            "critical (the edge of chaos): correlations approach 1 only polynomially".into()
        }
    };
    format!("χ₁ = {:.3} · {words}", p.chi_1)
}
