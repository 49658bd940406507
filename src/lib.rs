//! # return_migration
//!
//! Exact, reproducible analyses of return migration, for researchers who
//! test what assisted voluntary return and reintegration (AVRR) achieves:
//!
//! - **Flows and ratios** ([`data`], [`datasets`], [`ratio`], [`flow`]):
//!   typed year series and panels with explicit missing years; shipped
//!   published figures (IOM AVRR returns from Morocco, irregular arrivals to
//!   Spain, EU orders to leave), each number with its source; returns per
//!   arrival or per order to leave over windows and lags with exact
//!   confidence intervals; stock-flow accounting.
//! - **Survival of returns** ([`survival`]): Kaplan–Meier, Nelson–Aalen,
//!   log-rank, life tables, Cox regression with residuals and the
//!   proportional-hazards test, competing destinations (Aalen–Johansen,
//!   Fine–Gray), recurrent re-migration, delayed entry; interval-censored
//!   wave data (Turnbull) and parametric AFT models; all checked against R.
//! - **Cohorts** ([`cohort`]): returnee records or wave panels to survival
//!   rows with a validation report that accounts for every record; the
//!   persons' covariates join the rows through model frames ([`frame`]) so
//!   that a model of a cohort is one call; net effectiveness of return; a
//!   seeded simulator.
//! - **Figures and notebooks** ([`plot`], [`display`]): SVG figures with
//!   deterministic bytes and HTML tables in evcxr notebooks.
//! - **Shell pipelines** ([`pipeline`]): the cargo examples (`survfit`,
//!   `coxph`, `icfit`, `cohort`, ...) read CSV and write CSV.
//!
//! Where to start: the README's quickstart; [`datasets`] for the shipped
//! figures; [`survival::SurvData`] and [`survival::KaplanMeier`] for a first
//! survival curve; [`cohort::records_from_path`] for your own returnee
//! records (the records CSV format is documented there); the notebooks in
//! `notebooks/`.
//!
//! Cargo features: `plot` (default; SVG figures, no dependency),
//! `parquet` (Arrow/Parquet input), `datafusion` (the risk-set summary as
//! a DataFusion aggregate; implies `parquet`), `parallel` (rayon: the Cox
//! Newton–Raphson sums and the CSV number parsing on several cores, in
//! chunks fixed by the data so that results are the same bits for any
//! thread count; without it everything runs on one thread).
//!
//! ```
//! use return_migration::{datasets, ratio};
//! let returns = datasets::avrr_returns_from_morocco()?.series;
//! let arrivals = datasets::spain_arrivals_total()?.series;
//! let r = ratio::EffectivenessRatio::new().window(2015, 2021).fit(&returns, &arrivals)?;
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
pub mod num;
pub mod pipeline;
#[cfg(feature = "plot")]
pub mod plot;
pub mod ratio;
pub mod scale;
mod setters;
pub mod survival;

/// The README's Rust examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
