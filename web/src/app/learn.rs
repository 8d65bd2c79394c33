//! The Learn view: why initialization matters, the initializer table, notation, the derivation, normal vs
//! uniform, best practices and a formula calculator — every claim one click from the Lab.

use super::claims::{claim, demo_link};
use super::figures::{restore_learn_scroll, LiveFigure};
use super::phase::{phase_link_click, PhaseMap};
use crate::charts::phase::Metric;
use initscope::content::architecture::{architecture, edge_of_chaos};
use initscope::content::conv::convolutions;
use initscope::content::learn::{best_practices, initializer_rows, intro_demos};
use initscope::content::math::{fan, frac, math, mi, mn, mo};
use initscope::engine::config::Config;
use initscope::engine::{Activation, InitFamily, Initializer, Nonlinearity};
use initscope::state::Param;
use leptos::prelude::*;

/// The configuration the Learn view's phase map links to.
const PHASE_DEMO: &str = "init=xavier-normal&activation=tanh";

/// Static MathML (built from this crate's constants only) inside an element.
fn formula(mathml: String) -> impl IntoView {
    view! { <span class="formula-math" inner_html=mathml></span> }
}

/// The Learn page.
#[component]
pub fn Learn() -> impl IntoView {
    let derivation = math(&[
        mi("Var"),
        mo("("),
        mi("h"),
        mo(")"),
        mo("="),
        fan("in"),
        mo("·"),
        mi("Var"),
        mo("("),
        mi("w"),
        mo(")"),
        mo("·"),
        mi("E"),
        mo("["),
        mi("a"),
        mo("²"),
        mo("]"),
    ]);
    let he = math(&[
        mi("Var"),
        mo("("),
        mi("w"),
        mo(")"),
        mo("="),
        frac(&[mn("2")], &[fan("in")]),
    ]);
    restore_learn_scroll();
    view! {
        <article class="prose" id="learn">
            <h2>"Why initialization matters"</h2>
            <p>
                "A deep network multiplies its input by one weight matrix after another. If each layer scales the \
                 signal's variance by a factor below 1 — say ½ — after 50 layers almost nothing is left (½⁴⁹ ≈ 10⁻¹⁵); \
                 above 1, it explodes. The gradient travels back through the same matrices and suffers the same \
                 fate — vanishing gradients leave the early layers untrained, exploding ones make training \
                 diverge. Good initialization chooses the weights' scale so that the factor is 1. For linear and \
                 ReLU-like units that one scale keeps both the signal and the gradient at their size at every \
                 depth; for saturating units (tanh, sigmoid) the two conditions differ, which the interview \
                 questions explore. Training then starts where it converges quickly, and random weights break \
                 the symmetry between units."
            </p>
            <p class="demo-row">
                {intro_demos().into_iter().map(|(label, d)| demo_link(d, label)).collect_view()}
            </p>
            <div class="live-figures">
                <LiveFigure id="zero-collapse" />
                <LiveFigure id="normal-tanh" />
                <LiveFigure id="uniform-overflow" />
            </div>
            <p>
                "Does it matter for training? It decides whether a deep network learns at all, and how fast: "
                <a class="race-link" href="#race">
                    "Watch He, Xavier, N(0, 1) and zero race on the spirals"
                </a>
            </p>

            <h2>"The initializers"</h2>
            // A table on a wide screen, one card per initializer on a phone (CSS); the explicit roles keep
            // it a table for screen readers when the cards' `display: block` would drop its semantics.
            <div
                class="table-scroll init-scroll"
                tabindex="0"
                role="region"
                aria-label="Initializers"
            >
                <table class="init-table" role="table">
                    <thead>
                        <tr role="row">
                            <th scope="col" role="columnheader">
                                "Initializer"
                            </th>
                            <th scope="col" role="columnheader">
                                "Formula"
                            </th>
                            <th scope="col" role="columnheader">
                                "Suits"
                            </th>
                            <th scope="col" role="columnheader">
                                "Remark"
                            </th>
                            <th scope="col" role="columnheader">
                                "Try it"
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {initializer_rows()
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr data-init=r.init.id() role="row">
                                        <th scope="row" role="rowheader">
                                            {r.init.label()}
                                        </th>
                                        <td role="cell" data-label="Formula">
                                            {formula(r.formula)}
                                        </td>
                                        <td role="cell" data-label="Suits">
                                            {r.suits}
                                        </td>
                                        <td role="cell" data-label="Remark">
                                            {r.remark}
                                        </td>
                                        <td role="cell" data-label="Try it">
                                            {demo_link(r.demo, "Try it:")}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>

            <aside class="notation" aria-labelledby="notation-title">
                <h2 id="notation-title">"Notation: variance or standard deviation?"</h2>
                <p>
                    "𝒩(μ, σ²) takes a " <strong>"variance"</strong>
                    ". Tutorials often write He as “𝒩(0, √(2/n_in))” — \
                    there the second argument is a standard deviation, the habit of PyTorch's "
                    <code>"normal_(mean, std)"</code>
                    ". Correctly: He normal has variance 2/n_in (std √(2/n_in)); \
                    LeCun normal has variance 1/n_in (std √(1/n_in)); Xavier normal has variance 2/(n_in + n_out)."
                </p>
                <p>
                    "Naming traps: 𝒩(0, 1/n) is sometimes called “Xavier” — it is LeCun's; Caffe's “xavier” filler is \
                     LeCun uniform (with its default variance_norm, FAN_IN). PyTorch's “kaiming” is He."
                </p>
            </aside>

            <h2>"Where the formulas come from"</h2>
            <p>
                "For a unit h = Σᵢ aᵢwᵢ over its n_in inputs, with weights independent of the inputs and of mean 0, \
                 each term has variance E[a²]·Var(w), so"
            </p>
            <p class="display-math">{formula(derivation)}</p>
            <p>
                "The signal keeps its size when n_in·Var(w)·E[a²] equals the previous layer's variance. For an \
                 odd function with slope 1 at 0 — no activation, or tanh while the variance is small — \
                 E[a²] ≈ Var(h_prev): Var(w) = 1/n_in (LeCun). ReLU zeroes the negative half, so E[a²] = Var(h_prev)/2 and the factor 2 comes back:"
            </p>
            <p class="display-math">{formula(he)}</p>
            <LiveFigure id="xavier-he-relu" />
            <p>
                "Going backward, ∂L/∂a = ∂L/∂h·Wᵀ sums over the n_out units a unit feeds, so the gradient keeps its \
                 size when n_out·Var(w) = 1. Xavier averages the two conditions: Var(w) = 2/(n_in + n_out). n_in and \
                 n_out are the layer's fan-in and fan-out: for a dense layer, its numbers of inputs and outputs."
            </p>

            <h2>"Normal or uniform?"</h2>
            <p>
                "To first order only the variance matters at large width — the sum over many inputs is Gaussian \
                 either way (the weights' fourth moment only changes how much the variance fluctuates from layer \
                 to layer at finite width). U(−a, a) \
                 has variance a²/3, so a uniform with the same variance as a normal of std s has bound a = √3·s: \
                 hence √(6/(n_in + n_out)) for Xavier, √(6/n_in) for He and √(3/n_in) for LeCun."
            </p>
            <LiveFigure id="normal-uniform" />
            <p>
                "Keras draws its normal variants from a normal truncated at ±2 standard deviations. Truncation \
                 shrinks the std to 0.8796 of σ, so Keras divides σ by 0.87962566103423978 and the variance comes out \
                 as intended. Switch “Keras convention” on in the Lab to compare."
            </p>

            <h2 id="orthogonal">"Orthogonal weights"</h2>
            <p>
                "An orthogonal matrix preserves every vector's length, so a stack of them with no activation \
                 passes the signal (and the gradient) through unchanged at any depth — exactly, not just on \
                 average as a Gaussian of the same variance does (Saxe et al. 2014)."
            </p>
            <LiveFigure id="orthogonal-linear" />

            <h2>"Best practices"</h2>
            <ul class="practices">
                {best_practices()
                    .into_iter()
                    .map(|p| {
                        view! {
                            <li>
                                <strong>{p.rule}</strong>
                                " — "
                                {p.why}
                                " "
                                {demo_link(p.demo, "Show me:")}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>

            <h2 id="architecture">"Architecture"</h2>
            <p>
                "The formulas above are for plain stacks of dense layers. Frameworks, normalization, residual \
                 connections and recurrence each change the picture; the Lab simulates all of them."
            </p>
            <dl class="claims" id="architecture-claims">
                {architecture().into_iter().map(claim).collect_view()}
            </dl>

            <h2 id="convolutions">"Convolutions"</h2>
            <p>
                "A convolution is a dense layer applied to every pixel's k × k neighbourhood, so the same variance \
                 argument holds with the kernel counted in the fans. Choose “Convolutional (2-D)” under \
                 Architecture in the Lab to run any initializer on images."
            </p>
            <dl class="claims" id="conv-claims">
                {convolutions().into_iter().map(claim).collect_view()}
            </dl>

            <super::learn_transformer::Transformers />

            <h2 id="edge-of-chaos">"Edge of chaos"</h2>
            <p>
                "Mean-field theory (Poole et al. 2016; Schoenholz et al. 2017) splits the plane of weight variance \
                 σ_w² and bias variance σ_b² into an ordered and a chaotic phase. Below, tanh: the colour is ξ_c, \
                 the number of layers over which two inputs' correlation settles; it diverges on the dashed \
                 critical line χ₁ = 1, where Xavier sits (σ_w² = 1, σ_b² = 0)."
            </p>
            <figure class="chart-card learn-phase">
                <PhaseMap
                    phi=Signal::stored(Nonlinearity::new(Activation::Tanh, 0.0))
                    metric=Signal::stored(Metric::Xi)
                    marker=Signal::stored(None)
                    id="learn-phase-chart"
                    class="chart phase-mini"
                />
                <figcaption>
                    "tanh: ξ_c over (σ_w², σ_b²); grey where q* collapses to 0. "
                    <a
                        id="learn-explore-phase"
                        href=format!("?{PHASE_DEMO}#phase")
                        on:click=phase_link_click(PHASE_DEMO)
                    >
                        "Explore it in the Phase map →"
                    </a>
                </figcaption>
            </figure>
            <dl class="claims" id="chaos-claims">
                {edge_of_chaos().into_iter().map(claim).collect_view()}
            </dl>

            <h2 id="calculator-title">"Formula calculator"</h2>
            <Calculator />
        </article>
    }
}

/// Pick an initializer and fans; see its distribution, std, bound and variance — the same
/// [`InitSpec::distribution`](initscope::engine::InitSpec::distribution) call as `initscope formula`.
#[component]
fn Calculator() -> impl IntoView {
    let cfg = RwSignal::new(Config {
        init: Initializer::HeNormal,
        ..Config::default()
    });
    let fans = RwSignal::new((256usize, 256usize));
    let error = RwSignal::new(None::<String>);
    let set = move |p: Param, v: String| {
        let mut c = cfg.get_untracked();
        match c.set_param(p, &v) {
            Ok(()) => {
                cfg.set(c);
                error.set(None);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let set_fan = move |which: usize, v: String| match v.trim().parse::<usize>() {
        Ok(n) if (1..=1 << 24).contains(&n) => {
            fans.update(|f| if which == 0 { f.0 = n } else { f.1 = n });
            error.set(None);
        }
        _ => error.set(Some(format!(
            "fan: '{v}' is not a whole number from 1 to 16777216"
        ))),
    };
    let dist = move || {
        let (i, o) = fans.get();
        cfg.with(|c| c.init_spec().distribution(i, o))
    };
    let num = |x: f64| format!("{x:.6}");
    view! {
        <form
            class="calculator card"
            on:submit=|ev| ev.prevent_default()
            aria-labelledby="calculator-title"
        >
            <div class="calc-inputs">
                <label for="calc-init">"initializer"</label>
                <select
                    id="calc-init"
                    on:change=move |ev| set(Param::Init, event_target_value(&ev))
                >
                    {Initializer::ALL
                        .into_iter()
                        .map(|i| {
                            view! {
                                <option value=i.id() selected=move || cfg.with(|c| c.init == i)>
                                    {i.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <label for="calc-fan-in">"fan_in"</label>
                <input
                    type="number"
                    id="calc-fan-in"
                    min="1"
                    value="256"
                    on:change=move |ev| set_fan(0, event_target_value(&ev))
                />
                <label for="calc-fan-out">"fan_out"</label>
                <input
                    type="number"
                    id="calc-fan-out"
                    min="1"
                    value="256"
                    on:change=move |ev| set_fan(1, event_target_value(&ev))
                />
                <Show when=move || cfg.with(|c| c.init.family() != InitFamily::Naive)>
                    <label for="calc-gain">"gain"</label>
                    <input
                        type="number"
                        id="calc-gain"
                        step="0.01"
                        min="0"
                        prop:value=move || cfg.with(|c| c.param_text(Param::Gain))
                        on:change=move |ev| set(Param::Gain, event_target_value(&ev))
                    />
                </Show>
                <Show when=move || cfg.with(|c| c.init.takes_scale())>
                    <label for="calc-scale">
                        {move || cfg.with(|c| c.init.scale_name().unwrap_or("scale"))}
                    </label>
                    <input
                        type="number"
                        id="calc-scale"
                        step="0.01"
                        prop:value=move || cfg.with(|c| c.param_text(Param::Scale))
                        on:change=move |ev| set(Param::Scale, event_target_value(&ev))
                    />
                </Show>
                <Show when=move || cfg.with(|c| c.init.takes_mode())>
                    <label for="calc-mode">"mode"</label>
                    <select
                        id="calc-mode"
                        on:change=move |ev| set(Param::Mode, event_target_value(&ev))
                    >
                        <option value="fan-in">"fan_in"</option>
                        <option value="fan-out">"fan_out"</option>
                    </select>
                </Show>
                <Show when=move || cfg.with(|c| c.init.takes_keras())>
                    <label class="check">
                        <input
                            type="checkbox"
                            id="calc-keras"
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                cfg.update(|c| c.keras = on);
                            }
                        />
                        " Keras"
                    </label>
                </Show>
            </div>
            <p class="field-error" role="status">
                {move || error.get()}
            </p>
            <dl class="calc-out" id="calc-result" aria-live="polite">
                <dt>"formula"</dt>
                <dd>{move || cfg.with(|c| c.init.formula())}</dd>
                <dt>"distribution"</dt>
                <dd data-field="distribution">{move || dist().name()}</dd>
                <dt>"std"</dt>
                <dd data-field="std" data-value=move || dist().std().to_string()>
                    {move || num(dist().std())}
                </dd>
                <dt>"bound"</dt>
                <dd data-field="bound">{move || dist().bound().map_or("—".to_string(), num)}</dd>
                <dt>"variance"</dt>
                <dd data-field="variance" data-value=move || dist().variance().to_string()>
                    {move || num(dist().variance())}
                </dd>
                <dt>"mean"</dt>
                <dd data-field="mean" data-value=move || dist().mean().to_string()>
                    {move || num(dist().mean())}
                </dd>
            </dl>
        </form>
    }
}
