//! Every registered architecture answers consistently: its id round-trips, its series draw fields it reports,
//! its knobs are schema parameters, and the reports' columns follow what it declares.

use initscope::engine::arch::{Arch, Knob};
use initscope::engine::series::{Panel, COMMON};
use initscope::engine::{simulate, Config, Initializer, SimOptions};
use initscope::report::{csv_theory_fields, to_csv, to_json, Field};
use initscope::state::Param;

fn small(arch: Arch) -> Config {
    Config {
        arch,
        init: Initializer::HeNormal,
        depth: 4,
        width: 8,
        batch: 4,
        ..Config::default()
    }
}

#[test]
fn ids_round_trip_and_names_are_distinct() {
    for a in Arch::ALL {
        assert_eq!(a.id().parse::<Arch>(), Ok(a));
        assert_eq!(a.to_string(), a.id());
        assert!(!a.depth_noun().is_empty() && !a.unit().is_empty());
    }
    let mut labels: Vec<&str> = Arch::ALL.iter().map(|a| a.label()).collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), Arch::ALL.len());
    assert!("transformer-xl".parse::<Arch>().is_err());
}

#[test]
fn series_draw_reported_fields_and_common_fields_come_first() {
    for a in Arch::ALL {
        let m = a.model();
        // The common fields it reports (all of them, or none: a transformer has no pre-activation of its
        // own), first and in order.
        let common = m.fields().iter().take_while(|f| f.common()).count();
        assert!(common == 0 || common == COMMON.len(), "{a}");
        assert_eq!(&m.fields()[..common], &COMMON[..common], "{a}");
        assert!(m.fields()[common..].iter().all(|f| !f.common()), "{a}");
        for s in m.series() {
            assert!(m.fields().contains(&s.field), "{a} draws {:?}", s.field);
            assert!(s.theory.is_none() || s.field.has_theory() || s.panel == Panel::Correlation);
        }
        let signal = m.signal();
        assert!(m.fields().contains(&signal.forward) && m.fields().contains(&signal.backward));
    }
}

#[test]
fn every_knob_is_a_parameter_and_taken_by_some_architecture() {
    let knobs: Vec<Knob> = Param::ALL.iter().filter_map(|p| p.knob()).collect();
    for a in Arch::ALL {
        for k in a.model().knobs() {
            assert!(
                knobs.contains(k),
                "{a} takes {k:?}, which no parameter sets"
            );
        }
    }
    for p in Param::ALL {
        let Some(k) = p.knob() else { continue };
        assert!(!Arch::taking(k).is_empty(), "{p:?}");
        for a in Arch::ALL {
            let cfg = small(a);
            let why = p.unused_in(&cfg);
            assert_eq!(why.is_none(), a.takes(k), "{p:?} in {a}: {why:?}");
            if let Some(why) = why {
                assert!(
                    why.starts_with(&format!("does not apply to {a} (only ")),
                    "{why}"
                );
            }
        }
    }
}

#[test]
fn reports_carry_exactly_the_declared_fields() {
    for a in Arch::ALL {
        let cfg = small(a);
        cfg.validate().unwrap();
        let r = simulate(&cfg, &SimOptions::default());
        let json: serde_json::Value = serde_json::from_str(&to_json(&r, None)).unwrap();
        let layer = json["layers"][0].as_object().unwrap();
        let mut keys: Vec<&str> = layer.keys().map(String::as_str).collect();
        let mut want: Vec<&str> = a.model().fields().iter().map(|f| f.name()).collect();
        want.push("layer");
        keys.sort();
        want.sort();
        assert_eq!(keys, want, "{a}");
        let header = to_csv(&r, None).lines().next().unwrap().to_string();
        let mut cols = vec!["layer".to_string()];
        cols.extend(a.model().fields().iter().map(|f| f.name().to_string()));
        cols.extend(
            csv_theory_fields(a)
                .iter()
                .map(|f| format!("theory_{}", f.name())),
        );
        // The correlation map, where the charts draw it beside the measured correlation.
        if initscope::engine::series::predicts(a.model().series(), Field::Corr) {
            cols.push("theory_corr".into());
        }
        assert_eq!(header, cols.join(","), "{a}");
    }
}
