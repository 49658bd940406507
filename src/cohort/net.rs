//! The net effectiveness of return: returns discounted by the re-migration
//! expected within a horizon, set against irregular arrivals.
//!
//! net returns = R·(1 − q), net ratio = R·(1 − q)/A, where R is returns, A
//! arrivals and q either the probability of re-migrating (at least once)
//! within the horizon — from a cohort's Kaplan–Meier (1 − S(h)) or a
//! cumulative incidence — or the expected number of re-migrations per
//! returnee (mean cumulative function). Intervals: the delta method on
//! log(net ratio), var = se(q)²/(1 − q)² (+ 1/R + 1/A when the counts are
//! treated as Poisson), and a seeded percentile bootstrap that resamples
//! the cohort's persons (and draws R and A from their Poisson laws).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::resample::{KmAtHorizon, multiplicities};
use super::risk::{Discount, RemigrationRisk};
use super::rows::SpellRow;
use crate::error::{Result, invalid};
use crate::num::normal::z_of_level;
use crate::num::rng::Rng;
use crate::setters::setters;

/// Whether returns and arrivals are known exactly or are Poisson counts.
///
/// # Example
/// ```
/// use return_migration::cohort::CountModel;
/// assert_eq!(CountModel::default(), CountModel::Poisson);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CountModel {
    /// Exact totals: only q is uncertain.
    Fixed,
    /// Independent Poisson counts (as the crate's ratio intervals).
    #[default]
    Poisson,
}

/// An interval on the net ratio.
///
/// # Example
/// ```
/// use return_migration::cohort::{BootstrapSample, NetEffectiveness, RemigrationRisk};
/// let q = RemigrationRisk::from_complete_follow_up(2, 10, 3.0)?;
/// let outcomes = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
/// let r = NetEffectiveness::new(100.0, 1000.0).bootstrap(&q, BootstrapSample::Counts(&outcomes), 200, 1)?;
/// assert!(r.delta.lower < r.net_ratio && r.net_ratio < r.delta.upper);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetInterval {
    /// Lower limit.
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
    /// Standard error of log(net ratio).
    pub se_log: f64,
}

/// A percentile bootstrap interval on the net ratio.
///
/// # Example
/// ```
/// use return_migration::cohort::{BootstrapSample, NetEffectiveness, RemigrationRisk};
/// let q = RemigrationRisk::from_complete_follow_up(2, 10, 3.0)?;
/// let outcomes = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
/// let r = NetEffectiveness::new(100.0, 1000.0).bootstrap(&q, BootstrapSample::Counts(&outcomes), 200, 1)?;
/// let b = r.bootstrap.unwrap();
/// assert_eq!((b.replicates, b.seed), (200, 1));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapInterval {
    /// Lower limit (percentile, R's quantile type 7).
    pub lower: f64,
    /// Upper limit.
    pub upper: f64,
    /// Standard deviation of log(net ratio) over the replicates with a positive ratio.
    pub se_log: f64,
    /// Replicates.
    pub replicates: usize,
    /// Replicates whose net ratio was not positive (all returnees re-migrated).
    pub nonpositive: usize,
    /// Seed.
    pub seed: u64,
}

/// The net effectiveness of return, with its intervals and assumptions.
///
/// # Example
/// ```
/// use return_migration::cohort::{BootstrapSample, NetEffectiveness, RemigrationRisk};
/// let q = RemigrationRisk::from_complete_follow_up(2, 10, 3.0)?;
/// let outcomes = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
/// let r = NetEffectiveness::new(100.0, 1000.0).bootstrap(&q, BootstrapSample::Counts(&outcomes), 200, 1)?;
/// assert!((r.net_ratio - 0.08).abs() < 1e-15); // 100 · 0.8 / 1000
/// println!("{r}");
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetResult {
    /// Returns R.
    pub returns: f64,
    /// Irregular arrivals A.
    pub arrivals: f64,
    /// The re-migration discount q.
    pub risk: RemigrationRisk,
    /// R/A.
    pub gross_ratio: f64,
    /// R·(1 − q).
    pub net_returns: f64,
    /// R·(1 − q)/A.
    pub net_ratio: f64,
    /// Counts model.
    pub counts: CountModel,
    /// Confidence level.
    pub conf_level: f64,
    /// Delta-method interval.
    pub delta: NetInterval,
    /// Bootstrap interval, when asked for.
    pub bootstrap: Option<BootstrapInterval>,
    /// The assumptions behind the number, in words.
    pub assumptions: Vec<String>,
}

