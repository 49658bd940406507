//! The rows a cohort build produces, plain and typed.

use serde::{Deserialize, Serialize};

use super::history::{IntervalRule, TimeScale};
use super::records::Channel;
use super::report::ValidationReport;

/// Time to the first re-migration (one row per used person), which also
/// serves as competing-risks data: `channel` is the cause (irregular or
/// legal) or `None` when censored.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, SpellRow};
/// let r = SpellRow { person: 0, cohort: 2020, group: 0, entry: 0.0, exit: 1.5, channel: Some(Channel::Irregular) };
/// assert!(r.event());
/// assert_eq!(r.cause(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpellRow {
    /// Position of the person in the input.
    pub person: u32,
    /// Year of return.
    pub cohort: i32,
    /// Group code into the build's `group_labels`.
    pub group: u32,
    /// Start of observation on the time scale.
    pub entry: f64,
    /// First re-migration, or censoring, on the time scale.
    pub exit: f64,
    /// The channel of the first re-migration; `None` when censored.
    pub channel: Option<Channel>,
}

impl SpellRow {
    /// A row of person 0, cohort 2020, group 0: the spell of unit tests.
    #[cfg(test)]
    pub(crate) fn spell(entry: f64, exit: f64, channel: Option<Channel>) -> SpellRow {
        SpellRow {
            person: 0,
            cohort: 2020,
            group: 0,
            entry,
            exit,
            channel,
        }
    }

    /// True when the row ends in a re-migration.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::SpellRow;
    /// let r = SpellRow { person: 0, cohort: 2020, group: 0, entry: 0.0, exit: 3.0, channel: None };
    /// assert!(!r.event());
    /// ```
    pub fn event(&self) -> bool {
        self.channel.is_some()
    }

    /// The cause code: 0 censored, 1 irregular, 2 legal.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::SpellRow;
    /// let r = SpellRow { person: 0, cohort: 2020, group: 0, entry: 0.0, exit: 3.0, channel: None };
    /// assert_eq!(r.cause(), 0);
    /// ```
    pub fn cause(&self) -> u8 {
        self.channel.map_or(0, Channel::code)
    }
}

/// A counting-process row of recurrent re-migrations, (start, stop]: a
/// person's observation is cut at each re-migration, and the person stays
/// under observation after it (total time, as in Andersen–Gill models).
///
/// # Example
/// ```
/// use return_migration::cohort::CountingRow;
/// let r = CountingRow { person: 3, cohort: 2020, group: 0, start: 0.5, stop: 1.0, channel: None, episode: 2 };
/// assert_eq!(r.cause(), 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CountingRow {
    /// Position of the person in the input.
    pub person: u32,
    /// Year of return.
    pub cohort: i32,
    /// Group code into the build's `group_labels`.
    pub group: u32,
    /// Start of the interval on the time scale.
    pub start: f64,
    /// End of the interval on the time scale.
    pub stop: f64,
    /// The channel of the re-migration ending the interval; `None` if it
    /// ends in censoring.
    pub channel: Option<Channel>,
    /// 1 + the person's re-migrations before this interval (including
    /// those before entry).
    pub episode: u32,
}

impl CountingRow {
    /// The cause code: 0 none, 1 irregular, 2 legal.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, CountingRow};
    /// let r = CountingRow { person: 0, cohort: 2020, group: 0, start: 0.0, stop: 1.0, channel: Some(Channel::Legal), episode: 1 };
    /// assert_eq!(r.cause(), 2);
    /// ```
    pub fn cause(&self) -> u8 {
        self.channel.map_or(0, Channel::code)
    }
}

/// A person-period row for a discrete-time hazard of the first
/// re-migration: period p covers ((p − 1)·w, p·w] on the time scale (w the
/// period length). A person contributes period p when observed over the
/// whole period — from its start (entry ≤ (p − 1)·w) through its end (the
/// end of observation, the last contact even after a re-migration, ≥ p·w)
/// — and has not re-migrated before it; the row records whether the first
/// re-migration falls in it. Periods observed in part are left out, with or
/// without a re-migration: counting re-migrations in partial periods but
/// not the censorings would inflate the hazard of the last periods (in the
/// extreme, to 1).
///
/// # Example
/// ```
/// use return_migration::cohort::PersonPeriodRow;
/// let r = PersonPeriodRow { person: 0, cohort: 2020, group: 0, period: 2, channel: None };
/// assert!(!r.event());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PersonPeriodRow {
    /// Position of the person in the input.
    pub person: u32,
    /// Year of return.
    pub cohort: i32,
    /// Group code into the build's `group_labels`.
    pub group: u32,
    /// Period number, from 1.
    pub period: u32,
    /// The channel of a first re-migration in the period; `None` if none.
    pub channel: Option<Channel>,
}

