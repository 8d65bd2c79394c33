//! The verdict, graded: stable, slow drift, vanishing, exploding, overflow or collapsed — in plain words, with
//! the classic recommendation for the activation (Xavier for sigmoid/tanh, He for the ReLU family, LeCun
//! normal for SELU).
//!
//! Thresholds: the forward ratio is Var(h_L)/Var(h_1), the backward ratio Var(∂L/∂h_1)/Var(∂L/∂h_L). Either
//! above [`EXPLODING_RATIO`] (×100) is exploding; else either below [`VANISHING_RATIO`] (÷100) is vanishing;
//! else either beyond [`STABLE_RATIO`] (×10 either way) is a slow drift; else stable.
//! Overflow (non-finite values in f32) and collapse (one distinct unit in the last layer) come first.

use super::arch::Arch;
use super::config::Config;
use super::init::Initializer;
use super::recommend::Recommendation;
use super::series::Field;
use super::stats::LayerStats;
use super::theory::Theory;
use std::fmt;

/// Over the whole depth, a variance that grew more than this factor is "exploding".
pub const EXPLODING_RATIO: f64 = 1e2;
/// Over the whole depth, a variance that shrank below this factor is "vanishing".
pub const VANISHING_RATIO: f64 = 1e-2;
/// Over the whole depth, a variance that stays within this factor (either way) is "stable"; between it and
/// the vanishing/exploding thresholds it is a "slow drift".
pub const STABLE_RATIO: f64 = 10.0;

/// The kinds of verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerdictKind {
    /// Both passes keep their variance within a factor 10 over the depth.
    Stable,
    /// The signal or the gradient changes by 10× to 100× over the depth: usable here, not much deeper.
    Drifting,
    /// The signal or the gradient shrinks by more than 100×.
    Vanishing,
    /// The signal or the gradient grows by more than 100×.
    Exploding,
    /// Values left f32's range.
    Overflow,
    /// Every unit of the last layer computes the same thing.
    Collapsed,
}

impl VerdictKind {
    /// The id used in JSON and in the page's `data-kind`.
    pub fn id(self) -> &'static str {
        match self {
            VerdictKind::Stable => "stable",
            VerdictKind::Drifting => "drift",
            VerdictKind::Vanishing => "vanishing",
            VerdictKind::Exploding => "exploding",
            VerdictKind::Overflow => "overflow",
            VerdictKind::Collapsed => "collapsed",
        }
    }
}

impl fmt::Display for VerdictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The verdict on one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Which kind.
    pub kind: VerdictKind,
    /// One or two plain-language sentences.
    pub message: String,
    /// The classic initializer for this activation.
    pub recommended: Recommendation,
    /// Var(h_L)/Var(h_1) (NaN when unavailable).
    pub forward_ratio: f64,
    /// Var(∂L/∂h_1)/Var(∂L/∂h_L) (NaN when unavailable).
    pub backward_ratio: f64,
}

/// "10⁻¹⁵"-style power of ten, or a plain number near 1.
pub fn describe_ratio(r: f64) -> String {
    if r == 0.0 {
        return "exactly 0".into();
    }
    if !r.is_finite() {
        return "not finite".into();
    }
    if (0.01..100.0).contains(&r) {
        return format!("{r:.2}×");
    }
    let e = libm::floor(libm::log10(r)) as i32;
    let mantissa = r / libm::pow(10.0, e as f64);
    if (mantissa - 1.0).abs() < 0.05 {
        format!("10{}×", superscript(e))
    } else {
        format!("{mantissa:.1}·10{}×", superscript(e))
    }
}

/// An integer in Unicode superscript digits ("⁻³").
pub(crate) fn superscript(e: i32) -> String {
    let digits = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::new();
    if e < 0 {
        s.push('⁻');
    }
    for c in e.unsigned_abs().to_string().chars() {
        s.push(digits[c.to_digit(10).unwrap_or(0) as usize]);
    }
    s
}

/// Below the vanishing threshold, or undefined (0/0 after everything reached exactly 0).
fn vanished(ratio: f64) -> bool {
    ratio.is_nan() || ratio < VANISHING_RATIO
}

/// A drift ratio as people say it: "1/95" below 1, "33×" above.
fn drift_words(r: f64) -> String {
    let x = if r < 1.0 { 1.0 / r } else { r };
    // Whole numbers, except where rounding would land on a band's edge (×10, ×100) that the sentence says
    // the change is within or beyond: 1/99.7, not 1/100 "within 100".
    let rounded = libm::round(x);
    let n = if (rounded == 10.0 || rounded == 100.0) && x != rounded {
        format!("{:.1}", libm::floor(x * 10.0) / 10.0)
    } else {
        format!("{rounded:.0}")
    };
    if r < 1.0 {
        format!("1/{n}")
    } else {
        format!("{n}×")
    }
}

