//! The parameters of a [`Config`], by name: one schema for the URL query, the CLI flags and the form.
//!
//! Each parameter has a name (the CLI flag without `--`, the URL key), a parser with a specific error, and a
//! writer that omits defaults. [`parse_query`] reads a URL query leniently: every bad value falls back to its
//! default and is reported; [`to_query`] writes the config back.

use crate::engine::config::{self, Config, ConfigError};
use crate::engine::{Activation, FanMode, Initializer};
use std::fmt;
use std::ops::RangeInclusive;

/// A setting of the simulation, named as in the URL and the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Param {
    /// `init`: initializer id.
    Init,
    /// `activation`: activation id.
    Activation,
    /// `depth`: number of layers.
    Depth,
    /// `width`: hidden width.
    Width,
    /// `input-width`: input width.
    InputWidth,
    /// `batch`: batch size.
    Batch,
    /// `seed`: random seed.
    Seed,
    /// `scale`: a / σ / c.
    Scale,
    /// `gain`: gain multiplier.
    Gain,
    /// `mode`: fan-in or fan-out.
    Mode,
    /// `keras`: Keras convention (a flag).
    Keras,
    /// `slope`: Leaky ReLU / PReLU slope.
    Slope,
    /// `bias-std`: bias standard deviation.
    BiasStd,
}

impl Param {
    /// Every parameter, in URL order.
    pub const ALL: [Param; 13] = [
        Param::Init,
        Param::Activation,
        Param::Depth,
        Param::Width,
        Param::InputWidth,
        Param::Batch,
        Param::Seed,
        Param::Scale,
        Param::Gain,
        Param::Mode,
        Param::Keras,
        Param::Slope,
        Param::BiasStd,
    ];

    /// The name: URL key and CLI flag without `--`.
    pub fn name(self) -> &'static str {
        match self {
            Param::Init => "init",
            Param::Activation => "activation",
            Param::Depth => "depth",
            Param::Width => "width",
            Param::InputWidth => "input-width",
            Param::Batch => "batch",
            Param::Seed => "seed",
            Param::Scale => "scale",
            Param::Gain => "gain",
            Param::Mode => "mode",
            Param::Keras => "keras",
            Param::Slope => "slope",
            Param::BiasStd => "bias-std",
        }
    }

    /// The parameter with this name.
    pub fn from_name(name: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The valid values, in words.
    pub fn valid(self) -> String {
        let whole =
            |r: RangeInclusive<usize>| format!("a whole number from {} to {}", r.start(), r.end());
        let real = |r: RangeInclusive<f64>| format!("a number from {} to {}", r.start(), r.end());
        match self {
            Param::Init => format!("one of {}", ids(Initializer::ALL.iter().map(|i| i.id()))),
            Param::Activation => format!("one of {}", ids(Activation::ALL.iter().map(|a| a.id()))),
            Param::Depth => whole(config::DEPTH),
            Param::Width => whole(config::WIDTH),
            Param::InputWidth => whole(config::INPUT_WIDTH),
            Param::Batch => whole(config::BATCH),
            Param::Seed => format!("a whole number from 0 to {}", u64::MAX),
            Param::Scale => real(config::SCALE),
            Param::Gain => real(config::GAIN),
            Param::Mode => "fan-in or fan-out".into(),
            Param::Keras => "true or false (1 or 0)".into(),
            Param::Slope => real(config::SLOPE),
            Param::BiasStd => real(config::BIAS_STD),
        }
    }
}

fn ids<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
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

impl ParamError {
    fn new(p: Param, value: &str, why: &str) -> Self {
        ParamError {
            name: p.name().into(),
            value: shorten(value),
            reason: format!("{why}; expected {}", p.valid()),
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: '{}' {}", self.name, self.value, self.reason)
    }
}

impl std::error::Error for ParamError {}

/// At most 40 characters of a value, for messages.
fn shorten(v: &str) -> String {
    if v.chars().count() > 40 {
        format!("{}…", v.chars().take(40).collect::<String>())
    } else {
        v.to_string()
    }
}

fn parse_whole(p: Param, v: &str, r: RangeInclusive<usize>) -> Result<usize, ParamError> {
    let n: usize = v
        .trim()
        .parse()
        .map_err(|_| ParamError::new(p, v, "is not a whole number"))?;
    if r.contains(&n) {
        Ok(n)
    } else {
        Err(ParamError::new(p, v, "is out of range"))
    }
}

fn parse_real(p: Param, v: &str, r: RangeInclusive<f64>) -> Result<f64, ParamError> {
    let x: f64 = v
        .trim()
        .parse()
        .map_err(|_| ParamError::new(p, v, "is not a number"))?;
    if !x.is_finite() {
        return Err(ParamError::new(p, v, "is not a finite number"));
    }
    if r.contains(&x) {
        Ok(x)
    } else {
        Err(ParamError::new(p, v, "is out of range"))
    }
}

fn parse_bool(p: Param, v: &str) -> Result<bool, ParamError> {
    match v.trim() {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ParamError::new(p, v, "is not a yes/no value")),
    }
}

