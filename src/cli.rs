//! The `initscope` command line, on the same engine and the same parameter schema as the page.
//!
//! ```text
//! initscope simulate --init ID --activation ID [--depth N] [--width N] [--input-width N] [--batch N]
//!                    [--seed N] [--scale X] [--gain X] [--mode fan-in|fan-out] [--keras] [--slope X]
//!                    [--bias-std X] [--histograms L,L,...] [--format json|csv|table]
//! initscope formula  --init ID --fan-in N --fan-out N [--gain X] [--mode ...] [--keras] [--scale X]
//!                    [--format json|text]
//! initscope list
//! ```
//! Errors: [`run`] returns one line naming the flag, the value and the valid choices; the binary prints it
//! and exits with status 2.

use crate::engine::{self, Activation, Config, InitSpec, Initializer, SimOptions};
use crate::report;
use crate::state::{Param, ParamError};

const USAGE: &str = "usage:
  initscope simulate --init ID --activation ID [--depth N] [--width N] [--input-width N] [--batch N]
                     [--seed N] [--scale X] [--gain X] [--mode fan-in|fan-out] [--keras] [--slope X]
                     [--bias-std X] [--histograms L,L,...] [--format json|csv|table]
  initscope formula  --init ID --fan-in N --fan-out N [--gain X] [--mode fan-in|fan-out] [--keras]
                     [--scale X] [--format json|text]
    initscope train    --init ID [--scale X] [--gain X] --activation ID [--depth N] [--width N]
                     [--dataset spirals|circles|xor|blobs] [--optimizer sgd|adam] [--lr X] [--steps N]
                     [--batch N] [--seed N] [--format json|csv]
  initscope list
";

/// Output formats.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Csv,
    Table,
    Text,
}

/// Run one command line; `Ok` is what to print, `Err` the one-line message for exit status 2.
pub fn run(args: &[String]) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("simulate") => simulate(&args[1..]),
        Some("formula") => formula(&args[1..]),
        Some("train") => train(&args[1..]),
        Some("list") if args.len() == 1 => Ok(list()),
        Some("list") => Err(format!("list takes no arguments (got '{}')", args[1])),
        Some("help" | "--help" | "-h") => Ok(USAGE.to_string()),
        Some(other) => Err(format!(
            "unknown command '{other}'; expected simulate, formula, train or list"
        )),
        None => {
            Err("missing command; expected simulate, formula, train or list (try --help)".into())
        }
    }
}

