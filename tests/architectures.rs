//! The architectures and normalizations: each definition against a case whose answer is known by hand, and
//! the statistics against the mean-field theory with tolerances from the number of independent seeds. The
//! newer initializers and statistics (correlations, the Jacobian) are in `init_statistics.rs`.

mod sim;

use initscope::engine::arch::Arch;
use initscope::engine::norm::Norm;
use initscope::engine::{Activation, Config, InitSpec, Initializer, SimResult};
use sim::{cfg, run};

/// Mean over `seeds` runs of measured/theory − 1 for `field` at every layer: within 5 standard errors (the
/// spread across seeds) plus `bias` for the finite-width bias of the mean.
fn agrees_with_theory(
    base: &Config,
    seeds: u64,
    bias: f64,
    field: fn(&SimResult, usize) -> (f64, f64),
) {
    let runs: Vec<SimResult> = (0..seeds)
        .map(|seed| {
            run(&Config {
                seed,
                ..base.clone()
            })
        })
        .collect();
    for l in 0..base.depth {
        let r: Vec<f64> = runs
            .iter()
            .map(|x| {
                let (m, t) = field(x, l);
                m / t - 1.0
            })
            .collect();
        let mean = r.iter().sum::<f64>() / seeds as f64;
        let sd =
            (r.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (seeds - 1) as f64).sqrt();
        let tol = 5.0 * sd / (seeds as f64).sqrt() + bias;
        assert!(
            mean.abs() < tol,
            "{:?} layer {}: mean rel. error {mean} > {tol}",
            base.arch,
            l + 1
        );
    }
}

#[test]
fn defaults_keep_the_plain_stack() {
    let d = Config::default();
    assert_eq!(
        (d.arch, d.norm, d.branch_scale, d.zero_init_last),
        (Arch::Mlp, Norm::None, 1.0, false)
    );
    assert_eq!(d.input_init, Initializer::XavierUniform);
}

#[test]
fn normalization_holds_the_input_of_phi_at_unit_variance() {
    // Var(n) over batch × width is the mean of per-group variances σ²/(σ² + ε) = 1 − O(ε/σ²).
    for norm in [Norm::Batch, Norm::Layer] {
        let r = run(&Config {
            norm,
            ..cfg(Arch::Mlp, Initializer::Normal, Activation::Tanh, 20)
        });
        for s in &r.layers {
            assert!(
                (s.pre_var - 1.0).abs() < 1e-3,
                "{norm} layer {}: {}",
                s.layer,
                s.pre_var
            );
            assert!(
                s.pre_mean.abs() < 1e-5,
                "{norm} layer {}: mean {}",
                s.layer,
                s.pre_mean
            );
        }
        assert!(r.theory.is_none(), "normalized stacks are measured only");
    }
}

#[test]
fn batch_norm_makes_a_deep_plain_relu_nets_gradient_explode() {
    // Yang et al. 2019: at initialization, the gradient grows through every batch-normalized layer.
    let r = run(&Config {
        norm: Norm::Batch,
        ..cfg(Arch::Mlp, Initializer::HeNormal, Activation::Relu, 30)
    });
    assert!(
        r.verdict.backward_ratio > 100.0,
        "{}",
        r.verdict.backward_ratio
    );
    assert!(
        r.verdict.message.contains("Yang et al. 2019"),
        "{}",
        r.verdict.message
    );
}

#[test]
fn zero_init_residual_blocks_are_the_identity() {
    // x_l = x_{l−1} + α·(a·0 + 0): the stream is the input, bit for bit, and so is its gradient.
    let r = run(&Config {
        zero_init_last: true,
        ..cfg(Arch::Residual, Initializer::HeNormal, Activation::Relu, 8)
    });
    let first = r.layers[0];
    for s in &r.layers {
        assert_eq!(s.stream_var, first.stream_var);
        assert_eq!(s.stream_grad_var, first.stream_grad_var);
        assert_eq!(s.grad_var, 0.0, "W₂ = 0 sends no gradient into the branch");
    }
    assert_eq!(
        r.verdict.kind,
        initscope::engine::VerdictKind::Stable,
        "{}",
        r.verdict.message
    );
    // α = 0 is the same network.
    let a0 = run(&Config {
        branch_scale: 0.0,
        ..cfg(Arch::Residual, Initializer::HeNormal, Activation::Relu, 8)
    });
    assert_eq!(
        a0.layers.iter().map(|s| s.stream_var).collect::<Vec<_>>(),
        r.layers.iter().map(|s| s.stream_var).collect::<Vec<_>>()
    );
}

