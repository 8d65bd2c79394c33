//! The settings panel. Every control writes the one config through [`Config::set_param`], so the form, the
//! URL and the CLI accept and reject exactly the same values, with the same messages.

use super::dom;
use super::lab::LabState;
use initscope::engine::config::{self, Config};
use initscope::engine::{Activation, InitFamily, Initializer};
use initscope::state::Param;
use leptos::prelude::*;

fn state() -> LabState {
    expect_context::<LabState>()
}

/// Set one parameter from text; on rejection the config is untouched and the reason returned.
fn apply(p: Param, value: &str) -> Result<(), String> {
    let st = state();
    let mut c = st.config.get_untracked();
    c.set_param(p, value).map_err(|e| e.to_string())?;
    if let Err(errs) = c.validate() {
        return Err(errs.first().map(|e| e.to_string()).unwrap_or_default());
    }
    st.config.set(c);
    Ok(())
}

/// The whole settings panel.
#[component]
pub fn Controls() -> impl IntoView {
    let st = state();
    let init = move || st.config.with(|c| c.init);
    let act = move || st.config.with(|c| c.activation);
    view! {
        <form class="controls" on:submit=|ev| ev.prevent_default()>
            <fieldset>
                <legend>"Initializer"</legend>
                <InitSelect/>
                <Show when=move || init().takes_scale()>
                    <NumberField param=Param::Scale label=Signal::derive(move || format!("{} (scale)", init().scale_name().unwrap_or("scale")))
                        min=*config::SCALE.start() max=*config::SCALE.end() step=0.01 slider=false/>
                </Show>
                <Show when=move || init().takes_gain()>
                    <NumberField param=Param::Gain label=Signal::derive(|| "gain".to_string())
                        min=*config::GAIN.start() max=*config::GAIN.end() step=0.01 slider=false/>
                    <GainButtons/>
                </Show>
                <Show when=move || init().takes_mode()>
                    <ModeSelect/>
                </Show>
                <Show when=move || init().takes_keras()>
                    <KerasToggle/>
                </Show>
                <p class="formula" id="init-formula">{move || init().formula()}</p>
            </fieldset>
            <fieldset>
                <legend>"Activation"</legend>
                <ActivationSelect/>
                <Show when=move || act().has_slope()>
                    <NumberField param=Param::Slope label=Signal::derive(|| "negative slope".to_string())
                        min=*config::SLOPE.start() max=*config::SLOPE.end() step=0.01 slider=false/>
                </Show>
                <p class="formula">{move || act().formula()}</p>
            </fieldset>
            <fieldset>
                <legend>"Network"</legend>
                <NumberField param=Param::Depth label=Signal::derive(|| "depth (layers)".to_string())
                    min=*config::DEPTH.start() as f64 max=*config::DEPTH.end() as f64 step=1.0 slider=true/>
                <NumberField param=Param::Width label=Signal::derive(|| "width (units per layer)".to_string())
                    min=*config::WIDTH.start() as f64 max=*config::WIDTH.end() as f64 step=1.0 slider=true/>
                <NumberField param=Param::Batch label=Signal::derive(|| "batch (examples)".to_string())
                    min=*config::BATCH.start() as f64 max=*config::BATCH.end() as f64 step=1.0 slider=true/>
                <NumberField param=Param::InputWidth label=Signal::derive(|| "input width".to_string())
                    min=*config::INPUT_WIDTH.start() as f64 max=*config::INPUT_WIDTH.end() as f64 step=1.0 slider=false/>
                <NumberField param=Param::BiasStd label=Signal::derive(|| "bias std (0 = zero biases)".to_string())
                    min=*config::BIAS_STD.start() max=*config::BIAS_STD.end() step=0.01 slider=false/>
            </fieldset>
            <fieldset>
                <legend>"Randomness"</legend>
                <NumberField param=Param::Seed label=Signal::derive(|| "seed".to_string())
                    min=0.0 max=u64::MAX as f64 step=1.0 slider=false/>
                <button type="button" id="new-seed" on:click=move |_| {
                    let seed = dom::random_seed();
                    st.config.update(|c| c.seed = seed);
                }>"New seed"</button>
                <button type="button" id="reset" on:click=move |_| st.config.set(Config::default())>
                    "Reset all"
                </button>
            </fieldset>
        </form>
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
        <label for="init">"Initializer"</label>
        <select id="init" name="init" aria-describedby="init-formula"
            on:change=move |ev| { let _ = apply(Param::Init, &event_target_value(&ev)); }>
            {groups.into_iter().map(|(label, fam)| view! {
                <optgroup label=label>
                    {Initializer::ALL.into_iter().filter(|i| i.family() == fam).map(|i| view! {
                        <option value=i.id() selected=move || st.config.with(|c| c.init == i)>{i.label()}</option>
                    }).collect_view()}
                </optgroup>
            }).collect_view()}
        </select>
    }
}

