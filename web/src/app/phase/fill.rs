//! Fills phase maps on a worker of their own, one σ_b² row at a time (coarse to fine, [`Grid::row_order`]),
//! so the page never waits and a change of activation takes effect after at most one row. Finished rows are
//! kept per activation for the page's lifetime (the Phase view and Learn's inline map share them).

use super::super::dom;
use crate::charts::phase::Grid;
use crate::worker::WorkerLink;
use initscope::engine::phase::PhasePoint;
use initscope::engine::Nonlinearity;
use initscope::protocol::{PhaseRow, Reply, Request};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;

/// The grid every map uses.
pub const GRID: Grid = Grid::PAGE;

/// A map's key: the activation and its slope (only rectifiers' slopes change anything, but all are kept).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Key(pub Nonlinearity);

impl Key {
    fn id(self) -> String {
        format!("{}:{}", self.0.kind.id(), self.0.slope)
    }
}

/// One activation's map as far as it is computed.
#[derive(Clone, Debug, PartialEq)]
pub struct MapData {
    /// Each row's points, once computed.
    pub rows: Vec<Option<Vec<PhasePoint>>>,
    /// Each row's critical σ_w² (None until computed or where the line does not cross).
    pub critical: Vec<Option<f64>>,
    /// When the first row was asked for (page clock, ms).
    pub started_ms: f64,
    /// Milliseconds from the first request to the last row, once complete.
    pub total_ms: Option<f64>,
}

impl MapData {
    fn new() -> MapData {
        MapData {
            rows: vec![None; GRID.rows],
            critical: vec![None; GRID.rows],
            started_ms: dom::now_ms(),
            total_ms: None,
        }
    }

    /// Rows computed so far.
    pub fn done(&self) -> usize {
        self.rows.iter().filter(|r| r.is_some()).count()
    }
}

struct Fill {
    link: WorkerLink,
    ready: bool,
    maps: HashMap<String, MapData>,
    /// The map the page wants now.
    want: Option<Key>,
    /// The row being computed: (id, key, row).
    in_flight: Option<(u64, Key, usize)>,
    next_id: u64,
    /// Bumped whenever a row arrives (signals of unmounted views are skipped).
    ticks: Vec<RwSignal<u64>>,
}

impl Fill {
    /// Ask for the wanted map's next missing row, if idle.
    fn pump(&mut self) {
        if !self.ready || self.in_flight.is_some() {
            return;
        }
        let Some(key) = self.want else { return };
        let map = self.maps.entry(key.id()).or_insert_with(MapData::new);
        let Some(row) = GRID
            .row_order()
            .into_iter()
            .find(|&j| map.rows[j].is_none())
        else {
            return;
        };
        self.next_id += 1;
        self.in_flight = Some((self.next_id, key, row));
        self.link.post(Request::Phase(PhaseRow {
            id: self.next_id,
            row,
            activation: key.0.kind,
            slope: key.0.slope,
            sw2_lo: GRID.sw2(0),
            sw2_hi: GRID.sw2(GRID.columns - 1),
            columns: GRID.columns,
            sb2: GRID.sb2(row),
        }));
    }

    fn notify(&mut self) {
        self.ticks
            .retain(|t| t.try_update(|n| *n = n.wrapping_add(1)).is_some());
    }
}

thread_local! {
    static FILL: RefCell<Option<Fill>> = const { RefCell::new(None) };
}

/// Want `key`'s map filled; `tick` is bumped as rows arrive.
pub fn want(key: Key, tick: RwSignal<u64>) {
    FILL.with(|f| {
        let mut slot = f.borrow_mut();
        let fill = slot.get_or_insert_with(|| Fill {
            link: WorkerLink::start(on_reply),
            ready: false,
            maps: HashMap::new(),
            want: None,
            in_flight: None,
            next_id: 0,
            ticks: Vec::new(),
        });
        if !fill.ticks.contains(&tick) {
            fill.ticks.push(tick);
        }
        fill.want = Some(key);
        fill.maps.entry(key.id()).or_insert_with(MapData::new);
        fill.pump();
    });
}

/// Read `key`'s map as it stands.
pub fn with_map<T>(key: Key, f: impl FnOnce(Option<&MapData>) -> T) -> T {
    FILL.with(|fill| {
        let slot = fill.borrow();
        f(slot.as_ref().and_then(|s| s.maps.get(&key.id())))
    })
}

fn on_reply(reply: Reply) {
    FILL.with(|f| {
        let mut slot = f.borrow_mut();
        let Some(fill) = slot.as_mut() else { return };
        match reply {
            Reply::Ready => {
                fill.ready = true;
                // After a crash the row in flight is asked for again.
                fill.in_flight = None;
                fill.pump();
            }
            Reply::PhaseRow {
                id,
                row,
                critical,
                points,
            } if fill.in_flight.is_some_and(|(i, _, r)| i == id && r == row) => {
                if let Some((_, key, _)) = fill.in_flight.take() {
                    let map = fill.maps.entry(key.id()).or_insert_with(MapData::new);
                    if row < map.rows.len() && points.len() == GRID.columns {
                        map.rows[row] = Some(points);
                        map.critical[row] = critical;
                        if map.done() == GRID.rows {
                            map.total_ms = Some(dom::now_ms() - map.started_ms);
                        }
                    }
                }
                fill.notify();
                fill.pump();
            }
            Reply::Error { message, .. } => {
                web_sys::console::error_1(&format!("initscope phase worker: {message}").into());
                fill.in_flight = None;
            }
            _ => {}
        }
    });
}
