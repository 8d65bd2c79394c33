//! The in-browser benchmark ([`Request::Bench`](initscope::protocol::Request::Bench)): kernel throughput,
//! sampling speed and whole runs, timed where the engine runs.

use initscope::engine::arch::Arch;
use initscope::engine::conv::Geometry;
use initscope::engine::dense::{BiasInit, Dense};
use initscope::engine::linalg::matmul;
use initscope::engine::rng::{stream_rng, Stream};
use initscope::engine::sample::fill_normal;
use initscope::engine::stats::{mean_var, LayerStats};
use initscope::engine::step::measure_activation;
use initscope::engine::{predict, simulate, Activation, Config, Initializer, SimOptions};
use initscope::engine::{Distribution, Nonlinearity};
use initscope::protocol::BenchScope;
use wasm_bindgen::JsCast;

/// Median milliseconds of `reps` timings of `f` after two warm-ups (V8 tiers up between calls).
fn median_ms(clock: &mut dyn FnMut() -> f64, reps: usize, mut f: impl FnMut()) -> f64 {
    f();
    f();
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let t0 = clock();
            f();
            clock() - t0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[reps / 2]
}

/// Median milliseconds of `reps` runs, each of the config `next` makes for it (after two warm-up runs).
fn median_of_runs(
    clock: &mut dyn FnMut() -> f64,
    reps: usize,
    opts: &SimOptions,
    mut next: impl FnMut() -> Config,
) -> f64 {
    median_ms(clock, reps, || drop(simulate(&next(), opts)))
}

/// Run the benchmark (all of it, or only the first runs): (name, value) pairs.
pub fn run(clock: &mut dyn FnMut() -> f64, scope: BenchScope) -> Vec<(String, f64)> {
    if scope == BenchScope::Counters {
        return super::helper::counters();
    }
    let mut out: Vec<(String, f64)> = Vec::new();
    let mut set = |k: &str, v: f64| out.push((k.to_string(), v));
    // The default run as the Lab asks for it: its table closed, so without ∂L/∂W.
    let lab = SimOptions {
        without_weight_grads: true,
        ..SimOptions::default()
    };
    // First, in a fresh worker: the default run cold (V8 has not tiered up the hot loops yet).
    let t0 = clock();
    drop(simulate(&Config::default(), &lab));
    set("default_run_cold_ms", clock() - t0);
    // Then again (its weights now kept): what the cold run pays for the engine's first use.
    let t0 = clock();
    drop(simulate(&Config::default(), &lab));
    set("default_run_second_ms", clock() - t0);
    if scope == BenchScope::FirstRuns {
        return out;
    }
    // Steps of a σ drag, N(0, σ²) from σ = 0.088 up by 0.002: the first step draws the weights, the second
    // draws their unit draws and keeps them (median_ms's two warm-ups), each timed one multiplies those by
    // its σ. The median of 7.
    let mut scale = 0.086;
    let rescaled = median_of_runs(clock, 7, &lab, || {
        scale += 0.002;
        Config {
            init: Initializer::Normal,
            scale,
            ..Config::default()
        }
    });
    set("default_run_rescaled_ms", rescaled);
    // New weights (another seed each time: nothing kept to reuse), the median of 5.
    let mut seed = 12345;
    let reseeded = median_of_runs(clock, 5, &lab, || {
        seed += 1;
        Config {
            seed,
            ..Config::default()
        }
    });
    set("default_run_new_weights_ms", reseeded);
    let (batch, n) = (128usize, 256usize);
    let a: Vec<f32> = (0..batch * n)
        .map(|i| ((i * 7919) % 1000) as f32 / 500.0 - 1.0)
        .collect();
    let b: Vec<f32> = (0..n * n)
        .map(|i| ((i * 104729) % 1000) as f32 / 500.0 - 1.0)
        .collect();
    let mut c = vec![0.0f32; batch * n];
    // Ten products per timing: one takes under a millisecond, and a worker's clock ticks in 0.1 ms.
    let ms = median_ms(clock, 15, || {
        (0..10).for_each(|_| matmul(&a, &b, &mut c, batch, n, n))
    });
    set(
        "kernel_gflops",
        2.0 * (10 * batch * n * n) as f64 / ms / 1e6,
    );
    let mut w = vec![0.0f32; 1 << 20];
    let ms = median_ms(clock, 9, || {
        fill_normal(1.0, &mut stream_rng(1, Stream::Weights(1)), &mut w)
    });
    set("normal_draws_per_us", w.len() as f64 / ms / 1e3);
    let tanh = Config {
        init: Initializer::XavierNormal,
        activation: Activation::Tanh,
        ..Config::default()
    };
    set(
        "theory_tanh_ms",
        median_ms(clock, 21, || drop(predict(&tanh))),
    );
    parts(clock, &mut set);
    conv_parts(clock, &mut set);
    let conv = Config::for_arch(Arch::Conv);
    set(
        "conv_run_ms",
        median_ms(clock, 9, || drop(simulate(&conv, &lab))),
    );
    transformer_runs(clock, &lab, &mut set);
    let cfg = Config::default();
    set(
        "default_run_ms",
        median_ms(clock, 9, || drop(simulate(&cfg, &lab))),
    );
    // With ∂L/∂W: the Lab with its table open, and the CLI.
    set(
        "default_run_weight_grads_ms",
        median_ms(clock, 9, || drop(simulate(&cfg, &SimOptions::default()))),
    );
    // numpy's job (benches/numpy_job.py) draws its weights inside each timing: so does this one (a new seed
    // each time, nothing kept to reuse), with every statistic and ∂L/∂W — here in one go, by this worker
    // alone (the benchmark also times it as a request, with the helper worker drawing the weights).
    let mut seed = 1000;
    let numpy_job = median_of_runs(clock, 7, &SimOptions::default(), || {
        seed += 1;
        Config {
            batch: 256,
            seed,
            ..Config::default()
        }
    });
    set("numpy_job_alone_ms", numpy_job);
    let big = Config {
        width: 1024,
        batch: 1024,
        depth: 200,
        ..Config::default()
    };
    let t0 = clock();
    let r = simulate(&big, &SimOptions::default());
    set("largest_run_ms", clock() - t0);
    set("largest_run_peak_buffer_bytes", r.peak_bytes as f64);
    set("wasm_memory_bytes", wasm_memory_bytes());
    out
}

