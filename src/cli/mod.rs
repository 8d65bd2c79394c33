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

mod formula;
mod phase;
mod simulate;
mod train;

use crate::engine::{self, Activation, Initializer};
use crate::report;
use crate::state::{Kind, ParamError, Spec};

/// What a successful command prints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    /// The output proper (stdout).
    pub stdout: String,
    /// One line each for stderr: flags given that change nothing ("warning: --scale does not apply to …").
    pub warnings: Vec<String>,
}

impl From<String> for Output {
    fn from(stdout: String) -> Output {
        Output {
            stdout,
            warnings: Vec::new(),
        }
    }
}

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

/// One flag of a command: a parameter's [`Spec`], or one of the command's own (`--format`).
#[derive(Clone, Debug)]
struct Flag {
    name: &'static str,
    placeholder: String,
    help: String,
    valid: String,
    required: bool,
    switch: bool,
}

impl From<Spec> for Flag {
    fn from(s: Spec) -> Flag {
        let default = s
            .default
            .as_ref()
            .map_or(String::new(), |d| format!("; default {d}"));
        // Long lists of ids are what `initscope list` is for.
        let valid = match &s.kind {
            Kind::Choice { ids, .. } if ids().len() > 4 => "an id from `initscope list`".into(),
            Kind::Whole(_)
            | Kind::Real(_)
            | Kind::Seed
            | Kind::Choice { .. }
            | Kind::List { .. }
            | Kind::Flag => s.valid(),
        };
        Flag {
            name: s.name,
            placeholder: s.placeholder(),
            help: format!("{}: {valid}{default}", s.help),
            valid: s.valid(),
            required: s.required,
            switch: matches!(s.kind, Kind::Flag),
        }
    }
}

impl Flag {
    /// A command's own flag.
    fn own(name: &'static str, placeholder: &str, help: &str) -> Flag {
        Flag {
            name,
            placeholder: placeholder.into(),
            help: help.into(),
            valid: placeholder.into(),
            required: false,
            switch: false,
        }
    }

    /// `--init ID`, `[--depth N]`, `[--keras]`.
    fn usage(&self) -> String {
        let text = if self.switch {
            format!("--{}", self.name)
        } else {
            format!("--{} {}", self.name, self.placeholder)
        };
        if self.required {
            text
        } else {
            format!("[{text}]")
        }
    }
}

/// The usage of one command, wrapped under its name.
fn usage(command: &str, flags: &[Flag]) -> String {
    let head = format!("  initscope {command:<9}");
    let indent = " ".repeat(head.chars().count());
    let mut out = head.clone();
    let mut col = out.chars().count();
    for f in flags {
        let word = f.usage();
        if col + 1 + word.chars().count() > 106 && col > head.chars().count() {
            out.push('\n');
            out.push_str(&indent);
            col = indent.chars().count();
        }
        out.push(' ');
        out.push_str(&word);
        col += 1 + word.chars().count();
    }
    out.push('\n');
    out
}

/// The flags of one command, one per line with its help.
fn flag_help(command: &str, flags: &[Flag]) -> String {
    let mut s = format!("\n{command} flags:\n");
    for f in flags {
        let left = if f.switch {
            format!("--{}", f.name)
        } else {
            format!("--{} {}", f.name, f.placeholder)
        };
        s.push_str(&format!("  {left:<26} {}\n", f.help));
    }
    s
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

/// Split `--flag value` pairs (a switch such as `--keras` takes no value); every name is one of `flags`.
fn pairs(args: &[String], flags: &[Flag]) -> Result<Vec<(&'static str, String)>, String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(name) = a.strip_prefix("--") else {
            return Err(format!("unexpected argument '{a}'; flags start with --"));
        };
        let (name, inline) = match name.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (name, None),
        };
        let Some(flag) = flags.iter().find(|f| f.name == name) else {
            let names: Vec<String> = flags.iter().map(|f| format!("--{}", f.name)).collect();
            return Err(format!(
                "unknown flag '--{name}'; valid flags: {}",
                names.join(", ")
            ));
        };
        let value = match inline {
            Some(v) => v,
            None if flag.switch => "true".into(),
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("--{name} needs a value"))?,
        };
        out.push((flag.name, value));
    }
    let given: Vec<&str> = out.iter().map(|(n, _)| *n).collect();
    if let Some(f) = flags
        .iter()
        .find(|f| f.required && !given.contains(&f.name))
    {
        return Err(format!("missing --{}; expected {}", f.name, f.valid));
    }
    Ok(out)
}

/// A parameter's rejection as a CLI message: `--depth: '0' is out of range; …`.
fn flag_error(e: ParamError) -> String {
    format!("--{}: '{}' {}", e.name, e.value, e.reason)
}

/// A note that a flag changes nothing, as a warning line.
fn warning(e: &ParamError) -> String {
    format!("warning: --{} {}", e.name, e.reason)
}

/// Output formats.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Csv,
    Table,
    Text,
}

fn parse_format(v: &str, allowed: &[(&str, Format)]) -> Result<Format, String> {
    allowed
        .iter()
        .find(|(n, _)| *n == v)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
            format!(
                "--format: '{v}' is not a format; expected one of {}",
                names.join(", ")
            )
        })
}

/// The `--format` flag offering these formats.
fn format_flag(allowed: &[(&str, Format)], default: &str) -> Flag {
    let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
    Flag::own(
        "format",
        &names.join("|"),
        &format!(
            "output format: one of {}; default {default}",
            names.join(", ")
        ),
    )
}

/// A number for JSON/CSV output (`null` when not finite).
fn num(x: f64) -> String {
    report::number(x).unwrap_or_else(|| "null".into())
}

fn list() -> String {
    let mut s = String::from("Initializers (--init):\n");
    for i in Initializer::ALL {
        s.push_str(&format!("  {:<15} {}\n", i.id(), i.formula()));
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
        s.push_str(&format!("  {:<15} {}\n", a.id(), a.label()));
    }
    s.push_str("\nNormalizations (--norm; mlp and residual):\n");
    for n in engine::norm::Norm::ALL {
        s.push_str(&format!("  {:<15} {}\n", n.id(), n.label()));
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
