//! The training race (`#race?…`): the same network (plain or residual, optionally normalized) trained from up to four initializers in the web worker, which
//! answers each request with a snapshot of the curves (and, every few requests, the decision boundaries);
//! play, pause, step, reset and speed. Without a worker the same handler runs here, in short slices.

use super::canvas::{CanvasArea, ChartCanvas};
use super::dom;
use super::race_state::{RaceState, RECORD_EVERY};
use crate::charts::axes::log10;
use crate::charts::palette::css;
use crate::charts::race::{
    draw_boundary, draw_curves_labelled, draw_grad_norms, racer_label, racer_style,
};
use crate::charts::Fonts;
use initscope::train::data::generate;
use initscope::train::snapshot::RacerTrace;
use leptos::prelude::*;

/// The verdict on one network, in words.
fn racer_verdict(r: &RacerTrace, classes: usize) -> String {
    if let Some(k) = r.diverged_at {
        return format!("diverged at step {k}: the loss or the weights became non-finite");
    }
    let Some(last) = r.history.last() else {
        return String::new();
    };
    let chance = 1.0 / classes.max(1) as f64;
    let reached = r.history.iter().find(|h| h.test_acc >= 0.9).map(|h| h.step);
    let mut s = format!(
        "step {}: test accuracy {:.0} %",
        last.step,
        100.0 * last.test_acc
    );
    if let Some(k) = reached {
        s.push_str(&format!(" · reached 90 % at step {k}"));
    } else if last.step >= 100 && (last.test_acc - chance).abs() < 0.06 {
        s.push_str(&format!(" · stuck at chance ({:.0} %)", 100.0 * chance));
    }
    s
}

