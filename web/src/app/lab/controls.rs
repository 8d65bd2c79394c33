//! The settings panel. Every control writes the one config through [`Config::set_param`], so the form, the
//! URL and the CLI accept and reject exactly the same values, with the same messages; labels, ranges, steps
//! and help come from the parameter table ([`Param::spec`]), and a control shows only while its parameter
//! applies ([`Param::applies`], the rule behind the CLI's "does not apply" warning).

use super::arch_controls::ArchFields;
use super::dom;
use super::lab::LabState;
use crate::charts::for_people;
use initscope::engine::config::Config;
use initscope::engine::{Activation, InitFamily, Initializer};
use initscope::state::{Kind, Param};
use leptos::prelude::*;

/// A setting's text as shown to people: a number with a fraction rounded ([`for_people`]); anything else
/// (whole numbers, seeds, ids) as it is.
pub(super) fn shown(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(x) if text.contains('.') && x.is_finite() => for_people(x),
        _ => text.to_string(),
    }
}

/// Tell the charts their boxes may have changed size (opening the settings beside the chart in presentation
/// mode narrows it): after the next layout, the same redraw as a window resize.
fn relayout_charts() {
    request_animation_frame(|| {
        if let Ok(ev) = web_sys::Event::new("resize") {
            let _ = window().dispatch_event(&ev);
        }
    });
}

/// The text an arrow key writes: whole steps as whole numbers, fractional steps without float noise
/// (1.4142 + 0.01 → "1.4242", not "1.4242000000000001").
fn stepped_text(x: f64, step: f64) -> String {
    if step.fract() == 0.0 {
        format!("{}", x.round())
    } else {
        for_people(x)
    }
}

/// The Lab's state, from context.
pub(super) fn state() -> LabState {
    expect_context::<LabState>()
}

/// Set one parameter from text; on rejection the config is untouched and the reason returned. A setting
/// that the change leaves meaningless and invalid (a negative c when leaving constant) goes back to its
/// default; a value invalid in itself is refused.
pub(super) fn apply(p: Param, value: &str) -> Result<(), String> {
    let st = state();
    let mut c = st.config.get_untracked();
    c.set_param(p, value).map_err(|e| e.to_string())?;
    if let Some(e) = c.reset_invalid().into_iter().find(|e| e.name == p.name()) {
        return Err(e.reason);
    }
    st.config.set(c);
    Ok(())
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

/// A labelled number box (committed on change) and, when the table asks for one, a slider that applies while
/// dragging; label, range, step and help all from [`Param::spec`].
#[component]
pub(super) fn NumberField(
    /// Which parameter this edits.
    param: Param,
) -> impl IntoView {
    let st = state();
    let spec = param.spec();
    let (min, max) = spec.bounds().unwrap_or((f64::MIN, f64::MAX));
    let (step, help) = (spec.step, spec.help);
    let error = RwSignal::new(None::<String>);
    let id = spec.name;
    let err_id = format!("{id}-error");
    let label = Signal::derive(move || {
        st.config.with(|c| match param {
            Param::Depth => param.label_in(c).replace("layers", c.arch.depth_noun()),
            _ => param.label_in(c),
        })
    });
    // Shown rounded for people (gain 1.4142, not 1.4142135623730951); the config keeps every digit.
    let value = move || st.config.with(|c| shown(&c.param_text(param)));
    let inputmode = match spec.kind {
        Kind::Real(_) => "decimal",
        _ => "numeric",
    };
    let set = move |v: String| error.set(apply(param, &v).err());
    // A refused entry leaves the config as it was; once it changes any other way (Reset all, a demo, another
    // field), the box shows the config's value again and the message about the refused text goes.
    Effect::new(move |seen: Option<()>| {
        st.config.track();
        if seen.is_some() {
            error.set(None);
        }
    });
    view! {
        <div class="field">
            <label for=id title=help>
                {label}
            </label>
            <div class="field-row">
                {spec
                    .slider
                    .map(|(min, max)| {
                        view! {
                            <input
                                type="range"
                                id=format!("{id}-slider")
                                min=min
                                max=max
                                step=step
                                aria-label=move || label.get()
                                prop:value=value
                                on:input=move |ev| set(event_target_value(&ev))
                            />
                        }
                    })}
                // Text, not type="number": a number box hands over "" for text it cannot read, and the
                // message must name what was typed ("gain=abc is not a number"). Arrows still step.
                <input
                    type="text"
                    id=id
                    name=id
                    inputmode=inputmode
                    class="num"
                    autocomplete="off"
                    spellcheck="false"
                    on:keydown=move |ev| {
                        let delta = match ev.key().as_str() {
                            "ArrowUp" => step,
                            "ArrowDown" => -step,
                            _ => return,
                        };
                        if let Ok(x) = event_target_value(&ev).trim().parse::<f64>() {
                            ev.prevent_default();
                            let next = (x + delta).clamp(min, max);
                            set(stepped_text(next, step));
                        }
                    }
                    class:invalid=move || error.with(Option::is_some)
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=err_id.clone()
                    prop:value=value
                    on:change=move |ev| set(event_target_value(&ev))
                />
            </div>
            <p class="field-error" id=err_id role="status">
                {move || error.get()}
            </p>
        </div>
    }
}

/// The verdict's headline without its band, for the open settings drawer's button ("· ▼ Vanishing").
fn drawer_verdict(st: LabState) -> String {
    if st.busy.get() {
        return "· computing…".into();
    }
    let headline = super::panels::headline(st);
    format!("· {}", headline.split(" (").next().unwrap_or(headline))
}
