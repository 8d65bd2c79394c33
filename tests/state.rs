//! The URL schema: round trips, defaults left out, and every bad value reported, never a panic.

use initscope::engine::arch::Arch;
use initscope::engine::norm::Norm;
use initscope::engine::transformer::{AttnScale, LnPlace};
use initscope::engine::{Activation, Config, FanMode, Initializer};
use initscope::state::{decode_component, parse_link, parse_query, to_query, Param};

#[test]
fn default_config_has_an_empty_query() {
    assert_eq!(to_query(&Config::default()), "");
    let (cfg, errs) = parse_query("");
    assert_eq!(cfg, Config::default());
    assert!(errs.is_empty());
}

#[test]
fn every_setting_round_trips() {
    let cfg = Config {
        init: Initializer::XavierNormal,
        scale: 0.25,
        gain: Some(5.0 / 3.0),
        mode: FanMode::FanOut,
        keras: true,
        activation: Activation::LeakyRelu,
        slope: Some(0.2),
        depth: 123,
        width: 77,
        input_width: Some(3),
        batch: 5,
        bias_std: 0.1,
        seed: u64::MAX,
        arch: Arch::Rnn,
        norm: Norm::Layer,
        branch_scale: 0.125,
        zero_init_last: true,
        input_init: Initializer::Orthogonal,
        kernel: 5,
        image: 9,
        tokens: 7,
        heads: 2,
        ln: LnPlace::Post,
        attn_scale: AttnScale::Inverse,
        causal: true,
        skip_scale: 1.5,
        value_gain: 0.75,
        zero_query: true,
    };
    let q = to_query(&cfg);
    // A preset is never written: it is read into the settings it stands for.
    for p in Param::ALL.into_iter().filter(|&p| p != Param::Preset) {
        assert!(
            q.contains(&format!("{}=", p.name())),
            "{} missing from {q}",
            p.name()
        );
    }
    let (back, errs) = parse_query(&format!("?{q}"));
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(back, cfg);
}

#[test]
fn bad_values_fall_back_and_are_named() {
    let (cfg, errs) =
        parse_query("init=bogus&depth=9999&width=abc&activation=tanh&scale=NaN&wat=1&keras=maybe");
    assert_eq!(cfg.init, Config::default().init);
    assert_eq!(cfg.depth, Config::default().depth);
    assert_eq!(cfg.activation, Activation::Tanh, "valid values are kept");
    let names: Vec<&str> = errs.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["init", "depth", "width", "scale", "wat", "keras"]);
    assert!(errs[1].to_string().contains("1 to 200"));
}

#[test]
fn repeated_keys_and_percent_encoding() {
    let (cfg, errs) = parse_query("depth=10&depth=%32%30&init=he%2Duniform");
    assert_eq!(cfg.depth, 20);
    assert_eq!(cfg.init, Initializer::HeUniform);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].reason.contains("more than once"));
    assert_eq!(decode_component("a+b%zz%4"), "a b%zz%4");
    assert_eq!(decode_component("%E2%88%9E"), "∞");
}

#[test]
fn cross_rules_are_checked_after_reading() {
    let (cfg, errs) = parse_query("init=uniform&scale=-2");
    assert_eq!(cfg.scale, 1.0);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].to_string().contains("≥ 0"));
}

#[test]
fn hostile_values_are_shortened_and_never_panic() {
    let long = "9".repeat(10_000);
    let (_, errs) = parse_query(&format!(
        "seed={long}&init=%3Cscript%3Ealert(1)%3C/script%3E&%FF%FE=%C0"
    ));
    assert_eq!(errs.len(), 3);
    assert!(errs.iter().all(|e| e.value.chars().count() <= 41));
    assert!(
        errs[1].value.contains("<script>"),
        "the notice shows the text (the page escapes it)"
    );
}

#[test]
fn the_table_describes_every_parameter_once() {
    let mut names: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Param::ALL.len(), "names are unique");
    for p in Param::ALL {
        let spec = p.spec();
        assert_eq!(Param::from_name(spec.name), Some(p));
        assert!(
            !spec.label.is_empty() && !spec.help.is_empty(),
            "{}",
            spec.name
        );
        // The default, where the table states one, is the config's and parses back to it.
        let d = Config::default();
        if let Some(text) = &spec.default {
            let mut c = d.clone();
            assert_eq!(c.set_param(p, text), Ok(()), "{}", spec.name);
            assert_eq!(c, d, "{}", spec.name);
        }
    }
}

#[test]
fn a_parameter_that_changes_nothing_is_named_in_a_link() {
    let (cfg, errs) = parse_link("init=he-normal&scale=2&slope=0.1&gain=1");
    assert_eq!(cfg.scale, 2.0, "the value is kept (it changes nothing)");
    let names: Vec<&str> = errs.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["scale", "slope"]);
    assert_eq!(
        errs[0].to_string(),
        "scale: '2' does not apply to he-normal (only constant, uniform and normal take a scale)"
    );
    assert!(errs[1].reason.contains("relu"), "{}", errs[1]);
    assert!(
        parse_query("init=he-normal&scale=2").1.is_empty(),
        "the plain reader stays quiet"
    );
    assert!(!Param::Mode.applies(&Config {
        init: Initializer::XavierNormal,
        ..Config::default()
    }));
}

#[test]
fn only_constant_takes_a_negative_scale() {
    let (cfg, errs) = parse_query("init=he-normal&scale=-1");
    assert_eq!(cfg.scale, 1.0);
    assert_eq!(errs.len(), 1);
    let (cfg, errs) = parse_query("init=constant&scale=-1");
    assert_eq!((cfg.scale, errs.len()), (-1.0, 0));
}

#[test]
fn a_rejected_value_is_named_once_not_also_as_of_no_effect() {
    // scale=abc for he-normal: rejected (not a number); it must not also be reported as "does not apply".
    let (_, notes) = parse_link("scale=abc&scale=2&init=he-normal");
    let scale: Vec<_> = notes.iter().filter(|e| e.name == "scale").collect();
    assert_eq!(scale.len(), 3, "{notes:?}"); // rejected, repeated, and (2 was accepted) of no effect
    let (_, notes) = parse_link("scale=abc&init=he-normal");
    assert_eq!(
        notes.iter().filter(|e| e.name == "scale").count(),
        1,
        "{notes:?}"
    );
}

#[test]
fn an_architecture_brings_its_sizes_in_any_order_of_the_query() {
    let (conv, errors) = parse_query("arch=conv");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((conv.depth, conv.width, conv.batch), (20, 32, 8));
    assert_eq!(to_query(&conv), "arch=conv");
    // A size given beside the architecture wins, before or after it.
    for q in ["depth=50&arch=conv", "arch=conv&depth=50"] {
        let (c, _) = parse_query(q);
        assert_eq!((c.depth, c.width, c.batch), (50, 32, 8), "{q}");
        assert_eq!(to_query(&c), "depth=50&arch=conv", "{q}");
    }
    // Switching keeps the sizes the learner chose and moves the defaults.
    let mut c = Config {
        depth: 30,
        ..Config::default()
    };
    c.set_param(Param::Arch, "conv").unwrap();
    assert_eq!((c.depth, c.width, c.batch), (30, 32, 8));
    c.set_param(Param::Arch, "mlp").unwrap();
    assert_eq!((c.depth, c.width, c.batch), (30, 256, 128));
}
