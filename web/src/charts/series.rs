//! What the variance chart shows, built from a run: its curves, the spread band, pinned runs and events.

use super::for_people as round_for_people;
use super::palette::{self, Dash, Marker};
use initscope::engine::arch::Arch;
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
        let field = |f: fn(&initscope::engine::LayerStats) -> f64| r.layers.iter().map(f).collect();
        let theory = |f: fn(&initscope::engine::TheoryLayer) -> f64| {
            r.theory
                .as_ref()
                .map(|t| t.layers.iter().map(f).collect::<Vec<f64>>())
        };
        let curve = |label: &str, values, color, dash, backward| Curve {
            label: label.into(),
            values,
            color,
            dash,
            marker: None,
            backward,
        };
        let mut curves = vec![
            curve(
                "Var(h) pre-activation",
                field(|l| l.pre_var),
                palette::BLUE,
                Dash::Solid,
                false,
            ),
            curve(
                "Var(a) post-activation",
                field(|l| l.post_var),
                palette::ORANGE,
                Dash::Solid,
                false,
            ),
        ];
        if let Some(v) = theory(|t| t.pre_var) {
            curves.push(curve(
                "Var(h) theory",
                v,
                palette::BLUE,
                Dash::Dashed,
                false,
            ));
        }
        if let Some(v) = theory(|t| t.post_var) {
            curves.push(curve(
                "Var(a) theory",
                v,
                palette::ORANGE,
                Dash::Dashed,
                false,
            ));
        }
        if gradient != GradientView::Hidden {
            curves.push(curve(
                "Var(∂L/∂h) gradient",
                field(|l| l.grad_var),
                palette::VERMILLION,
                Dash::Solid,
                true,
            ));
            if let Some(v) = theory(|t| t.grad_var) {
                curves.push(curve(
                    "Var(∂L/∂h) theory",
                    v,
                    palette::VERMILLION,
                    Dash::Dashed,
                    true,
                ));
            }
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
    let measured = |f: fn(&initscope::engine::LayerStats) -> f64| r.layers.iter().map(f).collect();
    let theory = |f: fn(&initscope::engine::TheoryLayer) -> f64| {
        r.theory
            .as_ref()
            .map(|t| t.layers.iter().map(f).collect::<Vec<f64>>())
    };
    let curve = |label: &str, values, color, dash, backward| Curve {
        label: label.into(),
        values,
        color,
        dash,
        marker: None,
        backward,
    };
    let mut out = vec![curve(
        "Var(x) residual stream",
        measured(|l| l.stream_var),
        palette::PURPLE,
        Dash::Solid,
        false,
    )];
    if let Some(v) = theory(|t| t.stream_var) {
        out.push(curve(
            "Var(x) theory",
            v,
            palette::PURPLE,
            Dash::Dashed,
            false,
        ));
    }
    if gradient != GradientView::Hidden {
        out.push(curve(
            "Var(∂L/∂x) stream gradient",
            measured(|l| l.stream_grad_var),
            palette::SKY,
            Dash::Solid,
            true,
        ));
        if let Some(v) = theory(|t| t.stream_grad_var) {
            out.push(curve(
                "Var(∂L/∂x) theory",
                v,
                palette::SKY,
                Dash::Dashed,
                true,
            ));
        }
    }
    out
}
