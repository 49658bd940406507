//! Log-rank and Fleming–Harrington G(ρ) tests for k groups, stratified,
//! as R's `survdiff`.

use std::fmt;

use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::data::SurvData;
use crate::error::{Result, invalid};
use crate::setters::setters;

mod sweep;
#[cfg(test)]
mod tests;
mod variance;

use sweep::sweep;
pub use variance::LOGRANK_DENSE_MAX_GROUPS;
pub(crate) use variance::Path;

/// Observed and expected (weighted) events of one group, summed over strata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTotals {
    /// The group label.
    pub group: String,
    /// Number of subjects.
    pub n: f64,
    /// Σ w(t)·d_g(t).
    pub observed: f64,
    /// Σ w(t)·d(t)·n_g(t)/n(t).
    pub expected: f64,
}

/// The result of a log-rank / G(ρ) test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRankTest {
    /// ρ of the weights S(t−)^ρ.
    pub rho: f64,
    /// The chi-square statistic.
    pub statistic: f64,
    /// Degrees of freedom: (groups with expected > 0) − 1.
    pub df: usize,
    /// Upper-tail p-value of the chi-square distribution (1 when df = 0).
    pub p: f64,
    /// Number of groups with expected events > 0, the groups compared.
    /// Below 2 there is no test: statistic 0, df 0, p 1 by convention (the
    /// contract of the `logrank` pipeline), and [`LogRankTest::is_test`]
    /// is false.
    pub groups_compared: usize,
    /// ln c of the common factor c that the weights S(t−)^ρ were divided
    /// by: 0 unless the largest weight would overflow (|ρ| large, e.g.
    /// ρ = −1000), then the largest ln weight. Observed and expected are in
    /// units of c; the statistic and p do not depend on c (O − E scales by c, the
    /// variance by c²).
    pub log_weight_scale: f64,
    /// Per-group totals, groups in byte order.
    pub groups: Vec<GroupTotals>,
}

/// The log-rank test (ρ = 0) or the Fleming–Harrington G(ρ) test, R's
/// `survdiff(Surv(time, event) ~ group + strata(s), rho = ρ)`.
///
/// Weights are S(t−)^ρ with S the Kaplan–Meier of the pooled groups in the
/// stratum; observed, expected and variance are summed over strata; the
/// statistic uses the groups with expected > 0, dropping the first of them.
/// With fewer than two such groups: statistic 0, df 0, p 1, and the result says
/// so ([`LogRankTest::is_test`] false, Display "no test").
///
/// Weights are computed in logs (S(t−)^ρ = exp(ρ Σ ln(1 − d/n))) and
/// rescaled by the largest when they would overflow, so any finite ρ gives
/// a finite answer. Cost: one sort per stratum, then linear, and a variance
/// solve that is dense (k × k) for up to [`LOGRANK_DENSE_MAX_GROUPS`] groups and
/// banded otherwise (linear for one-subject groups); when neither is
/// feasible (very many groups with overlapping follow-up) the test is
/// refused with an error.
///
/// # Example
/// ```
/// use return_migration::survival::{LogRank, SurvData};
/// let d = SurvData::builder(vec![1., 2., 3., 4., 5., 6.], vec![1, 1, 1, 1, 1, 0])
///     .groups(vec!["a".into(), "a".into(), "a".into(), "b".into(), "b".into(), "b".into()])
///     .build()?;
/// let test = LogRank::new().fit(&d)?;
/// assert_eq!(test.df, 1);
/// assert_eq!(test.groups[0].observed, 3.0);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogRank {
    rho: f64,
}

impl Default for LogRank {
    fn default() -> Self {
        LogRank { rho: 0.0 }
    }
}

