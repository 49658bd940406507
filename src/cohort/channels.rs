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
/// used when any row enters after 0:
/// `ChannelIncidence::new(by).fit(&built)`.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, ChannelIncidence, CohortBuilder, Date, ReturneeRecord, Stratify};
/// let y = |y| Date::Year(y);
/// let seen = [y(2021), y(2022), y(2023)];
/// let records = vec![
///     ReturneeRecord::new("A", y(2020)).seen_at(&seen).remigrated_on(y(2021), Channel::Irregular),
///     ReturneeRecord::new("B", y(2020)).seen_at(&seen).remigrated_on(y(2022), Channel::Legal),
///     ReturneeRecord::new("C", y(2020)).seen_at(&seen),
///     ReturneeRecord::new("D", y(2020)).seen_at(&seen),
/// ];
/// let built = CohortBuilder::new().first_events(&records)?;
/// let fit = ChannelIncidence::new(Stratify::Pooled).fit(&built)?;
/// // irregular: 1 of 4 at one year; legal: 3/4 · 1/3 = 1/4 at two years
/// assert_eq!(fit.cif("", 1)?.rows[0].estimate, 0.25);
/// assert!((fit.cif("", 2)?.rows[1].estimate - 0.25).abs() < 1e-15);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelIncidence {
    by: Stratify,
    aalen_johansen: AalenJohansen,
}

impl ChannelIncidence {
    /// Cumulative incidence by channel by `by`, with [`AalenJohansen::new`]'s settings.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{ChannelIncidence, Stratify};
    /// let _ = ChannelIncidence::new(Stratify::Pooled);
    /// ```
    pub fn new(by: Stratify) -> Self {
        ChannelIncidence {
            by,
            aalen_johansen: AalenJohansen::new(),
        }
    }

    /// The estimator's settings (interval type and level).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{ChannelIncidence, Stratify};
    /// use return_migration::survival::AalenJohansen;
    /// let _ = ChannelIncidence::new(Stratify::Cohort).estimator(AalenJohansen::new().conf_level(0.9));
    /// ```
    pub fn estimator(mut self, aalen_johansen: AalenJohansen) -> Self {
        self.aalen_johansen = aalen_johansen;
        self
    }

    /// The curves of `built`. Errors when the build has no rows.
    ///
    /// # Example
    /// See [`ChannelIncidence`].
    pub fn fit(&self, built: &Built<SpellRow>) -> Result<CumIncFit> {
        if built.rows.is_empty() {
            return Err(no_rows());
        }
        let v = built.competing_vectors(self.by)?;
        let status = v.cause.iter().map(|&c| i64::from(c)).collect();
        let mut b =
            CompetingData::builder(v.exit, status).group_codes(v.strata.codes, v.strata.labels);
        if let Some(entry) = v.entry {
            b = b.entry(entry);
        }
        self.aalen_johansen.fit(&b.build()?)
    }
}

/// Former shape of [`ChannelIncidence::fit`].
///
/// # Example
/// ```
/// #![allow(deprecated)]
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord, Stratify, cumulative_incidence_by_channel};
/// use return_migration::survival::AalenJohansen;
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2022)])];
/// let built = CohortBuilder::new().first_events(&r)?;
/// assert_eq!(cumulative_incidence_by_channel(&built, Stratify::Cohort, &AalenJohansen::new())?.curves.len(), 1);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[deprecated(note = "use ChannelIncidence::new(by).estimator(e).fit(&built)")]
pub fn cumulative_incidence_by_channel(
    built: &Built<SpellRow>,
    by: Stratify,
    aalen_johansen: &AalenJohansen,
) -> Result<CumIncFit> {
    ChannelIncidence::new(by)
        .estimator(*aalen_johansen)
        .fit(built)
}

/// Mean cumulative function of re-migrations per person by time, one curve
/// per stratum, from the counting-process rows (a person stays under
/// observation after a re-migration), with naive and Lawless–Nadeau robust
/// standard errors clustered by person: `MeanRemigrations::new(by).fit(&built)`.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, CohortBuilder, Date, MeanRemigrations, ReturneeRecord, Stratify};
/// let y = |y| Date::Year(y);
/// let seen = [y(2021), y(2022), y(2023)];
/// let records = vec![
///     ReturneeRecord::new("A", y(2020)).seen_at(&seen)
///         .remigrated_on(y(2021), Channel::Irregular).remigrated_on(y(2022), Channel::Irregular),
///     ReturneeRecord::new("B", y(2020)).seen_at(&seen),
/// ];
/// let built = CohortBuilder::new().recurrent(&records)?;
/// let fit = MeanRemigrations::new(Stratify::Pooled).fit(&built)?;
/// let rows = &fit.curves[0].rows;
/// assert_eq!((rows[0].time, rows[0].mcf), (1.0, 0.5));   // 1 of 2 persons by one year
/// assert_eq!((rows[1].time, rows[1].mcf), (2.0, 1.0));   // two re-migrations, two persons
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanRemigrations {
    by: Stratify,
    mcf: Mcf,
}

impl MeanRemigrations {
    /// Mean cumulative functions by `by`, with [`Mcf::new`]'s settings.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{MeanRemigrations, Stratify};
    /// let _ = MeanRemigrations::new(Stratify::Pooled);
    /// ```
    pub fn new(by: Stratify) -> Self {
        MeanRemigrations {
            by,
            mcf: Mcf::new(),
        }
    }

    /// The estimator's settings (interval type and level).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{MeanRemigrations, Stratify};
    /// use return_migration::survival::Mcf;
    /// let _ = MeanRemigrations::new(Stratify::Cohort).estimator(Mcf::new().conf_level(0.9));
    /// ```
    pub fn estimator(mut self, mcf: Mcf) -> Self {
        self.mcf = mcf;
        self
    }

    /// The curves of `built`. Errors when the build has no rows.
    ///
    /// # Example
    /// See [`MeanRemigrations`].
    pub fn fit(&self, built: &Built<CountingRow>) -> Result<McfFit> {
        if built.rows.is_empty() {
            return Err(no_rows());
        }
        let v = built.recurrent_vectors(self.by)?;
        let data = RecurrentData::builder_with_codes(v.id, v.start, v.stop, v.event)
            .group_codes(v.strata.codes, v.strata.labels)
            .build()?;
        self.mcf.fit(&data)
    }
}

/// Former shape of [`MeanRemigrations::fit`].
///
/// # Example
/// ```
/// #![allow(deprecated)]
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord, Stratify, mean_remigrations};
/// use return_migration::survival::Mcf;
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2022)])];
/// let built = CohortBuilder::new().recurrent(&r)?;
/// assert_eq!(mean_remigrations(&built, Stratify::Cohort, &Mcf::new())?.curves.len(), 1);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[deprecated(note = "use MeanRemigrations::new(by).estimator(e).fit(&built)")]
pub fn mean_remigrations(built: &Built<CountingRow>, by: Stratify, mcf: &Mcf) -> Result<McfFit> {
    MeanRemigrations::new(by).estimator(*mcf).fit(built)
}
