//! The verdict's sentences about the architecture and the framework's default, appended after the main
//! judgement: batch norm's exploding gradient in deep plain nets (Yang et al. 2019), the residual stream's
//! growth and GPT-2's 1/√(2L) (Radford et al. 2019), zero-init residual branches (Fixup, Zhang et al. 2019),
//! the shared W of a recurrent net (Saxe et al. 2014; Le et al. 2015), and PyTorch's default initializer.

use super::arch::Arch;
use super::config::Config;
use super::init::Initializer;
use super::norm::Norm;
use super::stats::LayerStats;
use super::theory::Theory;
use super::verdict::{describe_ratio, VerdictKind};

/// The extra sentences (each starting with a space), or an empty string.
pub fn notes(
    cfg: &Config,
    layers: &[LayerStats],
    theory: Option<&Theory>,
    kind: VerdictKind,
) -> String {
    let mut s = String::new();
    let unstable = matches!(kind, VerdictKind::Vanishing | VerdictKind::Exploding);
    let l = layers.len();
    match (cfg.arch, cfg.norm) {
        (Arch::Mlp, Norm::Batch) if unstable => s.push_str(
            " Batch norm holds every layer's input of φ at variance 1, yet its backward pass through the \
             batch statistics multiplies the gradient at every layer: in a deep plain net with batch norm the \
             gradient explodes at initialization (Yang et al. 2019) — normalization does not make \
             initialization irrelevant.",
        ),
        (Arch::Mlp, Norm::Batch | Norm::Layer) => s.push_str(
            " Normalization resets the variance at every layer, so the forward signal cannot vanish or \
             explode; the mean-field prediction does not apply (the statistics depend on the batch): \
             measured only.",
        ),
        (Arch::Residual, _) if cfg.zero_init_last => s.push_str(
            " Every block starts as the identity (its last matrix is 0): the stream passes unchanged and the \
             gradient reaches the input intact. ∂L/∂h is exactly 0 at the start; the last matrices' own \
             gradient is not, so training moves them first (Fixup, \"zero-init residual\").",
        ),
        (Arch::Residual, norm) => {
            let grew = match (layers.first(), layers.last()) {
                (Some(f), Some(z)) => z.stream_var / f.stream_var,
                _ => f64::NAN,
            };
            if grew.is_finite() && grew > 10.0 {
                let alpha = cfg.branch_scale;
                let predicted = theory
                    .and_then(|t| Some(t.layers.last()?.stream_var / t.layers.first()?.stream_var))
                    .filter(|r| r.is_finite())
                    .map(|r| format!(" (theory: {})", describe_ratio(r)))
                    .unwrap_or_default();
                s.push_str(&format!(
                    " The residual stream adds a branch of comparable variance at every block: its variance \
                     grew {}{predicted} over {l} blocks. With He + ReLU and no normalization it grows as \
                     (1 + 2α²)^L (α = {alpha}); scaling the branch by α = 1/√(2L) = {:.3}, as GPT-2 does for \
                     its residual projections, keeps it bounded.",
                    describe_ratio(grew),
                    1.0 / (2.0 * l as f64).sqrt()
                ));
                if norm != Norm::None {
                    s.push_str(" (The pre-norm normalizes each branch's input, not the stream itself.)");
                }
            }
        }
        (Arch::Rnn, _) if unstable => s.push_str(
            " A recurrent net multiplies by the same W at every time step, so through time the gradient scales \
             like a power of W's singular values: orthogonal initialization puts them all at 1 (Saxe et al. \
             2014), and identity with ReLU is the IRNN (Le et al. 2015).",
        ),
        (Arch::Mlp, Norm::None) | (Arch::Rnn, _) => {}
    }
    if cfg.init == Initializer::PytorchDefault && unstable {
        s.push_str(
            " PyTorch's nn.Linear default, U(±1/√fan_in), has n·Var(w) = 1/3 — a third of LeCun's, a sixth of \
             He's — so a deep ReLU stack loses variance at every layer unless you initialize it yourself.",
        );
    }
    s
}
