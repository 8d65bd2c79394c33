//! Transformers' settings: the presets' published constants, PyTorch's matrices, the largest setting the
//! bench runs, and bad input as one named line.
#![cfg(not(target_arch = "wasm32"))]

use initscope::cli;
use initscope::engine::arch::transformer::matrices;
use initscope::engine::arch::Arch;
use initscope::engine::distribution::Distribution;
use initscope::engine::transformer::shape::{block_bytes, largest, BLOCK_BYTES};
use initscope::engine::transformer::{AttnScale, LnPlace, Preset};
use initscope::engine::{Activation, Config, Initializer};
use initscope::state::parse_query;

#[test]
fn presets_set_their_published_constants() {
    let at = |preset: &str, depth: usize| {
        let (cfg, errs) = parse_query(&format!("arch=transformer&depth={depth}&preset={preset}"));
        assert!(errs.is_empty(), "{errs:?}");
        cfg
    };
    let g = at("gpt2", 24);
    assert_eq!(
        (g.init, g.scale, g.ln),
        (Initializer::Normal, 0.02, LnPlace::Pre)
    );
    assert_eq!(g.branch_scale, 1.0 / 48f64.sqrt());
    let d = at("deepnorm", 6);
    assert_eq!((d.init, d.ln), (Initializer::XavierNormal, LnPlace::Post));
    assert_eq!(d.skip_scale, libm::pow(12.0, 0.25));
    assert_eq!(d.value_gain, libm::pow(48.0, -0.25));
    let m = at("mup", 12);
    assert_eq!(
        (m.init, m.attn_scale, m.zero_query),
        (Initializer::LecunNormal, AttnScale::Inverse, true)
    );
    let s = at("small-init", 10);
    assert_eq!(s.scale, (2.0 / 640f64).sqrt());
    assert_eq!(s.branch_scale, 10f64.sqrt() / 10.0);
    let p = at("pytorch", 12);
    assert_eq!(
        (p.init, p.ln, p.activation),
        (Initializer::PytorchDefault, LnPlace::Post, Activation::Relu)
    );
    assert!(Preset::Pytorch.matches(&p) && !Preset::Gpt2.matches(&p));
    // The depth in force, whatever the order; and flags given win over the preset's.
    assert_eq!(
        at("gpt2", 24),
        parse_query("preset=gpt2&depth=24&arch=transformer").0
    );
    let (mixed, _) = parse_query("arch=transformer&branch-scale=0.5&preset=gpt2");
    assert_eq!((mixed.branch_scale, mixed.scale), (0.5, 0.02));
}

/// `nn.TransformerEncoderLayer(d, h, 4d)`'s matrices: in_proj xavier_uniform_ over (3d, d) with zero biases,
/// out_proj U(±1/√d) with a zero bias, linear1 and linear2 nn.Linear's U(±1/√fan_in) with their biases.
#[test]
fn pytorch_default_is_the_encoder_layers_initialization() {
    let cfg = Config {
        init: Initializer::PytorchDefault,
        ..Config::for_arch(Arch::Transformer)
    };
    let d = cfg.width as f64;
    let m = matrices(&cfg, 1);
    let bound = |i: usize| match m[i].dist {
        Distribution::Uniform { bound } => bound,
        other => panic!("{other:?}"),
    };
    for (i, p) in m.iter().enumerate().take(3) {
        assert!((bound(i) - (6.0 / (4.0 * d)).sqrt()).abs() < 1e-15);
        assert_eq!(p.sigma_b2(), 0.0);
    }
    assert!((bound(3) - 1.0 / d.sqrt()).abs() < 1e-15);
    assert_eq!(m[3].sigma_b2(), 0.0);
    assert!((bound(4) - 1.0 / d.sqrt()).abs() < 1e-15);
    assert!((m[4].sigma_b2() - 1.0 / (3.0 * d)).abs() < 1e-15);
    assert!((bound(5) - 1.0 / (4.0 * d).sqrt()).abs() < 1e-15);
    assert!((m[5].sigma_b2() - 1.0 / (12.0 * d)).abs() < 1e-15);
}

#[test]
fn bad_input_is_one_named_line() {
    let base = "simulate --arch transformer --init xavier-normal --activation gelu";
    for (flags, names) in [
        ("--heads 3", "--heads: 3 does not divide the width 128"),
        ("--tokens 1", "--tokens: '1' is out of range"),
        ("--tokens 300", "--tokens: '300' is out of range"),
        ("--ln middle", "--ln: 'middle'"),
        ("--attn-scale half", "--attn-scale: 'half'"),
        ("--depth 97", "--depth: 97 is more than the 96 blocks"),
        ("--width 1024 --tokens 256", "MB"),
        ("--init lsuv", "--init: lsuv rescales"),
    ] {
        let err = cli(&format!("{base} {flags}")).expect_err(flags);
        assert!(err.contains(names), "{flags}: {err}");
        assert!(!err.contains('\n'), "{err}");
    }
    let out = cli(
        "simulate --arch mlp --init he-normal --activation relu --depth 2 --tokens 8 --format csv",
    )
    .unwrap();
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("--tokens does not apply to mlp (only transformer")),
        "{:?}",
        out.warnings
    );
    let out = cli(&format!("{base} --depth 2 --kernel 5 --format csv")).unwrap();
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("--kernel does not apply to transformer")),
        "{:?}",
        out.warnings
    );
    // A preset stands in for --init and --activation.
    let out = cli("simulate --arch transformer --preset gpt2 --depth 2 --format json").unwrap();
    assert!(
        out.stdout.contains("\"branch_scale\": 0.5,"),
        "{}",
        &out.stdout[..300]
    );
}

/// The largest setting the bench runs in the worker is valid and just under the block limit; a little more is
/// refused with the sizes named.
#[test]
fn the_largest_setting_is_just_within_the_block_limit() {
    let big = largest();
    assert_eq!(
        (big.depth, big.width, big.tokens, big.batch),
        (96, 512, 256, 2)
    );
    assert!(big.validate().is_ok());
    let bytes = block_bytes(&big);
    assert_eq!(bytes, 30 << 20);
    assert!(bytes <= BLOCK_BYTES);
    let errs = Config { batch: 3, ..big }.validate().unwrap_err();
    assert!(
        errs[0]
            .to_string()
            .contains("more than the 32 MB a block may"),
        "{}",
        errs[0]
    );
}

fn cli(args: &str) -> Result<cli::Output, String> {
    let argv: Vec<String> = args.split_whitespace().map(String::from).collect();
    cli::run(&argv)
}
