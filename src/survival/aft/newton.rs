//! The AFT log-likelihood as an [`Objective`] of the crate's one
//! Newton–Raphson driver ([`crate::num::newton`]), with step-halving and a
//! Levenberg ridge where the information is not positive definite, as in
//! R's `survreg`, iterated to full convergence.

use super::likelihood::Design;
use crate::error::{Error, Result};
use crate::num::Convergence;
use crate::num::newton::{Derivs, Failure, Newton, Objective};

/// Former name of the AFT convergence report, now the crate's one
/// [`Convergence`] (`last_step` is `last_change`; `last_loglik_change` is
/// gone: the score at the estimate is `kkt_violation`).
///
/// # Example
/// ```
/// #![allow(deprecated)]
/// use return_migration::survival::{AftConvergence, AftData, Survreg};
/// let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4.], vec![1, 1, 0, 1, 1, 1]).build()?;
/// let c: AftConvergence = Survreg::new().fit(&d)?.convergence;
/// assert!(c.last_change < 1e-9);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[deprecated(note = "use return_migration::num::Convergence")]
pub type AftConvergence = Convergence;

pub(super) const MAX_ITERATIONS: usize = 200;
/// A Newton step below this (internal scale: centred and standardised
/// covariates, log σ; relative to the coefficient when larger than 1) is
/// converged: the next one would be of its square. It is taken too.
const STEP_TOL: f64 = 1e-9;

/// The maximum: θ, the log-likelihood and information there, and how it
/// was reached.
pub(super) struct Maximum {
    pub theta: Vec<f64>,
    pub loglik: f64,
    /// Minus the Hessian at θ, row-major.
    pub info: Vec<f64>,
    pub convergence: Convergence,
}

/// The log-likelihood of a design, with or without log σ in θ.
struct Likelihood<'a> {
    design: &'a Design,
    with_scale: bool,
}

impl Objective for Likelihood<'_> {
    type Derivs = Derivs;
    fn evaluate(&mut self, theta: &[f64]) -> Derivs {
        let e = self.design.evaluate(theta, self.with_scale, true);
        Derivs {
            loglik: e.loglik,
            score: e.gradient,
            info: e.hessian.iter().map(|h| -h).collect(),
        }
    }
}

fn diverged(what: &str, detail: String) -> Error {
    Error::NoConvergence {
        detail: format!("survreg ({what}): {detail}"),
    }
}

fn failure_error(f: Failure, what: &str) -> Error {
    let detail = match f {
        Failure::NotFinite => "the log-likelihood is not finite at the starting values".into(),
        Failure::NoEvents | Failure::NotIdentifiable { .. } | Failure::Singular { .. } => {
            "the information matrix cannot be inverted".into()
        }
        Failure::Monotone {
            iterations, loglik, ..
        } => format!(
            "the estimates run off to infinity (monotone likelihood: a covariate separates \
             the events, or every row is censored on the same side); after {iterations} \
             iterations the log-likelihood {loglik} no longer rises"
        ),
        Failure::IterationLimit {
            iterations,
            relative_step,
        } => format!(
            "{iterations} Newton iterations, last step {relative_step:e} \
             (a covariate may separate the events, or all rows are censored on one side)"
        ),
        Failure::HalvingFailed { relative_step, .. } => format!(
            "no step along the Newton direction increases the log-likelihood (step {relative_step:e})"
        ),
    };
    diverged(what, detail)
}

/// Maximises the log-likelihood from `theta`.
pub(super) fn maximise(
    d: &Design,
    theta: Vec<f64>,
    with_scale: bool,
    what: &str,
) -> Result<Maximum> {
    let newton = Newton {
        max_iter: MAX_ITERATIONS,
        tolerance: STEP_TOL,
        polish: true,
        ridge: true,
    };
    let scale = vec![1.0; theta.len()];
    let mut f = Likelihood {
        design: d,
        with_scale,
    };
    let fit = newton
        .climb(&mut f, theta, &scale)
        .map_err(|e| failure_error(e, what))?;
    if fit.beta.iter().any(|t| !t.is_finite()) {
        return Err(diverged(what, "the estimates are not finite".into()));
    }
    let convergence = fit.convergence();
    Ok(Maximum {
        theta: fit.beta,
        loglik: fit.derivs.loglik,
        info: fit.derivs.info,
        convergence,
    })
}
