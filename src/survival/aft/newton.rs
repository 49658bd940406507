//! Newton–Raphson on the log-likelihood with step-halving, as in R's
//! `survreg`, iterated to full convergence.

use serde::{Deserialize, Serialize};

use super::likelihood::{Design, Evaluation};
use crate::error::{Error, Result};
use crate::survival::cox::chol::Cholesky;

/// How the iterations ended (a fit that did not converge is an error,
/// never a result).
///
/// # Example
/// ```
/// use return_migration::survival::{AftData, Survreg};
/// let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4.], vec![1, 1, 0, 1, 1, 1]).build()?;
/// let fit = Survreg::new().fit(&d)?;
/// assert!(fit.convergence.last_step < 1e-9);
/// assert!(fit.convergence.last_loglik_change <= 1e-12);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AftConvergence {
    /// Newton iterations of the full model.
    pub iterations: usize,
    /// Step-halvings taken over those iterations.
    pub step_halvings: usize,
    /// Largest component of the last Newton step (on the internal scale:
    /// centred and standardised covariates, log σ).
    pub last_step: f64,
    /// Relative change of the log-likelihood in the last iteration.
    pub last_loglik_change: f64,
}

pub(super) const MAX_ITERATIONS: usize = 200;
/// A Newton step below this (internal scale) is converged: the next one
/// would be of its square.
const STEP_TOL: f64 = 1e-9;
const LOGLIK_TOL: f64 = 1e-12;

/// The maximum: θ, the evaluation there, and how it was reached.
pub(super) struct Maximum {
    pub theta: Vec<f64>,
    pub at: Evaluation,
    pub convergence: AftConvergence,
}

/// Solves (−H)·s = g, adding a Levenberg ridge when −H is not positive
/// definite (away from the maximum of a likelihood that is not concave).
fn newton_step(e: &Evaluation) -> Option<Vec<f64>> {
    let m = e.gradient.len();
    let info: Vec<f64> = e.hessian.iter().map(|h| -h).collect();
    let zero = vec![0.0; m];
    if let Ok(c) = Cholesky::factor(&info, m, &zero) {
        return Some(c.solve(&e.gradient));
    }
    let scale = (0..m)
        .map(|i| info[i * m + i].abs())
        .fold(0.0, f64::max)
        .max(1e-8);
    let mut ridge = 1e-6 * scale;
    for _ in 0..40 {
        let mut a = info.clone();
        for i in 0..m {
            a[i * m + i] += ridge;
        }
        if let Ok(c) = Cholesky::factor(&a, m, &zero) {
            return Some(c.solve(&e.gradient));
        }
        ridge *= 10.0;
    }
    None
}

fn diverged(what: &str, detail: String) -> Error {
    Error::NoConvergence {
        detail: format!("survreg ({what}): {detail}"),
    }
}

/// Maximises the log-likelihood from `theta`.
pub(super) fn maximise(
    d: &Design,
    mut theta: Vec<f64>,
    with_scale: bool,
    what: &str,
) -> Result<Maximum> {
    let mut at = d.evaluate(&theta, with_scale, true);
    if !at.loglik.is_finite() {
        return Err(diverged(
            what,
            "the log-likelihood is not finite at the starting values".into(),
        ));
    }
    let mut conv = AftConvergence {
        iterations: 0,
        step_halvings: 0,
        last_step: f64::INFINITY,
        last_loglik_change: f64::INFINITY,
    };
    loop {
        let step = newton_step(&at)
            .ok_or_else(|| diverged(what, "the information matrix cannot be inverted".into()))?;
        let size = step.iter().fold(0.0_f64, |a, s| a.max(s.abs()));
        conv.last_step = size;
        if size <= STEP_TOL && conv.last_loglik_change <= LOGLIK_TOL {
            // take the last (tiny) step too: it polishes to rounding
            let trial: Vec<f64> = theta.iter().zip(&step).map(|(t, s)| t + s).collect();
            let e = d.evaluate(&trial, with_scale, true);
            if e.loglik.is_finite() {
                theta = trial;
                at = e;
            }
            return Ok(Maximum {
                theta,
                at,
                convergence: conv,
            });
        }
        if conv.iterations == MAX_ITERATIONS {
            return Err(diverged(
                what,
                format!(
                    "{MAX_ITERATIONS} Newton iterations, last step {size:e}, log-likelihood {} \
                     (a covariate may separate the events, or all rows are censored on one side)",
                    at.loglik
                ),
            ));
        }
        conv.iterations += 1;
        let mut factor = 1.0;
        let mut halvings = 0;
        loop {
            let trial: Vec<f64> = theta
                .iter()
                .zip(&step)
                .map(|(t, s)| t + factor * s)
                .collect();
            // Full steps are usually taken: evaluate the derivatives with the
            // log-likelihood (one pass); halved steps test the likelihood only.
            let full = factor == 1.0;
            let e = d.evaluate(&trial, with_scale, full);
            let ll = e.loglik;
            // In the quadratic region (a full step below 1e-6) the change of
            // the log-likelihood is below its rounding error: take the step.
            let quadratic = full && size <= 1e-6;
            if ll.is_finite() && (ll >= at.loglik || quadratic) {
                let change = ((ll - at.loglik) / at.loglik.abs().max(1.0)).abs();
                at = if full {
                    e
                } else {
                    d.evaluate(&trial, with_scale, true)
                };
                theta = trial;
                conv.last_loglik_change = change;
                break;
            }
            halvings += 1;
            conv.step_halvings += 1;
            factor *= 0.5;
            if halvings > 60 {
                // no ascent along the Newton direction: at the maximum up to
                // rounding if the step is already tiny
                if size <= 1e-6 {
                    conv.last_loglik_change = 0.0;
                    return Ok(Maximum {
                        theta,
                        at,
                        convergence: conv,
                    });
                }
                return Err(diverged(
                    what,
                    format!(
                        "no step along the Newton direction increases the log-likelihood (step {size:e})"
                    ),
                ));
            }
        }
        if theta.iter().any(|t| !t.is_finite() || t.abs() > 1e4) {
            return Err(diverged(
                what,
                "the estimates run off to infinity (monotone likelihood: a covariate separates \
                 the events, or every row is censored on the same side)"
                    .into(),
            ));
        }
    }
}
