//! `initscope phase`: the mean-field phase diagram (Poole et al. 2016; Schoenholz et al. 2017) — one point,
//! a grid, or the critical line χ₁ = 1. Theory only, no simulation.

use super::common::{flag_error, format_flag, num, pairs, parse_format, Flag, Format, Output};
use crate::engine::phase::{self, PhasePoint};
use crate::engine::{Activation, Nonlinearity};
use crate::state::{Kind, Param, Spec};

const FORMATS: [(&str, Format); 3] = [
    ("json", Format::Json),
    ("text", Format::Text),
    ("csv", Format::Csv),
];

/// The largest σ_w² or σ_b² accepted.
const MAX_VARIANCE: f64 = 10_000.0;
/// The most points along one axis of a grid.
const MAX_POINTS: usize = 1000;

fn critical_spec() -> Spec {
    Spec::new(
        "critical",
        Kind::Flag,
        "critical line",
        "print the σ_w² where χ₁ = 1 for each --sb2 instead (no --sw2)",
    )
}

pub(super) fn flags() -> Vec<Flag> {
    let variance = |name: &'static str, what: &str| {
        Flag::own(
            name,
            "X|A:B:N",
            &format!(
                "{what}: a number from 0 to {MAX_VARIANCE}, or A:B:N for N values from A to B (a grid)"
            ),
        )
    };
    let mut sw2 = variance("sw2", "σ_w² = fan_in·Var(w)");
    sw2.valid = "a number from 0 to 10000, or A:B:N".into();
    let mut sb2 = variance("sb2", "σ_b² = Var(b)");
    sb2.valid = sw2.valid.clone();
    sb2.required = true;
    vec![
        Param::Activation.spec().into(),
        Param::Slope.spec().into(),
        sw2,
        sb2,
        critical_spec().into(),
        format_flag(
            &FORMATS,
            "json for one point, csv for a grid or a range of --sb2",
        ),
    ]
}

/// `X` or `A:B:N` as the values it stands for.
fn axis(name: &str, v: &str) -> Result<Vec<f64>, String> {
    let bad = |why: &str| {
        format!(
            "--{name}: '{}' {why}; expected a number from 0 to {MAX_VARIANCE}, or A:B:N with 0 ≤ A ≤ B ≤ \
             {MAX_VARIANCE} and N from 1 to {MAX_POINTS}",
            crate::state::shorten(v)
        )
    };
    let real = |s: &str| -> Result<f64, String> {
        let x: f64 = s.trim().parse().map_err(|_| bad("is not a number"))?;
        if !x.is_finite() || !(0.0..=MAX_VARIANCE).contains(&x) {
            return Err(bad("is out of range"));
        }
        Ok(x)
    };
    let parts: Vec<&str> = v.split(':').collect();
    match parts.as_slice() {
        [x] => Ok(vec![real(x)?]),
        [a, b, n] => {
            let (a, b) = (real(a)?, real(b)?);
            let n: usize = n.trim().parse().map_err(|_| bad("has no whole N"))?;
            if n == 0 || n > MAX_POINTS {
                Err(bad("has N out of range"))
            } else if a > b {
                Err(bad("has A > B"))
            } else {
                Ok(phase::linspace(a, b, n))
            }
        }
        _ => Err(bad("is neither a number nor A:B:N")),
    }
}

pub(super) fn run(args: &[String]) -> Result<Output, String> {
    let (mut activation, mut slope) = (Activation::Relu, None);
    let (mut sw2, mut sb2, mut critical) = (None, Vec::new(), false);
    let (mut format, mut grid_given) = (None, false);
    for (name, value) in pairs(args, &flags())? {
        match name {
            "activation" => {
                activation = Param::Activation
                    .spec()
                    .parse_choice(&value)
                    .map_err(flag_error)?
            }
            "slope" => slope = Some(Param::Slope.spec().parse_real(&value).map_err(flag_error)?),
            "sw2" => {
                grid_given |= value.contains(':');
                sw2 = Some(axis(name, &value)?);
            }
            "sb2" => {
                grid_given |= value.contains(':');
                sb2 = axis(name, &value)?;
            }
            "critical" => critical = critical_spec().parse_bool(&value).map_err(flag_error)?,
            "format" => format = Some(parse_format(&value, &FORMATS)?),
            _ => return Err(format!("internal: unhandled flag --{name}")),
        }
    }
    let mut warnings = Vec::new();
    if slope.is_some() && !activation.has_slope() {
        warnings.push(format!(
            "warning: --slope does not apply to {}: only leaky-relu and prelu take a slope",
            activation.id()
        ));
    }
    let phi = Nonlinearity::new(activation, slope.unwrap_or(activation.default_slope()));
    let rows = grid_given;
    let format =
        match format {
            Some(Format::Csv) if !rows => return Err(
                "--format: 'csv' is for a grid or a range of --sb2; one point prints json or text"
                    .into(),
            ),
            Some(Format::Text) if rows => {
                return Err("--format: 'text' is for one point; a grid prints csv or json".into())
            }
            Some(f) => f,
            None if rows => Format::Csv,
            None => Format::Json,
        };
    let stdout = if critical {
        if sw2.is_some() {
            return Err(
                "--sw2: does not apply with --critical, which finds σ_w² for each --sb2".into(),
            );
        }
        critical_line(&phi, &sb2, format)
    } else {
        let sw2 = sw2.ok_or(
            "missing --sw2; expected a number from 0 to 10000, or A:B:N (or give --critical)",
        )?;
        let points = phase::grid(&phi, &sw2, &sb2);
        match format {
            Format::Csv => csv(&phi, &points),
            Format::Json if rows => {
                let body: Vec<String> = points
                    .iter()
                    .map(|p| format!("  {}", json(&phi, p)))
                    .collect();
                format!("[\n{}\n]\n", body.join(",\n"))
            }
            Format::Json => format!("{}\n", json(&phi, &points[0])),
            Format::Text | Format::Table => text(&phi, &points[0]),
        }
    };
    Ok(Output { stdout, warnings })
}

