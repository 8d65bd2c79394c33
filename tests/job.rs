//! A job run in slices (as the web worker runs it) gives exactly what one uninterrupted run gives, reaches its
//! stages in order, and shows at each stage only what that stage has measured.

use initscope::engine::arch::Arch;
use initscope::engine::norm::Norm;
use initscope::engine::series::Field;
use initscope::engine::{
    codec, simulate_with_budget, Activation, Config, Initializer, Job, SimOptions, SimResult, Stage,
};

fn bits(r: &SimResult) -> Vec<u64> {
    codec::encode(r).iter().map(|x| x.to_bits()).collect()
}

fn config(
    arch: Arch,
    norm: Norm,
    init: Initializer,
    activation: Activation,
    depth: usize,
) -> Config {
    Config {
        arch,
        norm,
        init,
        activation,
        depth,
        width: 48,
        batch: 24,
        ..Config::default()
    }
}

/// Configs covering every architecture, a norm, checkpointing, an overflow and the Jacobian.
fn cases() -> Vec<(Config, SimOptions, usize)> {
    let opts = SimOptions {
        histogram_layers: vec![1, 5, 9],
        ..SimOptions::default()
    };
    let jac = SimOptions {
        jacobian: true,
        ..SimOptions::default()
    };
    let big = usize::MAX / 4;
    let mut uniform = config(
        Arch::Mlp,
        Norm::None,
        Initializer::Uniform,
        Activation::Relu,
        30,
    );
    uniform.scale = 3.0;
    vec![
        (
            config(
                Arch::Mlp,
                Norm::None,
                Initializer::HeNormal,
                Activation::Relu,
                9,
            ),
            opts.clone(),
            big,
        ),
        // A budget of one layer's buffers: the backward pass recomputes segments from checkpoints.
        (
            config(
                Arch::Mlp,
                Norm::None,
                Initializer::XavierUniform,
                Activation::Tanh,
                17,
            ),
            opts.clone(),
            40_000,
        ),
        (
            config(
                Arch::Mlp,
                Norm::Batch,
                Initializer::HeNormal,
                Activation::Relu,
                9,
            ),
            opts.clone(),
            big,
        ),
        (
            config(
                Arch::Mlp,
                Norm::Layer,
                Initializer::LecunNormal,
                Activation::Selu,
                9,
            ),
            jac.clone(),
            big,
        ),
        (
            config(
                Arch::Mlp,
                Norm::None,
                Initializer::Orthogonal,
                Activation::Tanh,
                7,
            ),
            jac,
            40_000,
        ),
        (
            config(
                Arch::Residual,
                Norm::Layer,
                Initializer::HeNormal,
                Activation::Relu,
                9,
            ),
            opts.clone(),
            big,
        ),
        (
            config(
                Arch::Residual,
                Norm::None,
                Initializer::XavierNormal,
                Activation::Gelu,
                10,
            ),
            opts.clone(),
            60_000,
        ),
        (
            config(
                Arch::Rnn,
                Norm::None,
                Initializer::Orthogonal,
                Activation::Tanh,
                12,
            ),
            opts.clone(),
            big,
        ),
        (
            config(
                Arch::Rnn,
                Norm::None,
                Initializer::XavierNormal,
                Activation::Linear,
                12,
            ),
            opts.clone(),
            20_000,
        ),
        (uniform, opts.clone(), big),
        (
            Config {
                tokens: 6,
                heads: 2,
                batch: 3,
                causal: true,
                ..config(
                    Arch::Transformer,
                    Norm::None,
                    Initializer::XavierNormal,
                    Activation::Gelu,
                    9,
                )
            },
            opts.clone(),
            20_000,
        ),
        (
            Config {
                tokens: 5,
                heads: 4,
                batch: 2,
                ln: initscope::engine::transformer::LnPlace::Post,
                ..config(
                    Arch::Transformer,
                    Norm::None,
                    Initializer::PytorchDefault,
                    Activation::Relu,
                    7,
                )
            },
            opts,
            big,
        ),
    ]
}

