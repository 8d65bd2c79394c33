//! The training race's state (shared by the race view and its controls) and its worker client: the config
//! from the URL, the latest snapshot and boundaries, and the requests that play the race.

use super::dom;
use crate::worker::WorkerLink;
use initscope::protocol::{Reply, Request};
use initscope::state::ParamError;
use initscope::train::params::parse_race_link;
use initscope::train::race::{TrainConfig, MAX_STEPS};
use initscope::train::snapshot::Snapshot;
use leptos::prelude::*;

/// Record the curves every this many steps.
pub(super) const RECORD_EVERY: usize = 10;
/// Ask for the decision boundaries on every this many answers while playing (always when paused).
const BOUNDARY_EVERY: u64 = 4;

/// The race's state, shared with its controls. It belongs to the App (like the Lab's), and its worker lives
/// as long as the page: leaving the view keeps the race — a playing race keeps playing — and coming back
/// shows it where it is.
#[derive(Clone, Copy)]
pub(super) struct RaceState {
    /// The race's settings (the URL's `#race?…`).
    pub(super) config: RwSignal<TrainConfig>,
    /// The latest snapshot of the curves.
    pub(super) snapshot: RwSignal<Option<Snapshot>>,
    /// The latest boundaries, kept between the answers that carry none.
    pub(super) boundaries: RwSignal<Vec<Option<Vec<f32>>>>,
    /// Whether the race plays.
    pub(super) playing: RwSignal<bool>,
    /// Steps per request while playing.
    pub(super) speed: RwSignal<usize>,
    /// Parameters from the URL that were ignored, and why.
    pub(super) notices: RwSignal<Vec<ParamError>>,
    /// Generation of the race (bumped by every new config or reset); stale answers are dropped.
    pub(super) gen: StoredValue<u64>,
    /// Answers received while playing (every few carries the boundaries).
    pub(super) answers: StoredValue<u64>,
    /// Whether a request is unanswered.
    pub(super) waiting: StoredValue<bool>,
}

fn hash_query() -> String {
    dom::location_hash()
        .split_once('?')
        .map(|(_, q)| q.to_string())
        .unwrap_or_default()
}

impl RaceState {
    /// The state of the race the URL's `#race?…` describes (the default race otherwise).
    pub(super) fn from_url() -> Self {
        let (cfg0, errors) = parse_race_link(&hash_query());
        RaceState {
            config: RwSignal::new(cfg0),
            snapshot: RwSignal::new(None),
            boundaries: RwSignal::new(Vec::new()),
            playing: RwSignal::new(false),
            speed: RwSignal::new(4),
            notices: RwSignal::new(errors),
            gen: StoredValue::new(0),
            answers: StoredValue::new(0),
            waiting: StoredValue::new(false),
        }
    }

    /// Start the race's worker unless it runs already (its Ready starts the first race). On a return to the
    /// view, a link to a different race (`#race?…` from a "Watch it train" link) starts that race; a bare
    /// `#race` keeps the current one.
    pub(super) fn attach(self) {
        let running = LINK.with(|l| l.borrow().is_some());
        let query = hash_query();
        if !query.is_empty() {
            let (cfg, errors) = parse_race_link(&query);
            if cfg.to_query() != self.config.with_untracked(TrainConfig::to_query) {
                self.notices.set(errors);
                self.config.set(cfg);
                if running {
                    self.new_race();
                }
            }
        }
        if !running {
            let link = WorkerLink::start(move |reply| self.receive(reply));
            LINK.with(|l| *l.borrow_mut() = Some(link));
        }
    }

    /// Send a request to the race's worker (which answers on the page when there is none).
    pub(super) fn send(self, req: Request) {
        self.waiting.set_value(true);
        if let Some(link) = LINK.with(|l| l.borrow().clone()) {
            link.post(req);
        }
    }

    /// Start a new race (a new generation) on the current config.
    pub(super) fn new_race(self) {
        self.gen.update_value(|g| *g += 1);
        self.send(Request::RaceNew {
            gen: self.gen.get_value(),
            config: self.config.get_untracked(),
        });
    }

    /// Ask for `steps` more steps, recording every `every`.
    pub(super) fn run(self, steps: usize, every: usize) {
        self.answers.update_value(|n| *n += 1);
        let boundaries = !self.playing.get_untracked()
            || self.answers.get_value().is_multiple_of(BOUNDARY_EVERY);
        self.send(Request::RaceRun {
            gen: self.gen.get_value(),
            steps,
            every,
            boundaries,
        });
    }

    /// A reply arrived: start the race when the worker is ready, show snapshots of the current
    /// generation, and ask for more while playing.
    pub(super) fn receive(self, reply: Reply) {
        let snap = match reply {
            Reply::Ready => return self.new_race(),
            Reply::RaceSnapshot { gen, snapshot } => {
                self.waiting.set_value(false);
                if gen != self.gen.get_value() {
                    return;
                }
                snapshot
            }
            Reply::Error { message, .. } => {
                self.waiting.set_value(false);
                web_sys::console::error_1(&format!("initscope race: {message}").into());
                return;
            }
            _ => return,
        };
        if snap.racers.iter().any(|r| r.boundary.is_some()) {
            self.boundaries
                .set(snap.racers.iter().map(|r| r.boundary.clone()).collect());
        }
        let finished =
            snap.step >= MAX_STEPS || snap.racers.iter().all(|r| r.diverged_at.is_some());
        self.snapshot.set(Some(snap));
        if finished {
            self.playing.set(false);
        }
        if self.playing.get_untracked() {
            self.run(self.speed.get_untracked(), RECORD_EVERY);
        }
    }
}

thread_local! {
    /// The race's own worker (the Lab's keeps its cancel-and-restart policy; this one keeps state). Started
    /// by the first visit to the race and kept for the page's life, so the race survives other views.
    static LINK: std::cell::RefCell<Option<WorkerLink>> = const { std::cell::RefCell::new(None) };
}