/// Split `--flag value` pairs; `--keras` takes no value.
fn pairs(args: &[String], allowed: &[&str]) -> Result<Vec<(String, String)>, String> {
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
        if !allowed.contains(&name) {
            return Err(format!(
                "unknown flag '--{name}'; valid flags: {}",
                allowed
                    .iter()
                    .map(|f| format!("--{f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let value = match (name, inline) {
            (_, Some(v)) => v,
            ("keras", None) => "true".into(),
            (_, None) => it
                .next()
                .cloned()
                .ok_or_else(|| format!("--{name} needs a value"))?,
        };
        out.push((name.to_string(), value));
    }
    Ok(out)
}

fn flag_error(e: ParamError) -> String {
    format!("--{}: '{}' {}", e.name, e.value, e.reason)
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

fn simulate(args: &[String]) -> Result<String, String> {
    let mut allowed: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
    allowed.extend(["format", "histograms"]);
    let mut cfg = Config::default();
    let mut format = Format::Json;
    let mut opts = SimOptions::default();
    let (mut has_init, mut has_act) = (false, false);
    for (name, value) in pairs(args, &allowed)? {
        match name.as_str() {
            "format" => {
                format = parse_format(
                    &value,
                    &[
                        ("json", Format::Json),
                        ("csv", Format::Csv),
                        ("table", Format::Table),
                    ],
                )?
            }
            "histograms" => opts.histogram_layers = parse_layers(&value)?,
            _ => {
                let p = Param::from_name(&name).ok_or("internal: flag without parameter")?;
                has_init |= p == Param::Init;
                has_act |= p == Param::Activation;
                cfg.set_param(p, &value).map_err(flag_error)?;
            }
        }
    }
    require_init_and_activation(has_init, has_act)?;
    if let Some(e) = cfg.reset_invalid().into_iter().next() {
        return Err(format!("--{}", e.reason));
    }
    let result = engine::simulate(&cfg, &opts);
    Ok(match format {
        Format::Csv => report::to_csv(&result),
        Format::Table => report::to_table(&result),
        _ => report::to_json(&result),
    })
}

/// `simulate` and `train` need both an initializer and an activation.
fn require_init_and_activation(has_init: bool, has_act: bool) -> Result<(), String> {
    if !has_init {
        return Err(format!("missing --init; expected {}", Param::Init.valid()));
    }
    if !has_act {
        return Err(format!(
            "missing --activation; expected {}",
            Param::Activation.valid()
        ));
    }
    Ok(())
}

fn train(args: &[String]) -> Result<String, String> {
    use crate::train::race::{init_label, Race, TrainConfig};
    // The race's names (one initializer on the command line), and the output format.
    let mut allowed: Vec<&str> = crate::train::params::NAMES
        .iter()
        .copied()
        .filter(|n| *n != "inits")
        .collect();
    allowed.push("format");
    let mut cfg = TrainConfig::default();
    let (mut format, mut has_init, mut has_act) = (Format::Json, false, false);
    for (name, value) in pairs(args, &allowed)? {
        if name == "format" {
            format = parse_format(&value, &[("json", Format::Json), ("csv", Format::Csv)])?;
            continue;
        }
        has_init |= name == "init";
        has_act |= name == "activation";
        cfg.set(&name, &value).map_err(flag_error)?;
    }
    require_init_and_activation(has_init, has_act)?;
    let mut race = Race::new(cfg.clone());
    race.run(cfg.steps, 10);
    let r = &race.racers[0];
    if format == Format::Csv {
        let mut s = String::from("step,loss,train_acc,test_acc\n");
        for h in &r.history {
            s.push_str(&format!(
                "{},{},{},{}\n",
                h.step,
                num(h.loss),
                num(h.train_acc),
                num(h.test_acc)
            ));
        }
        return Ok(s);
    }
    let spec = r.init;
    let steps: Vec<String> = r
        .history
        .iter()
        .map(|h| {
            format!(
                "    {{\"step\": {}, \"loss\": {}, \"train_acc\": {}, \"test_acc\": {}}}",
                h.step,
                num(h.loss),
                num(h.train_acc),
                num(h.test_acc)
            )
        })
        .collect();
    let config = format!(
        "{{\"init\": \"{}\", \"label\": \"{}\", \"scale\": {}, \"gain\": {}, \"activation\": \"{}\", \"depth\": {}, \
         \"width\": {}, \"dataset\": \"{}\", \"optimizer\": \"{}\", \"lr\": {}, \"steps\": {}, \"batch\": {}, \"seed\": {}}}",
        spec.kind.id(),
        init_label(&spec),
        num(spec.scale),
        num(spec.effective_gain()),
        cfg.activation.id(),
        cfg.depth,
        cfg.width,
        cfg.dataset.id(),
        cfg.optimizer.id(),
        num(cfg.lr),
        cfg.steps,
        cfg.batch,
        cfg.seed
    );
    let diverged = r.diverged_at.map_or("null".to_string(), |d| d.to_string());
    Ok(format!(
        "{{\n  \"config\": {config},\n  \"steps\": [\n{}\n  ],\n  \"diverged_at\": {diverged}\n}}\n",
        steps.join(",\n")
    ))
}

/// A number for JSON/CSV output (`null` when not finite).
fn num(x: f64) -> String {
    report::number(x).unwrap_or_else(|| "null".into())
}

fn parse_layers(v: &str) -> Result<Vec<usize>, String> {
    v.split(',')
        .map(|s| {
            s.trim()
                .parse::<usize>()
                .ok()
                .filter(|&l| l >= 1)
                .ok_or_else(|| {
                    format!("--histograms: '{s}' is not a layer number; expected e.g. 1,25,50")
                })
        })
        .collect()
}

fn formula(args: &[String]) -> Result<String, String> {
    let allowed = [
        "init", "fan-in", "fan-out", "gain", "mode", "keras", "scale", "format",
    ];
    let mut cfg = Config::default();
    let (mut fan_in, mut fan_out, mut format, mut has_init) = (None, None, Format::Text, false);
    for (name, value) in pairs(args, &allowed)? {
        match name.as_str() {
            "fan-in" | "fan-out" => {
                let n = value
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=1 << 24).contains(n));
                let n = n.ok_or_else(|| {
                    format!("--{name}: '{value}' is not a whole number from 1 to 16777216")
                })?;
                if name == "fan-in" {
                    fan_in = Some(n)
                } else {
                    fan_out = Some(n)
                }
            }
            "format" => {
                format = parse_format(&value, &[("json", Format::Json), ("text", Format::Text)])?
            }
            _ => {
                let p = Param::from_name(&name).ok_or("internal: flag without parameter")?;
                has_init |= p == Param::Init;
                cfg.set_param(p, &value).map_err(flag_error)?;
            }
        }
    }
    if !has_init {
        return Err(format!("missing --init; expected {}", Param::Init.valid()));
    }
    let fan_in = fan_in.ok_or("missing --fan-in; expected a whole number from 1 to 16777216")?;
    let fan_out = fan_out.ok_or("missing --fan-out; expected a whole number from 1 to 16777216")?;
    if let Some(e) = cfg.reset_invalid().into_iter().next() {
        return Err(format!("--{}", e.reason));
    }
    let spec = cfg.init_spec();
    Ok(describe_formula(
        &spec,
        fan_in,
        fan_out,
        format == Format::Json,
    ))
}

fn describe_formula(spec: &InitSpec, fan_in: usize, fan_out: usize, json: bool) -> String {
    let d = spec.distribution(fan_in, fan_out);
    let num = |x: Option<f64>| x.and_then(report::number);
    if json {
        let sigma = match d {
            engine::Distribution::TruncatedNormal { sigma, .. } => report::number(sigma),
            _ => None,
        };
        format!(
            "{{\"init\": \"{}\", \"fan_in\": {fan_in}, \"fan_out\": {fan_out}, \"gain\": {}, \
             \"mode\": \"{}\", \"keras\": {}, \"distribution\": \"{}\", \"mean\": {}, \"std\": {}, \
             \"bound\": {}, \"variance\": {}, \"sigma\": {}}}\n",
            spec.kind.id(),
            num(Some(spec.effective_gain())).unwrap_or("null".into()),
            spec.mode.id(),
            spec.keras,
            d.name(),
            num(Some(d.mean())).unwrap_or("null".into()),
            num(Some(d.std())).unwrap_or("null".into()),
            num(d.bound()).unwrap_or("null".into()),
            num(Some(d.variance())).unwrap_or("null".into()),
            sigma.unwrap_or("null".into()),
        )
    } else {
        format!(
            "{} with fan_in = {fan_in}, fan_out = {fan_out} (gain {}, mode {}, {} convention)\n\
             formula:      {}\n\
             distribution: {}\n\
             mean:         {}\n\
             std:          {}\n\
             bound:        {}\n\
             variance:     {}\n",
            spec.kind.label(),
            spec.effective_gain(),
            spec.mode.id(),
            if spec.keras { "Keras" } else { "PyTorch" },
            spec.kind.formula(),
            d.name(),
            d.mean(),
            d.std(),
            d.bound().map_or("—".into(), |b| b.to_string()),
            d.variance(),
        )
    }
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
    s
}
