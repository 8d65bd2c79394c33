//! The `initscope` binary: outputs and every error path (exit status 2, one line, the flag named).

mod common;

use common::{cli, fails_with};

#[test]
fn simulate_json_has_every_field() {
    let (code, out, _) = cli(&[
        "simulate",
        "--init",
        "he-normal",
        "--activation",
        "relu",
        "--depth",
        "7",
        "--width",
        "32",
        "--batch",
        "16",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["config"]["init"], "he-normal");
    assert_eq!(v["config"]["depth"], 7);
    let layers = v["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 7);
    for f in [
        "layer",
        "pre_mean",
        "pre_var",
        "post_mean",
        "post_var",
        "grad_var",
        "weight_grad_var",
        "weight_var",
        "dead_frac",
        "saturated_frac",
        "distinct_units",
    ] {
        assert!(layers[0].get(f).is_some(), "missing {f}");
    }
    let theory = v["theory"].as_array().unwrap();
    assert_eq!(theory.len(), 7);
    assert_eq!(theory[3]["pre_var"], 2.0);
    assert_eq!(v["chi"], 1.0);
    assert_eq!(v["verdict"]["kind"], "stable");
    assert_eq!(v["verdict"]["recommended_init"], "he-normal");
    assert!(v["overflow_layer"].is_null());
}

#[test]
fn overflow_is_null_not_garbage() {
    let (code, out, _) = cli(&[
        "simulate",
        "--init",
        "uniform",
        "--scale",
        "1",
        "--activation",
        "relu",
        "--depth",
        "120",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let k = v["overflow_layer"].as_u64().expect("overflow reported") as usize;
    assert!(v["layers"][k - 1]["pre_var"].is_null());
    assert!(v["layers"][k - 2]["pre_var"].is_f64());
    assert_eq!(v["verdict"]["kind"], "overflow");
}

#[test]
fn csv_and_table_formats() {
    let (code, out, _) = cli(&[
        "simulate",
        "--init",
        "xavier-uniform",
        "--activation",
        "tanh",
        "--depth",
        "4",
        "--width",
        "16",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "layer,pre_mean,pre_var,post_mean,post_var,grad_var,weight_grad_var,weight_var,dead_frac,saturated_frac,distinct_units,corr,theory_pre_var,theory_post_var,theory_grad_var,theory_corr"
    );
    assert_eq!(lines.count(), 4);
    let (code, out, _) = cli(&[
        "simulate",
        "--init",
        "zero",
        "--activation",
        "relu",
        "--depth",
        "3",
        "--format",
        "table",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("verdict: collapsed"));
}

#[test]
fn same_flags_same_output() {
    let args = [
        "simulate",
        "--init",
        "orthogonal",
        "--activation",
        "selu",
        "--depth",
        "9",
        "--width",
        "24",
        "--seed",
        "99",
    ];
    assert_eq!(cli(&args).1, cli(&args).1);
}

#[test]
fn formula_json_and_text() {
    let (code, out, _) = cli(&[
        "formula",
        "--init",
        "he-uniform",
        "--fan-in",
        "784",
        "--fan-out",
        "100",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["distribution"], "uniform");
    assert_eq!(v["bound"], 0.08748177652797065);
    assert_eq!(v["mean"], 0.0);
    let (code, out, _) = cli(&[
        "formula",
        "--init",
        "lecun-normal",
        "--fan-in",
        "100",
        "--fan-out",
        "10",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("std:          0.1"), "{out}");
}

#[test]
fn list_names_everything() {
    let (code, out, _) = cli(&["list"]);
    assert_eq!(code, 0);
    for id in [
        "zero",
        "constant",
        "uniform",
        "normal",
        "xavier-uniform",
        "xavier-normal",
        "he-uniform",
        "he-normal",
        "lecun-uniform",
        "lecun-normal",
        "orthogonal",
        "linear",
        "sigmoid",
        "tanh",
        "relu",
        "leaky-relu",
        "prelu",
        "elu",
        "selu",
        "gelu",
        "swish",
    ] {
        assert!(out.contains(id), "list lacks {id}");
    }
}

#[test]
fn every_error_path_exits_2_with_one_clear_line() {
    let base = ["simulate", "--init", "he-normal", "--activation", "relu"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    fails_with(&[], &["missing command"]);
    fails_with(&["frobnicate"], &["unknown command 'frobnicate'"]);
    fails_with(&["list", "extra"], &["list takes no arguments"]);
    fails_with(
        &["simulate", "--activation", "relu"],
        &["missing --init", "he-normal"],
    );
    fails_with(
        &["simulate", "--init", "zero"],
        &["missing --activation", "relu"],
    );
    fails_with(
        &["simulate", "--init", "kaiming", "--activation", "relu"],
        &["--init", "'kaiming'", "xavier-uniform"],
    );
    fails_with(
        &["simulate", "--init", "zero", "--activation", "softmax"],
        &["--activation", "'softmax'", "gelu"],
    );
    fails_with(&with(&["--depth", "0"]), &["--depth", "'0'", "1 to 200"]);
    fails_with(
        &with(&["--depth", "201"]),
        &["--depth", "'201'", "1 to 200"],
    );
    fails_with(
        &with(&["--depth", "ten"]),
        &["--depth", "'ten'", "not a whole number"],
    );
    fails_with(&with(&["--width", "1"]), &["--width", "2 to 1024"]);
    fails_with(&with(&["--width", "4096"]), &["--width", "'4096'"]);
    fails_with(
        &with(&["--input-width", "0"]),
        &["--input-width", "1 to 1024"],
    );
    fails_with(&with(&["--batch", "-3"]), &["--batch", "'-3'"]);
    fails_with(&with(&["--batch", "2000"]), &["--batch", "1 to 1024"]);
    fails_with(&with(&["--seed", "-1"]), &["--seed", "'-1'"]);
    fails_with(
        &with(&["--scale", "NaN"]),
        &["--scale", "not a finite number"],
    );
    fails_with(
        &with(&["--scale", "inf"]),
        &["--scale", "not a finite number"],
    );
    fails_with(&with(&["--scale", "1e9"]), &["--scale", "out of range"]);
    fails_with(&with(&["--gain", "-1"]), &["--gain", "0 to 100"]);
    fails_with(&with(&["--gain", "abc"]), &["--gain", "not a number"]);
    fails_with(
        &with(&["--mode", "fan-avg"]),
        &["--mode", "fan-in or fan-out"],
    );
    fails_with(&with(&["--slope", "2"]), &["--slope", "0 to 1"]);
    fails_with(&with(&["--bias-std", "-0.1"]), &["--bias-std", "0 to 100"]);
    fails_with(
        &with(&["--format", "xml"]),
        &["--format", "'xml'", "json, csv, table"],
    );
    fails_with(&with(&["--depth"]), &["--depth needs a value"]);
    fails_with(&with(&["--color", "red"]), &["unknown flag '--color'"]);
    fails_with(&with(&["stray"]), &["unexpected argument 'stray'"]);
    fails_with(&with(&["--histograms", "0"]), &["--histograms"]);
    fails_with(
        &[
            "simulate",
            "--init",
            "uniform",
            "--scale",
            "-1",
            "--activation",
            "relu",
        ],
        &["scale", "≥ 0"],
    );
    fails_with(
        &["formula", "--fan-in", "3", "--fan-out", "4"],
        &["missing --init"],
    );
    fails_with(
        &["formula", "--init", "he-normal", "--fan-out", "4"],
        &["missing --fan-in"],
    );
    fails_with(
        &["formula", "--init", "he-normal", "--fan-in", "4"],
        &["missing --fan-out"],
    );
    fails_with(
        &[
            "formula",
            "--init",
            "he-normal",
            "--fan-in",
            "0",
            "--fan-out",
            "4",
        ],
        &["--fan-in", "'0'"],
    );
    fails_with(
        &[
            "formula",
            "--init",
            "he-normal",
            "--fan-in",
            "4",
            "--fan-out",
            "4",
            "--format",
            "csv",
        ],
        &["--format", "json, text"],
    );
    fails_with(
        &[
            "formula",
            "--init",
            "he-normal",
            "--fan-in",
            "4",
            "--fan-out",
            "4",
            "--depth",
            "3",
        ],
        &["unknown flag '--depth'"],
    );
}

/// The JSON's and CSV's theory rows carry the mean-field correlation map the Lab draws (it was the page's
/// alone): the engine's `phase::correlation_curve` from layer 1's (q₁, c₁), for a dense stack and a convolution,
/// and absent for architectures that do not draw it.
#[test]
fn theory_rows_carry_the_correlation_map() {
    use initscope::engine::phase::{correlation_curve, first_layer};
    use initscope::engine::{Activation, Nonlinearity};
    let args = "simulate --init xavier-normal --gain 1.6 --activation tanh --depth 12 --width 32 --batch 16 \
                --bias-std 0.3";
    let args: Vec<&str> = args.split_whitespace().collect();
    let with = |more: &[&'static str]| [&args[..], more].concat();
    let (code, out, _) = cli(&args);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let theory = v["theory"].as_array().unwrap();
    // Xavier-normal at width 32 (fan_in = fan_out): σ_w² = gain²; σ_b² = 0.09.
    let (sw2, sb2) = (1.6f64 * 1.6, 0.3f64 * 0.3);
    let (q1, c1) = first_layer(sw2, sb2, 0.0);
    let tanh = Nonlinearity::new(Activation::Tanh, 0.0);
    let want = correlation_curve(&tanh, sw2, sb2, q1, c1, 12);
    assert_eq!(theory.len(), 12);
    for (row, w) in theory.iter().zip(&want) {
        // Equal until the map settles; after that within its 10⁻¹² convergence test.
        let got = row["corr"].as_f64().expect("a number");
        assert!((got - w).abs() <= 1e-11, "{got} vs {w}");
    }
    assert!(
        want[0] > 0.0 && want[11] > want[0],
        "the bias correlates the inputs: {want:?}"
    );
    let (_, csv, _) = cli(&with(&["--format", "csv"]));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = header
        .iter()
        .position(|h| *h == "theory_corr")
        .expect("a theory_corr column");
    let last: Vec<&str> = csv.lines().nth(12).unwrap().split(',').collect();
    assert_eq!(
        last[at].parse::<f64>().unwrap(),
        theory[11]["corr"].as_f64().unwrap()
    );
    // A convolution draws it too (its σ_w² from fan_in = C_in·k²).
    let (_, conv, _) = cli(&with(&["--arch", "conv", "--width", "8", "--image", "6"]));
    let conv: serde_json::Value = serde_json::from_str(&conv).unwrap();
    let rows = conv["theory"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert!(rows
        .iter()
        .all(|r| r["corr"].as_f64().is_some_and(|c| c > 0.0 && c <= 1.0)));
    // A residual net draws no correlation map: no such field.
    let (_, res, _) = cli(&with(&["--arch", "residual"]));
    let res: serde_json::Value = serde_json::from_str(&res).unwrap();
    assert!(res["theory"][0].get("corr").is_none());
}
