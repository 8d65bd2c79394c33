//! Interview questions on transformers (the √d_k, its absence, pre- vs post-LN and warm-up, GPT-2's 1/√(2L),
//! rank collapse, µP), each wired to Lab demonstrations (checked by tests/content.rs).

use super::demo::Demo;
use super::question::Question;
use crate::engine::VerdictKind::{Drifting, Exploding, Stable, Vanishing};

/// The questions, in the order the page lists them after the convolution questions.
pub fn questions() -> Vec<Question> {
    const ITEMS: &[Question] = &[
        Question {
            id: "tf-sqrt-dk",
            short: "q·k sums d_k terms of variance 1: variance d_k. Dividing by √d_k brings it back to 1.",
            question: "Why does attention divide q·k by √d_k?",
            answer: &[
                "A logit q·k sums d_k products. With entries of mean 0 and variance 1 each product has variance 1 and the sum d_k — Xavier's argument. τ = 1/√d_k keeps the logits' variance at 1 whatever the head size, so the softmax starts in its responsive range.",
                "With LayerNorm'd inputs, Var(τ·q·k) = τ²·d_k·(dσ_Q²)(dσ_K²): exactly 1 for Xavier. The Lab measures it per block against that line.",
            ],
            demos: &[
                Demo::new("arch=transformer", Stable, "logit variance ≈ 1 at every block"),
                Demo::new("arch=transformer&attn-scale=none", Exploding, "without it: 32 = d_k"),
            ],
        },
        Question {
            id: "tf-no-scale",
            short: "Logits of variance d_k saturate the softmax: one-hot rows, vanishing gradient to the other keys.",
            question: "What happens to attention without the 1/√d_k?",
            answer: &[
                "The logits' standard deviation grows like √d_k. Their softmax is nearly one-hot: each query attends to one key, the rows' entropy falls far below ln T, and the softmax's Jacobian A_ij(δ_jk − A_ik) nearly vanishes for the other keys.",
                "What does pass back is multiplied by the unscaled logits, so the lower blocks' gradient grows by orders of magnitude. Wider heads make both worse.",
            ],
            demos: &[
                Demo::new("arch=transformer&attn-scale=none", Exploding, "d_k = 32: rows collapse onto one token"),
                Demo::new("arch=transformer&width=512&attn-scale=none", Exploding, "d_k = 128: worse"),
                Demo::new("arch=transformer", Stable, "with 1/√d_k"),
            ],
        },
        Question {
            id: "tf-pre-post-ln",
            short: "Post-LN leaves the top blocks' gradients unscaled by depth (warm-up needed); pre-LN shrinks them ∝ 1/√L.",
            question: "Pre-LN or post-LN — and why does post-LN need learning-rate warm-up?",
            answer: &[
                "Post-LN normalizes after each residual sum: the stream's variance is 1 after every block and nothing scales down the gradient reaching the last blocks. Xiong et al. (2020) showed those gradients are large at initialization, so a full learning rate overshoots there; warm-up keeps the first steps small.",
                "Pre-LN normalizes each branch's input; the final LayerNorm divides the output's gradient by the stream's standard deviation, which grows like √L, so pre-LN trains without warm-up. The price: the stream grows.",
            ],
            demos: &[
                Demo::new("arch=transformer&ln=post&depth=48", Stable, "post-LN: large ‖∂L/∂W₂‖ at the top"),
                Demo::new("arch=transformer&depth=48", Drifting, "pre-LN: the stream grows, the top's gradient shrinks"),
            ],
        },
        Question {
            id: "tf-gpt2-scale",
            short: "L blocks add 2L branches to the stream; scaling each by 1/√(2L) keeps its variance bounded.",
            question: "Why does GPT-2 scale its residual projections (c_proj) by 1/√(2L)?",
            answer: &[
                "Each pre-LN block adds two branches (attention, MLP) of about equal variance to the residual stream, so after L blocks it has grown about 2L-fold. GPT-2 scales the layers that write into the stream by 1/√(2L), so the 2L additions sum to O(1) (Radford et al. 2019).",
                "GPT-NeoX's wang_init, Fixup and zero-init residuals, and DeepNet's β are the same idea.",
            ],
            demos: &[
                Demo::new("arch=transformer&depth=48", Drifting, "α = 1, 48 blocks: the stream grows 34×"),
                Demo::new("arch=transformer&depth=48&branch-scale=0.102", Stable, "α = 1/√96 ≈ 0.102"),
                Demo::new("arch=transformer&preset=gpt2&depth=48", Stable, "GPT-2's whole scheme"),
            ],
        },
        Question {
            id: "tf-rank-collapse",
            short: "Attention averages tokens; stacked, it makes them all alike. Skip connections prevent it.",
            question: "What is rank collapse in transformers, and what prevents it?",
            answer: &[
                "Each attention layer replaces a token by an average of the sequence's tokens. Stacked alone, these averages make all tokens converge to one vector: the rank falls to 1, doubly exponentially with depth (Dong et al. 2021), and the gradients of the queries and keys vanish (Noci et al. 2022).",
                "The skip connections keep each token's own part; down-scaled branches keep that path dominant. The token-similarity panel shows the mean cosine between tokens.",
            ],
            demos: &[
                Demo::new("arch=transformer&skip-scale=0", Stable, "no skip: mean cosine → 1"),
                Demo::new("arch=transformer", Stable, "with skip connections"),
                Demo::new("arch=transformer&ln=none&skip-scale=0", Vanishing, "no skip, no LN"),
            ],
        },
        Question {
            id: "tf-mup",
            short: "µP zero-initializes W_Q (uniform attention) and uses τ = 1/d_k so logits stay O(1) as width grows.",
            question: "What does µP change in a transformer's initialization?",
            answer: &[
                "µP (Yang et al. 2021) zero-initializes the queries, so attention starts exactly uniform; scales the logits by 1/d_k, because trained q and k correlate and q·k grows like d_k; and scales the output layer and learning rates with width, so tuned hyperparameters transfer from narrow to wide models.",
            ],
            demos: &[
                Demo::new("arch=transformer&preset=mup", Stable, "µP: uniform rows"),
                Demo::new("arch=transformer&attn-scale=inverse", Stable, "τ = 1/d_k with a random query"),
            ],
        },
    ];
    ITEMS.to_vec()
}
