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
