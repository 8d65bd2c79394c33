//! One run, composed one way: [`Config`] → [`Plan`] (by its architecture, [`super::arch`]) → mean-field theory
//! → measured steps ([`super::network`], driven by a [`Job`]) → [`super::verdict`].

use super::config::Config;
use super::job::Job;
use super::network::MEMORY_BUDGET;
use super::plan::Plan;
use super::result::{SimOptions, SimResult};
use super::theory::Theory;

/// Run the network described by `cfg`. The config must be valid ([`Config::validate`]).
pub fn simulate(cfg: &Config, opts: &SimOptions) -> SimResult {
    simulate_with_budget(cfg, opts, MEMORY_BUDGET)
}

/// [`simulate`] with a given memory budget for the kept pre-activations and weights; a smaller budget
/// recomputes more but gives bit-identical results.
pub fn simulate_with_budget(cfg: &Config, opts: &SimOptions, budget: usize) -> SimResult {
    Job::new(cfg, opts, budget).into_result(&mut |_| {})
}

/// The mean-field prediction for `cfg`, or `None` where its architecture has none for it (zero and constant
/// initialization, whose weights are not zero-mean and independent; normalized layers).
pub fn predict(cfg: &Config) -> Option<Theory> {
    cfg.arch.dynamics().theory(cfg, &Plan::new(cfg))
}

/// Why the input–output Jacobian is not computed for `cfg`, or `None` when it is.
pub fn jacobian_unavailable(cfg: &Config) -> Option<String> {
    cfg.arch.model().jacobian_unavailable(cfg)
}