impl PersonPeriodRow {
    /// True when the first re-migration falls in this period.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, PersonPeriodRow};
    /// let r = PersonPeriodRow { person: 0, cohort: 2020, group: 0, period: 1, channel: Some(Channel::Legal) };
    /// assert!(r.event());
    /// ```
    pub fn event(&self) -> bool {
        self.channel.is_some()
    }
}

/// The censoring interval of a re-migration known only from a wave: it
/// happened in (lower, upper] on the time scale; the row's time is placed
/// in it by the build's [`IntervalRule`].
///
/// # Example
/// ```
/// use return_migration::cohort::EventInterval;
/// let i = EventInterval { row: 0, lower: 1.0, upper: 2.0 };
/// assert_eq!(i.upper - i.lower, 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EventInterval {
    /// Index of the row (in `rows`) that ends with this re-migration.
    pub row: usize,
    /// Lower end (exclusive).
    pub lower: f64,
    /// Upper end (inclusive).
    pub upper: f64,
}

/// The result of a cohort build: rows, the intervals of wave-only
/// re-migrations, the group labels, and the validation report.
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord, TimeScale};
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2021)])];
/// let built = CohortBuilder::new().first_events(&r)?;
/// assert_eq!((built.scale, built.rows.len(), built.group_labels.len()), (TimeScale::SinceReturn, 1, 1));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Built<R> {
    /// The time scale of the rows.
    pub scale: TimeScale,
    /// How wave-only re-migrations were placed.
    pub rule: IntervalRule,
    /// The rows, persons in input order.
    pub rows: Vec<R>,
    /// Intervals of the rows that end in a wave-only re-migration.
    pub intervals: Vec<EventInterval>,
    /// Labels of the group codes (a single empty label without groups).
    pub group_labels: Vec<String>,
    /// What became of every input record.
    pub report: ValidationReport,
}

/// Rows that belong to a cohort and a group.
///
/// # Example
/// ```
/// use return_migration::cohort::{SpellRow, Stratified};
/// let r = SpellRow { person: 0, cohort: 2019, group: 2, entry: 0.0, exit: 1.0, channel: None };
/// assert_eq!((r.cohort(), Stratified::group(&r)), (2019, 2));
/// ```
pub trait Stratified {
    /// Year of return.
    fn cohort(&self) -> i32;
    /// Group code.
    fn group(&self) -> u32;
}

macro_rules! stratified {
    ($t:ty) => {
        impl Stratified for $t {
            fn cohort(&self) -> i32 {
                self.cohort
            }
            fn group(&self) -> u32 {
                self.group
            }
        }
    };
}
stratified!(SpellRow);
stratified!(CountingRow);
stratified!(PersonPeriodRow);

impl Built<SpellRow> {
    /// The first re-migrations as interval-censored data, with no point
    /// imputed: a re-migration known only from a wave is the interval
    /// `(lower, upper]` between the two contacts (whatever
    /// [`IntervalRule`] placed in `exit`), a dated one is exact
    /// (`left = right = exit`), a censored person is right-censored at the
    /// last contact (`right = +∞`). Rows keep their order; groups keep
    /// their labels. Turnbull's estimator does not handle delayed entry, so
    /// a row entering after time 0 is an error naming the person.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, CohortBuilder, Date, ReturneeRecord};
    /// let y = |y| Date::Year(y);
    /// let records = vec![
    ///     ReturneeRecord::new("A", y(2020)).seen_at(&[y(2021), y(2022)])
    ///         .remigrated_seen_at(y(2022), Channel::Irregular),
    ///     ReturneeRecord::new("B", y(2020)).seen_at(&[y(2021), y(2022), y(2023)]),
    /// ];
    /// let d = CohortBuilder::new().first_events(&records)?.interval_data()?;
    /// assert_eq!(d.left(), &[1.0, 3.0]);
    /// assert_eq!(d.right(), &[2.0, f64::INFINITY]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn interval_data(&self) -> crate::error::Result<crate::survival::IntervalData> {
        let mut left = Vec::with_capacity(self.rows.len());
        let mut right = Vec::with_capacity(self.rows.len());
        let mut iv = self.intervals.iter().peekable();
        for (k, r) in self.rows.iter().enumerate() {
            if r.entry > 0.0 {
                return Err(crate::error::invalid(
                    "cohort rows",
                    format!(
                        "person {} enters at {} > 0 (delayed entry), which the interval-censored estimators do not handle",
                        r.person, r.entry
                    ),
                ));
            }
            while iv.peek().is_some_and(|i| i.row < k) {
                iv.next();
            }
            let (l, u) = match (r.channel, iv.peek()) {
                (None, _) => (r.exit, f64::INFINITY),
                (Some(_), Some(i)) if i.row == k => (i.lower, i.upper),
                (Some(_), _) => (r.exit, r.exit),
            };
            left.push(l);
            right.push(u);
        }
        let groups = self
            .rows
            .iter()
            .map(|r| {
                self.group_labels
                    .get(r.group as usize)
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        crate::survival::IntervalData::builder(left, right)
            .groups(groups)
            .build()
    }
}
