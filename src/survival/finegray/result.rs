//! The fitted Fine–Gray model: coefficient table, pseudo-likelihoods,
//! convergence, baseline, printing.

use std::fmt;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::survival::Convergence;

/// One row of the coefficient table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FineGrayTerm {
    /// The covariate.
    pub term: String,
    /// The coefficient β (log subdistribution hazard ratio per unit).
    pub coef: f64,
    /// exp(β), the subdistribution hazard ratio per unit.
    pub exp_coef: f64,
    /// Robust (sandwich) standard error, as `cmprsk::crr`'s `sqrt(diag(var))`.
    pub se: f64,
    /// Model-based standard error √(I⁻¹)ⱼⱼ, as `crr`'s `sqrt(diag(invinf))`
    /// (too small: it ignores the estimated censoring weights).
    pub naive_se: f64,
    /// β / se (robust).
    pub z: f64,
    /// Two-sided normal p-value of z.
    pub p: f64,
    /// Lower confidence limit of exp(β) (robust se).
    pub lower: f64,
    /// Upper confidence limit of exp(β) (robust se).
    pub upper: f64,
}

/// The jump of the baseline cumulative subdistribution hazard at a distinct
/// event time of the cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FineGrayJump {
    /// The event time.
    pub time: f64,
    /// The jump at covariates 0, as `crr`'s `bfitj` (Breslow type:
    /// events / weighted Σ exp(xᵀβ) over the risk set).
    pub jump: f64,
    /// The jump at the covariate means (what predictions are computed
    /// from; does not overflow when xᵀβ is large).
    pub jump_at_means: f64,
}

/// A fitted Fine–Gray model (see [`FineGray`](crate::survival::FineGray)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FineGrayFit {
    /// The cause modelled (its status code).
    pub cause: u32,
    /// Every cause of the data.
    pub causes: Vec<u32>,
    /// Number of subjects.
    pub n: usize,
    /// Events of the cause.
    pub n_events: usize,
    /// Events of the other causes.
    pub n_competing: usize,
    /// Censored subjects.
    pub n_censored: usize,
    /// The coefficient table, covariates in the order given.
    pub terms: Vec<FineGrayTerm>,
    /// Level of the intervals.
    pub conf_level: f64,
    /// Log pseudo-likelihood at the estimates (`crr`'s `loglik`).
    pub loglik: f64,
    /// Log pseudo-likelihood at β = 0 (`crr`'s `loglik.null`).
    pub loglik_null: f64,
    /// How the iterations ended.
    pub convergence: Convergence,
    /// Robust (sandwich) variance matrix (`crr`'s `var`).
    pub variance: Array2<f64>,
    /// Model-based variance, the inverse information (`crr`'s `invinf`).
    pub naive_variance: Array2<f64>,
    /// Covariate means (the centring used internally).
    pub means: Vec<f64>,
    /// Baseline jumps at the distinct event times of the cause, ascending.
    pub baseline: Vec<FineGrayJump>,
}

fn fmt_p(p: f64) -> String {
    if p < 1e-4 {
        format!("{p:.2e}")
    } else {
        format!("{p:.4}")
    }
}

impl fmt::Display for FineGrayFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Fine–Gray model, cause {}: n = {}, events = {}, competing = {}, censored = {}; {}",
            self.cause, self.n, self.n_events, self.n_competing, self.n_censored, self.convergence
        )?;
        let level = format!("{}%", self.conf_level * 100.0);
        writeln!(
            f,
            "{:<14} {:>11} {:>10} {:>10} {:>10} {:>8} {:>10} {:>10} {:>10}",
            "term",
            "coef",
            "exp(coef)",
            "se(coef)",
            "naive se",
            "z",
            "p",
            format!("lower {level}"),
            format!("upper {level}")
        )?;
        for t in &self.terms {
            writeln!(
                f,
                "{:<14} {:>11.6} {:>10.4} {:>10.6} {:>10.6} {:>8.3} {:>10} {:>10.4} {:>10.4}",
                t.term,
                t.coef,
                t.exp_coef,
                t.se,
                t.naive_se,
                t.z,
                fmt_p(t.p),
                t.lower,
                t.upper
            )?;
        }
        write!(
            f,
            "log pseudo-likelihood {:.4} (null {:.4}); se is robust",
            self.loglik, self.loglik_null
        )
    }
}
