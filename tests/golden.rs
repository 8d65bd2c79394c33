//! Golden outputs: the CLI's JSON, CSV, table and text for a spread of configurations (every initializer and
//! activation, Keras and fan-out, slopes, biases, input widths, histograms, overflow, underflow, collapse),
//! the training race's JSON and CSV, `formula` and `list`, compared byte for byte with files recorded before
//! the code was reshaped. A change to any of them must be deliberate: re-record with
//! `INITSCOPE_BLESS=1 cargo test --test golden` and say why in the commit.

mod common;

use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn cli_outputs_match_the_recorded_bytes() {
    let dir = golden_dir();
    let cases = std::fs::read_to_string(dir.join("cases.txt")).expect("cases.txt");
    let bless = std::env::var_os("INITSCOPE_BLESS").is_some();
    let mut checked = 0;
    let mut differ = Vec::new();
    for line in cases
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut words = line.split_whitespace();
        let name = words.next().expect("a name");
        let args: Vec<&str> = words.collect();
        let (code, out, err) = common::cli(&args);
        assert_eq!(code, 0, "{name}: exit {code}: {err}");
        let path = dir.join(format!("{name}.out"));
        if bless {
            std::fs::write(&path, &out).expect("write golden");
        } else {
            let want = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{path:?}"));
            if want != out {
                differ.push(name.to_string());
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases");
    assert!(differ.is_empty(), "outputs changed: {differ:?}");
}
