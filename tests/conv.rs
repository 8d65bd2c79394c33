//! Convolutional stacks: the fans PyTorch and Keras count, delta-orthogonal's centre tap, the isometry of a
//! deep linear delta-orthogonal stack, the theory, and the one-line errors of bad input.

mod common;

use common::{cli, fails_with};
use initscope::engine::arch::Arch;
use initscope::engine::dense::Dense;
use initscope::engine::distribution::Distribution;
use initscope::engine::{simulate, Activation, Config, InitSpec, Initializer, Plan, SimOptions};

fn conv(init: Initializer, c_in: usize, c_out: usize, kernel: usize) -> Config {
    Config {
        init,
        input_width: Some(c_in),
        width: c_out,
        kernel,
        image: 8,
        depth: 3,
        ..Config::for_arch(Arch::Conv)
    }
}

#[test]
fn fans_are_pytorchs_and_keras_channels_times_taps() {
    // torch.nn.init._calculate_fan_in_and_fan_out: fan_in = C_in·k², fan_out = C_out·k² (Keras's _compute_fans
    // for a 2-D kernel is the same).
    for (c_in, c_out, k) in [(3, 32, 3), (16, 8, 5), (1, 1, 1), (7, 64, 7)] {
        let plan = Plan::new(&conv(Initializer::XavierUniform, c_in, c_out, k));
        let first = plan.layers[0];
        assert_eq!(first.fan_in, c_in * k * k);
        assert_eq!(first.fan_out * first.taps, c_out * k * k);
        assert_eq!(plan.layers[1].fan_in, c_out * k * k);
        for init in [
            Initializer::XavierUniform,
            Initializer::XavierNormal,
            Initializer::HeNormal,
            Initializer::HeUniform,
            Initializer::LecunNormal,
            Initializer::PytorchDefault,
        ] {
            let d = Plan::new(&conv(init, c_in, c_out, k)).layers[0].dist;
            assert_eq!(
                d,
                InitSpec::new(init).distribution(c_in * k * k, c_out * k * k)
            );
        }
    }
    // nn.Conv2d(3, 32, 3): fan_in 27, fan_out 288.
    let bound = |init| match Plan::new(&conv(init, 3, 32, 3)).layers[0].dist {
        Distribution::Uniform { bound } => bound,
        d => panic!("{d:?}"),
    };
    assert_eq!(
        bound(Initializer::XavierUniform),
        (6.0f64 / (27.0 + 288.0)).sqrt()
    );
    // kaiming_uniform_(a = √5): gain √(2/6), bound = √3·gain/√27 = 1/√27.
    assert!((bound(Initializer::PytorchDefault) - 1.0 / 27f64.sqrt()).abs() < 1e-15);
    let plan = Plan::new(&conv(Initializer::PytorchDefault, 3, 32, 3));
    assert_eq!(
        plan.layers[0].sigma_b2(),
        (1.0 / 27f64.sqrt()) * (1.0 / 27f64.sqrt()) / 3.0,
        "biases U(±1/√fan_in)"
    );
    match Plan::new(&conv(Initializer::HeNormal, 3, 32, 3)).layers[0].dist {
        Distribution::Normal { std } => assert_eq!(std, 2f64.sqrt() / 27f64.sqrt()),
        d => panic!("{d:?}"),
    }
}

#[test]
fn delta_orthogonal_has_an_orthogonal_centre_tap_and_zeros_elsewhere() {
    for (c_in, c_out, k, gain) in [(3, 8, 3, 1.0), (8, 8, 5, 2.0), (4, 4, 1, 1.0)] {
        let cfg = Config {
            gain: Some(gain),
            ..conv(Initializer::DeltaOrthogonal, c_in, c_out, k)
        };
        let p = Plan::new(&cfg).layers[0];
        let taps = k * k;
        let w = Dense::sample(&p.dist, p.fan_in, p.fan_out, 42, 1, p.bias).w;
        // Row (c, i, j) of our (C_in·k²) × C_out matrix is PyTorch's W[:, c, i, j].
        for c in 0..c_in {
            for t in 0..taps {
                let row = &w[(c * taps + t) * c_out..][..c_out];
                if t != taps / 2 {
                    assert!(row.iter().all(|&x| x == 0.0), "tap {t} of channel {c}");
                }
            }
        }
        // The centre tap, C_out × C_in in PyTorch's layout: its columns are orthonormal times the gain.
        let centre = |c: usize| &w[(c * taps + taps / 2) * c_out..][..c_out];
        for a in 0..c_in {
            for b in 0..c_in {
                let dot: f64 = centre(a)
                    .iter()
                    .zip(centre(b))
                    .map(|(&x, &y)| x as f64 * y as f64)
                    .sum();
                let want = if a == b { gain * gain } else { 0.0 };
                assert!((dot - want).abs() < 1e-5, "({a}, {b}): {dot}");
            }
        }
        assert_eq!(
            p.dist.variance(),
            gain * gain / (c_out * taps) as f64,
            "the entries' variance"
        );
    }
    // A dense layer has one tap: delta-orthogonal is orthogonal there.
    assert_eq!(
        InitSpec::new(Initializer::DeltaOrthogonal).distribution(16, 32),
        InitSpec::new(Initializer::Orthogonal).distribution(16, 32)
    );
}

