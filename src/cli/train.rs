//! `initscope train`: one racer of the training race, its flags straight from [`RaceParam`]'s table
//! (`--arch mlp|residual`, `--norm`, `--branch-scale`, `--zero-init-last` included).

use super::common::{
    flag_error, format_flag, num, pairs, parse_format, warning, Flag, Format, Output,
};
use crate::engine::arch::Arch;
use crate::engine::norm::Norm;
use crate::train::params::RaceParam;
use crate::train::race::{init_label, Race, TrainConfig};

const FORMATS: [(&str, Format); 2] = [("json", Format::Json), ("csv", Format::Csv)];

/// The race's settings the command line takes (one initializer), then `--format`.
pub(super) fn flags() -> Vec<Flag> {
    let mut flags: Vec<Flag> = RaceParam::ALL
        .iter()
        .map(|p| p.spec())
        .filter(|s| s.cli)
        .map(Flag::from)
        .collect();
    flags.push(format_flag(&FORMATS, "json"));
    flags
}

pub(super) fn run(args: &[String]) -> Result<Output, String> {
    let mut cfg = TrainConfig::default();
    let mut format = Format::Json;
    let mut given = Vec::new();
    for (name, value) in pairs(args, &flags())? {
        if name == "format" {
            format = parse_format(&value, &FORMATS)?;
            continue;
        }
        let p = RaceParam::from_name(name).ok_or("internal: flag without setting")?;
        cfg.set_param(p, &value).map_err(flag_error)?;
        given.push(p);
    }
    let mut race = Race::new(cfg.clone());
    race.run(cfg.steps, 10);
    let r = &race.racers[0];
    given.dedup();
    let warnings = given
        .iter()
        .filter_map(|&p| {
            let reason = p.unused_in(&cfg, r.init.kind)?;
            Some(warning(&crate::state::ParamError {
                name: p.name().into(),
                value: cfg.param_text(p),
                reason,
            }))
        })
        .collect();
    if format == Format::Csv {
        let mut s = String::from("step,loss,train_acc,test_acc\n");
        for h in &r.history {
            s.push_str(&format!(
                "{},{},{},{}\n",
                h.step,
                csv_num(h.loss),
                csv_num(h.train_acc),
                csv_num(h.test_acc)
            ));
        }
        return Ok(Output {
            stdout: s,
            warnings,
        });
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
    let config = format!("{}{}}}", &config[..config.len() - 1], arch_fields(&cfg));
    let diverged = r.diverged_at.map_or("null".to_string(), |d| d.to_string());
    let stdout = format!(
        "{{\n  \"config\": {config},\n  \"steps\": [\n{}\n  ],\n  \"diverged_at\": {diverged}\n}}\n",
        steps.join(",\n")
    );
    Ok(Output { stdout, warnings })
}

/// The architecture's fields of the JSON config — only for a network other than the plain stack without
/// normalization, so the JSON of a plain race names no architecture settings.
fn arch_fields(cfg: &TrainConfig) -> String {
    if cfg.arch == Arch::Mlp && cfg.norm == Norm::None {
        return String::new();
    }
    let mut s = format!(
        ", \"arch\": \"{}\", \"norm\": \"{}\"",
        cfg.arch.id(),
        cfg.norm.id()
    );
    if cfg.arch == Arch::Residual {
        s.push_str(&format!(
            ", \"branch_scale\": {}, \"zero_init_last\": {}",
            num(cfg.branch_scale),
            cfg.zero_init_last
        ));
    }
    s
}

/// A number for CSV: empty where it is not finite (the divergence step), as the simulation's CSV does.
fn csv_num(x: f64) -> String {
    crate::report::number(x).unwrap_or_default()
}
