//! Unit tests of the frames: round trips and rejections.

use super::*;
use crate::engine::{codec, simulate, Activation, Initializer, SimOptions};

fn job() -> Simulation {
    Simulation {
        id: 41,
        config: Config {
            init: Initializer::Orthogonal,
            activation: Activation::Selu,
            gain: Some(1.25),
            ..Config::default()
        },
        histogram_layers: vec![1, 25, 50],
        spread_seeds: 8,
        jacobian: true,
        progressive: true,
        weight_grads: true,
    }
}

#[test]
fn simulate_round_trips() {
    let req = Request::Simulate(job());
    assert_eq!(Request::decode(&req.encode()), Ok(req));
    let none = Request::Simulate(Simulation {
        histogram_layers: vec![],
        spread_seeds: 0,
        jacobian: false,
        progressive: false,
        weight_grads: false,
        ..job()
    });
    assert_eq!(Request::decode(&none.encode()), Ok(none));
}

#[test]
fn rejects_bad_requests() {
    let bad = |tag, text: &str, data: &[f64]| Request::decode(&frame(tag, text, data.to_vec()));
    assert!(bad(TAG_SIMULATE, "depth=999", &[1.0, 0.0, 0.0, 0.0, 0.0]).is_err());
    assert!(bad(TAG_SIMULATE, "", &[1.5, 0.0, 0.0, 0.0, 0.0]).is_err());
    assert!(bad(TAG_SIMULATE, "", &[1.0, 0.0, 0.0, 0.0]).is_err());
    assert!(
        bad(TAG_SIMULATE, "", &[1.0, 0.0, 2.0, 0.0, 0.0]).is_err(),
        "the jacobian flag is 0 or 1"
    );
    assert!(
        bad(TAG_SIMULATE, "", &[1.0, 0.0, 0.0, 3.0, 0.0]).is_err(),
        "the progressive flag is 0 or 1"
    );
    assert!(
        bad(TAG_SIMULATE, "", &[1.0, 0.0, 0.0, 0.0, 0.5]).is_err(),
        "the weight-gradient flag is 0 or 1"
    );
    assert!(bad(TAG_SIMULATE, "", &[1.0, 0.0, 1.0, 1.0, 1.0]).is_ok());
    let stage = |n: f64| Reply::decode(&frame(TAG_RESULT, "depth=1", vec![1.0, n, 0.0]));
    assert_eq!(
        stage(3.0),
        Err(ProtocolError("3 is not a stage".into())),
        "a stage beyond Complete is rejected before the result's data is read"
    );
    assert!(bad(TAG_RACE_RUN, "", &[1.0, 4.0, 10.0, 2.0]).is_err());
    assert!(bad(TAG_RACE_RUN, "", &[1.0, 4.0, 10.0, 1.0, 0.0]).is_err());
    assert!(
        bad(TAG_BENCH, "", &[3.0]).is_err(),
        "no fourth benchmark scope"
    );
    assert!(
        bad(TAG_DRAW, "", &[1.0, 2.5]).is_err(),
        "a position is whole"
    );
    assert!(bad(TAG_DRAW, "", &[1.0, -1.0]).is_err());
    assert!(
        bad(TAG_DRAW, "width=0", &[1.0]).is_err(),
        "an invalid config"
    );
    assert!(bad(TAG_DRAW, "", &[]).is_err(), "no generation");
    assert!(bad(999, "", &[]).is_err());
    assert!(bad(TAG_READY, "", &[]).is_err(), "a reply is not a request");
}

#[test]
fn result_carries_its_config() {
    let cfg = Config {
        depth: 5,
        width: 8,
        batch: 4,
        ..Config::default()
    };
    let r = simulate(
        &cfg,
        &SimOptions {
            histogram_layers: vec![1, 5],
            ..SimOptions::default()
        },
    );
    let reply = Reply::Result {
        id: 3,
        stage: Stage::Forward,
        ms: 1.5,
        result: Box::new(r.clone()),
    };
    match Reply::decode(&reply.encode()) {
        Ok(Reply::Result {
            id,
            stage,
            ms,
            result,
        }) => {
            assert_eq!((id, stage, ms), (3, Stage::Forward, 1.5));
            assert_eq!(result.config, cfg);
            assert_eq!(codec::encode(&result).len(), codec::encode(&r).len());
        }
        other => panic!("{other:?}"),
    }
}