/// Bytes of WASM memory the worker has grown to (it never shrinks).
fn wasm_memory_bytes() -> f64 {
    let mem = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    mem.buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// A transformer's defaults as the Lab asks for them (median of 9), then its largest setting: 96 blocks of
/// width 512 and 8 heads, 2 sequences of 256 tokens (one block holds 30 MB, just under its 32 MB limit), with
/// the WASM memory after it (before the dense stack's largest run, which comes later and grows it further).
fn transformer_runs(
    clock: &mut dyn FnMut() -> f64,
    lab: &SimOptions,
    set: &mut dyn FnMut(&str, f64),
) {
    let tf = Config::for_arch(Arch::Transformer);
    set(
        "transformer_run_ms",
        median_ms(clock, 9, || drop(simulate(&tf, lab))),
    );
    let big = initscope::engine::transformer::shape::largest();
    let t0 = clock();
    let r = simulate(&big, lab);
    set("transformer_largest_run_ms", clock() - t0);
    set("transformer_largest_peak_buffer_bytes", r.peak_bytes as f64);
    set("transformer_largest_wasm_memory_bytes", wasm_memory_bytes());
}

/// One layer of the default run (width 256, batch 128, half of the inputs zero as after ReLU), part by part:
/// where a run's time goes (as `benches/engine.rs` measures natively).
fn parts(clock: &mut dyn FnMut() -> f64, set: &mut dyn FnMut(&str, f64)) {
    let (batch, n) = (128usize, 256usize);
    let dense = Dense::sample(
        &Distribution::Normal { std: 0.088 },
        n,
        n,
        1,
        1,
        BiasInit::None,
    );
    let mut h = vec![0.0f32; batch * n];
    fill_normal(1.0, &mut stream_rng(1, Stream::Input), &mut h);
    let a: Vec<f32> = h.iter().map(|x| x.max(0.0)).collect();
    let phi = Nonlinearity::new(Activation::Relu, 0.0);
    // Ten of each per timing, for the worker's 0.1 ms clock.
    let ten = |clock: &mut dyn FnMut() -> f64, f: &mut dyn FnMut()| {
        median_ms(clock, 9, || (0..10).for_each(|_| f())) / 10.0
    };
    set(
        "part_forward_ms",
        ten(clock, &mut || drop(dense.forward(&a, batch))),
    );
    set(
        "part_input_grad_ms",
        ten(clock, &mut || drop(dense.input_grad(&a, batch))),
    );
    set(
        "part_weight_grad_ms",
        ten(clock, &mut || drop(dense.weight_grad(&a, &h, batch))),
    );
    set(
        "part_measure_activation_ms",
        ten(clock, &mut || {
            let mut s = LayerStats::unavailable(1);
            measure_activation(&phi, [&h, &a], &dense.w, (batch, n, batch), &mut s);
        }),
    );
    set(
        "part_mean_var_ms",
        ten(clock, &mut || {
            std::hint::black_box(mean_var(&h));
        }),
    );
}

/// One layer of a convolution's defaults (8 images of 16 × 16 × 32, k = 3, half of the inputs zero as after
/// ReLU), part by part: the product (forward; ∂L/∂a is the same product) and the forward statistics.
fn conv_parts(clock: &mut dyn FnMut() -> f64, set: &mut dyn FnMut(&str, f64)) {
    let g = Geometry {
        batch: 8,
        side: 16,
        kernel: 3,
        channels: 32,
    };
    let n = 32;
    let mut h = vec![0.0f32; g.pixels() * n];
    fill_normal(1.0, &mut stream_rng(1, Stream::Input), &mut h);
    let a: Vec<f32> = h.iter().map(|x| x.max(0.0)).collect();
    let mut w = vec![0.0f32; g.patch_len() * n];
    fill_normal(0.08, &mut stream_rng(1, Stream::Weights(1)), &mut w);
    let mut out = vec![0.0f32; g.pixels() * n];
    set(
        "part_conv_product_ms",
        median_ms(clock, 9, || g.convolve(&a, &w, &mut out, n)),
    );
    let phi = Nonlinearity::new(Activation::Relu, 0.0);
    set(
        "part_conv_measure_activation_ms",
        median_ms(clock, 9, || {
            let mut s = LayerStats::unavailable(1);
            measure_activation(&phi, [&h, &a], &w, (g.pixels(), n, g.batch), &mut s);
        }),
    );
}
