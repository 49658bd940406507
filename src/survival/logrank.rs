//! Log-rank and Fleming–Harrington G(ρ) tests for k groups, stratified,
//! as R's `survdiff`.

use std::fmt;

use ndarray::Array2;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::data::{Cell, SurvData};
use super::risk::RiskSets;
use crate::error::{Result, invalid};
use crate::linalg::solve_spd;

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
    pub chisq: f64,
    /// Degrees of freedom: (groups with expected > 0) − 1.
    pub df: usize,
    /// Upper-tail p-value of the chi-square distribution (1 when df = 0).
    pub p: f64,
    /// Per-group totals, groups in byte order.
    pub groups: Vec<GroupTotals>,
}

/// The log-rank test (ρ = 0) or the Fleming–Harrington G(ρ) test, R's
/// `survdiff(Surv(time, event) ~ group + strata(s), rho = ρ)`.
///
/// Weights are S(t−)^ρ with S the Kaplan–Meier of the pooled groups in the
/// stratum; observed, expected and variance are summed over strata; the
/// statistic uses the groups with expected > 0, dropping the first of them.
/// With fewer than two such groups: chisq 0, df 0, p 1.
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

    /// Sets ρ (finite, ≥ 0 in common use; any finite value is accepted).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{LogRank, SurvData};
    /// let d = SurvData::builder(vec![1.0], vec![1]).build().unwrap();
    /// assert!(LogRank::new().rho(f64::NAN).fit(&d).is_err());
    /// ```
    pub fn rho(mut self, rho: f64) -> Self {
        self.rho = rho;
        self
    }

    /// Runs the test. Errors on a non-finite ρ, on case weights or delayed
    /// entry (which `survdiff` does not support either), and on a singular
    /// variance matrix.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{LogRank, SurvData};
    /// let d = SurvData::builder(vec![1.0, 2.0], vec![1, 1]).build()?;
    /// let t = LogRank::new().fit(&d)?; // one group: no test
    /// assert_eq!((t.chisq, t.df, t.p), (0.0, 0, 1.0));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &SurvData) -> Result<LogRankTest> {
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
        let strata: Vec<RiskSets> = (0..data.strata_labels().len() as u32)
            .map(|s| {
                let cells: Vec<&Cell> = data.cells().iter().filter(|c| c.stratum == s).collect();
                RiskSets::build(&cells, k, |c| c.group as usize)
            })
            .collect();
        let mut n_per_group = vec![0.0; k];
        for c in data.cells() {
            n_per_group[c.group as usize] += c.exits.len() as f64;
        }
        self.test_risk_sets(labels, &strata, &n_per_group)
    }

    /// The test from the risk sets of each stratum (columns = groups) and
    /// the number of subjects of each group.
    pub(crate) fn test_risk_sets(
        &self,
        labels: &[String],
        strata: &[RiskSets],
        n_per_group: &[f64],
    ) -> Result<LogRankTest> {
        if !self.rho.is_finite() {
            return Err(invalid("rho", format!("{} is not finite", self.rho)));
        }
        let k = labels.len();
        let mut observed = vec![0.0; k];
        let mut expected = vec![0.0; k];
        let mut var = Array2::<f64>::zeros((k, k));
        for risk in strata {
            let mut km = 1.0_f64;
            for j in 0..risk.len() {
                let row = j * k..(j + 1) * k;
                let n: f64 = risk.n_risk[row.clone()].iter().sum();
                let d: f64 = risk.n_event[row.clone()].iter().sum();
                if d == 0.0 {
                    continue;
                }
                let w = if self.rho == 0.0 {
                    1.0
                } else {
                    km.powf(self.rho)
                };
                let nr = &risk.n_risk[row.clone()];
                for g in 0..k {
                    observed[g] += w * risk.n_event[j * k + g];
                    expected[g] += w * d * nr[g] / n;
                }
                if n > 1.0 {
                    let kt = w * w * d * (n - d) / (n * (n - 1.0));
                    for a in 0..k {
                        for b in 0..k {
                            let delta = if a == b { n } else { 0.0 };
                            var[[a, b]] += kt * nr[a] * (delta - nr[b]) / n;
                        }
                    }
                }
                km *= (n - d) / n;
            }
        }
        let used: Vec<usize> = (0..k).filter(|&g| expected[g] > 0.0).collect();
        let (chisq, df) = if used.len() < 2 {
            (0.0, 0)
        } else {
            let keep = &used[1..];
            let diff: Vec<f64> = keep.iter().map(|&g| observed[g] - expected[g]).collect();
            let v =
                Array2::from_shape_fn((keep.len(), keep.len()), |(a, b)| var[[keep[a], keep[b]]]);
            let x = solve_spd(&v, &diff)?;
            (diff.iter().zip(&x).map(|(a, b)| a * b).sum(), keep.len())
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
            chisq,
            df,
            p,
            groups: (0..k)
                .map(|g| GroupTotals {
                    group: labels[g].clone(),
                    n: n_per_group[g],
                    observed: observed[g],
                    expected: expected[g],
                })
                .collect(),
        })
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
        writeln!(
            f,
            "chisq = {:.4} on {} df, p = {:.4e} (rho = {})",
            self.chisq, self.df, self.p, self.rho
        )
    }
}
