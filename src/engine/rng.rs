//! Seeded random streams, one per (seed, purpose, layer), stable across versions and platforms.
//!
//! Each stream is a `Pcg64Mcg` (rand_pcg: PCG XSL 128/64 MCG, a fully specified algorithm) whose 128-bit state
//! is derived here from the seed, the stream's purpose and the layer index with SplitMix64 — so layer l's
//! weights depend only on (seed, l, its shape and its initializer), and adding layers never reshuffles the
//! earlier ones.

use rand_pcg::Pcg64Mcg;

/// What a random stream is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// The input batch x ~ N(0, 1).
    Input,
    /// The upstream gradient ∂L/∂a_L ~ N(0, 1) that starts the backward pass.
    OutputGrad,
    /// The weights of layer l (1-based).
    Weights(usize),
    /// The biases of layer l (1-based).
    Bias(usize),
    /// A training task's points.
    Data,
    /// The order of a training run's minibatches.
    Batches,
    /// The second matrix of residual block l (its output projection).
    BranchWeights(usize),
    /// The second bias of residual block l.
    BranchBias(usize),
    /// A recurrent net's input kernel U.
    InputKernel,
    /// A recurrent net's input x_t at time step t (1-based).
    InputAt(usize),
}

impl Stream {
    fn key(self) -> u64 {
        let (tag, layer) = match self {
            Stream::Input => (1u64, 0usize),
            Stream::OutputGrad => (2, 0),
            Stream::Weights(l) => (3, l),
            Stream::Bias(l) => (4, l),
            Stream::Data => (5, 0),
            Stream::Batches => (6, 0),
            Stream::BranchWeights(l) => (7, l),
            Stream::BranchBias(l) => (8, l),
            Stream::InputKernel => (9, 0),
            Stream::InputAt(t) => (10, t),
        };
        (tag << 56) ^ layer as u64
    }
}

/// SplitMix64's finalizer (Steele, Lea & Flood 2014): a bijective 64-bit mix.
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator for one stream of one seed.
pub fn stream_rng(seed: u64, stream: Stream) -> Pcg64Mcg {
    let a = splitmix64(seed ^ splitmix64(stream.key()));
    let b = splitmix64(a ^ 0x5851_F42D_4C95_7F2D);
    Pcg64Mcg::new(((a as u128) << 64) | b as u128)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_and_repeat() {
        let x = stream_rng(7, Stream::Weights(3)).next_u64();
        assert_eq!(x, stream_rng(7, Stream::Weights(3)).next_u64());
        assert_ne!(x, stream_rng(7, Stream::Weights(4)).next_u64());
        assert_ne!(x, stream_rng(8, Stream::Weights(3)).next_u64());
        assert_ne!(x, stream_rng(7, Stream::Bias(3)).next_u64());
    }
}
