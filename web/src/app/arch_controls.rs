//! The Architecture fieldset: the architecture, its normalization, a residual net's branch scale α (with
//! the presets 1, 1/√L and GPT-2's 1/√(2L)) and zero-init-last, an RNN's input-kernel initializer. Labels,
//! ranges and help from [`Param::spec`], like every other control.

use super::controls::{apply, state, NumberField};
use initscope::engine::arch::Arch;
use initscope::engine::norm::Norm;
use initscope::engine::Initializer;
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
    let arch = move || st.config.with(|c| c.arch);
    view! {
        <fieldset class="arch-fields">
            <legend>{Param::Arch.spec().label}</legend>
            <ArchSelect/>
            <NormSelect/>
            <Show when=move || arch() == Arch::Residual>
                <NumberField param=Param::BranchScale/>
                <AlphaPresets/>
                <FlagField param=Param::ZeroInitLast/>
            </Show>
            <Show when=move || arch() == Arch::Rnn>
                <InputInitSelect/>
            </Show>
        </fieldset>
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
        <label for="arch" title=spec.help>{spec.label}</label>
        <select id="arch" name="arch" aria-describedby="arch-note"
            on:change=move |ev| choose(event_target_value(&ev))>
            {Arch::ALL.into_iter().map(|a| view! {
                <option value=a.id() selected=move || st.config.with(|c| c.arch == a)>{a.label()}</option>
            }).collect_view()}
        </select>
        <p class="field-error" id="arch-note" role="status">{move || note.get()}</p>
    }
}

#[component]
fn NormSelect() -> impl IntoView {
    let st = state();
    let spec = Param::Norm.spec();
    let why_not = move || st.config.with(|c| Param::Norm.unused_in(c));
    view! {
        <label for="norm" title=spec.help>{spec.label}</label>
        <select id="norm" name="norm" aria-describedby="norm-why"
            disabled=move || why_not().is_some()
            on:change=move |ev| { let _ = apply(Param::Norm, &event_target_value(&ev)); }>
            {Norm::ALL.into_iter().map(|n| view! {
                <option value=n.id() selected=move || st.config.with(|c| c.norm == n)>{n.label()}</option>
            }).collect_view()}
        </select>
        <p class="hint field-why" id="norm-why">{move || why_not().map(|w| format!("Normalization {w}."))}</p>
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
            <button type="button" id=preset().0
                aria-pressed=move || st.config.with(|c| (c.branch_scale == value()).to_string())
                on:click=move |_| { let _ = apply(Param::BranchScale, &value().to_string()); }>
                {move || if slot == 0 {
                    preset().1.to_string()
                } else {
                    format!("{} = {:.4}", preset().1, value())
                }}
            </button>
        }
    };
    view! {
        <div class="button-row alpha-presets" role="group" aria-label="Branch scale presets (L = depth)">
            {button(0)}{button(1)}{button(2)}
        </div>
    }
}

/// A checkbox for a flag parameter, labelled from its spec.
#[component]
fn FlagField(
    /// Which flag.
    param: Param,
) -> impl IntoView {
    let st = state();
    let spec = param.spec();
    view! {
        <label class="check" title=spec.help>
            <input type="checkbox" id=spec.name name=spec.name
                prop:checked=move || st.config.with(|c| c.param_text(param) == "true")
                on:change=move |ev| {
                    let on = if event_target_checked(&ev) { "1" } else { "0" };
                    let _ = apply(param, on);
                }/>
            " "{spec.label}
        </label>
    }
}

#[component]
fn InputInitSelect() -> impl IntoView {
    let st = state();
    let spec = Param::InputInit.spec();
    view! {
        <label for="input-init" title=spec.help>{spec.label}</label>
        <select id="input-init" name="input-init"
            on:change=move |ev| { let _ = apply(Param::InputInit, &event_target_value(&ev)); }>
            {Initializer::ALL.into_iter().map(|i| view! {
                <option value=i.id() selected=move || st.config.with(|c| c.input_init == i)>{i.label()}</option>
            }).collect_view()}
        </select>
    }
}