impl Config {
    /// Set one parameter from its text, checking its own range (cross-parameter rules: [`Config::validate`]).
    pub fn set_param(&mut self, p: Param, v: &str) -> Result<(), ParamError> {
        match p {
            Param::Init => {
                self.init = v
                    .trim()
                    .parse()
                    .map_err(|_| ParamError::new(p, v, "is not an initializer"))?
            }
            Param::Activation => {
                self.activation = v
                    .trim()
                    .parse()
                    .map_err(|_| ParamError::new(p, v, "is not an activation"))?
            }
            Param::Depth => self.depth = parse_whole(p, v, config::DEPTH)?,
            Param::Width => self.width = parse_whole(p, v, config::WIDTH)?,
            Param::InputWidth => self.input_width = Some(parse_whole(p, v, config::INPUT_WIDTH)?),
            Param::Batch => self.batch = parse_whole(p, v, config::BATCH)?,
            Param::Seed => {
                self.seed = v
                    .trim()
                    .parse()
                    .map_err(|_| ParamError::new(p, v, "is not a whole number"))?
            }
            Param::Scale => self.scale = parse_real(p, v, config::SCALE)?,
            Param::Gain => self.gain = Some(parse_real(p, v, config::GAIN)?),
            Param::Mode => {
                self.mode = v
                    .trim()
                    .parse()
                    .map_err(|_| ParamError::new(p, v, "is not a fan mode"))?
            }
            Param::Keras => self.keras = parse_bool(p, v)?,
            Param::Slope => self.slope = Some(parse_real(p, v, config::SLOPE)?),
            Param::BiasStd => self.bias_std = parse_real(p, v, config::BIAS_STD)?,
        }
        Ok(())
    }

    /// The parameter's value as text, or `None` when it is at its default (and so left out of URLs).
    pub fn param_value(&self, p: Param) -> Option<String> {
        let d = Config::default();
        match p {
            Param::Init => (self.init != d.init).then(|| self.init.id().into()),
            Param::Activation => {
                (self.activation != d.activation).then(|| self.activation.id().into())
            }
            Param::Depth => (self.depth != d.depth).then(|| self.depth.to_string()),
            Param::Width => (self.width != d.width).then(|| self.width.to_string()),
            Param::InputWidth => self.input_width.map(|w| w.to_string()),
            Param::Batch => (self.batch != d.batch).then(|| self.batch.to_string()),
            Param::Seed => (self.seed != d.seed).then(|| self.seed.to_string()),
            Param::Scale => (self.scale != d.scale).then(|| self.scale.to_string()),
            Param::Gain => self.gain.map(|g| g.to_string()),
            Param::Mode => (self.mode != FanMode::FanIn).then(|| self.mode.id().into()),
            Param::Keras => self.keras.then(|| "1".into()),
            Param::Slope => self.slope.map(|s| s.to_string()),
            Param::BiasStd => (self.bias_std != d.bias_std).then(|| self.bias_std.to_string()),
        }
    }

    /// The parameter's value in force as text, defaults included (for form fields).
    pub fn param_text(&self, p: Param) -> String {
        match p {
            Param::Init => self.init.id().into(),
            Param::Activation => self.activation.id().into(),
            Param::Depth => self.depth.to_string(),
            Param::Width => self.width.to_string(),
            Param::InputWidth => self.input_width().to_string(),
            Param::Batch => self.batch.to_string(),
            Param::Seed => self.seed.to_string(),
            Param::Scale => self.scale.to_string(),
            Param::Gain => self.init_spec().effective_gain().to_string(),
            Param::Mode => self.mode.id().into(),
            Param::Keras => self.keras.to_string(),
            Param::Slope => self.nonlinearity().slope.to_string(),
            Param::BiasStd => self.bias_std.to_string(),
        }
    }

    /// Undo every setting that [`Config::validate`] rejects, returning one [`ParamError`] for each.
    pub fn reset_invalid(&mut self) -> Vec<ParamError> {
        let Err(errs) = self.validate() else {
            return Vec::new();
        };
        let d = Config::default();
        errs.into_iter()
            .map(|e| {
                let (name, value) = match &e {
                    ConfigError::OutOfRange { name, value, .. } => (*name, value.clone()),
                    ConfigError::NegativeScale { value, .. } => ("scale", value.to_string()),
                };
                match Param::from_name(name) {
                    Some(Param::Scale) => self.scale = d.scale,
                    Some(Param::InputWidth) => self.input_width = None,
                    _ => {}
                }
                ParamError {
                    name: name.into(),
                    value,
                    reason: e.to_string(),
                }
            })
            .collect()
    }
}

/// Decode one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a byte; malformed
/// escapes are kept as written; invalid UTF-8 becomes U+FFFD.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Read a URL query (with or without the leading `?`). Unknown parameters and bad values are ignored —
/// the setting keeps its default — and each is reported. A repeated parameter: the last value wins, and
/// the repetition is reported.
pub fn parse_query(query: &str) -> (Config, Vec<ParamError>) {
    let mut cfg = Config::default();
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for pair in query
        .trim_start_matches('?')
        .split('&')
        .filter(|s| !s.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode_component(k), decode_component(v));
        let Some(p) = Param::from_name(&k) else {
            errors.push(ParamError {
                name: shorten(&k),
                value: shorten(&v),
                reason: "is not a setting Initscope knows".into(),
            });
            continue;
        };
        if seen.contains(&p) {
            errors.push(ParamError {
                name: k.clone(),
                value: shorten(&v),
                reason: "was given more than once; the last value is used".into(),
            });
        }
        seen.push(p);
        if let Err(e) = cfg.set_param(p, &v) {
            errors.push(e);
        }
    }
    errors.extend(cfg.reset_invalid());
    (cfg, errors)
}

/// The query string (without `?`) that reproduces `cfg`; defaults are left out.
pub fn to_query(cfg: &Config) -> String {
    Param::ALL
        .into_iter()
        .filter_map(|p| cfg.param_value(p).map(|v| format!("{}={}", p.name(), v)))
        .collect::<Vec<_>>()
        .join("&")
}
