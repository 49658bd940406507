//! Fine–Gray proportional subdistribution hazards regression for competing
//! risks, matching R's `cmprsk::crr` (Fine & Gray 1999, JASA 94:496–509).
//!
//! A returnee may re-migrate irregularly (cause 1) or move on through a
//! legal channel (cause 2); the Fine–Gray model relates the covariates to
//! the cumulative incidence of one cause, F₁(t | x) =
//! 1 − exp(−exp(xᵀβ)·Λ₀(t)), where a Cox model of the cause-specific
//! hazard does not. Subjects who fail from another cause stay in the risk
//! set with the weight G(t−)/G(Xᵢ−), G the Kaplan–Meier of the censoring
//! times computed on all subjects.
//!
//! - [`FineGrayData`]: time, status (0 = censored, 1, 2, ... = causes, as
//!   for the cumulative incidence) and numeric covariates
//!   ([`FineGrayColumns`] for CSV).
//! - [`FineGray`] → [`FineGrayFit`]: coefficients with robust (sandwich)
//!   and model-based standard errors, the log pseudo-likelihood, the
//!   baseline jumps; [`FineGrayFit::predict`] → [`CifPrediction`].
//!
//! Conventions are `crr`'s, checked against it on tiny and tied data: the
//! censoring survival is evaluated just before each time (censorings at t
//! do not lower the weight at t); at a time t everyone with exit ≥ t is in
//! the risk set, including those censored or failing from another cause at
//! t; tied events of the cause share one risk set (Breslow); the robust
//! variance includes the term for the estimated censoring distribution.
//!
//! **Caveat.** Models of different causes are fitted separately, and
//! proportional subdistribution hazards cannot hold for every cause at
//! once: the predicted incidences of the causes for one covariate pattern
//! can add up to more than 1. Read each model as a summary of its cause's
//! incidence, not as a joint model of all causes.
//!
//! Not supported (unlike `crr`): time-varying covariates (`cov2`/`tf`),
//! censoring groups (`cengroup`), case weights and delayed entry.

mod data;
mod newton;
mod predict;
mod result;
mod sweep;
mod table;
mod variance;
mod weights;

use crate::num::normal::two_sided_p;
use crate::setters::setters;
use ndarray::Array2;

use self::newton::{Failure, Newton};
use self::sweep::{CAUSE, CENSORED, COMPETING, Design};
use crate::error::{Error, Result, invalid};
use crate::num::chol::Cholesky;
use crate::survival::z_of_level;

pub use data::{FineGrayData, FineGrayDataBuilder};
pub use predict::{CifPoint, CifPrediction};
pub use result::{FineGrayFit, FineGrayJump, FineGrayTerm};
pub use table::FineGrayColumns;

/// The Fine–Gray model of one cause, R's `cmprsk::crr(time, status, x,
/// failcode = cause, cencode = 0)` iterated to full convergence.
///
/// Newton–Raphson from β = 0 with step-halving, on centred covariates,
/// until the Newton step is below the tolerance (1e-12 on the covariates'
/// standard-deviation scale, relative to the coefficient when that is
/// larger). A fit that cannot converge is an error naming the covariates:
/// a constant covariate or one collinear with others
/// ([`Error::NotIdentifiable`]), a diverging coefficient or the iteration
/// limit ([`Error::NoConvergence`]).
///
/// # Example
/// ```
/// use return_migration::survival::{FineGray, FineGrayData};
/// // status 1: re-migrated irregularly; 2: moved on legally; 0: censored.
/// let d = FineGrayData::builder(
///         vec![2., 3., 3., 5., 6., 7., 8., 9., 11., 12.],
///         vec![1, 2, 1, 0, 1, 2, 0, 1, 2, 0])
///     .covariate("assisted", vec![1., 0., 1., 1., 0., 0., 1., 0., 1., 0.])
///     .build()?;
/// let fit = FineGray::new(1).fit(&d)?;
/// assert_eq!(fit.terms[0].term, "assisted");
/// assert!(fit.terms[0].se > 0.0 && fit.loglik >= fit.loglik_null);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FineGray {
    cause: u32,
    conf_level: f64,
    max_iter: usize,
    tolerance: f64,
}

