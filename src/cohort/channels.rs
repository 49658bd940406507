//! Cohort measures beyond the first re-migration: the cumulative incidence
//! of re-migration by channel (irregular or legal, competing destinations)
//! and the mean number of re-migrations per person (recurrent events).
//!
//! Both hand the builder's rows to the survival estimators
//! ([`AalenJohansen`], [`Mcf`]) with one curve per stratum, so their tie,
//! delayed-entry and variance rules are exactly those checked against R.

use super::rows::{Built, CountingRow, SpellRow};
use super::vectors::{Stratify, no_rows};
use crate::error::Result;
use crate::survival::{AalenJohansen, CompetingData, CumIncFit, Mcf, McfFit, RecurrentData};

/// Aalen–Johansen cumulative incidence of a first re-migration by channel,
/// one set of curves per stratum: cause 1 is irregular, cause 2 legal
/// (the names are in [`crate::cohort::CompetingVectors::cause_labels`]);
/// the event-free curve is the all-cause Kaplan–Meier. Delayed entry is
/// used when any row enters after 0. Errors when the build has no rows.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, CohortBuilder, Date, ReturneeRecord, Stratify,
///     cumulative_incidence_by_channel};
/// use return_migration::survival::AalenJohansen;
/// let y = |y| Date::Year(y);
/// let seen = [y(2021), y(2022), y(2023)];
/// let records = vec![
///     ReturneeRecord::new("A", y(2020)).seen_at(&seen).remigrated_on(y(2021), Channel::Irregular),
///     ReturneeRecord::new("B", y(2020)).seen_at(&seen).remigrated_on(y(2022), Channel::Legal),
///     ReturneeRecord::new("C", y(2020)).seen_at(&seen),
///     ReturneeRecord::new("D", y(2020)).seen_at(&seen),
/// ];
/// let built = CohortBuilder::new().first_events(&records)?;
/// let fit = cumulative_incidence_by_channel(&built, Stratify::Pooled, &AalenJohansen::new())?;
/// // irregular: 1 of 4 at one year; legal: 3/4 · 1/3 = 1/4 at two years
/// assert_eq!(fit.cif("", 1)?.rows[0].estimate, 0.25);
/// assert!((fit.cif("", 2)?.rows[1].estimate - 0.25).abs() < 1e-15);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub fn cumulative_incidence_by_channel(
    built: &Built<SpellRow>,
    by: Stratify,
    aalen_johansen: &AalenJohansen,
) -> Result<CumIncFit> {
    if built.rows.is_empty() {
        return Err(no_rows());
    }
    let v = built.competing_vectors(by)?;
    let status = v.cause.iter().map(|&c| i64::from(c)).collect();
    let mut b = CompetingData::builder(v.exit, status).group_codes(v.strata.codes, v.strata.labels);
    if let Some(entry) = v.entry {
        b = b.entry(entry);
    }
    aalen_johansen.fit(&b.build()?)
}

/// Mean cumulative function of re-migrations per person by time, one curve
/// per stratum, from the counting-process rows (a person stays under
/// observation after a re-migration), with naive and Lawless–Nadeau robust
/// standard errors clustered by person. Errors when the build has no rows.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, CohortBuilder, Date, ReturneeRecord, Stratify, mean_remigrations};
/// use return_migration::survival::Mcf;
/// let y = |y| Date::Year(y);
/// let seen = [y(2021), y(2022), y(2023)];
/// let records = vec![
///     ReturneeRecord::new("A", y(2020)).seen_at(&seen)
///         .remigrated_on(y(2021), Channel::Irregular).remigrated_on(y(2022), Channel::Irregular),
///     ReturneeRecord::new("B", y(2020)).seen_at(&seen),
/// ];
/// let built = CohortBuilder::new().recurrent(&records)?;
/// let fit = mean_remigrations(&built, Stratify::Pooled, &Mcf::new())?;
/// let rows = &fit.curves[0].rows;
/// assert_eq!((rows[0].time, rows[0].mcf), (1.0, 0.5));   // 1 of 2 persons by one year
/// assert_eq!((rows[1].time, rows[1].mcf), (2.0, 1.0));   // two re-migrations, two persons
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub fn mean_remigrations(built: &Built<CountingRow>, by: Stratify, mcf: &Mcf) -> Result<McfFit> {
    if built.rows.is_empty() {
        return Err(no_rows());
    }
    let v = built.recurrent_vectors(by)?;
    let data = RecurrentData::builder_with_codes(v.id, v.start, v.stop, v.event)
        .group_codes(v.strata.codes, v.strata.labels)
        .build()?;
    mcf.fit(&data)
}
