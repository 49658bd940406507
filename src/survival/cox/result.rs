//! The fitted Cox model: coefficient table, tests, convergence, printing.

use std::fmt;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

pub use crate::num::Convergence;

use super::Ties;
use super::baseline::{Baseline, CoxSurvival};
use super::concordance::Concordance;
use super::hypothesis::ChiSquareTest;
use crate::error::Result;

/// One row of the coefficient table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxTerm {
    /// The covariate.
    pub term: String,
    /// The coefficient β (log hazard ratio per unit).
    pub coef: f64,
    /// exp(β), the hazard ratio per unit.
    pub exp_coef: f64,
    /// Model-based standard error, √(I⁻¹)ⱼⱼ.
    pub se: f64,
    /// Robust (sandwich) standard error, with clusters or when requested.
    pub robust_se: Option<f64>,
    /// β / se (the robust se when there is one).
    pub z: f64,
    /// Two-sided normal p-value of z.
    pub p: f64,
    /// Lower confidence limit of exp(β).
    pub lower: f64,
    /// Upper confidence limit of exp(β).
    pub upper: f64,
}

/// A fitted Cox proportional hazards model, from [`CoxPh::fit`](super::CoxPh::fit).
///
/// # Example
/// ```
/// use return_migration::survival::{CoxData, CoxPh};
/// let d = CoxData::builder(vec![5., 8., 2., 9., 4., 7., 3., 6.], vec![1, 0, 1, 1, 1, 0, 1, 1])
///     .covariate("x", vec![0.2, 1.5, -0.3, 2.0, 0.1, 1.1, 0.4, 0.9])
///     .build()?;
/// let fit = CoxPh::new().fit(&d)?;
/// let t = fit.term("x").unwrap();
/// assert!((t.z - t.coef / t.se).abs() < 1e-15);
/// assert_eq!(fit.likelihood_ratio.df, 1);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxFit {
    /// Tie handling used.
    pub ties: Ties,
    /// Number of rows.
    pub n: usize,
    /// Number of rows with an event (unweighted).
    pub n_events: usize,
    /// The coefficient table, covariates in the order given.
    pub terms: Vec<CoxTerm>,
    /// Confidence level of the hazard-ratio intervals.
    pub conf_level: f64,
    /// Log partial likelihood at β = 0.
    pub loglik_null: f64,
    /// Log partial likelihood at the estimates.
    pub loglik: f64,
    /// Likelihood-ratio test, 2·(loglik − loglik_null).
    pub likelihood_ratio: ChiSquareTest,
    /// Wald test βᵀV⁻¹β with the reported variance (robust when there is
    /// one); `None` if that variance is singular (fewer clusters than
    /// covariates).
    pub wald: Option<ChiSquareTest>,
    /// Score (log-rank) test at β = 0.
    pub score: ChiSquareTest,
    /// Robust score test at β = 0 (with a robust variance), as R's `rscore`.
    pub robust_score: Option<ChiSquareTest>,
    /// Concordance of the linear predictor.
    pub concordance: Concordance,
    /// How the iterations ended.
    pub convergence: Convergence,
    /// Model-based variance I⁻¹.
    pub variance: Array2<f64>,
    /// Robust variance V·BᵀB·V, with B the per-cluster score residual sums.
    pub robust_variance: Option<Array2<f64>>,
    /// Covariate means (the centring of the linear predictor).
    pub means: Vec<f64>,
    /// Stratum labels (one empty label without strata).
    pub strata: Vec<String>,
    #[serde(skip)]
    pub(super) baseline: Baseline,
}

