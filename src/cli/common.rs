//! What the CLI's commands share: the [`Output`] they return, their [`Flag`]s and the `--flag value` parsing,
//! usage and help built from them, the `--format` flag and the error and warning lines.

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

/// One flag of a command: a parameter's [`Spec`], or one of the command's own (`--format`).
#[derive(Clone, Debug)]
pub(super) struct Flag {
    /// The name after `--`.
    pub(super) name: &'static str,
    /// What stands for the value in the usage line (`ID`, `N`).
    pub(super) placeholder: String,
    /// The help line.
    pub(super) help: String,
    /// The valid values, as an error message names them.
    pub(super) valid: String,
    /// Whether the command needs it.
    pub(super) required: bool,
    /// Whether it takes no value (`--keras`).
    pub(super) switch: bool,
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
    pub(super) fn own(name: &'static str, placeholder: &str, help: &str) -> Flag {
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
pub(super) fn usage(command: &str, flags: &[Flag]) -> String {
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
pub(super) fn flag_help(command: &str, flags: &[Flag]) -> String {
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

/// Split `--flag value` pairs (a switch such as `--keras` takes no value); every name is one of `flags`.
pub(super) fn pairs(
    args: &[String],
    flags: &[Flag],
) -> Result<Vec<(&'static str, String)>, String> {
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
pub(super) fn flag_error(e: ParamError) -> String {
    format!("--{}: '{}' {}", e.name, e.value, e.reason)
}

/// A note that a flag changes nothing, as a warning line.
pub(super) fn warning(e: &ParamError) -> String {
    format!("warning: --{} {}", e.name, e.reason)
}

/// Output formats.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Format {
    Json,
    Csv,
    Table,
    Text,
}

/// The format `v` names among `allowed`, or the error naming them.
pub(super) fn parse_format(v: &str, allowed: &[(&str, Format)]) -> Result<Format, String> {
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
pub(super) fn format_flag(allowed: &[(&str, Format)], default: &str) -> Flag {
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
pub(super) fn num(x: f64) -> String {
    report::number(x).unwrap_or_else(|| "null".into())
}
