//! The settings panel. Every control writes the one config through [`Config::set_param`], so the form, the
//! URL and the CLI accept and reject exactly the same values, with the same messages; labels, ranges, steps
//! and help come from the parameter table ([`Param::spec`]), and a control shows only while its parameter
//! applies ([`Param::applies`], the rule behind the CLI's "does not apply" warning).

use super::arch_controls::ArchFields;
use super::fields::{apply, state, NumberField};
use super::state::LabState;
use crate::app::dom;
use initscope::engine::config::Config;
use initscope::engine::{Activation, InitFamily, Initializer};
use initscope::state::Param;
use leptos::prelude::*;

/// Tell the charts their boxes may have changed size (opening the settings beside the chart in presentation
/// mode narrows it): after the next layout, the same redraw as a window resize.
fn relayout_charts() {
    request_animation_frame(|| {
        if let Ok(ev) = web_sys::Event::new("resize") {
            let _ = window().dispatch_event(&ev);
        }
    });
}

/// Whether `p` changes anything in the current config.
fn applies(st: LabState, p: Param) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    move || st.config.with(|c| p.applies(c))
}

/// The whole settings panel.
#[component]
pub fn Controls() -> impl IntoView {
    let st = state();
    let init = move || st.config.with(|c| c.init);
    let act = move || st.config.with(|c| c.activation);
    // On phones and in presentation mode the settings sit behind one "Settings" button (closed at first, so
    // the chart comes first); elsewhere the button is hidden and the form always shown (style/main.css).
    let open = RwSignal::new(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    let close_on_escape = move |ev: web_sys::KeyboardEvent| {
        let shown = toggle
            .get_untracked()
            .is_some_and(|b| b.offset_parent().is_some());
        if ev.key() == "Escape" && shown && open.get_untracked() {
            // Handled: presentation mode's Escape (leave it) waits for the next press.
            ev.prevent_default();
            open.set(false);
            relayout_charts();
            if let Some(b) = toggle.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <div class="settings" data-open=move || open.get().to_string() on:keydown=close_on_escape>
            <button
                type="button"
                id="settings-toggle"
                class="settings-toggle"
                node_ref=toggle
                aria-expanded=move || open.get().to_string()
                aria-controls="settings-form"
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    relayout_charts();
                }
            >
                <svg class="glyph" viewBox="0 0 10 10" width="12" height="12" aria-hidden="true">
                    <path
                        d=move || if open.get() { "M1 3 L9 3 L5 8 Z" } else { "M3 1 L8 5 L3 9 Z" }
                        fill="currentColor"
                    />
                </svg>
                " Settings"
                // On a phone the open drawer fills the screen: its button (sticky at the top) says what the
                // change just made did, so the reader need not scroll down to the chart to see it.
                <span class="settings-verdict" aria-hidden="true">
                    {move || drawer_verdict(st)}
                </span>
            </button>
            <form class="controls" id="settings-form" on:submit=|ev| ev.prevent_default()>
                <fieldset>
                    <legend>"Initializer"</legend>
                    <InitSelect />
                    <Show when=applies(st, Param::Scale)>
                        <NumberField param=Param::Scale />
                    </Show>
                    <Show when=applies(st, Param::Gain)>
                        <NumberField param=Param::Gain />
                        <GainButtons />
                    </Show>
                    <Show when=applies(st, Param::Mode)>
                        <ModeSelect />
                    </Show>
                    <Show when=applies(st, Param::Keras)>
                        <KerasToggle />
                    </Show>
                    <p class="formula" id="init-formula">
                        {move || init().formula()}
                    </p>
                    <p class="formula" id="init-fans">
                        {move || st.config.with(|c| c.arch.model().fans_note(c))}
                    </p>
                </fieldset>
                // Depth and width right after the initializer: the sliders a learner drags while watching the chart
                // stay in view beside it (the panel is sticky) at 1366×768.
                <fieldset>
                    <legend>"Network"</legend>
                    <NumberField param=Param::Depth />
                    <NumberField param=Param::Width />
                    <NumberField param=Param::Batch />
                    <NumberField param=Param::InputWidth />
                    <NumberField param=Param::BiasStd />
                </fieldset>
                <fieldset>
                    <legend>"Activation"</legend>
                    <ActivationSelect />
                    <Show when=applies(st, Param::Slope)>
                        <NumberField param=Param::Slope />
                    </Show>
                    <p class="formula">{move || act().formula()}</p>
                </fieldset>
                <ArchFields />
                <fieldset>
                    <legend>"Randomness"</legend>
                    <NumberField param=Param::Seed />
                    <button
                        type="button"
                        id="new-seed"
                        on:click=move |_| {
                            let seed = dom::random_seed();
                            st.config.update(|c| c.seed = seed);
                        }
                    >
                        "New seed"
                    </button>
                    // Reset also clears the link's notices: they were about settings that are gone now.
                    <button
                        type="button"
                        id="reset"
                        on:click=move |_| {
                            st.config.set(Config::default());
                            st.notices.set(Vec::new());
                        }
                    >
                        "Reset all"
                    </button>
                </fieldset>
            </form>
        </div>
    }
}

#[component]
fn InitSelect() -> impl IntoView {
    let st = state();
    let groups = [
        ("Naive", InitFamily::Naive),
        ("Variance scaling", InitFamily::VarianceScaling),
        ("Orthogonal", InitFamily::Orthogonal),
    ];
    view! {
        <label for="init" title=Param::Init.spec().help>
            {Param::Init.spec().label}
        </label>
        <select
            id="init"
            name="init"
            aria-describedby="init-formula"
            on:change=move |ev| {
                let _ = apply(Param::Init, &event_target_value(&ev));
            }
        >
            {groups
                .into_iter()
                .map(|(label, fam)| {
                    view! {
                        <optgroup label=label>
                            {Initializer::ALL
                                .into_iter()
                                .filter(|i| i.family() == fam)
                                .map(|i| {
                                    view! {
                                        <option
                                            value=i.id()
                                            selected=move || st.config.with(|c| c.init == i)
                                        >
                                            {i.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </optgroup>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn ActivationSelect() -> impl IntoView {
    let st = state();
    view! {
        <label for="activation" title=Param::Activation.spec().help>
            {Param::Activation.spec().label}
        </label>
        <select
            id="activation"
            name="activation"
            on:change=move |ev| {
                let _ = apply(Param::Activation, &event_target_value(&ev));
            }
        >
            {Activation::ALL
                .into_iter()
                .map(|a| {
                    view! {
                        <option value=a.id() selected=move || st.config.with(|c| c.activation == a)>
                            {a.label()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn ModeSelect() -> impl IntoView {
    let st = state();
    let is_out = move || {
        st.config
            .with(|c| c.mode == initscope::engine::FanMode::FanOut)
    };
    view! {
        <label for="mode" title=Param::Mode.spec().help>
            {Param::Mode.spec().label}
        </label>
        <select
            id="mode"
            name="mode"
            on:change=move |ev| {
                let _ = apply(Param::Mode, &event_target_value(&ev));
            }
        >
            // Short enough for the settings column (the longer wording was cut off there).
            <option value="fan-in" selected=move || !is_out()>
                "fan_in: keeps forward variance"
            </option>
            <option value="fan-out" selected=is_out>
                "fan_out: keeps backward variance"
            </option>
        </select>
    }
}

#[component]
fn KerasToggle() -> impl IntoView {
    let st = state();
    view! {
        <label class="check">
            <input
                type="checkbox"
                id="keras"
                name="keras"
                prop:checked=move || st.config.with(|c| c.keras)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    st.config.update(|c| c.keras = on);
                }
            />
            " "
            {Param::Keras.spec().label}
        </label>
    }
}

/// "Recommended for tanh: 5/3" and "PyTorch default" buttons for the gain.
#[component]
fn GainButtons() -> impl IntoView {
    let st = state();
    let rec = move || {
        st.config
            .with(|c| c.activation.recommended_gain(c.nonlinearity().slope))
    };
    view! {
        <div class="button-row">
            <button
                type="button"
                id="gain-recommended"
                on:click=move |_| {
                    let g = rec();
                    st.config.update(|c| c.gain = Some(g));
                }
            >
                {move || {
                    format!(
                        "calculate_gain({}) = {:.4}",
                        st.config.with(|c| c.activation.id()),
                        rec(),
                    )
                }}
            </button>
            <button
                type="button"
                id="gain-default"
                on:click=move |_| st.config.update(|c| c.gain = None)
            >
                "default"
            </button>
        </div>
    }
}

/// The verdict's headline without its band, for the open settings drawer's button ("· ▼ Vanishing").
fn drawer_verdict(st: LabState) -> String {
    if st.busy.get() {
        return "· computing…".into();
    }
    let headline = super::panels::headline(st);
    format!("· {}", headline.split(" (").next().unwrap_or(&headline))
}
