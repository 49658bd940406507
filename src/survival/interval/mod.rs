//! Interval-censored survival data (wave panels) and their estimators.
//!
//! A re-migration seen only at a survey wave happened somewhere between two
//! contacts: the event time `T` of a subject is known to lie in
//! `(left, right]`.
//!
//! - [`IntervalData`]: the intervals, case weights and groups, validated
//!   (built by [`IntervalData::builder`] or read from CSV with
//!   [`IntervalColumns`]).
//! - [`Censoring`]: the kind of each row (exact, right-, left-, interval-censored).

mod columns;
mod data;

pub use columns::{IntervalColumns, read_interval};
pub use data::{Censoring, IntervalData, IntervalDataBuilder};
