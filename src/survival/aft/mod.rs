//! Parametric survival regression: the accelerated failure time (AFT)
//! model of R's `survreg`, for exact, right-, left- and interval-censored
//! times (re-migrations seen only between survey waves), with case weights.
//!
//! - [`AftData`]: one censoring interval (left, right] per subject,
//!   covariates, weights ([`AftData::right_censored`], [`AftData::interval`]).
//! - [`Survreg`] → [`SurvregFit`]: coefficients and log(scale) with
//!   standard errors, log-likelihoods, likelihood-ratio and Wald tests, the
//!   covariance, and per covariate pattern [`SurvregFit::quantiles`] and
//!   [`SurvregFit::survival`].
//! - [`Dist`]: Weibull, exponential, log-normal, log-logistic.

mod columns;
mod data;
mod dist;
mod fit;
mod likelihood;
mod newton;
mod predict;
mod result;

pub use columns::{AftColumns, AftTimes};
pub use data::{AftData, AftDataBuilder};
pub use dist::Dist;
pub use fit::Survreg;
#[allow(deprecated)]
pub use newton::AftConvergence;
pub use result::{AftTerm, CensoringCounts, QuantilePrediction, SurvregFit};
