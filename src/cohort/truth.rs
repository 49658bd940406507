//! The true values of a simulated cohort, for checking that estimators
//! recover them.

use super::records::Channel;
use super::simulate::CohortSimulator;
use crate::num::rng::det_exp;

impl CohortSimulator {
    /// The base cumulative hazard Λ₀(t), t in years since return.
    fn base_cumhaz(&self, t: f64) -> f64 {
        let h = &self.hazard_by_year;
        let mut acc = 0.0;
        for (k, &rate) in h.iter().enumerate() {
            let start = k as f64;
            let end = if k + 1 < h.len() {
                start + 1.0
            } else {
                f64::INFINITY
            };
            if t <= start {
                break;
            }
            acc += rate * (t.min(end) - start);
        }
        acc
    }

    /// The mixture over sex and assistance of f(hazard multiplier).
    fn mixture(&self, f: impl Fn(f64) -> f64) -> f64 {
        let total: f64 = self.assistance.iter().map(|c| c.share).sum();
        let mut acc = 0.0;
        for c in &self.assistance {
            for (share, hr) in [
                (self.female_share, self.female_hazard_ratio),
                (1.0 - self.female_share, 1.0),
            ] {
                acc += c.share / total * share * f(c.hazard_ratio * hr);
            }
        }
        acc
    }

    /// True probability of no re-migration by t years since return
    /// (before day rounding of the dates).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortSimulator;
    /// let s = CohortSimulator::new(1, 1).hazard_by_year(vec![0.2]);
    /// assert!((s.true_survival(1.0) - (-0.2f64).exp()).abs() < 1e-15);
    /// ```
    pub fn true_survival(&self, t: f64) -> f64 {
        let h0 = self.base_cumhaz(t);
        self.mixture(|m| det_exp(-m * h0))
    }

    /// True cumulative incidence of a first re-migration through `channel` by t.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, CohortSimulator};
    /// let mut s = CohortSimulator::new(1, 1);
    /// s.irregular_share = 0.75;
    /// let total = 1.0 - s.true_survival(2.0);
    /// assert!((s.true_cumulative_incidence(Channel::Legal, 2.0) - 0.25 * total).abs() < 1e-15);
    /// ```
    pub fn true_cumulative_incidence(&self, channel: Channel, t: f64) -> f64 {
        let share = match channel {
            Channel::Irregular => self.irregular_share,
            Channel::Legal => 1.0 - self.irregular_share,
        };
        share * (1.0 - self.true_survival(t))
    }

    /// True mean number of re-migrations by t when the recurrence ratio is
    /// 1 (a Poisson process stopped at `max_events`: E min(N, cap) =
    /// Σ_{k < cap} P(N > k), exact); `None` for other ratios.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortSimulator;
    /// let s = CohortSimulator::new(1, 1).hazard_by_year(vec![0.2]);
    /// assert!((s.true_mean_remigrations(3.0).unwrap() - 0.6).abs() < 1e-14);
    /// ```
    pub fn true_mean_remigrations(&self, t: f64) -> Option<f64> {
        (self.recurrence_ratio == 1.0).then(|| {
            let h0 = self.base_cumhaz(t);
            self.mixture(|m| {
                let mean = m * h0;
                let (mut pmf, mut cdf, mut acc) = (det_exp(-mean), 0.0, 0.0);
                for k in 0..self.max_events {
                    cdf += pmf;
                    acc += (1.0 - cdf).max(0.0);
                    pmf *= mean / f64::from(k + 1);
                }
                acc
            })
        })
    }
}
