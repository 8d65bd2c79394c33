//! What each [`Request`] does, in one `match`: run in the web worker (the page's own build never links it;
//! test pages serve requests with it, see [`serve_on_page`](super::link::serve_on_page)). Replies go to a
//! callback; time comes from a clock in ms.

use super::replies::{band, progress_due, stage_reply};
use initscope::engine::{Job, Stage, MEMORY_BUDGET};
use initscope::protocol::{Reply, Request, Simulation};
use initscope::train::race::MAX_STEPS;
use initscope::train::{Race, TrainConfig};
use std::cell::RefCell;

/// Most milliseconds one [`Request::RaceRun`] may take before it answers (the page asks again).
const RACE_SLICE_MS: f64 = 100.0;

thread_local! {
    /// The training race this context is running, and its generation.
    static RACE: RefCell<Option<(u64, Race)>> = const { RefCell::new(None) };
}

/// Serve one request: every reply it produces goes to `reply`, in order.
pub fn handle(req: Request, clock: &mut dyn FnMut() -> f64, reply: &mut dyn FnMut(Reply)) {
    match req {
        Request::Simulate(job) => simulate(job, clock, reply),
        Request::RaceNew { gen, config } => reply(race_new(gen, config)),
        Request::RaceRun {
            gen,
            steps,
            every,
            boundaries,
        } => reply(race_run(gen, steps, every, boundaries, clock)),
        Request::Bench(scope) => reply(Reply::Bench {
            values: super::bench::run(clock, scope),
        }),
        Request::Phase(row) => reply(phase_row(&row)),
        // Served by the worker itself (`helper::serve`); anywhere else nothing asked for it.
        Request::Draw { gen, .. } => reply(Reply::Error {
            id: Some(gen),
            message: "layers are drawn only by a helper worker".into(),
        }),
    }
}

/// One row of the phase diagram (Poole et al. 2016; Schoenholz et al. 2017) and its critical σ_w².
fn phase_row(row: &initscope::protocol::PhaseRow) -> Reply {
    let phi = row.phi();
    Reply::PhaseRow {
        id: row.id,
        row: row.row,
        critical: initscope::engine::phase::critical_sw2(&phi, row.sb2),
        points: initscope::engine::phase::grid(&phi, &row.sw2s(), &[row.sb2]),
    }
}

/// A whole simulation in one go (on the page, where nothing can interrupt it): the same replies as the
/// worker's slices ([`super::jobs`]) give, in the same order.
fn simulate(sim: Simulation, clock: &mut dyn FnMut() -> f64, reply: &mut dyn FnMut(Reply)) {
    let t0 = clock();
    let mut last = t0;
    let mut job = Job::new(&sim.config, &sim.options(), MEMORY_BUDGET);
    if sim.progressive {
        reply(stage_reply(sim.id, clock() - t0, &job));
    }
    loop {
        let reached = job.advance(usize::MAX, &mut |fraction| {
            let t = clock();
            if progress_due(t - t0, t - last) {
                last = t;
                reply(Reply::Progress {
                    id: sim.id,
                    fraction,
                });
            }
        });
        if reached != Some(Stage::Forward) {
            break;
        }
        if sim.progressive {
            reply(stage_reply(sim.id, clock() - t0, &job));
        }
    }
    let result = job.into_result(&mut |_| {});
    reply(Reply::Result {
        id: sim.id,
        stage: Stage::Complete,
        ms: clock() - t0,
        result: Box::new(result),
    });
    band(&sim, reply);
}

fn race_new(gen: u64, config: TrainConfig) -> Reply {
    let race = Race::new(config);
    let snapshot = race.snapshot(true);
    RACE.with(|slot| *slot.borrow_mut() = Some((gen, race)));
    Reply::RaceSnapshot { gen, snapshot }
}

fn race_run(
    gen: u64,
    steps: usize,
    every: usize,
    boundaries: bool,
    clock: &mut dyn FnMut() -> f64,
) -> Reply {
    RACE.with(|slot| {
        let mut slot = slot.borrow_mut();
        let Some((g, race)) = slot.as_mut().filter(|(g, _)| *g == gen) else {
            return Reply::Error {
                id: Some(gen),
                message: "no race of this generation".into(),
            };
        };
        let t0 = clock();
        let mut done = 0;
        while done < steps && clock() - t0 < RACE_SLICE_MS && race.step < MAX_STEPS {
            if race.advance(every) {
                done += 1;
            }
        }
        // Finish a step left half-done by the time limit, so the snapshot is consistent.
        while race.step < MAX_STEPS && !race.at_step_boundary() {
            race.advance(every);
        }
        Reply::RaceSnapshot {
            gen: *g,
            snapshot: race.snapshot(boundaries),
        }
    })
}
