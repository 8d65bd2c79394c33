//! The classic initializer for an activation, read from its descriptor
//! ([`super::activation::ActivationInfo::recommended`]): orthogonal for linear (Saxe et al. 2014), Xavier for
//! sigmoid and tanh (Glorot & Bengio 2010, gain 1), He for the ReLU family (He et al. 2015; the leaky gain for
//! Leaky ReLU and PReLU), LeCun normal for SELU (Klambauer et al. 2017).

use super::activation::RecommendedGain;
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

impl Recommendation {
    /// The words of the button that applies it to a config using `init` with `gain`: "Set gain to 1" when
    /// only the gain differs (tanh with gain 5/3 under Xavier), else "Apply Xavier normal".
    pub fn action(&self, init: Initializer, gain: Option<f64>, keras: bool) -> String {
        let want = self.gain.unwrap_or(self.init.info().default_gain.value());
        if init == self.init && self.init.takes_gain() && !keras {
            let have = gain.unwrap_or(init.info().default_gain.value());
            if have != want {
                return format!("Set gain to {}", round_for_people(want));
            }
        }
        format!("Apply {}", self.init.label())
    }
}

/// A number as people read it: at most 4 decimals, trailing zeros dropped (1.4142, 1, 1.6667).
pub fn round_for_people(x: f64) -> String {
    let s = format!("{x:.4}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_wrong_gain_asks_to_set_the_gain() {
        let xavier = Recommendation {
            init: Initializer::XavierNormal,
            gain: None,
        };
        assert_eq!(
            xavier.action(Initializer::XavierNormal, Some(5.0 / 3.0), false),
            "Set gain to 1"
        );
        assert!(xavier
            .action(Initializer::HeNormal, None, false)
            .starts_with("Apply "));
        assert_eq!(round_for_people(std::f64::consts::SQRT_2), "1.4142");
        assert_eq!(round_for_people(2.0), "2");
    }
}
