//! One-click races that make a point about architecture. A race compares initializers on one network, so a
//! preset is a pair of races — the same initializers, data, optimizer and seed, on two networks that differ in
//! one setting — and the page offers both, one click apart. What each claims is checked in `tests/train.rs`
//! (and was measured with `initscope train`; the numbers are in the doc of each variant's query).

use super::params::parse_race_query;
use super::race::TrainConfig;

/// One of a preset's two races.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The button's text.
    pub label: &'static str,
    /// The `#race?` query (settings not written are the race's defaults: ReLU, spirals, Adam lr 0.005,
    /// minibatch 32, width 32, seed 1).
    pub query: &'static str,
}

impl Variant {
    /// The race's settings.
    pub fn config(&self) -> TrainConfig {
        parse_race_query(self.query).0
    }
}

/// A preset: a title, what it shows, and its two races.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// A short id (element ids, tests).
    pub id: &'static str,
    /// The title.
    pub title: &'static str,
    /// What to look for, in one or two sentences.
    pub blurb: &'static str,
    /// The race that makes the point, then the one to compare it with.
    pub variants: [Variant; 2],
}

/// The presets.
pub const PRESETS: [Preset; 2] = [
    Preset {
        id: "batchnorm",
        title: "Batch norm rescues a bad init",
        blurb: "N(0, 1) weights in 10 ReLU layers blow the activations up; batch norm rescales every layer \
                on every minibatch and the same bad init trains. Zero init stays at chance either way: \
                normalization cannot break the symmetry.",
        variants: [
            // At 600 steps N(0, 1) is at 97 % test accuracy with batch norm (He 100 %, zero 50 %)…
            Variant {
                label: "with batch norm",
                query: "inits=normal,he-normal,zero&depth=10&norm=batch",
            },
            // …and at 69 % without (best 73 %, training loss 17), He at 97 %, zero at 50 %.
            Variant {
                label: "without",
                query: "inits=normal,he-normal,zero&depth=10",
            },
        ],
    },
    Preset {
        id: "residual",
        title: "20 layers: plain vs residual",
        blurb: "PyTorch's default and Xavier shrink a ReLU signal layer by layer: a plain 20-layer stack never \
                leaves chance, while the same initializers in 20 residual blocks (branch scale 1/√(2·20), as \
                GPT-2 scales its branches) train — the skip connections carry the signal and the gradient.",
        variants: [
            // At 600 steps: 100 % / 98 % test accuracy (100 % / 100 % best)…
            Variant {
                label: "residual",
                query: "inits=pytorch-default,xavier-normal&depth=20&arch=residual&branch-scale=0.158",
            },
            // …against 50 % / 55 % for the plain stack (best 50 % / 60 %).
            Variant {
                label: "plain",
                query: "inits=pytorch-default,xavier-normal&depth=20",
            },
        ],
    },
];
