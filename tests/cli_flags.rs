//! Flags that are invalid in themselves exit 2; flags that change nothing for the chosen initializer or
//! activation are named in a one-line warning on stderr (the page's "does not apply" notice), and the run
//! goes on with the same output.

mod common;

use common::{cli, fails_with};

/// The output without the line that echoes the config (which shows every value given).
fn results(out: &str) -> Vec<&str> {
    out.lines().filter(|l| !l.contains("\"config\"")).collect()
}

/// The stderr of a successful run, whose results match the same run without `extra`.
fn warns(base: &[&str], extra: &[&str]) -> String {
    let args: Vec<&str> = base.iter().chain(extra).copied().collect();
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "{args:?}: {err}");
    let plain = cli(base).1;
    assert_eq!(
        results(&out),
        results(&plain),
        "{args:?}: the ignored flag changed the results"
    );
    err
}

#[test]
fn a_negative_scale_is_rejected_for_every_initializer_but_constant() {
    fails_with(
        &[
            "simulate",
            "--init",
            "he-normal",
            "--scale",
            "-1",
            "--activation",
            "relu",
        ],
        &["--scale", "-1", "≥ 0"],
    );
    fails_with(
        &[
            "formula",
            "--init",
            "xavier-normal",
            "--scale",
            "-2",
            "--fan-in",
            "4",
            "--fan-out",
            "4",
        ],
        &["--scale", "≥ 0"],
    );
    let (code, _, err) = cli(&[
        "simulate",
        "--init",
        "constant",
        "--scale",
        "-0.5",
        "--activation",
        "tanh",
        "--depth",
        "3",
        "--width",
        "8",
        "--batch",
        "2",
    ]);
    assert_eq!(code, 0, "constant's c may be negative: {err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn a_flag_that_does_not_apply_is_named_in_one_warning_line() {
    let tiny = ["--depth", "3", "--width", "8", "--batch", "2"];
    let sim = |init: &'static str, act: &'static str| -> Vec<&'static str> {
        let mut v = vec!["simulate", "--init", init, "--activation", act];
        v.extend(tiny);
        v
    };
    for (base, extra, needles) in [
        (
            sim("he-normal", "relu"),
            &["--scale", "2"][..],
            &["--scale", "he-normal", "constant, uniform and normal"][..],
        ),
        (
            sim("uniform", "relu"),
            &["--gain", "2"][..],
            &["--gain", "uniform"][..],
        ),
        (
            sim("xavier-normal", "tanh"),
            &["--mode", "fan-out"][..],
            &["--mode", "xavier-normal"][..],
        ),
        (
            sim("he-uniform", "relu"),
            &["--keras"][..],
            &["--keras", "he-uniform"][..],
        ),
        (
            sim("he-normal", "relu"),
            &["--slope", "0.1"][..],
            &["--slope", "relu", "leaky-relu and prelu"][..],
        ),
    ] {
        let err = warns(&base, extra);
        assert_eq!(err.lines().count(), 1, "{extra:?}: {err}");
        assert!(err.starts_with("initscope: warning: "), "{err}");
        for n in needles {
            assert!(err.contains(n), "{extra:?}: '{n}' missing from {err}");
        }
    }
    // Flags that do apply warn about nothing.
    let (code, _, err) = cli(&[
        "simulate",
        "--init",
        "he-uniform",
        "--mode",
        "fan-out",
        "--gain",
        "1",
        "--activation",
        "leaky-relu",
        "--slope",
        "0.2",
        "--depth",
        "3",
        "--width",
        "8",
        "--batch",
        "2",
    ]);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn formula_and_train_warn_the_same_way() {
    let err = warns(
        &[
            "formula",
            "--init",
            "orthogonal",
            "--fan-in",
            "8",
            "--fan-out",
            "8",
        ],
        &["--scale", "3"],
    );
    assert!(
        err.contains("--scale does not apply to orthogonal"),
        "{err}"
    );
    let base = [
        "train",
        "--init",
        "normal",
        "--activation",
        "tanh",
        "--steps",
        "3",
        "--depth",
        "2",
        "--width",
        "8",
    ];
    let err = warns(&base, &["--gain", "2"]);
    assert!(err.contains("--gain does not apply to normal"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
