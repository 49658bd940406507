//! The results of a discrete-time hazard fit.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::survival::ConfType;

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
/// assert!((c.estimate - (1.0f64 / 2.0).ln()).abs() < 1e-12); // logit(1/3)
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coefficient {
    /// `period k` or the covariate's name.
    pub term: String,
    /// Estimate (log-odds scale).
    pub estimate: f64,
    /// Standard error (inverse observed information).
    pub std_err: f64,
    /// Wald z.
    pub z: f64,
    /// Two-sided p-value from the normal.
    pub p_value: f64,
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
    /// expit(α): the conditional probability of re-migrating in the period.
    pub hazard: f64,
    /// Its standard error, h(1 − h)·se(α) (delta method).
    pub std_err: f64,
    /// Lower limit, expit(α − z·se(α)).
    pub lower: f64,
    /// Upper limit, expit(α + z·se(α)).
    pub upper: f64,
}

/// How the iterations ended.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, DiscreteHazard, PersonPeriodRow};
/// let row = |person, period, event: bool| PersonPeriodRow {
///     person, cohort: 2020, group: 0, period, channel: event.then_some(Channel::Legal) };
/// let rows = vec![row(0, 1, true), row(1, 1, false), row(1, 2, true), row(2, 1, false), row(2, 2, false)];
/// let fit = DiscreteHazard::new().fit(&rows)?;
/// assert!(fit.convergence.last_step <= 1e-10);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    /// Newton iterations taken.
    pub iterations: u32,
    /// The largest relative change of a coefficient in the last iteration.
    pub last_step: f64,
    /// Step halvings taken over all iterations.
    pub step_halvings: u32,
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
}

impl fmt::Display for DiscreteHazardFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Discrete-time hazard (logit), {} person-periods, deviance {:.4}, {} iterations",
            self.rows, self.deviance, self.convergence.iterations
        )?;
        writeln!(
            f,
            "{:<16} {:>10} {:>10} {:>8} {:>10}",
            "term", "estimate", "std_err", "z", "p"
        )?;
        for c in &self.coefficients {
            writeln!(
                f,
                "{:<16} {:>10.5} {:>10.5} {:>8.3} {:>10.4}",
                c.term, c.estimate, c.std_err, c.z, c.p_value
            )?;
        }
        writeln!(
            f,
            "hazard per period at covariates 0, {}% {} intervals",
            self.conf_level * 100.0,
            ConfType::Logit.name()
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
