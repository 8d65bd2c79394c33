//! The Leptos page (wasm32 only): it reads the URL into a [`Config`](initscope::engine::Config), runs the engine
//! in a web worker, and draws what it returns. State → engine → views, never back.

mod canvas;
mod claims;
mod dom;
mod figure_runs;
mod figures;
mod interview;
mod lab;
mod learn;
mod learn_transformer;
mod mean_field;
mod measured_canvas;
mod nav;
mod phase;
mod race;
mod race_controls;
mod race_state;

use leptos::prelude::*;
use nav::{Nav, Route};
use wasm_bindgen::JsCast;

/// Panic on purpose, so the end-to-end test can check that the panic panel replaces a frozen page. Callable
/// only from the page's own script context (`window.wasmBindings`), like any other way to break one's own tab.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn initscope_test_panic() {
    panic!("a panic requested by a test (initscope_test_panic)");
}

/// Install the panic panel and mount the app on `<body>`.
pub fn start() {
    dom::install_panic_hook();
    leptos::mount::mount_to_body(App);
}

/// The whole page: the nav and the view the URL's fragment names.
#[component]
pub fn App() -> impl IntoView {
    let route = nav::use_route();
    // The Lab's state belongs to the whole app, so every view (and presentation mode) shares one config,
    // one set of pins and the last run — and none reads a state that was disposed with the Lab.
    provide_context(lab::state::LabState::from_url());
    // The race's state too: leaving the race for another view keeps it (and a playing race plays on).
    provide_context(race_state::RaceState::from_url());
    // Embed mode (`embed=1`, a page-level flag): the chart and the verdict only, sized for an iframe.
    if lab::embed::is_embed() {
        return view! {
            <main id="main" class="embed-main" tabindex="-1">
                <WorkerMissing />
                <lab::embed::Embed />
            </main>
        }
        .into_any();
    }
    view! {
        <a
            class="skip-link"
            href="#main"
            on:click=|ev| {
                ev.prevent_default();
                if let Some(m) = document().get_element_by_id("main") {
                    let _ = m.unchecked_ref::<web_sys::HtmlElement>().focus();
                }
            }
        >
            "Skip to content"
        </a>
        <header class="site-header" hidden=move || route.get() == Route::Present>
            <div class="brand">
                <h1>"Initscope"</h1>
                <p class="tagline">
                    "See why weight initialization matters — layer by layer, forward and backward."
                </p>
            </div>
            <Nav route=route />
        </header>
        <main id="main" tabindex="-1">
            <WorkerMissing />
            {move || match route.get() {
                Route::Lab => view! { <lab::Lab /> }.into_any(),
                Route::Learn => view! { <learn::Learn /> }.into_any(),
                Route::Interview => view! { <interview::Interview /> }.into_any(),
                Route::Race => view! { <race::RaceView /> }.into_any(),
                Route::Phase => view! { <phase::Phase /> }.into_any(),
                Route::Present => {
                    view! {
                        <div class="presentation">
                            <h1 class="sr-only">"Initscope — presentation mode"</h1>
                            <lab::Lab presenting=true />
                        </div>
                    }
                        .into_any()
                }
            }}
        </main>
        <footer class="site-footer" hidden=move || route.get() == Route::Present>
            <p>
                "Every number is computed in your browser: a real random batch through freshly initialized f32 "
                "layers, next to the infinite-width (mean-field) prediction. Formulas follow PyTorch "
                <code>"torch.nn.init"</code>" and Keras "<code>"VarianceScaling"</code>"."
            </p>
        </footer>
    }
    .into_any()
}

/// A banner, while no web worker can run, saying why no chart is computed and what to do about it.
#[component]
fn WorkerMissing() -> impl IntoView {
    move || {
        crate::worker::link::missing().map(|why| {
            view! {
                <div id="worker-missing" class="notice worker-missing" role="alert">
                    <p>
                        <strong>
                            "Initscope could not start its web worker, so it cannot compute anything."
                        </strong>
                        " Every simulation runs in a worker, off the page's main thread. The text and controls "
                        "still work; the charts stay empty."
                    </p>
                    <p>
                        "What to try: open the page over http(s) — not as a file — in a current browser "
                        "(Chrome, Edge, Firefox or Safari); if you host it, allow same-origin workers ("
                        <code>"worker-src 'self'"</code>") in your Content-Security-Policy."
                    </p>
                    <p class="worker-missing-why">"The browser said: " {why}</p>
                </div>
            }
        })
    }
}
