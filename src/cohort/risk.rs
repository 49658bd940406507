//! The re-migration a net-effectiveness calculation discounts: a
//! probability of re-migrating within a horizon, or an expected number of
//! re-migrations, with its standard error.

use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};
use crate::survival::{CumIncCurve, CurveState, McfCurve, SurvCurve};

/// What the discount counts.
///
/// # Example
/// ```
/// use return_migration::cohort::Discount;
/// assert_ne!(Discount::FirstRemigration, Discount::ExpectedRemigrations);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discount {
    /// The probability of re-migrating at least once within the horizon.
    FirstRemigration,
    /// The expected number of re-migrations per returnee within the horizon.
    ExpectedRemigrations,
}

/// The re-migration expected within a horizon, with its standard error.
///
/// # Example
/// ```
/// use return_migration::cohort::{Discount, RemigrationRisk};
/// let q = RemigrationRisk::from_complete_follow_up(11, 65, 3.0)?;
/// assert_eq!((q.horizon, q.discount), (3.0, Discount::FirstRemigration));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemigrationRisk {
    /// q: a probability, or a mean number of re-migrations.
    pub estimate: f64,
    /// Its standard error.
    pub std_err: f64,
    /// The horizon in years since return.
    pub horizon: f64,
    /// What q counts.
    pub discount: Discount,
    /// Where q comes from.
    pub source: String,
}

impl RemigrationRisk {
    /// Any estimate with its standard error (e.g. a cumulative incidence of
    /// irregular re-migration); q in [0, 1) and se ≥ 0 finite.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Discount, RemigrationRisk};
    /// assert!(RemigrationRisk::new(0.2, 0.05, 3.0, Discount::FirstRemigration, "cif").is_ok());
    /// assert!(RemigrationRisk::new(1.2, 0.05, 3.0, Discount::ExpectedRemigrations, "mcf").is_err());
    /// ```
    pub fn new(
        estimate: f64,
        std_err: f64,
        horizon: f64,
        discount: Discount,
        source: &str,
    ) -> Result<Self> {
        if !(0.0..1.0).contains(&estimate) {
            return Err(invalid(
                "re-migration risk",
                format!(
                    "{estimate} must be in [0, 1): with as many re-migrations as returns, nothing is left to discount"
                ),
            ));
        }
        if !(std_err.is_finite() && std_err >= 0.0) {
            return Err(invalid(
                "standard error",
                format!("{std_err} must be finite and >= 0"),
            ));
        }
        if !(horizon.is_finite() && horizon > 0.0) {
            return Err(invalid(
                "horizon",
                format!("{horizon} must be finite and > 0"),
            ));
        }
        Ok(RemigrationRisk {
            estimate,
            std_err,
            horizon,
            discount,
            source: source.to_string(),
        })
    }

