//! The URL schema: round trips, defaults left out, and every bad value reported, never a panic.

use initscope::engine::{Activation, Config, FanMode, Initializer};
use initscope::state::{decode_component, parse_query, to_query, Param};

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
    };
    let q = to_query(&cfg);
    for p in Param::ALL {
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
