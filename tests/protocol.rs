//! The page ↔ worker protocol: every request and reply round-trips through its frame, and any frame at all —
//! random tags, hostile text, random numbers, truncated real messages — decodes to a value or an error,
//! never a panic.
#![cfg(not(target_arch = "wasm32"))]

use initscope::engine::codec;
use initscope::engine::{simulate, Activation, Config, Initializer, SimOptions, Stage};
use initscope::protocol::*;
use initscope::train::params::parse_race_query;
use initscope::train::snapshot::Snapshot;
use initscope::train::Race;
use proptest::prelude::*;

fn small(init: Initializer, activation: Activation, depth: usize) -> Config {
    Config {
        init,
        activation,
        depth,
        width: 8,
        batch: 4,
        ..Config::default()
    }
}

fn snapshot(boundaries: bool) -> Snapshot {
    let (cfg, errors) = parse_race_query("inits=he-normal,zero&depth=2&width=8");
    assert!(errors.is_empty(), "{errors:?}");
    let mut race = Race::new(cfg);
    race.run(25, 10);
    race.snapshot(boundaries)
}

/// A small tanh row of the phase diagram, across the critical line.
fn phase_row() -> PhaseRow {
    PhaseRow {
        id: 4,
        row: 2,
        activation: Activation::Tanh,
        slope: 0.01,
        sw2_lo: 0.5,
        sw2_hi: 3.0,
        columns: 4,
        sb2: 0.05,
    }
}

/// Every kind of request and reply, with real payloads.
/// One of every message, built once (it runs a simulation, a race and a phase-map row).
fn samples() -> &'static (Vec<Request>, Vec<Reply>) {
    static SAMPLES: std::sync::OnceLock<(Vec<Request>, Vec<Reply>)> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(build_samples)
}

fn build_samples() -> (Vec<Request>, Vec<Reply>) {
    let (race_cfg, _) =
        parse_race_query("inits=xavier-normal,he-normal,zero&optimizer=adam&lr=0.01");
    let requests = vec![
        Request::Simulate(Simulation {
            id: 9,
            config: small(Initializer::HeNormal, Activation::Relu, 12),
            histogram_layers: vec![1, 6, 12],
            spread_seeds: 8,
            jacobian: true,
            progressive: true,
            weight_grads: false,
        }),
        Request::RaceNew {
            gen: 3,
            config: race_cfg,
        },
        Request::RaceRun {
            gen: 3,
            steps: 64,
            every: 10,
            boundaries: true,
        },
        Request::Bench(BenchScope::Full),
        Request::Bench(BenchScope::FirstRuns),
        Request::Bench(BenchScope::Counters),
        Request::Draw {
            gen: 9,
            config: Config {
                seed: 77,
                ..Config::default()
            },
            positions: vec![0, 3, 49],
        },
        Request::Draw {
            gen: 10,
            config: Config::default(),
            positions: vec![],
        },
        Request::Phase(phase_row()),
    ];
    let cfg = small(Initializer::XavierNormal, Activation::Tanh, 6);
    let result = simulate(
        &cfg,
        &SimOptions {
            histogram_layers: vec![1, 6],
            ..SimOptions::default()
        },
    );
    let replies = vec![
        Reply::Ready,
        Reply::Progress {
            id: 9,
            fraction: 0.25,
        },
        Reply::Result {
            id: 9,
            stage: Stage::Complete,
            ms: 12.5,
            result: Box::new(result.clone()),
        },
        Reply::Result {
            id: 10,
            stage: Stage::Forward,
            ms: 3.0,
            result: Box::new(result),
        },
        Reply::Band {
            id: 9,
            lo: vec![0.5, 0.25],
            hi: vec![2.0, 4.0],
        },
        Reply::RaceSnapshot {
            gen: 3,
            snapshot: snapshot(true),
        },
        Reply::RaceSnapshot {
            gen: 4,
            snapshot: snapshot(false),
        },
        Reply::Bench {
            values: vec![
                ("kernel_gflops".into(), 1.5),
                ("default_run_ms".into(), 3.0),
            ],
        },
        Reply::PhaseRow {
            id: 4,
            row: 2,
            critical: initscope::engine::phase::critical_sw2(&phase_row().phi(), 0.05),
            points: initscope::engine::phase::grid(
                &phase_row().phi(),
                &phase_row().sw2s(),
                &[0.05],
            ),
        },
        Reply::PhaseRow {
            id: 5,
            row: 0,
            critical: None,
            points: vec![],
        },
        Reply::Error {
            id: Some(2),
            message: "stale race generation".into(),
        },
        Reply::Error {
            id: None,
            message: "malformed message".into(),
        },
    ];
    (requests, replies)
}

/// Results hold NaN statistics, so compare replies by their frames' bits.
fn bits(f: &Frame) -> (u32, String, Vec<u64>) {
    (
        f.tag,
        f.text.clone(),
        f.data.iter().map(|x| x.to_bits()).collect(),
    )
}

#[test]
fn every_request_round_trips() {
    for req in &samples().0 {
        assert_eq!(Request::decode(&req.encode()), Ok(req.clone()), "{req:?}");
    }
}

#[test]
fn every_reply_round_trips() {
    for reply in &samples().1 {
        let frame = reply.encode();
        let back = Reply::decode(&frame).unwrap_or_else(|e| panic!("{reply:?}: {e}"));
        assert_eq!(bits(&back.encode()), bits(&frame));
    }
}