#[test]
fn residual_stream_grows_as_one_plus_two_alpha_squared_per_block_with_he_relu() {
    // Theory: q_l = (1 + 2α²)·q_{l−1} exactly for He + ReLU without normalization.
    for alpha in [1.0, 0.5, 1.0 / (2.0f64 * 12.0).sqrt()] {
        let c = Config {
            branch_scale: alpha,
            ..cfg(Arch::Residual, Initializer::HeNormal, Activation::Relu, 12)
        };
        let t = run(&c).theory.expect("theory without normalization");
        for l in 1..12 {
            let ratio = t.layers[l].stream_var / t.layers[l - 1].stream_var;
            assert!(
                (ratio - (1.0 + 2.0 * alpha * alpha)).abs() < 1e-12,
                "α {alpha}: {ratio}"
            );
        }
        // Measured: 12 seeds at width 256, batch 64.
        let base = Config {
            width: 256,
            batch: 64,
            ..c
        };
        agrees_with_theory(&base, 12, 0.03, |r, l| {
            (
                r.layers[l].stream_var,
                r.theory.as_ref().unwrap().layers[l].stream_var,
            )
        });
    }
}

#[test]
fn rnn_with_identity_weights_and_linear_units_accumulates_its_inputs() {
    // h_t = h_{t−1}·I + x_t·U = Σ_{s≤t} x_s·U: Var(z_t) = t·Var(x·U) — the theory says so exactly, and the
    // measurement within sampling error (fresh x_t at every step, 12 seeds at width 256).
    let base = Config {
        width: 256,
        batch: 64,
        input_width: Some(64),
        ..cfg(Arch::Rnn, Initializer::Identity, Activation::Linear, 10)
    };
    let r = run(&base);
    assert!(
        r.theory.is_none(),
        "identity is not random: no mean-field theory"
    );
    let per_step = r.layers[0].pre_var;
    let su2 = 64.0
        * InitSpec::new(Initializer::XavierUniform)
            .distribution(64, 256)
            .variance();
    assert!(
        (per_step / su2 - 1.0).abs() < 0.05,
        "{per_step} vs σ_u² = {su2}"
    );
    for seed in 0..6 {
        let r = run(&Config {
            seed,
            ..base.clone()
        });
        for (t, s) in r.layers.iter().enumerate() {
            let want = (t + 1) as f64 * su2;
            // Var of a sum of t+1 independent inputs: relative error ≈ √(2/(B·W))·… ≤ 5 % here.
            assert!(
                (s.pre_var / want - 1.0).abs() < 0.08,
                "seed {seed} step {}: {} vs {want}",
                t + 1,
                s.pre_var
            );
        }
    }
}

#[test]
fn rnn_matches_its_mean_field_theory() {
    let base = Config {
        width: 256,
        batch: 64,
        ..cfg(Arch::Rnn, Initializer::Orthogonal, Activation::Tanh, 12)
    };
    agrees_with_theory(&base, 12, 0.03, |r, l| {
        (
            r.layers[l].pre_var,
            r.theory.as_ref().unwrap().layers[l].pre_var,
        )
    });
}

#[test]
fn residual_needs_equal_widths_and_says_so() {
    let c = Config {
        input_width: Some(10),
        ..cfg(Arch::Residual, Initializer::HeNormal, Activation::Relu, 4)
    };
    let errs = c.validate().unwrap_err();
    assert!(
        errs.iter()
            .any(|e| e.to_string().contains("residual block adds its input")),
        "{errs:?}"
    );
}
