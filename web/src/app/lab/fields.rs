//! What the Lab's settings fields share (the settings panel, the architecture fields and the embed's
//! controls): the Lab's state from context, setting one parameter from text, and the labelled number field.

use super::state::LabState;
use crate::charts::for_people;
use initscope::engine::norm::Norm;
use initscope::engine::Initializer;
use initscope::state::{Kind, Param};
use leptos::prelude::*;

/// A setting's text as shown to people: a number with a fraction rounded ([`for_people`]); anything else
/// (whole numbers, seeds, ids) as it is.
pub(in crate::app) fn shown(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(x) if text.contains('.') && x.is_finite() => for_people(x),
        _ => text.to_string(),
    }
}

/// The text an arrow key writes: whole steps as whole numbers, fractional steps without float noise
/// (1.4142 + 0.01 → "1.4242", not "1.4242000000000001").
pub(in crate::app) fn stepped_text(x: f64, step: f64) -> String {
    if step.fract() == 0.0 {
        format!("{}", x.round())
    } else {
        for_people(x)
    }
}

/// The Lab's state, from context.
pub(in crate::app) fn state() -> LabState {
    expect_context::<LabState>()
}

/// Set one parameter from text; on rejection the config is untouched and the reason returned. A setting
/// that the change leaves meaningless and invalid (a negative c when leaving constant) goes back to its
/// default; a value invalid in itself is refused.
pub(in crate::app) fn apply(p: Param, value: &str) -> Result<(), String> {
    let st = state();
    let mut c = st.config.get_untracked();
    c.set_param(p, value).map_err(|e| e.to_string())?;
    if let Some(e) = c.reset_invalid().into_iter().find(|e| e.name == p.name()) {
        return Err(e.reason);
    }
    st.config.set(c);
    Ok(())
}

/// A labelled number box (committed on change) and, when the table asks for one, a slider that applies while
/// dragging; label, range, step and help all from [`Param::spec`].
#[component]
pub(in crate::app) fn NumberField(
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

/// The control of a parameter by the kind of its value: a number field, a checkbox for a flag, a select for a
/// choice (nothing for a list). The Lab's architecture fields and the embed's `controls=` both use it.
pub fn param_field(param: Param) -> AnyView {
    match param.spec().kind {
        Kind::Real(_) | Kind::Whole(_) | Kind::Seed => {
            view! { <NumberField param=param /> }.into_any()
        }
        Kind::Flag => view! { <FlagField param=param /> }.into_any(),
        Kind::Choice { ids, .. } => view! { <ChoiceField param=param ids=ids() /> }.into_any(),
        Kind::List { .. } => ().into_any(),
    }
}

/// A checkbox for a flag parameter, labelled from its spec.
#[component]
pub fn FlagField(
    /// Which flag.
    param: Param,
) -> impl IntoView {
    let st = state();
    let spec = param.spec();
    view! {
        <label class="check" title=spec.help>
            <input
                type="checkbox"
                id=spec.name
                name=spec.name
                prop:checked=move || st.config.with(|c| c.param_text(param) == "true")
                on:change=move |ev| {
                    let on = if event_target_checked(&ev) { "1" } else { "0" };
                    let _ = apply(param, on);
                }
            />
            " "
            {spec.label}
        </label>
    }
}

/// A select box for a choice parameter; each option is labelled as its own kind labels it.
#[component]
pub fn ChoiceField(
    /// Which parameter.
    param: Param,
    /// Its ids, in order.
    ids: Vec<&'static str>,
) -> impl IntoView {
    let st = state();
    let spec = param.spec();
    view! {
        <label for=spec.name title=spec.help>
            {spec.label}
        </label>
        <select
            id=spec.name
            name=spec.name
            on:change=move |ev| {
                let _ = apply(param, &event_target_value(&ev));
            }
        >
            {ids
                .into_iter()
                .map(|id| {
                    view! {
                        <option
                            value=id
                            selected=move || st.config.with(|c| c.param_text(param) == id)
                        >
                            {choice_label(param, id)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// How the page names choice `id` of `param`: the label of the normalization or initializer it is, else the
/// id itself.
fn choice_label(param: Param, id: &'static str) -> &'static str {
    let label = match param {
        Param::Norm => id.parse::<Norm>().ok().map(Norm::label),
        Param::Init | Param::InputInit => id.parse::<Initializer>().ok().map(Initializer::label),
        _ => None,
    };
    label.unwrap_or(id)
}
