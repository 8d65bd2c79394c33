//! Renderings of a run — JSON, CSV and an aligned text table — shared by the CLI and the page's exports.
//!
//! Numbers are written in Rust's shortest round-trip form (exponent notation outside [10⁻⁴, 10¹⁵)), so a
//! value read back is bit-identical; non-finite numbers are `null` in JSON and empty in CSV.

use crate::engine::arch::{Arch, Knob};
use crate::engine::series::{predicts, COMMON_THEORY};
use crate::engine::transformer::shape as transformer;
use crate::engine::{Config, SimResult};
use crate::state::{Kind, Param};

pub use crate::engine::series::Field;
use std::fmt::Write as _;

/// A finite number in shortest round-trip form; `None` when not finite.
pub fn number(x: f64) -> Option<String> {
    if !x.is_finite() {
        None
    } else if x == 0.0 || (1e-4..1e15).contains(&x.abs()) {
        Some(format!("{x}"))
    } else {
        Some(format!("{x:e}"))
    }
}

fn json_num(x: f64) -> String {
    number(x).unwrap_or_else(|| "null".into())
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn opt_num(x: Option<usize>) -> String {
    x.map_or("null".into(), |v| v.to_string())
}

/// The config with every default filled in, as a JSON object.
pub fn config_json(cfg: &Config) -> String {
    format!(
        "{{\"init\": {}, \"activation\": {}, \"depth\": {}, \"width\": {}, \"input_width\": {}, \
         \"batch\": {}, \"seed\": {}, \"scale\": {}, \"gain\": {}, \"mode\": {}, \"keras\": {}, \
         \"slope\": {}, \"bias_std\": {}, \"arch\": {}, \"norm\": {}, \"branch_scale\": {}, \
         \"zero_init_last\": {}, \"input_init\": {}{}}}",
        json_str(cfg.init.id()),
        json_str(cfg.activation.id()),
        cfg.depth,
        cfg.width,
        cfg.input_width(),
        cfg.batch,
        cfg.seed,
        json_num(cfg.scale),
        json_num(cfg.init_spec().effective_gain()),
        json_str(cfg.mode.id()),
        cfg.keras,
        json_num(cfg.nonlinearity().slope),
        json_num(cfg.bias_std),
        json_str(cfg.arch.id()),
        json_str(cfg.norm.id()),
        json_num(cfg.branch_scale),
        cfg.zero_init_last,
        json_str(cfg.input_init.id()),
        own_settings(cfg),
    )
}

/// The settings of the architecture's own besides those every config echoes (a convolution's kernel and
/// image size), each as `, "name": value`; empty for the architectures that take none. A transformer's preset
/// is not a setting (it was read into the others); its config echoes the entropy of uniform attention instead.
fn own_settings(cfg: &Config) -> String {
    const ALWAYS: [Knob; 4] = [
        Knob::Norm,
        Knob::BranchScale,
        Knob::ZeroInitLast,
        Knob::InputInit,
    ];
    let mut s = String::new();
    for p in Param::ALL {
        if p == Param::Preset
            || !p
                .knob()
                .is_some_and(|k| !ALWAYS.contains(&k) && cfg.arch.takes(k))
        {
            continue;
        };
        let text = cfg.param_text(p);
        let value = match p.spec().kind {
            Kind::Choice { .. } | Kind::List { .. } => json_str(&text),
            Kind::Whole(_) | Kind::Real(_) | Kind::Seed | Kind::Flag => text,
        };
        let _ = write!(s, ", \"{}\": {value}", p.name().replace('-', "_"));
    }
    if cfg.arch.takes(Knob::Transformer) {
        let h = transformer::uniform_entropy(cfg);
        let _ = write!(s, ", \"uniform_entropy\": {}", json_num(h));
    }
    s
}

/// The whole run as JSON (the CLI's `--format json`). `corr` is the mean-field correlation map c_l
/// ([`crate::engine::mean_field::curve`]), written as the theory rows' `corr` for the architectures whose charts
/// draw it (`null` where it is `None` or not finite).
pub fn to_json(r: &SimResult, corr: Option<&[f64]>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{{\n  \"config\": {},", config_json(&r.config));
    s.push_str("  \"layers\": [\n");
    let rows: Vec<String> = r
        .layers
        .iter()
        .map(|l| {
            let fields: Vec<String> = r
                .config
                .arch
                .model()
                .fields()
                .iter()
                .map(|f| format!("\"{}\": {}", f.name(), json_num(f.value(l))))
                .collect();
            format!("    {{\"layer\": {}, {}}}", l.layer, fields.join(", "))
        })
        .collect();
    s.push_str(&rows.join(",\n"));
    s.push_str("\n  ],\n  \"theory\": [");
    if let Some(t) = &r.theory {
        let rows: Vec<String> = t
            .layers
            .iter()
            .map(|l| {
                let mut fields: Vec<String> = theory_fields(r.config.arch, &COMMON_THEORY)
                    .map(|f| format!("\"{}\": {}", f.name(), json_num(predicted(f, l))))
                    .collect();
                if draws_corr(r.config.arch) {
                    let c = corr_at(corr, l.layer);
                    fields.push(format!("\"{}\": {}", Field::Corr.name(), json_num(c)));
                }
                format!("\n    {{\"layer\": {}, {}}}", l.layer, fields.join(", "))
            })
            .collect();
        s.push_str(&rows.join(","));
        s.push_str("\n  ");
    }
    s.push_str("],\n");
    let chi = r.theory.as_ref().map_or(f64::NAN, |t| t.chi);
    let _ = writeln!(s, "  \"chi\": {},", json_num(chi));
    let v = &r.verdict;
    let _ = writeln!(
        s,
        "  \"verdict\": {{\"kind\": {}, \"message\": {}, \"recommended_init\": {}, \"recommended_gain\": {}, \
         \"forward_ratio\": {}, \"backward_ratio\": {}}},",
        json_str(v.kind.id()),
        json_str(&v.message),
        json_str(v.recommended.init.id()),
        json_num(v.recommended.gain.unwrap_or(v.recommended.init.default_gain())),
        json_num(v.forward_ratio),
        json_num(v.backward_ratio),
    );
    if !r.histograms.is_empty() {
        let hs: Vec<String> = r
            .histograms
            .iter()
            .map(|h| {
                let counts: Vec<String> = h.counts.iter().map(u32::to_string).collect();
                format!(
                    "{{\"layer\": {}, \"lo\": {}, \"hi\": {}, \"counts\": [{}]}}",
                    h.layer,
                    json_num(h.lo),
                    json_num(h.hi),
                    counts.join(", ")
                )
            })
            .collect();
        let _ = writeln!(s, "  \"histograms\": [{}],", hs.join(", "));
    }
    if let Some(j) = &r.jacobian {
        let sv: Vec<String> = j.singular_values.iter().map(|&x| json_num(x)).collect();
        let _ = writeln!(
            s,
            "  \"jacobian\": {{\"layer\": {}, \"example\": {}, \"singular_values\": [{}]}},",
            j.layer,
            j.example,
            sv.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "  \"overflow_layer\": {},\n  \"grad_overflow_layer\": {},\n  \"underflow_layer\": {},\n  \"peak_buffer_bytes\": {}\n}}",
        opt_num(r.overflow_layer),
        opt_num(r.grad_overflow_layer),
        opt_num(r.underflow_layer),
        r.peak_bytes
    );
    s
}

/// One row per layer: `layer`, the measured fields, then the theory's `theory_pre_var`,
/// `theory_post_var` and `theory_grad_var`, and `theory_corr` from `corr` (the mean-field correlation map) for
/// the architectures whose charts draw it (empty where there is no theory).
pub fn to_csv(r: &SimResult, corr: Option<&[f64]>) -> String {
    let fields = r.config.arch.model().fields();
    let theory = csv_theory_fields(r.config.arch);
    let mut s = String::from("layer");
    for f in fields {
        s.push(',');
        s.push_str(f.name());
    }
    for f in &theory {
        let _ = write!(s, ",theory_{}", f.name());
    }
    let with_corr = draws_corr(r.config.arch);
    if with_corr {
        let _ = write!(s, ",theory_{}", Field::Corr.name());
    }
    s.push('\n');
    for l in &r.layers {
        let _ = write!(s, "{}", l.layer);
        for f in fields {
            let _ = write!(s, ",{}", number(f.value(l)).unwrap_or_default());
        }
        let t = r.theory.as_ref().map(|t| t.layers[l.layer - 1]);
        for &f in &theory {
            let v = t.map_or(f64::NAN, |t| predicted(f, &t));
            let _ = write!(s, ",{}", number(v).unwrap_or_default());
        }
        if with_corr {
            let c = if t.is_some() {
                corr_at(corr, l.layer)
            } else {
                f64::NAN
            };
            let _ = write!(s, ",{}", number(c).unwrap_or_default());
        }
        s.push('\n');
    }
    s
}

/// The theory's columns in the CSV (its mean of a_l is left out there).
const CSV_THEORY: [Field; 3] = [Field::PreVar, Field::PostVar, Field::GradVar];

/// The theory's columns of a run of `arch` in the CSV (`theory_` + the field's name) and the page's table.
pub fn csv_theory_fields(arch: Arch) -> Vec<Field> {
    theory_fields(arch, &CSV_THEORY).collect()
}

/// The theory's fields of a run of `arch`: those of `common` it reports, then each field of the architecture's
/// own that its series draw a theory curve for.
fn theory_fields(arch: Arch, common: &[Field]) -> impl Iterator<Item = Field> + '_ {
    let own = arch.model().fields();
    common.iter().copied().filter(|f| own.contains(f)).chain(
        own.iter()
            .copied()
            .filter(move |&f| !f.common() && f.has_theory() && predicts(arch.model().series(), f)),
    )
}

/// [`to_table`] for an architecture that reports none of the pre-activation fields (a transformer): each of its
/// fields, then its theory's, by heading.
fn own_table(r: &SimResult, cell: impl Fn(f64) -> String) -> String {
    let fields = r.config.arch.model().fields();
    let theory: Vec<Field> = theory_fields(r.config.arch, &[]).collect();
    let mut s = format!("{:>5}", "block");
    for f in fields {
        let _ = write!(s, " {:>11}", f.heading());
    }
    for f in &theory {
        let _ = write!(s, " {:>11}", format!("theory {}", f.heading()));
    }
    s.push('\n');
    for l in &r.layers {
        let _ = write!(s, "{:>5}", l.layer);
        for f in fields {
            let _ = write!(s, " {}", cell(f.value(l)));
        }
        let t = r.theory.as_ref().map(|t| t.layers[l.layer - 1]);
        for &f in &theory {
            let _ = write!(s, " {}", cell(t.map_or(f64::NAN, |t| predicted(f, &t))));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "verdict: {} — {}", r.verdict.kind, r.verdict.message);
    s
}

/// Whether runs of `arch` draw the mean-field correlation map beside their measured correlation (then the
/// JSON's and CSV's theory rows carry it).
fn draws_corr(arch: Arch) -> bool {
    predicts(arch.model().series(), Field::Corr)
}

/// Layer `layer`'s (1-based) value of the correlation map, NaN where there is none.
fn corr_at(corr: Option<&[f64]>, layer: usize) -> f64 {
    corr.and_then(|c| c.get(layer - 1).copied())
        .unwrap_or(f64::NAN)
}

/// The prediction of `f` for a layer (NaN where the theory does not predict it).
fn predicted(f: Field, t: &crate::engine::TheoryLayer) -> f64 {
    f.predicted(t).unwrap_or(f64::NAN)
}

/// An aligned text table for the terminal, with the verdict underneath.
pub fn to_table(r: &SimResult) -> String {
    let cell = |x: f64| {
        if x.is_finite() {
            format!("{x:>11.3e}")
        } else {
            format!("{:>11}", "—")
        }
    };
    if !r.config.arch.model().fields().contains(&Field::PreVar) {
        return own_table(r, cell);
    }
    let mut s = format!(
        "{:>5} {:>11} {:>11} {:>11} {:>11} {:>11} {:>6} {:>6} {:>8}\n",
        "layer", "Var h", "theory", "Var a", "Var ∂L/∂h", "theory", "dead", "sat", "distinct"
    );
    for l in &r.layers {
        let t = r.theory.as_ref().map(|t| t.layers[l.layer - 1]);
        let _ = writeln!(
            s,
            "{:>5} {} {} {} {} {} {:>6.3} {:>6.3} {:>8}",
            l.layer,
            cell(l.pre_var),
            cell(t.map_or(f64::NAN, |t| t.pre_var)),
            cell(l.post_var),
            cell(l.grad_var),
            cell(t.map_or(f64::NAN, |t| t.grad_var)),
            l.dead_frac,
            l.saturated_frac,
            if l.pre_var.is_nan() {
                "—".to_string()
            } else {
                l.distinct_units.to_string()
            }
        );
    }
    if let Some(t) = &r.theory {
        let _ = writeln!(s, "χ = {:.4}", t.chi);
    }
    let _ = writeln!(s, "verdict: {} — {}", r.verdict.kind, r.verdict.message);
    s
}
