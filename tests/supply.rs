//! Layers drawn by another thread (as the web page's second worker draws them) and supplied to this one: the
//! run uses them and gives exactly what drawing them itself gives; what is listed as wanted is what this
//! thread would otherwise sample from scratch.

use initscope::engine::arch::Arch;
use initscope::engine::kept::{self, draws, supplied, supply, wanted, Draw};
use initscope::engine::{codec, simulate, Activation, Config, Initializer, SimOptions, SimResult};

fn bits(r: &SimResult) -> Vec<u64> {
    codec::encode(r).iter().map(|x| x.to_bits()).collect()
}

/// A run on a fresh thread: nothing kept, every layer drawn by the run itself.
fn fresh_run(cfg: &Config) -> Vec<u64> {
    let cfg = cfg.clone();
    std::thread::spawn(move || bits(&simulate(&cfg, &SimOptions::default())))
        .join()
        .unwrap()
}

/// Draw `positions` of `cfg`'s draws on another thread, as the helper worker does, and supply them here.
fn supply_from_another_thread(cfg: &Config, positions: &[usize]) -> usize {
    let (c, p) = (cfg.clone(), positions.to_vec());
    let drawn = std::thread::spawn(move || {
        let all = draws(&c);
        p.iter().map(|&i| all[i].sample()).collect::<Vec<_>>()
    })
    .join()
    .unwrap();
    let all = draws(cfg);
    (positions.iter().zip(drawn))
        .filter(|(&i, (dense, var))| supply(&all[i], dense.clone(), *var))
        .count()
}

fn small(init: Initializer, activation: Activation, seed: u64) -> Config {
    Config {
        init,
        activation,
        depth: 12,
        width: 40,
        batch: 16,
        seed,
        bias_std: 0.05,
        ..Config::default()
    }
}

#[test]
fn supplied_layers_give_the_same_run_to_the_bit() {
    kept::clear();
    // Seeds differ: two inits of one family (Xavier and PyTorch's default are both uniform) with one seed
    // are one set of unit draws, a rescale rather than a draw.
    for (seed, (init, activation)) in (7..).zip([
        (Initializer::HeNormal, Activation::Relu),
        (Initializer::XavierUniform, Activation::Tanh),
        (Initializer::Orthogonal, Activation::Selu),
        (Initializer::PytorchDefault, Activation::Gelu),
    ]) {
        let cfg = small(init, activation, seed);
        let want = wanted(&cfg);
        assert_eq!(
            want,
            (0..12).collect::<Vec<_>>(),
            "{init:?}: nothing kept yet, so every layer is wanted"
        );
        let before = supplied();
        assert_eq!(supply_from_another_thread(&cfg, &want), 12, "{init:?}");
        assert_eq!(supplied(), before + 12);
        assert!(wanted(&cfg).is_empty(), "{init:?}: all supplied");
        let run = bits(&simulate(&cfg, &SimOptions::default()));
        assert_eq!(run, fresh_run(&cfg), "{init:?}: a supplied run differs");
    }
    kept::clear();
}

#[test]
fn some_layers_supplied_the_rest_drawn_here() {
    kept::clear();
    let cfg = small(Initializer::LecunNormal, Activation::Elu, 3);
    assert_eq!(supply_from_another_thread(&cfg, &[0, 4, 5, 11]), 4);
    assert_eq!(wanted(&cfg), vec![1, 2, 3, 6, 7, 8, 9, 10]);
    let run = bits(&simulate(&cfg, &SimOptions::default()));
    assert_eq!(run, fresh_run(&cfg));
    kept::clear();
}

#[test]
fn a_rescale_of_kept_layers_is_not_wanted() {
    kept::clear();
    let cfg = |scale: f64, seed: u64| Config {
        init: Initializer::Normal,
        scale,
        ..small(Initializer::Normal, Activation::Tanh, seed)
    };
    drop(simulate(&cfg(0.1, 1), &SimOptions::default()));
    assert!(wanted(&cfg(0.1, 1)).is_empty(), "kept");
    // Another σ of the same draws is a multiply here, not worth a second worker's draw.
    assert!(wanted(&cfg(0.12, 1)).is_empty(), "a σ step");
    drop(simulate(&cfg(0.12, 1), &SimOptions::default()));
    assert!(
        wanted(&cfg(0.14, 1)).is_empty(),
        "a σ step with unit draws kept"
    );
    assert_eq!(wanted(&cfg(0.1, 2)).len(), 12, "another seed draws anew");
    kept::clear();
}

#[test]
fn wanted_stops_at_the_keep_budget() {
    kept::clear();
    // 4 MiB a layer: 8 fit in the 32 MiB budget.
    let cfg = Config {
        width: 1024,
        depth: 50,
        ..Config::default()
    };
    assert_eq!(wanted(&cfg), (0..8).collect::<Vec<_>>());
    assert!(draws(&cfg).iter().all(|d| d.bytes() == 4 << 20));
    kept::clear();
}

#[test]
fn a_wrong_or_repeated_supply_is_refused() {
    kept::clear();
    let cfg = small(Initializer::HeUniform, Activation::Relu, 5);
    let all: Vec<Draw> = draws(&cfg);
    let (dense, var) = all[2].sample();
    let narrower = draws(&Config {
        width: 30,
        ..cfg.clone()
    })[3]
        .sample()
        .0;
    assert!(!supply(&all[3], narrower, var), "another shape");
    let mut short = dense.clone();
    short.w.pop();
    assert!(!supply(&all[2], short, var), "weights missing");
    assert!(supply(&all[2], dense.clone(), var));
    assert!(!supply(&all[2], dense, var), "kept already");
    kept::clear();
}

