//! The numbers behind the charts: an accessible table, collapsed by default but always in the DOM.
//! Stable test hooks: `table#layer-stats`, `tr[data-layer]`, `td[data-field][data-value]` (full precision,
//! empty when not finite), field names as in the CLI's JSON and CSV; `data-weight-grads` says whether the
//! shown run measured Var(∂L/∂W), which is computed only while the table is open.

use super::state::LabState;
use initscope::report::{csv_theory_fields, number, Field};
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

fn cell(name: impl Into<String>, x: f64, field: Option<Field>) -> impl IntoView {
    let name = name.into();
    view! {
        <td data-field=name data-value=number(x).unwrap_or_default()>
            {display(x, field)}
        </td>
    }
}

/// A measured field's cell; Var(∂L/∂W) says "…" while it is being computed (the run left it out).
fn field_cell(f: Field, l: &initscope::engine::LayerStats, weight_grads: bool) -> AnyView {
    if f == Field::WeightGradVar && !weight_grads {
        return view! {
            <td data-field=f.name() data-value="" title="computing (only while this table is open)">
                "…"
            </td>
        }
        .into_any();
    }
    cell(f.name(), f.value(l), Some(f)).into_any()
}

/// A theory column's `data-field` name, as in the CLI's CSV ("theory_pre_var").
fn theory_name(f: Field) -> String {
    format!("theory_{}", f.name())
}

/// The per-layer table.
#[component]
pub fn LayerTable() -> impl IntoView {
    let st = expect_context::<LabState>();
    let arch = move || st.with_result(|r| r.config.arch).unwrap_or_default();
    let rows = move || {
        st.with_result(|res| {
            let arch = res.config.arch;
            let weight_grads = res.weight_grads;
            res.layers
                .iter()
                .map(|l| {
                    let t = res.theory.as_ref().map(|t| t.layers[l.layer - 1]);
                    let theory = csv_theory_fields(arch)
                        .into_iter()
                        .map(|f| {
                            let v = t.as_ref().and_then(|t| f.predicted(t)).unwrap_or(f64::NAN);
                            cell(theory_name(f), v, None)
                        })
                        .collect_view();
                    view! {
                        <tr data-layer=l.layer>
                            <th scope="row">{l.layer}</th>
                            {arch
                                .model()
                                .fields()
                                .iter()
                                .map(|&f| field_cell(f, l, weight_grads))
                                .collect_view()}
                            {theory}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let head = move || {
        let arch = arch();
        view! {
            <tr>
                <th scope="col">"layer"</th>
                {arch
                    .model()
                    .fields()
                    .iter()
                    .map(|f| {
                        view! {
                            <th scope="col" title=f.name()>
                                {f.heading()}
                            </th>
                        }
                    })
                    .collect_view()}
                {csv_theory_fields(arch)
                    .into_iter()
                    .map(|f| {
                        view! {
                            <th scope="col" title=theory_name(f)>
                                {format!("theory {}", f.heading())}
                            </th>
                        }
                    })
                    .collect_view()}
            </tr>
        }
    };
    view! {
        <details
            class="card table-card"
            prop:open=move || st.table_open.get_untracked()
            on:toggle=move |ev| {
                let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if open != st.table_open.get_untracked() {
                    st.table_open.set(open);
                }
            }
        >
            <summary>"Numbers behind the charts"</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Per-layer statistics">
                <table
                    id="layer-stats"
                    data-weight-grads=move || {
                        st.with_result(|r| r.weight_grads).unwrap_or(false).to_string()
                    }
                >
                    <caption>
                        "Per-layer statistics of this run (measured) and the mean-field prediction (theory). — means not \
                        computed (after an overflow). The loss L is summed over the batch, as the backward pass takes it: \
                        ∂L/∂h is each example's own, while ∂L/∂W = aᵀ·∂L/∂h adds the batch up, so Var ∂L/∂W grows with \
                        the batch size."
                    </caption>
                    <thead>{head}</thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
