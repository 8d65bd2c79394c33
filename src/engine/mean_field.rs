//! The mean-field correlation map of a run, layer by layer and interruptibly (Poole et al. 2016; Schoenholz
//! et al. 2017): the page advances it in small time slices (the CLI in one go, [`curve`]), since in chaotic regions one layer of the 2-D
//! Gaussian integral can take tens of milliseconds. Every step is the engine's
//! ([`phase::correlation_curve`] one layer at a time), so the values are those of one call over all layers
//! (until the map settles: then the rest repeat the last value).

use super::arch::Arch;
use super::norm::Norm;
use super::phase::{self, PhasePoint};
use super::series::{predicts, Field};
use super::theory::moments;
use super::{Config, Nonlinearity, Plan};

/// Why the mean-field phase theory says nothing about this config, or `None` when it applies: an
/// architecture whose series carry the correlation map (a plain stack, a convolution) without normalization,
/// with independent zero-mean weights.
pub fn unavailable(cfg: &Config) -> Option<String> {
    let follows = |a: &Arch| predicts(a.model().series(), Field::Corr);
    if !follows(&cfg.arch) {
        let ids: Vec<&str> = Arch::ALL
            .iter()
            .filter(|a| follows(a))
            .map(|a| a.id())
            .collect();
        return Some(format!(
            "the order/chaos theory here is for plain stacks ({})",
            ids.join(", ")
        ));
    }
    if cfg.norm != Norm::None {
        return Some("normalization resets the length map at every layer".into());
    }
    if !Plan::new(cfg).mean_field {
        return Some("this initializer's weights are not independent and zero-mean".into());
    }
    None
}

/// The correlation map of two independent inputs (c₀ = 0) through a config's layers, computed in steps.
#[derive(Clone, Debug)]
pub struct MeanField {
    phi: Nonlinearity,
    /// σ_w² and σ_b² of the hidden layers.
    sw2: f64,
    sb2: f64,
    /// The phase-diagram point of the hidden layers (χ₁, phase, c*, ξ_c).
    pub point: PhasePoint,
    /// Layer l's q and c, for the next step.
    q: f64,
    c: f64,
    depth: usize,
    /// c_l for the layers computed so far (index 0 = layer 1).
    pub curve: Vec<f64>,
}

thread_local! {
    /// The last phase point computed, by (φ, σ_w², σ_b²): a depth, width or batch change (a slider drag)
    /// does not move it, and a point in the chaotic phase can take tens of milliseconds.
    static LAST_POINT: std::cell::Cell<Option<(Nonlinearity, f64, f64, PhasePoint)>> =
        const { std::cell::Cell::new(None) };
}

/// [`phase::point`], from the last call's answer when its arguments are the same.
fn cached_point(phi: Nonlinearity, sw2: f64, sb2: f64) -> PhasePoint {
    if let Some((p, w, b, point)) = LAST_POINT.with(std::cell::Cell::get) {
        if p == phi && w.to_bits() == sw2.to_bits() && b.to_bits() == sb2.to_bits() {
            return point;
        }
    }
    let point = phase::point(&phi, sw2, sb2);
    LAST_POINT.with(|c| c.set(Some((phi, sw2, sb2, point))));
    point
}

/// Correlations and lengths this close to their previous value count as converged: the remaining layers
/// repeat the last value (to within this tolerance).
const CONVERGED: f64 = 1e-12;

impl MeanField {
    /// Start the map for `cfg` (the phase point is computed here), or `None` where the theory does not apply.
    pub fn new(cfg: &Config) -> Option<MeanField> {
        if unavailable(cfg).is_some() {
            return None;
        }
        let plan = Plan::new(cfg);
        let first = plan.layers.first()?;
        let (sw2, sb2) = (plan.hidden.sigma_w2(), plan.hidden.sigma_b2());
        let (q, c) = phase::first_layer(first.sigma_w2(), first.sigma_b2(), 0.0);
        Some(MeanField {
            phi: plan.phi,
            sw2,
            sb2,
            point: cached_point(plan.phi, sw2, sb2),
            q,
            c,
            depth: cfg.depth,
            curve: Vec::with_capacity(cfg.depth),
        })
    }

    /// Whether every layer has its value.
    pub fn done(&self) -> bool {
        self.curve.len() >= self.depth
    }

    /// Compute one more layer; once the map has converged (or left f64's range) fill in the rest.
    pub fn step(&mut self) {
        if self.done() {
            return;
        }
        self.curve.push(self.c);
        if self.done() {
            return;
        }
        // The body of `phase::correlation_curve`'s loop, one layer at a time.
        let (q, c) = (self.q, self.c);
        let q_next = self.sw2 * moments(&self.phi, q).second + self.sb2;
        let c_next = if q > 0.0 && q_next > 0.0 && q_next.is_finite() && c.is_finite() {
            phase::correlation_step(&self.phi, self.sw2, self.sb2, q, q_next, c).0
        } else {
            f64::NAN
        };
        let settled = (c_next - self.c).abs() <= CONVERGED
            && (q_next - self.q).abs() <= CONVERGED * self.q.abs();
        if settled || c_next.is_nan() {
            self.curve.resize(self.depth, c_next);
        }
        self.q = q_next;
        self.c = c_next;
    }

    /// Step until done or until `out_of_time()` says stop (checked after every layer).
    pub fn advance(&mut self, out_of_time: &mut dyn FnMut() -> bool) {
        while !self.done() {
            self.step();
            if out_of_time() {
                break;
            }
        }
    }

    /// The curve padded with NaN to the full depth (layers not computed yet).
    pub fn padded(&self) -> Vec<f64> {
        let mut v = self.curve.clone();
        v.resize(self.depth, f64::NAN);
        v
    }
}

/// The whole correlation map c_l of `cfg`'s layers, or `None` where the theory does not apply ([`unavailable`]):
/// the values the page computes in slices, for the JSON's and CSV's theory rows.
pub fn curve(cfg: &Config) -> Option<Vec<f64>> {
    let mut mf = MeanField::new(cfg)?;
    mf.advance(&mut || false);
    Some(mf.padded())
}
