//! The Learn view's "Transformers" section — why 1/√d_k, where the LayerNorms go, rank collapse, and the
//! residual scaling schemes side by side — each claim with the Lab configurations that show it (checked by
//! tests/content.rs), and the Lab's Try pills for a transformer. Sources: Vaswani et al. 2017; Xiong et al. 2020
//! (pre- vs post-LN); Dong et al. 2021 and Noci et al. 2022 (rank collapse); Radford et al. 2019 (GPT-2); Wang
//! et al. 2022 (DeepNet); Yang et al. 2021 (µP); GPT-NeoX (small_init, wang_init).

use super::architecture::Claim;
use super::demo::Demo;
use crate::engine::transformer::Preset;
use crate::engine::VerdictKind::{Drifting, Exploding, Stable, Vanishing};

/// The claims, in the order the page shows them.
pub fn transformers() -> Vec<Claim> {
    const ITEMS: &[Claim] = &[
        Claim {
            title: "Why divide the logits by √d_k",
            text: "A logit q·k sums d_k products; with terms of mean 0 and variance 1 its variance is d_k (Xavier's \
                   argument), and τ = 1/√d_k brings it back to 1. With LayerNorm'd inputs, Var(τ·q·k) = \
                   τ²·d_k·(dσ_Q²)(dσ_K²): 1 for Xavier, 32 without the scale, and then the softmax puts each \
                   row's weight on one token.",
            demos: &[
                Demo::new("arch=transformer", Stable, "τ = 1/√d_k: logit variance 1, entropy near ln T"),
                Demo::new("arch=transformer&attn-scale=none", Exploding, "no √d_k: attention collapses onto one token"),
                Demo::new("arch=transformer&attn-scale=inverse", Stable, "µP's τ = 1/d_k: logit variance 1/d_k, nearly uniform"),
            ],
        },
        Claim {
            title: "Pre-LN or post-LN",
            text: "Post-LN (the original) normalizes after each residual sum, so nothing scales down the last blocks' \
                   gradients: they are large at initialization, hence warm-up (Xiong et al. 2020). Pre-LN (GPT-2) \
                   normalizes each branch's input; the stream grows, and the final LayerNorm divides the output's \
                   gradient by its standard deviation (∝ √L). Compare ‖∂L/∂W₂‖ at the last block.",
            demos: &[
                Demo::new("arch=transformer&ln=post&depth=48", Stable, "post-LN, 48 blocks: ‖∂L/∂W₂‖ ≈ 10³ at the top"),
                Demo::new("arch=transformer&depth=48", Drifting, "pre-LN, 48 blocks: the stream grows, the top's gradient is 6× smaller"),
            ],
        },
        Claim {
            title: "Rank collapse",
            text: "Attention averages tokens, so stacked attention drives them all to one vector (Dong et al. 2021): \
                   the mean cosine between tokens goes to 1. The skip connections keep each token's own part; \
                   without them (a = 0) the tokens collapse within a few blocks.",
            demos: &[
                Demo::new("arch=transformer&skip-scale=0", Stable, "no skip connections: the tokens collapse"),
                Demo::new("arch=transformer", Stable, "with them: the tokens stay apart"),
                Demo::new("arch=transformer&ln=none", Exploding, "no LN, no scaling: the stream explodes and attention collapses"),
            ],
        },
        Claim {
            title: "Scaling the residual branches",
            text: "A pre-LN block adds two branches to the stream, which grows linearly with depth at α = 1. GPT-2 \
                   scales them by 1/√(2L); GPT-NeoX's small_init by √10/L; DeepNet keeps post-LN with skip weight \
                   (2L)^¼ and β = (8L)^−¼. The table lists each scheme at the Lab's defaults.",
            demos: &[
                Demo::new("arch=transformer&depth=48", Drifting, "α = 1, 48 blocks: the stream grows 34×"),
                Demo::new("arch=transformer&preset=gpt2&depth=48", Stable, "GPT-2: N(0, 0.02²), α = 1/√96"),
                Demo::new("arch=transformer&preset=deepnorm&depth=48", Stable, "DeepNet: a = 96^¼, β = 384^−¼"),
                Demo::new("arch=transformer&preset=small-init&depth=48", Stable, "small_init with wang_init"),
            ],
        },
        Claim {
            title: "µP's zero query and zero-init residuals",
            text: "With W_Q = 0 every logit is 0 and every row exactly uniform (entropy ln T); µP (Yang et al. 2021) \
                   also scales the logits by 1/d_k. Zeroing each branch's last matrices (W_O, W_2) makes every \
                   block the identity.",
            demos: &[
                Demo::new("arch=transformer&preset=mup", Stable, "µP: every row uniform"),
                Demo::new("arch=transformer&zero-init-last=1", Stable, "W_O = W_2 = 0: identity blocks"),
                Demo::new("arch=transformer&ln=none&skip-scale=0", Vanishing, "no skip and no LN: the stream vanishes"),
            ],
        },
    ];
    ITEMS.to_vec()
}

/// Each published scheme at the Lab's defaults, as the Learn table links to it.
pub fn scheme_demos() -> [(Preset, Demo); 5] {
    [
        (
            Preset::Pytorch,
            Demo::new(
                "arch=transformer&preset=pytorch",
                Stable,
                "nn.TransformerEncoderLayer's defaults",
            ),
        ),
        (
            Preset::Gpt2,
            Demo::new("arch=transformer&preset=gpt2", Stable, "GPT-2's scheme"),
        ),
        (
            Preset::DeepNorm,
            Demo::new(
                "arch=transformer&preset=deepnorm",
                Stable,
                "DeepNet's scheme",
            ),
        ),
        (
            Preset::Mup,
            Demo::new("arch=transformer&preset=mup", Stable, "µP's scheme"),
        ),
        (
            Preset::SmallInit,
            Demo::new(
                "arch=transformer&preset=small-init",
                Stable,
                "GPT-NeoX's small_init",
            ),
        ),
    ]
}

/// The Lab's Try pills while the architecture is a transformer.
pub fn quick_demos() -> [(&'static str, Demo); 6] {
    [
        (
            "no √d_k: attention collapses",
            Demo::new(
                "arch=transformer&attn-scale=none",
                Exploding,
                "logit variance 32",
            ),
        ),
        (
            "post-LN vs pre-LN gradient",
            Demo::new(
                "arch=transformer&ln=post&depth=48",
                Stable,
                "the last blocks' ‖∂L/∂W₂‖",
            ),
        ),
        (
            "no LN, no scaling: collapse",
            Demo::new(
                "arch=transformer&ln=none",
                Exploding,
                "the stream explodes, attention and tokens collapse",
            ),
        ),
        (
            "GPT-2's 1/√(2L)",
            Demo::new(
                "arch=transformer&preset=gpt2&depth=48",
                Stable,
                "48 blocks, the stream bounded",
            ),
        ),
        (
            "DeepNet",
            Demo::new(
                "arch=transformer&preset=deepnorm&depth=48",
                Stable,
                "post-LN with a = (2L)^¼, β = (8L)^−¼",
            ),
        ),
        (
            "µP's zero query: uniform",
            Demo::new(
                "arch=transformer&preset=mup",
                Stable,
                "every attention row uniform",
            ),
        ),
    ]
}