#[test]
fn a_job_run_one_step_at_a_time_equals_one_uninterrupted_run() {
    for (cfg, opts, budget) in cases() {
        cfg.validate().unwrap();
        let whole = simulate_with_budget(&cfg, &opts, budget);
        let mut job = Job::new(&cfg, &opts, budget);
        let mut stages = vec![job.stage()];
        let mut calls = 0;
        while job.stage() < Stage::Complete {
            if let Some(s) = job.advance(1, &mut |_| {}) {
                stages.push(s);
            }
            calls += 1;
            assert!(calls < 10 * cfg.depth + 10, "{cfg:?}: the job does not end");
        }
        assert!(
            calls > cfg.depth,
            "{cfg:?}: one step per call, but only {calls} calls"
        );
        let sliced = job.into_result(&mut |_| {});
        assert_eq!(bits(&sliced), bits(&whole), "{cfg:?}");
        assert_eq!(sliced.verdict, whole.verdict);
        let want: Vec<Stage> = if whole.overflow_layer.is_some() {
            vec![Stage::Theory, Stage::Complete]
        } else {
            Stage::ALL.to_vec()
        };
        assert_eq!(stages, want, "{cfg:?}");
    }
}

/// Without ∂L/∂W (the Lab with its table closed) every other number keeps its bits, in every architecture,
/// checkpointed or not; only Var(∂L/∂W) is NaN, and the result says it was left out.
#[test]
fn leaving_out_the_weight_gradients_changes_nothing_else() {
    for (cfg, opts, budget) in cases() {
        let full = simulate_with_budget(&cfg, &opts, budget);
        let lean = simulate_with_budget(
            &cfg,
            &SimOptions {
                without_weight_grads: true,
                ..opts.clone()
            },
            budget,
        );
        assert!(full.weight_grads && !lean.weight_grads);
        // (A transformer reports ‖∂L/∂W₂‖ instead, in both.)
        let reports = cfg.arch.model().fields().contains(&Field::WeightGradVar);
        assert!(
            !reports
                || full.layers.iter().any(|l| l.weight_grad_var.is_finite())
                || full.grad_overflow_layer.is_some(),
            "{cfg:?}: the full run measured ∂L/∂W"
        );
        assert!(lean.layers.iter().all(|l| l.weight_grad_var.is_nan()));
        let mut patched = lean.clone();
        patched.weight_grads = true;
        for (p, f) in patched.layers.iter_mut().zip(&full.layers) {
            p.weight_grad_var = f.weight_grad_var;
        }
        patched.peak_bytes = full.peak_bytes;
        assert_eq!(bits(&patched), bits(&full), "{cfg:?}");
        assert!(lean.peak_bytes <= full.peak_bytes);
    }
}

#[test]
fn each_stage_shows_exactly_what_it_has_measured() {
    let cfg = config(
        Arch::Mlp,
        Norm::None,
        Initializer::HeNormal,
        Activation::Tanh,
        12,
    );
    let opts = SimOptions::default();
    let whole = simulate_with_budget(&cfg, &opts, usize::MAX / 4);
    let mut job = Job::new(&cfg, &opts, usize::MAX / 4);

    let theory = job.snapshot();
    assert_eq!(
        format!("{:?}", theory.theory),
        format!("{:?}", whole.theory)
    );
    assert!(theory
        .layers
        .iter()
        .all(|l| l.pre_var.is_nan() && l.grad_var.is_nan()));

    while job.advance(5, &mut |_| {}) != Some(Stage::Forward) {}
    let forward = job.snapshot();
    for (f, w) in forward.layers.iter().zip(&whole.layers) {
        assert_eq!(f.pre_var.to_bits(), w.pre_var.to_bits());
        assert_eq!(f.post_var.to_bits(), w.post_var.to_bits());
        assert_eq!(f.corr.to_bits(), w.corr.to_bits());
        assert!(f.grad_var.is_nan() && f.weight_grad_var.is_nan());
    }
    assert_eq!(job.advance(usize::MAX, &mut |_| {}), Some(Stage::Complete));
    assert_eq!(
        job.advance(usize::MAX, &mut |_| {}),
        None,
        "a stage is reported once"
    );
    assert_eq!(bits(&job.snapshot()), bits(&whole));
}

#[test]
fn progress_rises_from_zero_to_one_across_both_passes() {
    let cfg = config(
        Arch::Mlp,
        Norm::None,
        Initializer::HeNormal,
        Activation::Relu,
        10,
    );
    let mut seen = Vec::new();
    let _ =
        Job::new(&cfg, &SimOptions::default(), usize::MAX / 4).into_result(&mut |f| seen.push(f));
    assert_eq!(seen.len(), 2 * cfg.depth);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
}
