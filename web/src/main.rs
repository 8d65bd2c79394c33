//! The web app's entry point (wasm32): mount the Lab. Natively this binary does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    initscope_web::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("initscope-web is the browser build; run `initscope` for the command line.");
}
