//! `initscope phase`: one point, a grid, the critical line, and every error path (exit 2, one line).

mod common;

use common::{cli, fails_with};

#[test]
fn point_json_has_every_field() {
    let (code, out, _) = cli(&["phase", "--activation", "tanh", "--sw2", "3", "--sb2", "0"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    for f in [
        "activation",
        "sw2",
        "sb2",
        "q_star",
        "chi_1",
        "c_star",
        "chi_c",
        "xi_c",
    ] {
        assert!(v.get(f).is_some(), "missing {f}: {out}");
    }
    assert_eq!(v["activation"], "tanh");
    assert_eq!(v["c_star"], 0.0);
    assert_eq!(v["phase"], "chaotic");
    assert!(v["chi_1"].as_f64().unwrap() > 1.0);
}

#[test]
fn collapsed_and_diverged_print_no_numbers() {
    let (code, out, _) = cli(&[
        "phase",
        "--activation",
        "tanh",
        "--sw2",
        "0.5",
        "--sb2",
        "0",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["q_map"], "collapsed");
    for f in ["q_star", "chi_1", "c_star", "chi_c", "xi_c"] {
        assert!(v[f].is_null(), "{f}: {out}");
    }
    assert_eq!(v["phase"], "ordered");
    let (_, text, _) = cli(&[
        "phase",
        "--activation",
        "relu",
        "--sw2",
        "3",
        "--sb2",
        "0.1",
        "--format",
        "text",
    ]);
    assert!(
        text.contains("q*  = ∞") && text.contains("chaotic"),
        "{text}"
    );
}

#[test]
fn grid_csv_and_json() {
    let (code, out, _) = cli(&[
        "phase",
        "--activation",
        "relu",
        "--sw2",
        "1:3:3",
        "--sb2",
        "0.1",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("activation,sw2,sb2,q_star,chi_1,c_star,chi_c,xi_c"));
    assert!(
        lines[1].starts_with("relu,1,0.1,0.2,0.5,1,0.5,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[3].starts_with("relu,3,0.1,,,,,,diverged,chaotic,1.5"),
        "{}",
        lines[3]
    );
    let (_, out, _) = cli(&[
        "phase",
        "--activation",
        "tanh",
        "--sw2",
        "0:2:2",
        "--sb2",
        "0:0.1:2",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4);
    assert_eq!(v[3]["sw2"], 2.0);
    assert_eq!(v[3]["sb2"], 0.1);
}

#[test]
fn critical_line() {
    let (code, out, _) = cli(&[
        "phase",
        "--activation",
        "relu",
        "--critical",
        "--sb2",
        "0.2",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sw2_critical"], 2.0);
    let (_, out, _) = cli(&[
        "phase",
        "--activation",
        "tanh",
        "--critical",
        "--sb2",
        "0:0.1:3",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "activation,sb2,sw2_critical");
    assert_eq!(lines.len(), 4);
    let w: f64 = lines[1].split(',').nth(2).unwrap().parse().unwrap();
    assert!((w - 1.0).abs() < 1e-6);
    let (_, out, _) = cli(&["phase", "--activation", "gelu", "--critical", "--sb2", "0"]);
    assert!(out.contains("\"sw2_critical\": null"), "{out}");
}

#[test]
fn slope_warning() {
    let (code, _, err) = cli(&[
        "phase",
        "--activation",
        "tanh",
        "--slope",
        "0.1",
        "--sw2",
        "1",
        "--sb2",
        "0.1",
    ]);
    assert_eq!(code, 0);
    assert!(err.contains("warning: --slope"), "{err}");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let base = ["phase", "--activation", "tanh"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    fails_with(
        &with(&["--sw2", "-1", "--sb2", "0"]),
        &["--sw2", "out of range"],
    );
    fails_with(
        &with(&["--sw2", "abc", "--sb2", "0"]),
        &["--sw2", "not a number"],
    );
    fails_with(&with(&["--sw2", "1", "--sb2", "nan"]), &["--sb2"]);
    fails_with(
        &with(&["--sw2", "2:1:3", "--sb2", "0"]),
        &["--sw2", "A > B"],
    );
    fails_with(
        &with(&["--sw2", "1:2:0", "--sb2", "0"]),
        &["--sw2", "N out of range"],
    );
    fails_with(&with(&["--sw2", "1:2", "--sb2", "0"]), &["--sw2", "A:B:N"]);
    fails_with(
        &with(&["--sw2", "1:2:x", "--sb2", "0"]),
        &["--sw2", "whole N"],
    );
    fails_with(&with(&["--sw2", "1"]), &["missing --sb2"]);
    fails_with(&with(&["--sb2", "1"]), &["missing --sw2"]);
    fails_with(
        &with(&["--sw2", "1", "--sb2", "0", "--critical"]),
        &["--sw2", "--critical"],
    );
    fails_with(
        &with(&["--sw2", "1", "--sb2", "0", "--format", "csv"]),
        &["--format", "csv"],
    );
    fails_with(
        &with(&["--sw2", "1:2:2", "--sb2", "0", "--format", "text"]),
        &["--format", "text"],
    );
    fails_with(
        &with(&["--sw2", "1", "--sb2", "0", "--format", "xml"]),
        &["--format", "json, text, csv"],
    );
    fails_with(
        &["phase", "--activation", "nope", "--sw2", "1", "--sb2", "0"],
        &["--activation", "nope", "tanh"],
    );
    fails_with(
        &["phase", "--sw2", "1", "--sb2", "0"],
        &["missing --activation"],
    );
    fails_with(
        &with(&["--sw2", "1", "--sb2", "0", "--depth", "3"]),
        &["unknown flag '--depth'"],
    );
}

#[test]
fn help_lists_phase() {
    let (code, out, _) = cli(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("initscope phase") && out.contains("--sw2 X|A:B:N"),
        "{out}"
    );
}
