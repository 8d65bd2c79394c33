//! What the variance chart shows, built from a run: its curves, the spread band, pinned runs and events.

use super::for_people as round_for_people;
use super::palette::{self, Dash, Marker};
use initscope::engine::series::{Field, Panel, Series};
use initscope::engine::SimResult;
use plotters::style::RGBColor;

/// Where the gradient goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum GradientView {
    /// Not drawn.
    Hidden,
    /// On the forward signal's axes.
    #[default]
    SameAxes,
    /// In a second panel below.
    Panel,
}

impl GradientView {
    /// The id used in the select box.
    pub fn id(self) -> &'static str {
        match self {
            GradientView::Hidden => "hidden",
            GradientView::SameAxes => "same",
            GradientView::Panel => "panel",
        }
    }

    /// From the select box's id.
    pub fn from_id(id: &str) -> GradientView {
        match id {
            "hidden" => GradientView::Hidden,
            "panel" => GradientView::Panel,
            _ => GradientView::SameAxes,
        }
    }
}

/// One line: a value per layer (index 0 = layer 1). NaN = not available; 0 = underflowed.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// Legend text.
    pub label: String,
    /// The values.
    pub values: Vec<f64>,
    /// Its colour.
    pub color: RGBColor,
    /// Its line style.
    pub dash: Dash,
    /// Markers along the line, if any.
    pub marker: Option<Marker>,
    /// Whether it is a backward (gradient) curve.
    pub backward: bool,
}

impl Curve {
    /// Whether it is a theory curve (dashed, of the current run).
    pub fn is_theory(&self) -> bool {
        self.marker.is_none() && self.label.ends_with("theory")
    }

    /// Whether it is measured in the current run (not a theory, not a pinned run).
    pub fn is_measured(&self) -> bool {
        self.marker.is_none() && !self.is_theory()
    }

    /// The short label at the curve's right end: "Var(h)", "Var(h) theory", "#1" for a pinned run.
    pub fn tag(&self) -> String {
        let first = self.label.split_whitespace().next().unwrap_or_default();
        if self.is_theory() {
            format!("{first} theory")
        } else {
            first.to_string()
        }
    }
}

/// A run pinned for comparison: its label and its curves' values.
#[derive(Clone, Debug, PartialEq)]
pub struct Pinned {
    /// "he-normal · relu · depth 50 · width 256".
    pub label: String,
    /// Var(h_l) (an architecture without pre-activations of its own: its signal, a transformer's Var(x_l)).
    pub pre_var: Vec<f64>,
    /// Var(∂L/∂h_l) (or its signal's gradient).
    pub grad_var: Vec<f64>,
    /// What the two are: "Var(h)" and "Var(∂L/∂h)", or a residual stream's "Var(x)" and "Var(∂L/∂x)".
    pub names: [&'static str; 2],
    /// The query that reproduces the run (`initscope::state::to_query`), for the page's `pins=`.
    pub query: String,
}

impl Pinned {
    /// Pin a run.
    pub fn of(r: &SimResult) -> Pinned {
        let c = &r.config;
        let model = c.arch.model();
        let (forward, backward, names) = if model.fields().contains(&Field::PreVar) {
            (Field::PreVar, Field::GradVar, ["Var(h)", "Var(∂L/∂h)"])
        } else {
            let s = model.signal();
            (s.forward, s.backward, ["Var(x)", "Var(∂L/∂x)"])
        };
        Pinned {
            label: {
                let mut s = c.init.label().to_string();
                if let Some(name) = c.init.scale_name() {
                    s.push_str(&format!(" {name}={}", round_for_people(c.scale)));
                }
                if let Some(g) = c.gain.filter(|_| c.init.takes_gain()) {
                    s.push_str(&format!(" gain={}", round_for_people(g)));
                }
                format!(
                    "{s} · {} · depth {} · width {}",
                    c.activation.label(),
                    c.depth,
                    c.width
                )
            },
            pre_var: r.layers.iter().map(|l| forward.value(l)).collect(),
            grad_var: r.layers.iter().map(|l| backward.value(l)).collect(),
            names,
            query: initscope::state::to_query(c),
        }
    }
}

/// Everything the chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct VarianceView {
    /// Number of layers on the x axis.
    pub depth: usize,
    /// What the x axis counts ("layer", "block", "time step").
    pub unit: &'static str,
    /// The lines.
    pub curves: Vec<Curve>,
    /// Min–max band of Var(h_l) over several seeds.
    pub band: Option<(Vec<f64>, Vec<f64>)>,
    /// Vertical markers: (layer, text).
    pub events: Vec<(usize, String)>,
    /// Where the gradient goes.
    pub gradient: GradientView,
    /// Whether the measured curves (and the spread) belong to a previous setting while a new run is being
    /// computed: they are drawn faint and the plot is captioned "updating…"; the theory is drawn as usual.
    pub stale: bool,
}

