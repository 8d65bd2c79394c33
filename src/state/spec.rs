//! The descriptor of one parameter ([`Spec`]) and the one set of parsers every parameter goes through.
//!
//! The Lab's [`Param`](super::Param) and the race's `RaceParam` (`crate::train::params`) each have a table —
//! one exhaustive `spec()` match — built from this type; the URL, the CLI flags, the usage text and the form
//! fields all read it.

use std::fmt;
use std::ops::RangeInclusive;

/// What values a parameter takes.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A whole number in a range.
    Whole(RangeInclusive<usize>),
    /// A finite number in a range.
    Real(RangeInclusive<f64>),
    /// A seed: any whole number from 0 to 2⁶⁴−1.
    Seed,
    /// One id from a fixed list.
    Choice {
        /// What one id names, with its article ("an initializer").
        noun: &'static str,
        /// The ids.
        ids: fn() -> Vec<&'static str>,
    },
    /// A comma-separated list of 1 to `max` ids.
    List {
        /// What one id names, with its article ("an initializer").
        noun: &'static str,
        /// The ids.
        ids: fn() -> Vec<&'static str>,
        /// The longest list.
        max: usize,
    },
    /// Yes or no; a bare CLI flag (`--keras`) means yes.
    Flag,
}

/// One parameter described once: its name, kind, default, label and help.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The URL key and the CLI flag without `--`.
    pub name: &'static str,
    /// The values it takes.
    pub kind: Kind,
    /// The default value as text; `None` when it depends on other settings (the help says how).
    pub default: Option<String>,
    /// The form label.
    pub label: &'static str,
    /// One sentence of help (CLI `--help`, the form's tooltip).
    pub help: &'static str,
    /// The step of the form's arrows and slider.
    pub step: f64,
    /// The range of the slider the form shows next to the box, if any (typing reaches the whole range).
    pub slider: Option<(f64, f64)>,
    /// Whether `initscope` must be given this flag.
    pub required: bool,
    /// Whether the command line accepts it (the race's `inits` list is the page's only).
    pub cli: bool,
}

impl Spec {
    /// A parameter with no default, step 1, no slider, optional, on the command line.
    pub fn new(name: &'static str, kind: Kind, label: &'static str, help: &'static str) -> Spec {
        let step = match kind {
            Kind::Real(_) => 0.01,
            Kind::Whole(_) | Kind::Seed | Kind::Choice { .. } | Kind::List { .. } | Kind::Flag => {
                1.0
            }
        };
        Spec {
            name,
            kind,
            default: None,
            label,
            help,
            step,
            slider: None,
            required: false,
            cli: true,
        }
    }

    /// The same with a slider over its whole range in the form.
    pub fn slider(self) -> Spec {
        Spec {
            slider: self.bounds(),
            ..self
        }
    }

    /// The same with a slider from `lo` to `hi` in the form: where the values worth dragging through are,
    /// when the whole range is too wide for a slider (a gain of 0 to 100).
    pub fn slider_over(self, lo: f64, hi: f64) -> Spec {
        Spec {
            slider: Some((lo, hi)),
            ..self
        }
    }

    /// The same, required on the command line.
    pub fn required(self) -> Spec {
        Spec {
            required: true,
            ..self
        }
    }

    /// The same, not accepted on the command line.
    pub fn page_only(self) -> Spec {
        Spec { cli: false, ..self }
    }

    /// The valid values, in words.
    pub fn valid(&self) -> String {
        match &self.kind {
            Kind::Whole(r) => format!("a whole number from {} to {}", r.start(), r.end()),
            Kind::Real(r) => format!("a number from {} to {}", r.start(), r.end()),
            Kind::Seed => format!("a whole number from 0 to {}", u64::MAX),
            Kind::Choice { ids, .. } => one_of(&ids()),
            Kind::List { ids, max, .. } => format!("1 to {max} of {}", ids().join(", ")),
            Kind::Flag => "true or false (1 or 0)".into(),
        }
    }

