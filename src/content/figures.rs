//! The Learn view's live figures: each claim of the text with a small simulation beside it (one or two
//! panels sharing their axes), one control that moves every panel, and the verdict each panel must show at
//! the control's initial value. A figure computes at [`FIGURE_SIZE`] (so it keeps up with its slider); its
//! "Open in the Lab" opens the same settings at the Lab's own size. The claim must hold at both sizes: each
//! panel is a [`Demo`] of the content registry ([`super::all_demos`], checked by `tests/content.rs`), and the
//! tests below check the reduced size.

use super::demo::Demo;
use crate::engine::{Config, VerdictKind};
use crate::state::{parse_query, Param};

/// Every figure runs at this reduced size, so it computes in a few milliseconds.
pub const FIGURE_SIZE: &str = "width=64&batch=32";

/// One panel: a label and the Lab query it simulates, the control at its initial value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Panel {
    /// The panel's title ("Xavier").
    pub label: &'static str,
    /// The Lab query (without `?`), at the Lab's size, with the control's initial value.
    pub query: &'static str,
    /// The verdict at the control's initial value (at both sizes).
    pub expect: VerdictKind,
}

impl Panel {
    /// The panel's configuration at the figure's size with the control set to `value` (a rejected value
    /// leaves the base).
    pub fn config(&self, control: &Control, value: &str) -> Config {
        moved(
            &format!("{}&{FIGURE_SIZE}", self.query),
            control.param,
            value,
        )
    }

    /// The same configuration at the Lab's own size (what "Open in the Lab" opens).
    pub fn lab_config(&self, control: &Control, value: &str) -> Config {
        moved(self.query, control.param, value)
    }

    /// The panel as a demonstration of the content registry (at the Lab's size, the initial value).
    pub fn demo(&self) -> Demo {
        Demo::new(self.query, self.expect, self.label)
    }
}

/// The config of `query` with `param` set to `value`, unless the value is refused.
fn moved(query: &str, param: Param, value: &str) -> Config {
    let (mut cfg, _) = parse_query(query);
    let mut moved = cfg.clone();
    if moved.set_param(param, value).is_ok() && moved.reset_invalid().is_empty() {
        cfg = moved;
    }
    cfg
}

/// How the control looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Widget {
    /// A slider from `min` to `max` by `step`.
    Slider {
        /// The smallest value.
        min: f64,
        /// The largest value.
        max: f64,
        /// The step.
        step: f64,
    },
    /// A toggle between the given values (ids), with their labels.
    Toggle(&'static [(&'static str, &'static str)]),
}

/// The one control of a figure: which Lab parameter it moves, and how (it starts at the panels' value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Control {
    /// The parameter it sets on every panel.
    pub param: Param,
    /// Its label ("depth", "σ").
    pub label: &'static str,
    /// Slider or toggle.
    pub widget: Widget,
}

/// A live figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// A stable id (the figure's element id is `fig-{id}`).
    pub id: &'static str,
    /// The claim it shows, in a few words.
    pub claim: &'static str,
    /// What to notice.
    pub notice: &'static str,
    /// One panel, or two compared side by side with shared axes.
    pub panels: Vec<Panel>,
    /// The control.
    pub control: Control,
}

impl Figure {
    /// The control's initial value, as URL text: the first panel's (every panel shares it, see the tests).
    pub fn initial(&self) -> String {
        self.panels
            .first()
            .map(|p| parse_query(p.query).0.param_text(self.control.param))
            .unwrap_or_default()
    }

    /// Every panel as a demonstration (at the Lab's size).
    pub fn demos(&self) -> Vec<Demo> {
        self.panels.iter().map(Panel::demo).collect()
    }
}

const DEPTH: Control = Control {
    param: Param::Depth,
    label: "depth",
    widget: Widget::Slider {
        min: 2.0,
        max: 100.0,
        step: 1.0,
    },
};

const fn panel(label: &'static str, query: &'static str, expect: VerdictKind) -> Panel {
    Panel {
        label,
        query,
        expect,
    }
}

/// The figure with this id.
pub fn figure(id: &str) -> Option<Figure> {
    figures().into_iter().find(|f| f.id == id)
}

