//! # return_migration
//!
//! Exact, reproducible analyses of return migration: return flows against
//! irregular arrivals, effectiveness ratios with exact intervals, stock-flow
//! accounting, on shipped datasets whose every number names its source.
//!
//! ```
//! use return_migration::{datasets, ratio};
//! let returns = datasets::avrr_returns_from_morocco()?.series;
//! let arrivals = datasets::spain_arrivals_total()?.series;
//! let r = ratio::EffectivenessRatio::new(&returns, &arrivals).window(2015, 2021).compute()?;
//! assert_eq!(r.coverage.years_used, vec![2015, 2016, 2017, 2018, 2021]);
//! # Ok::<(), return_migration::error::Error>(())
//! ```

#![warn(missing_docs)]

pub mod cohort;
pub mod data;
pub mod datasets;
pub mod display;
pub mod error;
pub mod flow;
pub mod frame;
mod linalg;
pub mod pipeline;
#[cfg(feature = "plot")]
pub mod plot;
pub mod ratio;
mod special;
pub mod survival;

/// The README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
