//! Unit tests of the phase rows on the wire: round trips through [`Request`] and [`Reply`], and rejections.

use super::*;
use crate::engine::phase;
use crate::protocol::{Reply, Request};

fn row() -> PhaseRow {
    PhaseRow {
        id: 7,
        row: 3,
        activation: Activation::Tanh,
        slope: 0.01,
        sw2_lo: 0.5,
        sw2_hi: 4.0,
        columns: 5,
        sb2: 0.05,
    }
}

#[test]
fn a_row_and_its_points_round_trip() {
    let req = Request::Phase(row());
    assert_eq!(Request::decode(&req.encode()), Ok(req));
    let r = row();
    let mut points = phase::grid(&r.phi(), &r.sw2s(), &[r.sb2]);
    // Every kind of q*: collapsed (tanh, σ_b² = 0, σ_w² < 1), neutral (ReLU at 2), diverged (ReLU at 3).
    let relu = Nonlinearity::new(Activation::Relu, 0.0);
    points.push(phase::point(&r.phi(), 0.5, 0.0));
    points.push(phase::point(&relu, 2.0, 0.0));
    points.push(phase::point(&relu, 3.0, 0.0));
    let reply = Reply::PhaseRow {
        id: 7,
        row: 3,
        critical: phase::critical_sw2(&r.phi(), r.sb2),
        points,
    };
    assert_eq!(Reply::decode(&reply.encode()), Ok(reply));
}

#[test]
fn bad_rows_are_refused() {
    let bad = |f: &dyn Fn(&mut PhaseRow)| {
        let mut r = row();
        f(&mut r);
        Request::decode(&Request::Phase(r).encode()).is_err()
    };
    assert!(bad(&|r| r.columns = 0));
    assert!(bad(&|r| r.columns = MAX_COLUMNS + 1));
    assert!(bad(&|r| r.sw2_hi = f64::NAN));
    assert!(bad(&|r| r.sw2_lo = 5.0));
    assert!(bad(&|r| r.sb2 = -1.0));
}
