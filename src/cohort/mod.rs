//! Re-migration cohorts from person-level records or multi-year wave panels.
//!
//! ```text
//! ReturneeRecord (CSV: records_from_table) ─┐
//! WavePanel (persons × waves, ndarray) ─────┴─► CohortBuilder ─► Built<rows> + ValidationReport
//!      first_events  → SpellRow         (time to first re-migration; channel = competing cause)
//!      recurrent     → CountingRow      (counting-process rows of every re-migration)
//!      person_periods→ PersonPeriodRow  (discrete-time hazard data)
//! ```
//!
//! Dates are placed on a decimal-year axis ([`Date`]); rows are on a
//! [`TimeScale`] (years since return, calendar year or age). Observation
//! starts at the return or later (delayed entry) and ends at the stated end
//! of follow-up or the last wave seen (censoring). A re-migration known only
//! from the wave that reported it is interval-censored: its interval is kept
//! ([`EventInterval`]) and an [`IntervalRule`] places it for the
//! right-censored estimators. The [`ValidationReport`] accounts for every
//! input record.
//!
//! # Records CSV
//!
//! The long format: every row carries the person's fields; a person with
//! k ≥ 1 re-migrations has k rows (one per re-migration), a person with none
//! has one row with empty event fields. Columns (only `id` and
//! `return_date` are required; a missing optional column reads as empty):
//!
//! | column | content |
//! |---|---|
//! | `id` | identifier |
//! | `return_date` | `YYYY` or `YYYY-MM-DD` |
//! | `origin`, `sex`, `age_band`, `assistance` | text |
//! | `age_at_return` | years, or empty |
//! | `follow_up_start`, `end_of_follow_up` | date, or empty |
//! | `waves_seen` | dates separated by `;`, or empty |
//! | `event_date` | date of the re-migration, or empty |
//! | `event_wave` | date of the wave that first reported it (when it is not dated) |
//! | `event_channel` | `irregular` or `legal`; empty when the row has no re-migration |
//! | any other column | kept as the person's covariate ([`ReturneeRecord::extra`], the text of the person's first row) |
//!
//! Errors name the file, the line and the column: an empty id or return
//! date, a date that does not parse or exist, a negative or unparsable age,
//! a wave listed twice, an unknown channel, both or neither of `event_date`
//! and `event_wave` on a re-migration row, a person's fields that differ
//! between its rows, and an empty-event row for a person who has
//! re-migrations. Rows are grouped by id in order of first appearance.
//!
//! Read with [`records_from_path`] or [`records_from_table`]; written with
//! [`write_records_csv`].

mod builder;
mod channels;
mod date;
mod discrete;
mod discrete_fit;
mod history;
mod input;
mod measures;
mod model;
mod net;
mod panel;
mod records;
mod records_csv;
mod report;
mod resample;
mod risk;
pub use crate::num::rng;
mod rows;
mod simulate;
mod simulate_output;
mod ties;
mod truth;
mod vectors;
mod wave_study;

pub use crate::num::Convergence;
pub use builder::CohortBuilder;
#[allow(deprecated)]
pub use channels::{
    ChannelIncidence, MeanRemigrations, cumulative_incidence_by_channel, mean_remigrations,
};
pub use date::Date;
pub use discrete::DiscreteHazard;
pub use discrete_fit::{Coefficient, DiscreteHazardFit, Link, PeriodHazard};
pub use history::{IntervalRule, TimeScale};
pub use input::{CohortInput, GroupBy};
#[allow(deprecated)]
pub use measures::{
    CohortSurvival, RemigrationAt, RemigrationProbabilities, RemigrationTable, cohort_survival,
    remigration_probabilities,
};
pub use model::{COHORT_COVARIATES, person_covariates};
pub use net::{
    BootstrapInterval, BootstrapSample, CountModel, NetEffectiveness, NetInterval, NetResult,
};
pub use panel::{WavePanel, WaveStatus};
pub use records::{Channel, EventTiming, Remigration, ReturneeRecord};
#[cfg(feature = "parquet")]
pub use records_csv::{records_from_parquet, records_from_record_batches};
pub use records_csv::{records_from_path, records_from_table, write_records_csv};
pub use report::{RecordStatus, RejectReason, Rejection, StatusCounts, ValidationReport, WaveGap};
pub use risk::{Discount, RemigrationRisk};
pub use rows::{Built, CountingRow, EventInterval, PersonPeriodRow, SpellRow, Stratified};
pub use simulate::{Category, CohortSimulator};
pub use ties::TIE_TOLERANCE;
pub use vectors::{CompetingVectors, RecurrentVectors, Strata, Stratify, SurvVectors, strata_of};
pub use wave_study::{WaveStudy, WaveStudyRow, WaveStudyTable};
