//! The race's settings form: up to four initializer slots and the network, data and optimizer settings,
//! each applied through the race's parameter schema (`initscope::train::params`).

use super::race::RaceState;
use initscope::engine::Initializer;
use initscope::train::race::MAX_RACERS;
use initscope::train::Dataset;
use leptos::prelude::*;

/// The settings form.
#[component]
pub(super) fn RaceControls(st: RaceState) -> impl IntoView {
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
                    {initscope::engine::Activation::ALL.into_iter().map(|a| view! { <option value=a.id() selected=move || st.config.with(|c| c.activation == a)>{a.label()}</option> }).collect_view()}
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
