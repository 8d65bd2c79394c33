//! Every claim in the Learn and Interview views is demonstrated: each demo's URL parses cleanly and the
//! engine gives the verdict the text promises (the browser test checks the same through the page).

use initscope::content::{all_demos, interview::questions, learn::initializer_rows};
use initscope::engine::{simulate, Initializer, SimOptions};
use initscope::state::parse_query;

#[test]
fn every_demo_parses_and_produces_its_verdict() {
    let demos = all_demos();
    assert!(demos.len() >= 25);
    // Every mismatch at once, so a change of the verdict's grades is reviewed demo by demo.
    let mut wrong = Vec::new();
    for d in demos {
        let (cfg, errors) = parse_query(d.query);
        assert!(errors.is_empty(), "{}: {errors:?}", d.query);
        let r = simulate(&cfg, &SimOptions::default());
        if r.verdict.kind != d.expect {
            wrong.push(format!(
                "{} ({}): expected {}, got {} — {}",
                d.query, d.what, d.expect, r.verdict.kind, r.verdict.message
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_table_covers_every_initializer_once() {
    let rows = initializer_rows();
    for init in Initializer::ALL {
        assert_eq!(rows.iter().filter(|r| r.init == init).count(), 1, "{init}");
        let row = rows.iter().find(|r| r.init == init).unwrap();
        assert!(
            row.demo.query.contains(&format!("init={}", init.id())),
            "{init}'s demo uses it"
        );
        assert!(row.formula.starts_with("<math>") && row.formula.ends_with("</math>"));
    }
}

#[test]
fn at_least_twelve_questions_each_with_a_demo() {
    let qs = questions();
    assert!(qs.len() >= 12);
    let mut ids: Vec<&str> = qs.iter().map(|q| q.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), qs.len(), "ids are unique");
    for q in &qs {
        assert!(!q.demos.is_empty(), "{}", q.id);
        assert!(!q.answer.is_empty());
    }
    // The tutorial's three come first.
    assert_eq!(
        [qs[0].id, qs[1].id, qs[2].id],
        ["zero", "he-relu", "too-large"]
    );
}

#[test]
fn quoted_numbers_match_the_engine() {
    use initscope::engine::theory::moments;
    use initscope::engine::{Activation, Nonlinearity};
    // "E[tanh(z)²] ≈ 0.394" and "1/√0.394 ≈ 1.59".
    let e = moments(&Nonlinearity::new(Activation::Tanh, 0.0), 1.0).second;
    assert!((e - 0.394).abs() < 5e-4, "{e}");
    assert!((1.0 / e.sqrt() - 1.59).abs() < 5e-3);
    // "q* ≈ 1.18, χ ≈ 1.21" for Xavier gain 5/3 + tanh; "χ ≈ 0.06" for Xavier + sigmoid.
    let (cfg, _) = parse_query("init=xavier-normal&gain=1.6666666666666667&activation=tanh");
    let t = initscope::engine::predict(&cfg).unwrap();
    assert!(
        (t.fixed_point - 1.18).abs() < 0.005 && (t.chi - 1.21).abs() < 0.005,
        "{t:?}"
    );
    let (cfg, _) = parse_query("init=xavier-normal&activation=sigmoid");
    assert!((initscope::engine::predict(&cfg).unwrap().chi - 0.06).abs() < 0.005);
    // "χ ≈ 8.7 for N(0, 1) weights at width 256" (tanh); "about 100× and 70× over 50 layers" for Xavier gain 1
    // + tanh (theory); "about 30×" for the SELU gradient with LeCun (theory).
    let chi = |q: &str| initscope::engine::predict(&parse_query(q).0).unwrap();
    assert!((chi("init=normal&scale=1&activation=tanh").chi - 8.7).abs() < 0.05);
    let t = chi("init=xavier-normal&activation=tanh");
    let fwd = t.layers[0].pre_var / t.layers[49].pre_var;
    let bwd = t.layers[49].grad_var / t.layers[0].grad_var;
    assert!(
        (80.0..120.0).contains(&fwd) && (55.0..85.0).contains(&bwd),
        "{fwd} {bwd}"
    );
    let t = chi("init=lecun-normal&activation=selu");
    let grow = t.layers[0].grad_var / t.layers[49].grad_var;
    assert!((25.0..35.0).contains(&grow), "{grow}");
    // "shrink the variance about 40× per layer" for N(0, 0.01²) tanh at width 256 (measured, layers 2 → 3).
    let (cfg, _) = parse_query("init=normal&scale=0.01&activation=tanh&depth=10");
    let r = simulate(&cfg, &SimOptions::default());
    let shrink = r.layers[1].pre_var / r.layers[2].pre_var;
    assert!((35.0..45.0).contains(&shrink), "{shrink}");
}

#[test]
fn architecture_and_edge_of_chaos_are_covered() {
    use initscope::content::architecture::{architecture, edge_of_chaos};
    use initscope::content::interview::phase_for;
    let ids: Vec<&str> = questions().iter().map(|q| q.id).collect();
    for id in [
        "pytorch-default",
        "gpt2-residual",
        "batchnorm",
        "rnn-orthogonal",
        "lsuv",
        "relu-alike",
        "fixup",
        "keras-default",
        "edge-of-chaos",
        "tanh-depth",
    ] {
        assert!(ids.contains(&id), "{id}");
        if let Some(q) = phase_for(id) {
            assert!(parse_query(q).1.is_empty(), "{id}: {q}");
        }
    }
    let claims = architecture();
    for topic in [
        "defaults",
        "Normalization",
        "Residual",
        "Fixup",
        "Recurrent",
        "LSUV",
    ] {
        assert!(claims.iter().any(|c| c.title.contains(topic)), "{topic}");
    }
    assert!(claims
        .iter()
        .chain(&edge_of_chaos())
        .all(|c| !c.demos.is_empty()));
    // The architecture demos use the new parameters.
    let queries: Vec<&str> = claims
        .iter()
        .flat_map(|c| c.demos.iter().map(|d| d.query))
        .collect();
    for p in [
        "arch=residual",
        "norm=batch",
        "branch-scale=",
        "zero-init-last=1",
        "arch=rnn",
        "init=pytorch-default",
        "init=identity",
        "init=lsuv",
    ] {
        assert!(queries.iter().any(|q| q.contains(p)), "{p}");
    }
}

#[test]
fn the_verdict_is_graded_and_names_the_fix() {
    use initscope::engine::VerdictKind;
    // Xavier + tanh decays ≈100× over 50 layers: a slow drift, never plain "stable".
    let (cfg, _) = parse_query("init=xavier-normal&activation=tanh");
    let r = simulate(&cfg, &SimOptions::default());
    assert_eq!(
        r.verdict.kind,
        VerdictKind::Drifting,
        "{}",
        r.verdict.message
    );
    assert_eq!(r.verdict.kind.id(), "drift");
    // He + ReLU holds within ×10.
    let r = simulate(&Default::default(), &SimOptions::default());
    assert_eq!(r.verdict.kind, VerdictKind::Stable, "{}", r.verdict.message);
    // Only the gain is wrong: the action says so.
    let (cfg, _) = parse_query("init=xavier-normal&gain=1.6666666666666667&activation=tanh");
    let r = simulate(&cfg, &SimOptions::default());
    assert_eq!(
        r.verdict.recommended.action(cfg.init, cfg.gain, cfg.keras),
        "Set gain to 1"
    );
    // Saturated yet exploding is explained where it is shown.
    let (cfg, _) = parse_query("init=normal&scale=1&activation=tanh&depth=10");
    let r = simulate(&cfg, &SimOptions::default());
    assert!(
        r.verdict.message.contains("Saturated yet exploding"),
        "{}",
        r.verdict.message
    );
}

#[test]
fn every_live_figure_and_tour_step_is_in_the_registry_and_holds_its_claim() {
    use initscope::content::figures::figures;
    use initscope::content::tour::steps;
    let demos = all_demos();
    let registered = |q: &str| demos.iter().any(|d| d.query == q);
    let mut wrong = Vec::new();
    for f in figures() {
        let initial = f.initial();
        for p in &f.panels {
            // The Lab's size is checked with every demo above; it must be one of them.
            assert!(
                registered(p.query),
                "{} / {} is not in all_demos",
                f.id,
                p.label
            );
            // The figure's own reduced size, at the control's initial value.
            for (size, cfg) in [
                ("figure", p.config(&f.control, &initial)),
                ("lab", p.lab_config(&f.control, &initial)),
            ] {
                assert!(cfg.validate().is_ok(), "{} / {}: invalid", f.id, p.label);
                let r = simulate(&cfg, &SimOptions::default());
                if r.verdict.kind != p.expect {
                    wrong.push(format!(
                        "{} / {} at the {size}'s size: expected {}, got {} — {}",
                        f.id, p.label, p.expect, r.verdict.kind, r.verdict.message
                    ));
                }
            }
        }
    }
    for s in steps() {
        assert!(
            registered(s.demo.query),
            "tour step '{}' is not in all_demos",
            s.title
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