#[component]
fn ActivationSelect() -> impl IntoView {
    let st = state();
    view! {
        <label for="activation">"Activation"</label>
        <select id="activation" name="activation"
            on:change=move |ev| { let _ = apply(Param::Activation, &event_target_value(&ev)); }>
            {Activation::ALL.into_iter().map(|a| view! {
                <option value=a.id() selected=move || st.config.with(|c| c.activation == a)>{a.label()}</option>
            }).collect_view()}
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
        <label for="mode">"fan mode"</label>
        <select id="mode" name="mode" on:change=move |ev| { let _ = apply(Param::Mode, &event_target_value(&ev)); }>
            <option value="fan-in" selected=move || !is_out()>"fan_in (keeps the forward variance)"</option>
            <option value="fan-out" selected=is_out>"fan_out (keeps the backward variance)"</option>
        </select>
    }
}

#[component]
fn KerasToggle() -> impl IntoView {
    let st = state();
    view! {
        <label class="check">
            <input type="checkbox" id="keras" name="keras"
                prop:checked=move || st.config.with(|c| c.keras)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    st.config.update(|c| c.keras = on);
                }/>
            " Keras convention (truncated normal, std ÷ 0.8796)"
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
            <button type="button" id="gain-recommended"
                on:click=move |_| { let g = rec(); st.config.update(|c| c.gain = Some(g)); }>
                {move || format!("calculate_gain({}) = {:.4}", st.config.with(|c| c.activation.id()), rec())}
            </button>
            <button type="button" id="gain-default" on:click=move |_| st.config.update(|c| c.gain = None)>
                "default"
            </button>
        </div>
    }
}

/// A labelled number box (committed on change) and, optionally, a slider that applies while dragging.
#[component]
fn NumberField(
    /// Which parameter this edits.
    param: Param,
    /// The visible label.
    label: Signal<String>,
    /// Smallest value.
    min: f64,
    /// Largest value.
    max: f64,
    /// Step of the arrows and the slider.
    step: f64,
    /// Whether to show a slider too.
    slider: bool,
) -> impl IntoView {
    let st = state();
    let error = RwSignal::new(None::<String>);
    let id = param.name();
    let err_id = format!("{id}-error");
    let value = move || st.config.with(|c| c.param_text(param));
    let set = move |v: String| error.set(apply(param, &v).err());
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="field-row">
                {slider.then(|| view! {
                    <input type="range" id=format!("{id}-slider") min=min max=max step=step
                        aria-label=move || label.get()
                        prop:value=value
                        on:input=move |ev| set(event_target_value(&ev))/>
                })}
                <input type="number" id=id name=id min=min max=max step=step inputmode="decimal"
                    class:invalid=move || error.with(Option::is_some)
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=err_id.clone()
                    prop:value=value
                    on:change=move |ev| set(event_target_value(&ev))/>
            </div>
            <p class="field-error" id=err_id role="status">{move || error.get()}</p>
        </div>
    }
}
