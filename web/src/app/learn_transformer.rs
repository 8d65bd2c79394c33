//! Learn's "Transformers" section: the claims with their demonstrations, and the published schemes side by
//! side with their constants at the Lab's defaults (computed from the presets the Lab's buttons apply).

use super::claims::{claim, demo_link};
use initscope::content::transformer::{scheme_demos, transformers};
use initscope::content::Demo;
use initscope::engine::arch::Arch;
use initscope::engine::transformer::Preset;
use initscope::engine::Config;
use leptos::prelude::*;

/// One row of the schemes table: the preset applied to the Lab's default transformer.
fn row((p, demo): (Preset, Demo)) -> impl IntoView {
    let mut c = Config::for_arch(Arch::Transformer);
    p.apply(&mut c);
    let weights = match c.init.scale_name() {
        Some(_) => format!("{} (σ = {:.4})", c.init.label(), c.scale),
        None => c.init.label().to_string(),
    };
    view! {
        <tr>
            <th scope="row">{p.label()}</th>
            <td>{weights}</td>
            <td>{c.ln.id()}</td>
            <td>{format!("{:.3}", c.skip_scale)}</td>
            <td>{format!("{:.3}", c.branch_scale)}</td>
            <td>{format!("{:.3}", c.value_gain)}</td>
            <td>{c.attn_scale.id()}</td>
            <td>{if c.zero_query { "0" } else { "drawn" }}</td>
            <td>{demo_link(demo, "Lab")}</td>
        </tr>
    }
}

/// The section.
#[component]
pub fn Transformers() -> impl IntoView {
    view! {
        <h2 id="transformers">"Transformers"</h2>
        <p>
            "A block is two residual branches, attention and an MLP, with LayerNorms before them (pre-LN) or after the sums (post-LN); its best-known design choices are initialization arguments. Choose “Transformer” under Architecture in the Lab."
        </p>
        <dl class="claims" id="transformer-claims">
            {transformers().into_iter().map(claim).collect_view()}
        </dl>
        <div class="table-scroll">
            <table class="scheme-table" id="scheme-table">
                <caption>
                    "The published schemes at the Lab's defaults (L = 12 blocks, d = 128): skip weight a, branch scale α, value gain β, attention scale τ."
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"scheme"</th>
                        <th scope="col">"weights"</th>
                        <th scope="col">"LN"</th>
                        <th scope="col">"a"</th>
                        <th scope="col">"α"</th>
                        <th scope="col">"β"</th>
                        <th scope="col">"τ"</th>
                        <th scope="col">"W_Q"</th>
                        <th scope="col">"try"</th>
                    </tr>
                </thead>
                <tbody>{scheme_demos().into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}