#[test]
fn a_deep_linear_delta_orthogonal_stack_is_an_isometry() {
    // Xiao et al. 2018: every singular value of the input–output Jacobian is 1, at any depth.
    let cfg = Config {
        activation: Activation::Linear,
        depth: 40,
        image: 4,
        ..conv(Initializer::DeltaOrthogonal, 4, 8, 3)
    };
    let r = simulate(
        &cfg,
        &SimOptions {
            jacobian: true,
            ..SimOptions::default()
        },
    );
    let sv = &r.jacobian.expect("computed").singular_values;
    assert_eq!(sv.len(), 4 * 4 * 4);
    for s in sv {
        assert!((s - 1.0).abs() < 1e-4, "{s}");
    }
    // The flattened orthogonal_ of the same kernels is not an isometry of the image.
    let ortho = simulate(
        &Config {
            init: Initializer::Orthogonal,
            ..cfg.clone()
        },
        &SimOptions {
            jacobian: true,
            ..SimOptions::default()
        },
    );
    let sv = ortho.jacobian.unwrap().singular_values;
    assert!(sv[0] / sv[sv.len() - 1] > 10.0, "{sv:?}");
}

#[test]
fn he_relu_theory_holds_q_at_two_and_the_stack_runs_every_initializer() {
    let cfg = Config {
        init: Initializer::HeNormal,
        activation: Activation::Relu,
        ..Config::for_arch(Arch::Conv)
    };
    let r = simulate(&cfg, &SimOptions::default());
    let t = r.theory.as_ref().unwrap();
    assert!(t.layers.iter().all(|l| (l.pre_var - 2.0).abs() < 1e-12));
    assert!(t.layers.iter().all(|l| (l.grad_var - 0.5).abs() < 1e-12));
    assert!((t.chi - 1.0).abs() < 1e-12);
    // Var(h_1) over 8·16·16·32 = 65 536 values of a layer with fan_in 27: within 5 % of 2 (its relative
    // standard error is about √(2/27) ≈ 0.27 for one channel, √(2/27/32) ≈ 0.05 over 32 channels).
    assert!(
        (r.layers[0].pre_var - 2.0).abs() < 0.2,
        "{}",
        r.layers[0].pre_var
    );
    for init in Initializer::ALL {
        let cfg = Config {
            init,
            depth: 3,
            ..cfg.clone()
        };
        if cfg.validate().is_ok() {
            let r = simulate(&cfg, &SimOptions::default());
            assert_eq!(r.layers.len(), 3, "{init}");
        }
    }
}

#[test]
fn the_cli_runs_conv_and_names_bad_input_in_one_line() {
    let (code, out, err) = cli(&[
        "simulate",
        "--arch",
        "conv",
        "--init",
        "he-normal",
        "--activation",
        "relu",
        "--depth",
        "4",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\"arch\": \"conv\"") && out.contains("\"kernel\": 3"),
        "{out}"
    );
    let base = [
        "simulate",
        "--arch",
        "conv",
        "--init",
        "he-normal",
        "--activation",
        "relu",
    ];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    fails_with(&with(&["--kernel", "4"]), &["kernel: 4 is even"]);
    fails_with(
        &with(&["--kernel", "7", "--image", "5"]),
        &["image: 5", "7 × 7 kernel"],
    );
    fails_with(
        &with(&["--jacobian"]),
        &["--jacobian", "1024", "16·16·32 = 8192"],
    );
    fails_with(
        &[
            "simulate",
            "--arch",
            "conv",
            "--init",
            "delta-orthogonal",
            "--activation",
            "tanh",
            "--input-width",
            "64",
        ],
        &["input-width: 64", "C_in ≤ C_out"],
    );
    fails_with(&with(&["--kernel", "9"]), &["kernel", "1 to 7"]);
}
