//! The pin format of a page's query: `pins=…` names the pinned runs, so a shared link reproduces a whole
//! comparison. Pure (no browser, no Leptos): the crate also compiles it natively, for its unit tests.

use crate::charts::variance::Pinned;
use initscope::engine::Config;
use initscope::state::{query_pairs, to_query};

/// Most runs that can be pinned at once.
pub const MAX_PINNED: usize = 4;

/// The `pins=` value of a page query: each pinned run's query with `&` → `;` and `=` → `:` (`-` when it is
/// all defaults), runs joined by `~` — compact and free of characters a query must escape.
pub fn encode_pins(queries: &[&str]) -> String {
    queries
        .iter()
        .map(|q| {
            if q.is_empty() {
                "-".to_string()
            } else {
                q.replace('&', ";").replace('=', ":")
            }
        })
        .collect::<Vec<_>>()
        .join("~")
}

/// The pinned runs' queries named by a page query's `pins=` (at most [`MAX_PINNED`]).
pub fn pin_queries(page_query: &str) -> Vec<String> {
    query_pairs(page_query)
        .into_iter()
        .rev()
        .find(|(k, _)| k == "pins")
        .map(|(_, v)| {
            v.split('~')
                .filter(|p| !p.is_empty())
                .take(MAX_PINNED)
                .map(|p| {
                    if p == "-" {
                        String::new()
                    } else {
                        p.replace(';', "&").replace(':', "=")
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The page's query for a config and its pinned runs: the config's query, then `pins=…` when any.
pub fn page_query(cfg: &Config, pinned: &[Pinned]) -> String {
    let mut q = to_query(cfg);
    if !pinned.is_empty() {
        let queries: Vec<&str> = pinned.iter().map(|p| p.query.as_str()).collect();
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str("pins=");
        q.push_str(&encode_pins(&queries));
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_round_trip() {
        let queries = ["depth=20&init=xavier_normal", "", "activation=relu"];
        let encoded = encode_pins(&queries);
        assert_eq!(encoded, "depth:20;init:xavier_normal~-~activation:relu");
        let page = format!("depth=5&pins={encoded}");
        assert_eq!(pin_queries(&page), queries.map(String::from).to_vec());
    }

    #[test]
    fn pin_queries_keep_at_most_max_pinned() {
        let page = format!("pins={}", encode_pins(&["a=1"; MAX_PINNED + 2]));
        assert_eq!(pin_queries(&page).len(), MAX_PINNED);
        assert!(pin_queries("depth=5").is_empty());
    }

    #[test]
    fn page_query_without_pins_is_the_config_query() {
        let cfg = Config::default();
        assert_eq!(page_query(&cfg, &[]), to_query(&cfg));
    }
}
