//! Small 2-D classification tasks generated from a seed (no downloads), as in TensorFlow Playground.

use crate::engine::rng::{stream_rng, Stream};
use rand::distr::{Distribution as _, StandardUniform};
use rand::RngExt;
use rand_distr::StandardNormal;
use std::fmt;
use std::str::FromStr;

/// The tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dataset {
    /// Two interleaved spirals (2 classes).
    Spirals,
    /// A disc inside a ring (2 classes).
    Circles,
    /// The four quadrants, opposite ones alike (2 classes).
    Xor,
    /// Three Gaussian blobs (3 classes).
    Blobs,
}

impl Dataset {
    /// Every task.
    pub const ALL: [Dataset; 4] = [
        Dataset::Spirals,
        Dataset::Circles,
        Dataset::Xor,
        Dataset::Blobs,
    ];

    /// The kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            Dataset::Spirals => "spirals",
            Dataset::Circles => "circles",
            Dataset::Xor => "xor",
            Dataset::Blobs => "blobs",
        }
    }

    /// Number of classes.
    pub fn classes(self) -> usize {
        if self == Dataset::Blobs {
            3
        } else {
            2
        }
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Dataset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dataset::ALL
            .into_iter()
            .find(|d| d.id() == s)
            .ok_or_else(|| format!("unknown dataset '{s}'"))
    }
}

/// Points with labels, split into train and test.
#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    /// Training inputs, row-major n × 2.
    pub train_x: Vec<f32>,
    /// Training labels.
    pub train_y: Vec<usize>,
    /// Test inputs.
    pub test_x: Vec<f32>,
    /// Test labels.
    pub test_y: Vec<usize>,
    /// Number of classes.
    pub classes: usize,
}

/// Points in total (three quarters train, one quarter test).
pub const POINTS: usize = 400;

/// Generate a task from a seed; coordinates lie roughly in [−1, 1].
pub fn generate(dataset: Dataset, seed: u64) -> Data {
    let mut rng = stream_rng(seed, Stream::Data);
    let mut xs = Vec::with_capacity(2 * POINTS);
    let mut ys = Vec::with_capacity(POINTS);
    let classes = dataset.classes();
    for i in 0..POINTS {
        let label = i % classes;
        let u: f32 = StandardUniform.sample(&mut rng);
        let n1: f32 = StandardNormal.sample(&mut rng);
        let n2: f32 = StandardNormal.sample(&mut rng);
        let (x, y) = match dataset {
            Dataset::Spirals => {
                let r = 0.05 + 0.9 * u;
                let t = 3.5 * u * std::f32::consts::PI + label as f32 * std::f32::consts::PI;
                (r * libm::cosf(t) + 0.03 * n1, r * libm::sinf(t) + 0.03 * n2)
            }
            Dataset::Circles => {
                let r = if label == 0 { 0.45 * u } else { 0.65 + 0.3 * u };
                let t = 2.0 * std::f32::consts::PI * rng.random::<f32>();
                (r * libm::cosf(t) + 0.03 * n1, r * libm::sinf(t) + 0.03 * n2)
            }
            Dataset::Xor => {
                let a = 2.0 * rng.random::<f32>() - 1.0;
                let b = 2.0 * rng.random::<f32>() - 1.0;
                let b = if (a > 0.0) == (label == 0) {
                    b.abs()
                } else {
                    -b.abs()
                };
                let pad = |v: f32| v + 0.05 * v.signum();
                (pad(a).clamp(-1.0, 1.0), pad(b).clamp(-1.0, 1.0))
            }
            Dataset::Blobs => {
                let t = label as f32 * 2.0 * std::f32::consts::PI / 3.0 + 0.5;
                (
                    0.55 * libm::cosf(t) + 0.18 * n1,
                    0.55 * libm::sinf(t) + 0.18 * n2,
                )
            }
        };
        xs.extend([x, y]);
        ys.push(label);
    }
    let split = POINTS * 3 / 4;
    Data {
        train_x: xs[..2 * split].to_vec(),
        train_y: ys[..split].to_vec(),
        test_x: xs[2 * split..].to_vec(),
        test_y: ys[split..].to_vec(),
        classes,
    }
}
