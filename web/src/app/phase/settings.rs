//! The Lab's settings that place it on the phase map — initializer, its gain or scale, activation (and
//! slope), bias std — editing the Lab's one config through [`Config::set_param`], with the labels, ranges and
//! help of the parameter table ([`Param::spec`]), as the Lab's own panel does.

use initscope::engine::{Activation, Config, Initializer};
use initscope::state::Param;
use leptos::prelude::*;

/// Set `p` from text; on rejection the config is untouched and the reason returned.
fn apply(config: RwSignal<Config>, p: Param, v: &str) -> Result<(), String> {
    let mut c = config.get_untracked();
    c.set_param(p, v).map_err(|e| e.to_string())?;
    if let Some(e) = c.reset_invalid().into_iter().find(|e| e.name == p.name()) {
        return Err(e.reason);
    }
    config.set(c);
    Ok(())
}

/// A select over `ids` (value, label) for `p`.
fn choice(
    config: RwSignal<Config>,
    p: Param,
    ids: Vec<(&'static str, &'static str)>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = format!("phase-{}", p.name());
    view! {
        <label for=id.clone() title=p.spec().help>
            {p.spec().label}
        </label>
        <select
            id=id
            on:change=move |ev| error.set(apply(config, p, &event_target_value(&ev)).err())
        >
            {ids
                .into_iter()
                .map(|(v, label)| {
                    view! {
                        <option value=v selected=move || config.with(|c| c.param_text(p) == v)>
                            {label}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// A parameter's text as people read it: 5 significant digits (gain 1.4142, not 1.4142135623730951); whole
/// numbers and words as they are. The config — and so the URL — keeps every digit (checked end to end in
/// e2e/phase.test.mjs: the app module is wasm-only).
fn for_people(text: String) -> String {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && (text.contains('.') || text.contains('e')) => format!("{x:.4e}")
            .parse::<f64>()
            .map_or(text, |r| r.to_string()),
        _ => text,
    }
}

/// A number box for `p`, shown while it applies (its value rounded for people, see [`for_people`]).
fn number(config: RwSignal<Config>, p: Param, error: RwSignal<Option<String>>) -> impl IntoView {
    let spec = p.spec();
    let (min, max) = spec.bounds().unwrap_or((f64::MIN, f64::MAX));
    let id = format!("phase-{}", p.name());
    view! {
        <Show when=move || config.with(|c| p.applies(c))>
            <label for=id.clone() title=spec.help>
                {move || config.with(|c| p.label_in(c))}
            </label>
            <input
                type="number"
                id=id.clone()
                min=min
                max=max
                step=spec.step
                inputmode="decimal"
                prop:value=move || config.with(|c| for_people(c.param_text(p)))
                data-value=move || config.with(|c| c.param_text(p))
                on:change=move |ev| error.set(apply(config, p, &event_target_value(&ev)).err())
            />
        </Show>
    }
}

/// The settings panel.
#[component]
pub fn PhaseSettings(
    /// The Lab's config.
    config: RwSignal<Config>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let inits = Initializer::ALL
        .iter()
        .map(|i| (i.id(), i.label()))
        .collect();
    let acts = Activation::ALL
        .iter()
        .map(|a| (a.id(), a.label()))
        .collect();
    view! {
        <form class="controls phase-settings" on:submit=|ev| ev.prevent_default()>
            <fieldset>
                <legend>"The Lab's settings"</legend>
                {choice(config, Param::Activation, acts, error)}
                {number(config, Param::Slope, error)}
                {choice(config, Param::Init, inits, error)}
                {number(config, Param::Gain, error)}
                {number(config, Param::Scale, error)}
                {number(config, Param::BiasStd, error)}
                <p class="field-error" role="status">
                    {move || error.get()}
                </p>
            </fieldset>
        </form>
    }
}