/// The forward ratio the grades apply to. A recurrent net adds a fresh input at each of its T steps: the
/// state's variance may grow up to T× by accumulation alone (an orthogonal linear RNN does exactly that), so
/// the grades apply to the growth beyond it. Shrinking is judged as measured.
pub fn graded_forward(arch: Arch, depth: usize, forward_ratio: f64) -> f64 {
    if arch.model().sums_inputs() && forward_ratio > 1.0 {
        (forward_ratio / depth.max(1) as f64).max(1.0)
    } else {
        forward_ratio
    }
}

/// Whether a drift is downwards: the graded signal shrinks past ×10, or it holds and the gradient does.
pub fn drifts_down(arch: Arch, depth: usize, forward_ratio: f64, backward_ratio: f64) -> bool {
    let f = graded_forward(arch, depth, forward_ratio);
    f < 1.0 / STABLE_RATIO || (f <= STABLE_RATIO && backward_ratio < 1.0 / STABLE_RATIO)
}

/// Beyond the stable band (×10 either way) — the thresholds above it are checked first.
fn drifted(ratio: f64) -> bool {
    !(1.0 / STABLE_RATIO..=STABLE_RATIO).contains(&ratio)
}

/// Judge a run from its statistics.
pub fn judge(
    cfg: &Config,
    layers: &[LayerStats],
    theory: Option<&Theory>,
    overflow: Option<usize>,
    grad_overflow: Option<usize>,
    underflow: Option<usize>,
) -> Verdict {
    let model = cfg.arch.model();
    let recommended = model.recommendation(&cfg.nonlinearity());
    let depth = layers.len();
    let first = layers.first();
    let last = layers.last();
    // What the architecture is judged on: the pre-activations, or a residual net's stream x_l.
    let judged = model.signal();
    let (unit, signal) = (model.unit(), judged.noun);
    // "over 1 layer", "over 50 layers".
    let units = if depth == 1 {
        format!("1 {unit}")
    } else {
        format!("{depth} {unit}s")
    };
    let fwd = |s: &LayerStats| judged.forward.value(s);
    let bwd = |s: &LayerStats| judged.backward.value(s);
    let forward_ratio = match (first, last) {
        (Some(f), Some(l)) => fwd(l) / fwd(f),
        _ => f64::NAN,
    };
    let graded_fwd = graded_forward(cfg.arch, depth, forward_ratio);
    // A recurrent state that grew past ×10 by summing its inputs, which the grade forgives: said in words.
    let summed = model.sums_inputs() && drifted(forward_ratio) && forward_ratio > 1.0;
    let backward_ratio = match (first, last) {
        (Some(f), Some(l)) => bwd(f) / bwd(l),
        _ => f64::NAN,
    };
    // The mean-field prediction of the same ratios, quoted next to the measured ones: `to` over `from`.
    let theory_ratio = |field: Field, forward: bool| {
        theory
            .and_then(|t| {
                let (first, last) = (t.layers.first()?, t.layers.last()?);
                let (to, from) = if forward {
                    (last, first)
                } else {
                    (first, last)
                };
                Some(field.predicted(to)? / field.predicted(from)?)
            })
            .filter(|r| r.is_finite())
    };
    let (theory_fwd, theory_bwd) = (
        theory_ratio(judged.forward, true),
        theory_ratio(judged.backward, false),
    );
    let quote = |measured: f64, predicted: Option<f64>| match predicted {
        Some(t) => format!(
            "{} (theory: {})",
            describe_ratio(measured),
            describe_ratio(t)
        ),
        None => describe_ratio(measured),
    };
    let (kind, mut message) = if let Some(k) = overflow {
        (
            VerdictKind::Overflow,
            format!(
                "The {signal} overflows: at {unit} {k} values exceed f32's largest number (3.4·10³⁸), so \
                 nothing from {unit} {k} on, and no gradient, can be computed."
            ),
        )
    } else if let Some(k) = grad_overflow {
        (
            VerdictKind::Overflow,
            format!(
                "The gradient overflows: going backward, it exceeds f32's range at {unit} {k}; the {unit}s \
                 below it get no usable gradient."
            ),
        )
    } else if last.is_some_and(|l| l.distinct_units <= 1 && cfg.width > 1)
        && layers.iter().any(|l| l.weight_var == 0.0)
    {
        (
            VerdictKind::Collapsed,
            format!(
                "Symmetry never breaks: all {} units of a layer compute the same value, so they get the same \
                 gradient and stay identical — the network has 1 distinct unit per layer.",
                cfg.width
            ),
        )
    } else if graded_fwd > EXPLODING_RATIO || backward_ratio > EXPLODING_RATIO {
        let m = if graded_fwd > EXPLODING_RATIO {
            format!(
                "The {signal} explodes: by {unit} {depth} its variance is {} that of {unit} 1.",
                quote(forward_ratio, theory_fwd)
            )
        } else {
            format!(
                "The gradient explodes: at {unit} 1 its variance is {} that at {unit} {depth}.",
                quote(backward_ratio, theory_bwd)
            )
        };
        (VerdictKind::Exploding, m)
    } else if vanished(forward_ratio) || vanished(backward_ratio) {
        let m = if vanished(forward_ratio) {
            format!(
                "The {signal} vanishes: by {unit} {depth} its variance is {} that of {unit} 1.",
                quote(forward_ratio, theory_fwd)
            )
        } else {
            format!(
                "The gradient vanishes: at {unit} 1 its variance is {} that at {unit} {depth}.",
                quote(backward_ratio, theory_bwd)
            )
        };
        (VerdictKind::Vanishing, m)
    } else if drifted(graded_fwd) || drifted(backward_ratio) {
        let (what, r, t) = if drifted(graded_fwd) {
            (format!("the {signal}'s"), forward_ratio, theory_fwd)
        } else {
            ("the gradient's".to_string(), backward_ratio, theory_bwd)
        };
        let way = if r < 1.0 { "shrinks to" } else { "grows" };
        let way = format!("{way} {}", drift_words(r));
        (
            VerdictKind::Drifting,
            format!(
                "A slow drift: over {units} {what} variance {way}{} — beyond a factor 10, within 100. \
                 Usable at this depth; a deeper stack would {}.",
                t.map_or(String::new(), |t| format!(" (theory: {})", drift_words(t))),
                if r < 1.0 { "vanish" } else { "explode" }
            ),
        )
    } else if summed {
        (
            VerdictKind::Stable,
            format!(
                "Over {units} the state's variance grows {} — no more than the {depth} inputs it adds up — \
                 and the gradient's changes {}: stable beyond that accumulation.",
                quote(forward_ratio, theory_fwd),
                quote(backward_ratio, theory_bwd)
            ),
        )
    } else {
        (
            VerdictKind::Stable,
            format!(
                "Over {units} the {signal}'s variance changes {} and the gradient's {}: both stay within \
                 a factor 10.",
                quote(forward_ratio, theory_fwd),
                quote(backward_ratio, theory_bwd)
            ),
        )
    };
    if summed && kind == VerdictKind::Drifting {
        message.push_str(&format!(
            " The state's variance grows {}, no more than the {depth} inputs it adds up.",
            quote(forward_ratio, theory_fwd)
        ));
    }
    if let Some(l) = last.filter(|l| l.saturated_frac >= 0.5) {
        message.push_str(&format!(
            " {:.0} % of the last {unit}'s activations sit at the flat ends of {}, where φ′ ≈ 0.",
            100.0 * l.saturated_frac,
            cfg.activation.label()
        ));
        if kind == VerdictKind::Exploding {
            message.push_str(
                " Saturated yet exploding: most units pass no gradient, but the weights are so large that the \
                 few still in the linear range multiply the gradient by more than 1 per layer going back.",
            );
        }
    }
    let advice = model.stack_advice();
    if advice
        && cfg.activation.info().no_stable_scale
        && matches!(kind, VerdictKind::Vanishing | VerdictKind::Exploding)
        && cfg.bias_std == 0.0
        && !cfg.init.info().sets_bias
    {
        message.push_str(
            " With zero biases, E[φ(√q z)²]/q for GELU and swish rises from 1/4 (small q) to 1/2 (large q), so \
             the only non-zero fixed point of the variance map is unstable: no weight scale holds a deep \
             plain stack. Non-zero biases restore a stable point; real networks add normalization layers \
             (transformers pair N(0, 0.02²) weights with LayerNorm).",
        );
    }
    if let Some(k) = underflow {
        message.push_str(&format!(
            " At {unit} {k} the values underflowed f32 to exactly 0."
        ));
    }
    let unstable = matches!(kind, VerdictKind::Vanishing | VerdictKind::Exploding);
    message.push_str(&model.verdict_notes(cfg, layers, theory, unstable));
    if advice && cfg.init == Initializer::PytorchDefault && unstable {
        message.push_str(
            &format!(
                " PyTorch's {} default, U(±1/√fan_in), has n·Var(w) = 1/3 — a third of LeCun's, a sixth of \
                 He's — so a deep ReLU stack loses variance at every layer unless you initialize it yourself.",
                model.torch_module()
            ),
        );
    }
    // LSUV adapts to any activation: suggest the classic only when it did not hold the run stable.
    let adapted = cfg.init.info().data_dependent && kind == VerdictKind::Stable;
    if advice && !adapted && !recommended.is_satisfied_by(&cfg.init_spec(), cfg.width) {
        let gain = match recommended.gain {
            Some(g) => format!(" (gain {g:.3})"),
            None => String::new(),
        };
        let act = format!(
            "{}{}",
            cfg.activation.label(),
            model.recommendation_context()
        );
        let usual = recommended.init.label();
        // A stable run is not told to change (the usual choice can be worse here: Xavier for a sigmoid
        // stack scaled to its critical point); the page offers no fix for it either.
        message.push_str(&if kind == VerdictKind::Stable {
            format!(" The usual choice for {act} is {usual}{gain}; this setting holds too.")
        } else {
            format!(" For {act}, the usual choice is {usual}{gain}.")
        });
    }
    Verdict {
        kind,
        message,
        recommended,
        forward_ratio,
        backward_ratio,
    }
}
