//! The Leptos page (wasm32 only): it reads the URL into a [`Config`](crate::engine::Config), runs the engine,
//! and draws what it returns. State → engine → views, never back.

mod canvas;
mod controls;
mod dom;
mod lab;
mod panels;
mod runner;
mod table;

use leptos::prelude::*;

/// Install the panic panel and mount the app on `<body>`.
pub fn start() {
    dom::install_panic_hook();
    leptos::mount::mount_to_body(App);
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="brand">
                <h1>"Initscope"</h1>
                <p class="tagline">"See why weight initialization matters — layer by layer, forward and backward."</p>
            </div>
        </header>
        <main id="main">
            <lab::Lab/>
        </main>
        <footer class="site-footer">
            <p>
                "Every number is computed in your browser: a real random batch through freshly initialized f32 "
                "layers, next to the infinite-width (mean-field) prediction. Formulas follow PyTorch "
                <code>"torch.nn.init"</code>" and Keras "<code>"VarianceScaling"</code>"."
            </p>
        </footer>
    }
}
