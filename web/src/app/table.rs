//! The numbers behind the charts: an accessible table, collapsed by default but always in the DOM.
//! Stable test hooks: `table#layer-stats`, `tr[data-layer]`, `td[data-field][data-value]` (full precision,
//! empty when not finite), field names as in the CLI's JSON and CSV.

use super::lab::LabState;
use initscope::report::{number, Field};
use leptos::prelude::*;

/// Short display form of a value: 4 significant digits, "—" when unavailable.
fn display(x: f64, field: Option<Field>) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    match field {
        Some(Field::DistinctUnits) => format!("{x:.0}"),
        Some(Field::DeadFrac | Field::SaturatedFrac) => format!("{:.1} %", 100.0 * x),
        _ if x == 0.0 => "0".into(),
        _ if (1e-3..1e4).contains(&x.abs()) => format!("{x:.4}"),
        _ => format!("{x:.3e}"),
    }
}

fn cell(name: &'static str, x: f64, field: Option<Field>) -> impl IntoView {
    view! { <td data-field=name data-value=number(x).unwrap_or_default()>{display(x, field)}</td> }
}

/// The per-layer table.
#[component]
pub fn LayerTable() -> impl IntoView {
    let st = expect_context::<LabState>();
    let rows = move || {
        st.with_result(|res| {
            res.layers
                .iter()
                .map(|l| {
                    let t = res.theory.as_ref().map(|t| t.layers[l.layer - 1]);
                    let th = |f: fn(&initscope::engine::TheoryLayer) -> f64| t.as_ref().map_or(f64::NAN, f);
                    view! {
                        <tr data-layer=l.layer>
                            <th scope="row">{l.layer}</th>
                            {Field::ALL.iter().map(|&f| cell(f.name(), f.value(l), Some(f))).collect_view()}
                            {cell("theory_pre_var", th(|t| t.pre_var), None)}
                            {cell("theory_post_var", th(|t| t.post_var), None)}
                            {cell("theory_grad_var", th(|t| t.grad_var), None)}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <details class="card table-card">
            <summary>"Numbers behind the charts"</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Per-layer statistics">
                <table id="layer-stats">
                    <caption>"Per-layer statistics of this run (measured) and the mean-field prediction (theory). — means not computed (after an overflow)."</caption>
                    <thead>
                        <tr>
                            <th scope="col">"layer"</th>
                            {Field::ALL.iter().map(|f| view! { <th scope="col" title=f.name()>{f.heading()}</th> }).collect_view()}
                            <th scope="col">"theory Var h"</th>
                            <th scope="col">"theory Var a"</th>
                            <th scope="col">"theory Var ∂L/∂h"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
