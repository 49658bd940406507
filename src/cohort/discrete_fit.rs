//! The results of a discrete-time hazard fit.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::num::Convergence;
use crate::survival::ConfType;

/// The link of the discrete-time hazard h of a period: logit (log-odds,
/// the default) or complementary log-log, log(−log(1 − h)), which makes the
/// model the grouped-time proportional hazards model (R's
/// `binomial(link = "cloglog")`).
///
/// # Example
/// ```
/// use return_migration::cohort::Link;
/// assert!((Link::Cloglog.hazard(0.0) - (1.0 - (-1.0f64).exp())).abs() < 1e-15);
/// assert_eq!(Link::Logit.hazard(0.0), 0.5);
/// assert_eq!(Link::Cloglog.name(), "cloglog");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Link {
    /// log(h / (1 − h)).
    #[default]
    Logit,
    /// log(−log(1 − h)).
    Cloglog,
}

impl Link {
    /// `logit` or `cloglog`.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Link;
    /// assert_eq!(Link::Logit.name(), "logit");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Link::Logit => "logit",
            Link::Cloglog => "cloglog",
        }
    }

    /// The hazard of a linear predictor: expit(η) or 1 − exp(−eᵉᵗᵃ).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Link;
    /// let h = Link::Cloglog.hazard(-2.0);
    /// assert!((Link::Cloglog.of_hazard(h) + 2.0).abs() < 1e-12);
    /// ```
    pub fn hazard(&self, eta: f64) -> f64 {
        match self {
            Link::Logit => expit(eta),
            Link::Cloglog => -(-eta.exp()).exp_m1(),
        }
    }

    /// The linear predictor of a hazard 0 < h < 1 (the inverse of [`Link::hazard`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Link;
    /// assert_eq!(Link::Logit.of_hazard(0.5), 0.0);
    /// ```
    pub fn of_hazard(&self, h: f64) -> f64 {
        match self {
            Link::Logit => (h / (1.0 - h)).ln(),
            Link::Cloglog => (-(-h).ln_1p()).ln(),
        }
    }

    /// dh/dη, for the delta-method standard error of a hazard.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Link;
    /// assert_eq!(Link::Logit.hazard_slope(0.0), 0.25);
    /// ```
    pub fn hazard_slope(&self, eta: f64) -> f64 {
        let h = self.hazard(eta);
        match self {
            Link::Logit => h * (1.0 - h),
            Link::Cloglog => eta.exp() * (-eta.exp()).exp(),
        }
    }
}

/// A fitted coefficient.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, DiscreteHazard, PersonPeriodRow};
/// let row = |person, period, event: bool| PersonPeriodRow {
///     person, cohort: 2020, group: 0, period, channel: event.then_some(Channel::Legal) };
/// let rows = vec![row(0, 1, true), row(1, 1, false), row(1, 2, true), row(2, 1, false), row(2, 2, false)];
/// let fit = DiscreteHazard::new().fit(&rows)?;
/// let c = &fit.coefficients[0];
/// assert_eq!(c.term, "period 1");
/// assert!((c.coef - (1.0f64 / 2.0).ln()).abs() < 1e-12); // logit(1/3)
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coefficient {
    /// `period k` or the covariate's name.
    pub term: String,
    /// Estimate (on the link scale: log-odds, or log hazard ratio with cloglog).
    pub coef: f64,
    /// Standard error (inverse information: observed = expected for the
    /// logit; the expected information for cloglog, as R's `glm`).
    pub se: f64,
    /// Wald z.
    pub z: f64,
    /// Two-sided p-value from the normal.
    pub p: f64,
}

/// The hazard of one period at covariates 0.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, DiscreteHazard, PersonPeriodRow};
/// let row = |person, period, event: bool| PersonPeriodRow {
///     person, cohort: 2020, group: 0, period, channel: event.then_some(Channel::Legal) };
/// let rows = vec![row(0, 1, true), row(1, 1, false), row(1, 2, true), row(2, 1, false), row(2, 2, false)];
/// let fit = DiscreteHazard::new().fit(&rows)?;
/// assert_eq!((fit.periods[1].at_risk, fit.periods[1].events), (2, 1));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodHazard {
    /// Period number.
    pub period: u32,
    /// Person-periods at risk.
    pub at_risk: u64,
    /// First re-migrations in the period.
    pub events: u64,
    /// The conditional probability of re-migrating in the period:
    /// expit(α) (logit) or 1 − exp(−eᵅ) (cloglog).
    pub hazard: f64,
    /// Its standard error, (dh/dα)·se(α) (delta method).
    pub std_err: f64,
    /// Lower limit, h(α − z·se(α)).
    pub lower: f64,
    /// Upper limit, h(α + z·se(α)).
    pub upper: f64,
}

/// A fitted discrete-time hazard model.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, DiscreteHazard, PersonPeriodRow};
/// let row = |person, period, event: bool| PersonPeriodRow {
///     person, cohort: 2020, group: 0, period, channel: event.then_some(Channel::Legal) };
/// let rows = vec![row(0, 1, true), row(1, 1, false), row(1, 2, true), row(2, 1, false), row(2, 2, false)];
/// let fit = DiscreteHazard::new().fit(&rows)?;
/// assert!((fit.deviance + 2.0 * fit.log_likelihood).abs() < 1e-12);
/// println!("{fit}");
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscreteHazardFit {
    /// Period effects then covariates.
    pub coefficients: Vec<Coefficient>,
    /// Hazards per period at covariates 0.
    pub periods: Vec<PeriodHazard>,
    /// Covariance of the coefficients, in the order of `coefficients`.
    pub covariance: Vec<Vec<f64>>,
    /// Residual deviance, −2 log L.
    pub deviance: f64,
    /// Log-likelihood.
    pub log_likelihood: f64,
    /// Person-period rows used.
    pub rows: usize,
    /// Confidence level of the hazards' intervals.
    pub conf_level: f64,
    /// The iterations.
    pub convergence: Convergence,
    /// The link.
    pub link: Link,
}

impl fmt::Display for DiscreteHazardFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Discrete-time hazard ({}), {} person-periods, deviance {:.4}, {} iterations",
            self.link.name(),
            self.rows,
            self.deviance,
            self.convergence.iterations
        )?;
        writeln!(
            f,
            "{:<16} {:>10} {:>10} {:>8} {:>10}",
            "term", "coef", "se", "z", "p"
        )?;
        for c in &self.coefficients {
            writeln!(
                f,
                "{:<16} {:>10.5} {:>10.5} {:>8.3} {:>10.4}",
                c.term, c.coef, c.se, c.z, c.p
            )?;
        }
        writeln!(
            f,
            "hazard per period at covariates 0, {}% {} intervals",
            self.conf_level * 100.0,
            match self.link {
                Link::Logit => ConfType::Logit.name(),
                Link::Cloglog => "cloglog",
            }
        )?;
        writeln!(
            f,
            "{:>7} {:>9} {:>7} {:>8} {:>8} {:>8}",
            "period", "at risk", "events", "hazard", "lower", "upper"
        )?;
        for h in &self.periods {
            writeln!(
                f,
                "{:>7} {:>9} {:>7} {:>8.4} {:>8.4} {:>8.4}",
                h.period, h.at_risk, h.events, h.hazard, h.lower, h.upper
            )?;
        }
        Ok(())
    }
}

/// The logistic function 1/(1 + e^(−η)), without overflow.
pub(super) fn expit(eta: f64) -> f64 {
    if eta >= 0.0 {
        1.0 / (1.0 + (-eta).exp())
    } else {
        let e = eta.exp();
        e / (1.0 + e)
    }
}
