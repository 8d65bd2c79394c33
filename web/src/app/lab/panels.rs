//! The words around the charts: URL notices, the verdict, the status line, the legend, chart options and
//! the pinned runs.

use super::dom;
use super::lab::{LabState, MAX_PINNED};
use crate::charts::mean_field;
use crate::charts::palette::{self, css_alpha, css_series, Dash, Marker};
use crate::charts::variance::{GradientView, Pinned, VarianceView};
use initscope::engine::phase::{Phase, PhasePoint};
use initscope::engine::verdict::drifts_down;
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

/// One-click classic configurations, for a newcomer's first minute.
#[component]
pub fn QuickDemos() -> impl IntoView {
    view! {
        <nav class="quick-demos" aria-label="Classic demonstrations">
            <span class="quick-label">"Try:"</span>
            {initscope::content::learn::quick_demos()
                .into_iter()
                .map(|(label, d)| {
                    view! {
                        <a
                            class="quick-demo"
                            href=d.href()
                            data-demo=d.query
                            data-expect=d.expect.id()
                            title=d.what
                            on:click=super::lab::lab_link_click(d.query)
                        >
                            {label}
                        </a>
                    }
                })
                .collect_view()}
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
        st.config
            .with(|c| !rec.is_satisfied_by(&c.init_spec(), c.width))
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
pub(super) fn headline(st: LabState) -> &'static str {
    match st.with_result(|r| r.verdict.kind) {
        Some(VerdictKind::Stable) => "✓ Stable (within ×10)",
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
            if down {
                "↘ Slow drift down (×10–×100)"
            } else {
                "↗ Slow drift up (×10–×100)"
            }
        }
        Some(VerdictKind::Vanishing) => "▼ Vanishing (beyond ×100)",
        Some(VerdictKind::Exploding) => "▲ Exploding (beyond ×100)",
        Some(VerdictKind::Overflow) => "✕ Overflow",
        Some(VerdictKind::Collapsed) => "= Collapsed (symmetry)",
        None if crate::worker::link::missing().is_some() => "Not computed (no web worker)",
        None => "Computing…",
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

/// A small SVG sample of a line style, for the legend.
pub fn swatch(color: String, dash: Dash, marker: Option<Marker>) -> impl IntoView {
    let dasharray = dash
        .pattern()
        .map(|(a, b)| format!("{a} {b}"))
        .unwrap_or_default();
    let mark = marker.map(|m| match m {
        Marker::Circle => view! { <circle cx="18" cy="7" r="4" fill=color.clone() /> }.into_any(),
        Marker::Triangle => {
            view! { <polygon points="18,2 23,12 13,12" fill=color.clone() /> }.into_any()
        }
        Marker::Square => {
            view! { <rect x="14" y="3" width="8" height="8" fill=color.clone() /> }.into_any()
        }
        Marker::Cross => {
            view! { <path d="M14 3 L22 11 M22 3 L14 11" stroke=color.clone() stroke-width="2" /> }
                .into_any()
        }
    });
    view! {
        <svg class="swatch" width="36" height="14" viewBox="0 0 36 14" aria-hidden="true">
            <line
                x1="1"
                y1="7"
                x2="35"
                y2="7"
                stroke=color.clone()
                stroke-width="3"
                stroke-dasharray=dasharray
            />
            {mark}
        </svg>
    }
}

/// A legend swatch for a shaded band, `(colour, opacity)` as the chart draws it, with its centre line if any.
fn band_swatch(
    fill: (plotters::style::RGBColor, f64),
    line: Option<(plotters::style::RGBColor, f64)>,
) -> impl IntoView {
    view! {
        <svg class="swatch band" width="36" height="14" viewBox="0 0 36 14" aria-hidden="true">
            <rect x="0" y="1" width="36" height="12" fill=css_alpha(fill) />
            {line
                .map(|l| {
                    view! {
                        <line x1="0" y1="7" x2="36" y2="7" stroke=css_alpha(l) stroke-width="1" />
                    }
                })}
        </svg>
    }
}

/// The chart's legend, in HTML so it stays crisp, wraps on phones and is read by screen readers. Its colours
/// are the chart's own (the ink follows the page's text colour, so it shows in dark mode too).
#[component]
pub fn Legend(
    /// The chart's data.
    view: Memo<Option<VarianceView>>,
) -> impl IntoView {
    let has_band = move || view.with(|v| v.as_ref().is_some_and(|v| v.band.is_some()));
    view! {
        <ul class="legend" aria-label="Legend">
            {move || {
                view.with(|v| {
                    v.iter()
                        .flat_map(|v| v.curves.iter())
                        .map(|c| {
                            let label = c.label.clone();
                            view! {
                                <li>
                                    {swatch(css_series(c.color), c.dash, c.marker)}
                                    <span>{label}</span>
                                </li>
                            }
                        })
                        .collect_view()
                })
            }}
            <li>
                {band_swatch(palette::REFERENCE_BAND, Some(palette::REFERENCE_LINE))}
                <span>"variance within ×2 of 1"</span>
            </li>
            <Show when=has_band>
                <li>
                    {band_swatch(palette::SPREAD_BAND, None)}
                    <span>
                        {format!("Var(h): min–max over {} seeds", super::lab::SPREAD_SEEDS)}
                    </span>
                </li>
            </Show>
        </ul>
    }
}

/// Gradient placement and the finite-width spread toggle.
#[component]
pub fn ChartOptions() -> impl IntoView {
    let st = state();
    view! {
        <div class="chart-options">
            <label for="gradient-view">"Gradient"</label>
            <select
                id="gradient-view"
                on:change=move |ev| st.gradient.set(GradientView::from_id(&event_target_value(&ev)))
            >
                {[
                    (GradientView::SameAxes, "on the same axes"),
                    (GradientView::Panel, "in its own panel"),
                    (GradientView::Hidden, "hidden"),
                ]
                    .into_iter()
                    .map(|(g, text)| {
                        view! {
                            <option value=g.id() selected=move || st.gradient.get() == g>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <label class="check">
                <input
                    type="checkbox"
                    id="spread"
                    prop:checked=move || st.spread.get()
                    on:change=move |ev| st.spread.set(event_target_checked(&ev))
                />
                {format!(" Spread over {} seeds (finite width)", super::lab::SPREAD_SEEDS)}
            </label>
        </div>
    }
}

/// Pin the current run for comparison (up to four), list and remove pinned runs, copy the link.
#[component]
pub fn PinBar() -> impl IntoView {
    let st = state();
    let copied = RwSignal::new(None::<bool>);
    view! {
        <div class="pin-bar">
            <button
                type="button"
                id="pin"
                disabled=move || st.pinned.with(|p| p.len() >= MAX_PINNED)
                on:click=move |_| {
                    if let Some(p) = st.with_result(Pinned::of) {
                        st.pinned
                            .update(|v| {
                                if v.len() < MAX_PINNED {
                                    v.push(p)
                                }
                            });
                    }
                }
            >
                {move || {
                    if st.pinned.with(|p| p.len() >= MAX_PINNED) {
                        "Pinned 4 of 4".to_string()
                    } else {
                        "Pin this run to compare".to_string()
                    }
                }}
            </button>
            {if st.presenting {
                view! {
                    <a class="button-link" id="present-toggle" href="#lab">
                        "Exit presentation"
                    </a>
                }
            } else {
                view! {
                    <a class="button-link" id="present-toggle" href="#present">
                        "Presentation mode"
                    </a>
                }
            }}
            <button
                type="button"
                id="copy-link"
                on:click=move |_| {
                    dom::copy_text(&dom::current_href(), move |ok| copied.set(Some(ok)));
                }
            >
                "Copy link"
            </button>
            <span class="copy-status" role="status">
                {move || match copied.get() {
                    Some(true) => "Link copied.",
                    Some(false) => "Could not copy: select the address bar instead.",
                    None => "",
                }}
            </span>
            <ol class="pinned-list" aria-label="Pinned runs">
                {move || {
                    st.pinned
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| {
                            view! {
                                <li>
                                    <span>{format!("#{} {}", i + 1, p.label)}</span>
                                    <button
                                        type="button"
                                        class="link"
                                        aria-label=format!("Remove pinned run {}", i + 1)
                                        on:click=move |_| {
                                            st.pinned
                                                .update(|v| {
                                                    if i < v.len() {
                                                        v.remove(i);
                                                    }
                                                })
                                        }
                                    >
                                        "remove"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </div>
    }
}
