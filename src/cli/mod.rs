//! The `initscope` command line, on the same engine and the same parameter schema as the page.
//!
//! ```text
//! initscope simulate --init ID --activation ID [--depth N] [--width N] [--input-width N] [--batch N] ...
//! initscope formula  --init ID --fan-in N --fan-out N [--gain X] [--mode ...] [--keras] [--scale X] ...
//! initscope train    --init ID --activation ID [--depth N] ... [--format json|csv]
//! initscope phase    --activation ID --sw2 X|A:B:N --sb2 X|A:B:N [--critical] [--format json|text|csv]
//! initscope list
//! ```
//! The flags, their usage line and their help come from the parameter tables (`crate::state::Param::spec`,
//! `crate::train::params::RaceParam::spec`). Errors: [`run`] returns one line naming the flag, the value and
//! the valid choices; the binary prints it and exits with status 2. A flag that changes nothing for the
//! chosen initializer or activation is not an error: [`Output::warnings`] names it, in the words of the
//! page's notice.

mod common;
mod formula;
mod phase;
mod simulate;
mod train;

pub use common::Output;

use crate::engine::{self, Activation, Initializer};
use common::{flag_help, usage};

/// Run one command line; `Ok` is what to print, `Err` the one-line message for exit status 2.
pub fn run(args: &[String]) -> Result<Output, String> {
    match args.first().map(String::as_str) {
        Some("simulate") => simulate::run(&args[1..]),
        Some("formula") => formula::run(&args[1..]),
        Some("train") => train::run(&args[1..]),
        Some("phase") => phase::run(&args[1..]),
        Some("list") if args.len() == 1 => Ok(list().into()),
        Some("list") => Err(format!("list takes no arguments (got '{}')", args[1])),
        Some("help" | "--help" | "-h") => Ok(help().into()),
        Some(other) => Err(format!(
            "unknown command '{other}'; expected simulate, formula, train, phase or list"
        )),
        None => Err(
            "missing command; expected simulate, formula, train, phase or list (try --help)".into(),
        ),
    }
}

fn help() -> String {
    let (sim, form, train) = (simulate::flags(), formula::flags(), train::flags());
    let mut s = String::from("usage:\n");
    s.push_str(&usage("simulate", &sim));
    s.push_str(&usage("formula", &form));
    s.push_str(&usage("train", &train));
    s.push_str(&usage("phase", &phase::flags()));
    s.push_str("  initscope list\n");
    s.push_str(&flag_help("simulate", &sim));
    s.push_str(&flag_help("formula", &form));
    s.push_str(&flag_help("train", &train));
    s.push_str(&flag_help("phase", &phase::flags()));
    s
}

fn list() -> String {
    let mut s = String::from("Initializers (--init):\n");
    for i in Initializer::ALL {
        s.push_str(&format!("  {:<16} {}\n", i.id(), i.formula()));
    }
    s.push_str(
        "\nActivations (--activation), with PyTorch's calculate_gain and the usual initializer:\n",
    );
    for a in Activation::ALL {
        let phi = engine::Nonlinearity::new(a, a.default_slope());
        let rec = engine::recommendation(&phi);
        let gain = a
            .pytorch_gain(a.default_slope())
            .map_or("none (√2 by convention)".to_string(), |g| {
                format!("{g:.4}")
            });
        s.push_str(&format!(
            "  {:<11} {:<62} gain {:<24} → {}\n",
            a.id(),
            a.formula(),
            gain,
            rec.init.id()
        ));
    }
    s.push_str("\nArchitectures (--arch; depth counts their layers, blocks or time steps):\n");
    for a in engine::arch::Arch::ALL {
        s.push_str(&format!("  {:<16} {}\n", a.id(), a.label()));
    }
    s.push_str("\nNormalizations (--norm; mlp and residual):\n");
    for n in engine::norm::Norm::ALL {
        s.push_str(&format!("  {:<16} {}\n", n.id(), n.label()));
    }
    s.push_str("\nTransformer presets (--preset; at the depth L and width d given, other flags given win):\n");
    for p in engine::transformer::Preset::ALL {
        s.push_str(&format!("  {:<16} {}\n", p.id(), p.summary()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_comes_from_the_tables() {
        let h = help();
        assert!(
            h.contains("initscope simulate  --init ID --activation ID [--depth N]"),
            "{h}"
        );
        assert!(
            h.contains("[--keras]") && h.contains("[--mode fan-in|fan-out]"),
            "{h}"
        );
        assert!(h.contains("[--optimizer sgd|adam]"), "{h}");
        assert!(
            h.contains("a whole number from 1 to 200; default 50"),
            "{h}"
        );
        assert!(
            h.contains("[--format json|text]") && h.contains("json, text; default text"),
            "{h}"
        );
        assert!(h.lines().all(|l| l.chars().count() <= 130), "{h}");
    }
}
