//! Native benchmarks of the engine: the dense kernel, Gaussian sampling, the theory and a full default run.
//! `cargo bench --bench engine` (plain harness: each figure is the median of repeated timings).

use initscope::engine::dense::{BiasInit, Dense};
use initscope::engine::linalg::matmul;
use initscope::engine::rng::{stream_rng, Stream};
use initscope::engine::sample::fill_normal;
use initscope::engine::stats::{mean_var, LayerStats};
use initscope::engine::step::{activate, measure_activation};
use initscope::engine::Nonlinearity;
use initscope::engine::{predict, simulate, Activation, Config, Initializer, SimOptions};
use std::hint::black_box;
use std::time::Instant;

/// Median seconds of `reps` timings of `f` after a warm-up (the minimum with `BENCH_MIN` set: on a machine
/// shared with other work the minimum is the steadier estimate of the uncontended time).
fn time(reps: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    if std::env::var_os("BENCH_MIN").is_some() {
        t[0]
    } else {
        t[reps / 2]
    }
}

/// One layer of the default run (width 256, batch 128, ReLU inputs half zeros), part by part.
fn parts() {
    let (batch, n) = (128usize, 256usize);
    let dist = initscope::engine::Distribution::Normal { std: 0.088 };
    let dense = Dense::sample(&dist, n, n, 1, 1, BiasInit::None);
    let mut a = vec![0.0f32; batch * n];
    fill_normal(1.0, &mut stream_rng(1, Stream::Input), &mut a);
    let h = a.clone();
    a.iter_mut().for_each(|x| *x = x.max(0.0));
    let phi = Nonlinearity::new(Activation::Relu, 0.0);
    let ms = |s: f64| s * 1e3;
    let t = time(51, || {
        black_box(dense.forward(black_box(&a), batch));
    });
    println!("part    forward a·W (relu input):   {:7.3} ms", ms(t));
    let t = time(51, || {
        black_box(dense.weight_grad(black_box(&a), &h, batch));
    });
    println!("part    weight_grad aᵀ·g:          {:7.3} ms", ms(t));
    let t = time(51, || {
        black_box(dense.input_grad(black_box(&a), batch));
    });
    println!("part    input_grad g·Wᵀ (sparse g): {:7.3} ms", ms(t));
    let t = time(51, || {
        black_box(mean_var(black_box(&h)));
    });
    println!("part    mean_var 32K:              {:7.3} ms", ms(t));
    let t = time(51, || {
        let mut s = LayerStats::unavailable(1);
        measure_activation(
            &phi,
            [black_box(&h), &a],
            &dense.w,
            (batch, n, batch),
            &mut s,
        );
        black_box(s);
    });
    println!("part    measure_activation:        {:7.3} ms", ms(t));
    let t = time(51, || {
        black_box(activate(&phi, black_box(&h)));
    });
    println!("part    activate (relu):           {:7.3} ms", ms(t));
    let t = time(51, || {
        black_box(Dense::sample(&dist, n, n, 1, 1, BiasInit::None));
    });
    println!("part    sample 256×256 weights:    {:7.3} ms", ms(t));
}

fn main() {
    parts();
    if std::env::var_os("BENCH_PARTS_ONLY").is_some() {
        return;
    }
    for n in [128usize, 256, 512] {
        let batch = 128;
        let a: Vec<f32> = (0..batch * n)
            .map(|i| ((i * 7919) % 1000) as f32 / 500.0 - 1.0)
            .collect();
        let b: Vec<f32> = (0..n * n)
            .map(|i| ((i * 104729) % 1000) as f32 / 500.0 - 1.0)
            .collect();
        let mut out = vec![0.0f32; batch * n];
        let s = time(21, || {
            matmul(black_box(&a), black_box(&b), &mut out, batch, n, n)
        });
        let gflops = 2.0 * (batch * n * n) as f64 / s / 1e9;
        println!(
            "kernel  {batch}×{n} · {n}×{n}: {:8.3} ms  {gflops:6.1} GFLOP/s",
            s * 1e3
        );
    }
    let mut w = vec![0.0f32; 1 << 20];
    let s = time(11, || {
        fill_normal(
            1.0,
            &mut stream_rng(1, Stream::Weights(1)),
            black_box(&mut w),
        )
    });
    println!(
        "sampling N(0,1) ziggurat: {:6.1} M draws/s",
        w.len() as f64 / s / 1e6
    );
    for (init, act) in [
        (Initializer::HeNormal, Activation::Relu),
        (Initializer::XavierNormal, Activation::Tanh),
        (Initializer::LecunNormal, Activation::Selu),
    ] {
        let cfg = Config {
            init,
            activation: act,
            ..Config::default()
        };
        let s = time(51, || {
            black_box(predict(black_box(&cfg)));
        });
        println!("theory  {init}+{act}, depth 50: {:7.3} ms", s * 1e3);
    }
    let cfg = Config::default();
    let s = time(7, || {
        black_box(simulate(&cfg, &SimOptions::default()));
    });
    println!(
        "default run (he-normal+relu, depth 50, width 256, batch 128): {:7.1} ms",
        s * 1e3
    );
    let cfg = Config {
        batch: 256,
        ..Config::default()
    };
    let s = time(5, || {
        black_box(simulate(&cfg, &SimOptions::default()));
    });
    println!("numpy-comparison job (batch 256): {:7.1} ms", s * 1e3);
    // A convolution's defaults as the Lab asks for them (no ∂L/∂W while its table is closed).
    let cfg = Config::for_arch(initscope::engine::arch::Arch::Conv);
    let lab = SimOptions {
        without_weight_grads: true,
        ..SimOptions::default()
    };
    let s = time(7, || {
        black_box(simulate(&cfg, &lab));
    });
    println!(
        "conv defaults as the Lab asks (depth {}, {} channels, {}×{} images, batch {}): {:7.1} ms",
        cfg.depth,
        cfg.width,
        cfg.image,
        cfg.image,
        cfg.batch,
        s * 1e3
    );
}
