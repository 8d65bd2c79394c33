//! The parameters of a [`Config`], by name: one schema for the URL query, the CLI flags and the form.
//!
//! Every parameter is described once, in a table ([`Param::spec`], and `RaceParam::spec` for the race in
//! `crate::train::params`): its name (the CLI flag without `--`, the URL key), kind and range, default, label
//! and help. The generic parsers of [`Spec`] read every value; [`parse_query`] reads a URL query leniently
//! (every bad value falls back to its default and is reported); [`to_query`] writes the config back.
//!
//! - `spec`: the descriptor type and its parsers.
//! - `param`: the Lab's table, and when a parameter changes nothing ([`Param::unused_with`]).
//! - `values`: reading and writing each parameter of a [`Config`].

mod param;
mod spec;
mod specs;
mod values;

pub use param::Param;
pub use spec::{shorten, Kind, ParamError, Spec};
pub use specs::{activation_ids, init_ids};

use crate::engine::config::Config;

/// Decode one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a byte; malformed
/// escapes are kept as written; invalid UTF-8 becomes U+FFFD.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded `key=value` pairs of a query (with or without the leading `?`), in order; a key without `=`
/// has an empty value.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// Read a URL query (with or without the leading `?`). Unknown parameters and bad values are ignored —
/// the setting keeps its default — and each is reported. A repeated parameter: the last value wins, and
/// the repetition is reported.
pub fn parse_query(query: &str) -> (Config, Vec<ParamError>) {
    let (cfg, errors, _) = read_query(query);
    (cfg, errors)
}

/// [`parse_query`] for a link the page was opened with: also names each given parameter that changes nothing
/// in the resulting config ("scale … does not apply to he-normal"), as `initscope` warns about such flags.
pub fn parse_link(query: &str) -> (Config, Vec<ParamError>) {
    let (cfg, mut errors, given) = read_query(query);
    errors.extend(cfg.unused_params(&given));
    (cfg, errors)
}

/// A key of the page itself, not of the simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageKey {
    /// The URL key.
    pub name: &'static str,
    /// Whether it is a flag kept as written when the page rewrites its query (how to show the page:
    /// `embed`, `controls`, `tour`), rather than state the page writes itself with the config (`pins`).
    pub kept: bool,
}

/// Every key of the page itself, not of the simulation — the one list (extend it for each new page-level
/// key). Every reader of a query skips them, so a shared page link still reads as a config (and the CLI
/// ignores them); the page keeps the `kept` flags when it rewrites its query.
pub const PAGE_KEYS: &[PageKey] = &[
    // The pinned runs of the Lab (written with the config by the Lab).
    PageKey {
        name: "pins",
        kept: false,
    },
    // Embed mode: the chart and the verdict only.
    PageKey {
        name: "embed",
        kept: true,
    },
    // Which controls an embed shows.
    PageKey {
        name: "controls",
        kept: true,
    },
    // The guided tour's step.
    PageKey {
        name: "tour",
        kept: true,
    },
];

/// Whether `key` is a key of the page itself ([`PAGE_KEYS`]), which no config reader takes.
pub fn is_page_key(key: &str) -> bool {
    PAGE_KEYS.iter().any(|k| k.name == key)
}

/// Whether `key` is a page-level flag kept as written when the page rewrites its query.
pub fn is_kept_page_flag(key: &str) -> bool {
    PAGE_KEYS.iter().any(|k| k.kept && k.name == key)
}

/// Order settings given by name: the architecture first (it sets which depth, width and batch the others are
/// defaults for, [`Config::switch_arch`]); with a preset, then the depth and width, then the preset (expanded at
/// that depth and width), then the rest (which override the preset's) — so the order they were given in does
/// not matter.
pub fn arch_first<K: AsRef<str>, V>(pairs: &mut [(K, V)]) {
    let preset = pairs
        .iter()
        .any(|(k, _)| k.as_ref() == Param::Preset.name());
    let rank = |k: &str| match Param::from_name(k) {
        Some(Param::Arch) => 0,
        Some(Param::Depth | Param::Width) if preset => 1,
        Some(Param::Preset) => 2,
        _ => 3,
    };
    // A stable sort: the rest keep their order (and so do their error messages).
    pairs.sort_by_key(|(k, _)| rank(k.as_ref()));
}

/// The config, the problems, and the parameters given (once each, in order).
fn read_query(query: &str) -> (Config, Vec<ParamError>, Vec<Param>) {
    let mut cfg = Config::default();
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    // Only accepted values can be "of no effect": a rejected one is already named with its reason.
    let mut accepted = Vec::new();
    let mut pairs = query_pairs(query);
    arch_first(&mut pairs);
    for (k, v) in pairs {
        if is_page_key(&k) {
            continue;
        }
        let Some(p) = Param::from_name(&k) else {
            errors.push(ParamError {
                name: shorten(&k),
                value: shorten(&v),
                reason: "is not a setting Initscope knows".into(),
            });
            continue;
        };
        if seen.contains(&p) {
            errors.push(ParamError {
                name: k.clone(),
                value: shorten(&v),
                reason: "was given more than once; the last value is used".into(),
            });
        } else {
            seen.push(p);
        }
        match cfg.set_param(p, &v) {
            Ok(()) if !accepted.contains(&p) => accepted.push(p),
            Ok(()) => {}
            Err(e) => errors.push(e),
        }
    }
    errors.extend(cfg.reset_invalid());
    (cfg, errors, accepted)
}

/// The query string (without `?`) that reproduces `cfg`; defaults are left out.
pub fn to_query(cfg: &Config) -> String {
    Param::ALL
        .into_iter()
        .filter_map(|p| cfg.param_value(p).map(|v| format!("{}={}", p.name(), v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod page_key_tests {
    use super::*;

    #[test]
    fn page_keys_are_skipped_by_every_reader_and_only_flags_are_kept() {
        let (cfg, errors) = parse_query("depth=7&pins=-&embed=1&controls=depth&tour=2");
        assert_eq!(cfg.depth, 7);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(PAGE_KEYS.iter().all(|k| is_page_key(k.name)));
        assert!(!is_page_key("depth"));
        assert!(!is_kept_page_flag("pins"), "the Lab writes its pins itself");
        for flag in ["embed", "controls", "tour"] {
            assert!(is_kept_page_flag(flag));
        }
    }
}
