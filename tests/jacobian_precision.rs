//! The Jacobian's singular values are right to f64's accuracy, not f32's: at depth 50 a product of Gaussian
//! layers has a median singular value near 10⁻⁷·⁵ (about −0.35 nats per layer) that f32 rounding would flatten
//! near 10⁻⁶·³, and an orthogonal product equals the f64 product of its own f32 weights.

use initscope::engine::dense::Dense;
use initscope::engine::svd::singular_values;
use initscope::engine::{simulate, Activation, Config, Initializer, Plan, SimOptions};

fn linear(init: Initializer, depth: usize, width: usize) -> Config {
    Config {
        init,
        activation: Activation::Linear,
        depth,
        width,
        batch: 4,
        ..Config::default()
    }
}

fn spectrum(cfg: &Config) -> Vec<f64> {
    let opts = SimOptions {
        jacobian: true,
        ..SimOptions::default()
    };
    simulate(cfg, &opts).jacobian.unwrap().singular_values
}

/// W_1·W_2···W_L of the run's own f32 weights, multiplied in f64 here (row by row, k outermost).
fn product(cfg: &Config) -> (Vec<f64>, usize) {
    let plan = Plan::new(cfg);
    let n0 = plan.input_width;
    let mut m: Vec<f64> = (0..n0 * n0)
        .map(|i| if i / n0 == i % n0 { 1.0 } else { 0.0 })
        .collect();
    let mut cols = n0;
    for p in &plan.layers {
        let w = Dense::sample(&p.dist, p.fan_in, p.fan_out, plan.seed, p.index, p.bias).w;
        let mut next = vec![0.0f64; n0 * p.fan_out];
        for i in 0..n0 {
            for k in 0..cols {
                let a = m[i * cols + k];
                for j in 0..p.fan_out {
                    next[i * p.fan_out + j] += a * w[k * p.fan_out + j] as f64;
                }
            }
        }
        (m, cols) = (next, p.fan_out);
    }
    (m, cols)
}

#[test]
fn a_deep_gaussian_product_keeps_its_small_singular_values() {
    let cfg = linear(Initializer::XavierNormal, 50, 256);
    let sv = spectrum(&cfg);
    let (p, cols) = product(&cfg);
    let want = singular_values(&p, 256, cols);
    assert_eq!(sv.len(), want.len());
    // Where f64 resolves them (above 10⁻¹² of the largest), the values agree to f64's relative accuracy
    // amplified by the conditioning: 10⁻⁶ leaves room for the product's rounding at depth 50.
    let floor = 1e-12 * want[0];
    let resolved = want.iter().take_while(|&&s| s > floor).count();
    assert!(resolved > 160, "{resolved} values resolved");
    for (i, (a, b)) in sv.iter().zip(&want).take(resolved).enumerate() {
        assert!((a - b).abs() <= 1e-6 * b, "σ_{i}: {a} vs {b}");
    }
    // The median is far below f32's reach (about 10⁻⁷·⁵, not 10⁻⁶·³), and the smallest reach f64's floor.
    let median = sv[sv.len() / 2];
    assert!((1e-8..1e-7).contains(&median), "median {median}");
    assert!(
        *sv.last().unwrap() < 1e-12 * sv[0],
        "smallest {}",
        sv.last().unwrap()
    );
}

#[test]
fn an_orthogonal_product_is_an_isometry_up_to_its_f32_weights() {
    // Each f32 weight matrix is orthogonal to f32's resolution (≈ 6·10⁻⁸), so the product of 50 is within
    // 50·10⁻⁷ of an isometry; the engine's values equal the f64 product of those very weights to 10⁻¹²,
    // which carrying the matrix in f32 (a rounding of ≈ 10⁻⁷ per layer) could not.
    let cfg = linear(Initializer::Orthogonal, 50, 64);
    let sv = spectrum(&cfg);
    let (p, cols) = product(&cfg);
    let want = singular_values(&p, 64, cols);
    assert_eq!(sv.len(), 64);
    for (a, b) in sv.iter().zip(&want) {
        assert!((a - 1.0).abs() < 5e-6, "{a}");
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }
}
