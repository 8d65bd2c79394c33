//! What the page draws of a race, and its flat f64 encoding for the trip from the web worker: each
//! network's curve, gradient norms, divergence, and (when asked) its decision boundary on a grid.

use super::mlp::Mlp;
use super::race::{Race, Record};

/// Grid points per side of the decision-boundary map.
pub const GRID: usize = 36;
/// The map covers [−SPAN, SPAN]².
pub const SPAN: f64 = 1.2;
const VERSION: f64 = 1.0;

/// One network's drawable state.
#[derive(Clone, Debug, PartialEq)]
pub struct RacerTrace {
    /// Recorded points.
    pub history: Vec<Record>,
    /// ‖∂L/∂W_l‖ per layer at each recorded step.
    pub grad_norms: Vec<Vec<f64>>,
    /// The step at which it diverged.
    pub diverged_at: Option<usize>,
    /// Class probabilities on the grid (GRID² × classes), row by row from the top left.
    pub boundary: Option<Vec<f32>>,
}

/// The whole race at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Steps taken.
    pub step: usize,
    /// Number of classes.
    pub classes: usize,
    /// One trace per network.
    pub racers: Vec<RacerTrace>,
}

/// The grid's points (GRID² × 2), row by row from the top left.
pub fn grid_points() -> Vec<f32> {
    (0..GRID * GRID)
        .flat_map(|k| {
            let (i, j) = (k % GRID, k / GRID);
            let step = 2.0 * SPAN / GRID as f64;
            [
                (-SPAN + step * (i as f64 + 0.5)) as f32,
                (SPAN - step * (j as f64 + 0.5)) as f32,
            ]
        })
        .collect()
}

/// A network's class probabilities on the grid, batch norm using the statistics of the training inputs
/// `train_x` (as the test set's evaluation does).
pub fn boundary(net: &Mlp, train_x: &[f32]) -> Vec<f32> {
    let stats = net.set_stats(train_x, train_x.len() / 2);
    net.predict_with(&grid_points(), GRID * GRID, &stats)
}

impl Race {
    /// The drawable state, with decision boundaries when asked (they cost a forward pass over the grid).
    pub fn snapshot(&self, with_boundaries: bool) -> Snapshot {
        Snapshot {
            step: self.step,
            classes: self.data.classes,
            racers: self
                .racers
                .iter()
                .map(|r| RacerTrace {
                    history: r.history.clone(),
                    grad_norms: r.grad_norms.clone(),
                    diverged_at: r.diverged_at,
                    boundary: with_boundaries.then(|| boundary(&r.net, &self.data.train_x)),
                })
                .collect(),
        }
    }
}

/// Flatten a snapshot.
pub fn encode(s: &Snapshot) -> Vec<f64> {
    let mut v = vec![
        VERSION,
        s.step as f64,
        s.classes as f64,
        s.racers.len() as f64,
    ];
    for r in &s.racers {
        v.push(r.diverged_at.map_or(f64::NAN, |k| k as f64));
        v.push(r.history.len() as f64);
        for h in &r.history {
            v.extend([h.step as f64, h.loss, h.train_acc, h.test_acc]);
        }
        let layers = r.grad_norms.first().map_or(0, Vec::len);
        v.extend([r.grad_norms.len() as f64, layers as f64]);
        for row in &r.grad_norms {
            v.extend(row.iter().copied());
        }
        match &r.boundary {
            Some(b) => {
                v.push(b.len() as f64);
                v.extend(b.iter().map(|&p| p as f64));
            }
            None => v.push(f64::NAN),
        }
    }
    v
}

/// Read what [`encode`] wrote; `None` if malformed.
pub fn decode(v: &[f64]) -> Option<Snapshot> {
    let mut it = v.iter().copied();
    let mut next = || it.next();
    // A count or step is a whole number ≥ 0; a fraction such as 0.48 would otherwise truncate to a
    // different count than the one that re-encodes.
    let whole = |x: f64| (x >= 0.0 && x.fract() == 0.0).then_some(x as usize);
    if next()? != VERSION {
        return None;
    }
    let step = whole(next()?)?;
    let classes = whole(next()?)?;
    let n = whole(next()?)?;
    let mut racers = Vec::with_capacity(n.min(8));
    for _ in 0..n {
        let d = next()?;
        let diverged_at = if d.is_nan() { None } else { Some(whole(d)?) };
        let h = whole(next()?)?;
        let mut history = Vec::with_capacity(h.min(10_000));
        for _ in 0..h {
            history.push(Record {
                step: whole(next()?)?,
                loss: next()?,
                train_acc: next()?,
                test_acc: next()?,
            });
        }
        let (rows, layers) = (whole(next()?)?, whole(next()?)?);
        // Every count must fit in the data (a huge count of empty rows would otherwise loop for ever),
        // and rows of no layers do not exist (they would re-encode as no rows).
        if h > v.len() || rows > v.len() || layers > v.len() || (layers == 0 && rows > 0) {
            return None;
        }
        let mut grad_norms = Vec::with_capacity(rows.min(10_000));
        for _ in 0..rows {
            grad_norms.push((0..layers).map(|_| next()).collect::<Option<Vec<f64>>>()?);
        }
        let b = next()?;
        if b > v.len() as f64 {
            return None;
        }
        let boundary = if b.is_nan() {
            None
        } else {
            Some(
                (0..whole(b)?)
                    .map(|_| next().map(|p| p as f32))
                    .collect::<Option<Vec<f32>>>()?,
            )
        };
        racers.push(RacerTrace {
            history,
            grad_norms,
            diverged_at,
            boundary,
        });
    }
    Some(Snapshot {
        step,
        classes,
        racers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::params::parse_race_query;

    #[test]
    fn round_trips() {
        let (cfg, _) = parse_race_query("inits=he-normal,zero&depth=2&width=8");
        let mut race = Race::new(cfg);
        race.run(25, 10);
        for with in [false, true] {
            let s = race.snapshot(with);
            assert_eq!(decode(&encode(&s)), Some(s));
        }
        assert_eq!(decode(&[]), None);
        assert_eq!(decode(&[1.0, 3.0, 2.0, 5.0]), None);
    }
}
