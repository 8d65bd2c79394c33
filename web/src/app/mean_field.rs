//! Runs the mean-field correlation map ([`MeanField`]) for the Lab's latest result in time slices on the page,
//! so a chaotic activation's expensive 2-D integrals never freeze it; a newer run cancels an older map.

use super::dom;
use initscope::engine::mean_field::MeanField;
use initscope::engine::phase::PhasePoint;
use initscope::engine::Config;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::time::Duration;

/// Milliseconds of work per slice before the page gets the thread back.
const SLICE_MS: f64 = 25.0;

/// The map as computed so far, for the run with this id.
#[derive(Clone, Debug, PartialEq)]
pub struct MeanFieldRun {
    /// The run's id.
    pub id: u64,
    /// χ₁, the phase, c* and ξ_c of the hidden layers.
    pub point: PhasePoint,
    /// c_l per layer (NaN where not computed yet).
    pub curve: Vec<f64>,
    /// Whether every layer is computed.
    pub done: bool,
}

thread_local! {
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    static WORK: RefCell<Option<MeanField>> = const { RefCell::new(None) };
}

/// Start the map for run `id` of `cfg` (cancelling any other), publishing into `out` after every slice;
/// `out` becomes `None` where the theory does not apply.
pub fn start(cfg: &Config, id: u64, out: RwSignal<Option<MeanFieldRun>>) {
    let gen = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    let Some(mf) = MeanField::new(cfg) else {
        WORK.with(|w| *w.borrow_mut() = None);
        out.set(None);
        return;
    };
    WORK.with(|w| *w.borrow_mut() = Some(mf));
    slice(gen, id, out);
}

fn slice(gen: u64, id: u64, out: RwSignal<Option<MeanFieldRun>>) {
    if GENERATION.with(Cell::get) != gen {
        return;
    }
    let t0 = dom::now_ms();
    let snapshot = WORK.with(|w| {
        let mut w = w.borrow_mut();
        let mf = w.as_mut()?;
        mf.advance(&mut || dom::now_ms() - t0 > SLICE_MS);
        Some(MeanFieldRun {
            id,
            point: mf.point,
            curve: mf.padded(),
            done: mf.done(),
        })
    });
    let Some(run) = snapshot else { return };
    let done = run.done;
    out.set(Some(run));
    if !done {
        set_timeout(move || slice(gen, id, out), Duration::from_millis(0));
    }
}
