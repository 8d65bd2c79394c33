//! `initscope simulate`: one run of the Lab's simulation, its flags straight from [`Param`]'s table.

use super::common::{flag_error, format_flag, pairs, parse_format, warning, Flag, Format, Output};
use crate::engine::{self, Config, SimOptions};
use crate::report;
use crate::state::Param;

const FORMATS: [(&str, Format); 3] = [
    ("json", Format::Json),
    ("csv", Format::Csv),
    ("table", Format::Table),
];

/// Every Lab parameter, then `--histograms` and `--format`.
pub(super) fn flags() -> Vec<Flag> {
    let mut flags: Vec<Flag> = Param::ALL.iter().map(|p| p.spec().into()).collect();
    flags.push(Flag::own(
        "histograms",
        "L,L,...",
        "layers whose histograms to include: layer numbers, e.g. 1,25,50",
    ));
    flags.push(Flag {
        switch: true,
        ..Flag::own(
            "jacobian",
            "",
            "include the singular values of ∂a_L/∂x for example 0 (mlp without batch norm)",
        )
    });
    flags.push(format_flag(&FORMATS, "json"));
    flags
}

pub(super) fn run(args: &[String]) -> Result<Output, String> {
    let mut cfg = Config::default();
    let mut format = Format::Json;
    let mut opts = SimOptions::default();
    let mut given = Vec::new();
    // A preset sets the initializer (and pytorch's the activation): they are then not required.
    let mut flags = flags();
    if args
        .iter()
        .any(|a| a == "--preset" || a.starts_with("--preset="))
    {
        for f in &mut flags {
            if [Param::Init.name(), Param::Activation.name()].contains(&f.name) {
                f.required = false;
            }
        }
    }
    let mut given_pairs = pairs(args, &flags)?;
    crate::state::arch_first(&mut given_pairs);
    for (name, value) in given_pairs {
        match name {
            "format" => format = parse_format(&value, &FORMATS)?,
            "histograms" => opts.histogram_layers = parse_layers(&value)?,
            "jacobian" => {
                opts.jacobian = crate::state::Param::Keras
                    .spec()
                    .parse_bool(&value)
                    .map_err(|_| format!("--jacobian: '{value}' is not a yes/no value"))?
            }
            _ => {
                let p = Param::from_name(name).ok_or("internal: flag without parameter")?;
                cfg.set_param(p, &value).map_err(flag_error)?;
                given.push(p);
            }
        }
    }
    if let Some(e) = cfg.reset_invalid().into_iter().next() {
        return Err(format!("--{}", e.reason));
    }
    given.dedup();
    if opts.jacobian {
        if let Some(why) = engine::simulation::jacobian_unavailable(&cfg) {
            return Err(format!("--jacobian: not available here: {why}"));
        }
    }
    let warnings = cfg.unused_params(&given).iter().map(warning).collect();
    let result = engine::simulate(&cfg, &opts);
    // The correlation map the page draws beside the measured one (where the theory has a run), for the
    // formats that carry it.
    let corr = || {
        result
            .theory
            .as_ref()
            .and_then(|_| engine::mean_field::curve(&cfg))
    };
    let stdout = match format {
        Format::Csv => report::to_csv(&result, corr().as_deref()),
        Format::Table => report::to_table(&result),
        Format::Json | Format::Text => report::to_json(&result, corr().as_deref()),
    };
    Ok(Output { stdout, warnings })
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