/// Every live figure, in the order of the text.
pub fn figures() -> Vec<Figure> {
    use VerdictKind::*;
    vec![
        Figure {
            id: "xavier-he-relu",
            claim: "Xavier + ReLU halves the variance at every layer; He holds it",
            notice: "With Xavier the signal falls by a factor 2 per layer (a straight line on the log scale); with He the theory holds Var(h) at 2 at every layer and one run wanders around it: 2 only on average, since at finite width a run drifts, typically down and the more so the deeper and narrower the net (Hanin & Rolnick 2018). Deepen both.",
            panels: vec![
                panel("Xavier normal + ReLU", "init=xavier-normal&activation=relu&depth=20", Vanishing),
                panel("He normal + ReLU", "init=he-normal&activation=relu&depth=20", Stable),
            ],
            control: DEPTH,
        },
        Figure {
            id: "normal-tanh",
            claim: "N(0, σ²) + tanh: σ = 1 saturates the units, σ = 0.01 vanishes",
            notice: "Slide σ: small, the signal dies within a few layers; around 1 and above, tanh pins the post-activations at ±1 and the gradient explodes towards the input.",
            panels: vec![panel("normal(σ) + tanh", "init=normal&scale=1&activation=tanh&depth=10", Exploding)],
            control: Control {
                param: Param::Scale,
                label: "σ",
                widget: Widget::Slider {
                    min: 0.01,
                    max: 2.0,
                    step: 0.01,
                },
            },
        },
        Figure {
            id: "uniform-overflow",
            claim: "U(−1, 1) + ReLU overflows f32 in a deep stack",
            notice: "The variance grows by a constant factor per layer until it leaves f32's range; reduce the depth to see where.",
            panels: vec![panel("uniform(1) + ReLU", "init=uniform&scale=1&activation=relu&depth=100", Overflow)],
            control: DEPTH,
        },
        Figure {
            id: "zero-collapse",
            claim: "Zero init collapses: every unit is a copy of the others",
            notice: "With zero weights every variance is exactly 0 (nothing to draw on a log scale); constant weights make every unit a copy of the others. A random init (Xavier) breaks the symmetry.",
            panels: vec![panel("tanh, 10 layers", "init=zero&activation=tanh&depth=10", Collapsed)],
            control: Control {
                param: Param::Init,
                label: "initializer",
                widget: Widget::Toggle(&[
                    ("zero", "zero"),
                    ("constant", "constant"),
                    ("xavier-normal", "Xavier"),
                ]),
            },
        },
        Figure {
            id: "normal-uniform",
            claim: "Normal and uniform with the same variance look alike",
            notice: "He normal and He uniform draw different weights with the same variance: the curves agree up to finite-width noise.",
            panels: vec![
                panel("He normal + ReLU", "init=he-normal&activation=relu&depth=20", Stable),
                panel("He uniform + ReLU", "init=he-uniform&activation=relu&depth=20", Stable),
            ],
            control: DEPTH,
        },
        Figure {
            id: "orthogonal-linear",
            claim: "Orthogonal weights keep a deep linear stack exact",
            notice: "An orthogonal matrix preserves every length: the variance stays flat. Gaussian LeCun weights keep it only on average, so it drifts as a random walk.",
            panels: vec![
                panel("orthogonal, linear", "init=orthogonal&activation=linear&depth=100", Stable),
                panel("LeCun normal, linear", "init=lecun-normal&activation=linear&depth=100", Stable),
            ],
            control: DEPTH,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, SimOptions};

    #[test]
    fn every_panel_shows_its_claim_at_the_initial_value() {
        let mut wrong = Vec::new();
        for f in figures() {
            for p in &f.panels {
                let (cfg, errors) = parse_query(p.query);
                assert!(errors.is_empty(), "{}: {errors:?}", p.query);
                // Every panel starts where the control does.
                assert_eq!(cfg.param_text(f.control.param), f.initial(), "{}", f.id);
                let cfg = p.config(&f.control, &f.initial());
                assert_eq!(cfg.width, 64, "{}", f.id);
                let r = simulate(&cfg, &SimOptions::default());
                if r.verdict.kind != p.expect {
                    wrong.push(format!("{} / {}: {:?}", f.id, p.label, r.verdict.kind));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn the_control_moves_the_config() {
        let f = figure("normal-tanh").expect("figure");
        let cfg = f.panels[0].config(&f.control, "0.01");
        assert!((cfg.scale - 0.01).abs() < 1e-12);
        let f = figure("zero-collapse").expect("figure");
        let cfg = f.panels[0].config(&f.control, "xavier-normal");
        assert_eq!(cfg.init.id(), "xavier-normal");
        // A value the parameter refuses leaves the base config.
        let cfg = f.panels[0].config(&f.control, "nonsense");
        assert_eq!(cfg.init.id(), "zero");
        // The Lab opens at its own size, on the figure's settings.
        let f = figure("normal-tanh").expect("figure");
        let cfg = f.panels[0].lab_config(&f.control, "0.01");
        assert_eq!((cfg.width, cfg.batch), (256, 128));
        assert!((cfg.scale - 0.01).abs() < 1e-12 && cfg.depth == 10);
    }
}
