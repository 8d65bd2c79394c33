//! What the variance chart shows, built from a run: its curves, the spread band, pinned runs and events.

use super::for_people as round_for_people;
use super::palette::{self, Dash, Marker};
use initscope::engine::arch::Arch;
use initscope::engine::{LayerStats, SimResult, TheoryLayer};
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
    /// Var(h_l).
    pub pre_var: Vec<f64>,
    /// Var(∂L/∂h_l).
    pub grad_var: Vec<f64>,
    /// The query that reproduces the run (`initscope::state::to_query`), for the page's `pins=`.
    pub query: String,
}

impl Pinned {
    /// Pin a run.
    pub fn of(r: &SimResult) -> Pinned {
        let c = &r.config;
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
            pre_var: r.layers.iter().map(|l| l.pre_var).collect(),
            grad_var: r.layers.iter().map(|l| l.grad_var).collect(),
            query: initscope::state::to_query(c),
        }
    }
}

/// Everything the chart draws.
#[derive(Clone, Debug, PartialEq)]
pub struct VarianceView {
    /// Number of layers on the x axis.
    pub depth: usize,
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
        // Both forward statistics measured, then both in theory: the legend's order.
        let mut curves = vec![PRE.measured(r), POST.measured(r)];
        curves.extend([PRE.theory(r), POST.theory(r)].into_iter().flatten());
        if gradient != GradientView::Hidden {
            curves.push(GRAD.measured(r));
            curves.extend(GRAD.theory(r));
        }
        if r.config.arch == Arch::Residual {
            curves.extend(stream_curves(r, gradient));
        }
        for (i, p) in pinned.iter().enumerate() {
            let (color, dash, marker) = palette::pinned_style(i);
            curves.push(Curve {
                label: format!("#{} Var(h): {}", i + 1, p.label),
                values: p.pre_var.clone(),
                color,
                dash,
                marker: Some(marker),
                backward: false,
            });
            if gradient != GradientView::Hidden {
                // Same colour and marker as the run's Var(h), but a solid line: forward and backward differ.
                curves.push(Curve {
                    label: format!("#{} Var(∂L/∂h)", i + 1),
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
            curves,
            band,
            events,
            gradient,
            stale: false,
        }
    }
}

/// A residual net's stream x_l (what the blocks add to) and its gradient, measured and in theory: Var(x_l)
/// grows like (1 + 2α²)^l for α = 1 and stays bounded for α = 1/√(2L) (GPT-2).
fn stream_curves(r: &SimResult, gradient: GradientView) -> Vec<Curve> {
    let mut out = vec![STREAM.measured(r)];
    out.extend(STREAM.theory(r));
    if gradient != GradientView::Hidden {
        out.push(STREAM_GRAD.measured(r));
        out.extend(STREAM_GRAD.theory(r));
    }
    out
}

/// One per-layer statistic, drawn measured (solid) and, where the run has a theory, predicted (dashed).
struct Statistic {
    measured_label: &'static str,
    theory_label: &'static str,
    measured: fn(&LayerStats) -> f64,
    predicted: fn(&TheoryLayer) -> f64,
    color: RGBColor,
    backward: bool,
}

const PRE: Statistic = Statistic {
    measured_label: "Var(h) pre-activation",
    theory_label: "Var(h) theory",
    measured: |l| l.pre_var,
    predicted: |t| t.pre_var,
    color: palette::BLUE,
    backward: false,
};
const POST: Statistic = Statistic {
    measured_label: "Var(a) post-activation",
    theory_label: "Var(a) theory",
    measured: |l| l.post_var,
    predicted: |t| t.post_var,
    color: palette::ORANGE,
    backward: false,
};
const GRAD: Statistic = Statistic {
    measured_label: "Var(∂L/∂h) gradient",
    theory_label: "Var(∂L/∂h) theory",
    measured: |l| l.grad_var,
    predicted: |t| t.grad_var,
    color: palette::VERMILLION,
    backward: true,
};
const STREAM: Statistic = Statistic {
    measured_label: "Var(x) residual stream",
    theory_label: "Var(x) theory",
    measured: |l| l.stream_var,
    predicted: |t| t.stream_var,
    color: palette::PURPLE,
    backward: false,
};
const STREAM_GRAD: Statistic = Statistic {
    measured_label: "Var(∂L/∂x) stream gradient",
    theory_label: "Var(∂L/∂x) theory",
    measured: |l| l.stream_grad_var,
    predicted: |t| t.stream_grad_var,
    color: palette::SKY,
    backward: true,
};

impl Statistic {
    fn curve(&self, label: &str, values: Vec<f64>, dash: Dash) -> Curve {
        Curve {
            label: label.into(),
            values,
            color: self.color,
            dash,
            marker: None,
            backward: self.backward,
        }
    }

    /// The measured curve (solid).
    fn measured(&self, r: &SimResult) -> Curve {
        let values = r.layers.iter().map(self.measured).collect();
        self.curve(self.measured_label, values, Dash::Solid)
    }

    /// The mean-field curve (dashed), when the run has a theory.
    fn theory(&self, r: &SimResult) -> Option<Curve> {
        let t = r.theory.as_ref()?;
        let values = t.layers.iter().map(self.predicted).collect();
        Some(self.curve(self.theory_label, values, Dash::Dashed))
    }
}
