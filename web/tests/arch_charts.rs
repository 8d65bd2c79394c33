//! The architecture charts render natively (SVG): the residual stream in the variance chart, the correlation
//! chart with its mean-field map, and the Jacobian spectrum.

use initscope::engine::arch::Arch;
use initscope::engine::mean_field::{unavailable, MeanField};
use initscope::engine::{phase, simulate, Activation, Config, Initializer, Plan, SimOptions};
use initscope_web::charts::correlation::{draw_correlation, CorrelationView};
use initscope_web::charts::spectrum::{decades, draw_spectrum};
use initscope_web::charts::variance::{draw_variance, GradientView, VarianceView};
use initscope_web::charts::Fonts;
use plotters::prelude::*;

fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>)) -> String {
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, (800, 400)).into_drawing_area();
        draw(&root);
    }
    s
}

fn residual(alpha: f64, depth: usize) -> initscope::engine::SimResult {
    let cfg = Config {
        arch: Arch::Residual,
        branch_scale: alpha,
        depth,
        width: 64,
        batch: 16,
        ..Config::default()
    };
    simulate(&cfg, &SimOptions::default())
}

#[test]
fn residual_stream_is_drawn_with_its_theory_and_gradient() {
    let r = residual(1.0, 20);
    let view = VarianceView::build(&r, GradientView::SameAxes, None, &[]);
    let labels: Vec<&str> = view.curves.iter().map(|c| c.label.as_str()).collect();
    for want in [
        "Var(x) residual stream",
        "Var(x) theory",
        "Var(∂L/∂x) stream gradient",
        "Var(∂L/∂x) theory",
    ] {
        assert!(labels.contains(&want), "{want} in {labels:?}");
    }
    let stream = &view.curves[labels
        .iter()
        .position(|l| *l == "Var(x) residual stream")
        .unwrap()];
    assert!(stream.values.iter().all(|v| v.is_finite()));
    let s = svg(|root| draw_variance(root, &view, Fonts::for_width(800)).expect("draws"));
    assert!(s.matches("<polyline").count() >= 4);
    // α = 1 grows the stream like (1 + 2α²)^L; GPT-2's 1/√(2L) keeps it bounded.
    let grown = *stream.values.last().unwrap() / stream.values[0];
    let gpt2 = residual(1.0 / 40f64.sqrt(), 20);
    let bounded = gpt2.layers.last().unwrap().stream_var / gpt2.layers[0].stream_var;
    assert!(
        grown > 1e3 && bounded < 10.0,
        "α=1: ×{grown}, GPT-2: ×{bounded}"
    );
    // Without the gradient, only the forward stream.
    let hidden = VarianceView::build(&r, GradientView::Hidden, None, &[]);
    assert!(hidden.curves.iter().all(|c| !c.label.contains("∂L/∂x")));
    // An mlp has no stream curves.
    let mlp = simulate(
        &Config {
            depth: 5,
            width: 16,
            batch: 8,
            ..Config::default()
        },
        &SimOptions::default(),
    );
    let view = VarianceView::build(&mlp, GradientView::SameAxes, None, &[]);
    assert!(view.curves.iter().all(|c| !c.label.contains("Var(x)")));
}

#[test]
fn the_mean_field_map_in_steps_equals_the_engine_curve() {
    for (init, act, gain) in [
        (Initializer::XavierNormal, Activation::Tanh, Some(3.0)),
        (Initializer::HeNormal, Activation::Relu, None),
        (Initializer::XavierNormal, Activation::Tanh, Some(0.8)),
    ] {
        let cfg = Config {
            init,
            activation: act,
            gain,
            depth: 12,
            bias_std: 0.05,
            ..Config::default()
        };
        let mut mf = MeanField::new(&cfg).expect("the theory applies");
        let mut steps = 0;
        mf.advance(&mut || {
            steps += 1;
            false
        });
        assert!(mf.done());
        let plan = Plan::new(&cfg);
        let (sw2, sb2) = (plan.hidden.sigma_w2(), plan.hidden.sigma_b2());
        let (q1, c1) =
            phase::first_layer(plan.layers[0].sigma_w2(), plan.layers[0].sigma_b2(), 0.0);
        let want = phase::correlation_curve(&cfg.nonlinearity(), sw2, sb2, q1, c1, 12);
        for (l, (a, b)) in mf.curve.iter().zip(&want).enumerate() {
            assert!(
                (a - b).abs() <= 1e-11,
                "{act:?} layer {}: {a} vs {b}",
                l + 1
            );
        }
        assert_eq!(mf.point, phase::point(&cfg.nonlinearity(), sw2, sb2));
    }
    // Interrupted after every layer, it resumes where it stopped.
    let cfg = Config {
        activation: Activation::Tanh,
        init: Initializer::XavierNormal,
        depth: 6,
        ..Config::default()
    };
    let mut mf = MeanField::new(&cfg).unwrap();
    mf.advance(&mut || true);
    assert_eq!(mf.curve.len(), 1);
    assert!(mf.padded()[1].is_nan());
    mf.advance(&mut || false);
    assert!(mf.done() && mf.padded().iter().all(|c| c.is_finite()));
}

