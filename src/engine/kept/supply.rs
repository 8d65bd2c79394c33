//! Layers drawn by another thread for this one's runs. In the browser a second worker draws the weights of a
//! run while the first computes it: [`wanted`] lists the layers this thread would otherwise sample, the other
//! side draws each with [`Draw::sample`] — the same code, so the same bits — and [`supply`] keeps what comes
//! back, where the run finds it as a kept layer. Nothing changes in the results: a layer this thread reaches
//! before it has been supplied is drawn here, as before.

use super::store::{Key, UnitsKey, KEPT};
use crate::engine::dense::BiasInit;
use crate::engine::dense::Dense;
use crate::engine::plan::LayerPlan;
use crate::engine::stats::mean_var;
use crate::engine::{Config, Plan};
use std::rc::Rc;

/// One layer a run draws: everything its weights and biases depend on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Draw(Key);

impl Draw {
    /// Bytes of the layer's weights and biases.
    pub fn bytes(&self) -> usize {
        let (fan_in, fan_out) = self.0.shape;
        let biases = if self.has_bias() { fan_out } else { 0 };
        4 * (fan_in * fan_out + biases)
    }

    /// (fan_in, fan_out) of the layer's weights.
    pub fn shape(&self) -> (usize, usize) {
        self.0.shape
    }

    fn has_bias(&self) -> bool {
        self.0.bias != BiasInit::None
    }

    /// The layer as the run would draw it ([`Dense::sample_from`]), and the variance of its weights (what a
    /// kept layer carries).
    pub fn sample(&self) -> (Dense, f64) {
        let k = &self.0;
        let dense = Dense::sample_from(&k.dist, k.shape, k.seed, k.streams, k.bias);
        let var = mean_var(&dense.w).1;
        (dense, var)
    }
}

/// The layers a run of `cfg` (valid) draws, in the order it draws them: a dense stack's layers, or each
/// residual block's two matrices (W_{l,1}, then W_{l,2} on the branch's streams). An RNN, which draws two
/// matrices once for the whole run, draws its own.
pub fn draws(cfg: &Config) -> Vec<Draw> {
    let plan = Plan::new(cfg);
    let draw = |p: &LayerPlan, streams| {
        Draw(Key {
            dist: p.dist,
            shape: (p.fan_in, p.fan_out),
            seed: plan.seed,
            streams,
            bias: p.bias,
        })
    };
    cfg.arch
        .dynamics()
        .draws(&plan)
        .iter()
        .map(|(p, streams)| draw(p, *streams))
        .collect()
}

/// Positions in [`draws`]`(cfg)` of the layers this thread would sample from scratch in the run that has just
/// begun ([`super::begin_run`], as `Job::new` does): neither kept, nor drawn from kept unit draws, nor from the
/// unit draws beneath a kept layer of the same family (which this thread draws, and keeps, itself).
///
/// The kept layers and unit draws the run will reuse are marked as the run's own, so that a supplied layer
/// never evicts them ([`supply`] makes room by dropping what the run does not use), and the positions stop
/// where the supplied layers would no longer fit beside them in the budget.
pub fn wanted(cfg: &Config) -> Vec<usize> {
    let all = draws(cfg);
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let run = kept.run;
        let mut fresh = Vec::new();
        for (i, d) in all.iter().enumerate() {
            let mut reused = false;
            for (_, used, ..) in kept.layers.iter_mut().filter(|(k, ..)| *k == d.0) {
                *used = run;
                reused = true;
            }
            for (_, used, _) in kept.units.iter_mut().filter(|(u, ..)| u.draws(&d.0)) {
                *used = run;
                reused = true;
            }
            let beneath = UnitsKey::of(&d.0);
            let same_units = |k: &Key| beneath.is_some_and(|u| u.draws(k));
            if !reused && !(kept.layers.iter()).any(|(k, ..)| same_units(k)) {
                fresh.push(i);
            }
        }
        let mut room = kept.budget.saturating_sub(kept.bytes_of(run));
        fresh
            .into_iter()
            .take_while(|&i| {
                let fits = all[i].bytes() <= room;
                room = room.saturating_sub(all[i].bytes());
                fits
            })
            .collect()
    })
}

/// Keep `dense` (with `var`, the variance of its weights), drawn elsewhere by [`Draw::sample`], as this
/// thread's copy of `draw`, for the current run. Room is made as for a layer the run draws itself: what the
/// run does not use is dropped first (see [`wanted`], which marks what it will reuse). Not kept — false — if
/// that layer is kept already, if it does not fit in the budget, or if its shape is not the draw's.
pub fn supply(draw: &Draw, dense: Dense, var: f64) -> bool {
    let (fan_in, fan_out) = draw.0.shape;
    let biases = if draw.has_bias() { fan_out } else { 0 };
    let shaped = (dense.fan_in, dense.fan_out) == (fan_in, fan_out)
        && dense.w.len() == fan_in * fan_out
        && dense.b.len() == biases;
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        if !shaped || kept.layers.iter().any(|(k, ..)| *k == draw.0) {
            return false;
        }
        if !kept.make_room(draw.bytes()) {
            return false;
        }
        let run = kept.run;
        kept.layers.push((draw.0, run, Rc::new(dense), var));
        kept.supplied += 1;
        true
    })
}

/// How many supplied layers this thread has kept so far.
pub fn supplied() -> u64 {
    KEPT.with(|kept| kept.borrow().supplied)
}
