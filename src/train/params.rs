//! The race's settings by name — one schema for the page's `#race?…` fragment and `initscope train`'s flags,
//! with the same error style as the Lab's (`crate::state`).

use super::race::{TrainConfig, BATCH, DEPTH, LR, MAX_RACERS, STEPS, WIDTH};
use crate::engine::config::{GAIN, SCALE};
use crate::engine::{InitSpec, Initializer};
use crate::state::{decode_component, ParamError};
use std::ops::RangeInclusive;

/// The names a race understands.
pub const NAMES: [&str; 13] = [
    "inits",
    "init",
    "scale",
    "gain",
    "activation",
    "depth",
    "width",
    "dataset",
    "optimizer",
    "lr",
    "batch",
    "steps",
    "seed",
];

fn err(name: &str, value: &str, why: &str) -> ParamError {
    let v: String = value.chars().take(40).collect();
    ParamError {
        name: name.into(),
        value: v,
        reason: why.into(),
    }
}

fn whole(name: &str, v: &str, r: RangeInclusive<usize>) -> Result<usize, ParamError> {
    let n: usize = v
        .trim()
        .parse()
        .map_err(|_| err(name, v, "is not a whole number"))?;
    r.contains(&n).then_some(n).ok_or_else(|| {
        err(
            name,
            v,
            &format!(
                "is out of range; expected a whole number from {} to {}",
                r.start(),
                r.end()
            ),
        )
    })
}

fn real(name: &str, v: &str, r: RangeInclusive<f64>) -> Result<f64, ParamError> {
    let x: f64 = v
        .trim()
        .parse()
        .map_err(|_| err(name, v, "is not a number"))?;
    if !x.is_finite() {
        return Err(err(name, v, "is not a finite number"));
    }
    r.contains(&x).then_some(x).ok_or_else(|| {
        err(
            name,
            v,
            &format!(
                "is out of range; expected a number from {} to {}",
                r.start(),
                r.end()
            ),
        )
    })
}

fn init_list(name: &str, v: &str) -> Result<Vec<Initializer>, ParamError> {
    let ids: Vec<&str> = v.split(',').map(str::trim).collect();
    if ids.is_empty() || ids.len() > MAX_RACERS {
        return Err(err(
            name,
            v,
            &format!("must name 1 to {MAX_RACERS} initializers"),
        ));
    }
    ids.iter()
        .map(|id| {
            id.parse::<Initializer>()
                .map_err(|_| err(name, v, &format!("'{id}' is not an initializer")))
        })
        .collect()
}

impl TrainConfig {
    /// Set one setting from its text.
    pub fn set(&mut self, name: &str, v: &str) -> Result<(), ParamError> {
        let (scale, gain) = (
            self.inits.first().map_or(1.0, |s| s.scale),
            self.inits.first().and_then(|s| s.gain),
        );
        let spec = |kind| InitSpec {
            scale,
            gain,
            ..InitSpec::new(kind)
        };
        match name {
            "inits" | "init" => {
                let kinds = init_list(name, v)?;
                if name == "init" && kinds.len() != 1 {
                    return Err(err(
                        name,
                        v,
                        "takes one initializer (the page races up to four)",
                    ));
                }
                self.inits = kinds.into_iter().map(spec).collect();
            }
            "scale" => {
                let s = real(name, v, 0.0..=*SCALE.end())?;
                self.inits.iter_mut().for_each(|i| i.scale = s);
            }
            "gain" => {
                let g = real(name, v, GAIN)?;
                self.inits.iter_mut().for_each(|i| i.gain = Some(g));
            }
            "activation" => {
                self.activation = v.trim().parse().map_err(|_| {
                    err(
                        name,
                        v,
                        &format!(
                            "is not an activation; expected {}",
                            crate::state::Param::Activation.valid()
                        ),
                    )
                })?
            }
            "depth" => self.depth = whole(name, v, DEPTH)?,
            "width" => self.width = whole(name, v, WIDTH)?,
            "dataset" => {
                self.dataset = v.trim().parse().map_err(|_| {
                    err(
                        name,
                        v,
                        "is not a dataset; expected spirals, circles, xor or blobs",
                    )
                })?
            }
            "optimizer" => {
                self.optimizer = v
                    .trim()
                    .parse()
                    .map_err(|_| err(name, v, "is not an optimizer; expected sgd or adam"))?
            }
            "lr" => self.lr = real(name, v, LR)?,
            "batch" => self.batch = whole(name, v, BATCH)?,
            "steps" => self.steps = whole(name, v, STEPS)?,
            "seed" => {
                self.seed = v
                    .trim()
                    .parse()
                    .map_err(|_| err(name, v, "is not a whole number from 0 to 2⁶⁴−1"))?
            }
            _ => return Err(err(name, v, "is not a race setting")),
        }
        Ok(())
    }

    /// The query that reproduces this race (`#race?` + this).
    pub fn to_query(&self) -> String {
        let first = self
            .inits
            .first()
            .copied()
            .unwrap_or(InitSpec::new(Initializer::HeNormal));
        let ids: Vec<&str> = self.inits.iter().map(|i| i.kind.id()).collect();
        let mut q = format!(
            "inits={}&activation={}&depth={}&width={}&dataset={}&optimizer={}&lr={}&batch={}&seed={}",
            ids.join(","),
            self.activation.id(),
            self.depth,
            self.width,
            self.dataset.id(),
            self.optimizer.id(),
            self.lr,
            self.batch,
            self.seed
        );
        if first.scale != 1.0 {
            q.push_str(&format!("&scale={}", first.scale));
        }
        if let Some(g) = first.gain {
            q.push_str(&format!("&gain={g}"));
        }
        q
    }
}

/// Read a race query leniently: bad values keep their defaults and are reported.
pub fn parse_race_query(query: &str) -> (TrainConfig, Vec<ParamError>) {
    let mut cfg = TrainConfig::default();
    let mut errors = Vec::new();
    let mut pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_component(k), decode_component(v))
        })
        .collect();
    // The initializers first, so scale and gain apply to them wherever they stand.
    pairs.sort_by_key(|(k, _)| !(k == "inits" || k == "init"));
    for (k, v) in pairs {
        if let Err(e) = cfg.set(&k, &v) {
            errors.push(e);
        }
    }
    (cfg, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reports() {
        let (cfg, errs) = parse_race_query("scale=0.5&inits=normal,he-uniform&activation=tanh&depth=4&dataset=xor&lr=0.1&optimizer=sgd");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(cfg.inits[0].scale, 0.5);
        let (back, errs) = parse_race_query(&cfg.to_query());
        assert!(errs.is_empty());
        assert_eq!(
            back,
            TrainConfig {
                steps: back.steps,
                ..cfg
            }
        );
        let (_, errs) =
            parse_race_query("inits=a,b,c,d,e&depth=1&width=9999&dataset=moons&lr=NaN&x=1");
        let names: Vec<&str> = errs.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["inits", "depth", "width", "dataset", "lr", "x"]);
    }
}
