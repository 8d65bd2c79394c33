//! `initscope`: the engine on the command line (see [`initscope::cli`]). Exit status 2 on bad input.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match initscope::cli::run(&args) {
        Ok(out) => {
            for w in &out.warnings {
                eprintln!("initscope: {w}");
            }
            print!("{}", out.stdout);
        }
        Err(msg) => {
            eprintln!("initscope: {msg}");
            std::process::exit(2);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
