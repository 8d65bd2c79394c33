//! The mean-field theory: closed forms, quadrature, fixed points and χ.

#![allow(clippy::disallowed_methods)] // reference values: no cross-platform identity needed

use initscope::engine::theory::moments;
use initscope::engine::{predict, Activation, Config, Initializer, Nonlinearity};

fn cfg(init: Initializer, activation: Activation, depth: usize) -> Config {
    Config {
        init,
        activation,
        depth,
        ..Config::default()
    }
}

#[test]
fn relu_second_moment_is_half_q() {
    let relu = Nonlinearity::new(Activation::Relu, 0.0);
    for q in [0.3, 1.0, 7.0] {
        assert_eq!(moments(&relu, q).second, q / 2.0);
    }
    let leaky = Nonlinearity::new(Activation::LeakyRelu, 0.2);
    assert!((moments(&leaky, 2.0).second - 1.04 * 2.0 / 2.0 * 1.0).abs() < 1e-15);
}

#[test]
fn quadrature_reproduces_closed_forms() {
    // Treat ReLU as a generic kinked function through GELU-style quadrature: E[max(0, √q z)²] = q/2.
    let q = 3.7f64;
    let [second, mean] = initscope::engine::quadrature::gaussian_expectation(q.sqrt(), true, |x| {
        let r = x.max(0.0);
        [r * r, r]
    });
    assert!((second - q / 2.0).abs() < 1e-13);
    assert!((mean - (q / (2.0 * std::f64::consts::PI)).sqrt()).abs() < 1e-13);
    // tanh at small q: E[tanh(√q z)²] ≈ q − 2q² + 17q³/3 (series), so at q = 1e-3 within 1e-10.
    let t = moments(&Nonlinearity::new(Activation::Tanh, 0.0), 1e-3);
    let series = 1e-3 - 2e-6 + 17.0 / 3.0 * 1e-9;
    assert!(
        (t.second - series).abs() < 1e-10,
        "{} vs {series}",
        t.second
    );
}

#[test]
fn he_relu_keeps_q_at_two() {
    let t = predict(&cfg(Initializer::HeNormal, Activation::Relu, 60)).unwrap();
    for l in &t.layers {
        assert!(
            (l.pre_var - 2.0).abs() < 1e-12,
            "layer {}: {}",
            l.layer,
            l.pre_var
        );
        assert!(
            (l.grad_var - 0.5).abs() < 1e-12,
            "layer {}: {}",
            l.layer,
            l.grad_var
        );
    }
    assert!((t.chi - 1.0).abs() < 1e-12);
}

#[test]
fn xavier_relu_halves_q_every_layer() {
    let t = predict(&cfg(Initializer::XavierNormal, Activation::Relu, 50)).unwrap();
    assert!((t.layers[0].pre_var - 1.0).abs() < 1e-12);
    for w in t.layers.windows(2) {
        assert!((w[1].pre_var / w[0].pre_var - 0.5).abs() < 1e-12);
    }
    // After 50 layers: 2⁻⁴⁹ ≈ 1.8·10⁻¹⁵.
    assert!((t.layers[49].pre_var - 0.5f64.powi(49)).abs() < 1e-27);
    assert!((t.chi - 0.5).abs() < 1e-12);
}

#[test]
fn selu_with_lecun_normal_has_its_fixed_point() {
    let t = predict(&cfg(Initializer::LecunNormal, Activation::Selu, 30)).unwrap();
    for l in &t.layers {
        // Klambauer et al.: mean 0 and variance 1 are a fixed point (to the constants' precision).
        assert!(
            (l.pre_var - 1.0).abs() < 1e-6,
            "layer {}: q = {}",
            l.layer,
            l.pre_var
        );
        assert!(
            l.post_mean.abs() < 1e-6,
            "layer {}: mean = {}",
            l.layer,
            l.post_mean
        );
        assert!((l.post_var - 1.0).abs() < 1e-6);
    }
    assert!((t.fixed_point - 1.0).abs() < 1e-6);
}

#[test]
fn tanh_regimes() {
    // σ_w² = 1, no bias: q* = 0 and χ = σ_w²·φ′(0)² = 1 (the edge of chaos).
    let t = predict(&cfg(Initializer::LecunNormal, Activation::Tanh, 10)).unwrap();
    assert!((t.chi - 1.0).abs() < 1e-6, "χ = {}", t.chi);
    // σ_w² = 256 (N(0,1) at width 256): deep in the chaotic phase, q* ≈ 243, χ ≫ 1.
    let big = Config {
        init: Initializer::Normal,
        scale: 1.0,
        ..cfg(Initializer::Normal, Activation::Tanh, 10)
    };
    let t = predict(&big).unwrap();
    assert!(t.fixed_point > 200.0 && t.fixed_point < 256.0);
    // For large q, E[sech⁴(√q z)] → (4/3)/√(2πq).
    let approx = 256.0 * (4.0 / 3.0) / (2.0 * std::f64::consts::PI * t.fixed_point).sqrt();
    assert!(
        (t.chi / approx - 1.0).abs() < 0.02,
        "χ = {} vs {approx}",
        t.chi
    );
}

#[test]
fn no_theory_for_symmetric_inits() {
    assert!(predict(&cfg(Initializer::Zero, Activation::Relu, 5)).is_none());
    assert!(predict(&cfg(Initializer::Constant, Activation::Tanh, 5)).is_none());
}
