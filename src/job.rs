//! A simulation request as the page sends it to its web worker: plain text, parsed with the URL's own
//! schema, so the worker runs exactly the config the page shows.

use crate::engine::Config;
use crate::state::{parse_query, to_query};

/// One request.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Increasing id; answers carry it so stale ones can be dropped.
    pub id: u64,
    /// What to simulate.
    pub config: Config,
    /// Layers whose histograms are wanted.
    pub histogram_layers: Vec<usize>,
    /// Seeds for the spread band (0 = no band).
    pub spread_seeds: u64,
}

impl Job {
    /// The message text: four lines (id, query, histogram layers, spread seeds).
    pub fn to_message(&self) -> String {
        let layers: Vec<String> = self.histogram_layers.iter().map(usize::to_string).collect();
        format!(
            "{}\n{}\n{}\n{}",
            self.id,
            to_query(&self.config),
            layers.join(","),
            self.spread_seeds
        )
    }

    /// Parse a message; `None` if it is not one [`Job::to_message`] wrote.
    pub fn from_message(text: &str) -> Option<Job> {
        let mut lines = text.split('\n');
        let id = lines.next()?.parse().ok()?;
        let (config, errors) = parse_query(lines.next()?);
        if !errors.is_empty() {
            return None;
        }
        let layers = lines.next()?;
        let histogram_layers = if layers.is_empty() {
            Vec::new()
        } else {
            layers
                .split(',')
                .map(|l| l.parse().ok())
                .collect::<Option<Vec<usize>>>()?
        };
        let spread_seeds = lines.next()?.parse().ok()?;
        Some(Job {
            id,
            config,
            histogram_layers,
            spread_seeds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Activation, Initializer};

    #[test]
    fn round_trips() {
        let job = Job {
            id: 41,
            config: Config {
                init: Initializer::Orthogonal,
                activation: Activation::Selu,
                gain: Some(1.25),
                ..Config::default()
            },
            histogram_layers: vec![1, 25, 50],
            spread_seeds: 8,
        };
        assert_eq!(Job::from_message(&job.to_message()), Some(job.clone()));
        let none = Job {
            histogram_layers: vec![],
            spread_seeds: 0,
            ..job
        };
        assert_eq!(Job::from_message(&none.to_message()), Some(none));
        assert_eq!(Job::from_message("x\n\n\n0"), None);
        assert_eq!(Job::from_message("1\ndepth=999\n\n0"), None);
    }
}
