//! A flat f64 encoding of a [`SimResult`], to carry it from the web worker to the page as one transferable
//! `Float64Array`. Every value round-trips to the bit (NaN included); the verdict is not sent but recomputed
//! from the decoded statistics with the same code.

use super::attention_map::AttentionMap;
use super::config::Config;
use super::result::{Jacobian, SimResult};
use super::stats::Histogram;
use super::stats::LayerStats;
use super::theory::{Theory, TheoryLayer};
use super::verdict::judge;

const VERSION: f64 = 4.0;
const LAYER_FIELDS: usize = 19;
const THEORY_FIELDS: usize = 8;
const HEADER: usize = 13;

fn opt(x: Option<usize>) -> f64 {
    x.map_or(f64::NAN, |v| v as f64)
}

fn unopt(x: f64) -> Option<usize> {
    (!x.is_nan()).then_some(x as usize)
}

/// Encode a result (everything but the config and the verdict).
pub fn encode(r: &SimResult) -> Vec<f64> {
    let mut v = vec![
        VERSION,
        r.layers.len() as f64,
        opt(r.overflow_layer),
        opt(r.grad_overflow_layer),
        opt(r.underflow_layer),
        r.peak_bytes as f64,
        r.theory.is_some() as u8 as f64,
        r.theory.as_ref().map_or(f64::NAN, |t| t.chi),
        r.theory.as_ref().map_or(f64::NAN, |t| t.fixed_point),
        r.histograms.len() as f64,
        r.jacobian
            .as_ref()
            .map_or(0.0, |j| j.singular_values.len() as f64),
        r.weight_grads as u8 as f64,
        r.attention.len() as f64,
    ];
    for l in &r.layers {
        v.extend([
            l.layer as f64,
            l.pre_mean,
            l.pre_var,
            l.post_mean,
            l.post_var,
            l.grad_var,
            l.weight_grad_var,
            l.weight_var,
            l.dead_frac,
            l.saturated_frac,
            l.distinct_units as f64,
            l.corr,
            l.stream_var,
            l.stream_grad_var,
            l.logit_var,
            l.attn_entropy,
            l.attn_max,
            l.token_corr,
            l.ffn_grad_norm,
        ]);
    }
    if let Some(t) = &r.theory {
        for l in &t.layers {
            v.extend([
                l.pre_var,
                l.post_var,
                l.post_mean,
                l.grad_var,
                l.stream_var,
                l.stream_grad_var,
                l.logit_var,
                l.attn_entropy,
            ]);
        }
    }
    for h in &r.histograms {
        v.extend([h.layer as f64, h.lo, h.hi, h.counts.len() as f64]);
        v.extend(h.counts.iter().map(|&c| c as f64));
    }
    if let Some(j) = &r.jacobian {
        v.push(j.layer as f64);
        v.extend(&j.singular_values);
    }
    for m in &r.attention {
        v.extend([m.block as f64, m.heads as f64, m.tokens as f64]);
        v.extend(m.weights.iter().map(|&w| w as f64));
    }
    v
}

