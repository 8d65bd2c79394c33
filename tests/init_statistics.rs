//! The newer initializers (PyTorch's default, identity, LSUV) and statistics (correlations between inputs,
//! the input–output Jacobian), each against a case whose answer is known by hand. Split from
//! `architectures.rs`, whose helpers it shares (`sim`).

mod sim;

use initscope::engine::arch::Arch;
use initscope::engine::norm::Norm;
use initscope::engine::{simulate, Activation, Config, InitSpec, Initializer, SimOptions};
use sim::{cfg, run};

#[test]
fn pytorch_default_is_uniform_one_over_root_fan_in_with_uniform_biases() {
    for fan_in in [3usize, 64, 256, 1000] {
        // torch/nn/init.py: gain = sqrt(2 / (1 + a²)), a = sqrt(5); bound = sqrt(3)·gain/sqrt(fan_in).
        let a = 5f64.sqrt();
        let want = 3f64.sqrt() * ((2.0 / (1.0 + a * a)).sqrt() / (fan_in as f64).sqrt());
        let d = InitSpec::new(Initializer::PytorchDefault).distribution(fan_in, 7);
        assert_eq!(d.bound(), Some(want));
        assert!((want - 1.0 / (fan_in as f64).sqrt()).abs() < 1e-15);
        assert_eq!(
            InitSpec::new(Initializer::PytorchDefault).bias_bound(fan_in),
            Some(1.0 / (fan_in as f64).sqrt())
        );
    }
    // σ_w² = 1/3 and σ_b² = 1/(3·fan_in): layer 1's Var(h) = 1/3 + 1/(3·64) in theory.
    let r = run(&cfg(
        Arch::Mlp,
        Initializer::PytorchDefault,
        Activation::Relu,
        3,
    ));
    let q1 = r.theory.unwrap().layers[0].pre_var;
    assert!((q1 - (1.0 / 3.0 + 1.0 / 192.0)).abs() < 1e-12, "{q1}");
}

#[test]
fn identity_keeps_a_linear_stack_exact() {
    let r = run(&cfg(
        Arch::Mlp,
        Initializer::Identity,
        Activation::Linear,
        40,
    ));
    for s in &r.layers {
        assert_eq!(
            s.pre_var, r.layers[0].pre_var,
            "h_l = h_{{l−1}}·I, bit for bit"
        );
    }
}

#[test]
fn lsuv_rescales_every_layer_to_unit_variance() {
    for act in [Activation::Relu, Activation::Tanh, Activation::Selu] {
        let r = run(&cfg(Arch::Mlp, Initializer::Lsuv, act, 20));
        for s in &r.layers {
            assert!(
                (s.pre_var - 1.0).abs() < 0.1,
                "{act} layer {}: {}",
                s.layer,
                s.pre_var
            );
        }
    }
}

#[test]
fn a_deep_relu_net_makes_all_inputs_look_alike_and_a_chaotic_one_does_not() {
    let relu = run(&Config {
        width: 256,
        batch: 64,
        ..cfg(Arch::Mlp, Initializer::HeNormal, Activation::Relu, 50)
    });
    assert!(
        relu.layers[0].corr.abs() < 0.1,
        "independent inputs start uncorrelated: {}",
        relu.layers[0].corr
    );
    assert!(
        relu.layers[49].corr > 0.8,
        "ReLU drives the cosine towards 1: {}",
        relu.layers[49].corr
    );
    let tanh = run(&Config {
        width: 256,
        batch: 64,
        ..cfg(Arch::Mlp, Initializer::Normal, Activation::Tanh, 50)
    });
    assert!(
        tanh.layers[49].corr.abs() < 0.2,
        "chaotic: inputs stay apart: {}",
        tanh.layers[49].corr
    );
}

#[test]
fn jacobian_of_a_deep_linear_net_is_isometric_with_orthogonal_weights_only() {
    let opts = SimOptions {
        jacobian: true,
        ..SimOptions::default()
    };
    let ortho = simulate(
        &cfg(Arch::Mlp, Initializer::Orthogonal, Activation::Linear, 50),
        &opts,
    );
    let sv = &ortho.jacobian.as_ref().expect("a jacobian").singular_values;
    assert_eq!(sv.len(), 64);
    assert!(sv.iter().all(|s| (s - 1.0).abs() < 1e-4), "{sv:?}");
    let xavier = simulate(
        &cfg(Arch::Mlp, Initializer::XavierNormal, Activation::Linear, 50),
        &opts,
    );
    let sv = &xavier.jacobian.as_ref().unwrap().singular_values;
    assert!(
        sv[0] / sv[63] > 1e6,
        "Xavier-normal spreads over many decades: {} … {}",
        sv[0],
        sv[63]
    );
    // Not defined with batch norm.
    let bn = simulate(
        &Config {
            norm: Norm::Batch,
            ..cfg(Arch::Mlp, Initializer::HeNormal, Activation::Relu, 5)
        },
        &opts,
    );
    assert!(bn.jacobian.is_none());
}

#[test]
fn jacobian_matches_finite_differences_through_layer_norm_and_tanh() {
    // J = ∂a_L/∂x for example 0; its singular values from the engine vs a central-difference Jacobian
    // built from the same network with example 0 perturbed (layer norm is per example). f32 forward with
    // h = 1e-2: truncation O(h²)·|φ‴| and rounding O(ε_f32/h) ≈ 1e-5 — 1 % of the largest value suffices.
    use initscope::engine::norm::Norm as N;
    use initscope::engine::plan::Plan;
    use initscope::engine::step::{DenseStep, Step};
    use initscope::engine::svd::singular_values;
    let c = Config {
        norm: N::Layer,
        width: 8,
        batch: 3,
        ..cfg(Arch::Mlp, Initializer::XavierNormal, Activation::Tanh, 3)
    };
    let r = simulate(
        &c,
        &SimOptions {
            jacobian: true,
            ..SimOptions::default()
        },
    );
    let plan = Plan::new(&c);
    let steps = DenseStep::stack(&plan, c.batch);
    let [x, _] = initscope::engine::network::draw_ends(c.seed, c.batch, 8, 8);
    let out0 = |x: &[f32]| -> Vec<f64> {
        let mut a = x.to_vec();
        for s in &steps {
            a = s.forward(&a).1;
        }
        a[..8].iter().map(|&v| v as f64).collect()
    };
    let h = 1e-2f32;
    let mut j = vec![0.0f64; 64];
    for i in 0..8 {
        let (mut xp, mut xm) = (x.clone(), x.clone());
        xp[i] += h;
        xm[i] -= h;
        let (p, m) = (out0(&xp), out0(&xm));
        for k in 0..8 {
            j[i * 8 + k] = (p[k] - m[k]) / (2.0 * h as f64);
        }
    }
    let fd = singular_values(&j, 8, 8);
    let sv = &r.jacobian.unwrap().singular_values;
    for (a, b) in sv.iter().zip(&fd) {
        assert!((a - b).abs() < 0.01 * fd[0], "{sv:?} vs {fd:?}");
    }
}
