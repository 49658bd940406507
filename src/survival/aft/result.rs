//! The fitted AFT model: coefficient table, tests, printing.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::dist::Dist;
use crate::num::Convergence;
use crate::survival::ChiSquareTest;

/// One row of the coefficient table.
///
/// # Example
/// ```
/// use return_migration::survival::{AftData, Survreg};
/// let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4.], vec![1, 1, 0, 1, 1, 1])
///     .covariate("x", vec![0., 1., 0., 1., 1., 0.]).build()?;
/// let t = &Survreg::new().fit(&d)?.terms[1];
/// assert_eq!(t.term, "x");
/// assert!((t.z - t.coef / t.se).abs() < 1e-15);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AftTerm {
    /// `(Intercept)`, a covariate, or `Log(scale)`.
    pub term: String,
    /// The estimate (effect on log time; log σ for `Log(scale)`).
    pub coef: f64,
    /// Standard error from the inverse observed information.
    pub se: f64,
    /// coef / se.
    pub z: f64,
    /// Two-sided normal p-value of z.
    pub p: f64,
}

/// How many subjects (with a positive weight) are of each kind.
///
/// # Example
/// ```
/// use return_migration::survival::{AftData, Survreg};
/// let d = AftData::interval(vec![0., 1., 2., 3.], vec![1., 1., 4., f64::INFINITY]).build()?;
/// let c = Survreg::new().fit(&d)?.censoring;
/// assert_eq!((c.exact, c.right, c.left, c.interval), (1, 1, 1, 1));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CensoringCounts {
    /// Exact event times.
    pub exact: usize,
    /// Right-censored.
    pub right: usize,
    /// Left-censored.
    pub left: usize,
    /// Interval-censored.
    pub interval: usize,
}

/// A predicted quantile of T for one covariate pattern.
///
/// # Example
/// ```
/// use return_migration::survival::{AftData, Survreg};
/// let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4.], vec![1, 1, 0, 1, 1, 1]).build()?;
/// let q = Survreg::new().fit(&d)?.quantiles(&[], &[0.5])?;
/// assert!(q[0].quantile > 3.0 && q[0].quantile < 8.0);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QuantilePrediction {
    /// The probability p: P(T ≤ quantile) = p.
    pub p: f64,
    /// exp(η + σ·w_p), w_p the p-quantile of the standardised law.
    pub quantile: f64,
    /// Delta-method standard error of the quantile.
    pub se: f64,
}

/// A fitted AFT model, from [`Survreg::fit`](super::Survreg::fit).
///
/// # Example
/// ```
/// use return_migration::survival::{AftData, Dist, Survreg};
/// let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4., 9., 7.], vec![1, 1, 0, 1, 1, 1, 0, 1])
///     .covariate("x", vec![0., 1., 0., 1., 1., 0., 1., 0.]).build()?;
/// let fit = Survreg::new().dist(Dist::LogNormal).fit(&d)?;
/// assert_eq!(fit.likelihood_ratio.df, 1);
/// assert!((fit.likelihood_ratio.statistic
///     - 2.0 * (fit.log_likelihood - fit.null_log_likelihood)).abs() < 1e-12);
/// println!("{fit}");
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvregFit {
    /// The distribution.
    pub dist: Dist,
    /// `(Intercept)`, the covariates in the data's order, then
    /// `Log(scale)` (absent for the exponential).
    pub terms: Vec<AftTerm>,
    /// σ (1 for the exponential).
    pub scale: f64,
    /// Covariance of the estimates, in the order of `terms`.
    pub covariance: Vec<Vec<f64>>,
    /// Maximised log-likelihood (of T, with the −Σ ln t of exact rows, as R).
    pub log_likelihood: f64,
    /// Log-likelihood of the intercept-only model (scale estimated).
    pub null_log_likelihood: f64,
    /// Likelihood-ratio test of all covariate effects = 0.
    pub likelihood_ratio: ChiSquareTest,
    /// Wald test of all covariate effects = 0.
    pub wald: ChiSquareTest,
    /// Subjects.
    pub n: usize,
    /// Subjects by kind of observation.
    pub censoring: CensoringCounts,
    /// How the Newton iterations ended.
    pub convergence: Convergence,
}

impl fmt::Display for SurvregFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.censoring;
        writeln!(
            f,
            "Parametric survival regression (AFT), {} distribution, n = {} \
             ({} exact, {} right-, {} left-, {} interval-censored)",
            self.dist, self.n, c.exact, c.right, c.left, c.interval
        )?;
        writeln!(
            f,
            "{:<16} {:>12} {:>10} {:>8} {:>10}",
            "term", "coef", "se", "z", "p"
        )?;
        for t in &self.terms {
            writeln!(
                f,
                "{:<16} {:>12.6} {:>10.6} {:>8.3} {:>10.3e}",
                t.term, t.coef, t.se, t.z, t.p
            )?;
        }
        writeln!(f, "scale = {:.6}", self.scale)?;
        writeln!(
            f,
            "log-likelihood {:.4} (intercept only {:.4})",
            self.log_likelihood, self.null_log_likelihood
        )?;
        writeln!(f, "likelihood-ratio test: {}", self.likelihood_ratio)?;
        writeln!(f, "Wald test: {}", self.wald)?;
        write!(f, "{}", self.convergence)
    }
}
