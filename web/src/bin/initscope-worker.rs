//! The web worker's entry point (wasm32), built by Trunk as `data-type="worker"`. Natively it does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    initscope_web::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("initscope-worker runs inside the browser; run `initscope` for the command line.");
}
