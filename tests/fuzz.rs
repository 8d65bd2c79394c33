//! Property-based fuzzing (proptest) of everything that reads untrusted text: URL queries, CLI flags,
//! worker messages and encoded results. Never a panic; every rejection is named. Case counts are set per
//! property below (`cases`); the totals are reported in the project's notes.
#![cfg(not(target_arch = "wasm32"))]

use initscope::cli;
use initscope::engine::arch::Arch;
use initscope::engine::codec::decode;
use initscope::engine::norm::Norm;
use initscope::engine::transformer::{AttnScale, LnPlace};
use initscope::engine::{Activation, Config, FanMode, Initializer};
use initscope::state::{parse_link, parse_query, to_query, Param};
use initscope::train::params::{parse_race_query, RaceParam};
use proptest::prelude::*;

/// Hostile fragments: percent escapes (valid, truncated, non-UTF-8), NaN/inf spellings, huge and negative
/// numbers, markup, separators, and the real parameter names.
fn fragment() -> impl Strategy<Value = String> {
    let names: Vec<String> = Param::ALL.iter().map(|p| p.name().to_string()).collect();
    prop_oneof![
        proptest::sample::select(names),
        Just("NaN".to_string()),
        Just("-inf".to_string()),
        Just("infinity".to_string()),
        Just("1e308".to_string()),
        Just("-0".to_string()),
        Just("18446744073709551616".to_string()),
        Just("%".to_string()),
        Just("%zz".to_string()),
        Just("%C0%AF".to_string()),
        Just("%E2%88%9E".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("&".to_string()),
        Just("=".to_string()),
        Just("+".to_string()),
        "[0-9]{1,25}",
        "-?[0-9]{0,5}\\.?[0-9]{0,5}(e-?[0-9]{1,3})?",
        "\\PC{0,12}",
    ]
}

/// A race fragment: the race's names among the hostile fragments.
fn race_query() -> impl Strategy<Value = String> {
    let names: Vec<String> = RaceParam::ALL
        .iter()
        .map(|p| format!("&{}=", p.name()))
        .collect();
    proptest::collection::vec(
        prop_oneof![proptest::sample::select(names), fragment()],
        0..24,
    )
    .prop_map(|v| v.concat())
}

fn query() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..24).prop_map(|v| v.concat())
}

