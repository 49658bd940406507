//! Cox proportional hazards regression for time to re-migration, matching
//! R's `survival::coxph` (Efron and Breslow ties, strata, counting-process
//! data (entry, exit] for delayed entry, time-varying covariates and
//! recurrent events, case weights, robust variance clustered by subject).
//!
//! - [`CoxData`]: rows validated once and sorted once ([`CoxColumns`] for CSV).
//! - [`CoxPh`] → [`CoxFit`]: coefficient table with hazard ratios and
//!   intervals, log-likelihoods, likelihood-ratio, Wald and score tests,
//!   [`Concordance`], a [`Convergence`] status.
//! - [`CoxFit::survival`] → [`CoxSurvival`]: baseline cumulative hazard and
//!   predicted survival for a covariate profile.
//!
//! The Andersen–Gill model for recurrent events is the counting-process
//! Cox model with one row per at-risk interval of a subject and the
//! subject as the cluster:
//!
//! ```
//! use return_migration::survival::{CoxData, CoxPh};
//! // Subject a: at risk (0, 3], a return at 3, at risk again (3, 7], a return at 7.
//! let d = CoxData::builder(vec![3., 7., 5., 4., 9., 6.], vec![1, 1, 0, 1, 0, 1])
//!     .entry(vec![0., 3., 0., 0., 4., 0.])
//!     .covariate("x", vec![1., 1., 0., 1., 1., 0.])
//!     .clusters(["a", "a", "b", "c", "c", "d"].map(String::from).to_vec())
//!     .build()?;
//! let fit = CoxPh::new().fit(&d)?;
//! assert!(fit.terms[0].robust_se.is_some());
//! # Ok::<(), return_migration::error::Error>(())
//! ```

mod baseline;
mod builder;
mod columns;
mod concordance;
mod concordance_se;
mod data;
mod diagnose;
mod fit;
mod hypothesis;
mod moments;
mod newton;
mod order;
mod residuals;
mod result;
mod risk_sums;
mod robust;
mod sweep;
#[cfg(feature = "parallel")]
mod sweep_chunks;
mod table;
mod ties;
mod zph;
mod zph_smooth;

pub use baseline::{COX_SURVIVAL_HEADER, CoxCurve, CoxSurvRow, CoxSurvival};
pub use builder::CoxDataBuilder;
pub use columns::CoxColumns;
pub use concordance::Concordance;
pub use data::CoxData;
pub use fit::{CoxPh, Ties};
pub use hypothesis::ChiSquareTest;
pub use residuals::{ClusterResiduals, CoxResiduals, SchoenfeldResiduals};
pub use result::{Convergence, CoxFit, CoxTerm};
pub use zph::{CoxZph, ZphTerm, ZphTransform};
pub use zph_smooth::ZphSmooth;