impl FineGray {
    /// The model of `cause` (a status code of the data); 95% intervals, at
    /// most 100 iterations, tolerance 1e-12.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGray;
    /// let _ = FineGray::new(2);
    /// ```
    pub fn new(cause: u32) -> Self {
        FineGray {
            cause,
            conf_level: 0.95,
            max_iter: 100,
            tolerance: 1e-12,
        }
    }

    setters! {
        /// Sets the confidence level of the intervals (in (0, 1)).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{FineGray, FineGrayData};
        /// let d = FineGrayData::builder(vec![1., 2., 3.], vec![1, 2, 1]).covariate("x", vec![0., 1., 1.]).build()?;
        /// assert!(FineGray::new(1).conf_level(1.5).fit(&d).is_err());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        conf_level: f64,

        /// Sets the maximum number of Newton iterations (at least 1).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::FineGray;
        /// let _ = FineGray::new(1).max_iter(50);
        /// ```
        max_iter: usize,

        /// Sets the convergence tolerance on the Newton step (in (0, 1e-4]).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{FineGray, FineGrayData};
        /// let d = FineGrayData::builder(vec![1., 2., 3.], vec![1, 2, 1]).covariate("x", vec![0., 1., 1.]).build()?;
        /// assert!(FineGray::new(1).tolerance(0.1).fit(&d).is_err());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        tolerance: f64,
    }

    /// The Newton driver with this model's stopping rules.
    fn newton(&self) -> Newton {
        Newton::plain(self.max_iter, self.tolerance)
    }

    fn check_options(&self, data: &FineGrayData) -> Result<()> {
        self.newton().check()?;
        if !data.causes.contains(&self.cause) {
            let present: Vec<String> = data.causes.iter().map(u32::to_string).collect();
            return Err(invalid(
                "cause",
                format!(
                    "{} is not a status value of the data (causes present: {})",
                    self.cause,
                    if present.is_empty() {
                        "none".to_string()
                    } else {
                        present.join(", ")
                    }
                ),
            ));
        }
        Ok(())
    }

    /// Fits the model. Errors: invalid options; a cause that is not a
    /// status value of the data; [`Error::NotIdentifiable`] naming a
    /// covariate that is constant or collinear with the covariates before
    /// it within the risk sets; [`Error::NoConvergence`] naming diverging
    /// covariates, or when the iteration limit is hit.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{FineGray, FineGrayData};
    /// let d = FineGrayData::builder(vec![1., 2., 3.], vec![1, 2, 1]).covariate("x", vec![2., 2., 2.]).build()?;
    /// assert_eq!(FineGray::new(1).fit(&d).unwrap_err().to_string(),
    ///     "covariate `x` cannot be estimated: it is constant (every subject has the value 2)");
    /// assert_eq!(FineGray::new(3).fit(&d).unwrap_err().to_string(),
    ///     "invalid cause: 3 is not a status value of the data (causes present: 1, 2)");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &FineGrayData) -> Result<FineGrayFit> {
        self.check_options(data)?;
        let z = z_of_level(self.conf_level)?;
        let p = data.p();
        for j in 0..p {
            if data.sd[j] == 0.0 {
                return Err(Error::NotIdentifiable {
                    term: data.names[j].clone(),
                    reason: format!(
                        "it is constant (every subject has the value {})",
                        data.means[j]
                    ),
                });
            }
        }
        let mut design = Design::new(data, self.cause);
        let n_events = design.n_events() as f64;
        let newton = self.newton();
        let fit = newton
            .run(&mut design, &data.sd, n_events)
            .map_err(|f| failure_error(f, data))?;
        let naive = Cholesky::factor(&fit.derivs.info, p, &vec![0.0; p])
            .map_err(|e| Error::NoConvergence {
                detail: format!(
                    "Fine–Gray model: the information matrix is singular at the estimates, at covariate `{}`",
                    data.names[e.index]
                ),
            })?
            .inverse();
        let (_, record) = design.sweep(&fit.beta);
        let cross = variance::score_crossproduct(&design, &record);
        let robust = crate::num::chol::sandwich(&naive, &cross, p);
        let terms = (0..p)
            .map(|j| {
                let coef = fit.beta[j];
                let se = robust[j * p + j].sqrt();
                let zj = coef / se;
                FineGrayTerm {
                    term: data.names[j].clone(),
                    coef,
                    exp_coef: coef.exp(),
                    se,
                    naive_se: naive[j * p + j].sqrt(),
                    z: zj,
                    p: two_sided_p(zj),
                    lower: (coef - z * se).exp(),
                    upper: (coef + z * se).exp(),
                }
            })
            .collect();
        // Jumps at the means are d/S₀ in units of exp(η − shift); at x = 0
        // the linear predictor is lower by x̄ᵀβ.
        let mean_lp: f64 = data.means.iter().zip(&fit.beta).map(|(m, b)| m * b).sum();
        let baseline = design
            .failures
            .iter()
            .zip(&record.hazard)
            .map(|(f, h)| FineGrayJump {
                time: f.time,
                jump: h * (-(record.shift + mean_lp)).exp(),
                jump_at_means: h * (-record.shift).exp(),
            })
            .collect();
        let count = |c: u8| design.class.iter().filter(|&&k| k == c).count();
        // Cannot fail: both matrices hold exactly p·p values.
        let matrix = |v: Vec<f64>| Array2::from_shape_vec((p, p), v).expect("p × p");
        Ok(FineGrayFit {
            cause: self.cause,
            causes: data.causes.clone(),
            n: data.len(),
            n_events: count(CAUSE),
            n_competing: count(COMPETING),
            n_censored: count(CENSORED),
            terms,
            conf_level: self.conf_level,
            loglik: fit.derivs.loglik,
            loglik_null: fit.null.loglik,
            convergence: fit.convergence(),
            variance: matrix(robust),
            naive_variance: matrix(naive),
            means: data.means.clone(),
            baseline,
        })
    }
}

