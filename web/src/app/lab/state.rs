//! The Lab's state, shared through context with every view of the app: the config, the runs (finished,
//! partial, pinned) and the learner's options — and the few facts about a run that every part of the Lab
//! reads (how many pins, how many seeds, which layers get a histogram). It imports nothing of the Lab.

use crate::app::mean_field::MeanFieldRun;
use crate::charts::variance::{GradientView, Pinned};
use initscope::engine::{Config, SimResult, Stage};
use initscope::state::ParamError;
use leptos::prelude::*;

pub use super::pins::MAX_PINNED;
/// Seeds in the finite-width spread (the current one included).
pub const SPREAD_SEEDS: u64 = 8;

/// One simulation (or as far as it has got) and how long it took.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The engine's result; statistics of stages not yet reached are NaN.
    pub result: SimResult,
    /// Wall-clock milliseconds of the run (so far).
    pub ms: f64,
    /// The request's id.
    pub id: u64,
    /// How far it has got.
    pub stage: Stage,
}

/// What a learner can download from a run besides the chart's picture: both hold Var(∂L/∂W).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// The table, as the CLI's `--format csv`.
    Csv,
    /// The run, as the CLI's `--format json`.
    Json,
}

/// App-wide state shared with the components through context.
#[derive(Clone, Copy)]
pub struct LabState {
    /// The one source of truth: every control writes it, the URL mirrors it.
    pub config: RwSignal<Config>,
    /// Parameters from the URL that were ignored, and why.
    pub notices: RwSignal<Vec<ParamError>>,
    /// Where the gradient curve goes.
    pub gradient: RwSignal<GradientView>,
    /// Whether to shade the spread over several seeds.
    pub spread: RwSignal<bool>,
    /// Layers whose histograms the learner picked (`None` = first, middle, last).
    pub hist_choice: RwSignal<Option<[usize; 3]>>,
    /// Runs pinned for comparison.
    pub pinned: RwSignal<Vec<Pinned>>,
    /// The latest finished run (`None` until the first one arrives).
    pub run: RwSignal<Option<Run>>,
    /// The newest request's latest stage while it is not complete: its theory, then its forward pass.
    pub partial: RwSignal<Option<Run>>,
    /// Progress of a long run in flight.
    pub progress: RwSignal<Option<f64>>,
    /// Whether a newer run than the one shown is being computed.
    pub busy: RwSignal<bool>,
    /// Whether the learner wants the Jacobian's singular values (computed only where defined and affordable).
    pub jacobian: RwSignal<bool>,
    /// Whether the table of numbers is open: Var(∂L/∂W), which only it and the exports show, is computed
    /// only then.
    pub table_open: RwSignal<bool>,
    /// A CSV or JSON export asked for before the shown run had Var(∂L/∂W): it asks for a run that has it,
    /// and downloads once that run arrives.
    pub pending_export: RwSignal<Option<Export>>,
    /// The mean-field correlation map of the latest run, where the theory applies.
    pub mean_field: RwSignal<Option<MeanFieldRun>>,
    /// Presentation mode: larger chart fonts, fewer panels.
    pub presenting: bool,
}

impl LabState {
    /// Apply `f` to the current result, if there is one yet.
    pub fn with_result<T>(&self, f: impl FnOnce(&SimResult) -> T) -> Option<T> {
        self.run.with(|r| r.as_ref().map(|r| f(&r.result)))
    }
}

/// First, middle and last layer.
pub fn default_hist_layers(depth: usize) -> [usize; 3] {
    [1, depth.div_ceil(2).max(1), depth]
}

/// The layers whose histograms are shown: the learner's choice (or first, middle, last), within the depth.
pub fn hist_layers(choice: Option<[usize; 3]>, depth: usize) -> Vec<usize> {
    let mut v: Vec<usize> = choice
        .unwrap_or(default_hist_layers(depth))
        .iter()
        .map(|&l| l.clamp(1, depth))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}
