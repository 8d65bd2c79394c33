//! `initscope formula`: an initializer's distribution for given fans.

use super::common::{flag_error, format_flag, pairs, parse_format, warning, Flag, Format, Output};
use crate::engine::{self, Config, InitSpec};
use crate::report;
use crate::state::{Kind, Param, Spec};

const FORMATS: [(&str, Format); 2] = [("json", Format::Json), ("text", Format::Text)];

/// The initializer's parameters it reads.
const PARAMS: [Param; 5] = [
    Param::Init,
    Param::Gain,
    Param::Mode,
    Param::Keras,
    Param::Scale,
];

/// `--fan-in` / `--fan-out`.
fn fan(name: &'static str, help: &'static str) -> Spec {
    Spec::new(name, Kind::Whole(1..=1 << 24), name, help).required()
}

pub(super) fn flags() -> Vec<Flag> {
    let mut flags: Vec<Flag> = vec![Param::Init.spec().into()];
    flags.push(fan("fan-in", "inputs of the layer").into());
    flags.push(fan("fan-out", "outputs of the layer").into());
    flags.extend(PARAMS[1..].iter().map(|p| Flag::from(p.spec())));
    flags.push(format_flag(&FORMATS, "text"));
    flags
}

pub(super) fn run(args: &[String]) -> Result<Output, String> {
    let mut cfg = Config::default();
    let (mut fan_in, mut fan_out, mut format) = (0, 0, Format::Text);
    let mut given = Vec::new();
    for (name, value) in pairs(args, &flags())? {
        match name {
            "fan-in" => fan_in = fan(name, "").parse_whole(&value).map_err(flag_error)?,
            "fan-out" => fan_out = fan(name, "").parse_whole(&value).map_err(flag_error)?,
            "format" => format = parse_format(&value, &FORMATS)?,
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
    let warnings = cfg.unused_params(&given).iter().map(warning).collect();
    let stdout = describe(&cfg.init_spec(), fan_in, fan_out, format == Format::Json);
    Ok(Output { stdout, warnings })
}

fn describe(spec: &InitSpec, fan_in: usize, fan_out: usize, json: bool) -> String {
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