impl CoxFit {
    /// The coefficients β, in covariate order.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh};
    /// let d = CoxData::builder(vec![1., 2., 3., 4.], vec![1, 1, 0, 1])
    ///     .covariate("x", vec![1., 0., 1., 0.]).build()?;
    /// assert_eq!(CoxPh::new().fit(&d)?.coefficients().len(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn coefficients(&self) -> Vec<f64> {
        self.terms.iter().map(|t| t.coef).collect()
    }

    /// The term of covariate `name`, if any.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh};
    /// let d = CoxData::builder(vec![1., 2., 3., 4.], vec![1, 1, 0, 1])
    ///     .covariate("x", vec![1., 0., 1., 0.]).build()?;
    /// assert!(CoxPh::new().fit(&d)?.term("x").is_some());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn term(&self, name: &str) -> Option<&CoxTerm> {
        self.terms.iter().find(|t| t.term == name)
    }

    /// Predicted survival (and cumulative hazard) for a covariate profile
    /// (one value per covariate, on the original scale), per stratum, as R's
    /// `survfit(fit, newdata = profile)`. Errors on a profile of the wrong
    /// length or with a non-finite value.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh};
    /// let d = CoxData::builder(vec![1., 2., 3., 4.], vec![1, 1, 0, 1])
    ///     .covariate("x", vec![1., 0., 1., 0.]).build()?;
    /// let fit = CoxPh::new().fit(&d)?;
    /// let s = fit.survival(&[1.0])?;
    /// assert_eq!(s.curves[0].rows.len(), 4);
    /// assert!(fit.survival(&[1.0, 2.0]).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn survival(&self, profile: &[f64]) -> Result<CoxSurvival> {
        self.baseline.predict(profile)
    }

    /// The baseline: the curves for every covariate at 0 (its `cumhaz` is
    /// the baseline cumulative hazard Λ₀(t), R's `basehaz(fit, centered =
    /// FALSE)`), per stratum.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh};
    /// let d = CoxData::builder(vec![1., 2., 3., 4.], vec![1, 1, 0, 1])
    ///     .covariate("x", vec![1., 0., 1., 0.]).build()?;
    /// let fit = CoxPh::new().fit(&d)?;
    /// assert_eq!(fit.baseline_hazard(), fit.survival(&[0.0])?);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn baseline_hazard(&self) -> CoxSurvival {
        self.baseline.curves(&vec![0.0; self.terms.len()])
    }
}

fn fmt_p(p: f64) -> String {
    if p < 1e-4 {
        format!("{p:.2e}")
    } else {
        format!("{p:.4}")
    }
}

impl fmt::Display for CoxFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ties = match self.ties {
            Ties::Efron => "Efron",
            Ties::Breslow => "Breslow",
        };
        writeln!(
            f,
            "Cox model ({ties} ties): n = {}, events = {}; {}",
            self.n, self.n_events, self.convergence
        )?;
        let robust = self.terms.iter().any(|t| t.robust_se.is_some());
        let level = format!("{}%", self.conf_level * 100.0);
        write!(
            f,
            "{:<14} {:>11} {:>10} {:>10}",
            "term", "coef", "exp(coef)", "se(coef)"
        )?;
        if robust {
            write!(f, " {:>10}", "robust se")?;
        }
        writeln!(
            f,
            " {:>8} {:>10} {:>10} {:>10}",
            "z",
            "p",
            format!("lower {level}"),
            format!("upper {level}")
        )?;
        for t in &self.terms {
            write!(
                f,
                "{:<14} {:>11.6} {:>10.4} {:>10.6}",
                t.term, t.coef, t.exp_coef, t.se
            )?;
            if let Some(r) = t.robust_se {
                write!(f, " {r:>10.6}")?;
            }
            writeln!(
                f,
                " {:>8.3} {:>10} {:>10.4} {:>10.4}",
                t.z,
                fmt_p(t.p),
                t.lower,
                t.upper
            )?;
        }
        writeln!(
            f,
            "log-likelihood {:.4} (null {:.4}); {}",
            self.loglik, self.loglik_null, self.concordance
        )?;
        writeln!(f, "likelihood ratio test: {}", self.likelihood_ratio)?;
        match &self.wald {
            Some(w) => writeln!(f, "Wald test:             {w}")?,
            None => writeln!(
                f,
                "Wald test:             not available (singular variance)"
            )?,
        }
        write!(f, "score (log-rank) test: {}", self.score)?;
        if let Some(r) = &self.robust_score {
            write!(f, "; robust score test: {r}")?;
        }
        writeln!(f)
    }
}