    /// 1 − S(h) of a Kaplan–Meier curve on years since return, with the
    /// Greenwood standard error of S. Errors once S has reached 0.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::RemigrationRisk;
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1.0, 2.0, 3.0, 4.0], vec![1, 0, 0, 0]).build()?;
    /// let fit = KaplanMeier::new().fit(&d)?;
    /// let q = RemigrationRisk::from_curve(&fit.curves[0], 3.0)?;
    /// assert_eq!(q.estimate, 0.25);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn from_curve(curve: &SurvCurve, horizon: f64) -> Result<Self> {
        let at = &curve.at_times(&[horizon])?[0];
        let se = at
            .std_err
            .ok_or_else(|| invalid("curve", "survival has reached 0: no standard error"))?;
        let label = of_group(&curve.group);
        Self::new(
            1.0 - at.survival,
            se,
            horizon,
            Discount::FirstRemigration,
            &format!("1 − Kaplan–Meier{label} at {horizon} years"),
        )
    }

    /// The Aalen–Johansen cumulative incidence of one cause (e.g. irregular
    /// re-migration, see [`crate::cohort::cumulative_incidence_by_channel`])
    /// at the horizon, with its standard error: returns discounted only by
    /// re-migrations through that channel. Errors for an event-free curve.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::RemigrationRisk;
    /// use return_migration::survival::{AalenJohansen, CompetingData};
    /// let d = CompetingData::builder(vec![1.0, 2.0, 3.0, 4.0], vec![1, 2, 0, 0]).build()?;
    /// let fit = AalenJohansen::new().fit(&d)?;
    /// let q = RemigrationRisk::from_cumulative_incidence(fit.cif("", 1)?, 3.0)?;
    /// assert_eq!(q.estimate, 0.25);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn from_cumulative_incidence(curve: &CumIncCurve, horizon: f64) -> Result<Self> {
        let CurveState::Cause(cause) = curve.state else {
            return Err(invalid(
                "curve",
                "the event-free curve is not a cumulative incidence",
            ));
        };
        let at = at_horizon(&curve.rows, |r| r.time, horizon);
        let (q, se) = at.map_or((0.0, 0.0), |r| (r.estimate, r.std_err));
        let label = of_group(&curve.group);
        Self::new(
            q,
            se,
            horizon,
            Discount::FirstRemigration,
            &format!(
                "Aalen–Johansen cumulative incidence of cause {cause}{label} at {horizon} years"
            ),
        )
    }

    /// The mean cumulative function (re-migrations per returnee, see
    /// [`crate::cohort::mean_remigrations`]) at the horizon with its
    /// Lawless–Nadeau robust standard error: every re-migration is
    /// discounted, not only the first.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Discount, RemigrationRisk};
    /// use return_migration::survival::{Mcf, RecurrentData};
    /// let d = RecurrentData::builder_with_codes(vec![0, 0, 1, 2, 3], vec![0.0, 1.0, 0.0, 0.0, 0.0],
    ///     vec![1.0, 4.0, 4.0, 4.0, 4.0], vec![1, 0, 0, 0, 0]).build()?;
    /// let q = RemigrationRisk::from_mcf(&Mcf::new().fit(&d)?.curves[0], 3.0)?;
    /// assert_eq!((q.estimate, q.discount), (0.25, Discount::ExpectedRemigrations));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn from_mcf(curve: &McfCurve, horizon: f64) -> Result<Self> {
        let at = at_horizon(&curve.rows, |r| r.time, horizon);
        let (q, se) = at.map_or((0.0, 0.0), |r| (r.mcf, r.se_robust));
        let label = of_group(&curve.group);
        Self::new(
            q,
            se,
            horizon,
            Discount::ExpectedRemigrations,
            &format!("mean cumulative function{label} at {horizon} years"),
        )
    }

    /// x of n persons followed for the whole horizon re-migrated: q = x/n,
    /// se = √(q(1 − q)/n) (the Kaplan–Meier and its Greenwood error when
    /// nobody is censored before the horizon).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::RemigrationRisk;
    /// let q = RemigrationRisk::from_complete_follow_up(11, 65, 3.0)?;
    /// assert!((q.estimate - 11.0 / 65.0).abs() < 1e-15);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn from_complete_follow_up(remigrated: u64, followed: u64, horizon: f64) -> Result<Self> {
        if followed == 0 || remigrated > followed {
            return Err(invalid("counts", format!("{remigrated} of {followed}")));
        }
        let q = remigrated as f64 / followed as f64;
        Self::new(
            q,
            (q * (1.0 - q) / followed as f64).sqrt(),
            horizon,
            Discount::FirstRemigration,
            &format!("{remigrated} of {followed} followed re-migrated within {horizon} years"),
        )
    }

    /// The mean number of re-migrations per person followed for the whole
    /// horizon, from `(re-migrations, persons)` pairs: q = ΣkN_k/n, se =
    /// √(Σ N_k (k − q)²)/n (the mean cumulative function and its robust
    /// variance without censoring).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::RemigrationRisk;
    /// // Barone: 54 never, 10 once, 1 twice
    /// let q = RemigrationRisk::from_complete_counts(&[(0, 54), (1, 10), (2, 1)], 3.0)?;
    /// assert!((q.estimate - 12.0 / 65.0).abs() < 1e-15);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn from_complete_counts(counts: &[(u32, u64)], horizon: f64) -> Result<Self> {
        let n: u64 = counts.iter().map(|c| c.1).sum();
        if n == 0 {
            return Err(invalid("counts", "no person"));
        }
        let nf = n as f64;
        let q = counts
            .iter()
            .map(|&(k, m)| f64::from(k) * m as f64)
            .sum::<f64>()
            / nf;
        let ss: f64 = counts
            .iter()
            .map(|&(k, m)| m as f64 * (f64::from(k) - q).powi(2))
            .sum();
        let total: u64 = counts.iter().map(|&(k, m)| u64::from(k) * m).sum();
        Self::new(
            q,
            ss.sqrt() / nf,
            horizon,
            Discount::ExpectedRemigrations,
            &format!("{total} re-migrations among {n} followed within {horizon} years"),
        )
    }
}

/// ` of GROUP` for a named group, nothing for the one unnamed group.
fn of_group(group: &str) -> String {
    if group.is_empty() {
        String::new()
    } else {
        format!(" of {group}")
    }
}

/// The row of a step curve in force at the horizon: the last at or before it.
fn at_horizon<R>(rows: &[R], time: impl Fn(&R) -> f64, horizon: f64) -> Option<&R> {
    rows.iter().take_while(|r| time(r) <= horizon).last()
}
