//! The race's settings form: up to four initializer slots and the network, data and optimizer settings,
//! each applied through the race's parameter table ([`RaceParam::spec`]), which also gives every field its
//! label, range, step and help.

use super::race::RaceState;
use initscope::engine::{Activation, Initializer};
use initscope::state::Kind;
use initscope::train::params::RaceParam;
use initscope::train::race::MAX_RACERS;
use initscope::train::{Dataset, Optimizer};
use leptos::prelude::*;

/// The settings form.
#[component]
pub(super) fn RaceControls(st: RaceState) -> impl IntoView {
    let set = move |p: RaceParam, v: String| {
        let mut c = st.config.get_untracked();
        match c.set_param(p, &v) {
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
                <label for=id.clone()>{format!("{} {}", RaceParam::Init.spec().label, i + 1)}</label>
                <select id=id on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let mut ids: Vec<String> = st.config.with_untracked(|c| c.inits.iter().map(|s| s.kind.id().to_string()).collect());
                    if v.is_empty() { if i < ids.len() { ids.remove(i); } } else if i < ids.len() { ids[i] = v } else { ids.push(v) }
                    set(RaceParam::Inits, ids.join(","));
                }>
                    {(i > 0).then(|| view! { <option value="" selected=move || current().is_empty()>"— none —"</option> })}
                    {Initializer::ALL.into_iter().map(|k| view! { <option value=k.id() selected=move || current() == k.id()>{k.label()}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    // A number box: "label (min–max)" for whole numbers, the range as the box's bounds.
    let field = move |p: RaceParam| {
        let spec = p.spec();
        let id = format!("race-{}", spec.name);
        let (min, max) = spec.bounds().unwrap_or((f64::MIN, f64::MAX));
        let label = if let Kind::Whole(r) = &spec.kind {
            format!("{} ({}–{})", spec.label, r.start(), r.end())
        } else {
            spec.label.to_string()
        };
        // Real numbers take any precision (a learning rate of 1e-6 is fine).
        let step = if let Kind::Real(_) = spec.kind {
            "any".to_string()
        } else {
            spec.step.to_string()
        };
        view! {
            <div class="field">
                <label for=id.clone() title=spec.help>{label}</label>
                <input type="number" id=id min=min max=max step=step
                    prop:value=move || st.config.with(|c| c.param_text(p))
                    on:change=move |ev| set(p, event_target_value(&ev))/>
            </div>
        }
    };
    // A select of ids with their labels.
    let select = move |p: RaceParam, options: Vec<(&'static str, &'static str)>| {
        let spec = p.spec();
        let id = format!("race-{}", spec.name);
        view! {
            <div class="field">
                <label for=id.clone() title=spec.help>{spec.label}</label>
                <select id=id on:change=move |ev| set(p, event_target_value(&ev))>
                    {options.into_iter().map(|(v, label)| view! {
                        <option value=v selected=move || st.config.with(|c| c.param_text(p) == v)>{label}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let activations = Activation::ALL
        .into_iter()
        .map(|a| (a.id(), a.label()))
        .collect();
    let datasets = Dataset::ALL.into_iter().map(|d| (d.id(), d.id())).collect();
    let optimizers = vec![
        (Optimizer::Adam.id(), "Adam"),
        (Optimizer::Sgd.id(), "SGD + momentum 0.9"),
    ];
    view! {
        <form class="race-controls card" on:submit=|ev| ev.prevent_default()>
            {(0..MAX_RACERS).map(slot).collect_view()}
            {field(RaceParam::Scale)}
            {select(RaceParam::Activation, activations)}
            {field(RaceParam::Depth)}
            {field(RaceParam::Width)}
            {select(RaceParam::Dataset, datasets)}
            {select(RaceParam::Optimizer, optimizers)}
            {field(RaceParam::Lr)}
            {field(RaceParam::Batch)}
            {field(RaceParam::Seed)}
        </form>
    }
}
