//! The Architecture fieldset: the architecture, then every setting of the schema that is an architecture's own
//! ([`Param::knob`]), shown while the chosen architecture takes it ([`Arch::takes`]) and drawn by its kind —
//! a number, a flag or a choice — with labels, ranges and help from [`Param::spec`], like every other control.
//! A residual net's branch scale α has the presets 1, 1/√L and GPT-2's 1/√(2L) beside it.

use super::fields::{apply, param_field, state, NumberField};
use initscope::engine::arch::Arch;
use initscope::engine::transformer::Preset;
use initscope::state::Param;
use leptos::prelude::*;

/// The branch-scale presets at depth L: (id, label, α).
pub fn presets(depth: usize) -> [(&'static str, &'static str, f64); 3] {
    let l = depth.max(1) as f64;
    [
        ("alpha-one", "α = 1", 1.0),
        ("alpha-sqrt-l", "1/√L", 1.0 / l.sqrt()),
        ("alpha-gpt2", "1/√(2L) (GPT-2)", 1.0 / (2.0 * l).sqrt()),
    ]
}

/// The whole fieldset.
#[component]
pub fn ArchFields() -> impl IntoView {
    let st = state();
    // A transformer's presets first: they set the fields after them.
    let order = std::iter::once(Param::Preset)
        .chain(Param::ALL.into_iter().filter(|&p| p != Param::Preset));
    let fields = order
        .filter_map(|p| p.knob().map(|k| (p, k)))
        .map(|(param, knob)| {
            view! { <Show when=move || st.config.with(|c| c.arch.takes(knob))>{knob_field(param)}</Show> }
        })
        .collect_view();
    view! {
        <fieldset class="arch-fields">
            <legend>{Param::Arch.spec().label}</legend>
            <ArchSelect />
            {fields}
        </fieldset>
    }
}

/// The control of an architecture's own setting ([`param_field`]), with the α presets beside the branch
/// scale.
fn knob_field(param: Param) -> AnyView {
    if param == Param::Preset {
        return view! { <SchemePresets /> }.into_any();
    }
    if param == Param::BranchScale {
        view! {
            <NumberField param=param />
            <AlphaPresets />
        }
        .into_any()
    } else {
        param_field(param)
    }
}

#[component]
fn ArchSelect() -> impl IntoView {
    let st = state();
    let spec = Param::Arch.spec();
    // Switching to residual can undo another setting (an input width that differs from the width): say so.
    let note = RwSignal::new(None::<String>);
    let choose = move |v: String| {
        let mut c = st.config.get_untracked();
        if let Err(e) = c.set_param(Param::Arch, &v) {
            note.set(Some(e.to_string()));
            return;
        }
        let undone = c.reset_invalid();
        note.set(
            undone
                .first()
                .map(|e| format!("{} was set back to its default: {}", e.name, e.reason)),
        );
        st.config.set(c);
    };
    view! {
        <label for="arch" title=spec.help>
            {spec.label}
        </label>
        <select
            id="arch"
            name="arch"
            aria-describedby="arch-note"
            on:change=move |ev| choose(event_target_value(&ev))
        >
            {Arch::ALL
                .into_iter()
                .map(|a| {
                    view! {
                        <option value=a.id() selected=move || st.config.with(|c| c.arch == a)>
                            {a.label()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
        <p class="field-error" id="arch-note" role="status">
            {move || note.get()}
        </p>
    }
}

/// The transformer's published schemes: a click writes every setting the scheme stands for (at the current
/// depth and width), and the button of the scheme the settings match is pressed.
#[component]
fn SchemePresets() -> impl IntoView {
    let st = state();
    let buttons = Preset::ALL
        .into_iter()
        .map(|p| {
            view! {
                <button
                    type="button"
                    id=format!("preset-{}", p.id())
                    title=p.summary()
                    aria-pressed=move || st.config.with(|c| p.matches(c).to_string())
                    on:click=move |_| {
                        let _ = apply(Param::Preset, p.id());
                    }
                >
                    {p.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="button-row scheme-presets" role="group" aria-labelledby="preset-label">
            <span id="preset-label" class="label">
                "Schemes"
            </span>
            {buttons}
        </div>
    }
}

/// α = 1, 1/√L, 1/√(2L) at the current depth; a click writes the number.
#[component]
fn AlphaPresets() -> impl IntoView {
    let st = state();
    let depth = move || st.config.with(|c| c.depth);
    let button = move |slot: usize| {
        let preset = move || presets(depth())[slot];
        let value = move || preset().2;
        view! {
            <button
                type="button"
                id=preset().0
                aria-pressed=move || st.config.with(|c| (c.branch_scale == value()).to_string())
                on:click=move |_| {
                    let _ = apply(Param::BranchScale, &value().to_string());
                }
            >
                {move || {
                    if slot == 0 {
                        preset().1.to_string()
                    } else {
                        format!("{} = {:.4}", preset().1, value())
                    }
                }}
            </button>
        }
    };
    view! {
        <div
            class="button-row alpha-presets"
            role="group"
            aria-label="Branch scale presets (L = depth)"
        >
            {button(0)}
            {button(1)}
            {button(2)}
        </div>
    }
}