    /// The form's (min, max), for number kinds.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match &self.kind {
            Kind::Whole(r) => Some((*r.start() as f64, *r.end() as f64)),
            Kind::Real(r) => Some((*r.start(), *r.end())),
            Kind::Seed => Some((0.0, u64::MAX as f64)),
            Kind::Choice { .. } | Kind::List { .. } | Kind::Flag => None,
        }
    }

    /// The value's placeholder in the usage text (`N`, `X`, `ID`, `sgd|adam`; empty for a flag).
    pub fn placeholder(&self) -> String {
        match &self.kind {
            Kind::Whole(_) | Kind::Seed => "N".into(),
            Kind::Real(_) => "X".into(),
            Kind::Choice { ids, .. } => {
                let ids = ids();
                if ids.len() <= 4 {
                    ids.join("|")
                } else {
                    "ID".into()
                }
            }
            Kind::List { .. } => "ID,ID,...".into(),
            Kind::Flag => String::new(),
        }
    }

    /// A rejection of `value` for this parameter: `why`, then the valid values.
    pub fn error(&self, value: &str, why: &str) -> ParamError {
        ParamError {
            name: self.name.into(),
            value: shorten(value),
            reason: format!("{why}; expected {}", self.valid()),
        }
    }

    /// Parse a [`Kind::Whole`] value in its range.
    pub fn parse_whole(&self, v: &str) -> Result<usize, ParamError> {
        let Kind::Whole(r) = &self.kind else {
            return Err(self.error(v, "is not a whole-number setting"));
        };
        let n: usize = v
            .trim()
            .parse()
            .map_err(|_| self.error(v, "is not a whole number"))?;
        if r.contains(&n) {
            Ok(n)
        } else {
            Err(self.error(v, "is out of range"))
        }
    }

    /// Parse a [`Kind::Real`] value: finite and in its range.
    pub fn parse_real(&self, v: &str) -> Result<f64, ParamError> {
        let Kind::Real(r) = &self.kind else {
            return Err(self.error(v, "is not a number setting"));
        };
        let x: f64 = v
            .trim()
            .parse()
            .map_err(|_| self.error(v, "is not a number"))?;
        if !x.is_finite() {
            Err(self.error(v, "is not a finite number"))
        } else if r.contains(&x) {
            Ok(x)
        } else {
            Err(self.error(v, "is out of range"))
        }
    }

    /// Parse a [`Kind::Seed`] value.
    pub fn parse_seed(&self, v: &str) -> Result<u64, ParamError> {
        v.trim()
            .parse()
            .map_err(|_| self.error(v, "is not a whole number"))
    }

    /// Parse a [`Kind::Flag`] value (empty = yes).
    pub fn parse_bool(&self, v: &str) -> Result<bool, ParamError> {
        match v.trim() {
            "" | "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(self.error(v, "is not a yes/no value")),
        }
    }

    /// Parse a [`Kind::Choice`] id into its value.
    pub fn parse_choice<T: std::str::FromStr>(&self, v: &str) -> Result<T, ParamError> {
        let noun = match &self.kind {
            Kind::Choice { noun, .. } => *noun,
            Kind::Whole(_) | Kind::Real(_) | Kind::Seed | Kind::List { .. } | Kind::Flag => {
                "a choice"
            }
        };
        v.trim()
            .parse()
            .map_err(|_| self.error(v, &format!("is not {noun}")))
    }

    /// Parse a [`Kind::List`] of ids into their values.
    pub fn parse_list<T: std::str::FromStr>(&self, v: &str) -> Result<Vec<T>, ParamError> {
        let (noun, max) = match &self.kind {
            Kind::List { noun, max, .. } => (*noun, *max),
            Kind::Whole(_) | Kind::Real(_) | Kind::Seed | Kind::Choice { .. } | Kind::Flag => {
                ("a choice", 1)
            }
        };
        let ids: Vec<&str> = v.split(',').map(str::trim).collect();
        if ids.len() > max {
            return Err(self.error(v, &format!("names more than {max}")));
        }
        ids.iter()
            .map(|id| {
                id.parse()
                    .map_err(|_| self.error(v, &format!("'{}' is not {noun}", shorten(id))))
            })
            .collect()
    }
}

/// "a or b", "a, b, c or d", and "one of a, b, …" for longer lists.
fn one_of(ids: &[&str]) -> String {
    match ids {
        [] => "nothing".into(),
        [one] => (*one).into(),
        [init @ .., last] if ids.len() <= 4 => format!("{} or {last}", init.join(", ")),
        _ => format!("one of {}", ids.join(", ")),
    }
}

/// A rejected parameter value: which, what was given, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name as given.
    pub name: String,
    /// The value as given (possibly shortened for display).
    pub value: String,
    /// Why it was rejected, ending with the valid values.
    pub reason: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: '{}' {}", self.name, self.value, self.reason)
    }
}

impl std::error::Error for ParamError {}

/// At most 40 characters of a value, for messages.
pub fn shorten(v: &str) -> String {
    if v.chars().count() > 40 {
        format!("{}…", v.chars().take(40).collect::<String>())
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_as_words() {
        assert_eq!(one_of(&["sgd", "adam"]), "sgd or adam");
        assert_eq!(one_of(&["a", "b", "c", "d"]), "a, b, c or d");
        assert_eq!(one_of(&["a", "b", "c", "d", "e"]), "one of a, b, c, d, e");
    }

    #[test]
    fn one_parser_per_kind() {
        let depth = Spec::new("depth", Kind::Whole(1..=200), "depth", "layers");
        assert_eq!(depth.parse_whole(" 7 "), Ok(7));
        let e = depth.parse_whole("0").unwrap_err();
        assert_eq!(
            e.to_string(),
            "depth: '0' is out of range; expected a whole number from 1 to 200"
        );
        assert!(
            depth.parse_real("1").is_err(),
            "a kind mismatch is an error"
        );
        let x = Spec::new("x", Kind::Real(0.0..=1.0), "x", "x");
        assert!(x.parse_real("NaN").unwrap_err().reason.contains("finite"));
        assert_eq!(
            Spec::new("k", Kind::Flag, "k", "k").parse_bool(""),
            Ok(true)
        );
    }
}
