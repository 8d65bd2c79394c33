//! The names the Lab's downloads are saved under: the settings that differ from the defaults, so a teacher who
//! downloads five runs gets five names that say which is which. Pure (no browser, no Leptos): the crate also
//! compiles it natively, for its unit tests.

use initscope::engine::Config;
use initscope::state::to_query;

/// "initscope_init-xavier-normal_depth-30_layers.csv": the query that reproduces `cfg` (`to_query`), one
/// setting per `_`-separated part, then `what` and `ext`; characters a file name should not hold become `-`.
pub fn export_name(cfg: &Config, what: &str, ext: &str) -> String {
    let settings: String = to_query(cfg)
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|s| format!("_{s}"))
        .collect::<String>()
        .chars()
        .map(|c| match c {
            '=' => '-',
            c if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') => c,
            _ => '-',
        })
        .collect();
    format!("initscope{settings}_{what}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use initscope::state::parse_query;

    #[test]
    fn names_carry_the_settings_and_differ_between_runs() {
        let (cfg, _) = parse_query("init=xavier-normal&activation=relu&depth=30&width=64");
        assert_eq!(
            export_name(&cfg, "layers", "csv"),
            "initscope_init-xavier-normal_depth-30_width-64_layers.csv"
        );
        assert_eq!(
            export_name(&Config::default(), "run", "json"),
            "initscope_run.json"
        );
        let (conv, _) = parse_query("arch=conv&gain=1.5&kernel=5");
        let name = export_name(&conv, "variance", "png");
        assert_eq!(name, "initscope_gain-1.5_arch-conv_kernel-5_variance.png");
        assert!(name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)));
    }
}
