//! The guided tour: the tutorial's story told in the Lab itself, one configuration per step, each with what
//! to change and what to notice, and the verdict the step must show (checked by the tests below).

use super::demo::Demo;
use crate::engine::VerdictKind;

/// One step of the tour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// The step's title.
    pub title: &'static str,
    /// The Lab configuration it sets, and the verdict it shows.
    pub demo: Demo,
    /// What to change in the Lab once there.
    pub change: &'static str,
    /// What to notice.
    pub notice: &'static str,
}

/// The tour, in order (the URL's `tour=1` is the first step).
pub fn steps() -> Vec<Step> {
    use VerdictKind::*;
    vec![
        Step {
            title: "Zero init: the symmetry never breaks",
            demo: Demo::new("init=zero&activation=tanh&depth=10", Collapsed, "zero init"),
            change: "Nothing yet — read the verdict and the table's “distinct units” column.",
            notice: "Every unit of a layer computes the same value and gets the same gradient: one distinct unit per layer, however wide the layer.",
        },
        Step {
            title: "Random, but too small: N(0, 0.01²)",
            demo: Demo::new("init=normal&scale=0.01&activation=tanh&depth=10", Vanishing, "σ = 0.01"),
            change: "Drag σ up slowly and watch the blue line lift.",
            notice: "Each layer multiplies the variance by about n·σ² = 256 × 10⁻⁴: the signal is gone within a few layers.",
        },
        Step {
            title: "Random, but too large: N(0, 1)",
            demo: Demo::new("init=normal&scale=1&activation=tanh&depth=10", Exploding, "σ = 1"),
            change: "Look at the histograms at the bottom; then try σ = 0.1.",
            notice: "tanh pins most units at ±1 (saturated), and the gradient explodes towards the input: the scale must follow the layer's width.",
        },
        Step {
            title: "Xavier + tanh: the scale follows the width",
            demo: Demo::new("init=xavier-normal&activation=tanh", Drifting, "Xavier + tanh"),
            change: "Change the width: the weights' variance 2/(n_in + n_out) follows it, and the curves barely move.",
            notice: "No more exponential collapse: at this critical scale the signal decays only slowly (polynomially) over 50 layers — a drift — and the dashed mean-field theory lies on the measurement.",
        },
        Step {
            title: "Xavier + ReLU: half the variance per layer",
            demo: Demo::new("init=xavier-normal&activation=relu", Vanishing, "Xavier + ReLU"),
            change: "Only the activation changed. Read the slope of the line.",
            notice: "ReLU zeroes half of its inputs, so E[a²] = Var(h)/2: a factor ½ per layer, 2⁻⁴⁹ after 50 layers.",
        },
        Step {
            title: "He + ReLU: the factor 2 comes back",
            demo: Demo::new("init=he-normal&activation=relu", Stable, "He + ReLU"),
            change: "Pin this run, then switch to Xavier again to see both lines.",
            notice: "Var(w) = 2/n_in makes up for the half ReLU zeroes: the dashed theory holds Var(h) at 2 at every depth. One finite-width run wanders around it, and drifts (typically down) the more, the deeper the net is for its width (Hanin & Rolnick 2018): here Var(h) ends at about 0.33× layer 1's after 50 layers, still a stable verdict (within ×10).",
        },
        Step {
            title: "Deep linear + orthogonal: exact at any depth",
            demo: Demo::new("init=orthogonal&activation=linear&depth=100", Stable, "orthogonal, 100 layers"),
            change: "Switch to LeCun normal (the same variance) and compare.",
            notice: "An orthogonal matrix keeps every length: the variance is flat, not only on average. Gaussian weights drift at finite width.",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, SimOptions};
    use crate::state::parse_query;

    #[test]
    fn every_step_shows_its_verdict() {
        let mut wrong = Vec::new();
        for s in steps() {
            let (cfg, errors) = parse_query(s.demo.query);
            assert!(errors.is_empty(), "{}: {errors:?}", s.title);
            let r = simulate(&cfg, &SimOptions::default());
            if r.verdict.kind != s.demo.expect {
                wrong.push(format!("{}: {:?}", s.title, r.verdict.kind));
            }
        }
        assert!(wrong.is_empty(), "{wrong:?}");
        assert!((5..=8).contains(&steps().len()));
    }
}