impl LogRank {
    /// The log-rank test (ρ = 0).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::LogRank;
    /// let _ = LogRank::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Sets ρ (finite, ≥ 0 in common use; any finite value is accepted).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{LogRank, SurvData};
        /// let d = SurvData::builder(vec![1.0], vec![1]).build().unwrap();
        /// assert!(LogRank::new().rho(f64::NAN).fit(&d).is_err());
        /// ```
        rho: f64,
    }

    /// Runs the test. Errors on a non-finite ρ, on case weights or delayed
    /// entry (which `survdiff` does not support either), on a singular
    /// variance matrix (the message names the groups and why), and on more
    /// groups than an exact variance solve can take (see [`LogRank`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{LogRank, SurvData};
    /// let d = SurvData::builder(vec![1.0, 2.0], vec![1, 1]).build()?;
    /// let t = LogRank::new().fit(&d)?; // one group: no test
    /// assert_eq!((t.statistic, t.df, t.p), (0.0, 0, 1.0));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &SurvData) -> Result<LogRankTest> {
        self.fit_by(data, Path::Auto)
    }

    pub(crate) fn fit_by(&self, data: &SurvData, path: Path) -> Result<LogRankTest> {
        if !self.rho.is_finite() {
            return Err(invalid("rho", format!("{} is not finite", self.rho)));
        }
        if data.has_entries() || data.has_weights() {
            return Err(invalid(
                "data",
                "the log-rank test here (as R's survdiff) takes neither delayed entry nor case weights",
            ));
        }
        let labels = data.group_labels();
        let k = labels.len();
        let sw = sweep(data, self.rho);
        let used: Vec<usize> = (0..k).filter(|&g| sw.used[g]).collect();
        let (chisq, df) = if used.len() < 2 {
            (0.0, 0)
        } else {
            let keep = &used[1..];
            let label = |g: usize| labels[g].clone();
            (variance::chisq(&sw, keep, &label, path)?, keep.len())
        };
        let p = if df == 0 {
            1.0
        } else {
            ChiSquared::new(df as f64)
                .map_err(|e| invalid("df", e.to_string()))?
                .sf(chisq)
        };
        Ok(LogRankTest {
            rho: self.rho,
            statistic: chisq,
            df,
            p,
            groups_compared: used.len(),
            log_weight_scale: sw.log_scale,
            groups: (0..k)
                .map(|g| GroupTotals {
                    group: labels[g].clone(),
                    n: sw.n[g],
                    observed: sw.observed[g],
                    expected: sw.expected[g],
                })
                .collect(),
        })
    }
}

impl LogRankTest {
    /// True when at least two groups have expected events, so that there is
    /// a test; false for the "no test" result (statistic 0, df 0, p 1).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{LogRank, SurvData};
    /// let d = SurvData::builder(vec![1.0, 2.0], vec![1, 1]).build()?;
    /// assert!(!LogRank::new().fit(&d)?.is_test());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn is_test(&self) -> bool {
        self.groups_compared >= 2
    }

    /// The chi-square statistic: the field `statistic` (formerly `chisq`;
    /// this method predates the rename).
    ///
    /// # Example
    /// ```
    /// #![allow(deprecated)]
    /// use return_migration::survival::{LogRank, SurvData};
    /// let d = SurvData::builder(vec![1.0, 2.0, 3.0, 4.0], vec![1, 1, 1, 0])
    ///     .groups(vec!["a".into(), "b".into(), "a".into(), "b".into()])
    ///     .build()?;
    /// let t = LogRank::new().fit(&d)?;
    /// assert_eq!(t.statistic(), t.statistic);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    #[deprecated(note = "read the field `statistic`")]
    pub fn statistic(&self) -> f64 {
        self.statistic
    }
}

impl fmt::Display for LogRankTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<16} {:>8} {:>12} {:>12}",
            "group", "n", "observed", "expected"
        )?;
        for g in &self.groups {
            writeln!(
                f,
                "{:<16} {:>8} {:>12.3} {:>12.3}",
                g.group, g.n, g.observed, g.expected
            )?;
        }
        if !self.is_test() {
            return writeln!(
                f,
                "{} group{} with expected events: no test (chisq 0, df 0, p 1 by convention; rho = {})",
                self.groups_compared,
                if self.groups_compared == 1 { "" } else { "s" },
                self.rho
            );
        }
        writeln!(
            f,
            "chisq = {:.4} on {} df, p = {:.4e} (rho = {})",
            self.statistic, self.df, self.p, self.rho
        )
    }
}
