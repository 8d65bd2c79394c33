//! Running the `initscope` binary from the integration tests.
#![allow(dead_code)] // each test binary uses a subset of these helpers

use std::process::Command;

pub fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_initscope"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn fails_with(args: &[&str], needles: &[&str]) {
    let (code, stdout, stderr) = cli(args);
    assert_eq!(code, 2, "{args:?} should exit 2; stderr: {stderr}");
    assert!(stdout.is_empty(), "{args:?} printed to stdout: {stdout}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{args:?}: not one line: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{args:?}: '{n}' missing from: {stderr}");
    }
}
