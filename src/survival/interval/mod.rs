//! Interval-censored survival data (wave panels) and their estimators.
//!
//! A re-migration seen only at a survey wave happened somewhere between two
//! contacts: the event time `T` of a subject is known to lie in
//! `(left, right]`.
//!
//! - [`IntervalData`]: the intervals, case weights and groups, validated
//!   (built by [`IntervalData::builder`] or read from CSV with
//!   [`IntervalColumns`]).
//! - [`Turnbull`] → [`TurnbullFit`]: the nonparametric maximum-likelihood
//!   estimate of survival per group.
//! - [`TurnbullBootstrap`]: bootstrap standard errors and percentile
//!   intervals of survival at chosen times (seeded).
//! - [`Censoring`]: the kind of each row (exact, right-, left-, interval-censored).

mod bootstrap;
mod columns;
mod data;
mod innermost;
mod npmle;
mod turnbull;

pub use bootstrap::{BootstrapQuantileRow, BootstrapRow, BootstrapSurvival, TurnbullBootstrap};
pub use columns::{IntervalColumns, read_interval};
pub use data::{Censoring, IntervalData, IntervalDataBuilder};
#[allow(deprecated)]
pub use turnbull::{
    ICFIT_HEADER, InnermostMass, MASSES_HEADER, NpmleConvergence, Turnbull, TurnbullCurve,
    TurnbullFit, TurnbullRow,
};