#[test]
fn the_theory_applies_only_to_plain_stacks_with_mean_field_weights() {
    assert!(unavailable(&Config::default()).is_none());
    for cfg in [
        Config {
            arch: Arch::Residual,
            ..Config::default()
        },
        Config {
            arch: Arch::Rnn,
            ..Config::default()
        },
        Config {
            norm: initscope::engine::norm::Norm::Layer,
            ..Config::default()
        },
        Config {
            init: Initializer::Zero,
            ..Config::default()
        },
        Config {
            init: Initializer::Lsuv,
            ..Config::default()
        },
    ] {
        assert!(unavailable(&cfg).is_some(), "{cfg:?}");
        assert!(MeanField::new(&cfg).is_none());
    }
}

#[test]
fn correlation_chart_draws_measured_and_theory_and_relu_goes_to_one() {
    let cfg = Config {
        depth: 50,
        width: 64,
        batch: 16,
        ..Config::default()
    };
    let r = simulate(&cfg, &SimOptions::default());
    let mut mf = MeanField::new(&cfg).unwrap();
    mf.advance(&mut || false);
    let measured: Vec<f64> = r.layers.iter().map(|l| l.corr).collect();
    assert!(
        measured[49] > 0.8 && mf.curve[49] > 0.9,
        "deep ReLU: inputs become alike ({}, {})",
        measured[49],
        mf.curve[49]
    );
    let view = CorrelationView {
        depth: 50,
        measured,
        theory: Some(mf.padded()),
    };
    let s = svg(|root| draw_correlation(root, &view, Fonts::for_width(800)).expect("draws"));
    assert!(s.matches("<polyline").count() >= 2, "measured and theory");
    assert!(s.contains("mean cosine between examples") && s.contains("layer"));
    // Without a theory, and with gaps, it still draws.
    let gaps = CorrelationView {
        depth: 4,
        measured: vec![0.1, f64::NAN, 0.5, 0.6],
        theory: None,
    };
    svg(|root| draw_correlation(root, &gaps, Fonts::for_width(400)).expect("draws"));
}

#[test]
fn jacobian_spectrum_orthogonal_linear_is_flat_and_xavier_spreads() {
    let run = |init| {
        let cfg = Config {
            init,
            activation: Activation::Linear,
            depth: 30,
            width: 48,
            batch: 8,
            ..Config::default()
        };
        simulate(
            &cfg,
            &SimOptions {
                jacobian: true,
                ..SimOptions::default()
            },
        )
        .jacobian
        .expect("computed")
        .singular_values
    };
    let flat = run(Initializer::Orthogonal);
    assert!(flat.iter().all(|s| (s - 1.0).abs() < 1e-3), "{flat:?}");
    assert!(decades(&flat).unwrap() < 0.01);
    let spread = run(Initializer::XavierNormal);
    assert!(
        decades(&spread).unwrap() > 1.0,
        "Xavier-normal spreads over decades"
    );
    let s = svg(|root| draw_spectrum(root, &spread, Fonts::for_width(800)).expect("draws"));
    assert!(
        s.contains("<polyline") && s.contains("singular value") && s.contains("largest / smallest")
    );
    // Zeros and a single value draw too.
    svg(|root| draw_spectrum(root, &[0.0, 2.0, 0.5], Fonts::for_width(400)).expect("draws"));
    svg(|root| draw_spectrum(root, &[1.0], Fonts::for_width(400)).expect("draws"));
}