/// Decode what [`encode`] wrote for a run of `cfg`; `None` if the data is malformed.
pub fn decode(v: &[f64], cfg: &Config) -> Option<SimResult> {
    let mut it = v.iter().copied();
    let mut next = || it.next();
    if next()? != VERSION {
        return None;
    }
    let depth = next()? as usize;
    let (overflow, grad_overflow, underflow) = (unopt(next()?), unopt(next()?), unopt(next()?));
    let peak_bytes = next()? as usize;
    let has_theory = next()? == 1.0;
    let (chi, fixed_point) = (next()?, next()?);
    let n_hist = next()? as usize;
    let n_sv = next()? as usize;
    let weight_grads = match next()? {
        0.0 => false,
        1.0 => true,
        _ => return None,
    };
    let n_maps = next()? as usize;
    // Every count must fit in the data: a malformed one is rejected, never allocated.
    if depth != cfg.depth
        || v.len() < HEADER + depth * LAYER_FIELDS
        || n_hist > v.len()
        || n_sv > v.len()
        || n_maps > v.len()
    {
        return None;
    }
    let mut layers = Vec::with_capacity(depth);
    for _ in 0..depth {
        let mut f = [0.0; LAYER_FIELDS];
        for x in f.iter_mut() {
            *x = next()?;
        }
        layers.push(LayerStats {
            layer: f[0] as usize,
            pre_mean: f[1],
            pre_var: f[2],
            post_mean: f[3],
            post_var: f[4],
            grad_var: f[5],
            weight_grad_var: f[6],
            weight_var: f[7],
            dead_frac: f[8],
            saturated_frac: f[9],
            distinct_units: f[10] as usize,
            corr: f[11],
            stream_var: f[12],
            stream_grad_var: f[13],
            logit_var: f[14],
            attn_entropy: f[15],
            attn_max: f[16],
            token_corr: f[17],
            ffn_grad_norm: f[18],
        });
    }
    let theory = if has_theory {
        let mut tl = Vec::with_capacity(depth);
        for l in 1..=depth {
            let mut f = [0.0; THEORY_FIELDS];
            for x in f.iter_mut() {
                *x = next()?;
            }
            tl.push(TheoryLayer {
                layer: l,
                pre_var: f[0],
                post_var: f[1],
                post_mean: f[2],
                grad_var: f[3],
                stream_var: f[4],
                stream_grad_var: f[5],
                logit_var: f[6],
                attn_entropy: f[7],
            });
        }
        Some(Theory {
            layers: tl,
            chi,
            fixed_point,
        })
    } else {
        None
    };
    let mut histograms = Vec::with_capacity(n_hist);
    for _ in 0..n_hist {
        let (layer, lo, hi, bins) = (next()? as usize, next()?, next()?, next()? as usize);
        if bins > v.len() {
            return None;
        }
        let counts = (0..bins)
            .map(|_| next().map(|c| c as u32))
            .collect::<Option<Vec<u32>>>()?;
        histograms.push(Histogram {
            layer,
            lo,
            hi,
            counts,
        });
    }
    let jacobian = if n_sv > 0 {
        let layer = next()? as usize;
        let singular_values = (0..n_sv).map(|_| next()).collect::<Option<Vec<f64>>>()?;
        Some(Jacobian {
            layer,
            example: 0,
            singular_values,
        })
    } else {
        None
    };
    let mut attention = Vec::with_capacity(n_maps);
    for _ in 0..n_maps {
        let (block, heads, tokens) = (next()? as usize, next()? as usize, next()? as usize);
        let len = heads.checked_mul(tokens)?.checked_mul(tokens)?;
        if len > v.len() {
            return None;
        }
        let weights = (0..len)
            .map(|_| next().map(|w| w as f32))
            .collect::<Option<Vec<f32>>>()?;
        attention.push(AttentionMap {
            block,
            heads,
            tokens,
            weights,
        });
    }
    if next().is_some() {
        return None;
    }
    let verdict = judge(
        cfg,
        &layers,
        theory.as_ref(),
        overflow,
        grad_overflow,
        underflow,
    );
    Some(SimResult {
        config: cfg.clone(),
        layers,
        theory,
        overflow_layer: overflow,
        grad_overflow_layer: grad_overflow,
        underflow_layer: underflow,
        histograms,
        verdict,
        peak_bytes,
        jacobian,
        weight_grads,
        attention,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, Activation, Initializer, SimOptions};
    use crate::report::to_json;

    #[test]
    fn round_trips_to_the_bit() {
        for (init, act, depth) in [
            (Initializer::HeNormal, Activation::Relu, 7),
            (Initializer::Uniform, Activation::Relu, 90),
            (Initializer::Zero, Activation::Tanh, 3),
        ] {
            let cfg = Config {
                init,
                activation: act,
                depth,
                width: 32,
                batch: 8,
                ..Config::default()
            };
            let r = simulate(
                &cfg,
                &SimOptions {
                    histogram_layers: vec![1, depth],
                    ..SimOptions::default()
                },
            );
            let back = decode(&encode(&r), &cfg).expect("decodes");
            assert_eq!(to_json(&back, None), to_json(&r, None), "{init}");
            assert_eq!(back.histograms, r.histograms);
        }
    }

    #[test]
    fn rejects_malformed_data() {
        let cfg = Config::default();
        assert!(decode(&[], &cfg).is_none());
        assert!(decode(&[2.0; 20], &cfg).is_none());
        let r = simulate(
            &Config {
                depth: 3,
                width: 4,
                batch: 2,
                ..cfg.clone()
            },
            &SimOptions::default(),
        );
        let v = encode(&r);
        assert!(decode(
            &v[..v.len() - 1],
            &Config {
                depth: 3,
                width: 4,
                batch: 2,
                ..cfg
            }
        )
        .is_none());
    }
}
