//! Renderings of a run — JSON, CSV and an aligned text table — shared by the CLI and the page's exports.
//!
//! Numbers are written in Rust's shortest round-trip form (exponent notation outside [10⁻⁴, 10¹⁵)), so a
//! value read back is bit-identical; non-finite numbers are `null` in JSON and empty in CSV.

use crate::engine::arch::Arch;
use crate::engine::{Config, LayerStats, SimResult};
use std::fmt::Write as _;

/// A per-layer measured field, named as in the JSON, the CSV header and the page's `data-field`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Mean of h_l.
    PreMean,
    /// Var(h_l).
    PreVar,
    /// Mean of a_l.
    PostMean,
    /// Var(a_l).
    PostVar,
    /// Var(∂L/∂h_l).
    GradVar,
    /// Var(∂L/∂W_l).
    WeightGradVar,
    /// Var(W_l) as sampled.
    WeightVar,
    /// Fraction of dead units.
    DeadFrac,
    /// Fraction of saturated activations.
    SaturatedFrac,
    /// Number of distinct units.
    DistinctUnits,
    /// Mean cosine similarity between examples at the input of φ.
    Corr,
    /// Residual: Var(x_l).
    StreamVar,
    /// Residual: Var(∂L/∂x_l).
    StreamGradVar,
}

impl Field {
    /// Every field, in JSON order.
    pub const ALL: [Field; 13] = [
        Field::PreMean,
        Field::PreVar,
        Field::PostMean,
        Field::PostVar,
        Field::GradVar,
        Field::WeightGradVar,
        Field::WeightVar,
        Field::DeadFrac,
        Field::SaturatedFrac,
        Field::DistinctUnits,
        Field::Corr,
        Field::StreamVar,
        Field::StreamGradVar,
    ];

    /// The fields a run of this architecture has (the stream's only for residual nets).
    pub fn of(arch: Arch) -> impl Iterator<Item = Field> {
        Field::ALL
            .into_iter()
            .filter(move |f| arch == Arch::Residual || !f.stream_only())
    }

    /// Whether only residual nets have it.
    pub fn stream_only(self) -> bool {
        match self {
            Field::StreamVar | Field::StreamGradVar => true,
            Field::PreMean
            | Field::PreVar
            | Field::PostMean
            | Field::PostVar
            | Field::GradVar
            | Field::WeightGradVar
            | Field::WeightVar
            | Field::DeadFrac
            | Field::SaturatedFrac
            | Field::DistinctUnits
            | Field::Corr => false,
        }
    }

    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Field::PreMean => "pre_mean",
            Field::PreVar => "pre_var",
            Field::PostMean => "post_mean",
            Field::PostVar => "post_var",
            Field::GradVar => "grad_var",
            Field::WeightGradVar => "weight_grad_var",
            Field::WeightVar => "weight_var",
            Field::DeadFrac => "dead_frac",
            Field::SaturatedFrac => "saturated_frac",
            Field::DistinctUnits => "distinct_units",
            Field::Corr => "corr",
            Field::StreamVar => "stream_var",
            Field::StreamGradVar => "stream_grad_var",
        }
    }

    /// A short column heading.
    pub fn heading(self) -> &'static str {
        match self {
            Field::PreMean => "mean h",
            Field::PreVar => "Var h",
            Field::PostMean => "mean a",
            Field::PostVar => "Var a",
            Field::GradVar => "Var ∂L/∂h",
            Field::WeightGradVar => "Var ∂L/∂W",
            Field::WeightVar => "Var W",
            Field::DeadFrac => "dead",
            Field::SaturatedFrac => "saturated",
            Field::DistinctUnits => "distinct",
            Field::Corr => "corr",
            Field::StreamVar => "Var x",
            Field::StreamGradVar => "Var ∂L/∂x",
        }
    }

    /// The field's value for one layer (NaN when unavailable).
    pub fn value(self, s: &LayerStats) -> f64 {
        match self {
            Field::PreMean => s.pre_mean,
            Field::PreVar => s.pre_var,
            Field::PostMean => s.post_mean,
            Field::PostVar => s.post_var,
            Field::GradVar => s.grad_var,
            Field::WeightGradVar => s.weight_grad_var,
            Field::WeightVar => s.weight_var,
            Field::DeadFrac => s.dead_frac,
            Field::SaturatedFrac => s.saturated_frac,
            Field::DistinctUnits => {
                if s.pre_var.is_nan() {
                    f64::NAN
                } else {
                    s.distinct_units as f64
                }
            }
            Field::Corr => s.corr,
            Field::StreamVar => s.stream_var,
            Field::StreamGradVar => s.stream_grad_var,
        }
    }
}

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
         \"zero_init_last\": {}, \"input_init\": {}}}",
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
    )
}

/// The whole run as JSON (the CLI's `--format json`).
pub fn to_json(r: &SimResult) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{{\n  \"config\": {},", config_json(&r.config));
    s.push_str("  \"layers\": [\n");
    let rows: Vec<String> = r
        .layers
        .iter()
        .map(|l| {
            let fields: Vec<String> = Field::of(r.config.arch)
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
                let stream = if r.config.arch == Arch::Residual {
                    format!(
                        ", \"stream_var\": {}, \"stream_grad_var\": {}",
                        json_num(l.stream_var),
                        json_num(l.stream_grad_var)
                    )
                } else {
                    String::new()
                };
                format!(
                    "\n    {{\"layer\": {}, \"pre_var\": {}, \"post_var\": {}, \"post_mean\": {}, \"grad_var\": {}{stream}}}",
                    l.layer,
                    json_num(l.pre_var),
                    json_num(l.post_var),
                    json_num(l.post_mean),
                    json_num(l.grad_var)
                )
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
/// `theory_post_var` and `theory_grad_var` (empty where there is no theory).
pub fn to_csv(r: &SimResult) -> String {
    let arch = r.config.arch;
    let residual = arch == Arch::Residual;
    let mut s = String::from("layer");
    for f in Field::of(arch) {
        s.push(',');
        s.push_str(f.name());
    }
    s.push_str(",theory_pre_var,theory_post_var,theory_grad_var");
    if residual {
        s.push_str(",theory_stream_var,theory_stream_grad_var");
    }
    s.push('\n');
    for l in &r.layers {
        let _ = write!(s, "{}", l.layer);
        for f in Field::of(arch) {
            let _ = write!(s, ",{}", number(f.value(l)).unwrap_or_default());
        }
        let t = r.theory.as_ref().map(|t| t.layers[l.layer - 1]);
        let mut theory = vec![
            t.map(|t| t.pre_var),
            t.map(|t| t.post_var),
            t.map(|t| t.grad_var),
        ];
        if residual {
            theory.extend([t.map(|t| t.stream_var), t.map(|t| t.stream_grad_var)]);
        }
        for v in theory {
            let _ = write!(s, ",{}", v.and_then(number).unwrap_or_default());
        }
        s.push('\n');
    }
    s
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