/// The persons a bootstrap resamples.
///
/// # Example
/// ```
/// use return_migration::cohort::{BootstrapSample, NetEffectiveness, RemigrationRisk};
/// let q = RemigrationRisk::from_complete_follow_up(2, 10, 3.0)?;
/// let outcomes = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
/// let r = NetEffectiveness::new(100.0, 1000.0).bootstrap(&q, BootstrapSample::Counts(&outcomes), 200, 1)?;
/// assert!(r.bootstrap.is_some());
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub enum BootstrapSample<'a> {
    /// First-event rows on years since return: q* = 1 − Kaplan–Meier at the horizon.
    Spells(&'a [SpellRow]),
    /// Per person, the re-migrations within the horizon, everyone followed
    /// throughout: q* = the share with at least one, or the mean.
    Counts(&'a [u32]),
}

/// The calculator.
///
/// # Example
/// ```
/// use return_migration::cohort::{NetEffectiveness, RemigrationRisk};
/// let q = RemigrationRisk::from_complete_follow_up(11, 65, 3.0)?;
/// let net = NetEffectiveness::new(8281.0, 166131.0).delta(&q)?;
/// assert!((net.net_ratio - 8281.0 * 54.0 / 65.0 / 166131.0).abs() < 1e-15);
/// assert!(net.delta.lower < net.net_ratio && net.net_ratio < net.delta.upper);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NetEffectiveness {
    returns: f64,
    arrivals: f64,
    counts: CountModel,
    conf_level: f64,
}

impl NetEffectiveness {
    /// Returns and arrivals over the same years; Poisson counts, 95%.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::NetEffectiveness;
    /// let _ = NetEffectiveness::new(1000.0, 20000.0);
    /// ```
    pub fn new(returns: f64, arrivals: f64) -> Self {
        NetEffectiveness {
            returns,
            arrivals,
            counts: CountModel::Poisson,
            conf_level: 0.95,
        }
    }

    setters! {
        /// Sets the counts model.
        ///
        /// # Example
        /// ```
        /// use return_migration::cohort::{CountModel, NetEffectiveness};
        /// let _ = NetEffectiveness::new(1000.0, 20000.0).counts(CountModel::Fixed);
        /// ```
        counts: CountModel,

        /// Sets the confidence level (checked when computing).
        ///
        /// # Example
        /// ```
        /// use return_migration::cohort::NetEffectiveness;
        /// let _ = NetEffectiveness::new(1000.0, 20000.0).conf_level(0.9);
        /// ```
        conf_level: f64,
    }