/// The race view.
#[component]
pub fn RaceView() -> impl IntoView {
    let st = use_context::<RaceState>().unwrap_or_else(RaceState::from_url);
    st.attach();
    // A new config: a new race (and the URL follows). The worker's Ready starts the first one.
    Effect::new(move |prev: Option<()>| {
        let cfg = st.config.get();
        dom::replace_hash(&format!("race?{}", cfg.to_query()));
        if prev.is_some() {
            st.new_race();
        }
    });
    Effect::new(move |_| {
        if st.playing.get() && !st.waiting.get_value() {
            st.run(st.speed.get_untracked(), RECORD_EVERY);
        }
    });
    // The test points, regenerated here from the seed (the worker does the same).
    let data = Memo::new(move |_| st.config.with(|c| generate(c.dataset, c.seed)));
    let curves = move |root: &CanvasArea, w: u32| {
        st.snapshot.with(|s| {
            s.as_ref().map(|s| {
                let labels: Vec<String> = st
                    .config
                    .with(|c| c.inits.iter().map(racer_label).collect());
                draw_curves_labelled(
                    root,
                    &s.racers,
                    &labels,
                    s.step.max(200),
                    Fonts::for_width(w),
                )
            })
        })
    };
    let step_text = move || st.snapshot.with(|s| s.as_ref().map_or(0, |s| s.step));
    view! {
        <article class="prose race" id="race">
            <h2>"Training race"</h2>
            <p>
                "The same network, the same data, the same minibatches and the same optimizer — only the \
                 initialization differs. Press play and watch which one learns."
            </p>
            <Show when=move || st.notices.with(|n| !n.is_empty())>
                <div id="race-notice" class="notice" role="alert">
                    <p>
                        <strong>"Some race settings in this link were ignored:"</strong>
                    </p>
                    <ul>
                        {move || {
                            st.notices
                                .get()
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <li>
                                            <code>{format!("{}={}", e.name, e.value)}</code>
                                            " — "
                                            {e.reason}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </Show>
            <div class="button-row race-buttons">
                <button
                    type="button"
                    id="race-play"
                    class="primary"
                    on:click=move |_| st.playing.update(|p| *p = !*p)
                >
                    {move || {
                        if st.playing.get() {
                            view! {
                                <svg
                                    class="glyph"
                                    viewBox="0 0 10 10"
                                    width="12"
                                    height="12"
                                    aria-hidden="true"
                                >
                                    <rect x="1" y="1" width="3" height="8" fill="currentColor" />
                                    <rect x="6" y="1" width="3" height="8" fill="currentColor" />
                                </svg>
                                " Pause"
                            }
                                .into_any()
                        } else {
                            view! {
                                <svg
                                    class="glyph"
                                    viewBox="0 0 10 10"
                                    width="12"
                                    height="12"
                                    aria-hidden="true"
                                >
                                    <path d="M2 1 L9 5 L2 9 Z" fill="currentColor" />
                                </svg>
                                " Play"
                            }
                                .into_any()
                        }
                    }}
                </button>
                <button
                    type="button"
                    id="race-step"
                    on:click=move |_| {
                        st.playing.set(false);
                        if !st.waiting.get_value() {
                            st.run(1, 1);
                        }
                    }
                >
                    "Step"
                </button>
                <button
                    type="button"
                    id="race-reset"
                    on:click=move |_| {
                        st.playing.set(false);
                        st.new_race();
                    }
                >
                    "Reset"
                </button>
                <label for="race-speed">"speed"</label>
                <select
                    id="race-speed"
                    on:change=move |ev| st.speed.set(event_target_value(&ev).parse().unwrap_or(4))
                >
                    {[(1, "slow"), (4, "normal"), (16, "fast"), (64, "fastest")]
                        .into_iter()
                        .map(|(v, t)| {
                            view! {
                                <option value=v.to_string() selected=move || st.speed.get() == v>
                                    {t}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <span class="status" id="race-step-count" data-step=step_text>
                    {move || format!("step {}", step_text())}
                </span>
            </div>
            // The chart right under the Play button (at 1280×720 too), the racers under it; the preset races
            // and the settings follow.
            <ChartCanvas
                draw=curves
                id="race-curves"
                class="chart"
                label="Training loss and test accuracy of each network; the verdicts below say the same in words"
            />
            <div class="racers">
                {move || {
                    (0..st.config.with(|c| c.inits.len()))
                        .map(|i| view! { <RacerPanel st=st index=i data=data /> })
                        .collect_view()
                }}
            </div>
            <super::race_controls::RacePresets st=st />
            <details class="race-settings" open>
                <summary>"Settings"</summary>
                <super::race_controls::RaceControls st=st />
            </details>
        </article>
    }
}

#[component]
fn RacerPanel(
    st: RaceState,
    index: usize,
    data: Memo<initscope::train::data::Data>,
) -> impl IntoView {
    let (color, dash) = racer_style(index);
    let boundary = move |root: &CanvasArea, w: u32| {
        st.boundaries.with(|bs| {
            let Some(Some(probs)) = bs.get(index) else {
                return None;
            };
            let classes = st
                .snapshot
                .with_untracked(|s| s.as_ref().map_or(2, |s| s.classes));
            Some(data.with(|d| {
                draw_boundary(
                    root,
                    probs,
                    classes,
                    (&d.test_x, &d.test_y),
                    "boundary",
                    Fonts::for_width(w),
                )
            }))
        })
    };
    let grads = move |root: &CanvasArea, w: u32| {
        st.snapshot.with(|s| {
            let s = s.as_ref()?;
            let racer = s.racers.get(index)?;
            let logs = s
                .racers
                .iter()
                .flat_map(|x| x.grad_norms.iter().flatten())
                .filter(|g| **g > 0.0 && g.is_finite())
                .map(|g| log10(*g));
            let (lo, hi) = logs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            let range = if lo.is_finite() {
                (lo, hi.max(lo + 1.0))
            } else {
                (-8.0, 0.0)
            };
            Some(draw_grad_norms(
                root,
                racer,
                range,
                "‖∂L/∂W‖ by layer",
                Fonts::for_width(w),
            ))
        })
    };
    let label = move || {
        st.config
            .with(|c| c.inits.get(index).map(racer_label).unwrap_or_default())
    };
    let trace = move |f: fn(&RacerTrace, usize) -> String| {
        st.snapshot.with(|s| {
            s.as_ref()
                .and_then(|s| s.racers.get(index).map(|r| f(r, s.classes)))
                .unwrap_or_default()
        })
    };
    let verdict = move || trace(racer_verdict);
    let diverged = move || trace(|r, _| r.diverged_at.map(|k| k.to_string()).unwrap_or_default());
    let acc = move || {
        trace(|r, _| {
            r.history
                .last()
                .map(|h| h.test_acc.to_string())
                .unwrap_or_default()
        })
    };
    // The last recorded loss, in Rust's shortest round-trip form (the tests compare it with the CLI's).
    let loss = move || {
        trace(|r, _| {
            r.history
                .last()
                .map(|h| h.loss.to_string())
                .unwrap_or_default()
        })
    };
    let recorded = move || {
        trace(|r, _| {
            r.history
                .last()
                .map(|h| h.step.to_string())
                .unwrap_or_default()
        })
    };
    view! {
        <section
            class="card racer"
            data-racer=index
            data-test-acc=acc
            data-loss=loss
            data-recorded-step=recorded
            data-diverged-at=diverged
        >
            // The racer's line as the loss chart draws it: its colour and its own dash pattern.
            <h3>
                <svg class="race-swatch" width="32" height="8" aria-hidden="true">
                    <line
                        x1="0"
                        y1="4"
                        x2="32"
                        y2="4"
                        stroke=css(color)
                        stroke-width="4"
                        stroke-dasharray=dash.pattern().map(|(on, off)| format!("{on} {off}"))
                    />
                </svg>
                {label}
            </h3>
            <p class="racer-verdict">{verdict}</p>
            <div class="racer-charts">
                <ChartCanvas
                    draw=boundary
                    class="mini square"
                    label="Decision boundary on the test points"
                />
                <ChartCanvas draw=grads class="mini" label="Gradient norm per layer over time" />
            </div>
        </section>
    }
}
