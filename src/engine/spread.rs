//! The finite-width spread: the same network under several seeds, and the min–max band of Var(h_l).

use super::config::Config;
use super::result::SimOptions;
use super::simulation::simulate;

/// Per-layer minimum and maximum of Var(h_l) over `seeds` consecutive seeds starting at the config's own
/// (non-finite values, after an overflow, are left out; NaN where no seed has a value).
pub fn variance_band(cfg: &Config, seeds: u64) -> (Vec<f64>, Vec<f64>) {
    let mut lo = vec![f64::NAN; cfg.depth];
    let mut hi = vec![f64::NAN; cfg.depth];
    for i in 0..seeds {
        let c = Config {
            seed: cfg.seed.wrapping_add(i),
            ..cfg.clone()
        };
        let r = simulate(&c, &SimOptions::default());
        for (l, s) in r.layers.iter().enumerate() {
            if s.pre_var.is_finite() {
                lo[l] = if lo[l].is_nan() {
                    s.pre_var
                } else {
                    lo[l].min(s.pre_var)
                };
                hi[l] = if hi[l].is_nan() {
                    s.pre_var
                } else {
                    hi[l].max(s.pre_var)
                };
            }
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_contains_each_seed() {
        let cfg = Config {
            depth: 6,
            width: 16,
            batch: 4,
            ..Config::default()
        };
        let (lo, hi) = variance_band(&cfg, 4);
        let one = simulate(
            &Config {
                seed: cfg.seed + 2,
                ..cfg.clone()
            },
            &SimOptions::default(),
        );
        for (l, s) in one.layers.iter().enumerate() {
            assert!(lo[l] <= s.pre_var && s.pre_var <= hi[l]);
        }
        assert!(
            lo.iter().zip(&hi).any(|(a, b)| a < b),
            "different seeds differ"
        );
    }
}