/// The columns of one point, in order: numbers, or null where q* collapsed or diverged.
fn fields(p: &PhasePoint) -> [(&'static str, String); 10] {
    let opt = |x: Option<f64>| x.map_or("null".to_string(), num);
    let corr = p.correlation;
    let defined = corr.is_some();
    [
        ("sw2", num(p.sw2)),
        ("sb2", num(p.sb2)),
        ("q_star", opt(p.q_star.value())),
        ("chi_1", opt(defined.then_some(p.chi_1))),
        ("c_star", opt(corr.map(|c| c.c_star))),
        ("chi_c", opt(corr.map(|c| c.chi_c))),
        ("xi_c", opt(corr.and_then(|c| c.xi_c))),
        ("q_map", format!("\"{}\"", p.q_star.id())),
        ("phase", format!("\"{}\"", p.phase.id())),
        ("chi_1_limit", opt((!defined).then_some(p.chi_1))),
    ]
}

fn json(phi: &Nonlinearity, p: &PhasePoint) -> String {
    let body: Vec<String> = fields(p)
        .iter()
        .map(|(k, v)| format!("\"{k}\": {v}"))
        .collect();
    format!(
        "{{\"activation\": \"{}\", {}}}",
        phi.kind.id(),
        body.join(", ")
    )
}

fn csv(phi: &Nonlinearity, points: &[PhasePoint]) -> String {
    let mut s = String::from("activation");
    for (k, _) in fields(&points[0]) {
        s.push(',');
        s.push_str(k);
    }
    s.push('\n');
    for p in points {
        s.push_str(phi.kind.id());
        for (_, v) in fields(p) {
            s.push(',');
            s.push_str(if v == "null" { "" } else { v.trim_matches('"') });
        }
        s.push('\n');
    }
    s
}

fn text(phi: &Nonlinearity, p: &PhasePoint) -> String {
    let mut s = format!(
        "{} at σ_w² = {}, σ_b² = {}\n",
        phi.kind.label(),
        p.sw2,
        p.sb2
    );
    let limit = match p.q_star {
        phase::QStar::Finite(q) => {
            s.push_str(&format!("q*  = {q}   (fixed point of the length map)\n"));
            ""
        }
        phase::QStar::Neutral => {
            s.push_str("q*  : every q is a fixed point (φ is homogeneous and σ_b² = 0)\n");
            ""
        }
        phase::QStar::Collapsed => {
            s.push_str(
                "q*  = 0: the length map collapses (every input shrinks to zero with depth)\n",
            );
            " as q → 0"
        }
        phase::QStar::Diverged => {
            s.push_str(
                "q*  = ∞: the length map diverges (every input grows without bound with depth)\n",
            );
            " as q → ∞"
        }
    };
    s.push_str(&format!("χ₁  = {}{limit}: {}\n", p.chi_1, p.phase.id()));
    match p.correlation {
        Some(c) => {
            s.push_str(&format!("c*  = {}\nχ_c = {}\n", c.c_star, c.chi_c));
            match c.xi_c {
                Some(xi) => s.push_str(&format!("ξ_c = {xi} layers\n")),
                None => s.push_str("ξ_c : none (χ_c ≥ 1: correlations approach c* more slowly than exponentially)\n"),
            }
        }
        None => s.push_str("c*, χ_c, ξ_c: undefined without a finite q*\n"),
    }
    s
}

fn critical_line(phi: &Nonlinearity, sb2s: &[f64], format: Format) -> String {
    let rows: Vec<(f64, Option<f64>)> = sb2s
        .iter()
        .map(|&b| (b, phase::critical_sw2(phi, b)))
        .collect();
    let id = phi.kind.id();
    let cell = |x: Option<f64>| x.map_or("null".to_string(), num);
    match format {
        Format::Csv => {
            let mut s = String::from("activation,sb2,sw2_critical\n");
            for (b, w) in &rows {
                s.push_str(&format!("{id},{},{}\n", num(*b), w.map_or(String::new(), num)));
            }
            s
        }
        Format::Json if rows.len() > 1 => {
            let body: Vec<String> = rows
                .iter()
                .map(|(b, w)| format!("  {{\"activation\": \"{id}\", \"sb2\": {}, \"sw2_critical\": {}}}", num(*b), cell(*w)))
                .collect();
            format!("[\n{}\n]\n", body.join(",\n"))
        }
        Format::Json => format!(
            "{{\"activation\": \"{id}\", \"sb2\": {}, \"sw2_critical\": {}}}\n",
            num(rows[0].0),
            cell(rows[0].1)
        ),
        Format::Text | Format::Table => match rows[0].1 {
            Some(w) => format!("{} at σ_b² = {}: the critical line χ₁ = 1 is at σ_w² = {w}\n", phi.kind.label(), rows[0].0),
            None => format!(
                "{} at σ_b² = {}: χ₁ does not cross 1 (it stays below, or jumps over it where q* leaps from 0 to ∞)\n",
                phi.kind.label(),
                rows[0].0
            ),
        },
    }
}
