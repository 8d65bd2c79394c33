//! Beside the variance chart: its legend (with the line-style swatches the other charts' keys use too), the
//! chart options and the pinned runs.

use super::fields::state;
use super::state::MAX_PINNED;
use crate::app::dom;
use crate::charts::palette::{self, css_alpha, css_series, Dash, Marker};
use crate::charts::variance::{GradientView, Pinned, VarianceView};
use leptos::prelude::*;

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
                        {format!("Var(h): min–max over {} seeds", super::state::SPREAD_SEEDS)}
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
                {format!(" Spread over {} seeds (finite width)", super::state::SPREAD_SEEDS)}
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
                        format!("Pinned {MAX_PINNED} of {MAX_PINNED}")
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