#[test]
fn a_result_keeps_every_statistic() {
    for (init, act, depth) in [
        (Initializer::HeNormal, Activation::Relu, 7),
        (Initializer::Zero, Activation::Tanh, 3),
        (Initializer::Uniform, Activation::Relu, 90),
    ] {
        let cfg = small(init, act, depth);
        let r = simulate(&cfg, &SimOptions::default());
        let reply = Reply::Result {
            id: 1,
            stage: Stage::Complete,
            ms: 0.0,
            result: Box::new(r.clone()),
        };
        let Ok(Reply::Result { result, .. }) = Reply::decode(&reply.encode()) else {
            panic!("{init} does not decode");
        };
        assert_eq!(result.config, cfg);
        assert_eq!(
            (result.verdict.kind, &result.verdict.message),
            (r.verdict.kind, &r.verdict.message)
        );
        let same = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(same(&codec::encode(&result), &codec::encode(&r)));
    }
}

#[test]
fn requests_and_replies_do_not_mix() {
    let (requests, replies) = samples();
    for req in requests {
        assert!(Reply::decode(&req.encode()).is_err(), "{req:?}");
    }
    for reply in replies {
        assert!(Request::decode(&reply.encode()).is_err(), "{reply:?}");
    }
}

fn all_tags() -> Vec<u32> {
    vec![
        TAG_SIMULATE,
        TAG_RACE_NEW,
        TAG_RACE_RUN,
        TAG_BENCH,
        TAG_PHASE,
        TAG_READY,
        TAG_PROGRESS,
        TAG_RESULT,
        TAG_BAND,
        TAG_RACE_SNAPSHOT,
        TAG_BENCH_RESULT,
        TAG_ERROR,
        TAG_PHASE_ROW,
        0,
        u32::MAX,
    ]
}

/// Numbers a hostile or broken sender might write.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-1.0),
        Just(1e300),
        Just(1.0),
        Just(0.0),
        (0u32..300).prop_map(f64::from),
        (0.0f64..1.0),
    ]
}

fn arbitrary_frame() -> impl Strategy<Value = Frame> {
    (
        proptest::sample::select(all_tags()),
        prop_oneof![
            "\\PC{0,60}",
            "[a-z]{1,8}=[0-9a-z.,-]{0,8}(&[a-z]{1,8}=[0-9a-z.,-]{0,8}){0,4}"
        ],
        proptest::collection::vec(number(), 0..200),
    )
        .prop_map(|(tag, text, data)| Frame { tag, text, data })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4_000, ..ProptestConfig::default() })]

    #[test]
    fn any_frame_decodes_or_is_an_error(f in arbitrary_frame()) {
        match Request::decode(&f) {
            Ok(req) => prop_assert_eq!(Request::decode(&req.encode()), Ok(req)),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        if let Ok(reply) = Reply::decode(&f) {
            // What decodes re-encodes to something that decodes again.
            prop_assert!(Reply::decode(&reply.encode()).is_ok());
        }
    }

    #[test]
    fn damaged_real_messages_never_panic(which in 0usize..17, cut in any::<prop::sample::Index>(),
                                         at in any::<prop::sample::Index>(), x in number()) {
        let (requests, replies) = samples();
        let mut f = if which < requests.len() {
            requests[which].encode()
        } else {
            replies[(which - requests.len()) % replies.len()].encode()
        };
        if !f.data.is_empty() {
            let i = at.index(f.data.len());
            f.data[i] = x;
        }
        let mut truncated = f.clone();
        truncated.data.truncate(cut.index(f.data.len() + 1));
        for f in [f, truncated] {
            let _ = Request::decode(&f);
            let _ = Reply::decode(&f);
        }
    }
}

#[test]
fn huge_counts_are_refused_before_anything_is_sized_by_them() {
    let snapshot = Frame {
        tag: TAG_RACE_SNAPSHOT,
        text: String::new(),
        // gen, version, step, classes, 1 racer: not diverged, no history, 10³⁰⁰ empty gradient rows.
        data: vec![1.0, 1.0, 0.0, 2.0, 1.0, f64::NAN, 0.0, 1e300, 0.0, f64::NAN],
    };
    assert!(Reply::decode(&snapshot).is_err());
    let mut data = vec![1.0, 0.0, 1.0, 2.0, f64::NAN, f64::NAN, f64::NAN, 0.0, 0.0];
    data.extend([f64::NAN, f64::NAN, 1e18]);
    let result = Frame {
        tag: TAG_RESULT,
        text: "depth=2".into(),
        data,
    };
    assert!(Reply::decode(&result).is_err());
}

/// Found by `any_frame_decodes_or_is_an_error` in CI: a fractional count (0.476 layers) truncated to 0
/// decoded as one gradient row of no layers, which re-encodes as something that does not decode.
#[test]
fn fractional_counts_are_refused() {
    let data = |layers: f64| vec![1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, layers, 0.0];
    let frame = |data| Frame {
        tag: TAG_RACE_SNAPSHOT,
        text: String::new(),
        data,
    };
    assert!(Reply::decode(&frame(data(0.4759764919890282))).is_err());
    assert!(
        Reply::decode(&frame(data(0.0))).is_err(),
        "a row of no layers"
    );
    let mut fine = data(1.0);
    fine.insert(9, 0.5);
    let reply = Reply::decode(&frame(fine)).expect("one row of one layer decodes");
    assert!(Reply::decode(&reply.encode()).is_ok());
    let mut step = data(1.0);
    step.insert(9, 0.5);
    step[2] = 2.5;
    assert!(Reply::decode(&frame(step)).is_err(), "a fractional step");
}
