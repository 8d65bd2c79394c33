//! `initscope train`: its JSON and every error path.

mod common;

use common::{cli, fails_with};

#[test]
fn train_json_and_errors() {
    let (code, out, _) = cli(&[
        "train",
        "--init",
        "he-normal",
        "--activation",
        "relu",
        "--steps",
        "35",
        "--depth",
        "3",
        "--width",
        "16",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["config"]["init"], "he-normal");
    let steps: Vec<u64> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_u64().unwrap())
        .collect();
    assert_eq!(steps, [0, 10, 20, 30, 35], "every 10th step and the last");
    assert!(v["diverged_at"].is_null());
    let (code, out, _) = cli(&[
        "train",
        "--init",
        "he-normal",
        "--activation",
        "relu",
        "--optimizer",
        "sgd",
        "--lr",
        "10",
        "--steps",
        "60",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let k = v["diverged_at"].as_u64().expect("divergence reported");
    let last = v["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["step"].as_u64(),
        Some(k),
        "the output reaches the step it diverged at"
    );
    assert!(last["loss"].is_null() && last["test_acc"].is_null());
    let (code, csv, _) = cli(&[
        "train",
        "--init",
        "he-normal",
        "--activation",
        "relu",
        "--optimizer",
        "sgd",
        "--lr",
        "10",
        "--steps",
        "60",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        csv.lines().last(),
        Some(format!("{k},,,").as_str()),
        "CSV: empty where not finite"
    );
    fails_with(&["train", "--activation", "relu"], &["missing --init"]);
    fails_with(&["train", "--init", "he-normal"], &["missing --activation"]);
    // One bad flag after a valid base, each with the words its message must contain.
    for (flag, value, needles) in [
        (
            "--dataset",
            "moons",
            &["'moons'", "spirals, circles, xor or blobs"][..],
        ),
        ("--optimizer", "rmsprop", &["sgd or adam"][..]),
        ("--lr", "-1", &["out of range"][..]),
        ("--depth", "21", &["2 to 20"][..]),
        ("--width", "4", &["8 to 128"][..]),
        ("--steps", "0", &[][..]),
        ("--format", "table", &["json, csv"][..]),
    ] {
        let args = [
            "train",
            "--init",
            "he-normal",
            "--activation",
            "relu",
            flag,
            value,
        ];
        let mut all = vec![flag];
        all.extend_from_slice(needles);
        fails_with(&args, &all);
    }
    fails_with(
        &["train", "--init", "he-normal,zero", "--activation", "relu"],
        &["--init", "one initializer"],
    );
}

#[test]
fn train_architectures_and_their_errors() {
    let base = [
        "train",
        "--init",
        "normal",
        "--activation",
        "relu",
        "--steps",
        "20",
        "--depth",
        "4",
        "--width",
        "16",
    ];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let (code, out, err) = cli(&args);
        assert_eq!(code, 0, "{extra:?}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        (v, err)
    };
    // The plain stack without normalization: no architecture fields (as before they existed).
    let (plain, err) = run(&[]);
    assert!(plain["config"].get("arch").is_none() && err.is_empty());
    let (v, err) = run(&[
        "--arch",
        "residual",
        "--norm",
        "batch",
        "--branch-scale",
        "0.25",
        "--zero-init-last",
    ]);
    assert!(err.is_empty(), "{err}");
    let c = &v["config"];
    assert_eq!(
        (
            &c["arch"],
            &c["norm"],
            &c["branch_scale"],
            &c["zero_init_last"]
        ),
        (
            &serde_json::json!("residual"),
            &serde_json::json!("batch"),
            &serde_json::json!(0.25),
            &serde_json::json!(true)
        )
    );
    assert_ne!(
        v["steps"], plain["steps"],
        "a different network, another curve"
    );
    let (v, _) = run(&["--norm", "layer"]);
    assert_eq!(v["config"]["norm"], "layer");
    assert!(v["config"].get("branch_scale").is_none(), "mlp: no branch");
    // A residual flag on a plain stack: one warning line, and the run goes on.
    let (v, err) = run(&["--branch-scale", "0.5"]);
    assert_eq!(
        v["steps"], plain["steps"],
        "α changes nothing in a plain stack"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("--branch-scale") && err.contains("only residual blocks have a branch"),
        "{err}"
    );
    let (_, err) = run(&["--zero-init-last"]);
    assert!(err.contains("--zero-init-last") && err.contains("does not apply to mlp"));
    for (flag, value, needles) in [
        (
            "--arch",
            "rnn",
            &[
                "'rnn'",
                "not an architecture the race trains",
                "mlp or residual",
            ][..],
        ),
        ("--arch", "cnn", &["mlp or residual"][..]),
        ("--norm", "group", &["none, batch or layer"][..]),
        ("--branch-scale", "11", &["out of range", "0 to 10"][..]),
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(&[flag, value]);
        let mut all = vec![flag];
        all.extend_from_slice(needles);
        fails_with(&args, &all);
    }
}