fn failure_error(failure: Failure, data: &FineGrayData) -> Error {
    let name = |j: usize| format!("`{}`", data.names[j]);
    let earlier = |j: usize| {
        let before: Vec<String> = (0..j).map(name).collect();
        before.join(", ")
    };
    match failure {
        Failure::NotIdentifiable {
            index,
            no_variation: true,
        } => Error::NotIdentifiable {
            term: data.names[index].clone(),
            reason: "it does not vary within the risk sets of the events".to_string(),
        },
        Failure::NotIdentifiable { index, .. } => Error::NotIdentifiable {
            term: data.names[index].clone(),
            reason: format!(
                "it is collinear with the covariates before it ({}) within the risk sets",
                earlier(index)
            ),
        },
        Failure::NoEvents => Error::NoData {
            what: "Fine–Gray model: no events of the cause of interest".to_string(),
        },
        Failure::NotFinite => Error::NoConvergence {
            detail: "Fine–Gray model: the pseudo-likelihood is not finite at β = 0".to_string(),
        },
        Failure::Monotone {
            indices,
            iterations,
            beta,
            ..
        } => {
            let names: Vec<String> = indices
                .iter()
                .map(|&j| format!("{} (coef {:.3} and growing)", name(j), beta[j]))
                .collect();
            let what = match names.len() {
                1 => format!("the estimate of {} is", names[0]),
                _ => format!("the estimates of {} are", names.join(" and ")),
            };
            Error::NoConvergence {
                detail: format!(
                    "Fine–Gray model: monotone pseudo-likelihood (separation): {what} infinite; after {iterations} iterations the pseudo-likelihood no longer rises while the coefficients keep moving"
                ),
            }
        }
        Failure::Singular { index, iterations } => Error::NoConvergence {
            detail: format!(
                "Fine–Gray model: the information matrix became singular at iteration {iterations}, at covariate {} (diverging estimates?)",
                name(index)
            ),
        },
        Failure::IterationLimit {
            iterations,
            relative_step,
        } => Error::NoConvergence {
            detail: format!(
                "Fine–Gray model: no convergence in {iterations} iterations (last Newton step {relative_step:.2e})"
            ),
        },
        Failure::HalvingFailed {
            iterations,
            relative_step,
        } => Error::NoConvergence {
            detail: format!(
                "Fine–Gray model: step-halving could not increase the pseudo-likelihood at iteration {iterations} (Newton step {relative_step:.2e})"
            ),
        },
    }
}
