//! The classic initializer for an activation, read from its descriptor
//! ([`super::activation::ActivationInfo::recommended`]): orthogonal for linear (Saxe et al. 2014), Xavier for
//! sigmoid and tanh (Glorot & Bengio 2010, gain 1), He for the ReLU family (He et al. 2015; the leaky gain for
//! Leaky ReLU and PReLU), LeCun normal for SELU (Klambauer et al. 2017).

use super::activation::RecommendedGain;
use super::arch::Arch;
use super::init::{InitFamily, Initializer};
use super::init_spec::InitSpec;
use super::nonlinearity::Nonlinearity;

/// The classic initializer for an activation, with the gain to use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Recommendation {
    /// The initializer.
    pub init: Initializer,
    /// The gain to set (`None` = the initializer's default).
    pub gain: Option<f64>,
}

impl Recommendation {
    /// σ_w² = n·Var(w) that the recommendation gives a hidden layer of width n.
    fn sigma_w2(&self, width: usize) -> f64 {
        let spec = InitSpec {
            gain: self.gain,
            ..InitSpec::new(self.init)
        };
        width as f64 * spec.distribution(width, width).variance()
    }

    /// Whether `spec` already follows it at this hidden width: a fan-scaled or orthogonal initializer giving
    /// the same σ_w² (so He uniform counts as He normal, and orthogonal with gain √2 as He for ReLU). Naive
    /// initializers never do: their variance does not follow the layer's width.
    pub fn is_satisfied_by(&self, spec: &InitSpec, width: usize) -> bool {
        if spec.kind == self.init && spec.gain == self.gain {
            return true;
        }
        if spec.kind.family() == InitFamily::Naive || spec.kind.info().data_dependent {
            return false;
        }
        let want = self.sigma_w2(width);
        let have = width as f64 * spec.distribution(width, width).variance();
        // 10⁻³: PyTorch's default He gain √2 counts as the Leaky ReLU gain √(2/(1 + 0.01²)).
        (have - want).abs() <= 1e-3 * want
    }
}

/// The recommendation for `phi`, from its descriptor.
pub fn recommendation(phi: &Nonlinearity) -> Recommendation {
    let (init, gain) = phi.info().recommended;
    Recommendation {
        init,
        gain: match gain {
            RecommendedGain::InitDefault => None,
            RecommendedGain::Pytorch => phi.kind.pytorch_gain(phi.slope),
        },
    }
}

/// The recommendation for an activation in an architecture: the activation's, except in a recurrent net,
/// which multiplies by the same W at every step — orthogonal there (Saxe et al. 2014; the tutorial's advice
/// for RNNs), identity for the ReLU family (the IRNN of Le et al. 2015).
pub fn recommendation_for(arch: Arch, phi: &Nonlinearity) -> Recommendation {
    match arch {
        Arch::Mlp | Arch::Residual => recommendation(phi),
        Arch::Rnn if phi.info().relu_family => Recommendation {
            init: Initializer::Identity,
            gain: None,
        },
        Arch::Rnn => Recommendation {
            init: Initializer::Orthogonal,
            gain: None,
        },
    }
}
