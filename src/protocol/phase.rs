//! The phase diagram on the wire: a [`PhaseRow`] request (one σ_b² row of the (σ_w², σ_b²) grid, so the page
//! can fill the map in progressively and drop stale rows) and the [`PhasePoint`]s that answer it, nine numbers
//! each: σ_w², σ_b², q*'s kind and value, χ₁, whether the correlation fixed point exists, c*, χ_c, ξ_c.

use super::error::{err, ProtocolError};
use super::wire::Numbers;
use crate::engine::phase::{CorrelationFixedPoint, Phase, PhasePoint, QStar};
use crate::engine::{Activation, Nonlinearity};

/// Most σ_w² columns one row may ask for (a chaotic tanh point costs up to ~25 ms).
pub const MAX_COLUMNS: usize = 512;

/// Numbers per encoded [`PhasePoint`].
const POINT_LEN: usize = 9;

/// One row of the phase diagram: σ_b² fixed, `columns` values of σ_w² evenly spaced from `sw2_lo` to `sw2_hi`.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseRow {
    /// Increasing id; answers carry it so stale ones can be dropped.
    pub id: u64,
    /// The row's index in the page's grid (echoed in the answer).
    pub row: usize,
    /// The activation.
    pub activation: Activation,
    /// Its negative-side slope (Leaky ReLU, PReLU; ignored by the others).
    pub slope: f64,
    /// Smallest σ_w².
    pub sw2_lo: f64,
    /// Largest σ_w².
    pub sw2_hi: f64,
    /// Number of σ_w² values (1..=[`MAX_COLUMNS`]).
    pub columns: usize,
    /// The row's σ_b².
    pub sb2: f64,
}

impl PhaseRow {
    /// The activation with its slope.
    pub fn phi(&self) -> Nonlinearity {
        Nonlinearity::new(self.activation, self.slope)
    }

    /// The row's σ_w² values.
    pub fn sw2s(&self) -> Vec<f64> {
        crate::engine::phase::linspace(self.sw2_lo, self.sw2_hi, self.columns)
    }

    pub(super) fn encode(&self) -> (String, Vec<f64>) {
        (
            self.activation.id().to_string(),
            vec![
                self.id as f64,
                self.row as f64,
                self.slope,
                self.sw2_lo,
                self.sw2_hi,
                self.columns as f64,
                self.sb2,
            ],
        )
    }

    pub(super) fn decode(text: &str, n: &mut Numbers) -> Result<PhaseRow, ProtocolError> {
        let activation: Activation = match text.parse() {
            Ok(a) => a,
            Err(_) => return err("phase: unknown activation"),
        };
        let (id, row, slope) = (n.whole()?, n.count()?, n.float()?);
        let (sw2_lo, sw2_hi, columns, sb2) = (n.float()?, n.float()?, n.count()?, n.float()?);
        let sane = |x: f64| x.is_finite() && (0.0..=1e6).contains(&x);
        if !(sane(sw2_lo) && sane(sw2_hi) && sane(sb2) && sw2_lo <= sw2_hi) {
            return err("phase: σ² out of range");
        }
        if !(0.0..=1.0).contains(&slope) {
            return err("phase: slope out of range");
        }
        if !(1..=MAX_COLUMNS).contains(&columns) {
            return err("phase: column count");
        }
        Ok(PhaseRow {
            id,
            row,
            activation,
            slope,
            sw2_lo,
            sw2_hi,
            columns,
            sb2,
        })
    }
}

/// The nine numbers of a point.
pub(super) fn encode_points(points: &[PhasePoint], out: &mut Vec<f64>) {
    for p in points {
        let (kind, q) = match p.q_star {
            QStar::Finite(q) => (0.0, q),
            QStar::Collapsed => (1.0, f64::NAN),
            QStar::Diverged => (2.0, f64::NAN),
            QStar::Neutral => (3.0, f64::NAN),
        };
        let (has, c) = match p.correlation {
            Some(c) => (1.0, c),
            None => (
                0.0,
                CorrelationFixedPoint {
                    c_star: f64::NAN,
                    chi_c: f64::NAN,
                    xi_c: None,
                },
            ),
        };
        out.extend([
            p.sw2,
            p.sb2,
            kind,
            q,
            p.chi_1,
            has,
            c.c_star,
            c.chi_c,
            c.xi_c.unwrap_or(f64::NAN),
        ]);
    }
}

/// Points from what [`encode_points`] wrote; the phase is recomputed from χ₁ as the engine does.
pub(super) fn decode_points(v: &[f64]) -> Result<Vec<PhasePoint>, ProtocolError> {
    if !v.len().is_multiple_of(POINT_LEN) {
        return err("phase: points data");
    }
    v.chunks_exact(POINT_LEN)
        .map(|c| {
            let q_star = match c[2] {
                0.0 => QStar::Finite(c[3]),
                1.0 => QStar::Collapsed,
                2.0 => QStar::Diverged,
                3.0 => QStar::Neutral,
                _ => return err("phase: q* kind"),
            };
            let correlation = match c[5] {
                0.0 => None,
                1.0 => Some(CorrelationFixedPoint {
                    c_star: c[6],
                    chi_c: c[7],
                    xi_c: (!c[8].is_nan()).then_some(c[8]),
                }),
                _ => return err("phase: correlation flag"),
            };
            Ok(PhasePoint {
                sw2: c[0],
                sb2: c[1],
                q_star,
                chi_1: c[4],
                phase: Phase::of(c[4]),
                correlation,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
