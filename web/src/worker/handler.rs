//! The web worker (wasm32): receives [`Job`] messages, runs the engine off the main thread, and answers
//! `["progress", id, fraction]`, `["result", id, Float64Array, ms]` and `["band", id, Float64Array]`.

use initscope::engine::codec::encode;
use initscope::engine::network::{simulate_observed, MEMORY_BUDGET};
use initscope::engine::spread::variance_band;
use initscope::engine::SimOptions;
use initscope::job::Job;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Progress is reported only for runs longer than this (ms), at most every [`PROGRESS_EVERY_MS`].
const PROGRESS_AFTER_MS: f64 = 150.0;
const PROGRESS_EVERY_MS: f64 = 60.0;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope
        .performance()
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

fn post(scope: &DedicatedWorkerGlobalScope, parts: &[JsValue]) {
    let msg: js_sys::Array = parts.iter().collect();
    let _ = scope.post_message(&msg);
}

fn run(job: Job) {
    let scope = scope();
    let id = JsValue::from_f64(job.id as f64);
    let t0 = now(&scope);
    let mut last = t0;
    let opts = SimOptions {
        histogram_layers: job.histogram_layers.clone(),
    };
    let result = simulate_observed(&job.config, &opts, MEMORY_BUDGET, &mut |f| {
        let t = now(&scope);
        if t - t0 > PROGRESS_AFTER_MS && t - last > PROGRESS_EVERY_MS {
            last = t;
            post(&scope, &["progress".into(), id.clone(), f.into()]);
        }
    });
    let ms = now(&scope) - t0;
    let data = js_sys::Float64Array::from(encode(&result).as_slice());
    post(
        &scope,
        &["result".into(), id.clone(), data.into(), ms.into()],
    );
    if job.spread_seeds > 1 {
        let (lo, hi) = variance_band(&job.config, job.spread_seeds);
        let both: Vec<f64> = lo.into_iter().chain(hi).collect();
        let data = js_sys::Float64Array::from(both.as_slice());
        post(&scope, &["band".into(), id, data.into()]);
    }
}

thread_local! {
    /// The training race this worker is running, and its generation.
    static RACE: std::cell::RefCell<Option<(u64, initscope::train::Race)>> = const { std::cell::RefCell::new(None) };
}

/// Most milliseconds one `race-run` request may take before it answers (the page asks again).
const RACE_SLICE_MS: f64 = 100.0;

/// Handle a race message — `race-new\n{gen}\n{query}` or `race-run\n{gen}\n{steps}\n{every}\n{boundaries}` —
/// and return the generation and the encoded snapshot to send back. The page calls this directly when no
/// worker is available. Anything else: `None`.
pub fn race_message(text: &str, clock: &mut dyn FnMut() -> f64) -> Option<(u64, Vec<f64>)> {
    use initscope::train::params::parse_race_query;
    use initscope::train::snapshot::encode;
    let mut lines = text.split('\n');
    let kind = lines.next()?;
    let gen: u64 = lines.next()?.parse().ok()?;
    RACE.with(|slot| {
        let mut slot = slot.borrow_mut();
        match kind {
            "race-new" => {
                let (cfg, _) = parse_race_query(lines.next().unwrap_or(""));
                let race = initscope::train::Race::new(cfg);
                let snap = encode(&race.snapshot(true));
                *slot = Some((gen, race));
                Some((gen, snap))
            }
            "race-run" => {
                let steps: usize = lines.next()?.parse().ok()?;
                let every: usize = lines.next()?.parse().ok()?;
                let boundaries = lines.next()? == "1";
                let (g, race) = slot.as_mut()?;
                if *g != gen {
                    return None;
                }
                let t0 = clock();
                let mut done = 0;
                while done < steps
                    && clock() - t0 < RACE_SLICE_MS
                    && race.step < initscope::train::race::MAX_STEPS
                {
                    if race.advance(every) {
                        done += 1;
                    }
                }
                // Finish a step left half-done by the time limit, so the snapshot is consistent.
                while race.step < initscope::train::race::MAX_STEPS && !race.at_step_boundary() {
                    race.advance(every);
                }
                Some((gen, encode(&race.snapshot(boundaries))))
            }
            _ => None,
        }
    })
}

/// Median milliseconds of `reps` timings of `f` after two warm-ups (V8 tiers up between calls).
fn median_ms(scope: &DedicatedWorkerGlobalScope, reps: usize, mut f: impl FnMut()) -> f64 {
    f();
    f();
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let t0 = now(scope);
            f();
            now(scope) - t0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[reps / 2]
}

/// The in-browser benchmark (message "bench"): answers `["bench", {name: value, …}]`.
fn bench() {
    use initscope::engine::linalg::matmul;
    use initscope::engine::rng::{stream_rng, Stream};
    use initscope::engine::sample::fill_normal;
    use initscope::engine::{predict, simulate, Activation, Config, Initializer};
    let scope = scope();
    let out = js_sys::Object::new();
    let set = |k: &str, v: f64| {
        let _ = js_sys::Reflect::set(&out, &k.into(), &v.into());
    };
    let (batch, n) = (128usize, 256usize);
    let a: Vec<f32> = (0..batch * n)
        .map(|i| ((i * 7919) % 1000) as f32 / 500.0 - 1.0)
        .collect();
    let b: Vec<f32> = (0..n * n)
        .map(|i| ((i * 104729) % 1000) as f32 / 500.0 - 1.0)
        .collect();
    let mut c = vec![0.0f32; batch * n];
    let ms = median_ms(&scope, 31, || matmul(&a, &b, &mut c, batch, n, n));
    set("kernel_gflops", 2.0 * (batch * n * n) as f64 / ms / 1e6);
    let mut w = vec![0.0f32; 1 << 20];
    let ms = median_ms(&scope, 9, || {
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
        median_ms(&scope, 21, || drop(predict(&tanh))),
    );
    let cfg = Config::default();
    set(
        "default_run_ms",
        median_ms(&scope, 9, || drop(simulate(&cfg, &SimOptions::default()))),
    );
    let numpy_job = Config {
        batch: 256,
        ..Config::default()
    };
    set(
        "numpy_job_ms",
        median_ms(&scope, 7, || {
            drop(simulate(&numpy_job, &SimOptions::default()))
        }),
    );
    let big = Config {
        width: 1024,
        batch: 1024,
        depth: 200,
        ..Config::default()
    };
    let t0 = now(&scope);
    let r = simulate(&big, &SimOptions::default());
    set("largest_run_ms", now(&scope) - t0);
    set("largest_run_peak_buffer_bytes", r.peak_bytes as f64);
    let mem = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    set(
        "wasm_memory_bytes",
        mem.buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as f64,
    );
    post(&scope, &["bench".into(), out.into()]);
}

/// Install the message handler and say "ready".
pub fn start() {
    let scope = scope();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let text = ev.data().as_string().unwrap_or_default();
        if text == "bench" {
            bench();
            return;
        }
        if let Some((gen, data)) = race_message(&text, &mut || now(&self::scope())) {
            let data = js_sys::Float64Array::from(data.as_slice());
            post(
                &self::scope(),
                &["race".into(), (gen as f64).into(), data.into()],
            );
            return;
        }
        match Job::from_message(&text) {
            Some(job) => run(job),
            None => post(
                &self::scope(),
                &["error".into(), JsValue::NULL, "malformed job".into()],
            ),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &["ready".into()]);
}