impl VarianceView {
    /// The same view, marked stale or not (see [`VarianceView::stale`]).
    pub fn marked_stale(self, stale: bool) -> VarianceView {
        VarianceView { stale, ..self }
    }

    /// Build the view of a run, its optional spread band, and pinned runs.
    pub fn build(
        r: &SimResult,
        gradient: GradientView,
        band: Option<(Vec<f64>, Vec<f64>)>,
        pinned: &[Pinned],
    ) -> VarianceView {
        let mut curves = series_curves(r, gradient);
        for (i, p) in pinned.iter().enumerate() {
            let (color, dash, marker) = palette::pinned_style(i);
            curves.push(Curve {
                label: format!("#{} {}: {}", i + 1, p.names[0], p.label),
                values: p.pre_var.clone(),
                color,
                dash,
                marker: Some(marker),
                backward: false,
            });
            if gradient != GradientView::Hidden {
                // Same colour and marker as the run's Var(h), but a solid line: forward and backward differ.
                curves.push(Curve {
                    label: format!("#{} {}", i + 1, p.names[1]),
                    values: p.grad_var.clone(),
                    color,
                    dash: Dash::Solid,
                    marker: Some(marker),
                    backward: true,
                });
            }
        }
        let mut events = Vec::new();
        if let Some(k) = r.overflow_layer {
            events.push((k, format!("f32 overflow at layer {k}")));
        }
        if let Some(k) = r.grad_overflow_layer {
            events.push((k, format!("gradient overflow at layer {k}")));
        }
        if let Some(k) = r.underflow_layer {
            events.push((k, format!("underflow to 0 at layer {k}")));
        }
        let depth = pinned
            .iter()
            .map(|p| p.pre_var.len())
            .fold(r.layers.len(), usize::max);
        VarianceView {
            depth,
            unit: r.config.arch.unit(),
            curves,
            band,
            events,
            gradient,
            stale: false,
        }
    }
}

/// The curves of the variance panel that the run's architecture declares ([`Architecture::series`]): group
/// by group, each group's measured curves (solid) and then its mean-field curves (dashed) where the run has
/// a theory; backward series only when the gradient is shown.
///
/// [`Architecture::series`]: initscope::engine::arch::Architecture::series
fn series_curves(r: &SimResult, gradient: GradientView) -> Vec<Curve> {
    let shown: Vec<&Series> = r
        .config
        .arch
        .model()
        .series()
        .iter()
        .filter(|s| s.panel == Panel::Variance && (gradient != GradientView::Hidden || !s.backward))
        .collect();
    let mut groups: Vec<u8> = shown.iter().map(|s| s.group).collect();
    groups.dedup();
    let mut out = Vec::new();
    for g in groups {
        let group = || shown.iter().filter(move |s| s.group == g);
        out.extend(group().map(|s| measured(r, s)));
        out.extend(group().filter_map(|s| theory(r, s)));
    }
    out
}

fn curve(s: &Series, label: &str, values: Vec<f64>, dash: Dash) -> Curve {
    Curve {
        label: label.into(),
        values,
        color: palette::field_color(s.field),
        dash,
        marker: None,
        backward: s.backward,
    }
}

/// The measured curve (solid).
fn measured(r: &SimResult, s: &Series) -> Curve {
    let values = r.layers.iter().map(|l| s.field.value(l)).collect();
    curve(s, s.label, values, Dash::Solid)
}

/// The mean-field curve (dashed), when the run has a theory that predicts the series.
fn theory(r: &SimResult, s: &Series) -> Option<Curve> {
    let (t, label) = (r.theory.as_ref()?, s.theory?);
    let values = t
        .layers
        .iter()
        .map(|l| s.field.predicted(l).unwrap_or(f64::NAN))
        .collect();
    Some(curve(s, label, values, Dash::Dashed))
}
