//! The training race (`#race?…`): the same MLP trained from up to four initializers, in slices of at most
//! ~12 ms per animation frame so the page never freezes; play, pause, step, reset and speed.

use super::dom;
use crate::charts::palette::css;
use crate::charts::race::{draw_boundary, draw_curves, draw_grad_norms, racer_style};
use crate::charts::Fonts;
use crate::engine::Initializer;
use crate::state::ParamError;
use crate::train::params::parse_race_query;
use crate::train::race::{init_label, Race, Racer, TrainConfig, MAX_RACERS};
use crate::train::Dataset;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

/// Record the curves every this many steps.
const RECORD_EVERY: usize = 10;
/// Main-thread budget per animation frame.
const SLICE_MS: f64 = 12.0;
/// The race pauses itself here.
const MAX_STEPS: usize = 5000;

#[derive(Clone, Copy)]
struct RaceState {
    config: RwSignal<TrainConfig>,
    race: StoredValue<Race>,
    tick: RwSignal<u64>,
    playing: RwSignal<bool>,
    speed: RwSignal<usize>,
    notices: RwSignal<Vec<ParamError>>,
}

fn hash_query() -> String {
    dom::location_hash()
        .split_once('?')
        .map(|(_, q)| q.to_string())
        .unwrap_or_default()
}

/// One animation frame's worth of training, then the next frame if still playing.
fn frame(st: RaceState) {
    if !st.playing.get_untracked() {
        return;
    }
    let t0 = dom::now_ms();
    let speed = st.speed.get_untracked();
        st.race.update_value(|r| {
        // Units of work are one network's step or evaluation, so even the largest settings stay in slices.
        let mut n = 0;
        while n < speed && dom::now_ms() - t0 < SLICE_MS && r.step < MAX_STEPS {
            if r.advance(RECORD_EVERY) {
                n += 1;
            }
        }
    });
    if st
        .race
        .with_value(|r| r.step >= MAX_STEPS || r.racers.iter().all(|x| x.diverged_at.is_some()))
    {
        st.playing.set(false);
    }
    st.tick.update(|t| *t += 1);
    request_animation_frame(move || frame(st));
}

/// The verdict on one racer, in words.
fn racer_verdict(r: &Racer, classes: usize) -> String {
    if let Some(k) = r.diverged_at {
        return format!("diverged at step {k}: the loss or the weights became non-finite");
    }
    let Some(last) = r.history.last() else {
        return String::new();
    };
    let chance = 1.0 / classes as f64;
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

fn draw_on(
    canvas: &web_sys::HtmlCanvasElement,
    f: impl FnOnce(&DrawingArea<CanvasBackend, plotters::coord::Shift>, u32),
) {
    let dpr = window().device_pixel_ratio().max(1.0);
    let rect = canvas.get_bounding_client_rect();
    let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
    canvas.set_width((w * dpr).round() as u32);
    canvas.set_height((h * dpr).round() as u32);
    if let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    {
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    }
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        f(
            &backend
                .into_drawing_area()
                .shrink((0, 0), (w as u32, h as u32)),
            w as u32,
        );
    }
}