#[test]
fn an_rnn_lists_no_draws() {
    // It draws its two matrices once for the whole run, itself.
    let cfg = Config {
        arch: Arch::Rnn,
        ..small(Initializer::HeNormal, Activation::Relu, 1)
    };
    assert!(draws(&cfg).is_empty());
    assert!(wanted(&cfg).is_empty());
}

#[test]
fn residual_blocks_list_both_matrices_and_a_supplied_run_is_the_same_bits() {
    kept::clear();
    for (seed, (init, zero_init_last)) in (31..).zip([
        (Initializer::HeNormal, false),
        (Initializer::XavierUniform, true),
    ]) {
        let cfg = Config {
            arch: Arch::Residual,
            zero_init_last,
            ..small(init, Activation::Relu, seed)
        };
        let all = draws(&cfg);
        assert_eq!(all.len(), 24, "12 blocks, two matrices each");
        assert!(all.iter().all(|d| d.shape() == (40, 40)));
        assert_ne!(all[0], all[1], "a block's two matrices are two draws");
        let want = wanted(&cfg);
        assert_eq!(want, (0..24).collect::<Vec<_>>());
        assert_eq!(supply_from_another_thread(&cfg, &want), 24);
        assert!(wanted(&cfg).is_empty());
        let run = bits(&simulate(&cfg, &SimOptions::default()));
        assert_eq!(
            run,
            fresh_run(&cfg),
            "{init:?}: a supplied residual run differs"
        );
    }
    kept::clear();
}

#[test]
fn a_residual_run_uses_both_supplied_matrices_of_a_block() {
    // Each of a block's matrices, supplied from another seed under this run's draw, changes the run: so the
    // run looks each up under the key `draws` lists (W_{l,1} on the layer's streams, W_{l,2} on the branch's).
    let cfg = |seed| Config {
        arch: Arch::Residual,
        ..small(Initializer::HeNormal, Activation::Relu, seed)
    };
    let fresh = fresh_run(&cfg(41));
    let other = draws(&cfg(42));
    for position in [2, 3] {
        kept::clear();
        let (dense, var) = other[position].sample();
        assert!(supply(&draws(&cfg(41))[position], dense, var));
        let run = bits(&simulate(&cfg(41), &SimOptions::default()));
        assert_ne!(run, fresh, "position {position} was not used");
    }
    kept::clear();
}

#[test]
fn a_residual_run_again_reuses_its_blocks_and_is_the_same_bits() {
    kept::clear();
    let cfg = Config {
        arch: Arch::Residual,
        ..small(Initializer::HeUniform, Activation::Tanh, 5)
    };
    let first = bits(&simulate(&cfg, &SimOptions::default()));
    kept::begin_run();
    assert!(
        wanted(&cfg).is_empty(),
        "every matrix is kept after one run"
    );
    // Another activation and a smaller α: the same weights, reused.
    let other = Config {
        activation: Activation::Gelu,
        branch_scale: 0.5,
        ..cfg.clone()
    };
    kept::begin_run();
    assert!(wanted(&other).is_empty());
    assert_eq!(bits(&simulate(&cfg, &SimOptions::default())), first);
    assert_eq!(
        bits(&simulate(&other, &SimOptions::default())),
        fresh_run(&other)
    );
    kept::clear();
}

#[test]
fn the_run_uses_what_was_supplied() {
    // A layer of the right shape but from another seed, supplied under this run's draw, is what the run
    // uses: so the equality above holds because the supplied layers are the same bits, not because the run
    // drew its own.
    kept::clear();
    let cfg = small(Initializer::HeNormal, Activation::Relu, 21);
    let other = draws(&small(Initializer::HeNormal, Activation::Relu, 22));
    let (dense, var) = other[4].sample();
    assert!(supply(&draws(&cfg)[4], dense, var));
    let run = bits(&simulate(&cfg, &SimOptions::default()));
    assert_ne!(run, fresh_run(&cfg));
    kept::clear();
}

#[test]
fn what_is_supplied_never_evicts_the_layers_the_run_reuses() {
    // 1 MiB a layer: a 30-layer run keeps 30 MiB of the 32. Ten layers deeper, the run reuses those 30 and
    // has room for 2 more: only those are wanted, and a supply beyond them is refused instead of evicting
    // the layers the run is about to reuse (which it would then draw again itself).
    kept::clear();
    let cfg = |depth: usize| Config {
        width: 512,
        batch: 4,
        depth,
        ..Config::default()
    };
    drop(simulate(&cfg(30), &SimOptions::default()));
    kept::begin_run();
    assert_eq!(wanted(&cfg(40)), vec![30, 31]);
    let extra: Vec<usize> = (30..40).collect();
    assert_eq!(
        supply_from_another_thread(&cfg(40), &extra),
        2,
        "only what fits beside the reused layers"
    );
    kept::begin_run();
    assert!(wanted(&cfg(30)).is_empty(), "the 30 layers are still kept");
    assert!(wanted(&cfg(32)).is_empty(), "and the 2 supplied");
    kept::clear();
}
