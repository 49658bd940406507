//! How an iterative fit ended: the one convergence report of every
//! iterative estimator (Cox, Fine–Gray, AFT, discrete-time hazard by
//! Newton–Raphson; Turnbull's NPMLE by EM–ICM).

use std::fmt;

use serde::{Deserialize, Serialize};

/// How the iterations of a fit ended. A fit that did not converge is an
/// error naming why ([`Error::NoConvergence`](crate::error::Error::NoConvergence)
/// or a more specific one), never a result: every `Convergence` in a result
/// describes iterations that met their stopping rule.
///
/// # Example
/// ```
/// use return_migration::num::Convergence;
/// use return_migration::survival::{CoxData, CoxPh};
/// let d = CoxData::builder(vec![5., 8., 2., 9., 4., 7., 3., 6.], vec![1, 0, 1, 1, 1, 0, 1, 1])
///     .covariate("x", vec![0., 1., 0., 1., 1., 0., 0., 1.])
///     .build()?;
/// let c: Convergence = CoxPh::new().fit(&d)?.convergence;
/// assert!(c.iterations >= 1 && c.last_change <= 1e-12);
/// assert!(c.to_string().starts_with("converged in"));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Convergence {
    /// Iterations taken (Newton steps; for Turnbull, EM–ICM rounds).
    pub iterations: usize,
    /// Step-halvings taken over all iterations (0 for Turnbull, which has
    /// none).
    pub step_halvings: usize,
    /// The stopping criterion's last value. Newton fits: the size of the
    /// last Newton step, each coefficient's step on its covariate's standard
    /// deviation scale (internal, centred covariates) and relative to the
    /// coefficient when that is larger than 1; for Cox and Fine–Gray the
    /// step that was not taken, for AFT and the discrete-time hazard the
    /// step taken last. Turnbull: the largest change of a mass in the last
    /// iteration.
    pub last_change: f64,
    /// The largest violation of the first-order (Kuhn–Tucker) conditions at
    /// the estimate: the largest absolute score component for Newton fits
    /// (at the reported point, on the internal scale), the quantity
    /// described in [`Turnbull`](crate::survival::Turnbull) for the NPMLE.
    pub kkt_violation: f64,
    /// True when the log-likelihood stopped changing at working precision
    /// before the step met the tolerance (the step was then already below
    /// 1e-8, so the estimates are exact to that precision).
    pub rounding_limited: bool,
}

impl Convergence {
    /// Iterations taken (kept as a method for the former Cox enum's users).
    ///
    /// # Example
    /// ```
    /// use return_migration::num::Convergence;
    /// let c = Convergence { iterations: 5, step_halvings: 0, last_change: 1e-15,
    ///     kkt_violation: 1e-13, rounding_limited: false };
    /// assert_eq!(c.iterations(), 5);
    /// ```
    pub fn iterations(&self) -> usize {
        self.iterations
    }
}

impl fmt::Display for Convergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.rounding_limited {
            "converged to rounding"
        } else {
            "converged"
        };
        write!(
            f,
            "{how} in {} iterations ({} step-halvings; last step {:.1e})",
            self.iterations, self.step_halvings, self.last_change
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_how_it_converged() {
        let mut c = Convergence {
            iterations: 4,
            step_halvings: 1,
            last_change: 2.5e-13,
            kkt_violation: 0.0,
            rounding_limited: false,
        };
        assert_eq!(
            c.to_string(),
            "converged in 4 iterations (1 step-halvings; last step 2.5e-13)"
        );
        c.rounding_limited = true;
        assert!(c.to_string().starts_with("converged to rounding in 4"));
    }
}