/// The race view.
#[component]
pub fn RaceView() -> impl IntoView {
    let (cfg0, errors) = parse_race_query(&hash_query());
    let st = RaceState {
        config: RwSignal::new(cfg0.clone()),
        race: StoredValue::new(Race::new(cfg0)),
        tick: RwSignal::new(0),
        playing: RwSignal::new(false),
        speed: RwSignal::new(4),
        notices: RwSignal::new(errors),
    };
    // A new config: a new race (and the URL follows).
    Effect::new(move |prev: Option<()>| {
        let cfg = st.config.get();
        dom::replace_hash(&format!("race?{}", cfg.to_query()));
        if prev.is_some() {
            st.race.set_value(Race::new(cfg));
            st.tick.update(|t| *t += 1);
        }
    });
    Effect::new(move |_| {
        if st.playing.get() {
            request_animation_frame(move || frame(st));
        }
    });
    let curves = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        st.tick.track();
        let Some(c) = curves.get() else { return };
        st.race.with_value(|r| {
            let steps = r.step.max(200);
            draw_on(&c, |root, w| {
                let _ = draw_curves(root, &r.racers, steps, Fonts::for_width(w));
            })
        });
    });
    let step_text = move || {
        st.tick.track();
        st.race.with_value(|r| r.step)
    };
    view! {
        <article class="prose race" id="race">
            <h2>"Training race"</h2>
            <p>"The same network, the same data, the same minibatches and the same optimizer — only the \
                initialization differs. Press play and watch which one learns."</p>
            <Show when=move || st.notices.with(|n| !n.is_empty())>
                <div id="race-notice" class="notice" role="alert">
                    <p><strong>"Some race settings in this link were ignored:"</strong></p>
                    <ul>{move || st.notices.get().into_iter().map(|e| view! { <li><code>{format!("{}={}", e.name, e.value)}</code>" — "{e.reason}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <RaceControls st=st/>
            <div class="button-row race-buttons">
                <button type="button" id="race-play" class="primary" on:click=move |_| st.playing.update(|p| *p = !*p)>
                    {move || if st.playing.get() { "⏸ Pause" } else { "▶ Play" }}
                </button>
                <button type="button" id="race-step" on:click=move |_| {
                                        st.race.update_value(|r| while !r.advance(1) {});
                    st.tick.update(|t| *t += 1);
                }>"Step"</button>
                <button type="button" id="race-reset" on:click=move |_| {
                    st.playing.set(false);
                    st.race.set_value(Race::new(st.config.get_untracked()));
                    st.tick.update(|t| *t += 1);
                }>"Reset"</button>
                <label for="race-speed">"speed"</label>
                <select id="race-speed" on:change=move |ev| st.speed.set(event_target_value(&ev).parse().unwrap_or(4))>
                    {[(1, "slow"), (4, "normal"), (16, "fast"), (64, "fastest")].into_iter().map(|(v, t)| view! {
                        <option value=v.to_string() selected=move || st.speed.get() == v>{t}</option>
                    }).collect_view()}
                </select>
                <span class="status" id="race-step-count" data-step=step_text>{move || format!("step {}", step_text())}</span>
            </div>
            <canvas node_ref=curves id="race-curves" class="chart" role="img"
                aria-label="Training loss and test accuracy of each network; the verdicts below say the same in words"></canvas>
            <div class="racers">
                {move || (0..st.config.with(|c| c.inits.len())).map(|i| view! { <RacerPanel st=st index=i/> }).collect_view()}
            </div>
        </article>
    }
}

#[component]
fn RacerPanel(st: RaceState, index: usize) -> impl IntoView {
    let boundary = NodeRef::<Canvas>::new();
    let grads = NodeRef::<Canvas>::new();
    let (color, dash) = racer_style(index);
    Effect::new(move |_| {
        let t = st.tick.get();
        // Boundaries cost a forward pass over a grid: redraw them every 8th frame, or when paused.
        if st.playing.get_untracked() && !t.is_multiple_of(8) {
            return;
        }
        let (Some(b), Some(g)) = (boundary.get(), grads.get()) else {
            return;
        };
        st.race.with_value(|r| {
            let Some(racer) = r.racers.get(index) else {
                return;
            };
            draw_on(&b, |root, w| {
                let _ = draw_boundary(
                    root,
                    &racer.net,
                    (&r.data.test_x, &r.data.test_y),
                    "boundary",
                    Fonts::for_width(w),
                );
            });
            let logs = r
                .racers
                .iter()
                .flat_map(|x| x.grad_norms.iter().flatten())
                .filter(|g| **g > 0.0 && g.is_finite())
                .map(|g| g.log10());
            let (lo, hi) = logs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            let range = if lo.is_finite() {
                (lo, hi.max(lo + 1.0))
            } else {
                (-8.0, 0.0)
            };
            draw_on(&g, |root, w| {
                let _ =
                    draw_grad_norms(root, racer, range, "‖∂L/∂W‖ by layer", Fonts::for_width(w));
            });
        });
    });
    let label = move || {
        st.race.with_value(|r| {
            r.racers
                .get(index)
                .map(|x| init_label(&x.init))
                .unwrap_or_default()
        })
    };
    let verdict = move || {
        st.tick.track();
        st.race.with_value(|r| {
            r.racers
                .get(index)
                .map(|x| racer_verdict(x, r.data.classes))
                .unwrap_or_default()
        })
    };
    let diverged = move || {
        st.tick.track();
        st.race.with_value(|r| {
            r.racers
                .get(index)
                .and_then(|x| x.diverged_at)
                .map(|k| k.to_string())
                .unwrap_or_default()
        })
    };
    let acc = move || {
        st.tick.track();
        st.race.with_value(|r| {
            r.racers
                .get(index)
                .and_then(|x| x.history.last())
                .map(|h| h.test_acc.to_string())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card racer" data-racer=index data-test-acc=acc data-diverged-at=diverged>
            <h3><span class="race-swatch" style=format!("border-top: 4px {} {}", if dash.pattern().is_some() { "dashed" } else { "solid" }, css(color))></span>{label}</h3>
            <p class="racer-verdict">{verdict}</p>
            <div class="racer-charts">
                <canvas node_ref=boundary class="mini" role="img" aria-label="Decision boundary on the test points"></canvas>
                <canvas node_ref=grads class="mini" role="img" aria-label="Gradient norm per layer over time"></canvas>
            </div>
        </section>
    }
}

#[component]
fn RaceControls(st: RaceState) -> impl IntoView {
    let set = move |name: &'static str, v: String| {
        let mut c = st.config.get_untracked();
        match c.set(name, &v) {
            Ok(()) => {
                st.notices.set(Vec::new());
                st.config.set(c);
            }
            Err(e) => st.notices.set(vec![e]),
        }
    };
    let slot = move |i: usize| {
        let id = format!("race-init-{}", i + 1);
        let current = move || {
            st.config
                .with(|c| c.inits.get(i).map(|s| s.kind.id()).unwrap_or(""))
        };
        view! {
            <div class="field">
                <label for=id.clone()>{format!("initializer {}", i + 1)}</label>
                <select id=id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let mut ids: Vec<String> = st.config.with_untracked(|c| c.inits.iter().map(|s| s.kind.id().to_string()).collect());
                    if v.is_empty() { if i < ids.len() { ids.remove(i); } } else if i < ids.len() { ids[i] = v } else { ids.push(v) }
                    set("inits", ids.join(","));
                }>
                    {(i > 0).then(|| view! { <option value="" selected=move || current().is_empty()>"— none —"</option> })}
                    {Initializer::ALL.into_iter().map(|k| view! { <option value=k.id() selected=move || current() == k.id()>{k.label()}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    let field = move |name: &'static str, label: &'static str, value: Signal<String>| {
        view! {
            <div class="field">
                <label for=format!("race-{name}")>{label}</label>
                <input type="number" id=format!("race-{name}") prop:value=value step="any" on:change=move |ev| set(name, event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <form class="race-controls card" on:submit=|ev| ev.prevent_default()>
            {(0..MAX_RACERS).map(slot).collect_view()}
            {field("scale", "scale (a, σ, c of naive inits)", Signal::derive(move || st.config.with(|c| c.inits.first().map_or(1.0, |s| s.scale).to_string())))}
            <div class="field">
                <label for="race-activation">"activation"</label>
                <select id="race-activation" on:change=move |ev| set("activation", event_target_value(&ev))>
                    {crate::engine::Activation::ALL.into_iter().map(|a| view! { <option value=a.id() selected=move || st.config.with(|c| c.activation == a)>{a.label()}</option> }).collect_view()}
                </select>
            </div>
            {field("depth", "hidden layers (2–20)", Signal::derive(move || st.config.with(|c| c.depth.to_string())))}
            {field("width", "width (8–128)", Signal::derive(move || st.config.with(|c| c.width.to_string())))}
            <div class="field">
                <label for="race-dataset">"dataset"</label>
                <select id="race-dataset" on:change=move |ev| set("dataset", event_target_value(&ev))>
                    {Dataset::ALL.into_iter().map(|d| view! { <option value=d.id() selected=move || st.config.with(|c| c.dataset == d)>{d.id()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="race-optimizer">"optimizer"</label>
                <select id="race-optimizer" on:change=move |ev| set("optimizer", event_target_value(&ev))>
                    <option value="adam" selected=move || st.config.with(|c| c.optimizer.id() == "adam")>"Adam"</option>
                    <option value="sgd" selected=move || st.config.with(|c| c.optimizer.id() == "sgd")>"SGD + momentum 0.9"</option>
                </select>
            </div>
            {field("lr", "learning rate", Signal::derive(move || st.config.with(|c| c.lr.to_string())))}
            {field("batch", "minibatch", Signal::derive(move || st.config.with(|c| c.batch.to_string())))}
            {field("seed", "seed", Signal::derive(move || st.config.with(|c| c.seed.to_string())))}
        </form>
    }
}