fn config() -> impl Strategy<Value = Config> {
    (
        proptest::sample::select(Initializer::ALL.to_vec()),
        proptest::sample::select(Activation::ALL.to_vec()),
        (
            1usize..=200,
            2usize..=1024,
            proptest::option::of(1usize..=1024),
            1usize..=1024,
        ),
        (
            0.0f64..=100.0,
            proptest::option::of(0.0f64..=100.0),
            proptest::option::of(0.0f64..=1.0),
        ),
        (any::<bool>(), any::<bool>(), 0.0f64..=100.0, any::<u64>()),
        (
            proptest::sample::select(Arch::ALL.to_vec()),
            proptest::sample::select(Norm::ALL.to_vec()),
            0.0f64..=10.0,
            any::<bool>(),
            proptest::sample::select(Initializer::ALL.to_vec()),
        ),
        (proptest::sample::select(vec![1usize, 3, 5, 7]), 0usize..=57),
        (
            2usize..=64,
            proptest::sample::select(vec![1usize, 2, 4]),
            proptest::sample::select(LnPlace::ALL.to_vec()),
            proptest::sample::select(AttnScale::ALL.to_vec()),
            any::<bool>(),
            (0.0f64..=10.0, 0.0f64..=10.0, any::<bool>()),
        ),
    )
        .prop_map(
            |(
                init,
                activation,
                (depth, width, input_width, batch),
                (scale, gain, slope),
                (fan_out, keras, bias_std, seed),
                (arch, norm, branch_scale, zero_init_last, input_init),
                (kernel, extra),
                (tokens, heads, ln, attn_scale, causal, (skip_scale, value_gain, zero_query)),
            )| {
                // A transformer: at most 96 blocks, heads dividing the width, one block within its memory, and
                // an initializer that does not rescale on the data.
                let tf = arch == Arch::Transformer;
                let (depth, width, batch) = if tf {
                    (depth.min(96), (width.min(256) / 4).max(1) * 4, batch.min(4))
                } else {
                    (depth, width, batch)
                };
                let init = if tf && init.info().data_dependent {
                    Initializer::HeNormal
                } else {
                    init
                };
                Config {
                    init,
                    activation,
                    depth,
                    width,
                    // A residual block adds its input to its output: equal widths; delta-orthogonal needs no more
                    // input than output channels.
                    input_width: if arch == Arch::Residual || tf {
                        None
                    } else if init == Initializer::DeltaOrthogonal && arch == Arch::Conv {
                        Some(input_width.unwrap_or(width).min(width))
                    } else {
                        input_width
                    },
                    batch,
                    scale,
                    gain,
                    slope,
                    mode: if fan_out {
                        FanMode::FanOut
                    } else {
                        FanMode::FanIn
                    },
                    keras,
                    bias_std,
                    seed,
                    arch,
                    norm,
                    branch_scale,
                    zero_init_last,
                    input_init,
                    kernel,
                    // An image at least as large as the kernel.
                    image: 7 + extra,
                    tokens,
                    heads,
                    ln,
                    attn_scale,
                    causal,
                    skip_scale,
                    value_gain,
                    zero_query,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn any_query_parses_to_a_valid_config_with_named_errors(q in query()) {
        let (cfg, errors) = parse_query(&q);
        prop_assert!(cfg.validate().is_ok(), "{q:?} gave an invalid config");
        for e in &errors {
            prop_assert!(!e.reason.is_empty());
            prop_assert!(e.value.chars().count() <= 41);
            prop_assert!(e.to_string().contains(&e.name));
        }
        // What the page writes back parses cleanly to the same config.
        let (again, errs) = parse_query(&to_query(&cfg));
        prop_assert!(errs.is_empty(), "{errs:?}");
        prop_assert_eq!(again, cfg);
    }

    #[test]
    fn a_link_adds_only_notes_about_settings_that_change_nothing(q in query()) {
        let (cfg, errors) = parse_query(&q);
        let (linked, notes) = parse_link(&q);
        prop_assert_eq!(linked, cfg);
        prop_assert!(notes.starts_with(&errors));
        for n in &notes[errors.len()..] {
            prop_assert!(n.reason.starts_with("does not apply to "), "{n}");
        }
    }

    #[test]
    fn any_race_query_parses_and_what_it_writes_reads_back(q in race_query()) {
        let (cfg, errors) = parse_race_query(&q);
        for e in &errors {
            prop_assert!(!e.reason.is_empty());
            prop_assert!(e.value.chars().count() <= 41);
        }
        let (again, errs) = parse_race_query(&cfg.to_query());
        prop_assert!(errs.is_empty(), "{errs:?}");
        prop_assert_eq!(again.to_query(), cfg.to_query());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    #[test]
    fn every_valid_config_round_trips_through_the_url(cfg in config()) {
        prop_assert!(cfg.validate().is_ok());
        let (back, errors) = parse_query(&to_query(&cfg));
        prop_assert!(errors.is_empty(), "{errors:?}");
        prop_assert_eq!(back, cfg);
    }

    #[test]
    fn encoded_results_from_anywhere_never_panic(v in proptest::collection::vec(any::<f64>(), 0..400)) {
        let _ = decode(&v, &Config::default());
        let mut tagged = v.clone();
        tagged.insert(0, 2.0); // the codec's version
        let _ = decode(&tagged, &Config { depth: 3, ..Config::default() });
    }

    #[test]
    fn cli_flags_never_panic_and_errors_are_one_line(args in proptest::collection::vec(fragment(), 0..8), cmd in 0usize..4) {
        let mut argv: Vec<String> = vec![["simulate", "formula", "list", "bogus"][cmd].to_string()];
        // Make some fragments look like flags, and keep every simulation tiny.
        argv.extend(args.iter().enumerate().map(|(i, a)| if i % 2 == 0 { format!("--{a}") } else { a.clone() }));
        argv.extend(["--depth", "2", "--width", "4", "--batch", "2"].map(String::from));
        match cli::run(&argv) {
            Ok(out) => prop_assert!(!out.stdout.is_empty()),
            Err(msg) => {
                prop_assert!(!msg.contains('\n'), "multi-line error: {msg}");
                prop_assert!(!msg.is_empty());
            }
        }
    }
}
