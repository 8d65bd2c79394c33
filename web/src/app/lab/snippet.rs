//! The Lab's "Copy embed code" snippet: the `<iframe>` that embeds a configuration, and its title. Pure (no
//! browser, no Leptos): the crate also compiles it natively, for its unit tests.

use initscope::engine::Config;
use initscope::state::to_query;

/// A short human title of a config: "He normal + ReLU, 50 layers".
pub fn config_title(cfg: &Config) -> String {
    format!(
        "{} + {}, {} {}",
        cfg.init.label(),
        cfg.activation.label(),
        cfg.depth,
        cfg.arch.depth_noun()
    )
}

/// Escape text for an HTML attribute value in double quotes.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The `<iframe>` snippet that embeds `cfg`, for a page served at `base` (origin and path, no query).
pub fn embed_snippet(cfg: &Config, base: &str) -> String {
    let query = to_query(cfg);
    let sep = if query.is_empty() { "" } else { "&" };
    let src = format!("{base}?{query}{sep}embed=1");
    format!(
        "<iframe src=\"{}\" width=\"640\" height=\"480\" title=\"{}\" loading=\"lazy\" style=\"border:0\"></iframe>",
        attr(&src),
        attr(&format!("Initscope: {}", config_title(cfg)))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attr_escapes_quotes_angles_and_ampersands() {
        assert_eq!(attr(r#"a&b "c" <d>"#), "a&amp;b &quot;c&quot; &lt;d&gt;");
    }

    #[test]
    fn snippet_escapes_the_query_and_names_the_config() {
        let cfg = Config {
            depth: 20,
            ..Config::default()
        };
        let s = embed_snippet(&cfg, "https://example.org/initscope/");
        assert!(s.starts_with("<iframe src=\"https://example.org/initscope/?"));
        assert!(s.contains("&amp;embed=1\""));
        assert!(!s.contains("&embed"));
        assert!(s.contains(&format!("title=\"Initscope: {}\"", config_title(&cfg))));
        assert!(config_title(&cfg).contains("20"));
    }

    #[test]
    fn snippet_of_the_defaults_has_no_stray_ampersand() {
        let s = embed_snippet(&Config::default(), "/");
        assert!(s.contains("src=\"/?embed=1\""));
    }
}
