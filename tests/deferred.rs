//! Var(∂L/∂W) computed elsewhere (as the web worker's helper computes it): a job that hands its weight
//! products out, and gets the variances back from another thread, gives exactly what one run gives.

use initscope::engine::arch::Arch;
use initscope::engine::deferred::DeferredWeightGrad;
use initscope::engine::norm::Norm;
use initscope::engine::{
    codec, simulate_with_budget, Activation, Config, Initializer, Job, SimOptions, SimResult,
};

fn bits(r: &SimResult) -> Vec<u64> {
    codec::encode(r).iter().map(|x| x.to_bits()).collect()
}

fn cfg(init: Initializer, activation: Activation, norm: Norm, depth: usize) -> Config {
    Config {
        init,
        activation,
        norm,
        depth,
        width: 40,
        batch: 24,
        ..Config::default()
    }
}

/// Dense stacks: plain, normalized, LSUV, checkpointed (a budget of one layer), and one whose gradient
/// overflows part way down.
fn cases() -> Vec<(Config, usize)> {
    let big = usize::MAX / 4;
    let mut overflow = cfg(Initializer::Uniform, Activation::Relu, Norm::None, 30);
    overflow.scale = 3.0;
    vec![
        (
            cfg(Initializer::HeNormal, Activation::Relu, Norm::None, 9),
            big,
        ),
        (
            cfg(Initializer::XavierUniform, Activation::Tanh, Norm::None, 17),
            40_000,
        ),
        (
            cfg(Initializer::HeNormal, Activation::Gelu, Norm::Batch, 8),
            big,
        ),
        (
            cfg(Initializer::LecunNormal, Activation::Selu, Norm::Layer, 8),
            big,
        ),
        (cfg(Initializer::Lsuv, Activation::Tanh, Norm::None, 6), big),
        (overflow, big),
    ]
}

/// Run `cfg` in slices with its weight products deferred, computed on another thread: the result, and how
/// many layers were deferred.
fn deferred_run(cfg: &Config, budget: usize) -> (SimResult, usize) {
    let mut job = Job::new(cfg, &SimOptions::default(), budget);
    assert!(job.defer_weight_grads());
    let mut handed: Vec<DeferredWeightGrad> = Vec::new();
    while job.advance(3, &mut |_| {}) != Some(initscope::engine::Stage::Complete) {
        handed.extend(job.take_deferred());
    }
    handed.extend(job.take_deferred());
    let count = handed.len();
    let answers = std::thread::spawn(move || {
        (handed.iter())
            .map(|d| (d.layer, d.weight_grad_var().expect("shaped")))
            .collect::<Vec<_>>()
    })
    .join()
    .unwrap();
    for (layer, var) in answers {
        job.set_weight_grad_var(layer, var);
    }
    (job.into_result(&mut |_| {}), count)
}

#[test]
fn deferred_weight_grads_give_the_same_run_to_the_bit() {
    for (cfg, budget) in cases() {
        let whole = simulate_with_budget(&cfg, &SimOptions::default(), budget);
        let (deferred, count) = deferred_run(&cfg, budget);
        let measured = (whole.layers.iter())
            .filter(|l| !l.grad_var.is_nan())
            .count();
        assert_eq!(
            count, measured,
            "{cfg:?}: every layer the backward pass reached was deferred"
        );
        assert!(count > 0);
        assert_eq!(bits(&deferred), bits(&whole), "{cfg:?}");
    }
}

#[test]
fn an_unanswered_layer_stays_unmeasured() {
    let c = cfg(Initializer::HeNormal, Activation::Relu, Norm::None, 5);
    let mut job = Job::new(&c, &SimOptions::default(), usize::MAX / 4);
    assert!(job.defer_weight_grads());
    let r = job.into_result(&mut |_| {});
    assert!(r.layers.iter().all(|l| l.weight_grad_var.is_nan()));
    assert!(r.layers.iter().all(|l| l.grad_var.is_finite()));
}

#[test]
fn only_dense_stacks_measuring_weight_grads_defer() {
    let c = cfg(Initializer::HeNormal, Activation::Relu, Norm::None, 5);
    let without = SimOptions {
        without_weight_grads: true,
        ..SimOptions::default()
    };
    assert!(!Job::new(&c, &without, usize::MAX / 4).defer_weight_grads());
    for arch in [Arch::Residual, Arch::Rnn] {
        let c = Config { arch, ..c.clone() };
        assert!(!Job::new(&c, &SimOptions::default(), usize::MAX / 4).defer_weight_grads());
    }
}

#[test]
fn a_misshaped_product_is_refused() {
    let d = DeferredWeightGrad {
        layer: 1,
        a: vec![1.0; 6],
        g_h: vec![1.0; 4],
        rows: 2,
        fan_in: 3,
        fan_out: 2,
    };
    assert!(d.weight_grad_var().is_some());
    let short = DeferredWeightGrad {
        a: vec![1.0; 5],
        ..d.clone()
    };
    assert!(short.weight_grad_var().is_none());
    let huge = DeferredWeightGrad {
        rows: 0,
        a: vec![],
        g_h: vec![],
        fan_in: 1 << 20,
        fan_out: 1 << 20,
        ..d
    };
    assert!(huge.weight_grad_var().is_none(), "not allocated");
}
