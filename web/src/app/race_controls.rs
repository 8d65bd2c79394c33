//! The race's settings form: up to four initializer slots and the network (architecture, normalization, the
//! residual branch's settings), data and optimizer settings, each applied through the race's parameter table
//! ([`RaceParam::spec`]), which also gives every field its label, range, step and help. The residual branch's
//! fields show only for residual blocks (as the Lab hides what does not apply).

use super::race_state::RaceState;
use initscope::engine::arch::Arch;
use initscope::engine::norm::Norm;
use initscope::engine::{Activation, Initializer};
use initscope::state::Kind;
use initscope::train::params::{RaceParam, ARCHS};
use initscope::train::presets::PRESETS;
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
                <label for=id
                    .clone()>{format!("{} {}", RaceParam::Init.spec().label, i + 1)}</label>
                <select
                    id=id
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let mut ids: Vec<String> = st
                            .config
                            .with_untracked(|c| {
                                c.inits.iter().map(|s| s.kind.id().to_string()).collect()
                            });
                        if v.is_empty() {
                            if i < ids.len() {
                                ids.remove(i);
                            }
                        } else if i < ids.len() {
                            ids[i] = v
                        } else {
                            ids.push(v)
                        }
                        set(RaceParam::Inits, ids.join(","));
                    }
                >
                    {(i > 0)
                        .then(|| {
                            view! {
                                <option value="" selected=move || current().is_empty()>
                                    "— none —"
                                </option>
                            }
                        })}
                    {Initializer::ALL
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.id() selected=move || current() == k.id()>
                                    {k.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    // A number box: "label (min–max)" for whole numbers; the parser checks the range and names the value.
    let field = move |p: RaceParam| {
        let spec = p.spec();
        let id = format!("race-{}", spec.name);
        let range = match &spec.kind {
            Kind::Whole(r) => format!(" ({}–{})", r.start(), r.end()),
            _ => String::new(),
        };
        let name = spec.label;
        // Depth counts residual blocks in a residual net.
        let label = move || {
            let blocks = p == RaceParam::Depth && st.config.with(|c| c.arch == Arch::Residual);
            format!("{}{range}", if blocks { "residual blocks" } else { name })
        };
        // Real numbers take any precision (a learning rate of 1e-6 is fine); the keyboard offers digits.
        let inputmode = if let Kind::Real(_) = spec.kind {
            "decimal"
        } else {
            "numeric"
        };
        view! {
            <div class="field">
                <label for=id.clone() title=spec.help>
                    {label}
                </label>
                // Text, so a value the parser rejects is named in its message (a number box hands over "").
                <input
                    type="text"
                    id=id
                    class="num"
                    inputmode=inputmode
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || {
                        st.config.with(|c| super::lab::fields::shown(&c.param_text(p)))
                    }
                    on:change=move |ev| set(p, event_target_value(&ev))
                />
            </div>
        }
    };
    // A select of ids with their labels.
    let select = move |p: RaceParam, options: Vec<(&'static str, &'static str)>| {
        let spec = p.spec();
        let id = format!("race-{}", spec.name);
        view! {
            <div class="field">
                <label for=id.clone() title=spec.help>
                    {spec.label}
                </label>
                <select id=id on:change=move |ev| set(p, event_target_value(&ev))>
                    {options
                        .into_iter()
                        .map(|(v, label)| {
                            view! {
                                <option
                                    value=v
                                    selected=move || st.config.with(|c| c.param_text(p) == v)
                                >
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    // A yes/no setting as a checkbox.
    let check = move |p: RaceParam| {
        let spec = p.spec();
        let id = format!("race-{}", spec.name);
        view! {
            <div class="field">
                <label class="check" title=spec.help>
                    <input
                        type="checkbox"
                        id=id
                        prop:checked=move || st.config.with(|c| c.param_text(p) == "true")
                        on:change=move |ev| set(
                            p,
                            (if event_target_checked(&ev) { "1" } else { "0" }).into(),
                        )
                    />
                    " "
                    {spec.label}
                </label>
            </div>
        }
    };
    let residual = move || st.config.with(|c| c.arch == Arch::Residual);
    let archs = ARCHS.into_iter().map(|a| (a.id(), a.label())).collect();
    let norms = Norm::ALL.into_iter().map(|n| (n.id(), n.label())).collect();
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
            {select(RaceParam::Arch, archs)}
            {select(RaceParam::Norm, norms)}
            <Show when=residual>
                {field(RaceParam::BranchScale)} {check(RaceParam::ZeroInitLast)}
            </Show>
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

/// The preset races: for each, what it shows and its two races one click apart (each click sets every
/// setting and starts the race).
#[component]
pub(super) fn RacePresets(st: RaceState) -> impl IntoView {
    let current = move || st.config.with(|c| c.to_query());
    let preset = move |p: initscope::train::presets::Preset| {
        let heading = format!("race-preset-{}-title", p.id);
        let labelled = heading.clone();
        let buttons = p
            .variants
            .into_iter()
            .enumerate()
            .map(|(k, v)| {
                let query = v.config().to_query();
                let on = Memo::new(move |_| current() == query);
                view! {
                    <button
                        type="button"
                        id=format!("race-preset-{}-{k}", p.id)
                        class=move || if on.get() { "preset-on" } else { "" }
                        aria-pressed=move || on.get().to_string()
                        on:click=move |_| {
                            st.notices.set(Vec::new());
                            st.config.set(v.config());
                            st.playing.set(true);
                        }
                    >
                        {v.label}
                    </button>
                }
            })
            .collect_view();
        view! {
            <div class="race-preset" role="group" aria-labelledby=labelled>
                <strong id=heading>{p.title}</strong>
                <span class="race-preset-buttons">{buttons}</span>
                <p class="race-preset-blurb">{p.blurb}</p>
            </div>
        }
    };
    view! {
        <section class="race-presets card" aria-label="Preset races">
            <h3>"Preset races"</h3>
            {PRESETS.into_iter().map(preset).collect_view()}
        </section>
    }
}