    /// The net ratio with its delta-method interval.
    ///
    /// # Example
    /// See [`NetEffectiveness`].
    pub fn delta(&self, risk: &RemigrationRisk) -> Result<NetResult> {
        let z = z_of_level(self.conf_level)?;
        for (what, v) in [("returns", self.returns), ("arrivals", self.arrivals)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(invalid(what, format!("{v} must be finite and > 0")));
            }
        }
        let q = risk.estimate;
        let gross = self.returns / self.arrivals;
        let net = gross * (1.0 - q);
        let counts_var = match self.counts {
            CountModel::Fixed => 0.0,
            CountModel::Poisson => 1.0 / self.returns + 1.0 / self.arrivals,
        };
        let se_log = (counts_var + (risk.std_err / (1.0 - q)).powi(2)).sqrt();
        Ok(NetResult {
            returns: self.returns,
            arrivals: self.arrivals,
            risk: risk.clone(),
            gross_ratio: gross,
            net_returns: self.returns * (1.0 - q),
            net_ratio: net,
            counts: self.counts,
            conf_level: self.conf_level,
            delta: NetInterval {
                lower: net * (-z * se_log).exp(),
                upper: net * (z * se_log).exp(),
                se_log,
            },
            bootstrap: None,
            assumptions: self.assumptions(risk),
        })
    }

    /// The delta-method result plus a seeded percentile bootstrap over
    /// `replicates` resamples of `sample` (which must be the data `risk`
    /// was estimated from). Errors: fewer than 100 replicates, an empty
    /// sample, or spell rows not covering the horizon's discount.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{BootstrapSample, NetEffectiveness, RemigrationRisk};
    /// let q = RemigrationRisk::from_complete_follow_up(11, 65, 3.0)?;
    /// let outcomes: Vec<u32> = (0..65).map(|i| u32::from(i < 11)).collect();
    /// let a = NetEffectiveness::new(8281.0, 166131.0).bootstrap(&q, BootstrapSample::Counts(&outcomes), 500, 7)?;
    /// let b = NetEffectiveness::new(8281.0, 166131.0).bootstrap(&q, BootstrapSample::Counts(&outcomes), 500, 7)?;
    /// assert_eq!(a, b); // seeded
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn bootstrap(
        &self,
        risk: &RemigrationRisk,
        sample: BootstrapSample<'_>,
        replicates: usize,
        seed: u64,
    ) -> Result<NetResult> {
        let mut result = self.delta(risk)?;
        if replicates < 100 {
            return Err(invalid(
                "replicates",
                format!("{replicates}: use at least 100"),
            ));
        }
        /// The sample in the form the replicates use.
        enum Prepared<'a> {
            Km(KmAtHorizon),
            Counts(&'a [u32]),
        }
        let (prepared, n) = match sample {
            BootstrapSample::Spells(rows) => {
                if risk.discount != Discount::FirstRemigration {
                    return Err(invalid(
                        "bootstrap sample",
                        "spell rows give a probability, not an expected number",
                    ));
                }
                (
                    Prepared::Km(KmAtHorizon::new(rows, risk.horizon)),
                    rows.len(),
                )
            }
            BootstrapSample::Counts(c) => (Prepared::Counts(c), c.len()),
        };
        if n == 0 {
            return Err(invalid("bootstrap sample", "no person"));
        }
        let per_person = |k: u32| match risk.discount {
            Discount::FirstRemigration => f64::from(u8::from(k > 0)),
            Discount::ExpectedRemigrations => f64::from(k),
        };
        let mut rng = Rng::new(seed);
        let mut w = Vec::with_capacity(n);
        let mut ratios = Vec::with_capacity(replicates);
        for _ in 0..replicates {
            multiplicities(&mut rng, n, &mut w);
            let q = match &prepared {
                Prepared::Km(km) => 1.0 - km.survival(&w),
                Prepared::Counts(c) => {
                    c.iter()
                        .zip(&w)
                        .map(|(&k, &m)| f64::from(m) * per_person(k))
                        .sum::<f64>()
                        / n as f64
                }
            };
            let (r, a) = match self.counts {
                CountModel::Fixed => (self.returns, self.arrivals),
                CountModel::Poisson => (
                    rng.poisson(self.returns) as f64,
                    rng.poisson(self.arrivals).max(1) as f64,
                ),
            };
            ratios.push(r * (1.0 - q) / a);
        }
        let positive: Vec<f64> = ratios
            .iter()
            .filter(|&&x| x > 0.0)
            .map(|x| x.ln())
            .collect();
        let mean = positive.iter().sum::<f64>() / positive.len().max(1) as f64;
        let var = positive.iter().map(|x| (x - mean).powi(2)).sum::<f64>()
            / (positive.len().max(2) - 1) as f64;
        ratios.sort_by(f64::total_cmp);
        let alpha = 1.0 - self.conf_level;
        result.bootstrap = Some(BootstrapInterval {
            lower: quantile7(&ratios, alpha / 2.0),
            upper: quantile7(&ratios, 1.0 - alpha / 2.0),
            se_log: var.sqrt(),
            replicates,
            nonpositive: replicates - positive.len(),
            seed,
        });
        Ok(result)
    }

    fn assumptions(&self, risk: &RemigrationRisk) -> Vec<String> {
        let mut a = vec![
            format!("q ({}) applies to every returnee counted in R: the cohort stands for all of them", risk.source),
            format!("re-migration is counted within {} years of the return; later re-migration is not discounted", risk.horizon),
            "every re-migration is an irregular arrival of the kind counted in A (or returns the same person to the population A measures)".to_string(),
            "R and A cover the same years; returns are not matched to the arrivals of those years".to_string(),
        ];
        a.push(match risk.discount {
            Discount::FirstRemigration => {
                "a returnee is discounted once, however often they re-migrate".to_string()
            }
            Discount::ExpectedRemigrations => {
                "each re-migration is discounted, so a returnee may count more than once"
                    .to_string()
            }
        });
        a.push(match self.counts {
            CountModel::Fixed => "R and A are exact totals".to_string(),
            CountModel::Poisson => "R and A are independent Poisson counts".to_string(),
        });
        a
    }
}

/// R's quantile type 7 of sorted values.
fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

impl fmt::Display for NetResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = self.conf_level * 100.0;
        writeln!(f, "Net effectiveness of return")?;
        writeln!(
            f,
            "  returns R {}  arrivals A {}  gross R/A {:.6}",
            self.returns, self.arrivals, self.gross_ratio
        )?;
        writeln!(
            f,
            "  q = {:.6} (se {:.6}): {}",
            self.risk.estimate, self.risk.std_err, self.risk.source
        )?;
        writeln!(
            f,
            "  net returns R(1 − q) {:.2}  net ratio {:.6}",
            self.net_returns, self.net_ratio
        )?;
        writeln!(
            f,
            "  {pct}% delta method:  {:.6} – {:.6}",
            self.delta.lower, self.delta.upper
        )?;
        if let Some(b) = &self.bootstrap {
            writeln!(
                f,
                "  {pct}% bootstrap ({} replicates, seed {}): {:.6} – {:.6}",
                b.replicates, b.seed, b.lower, b.upper
            )?;
        }
        writeln!(f, "  assumptions:")?;
        for a in &self.assumptions {
            writeln!(f, "   - {a}")?;
        }
        Ok(())
    }
}
