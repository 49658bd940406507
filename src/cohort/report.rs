//! The validation report of a cohort build: what became of every input record.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What became of one input record in a build.
///
/// In a first-event or person-period build: `Event` (used; its first
/// re-migration after entry is observed), `Censored` (used; no re-migration
/// by the end of observation), `Truncated` (not used: it re-migrated before
/// observation started, so it was never at risk of a *first* re-migration
/// while observed), `Rejected` (not used; the reason is in
/// [`ValidationReport::rejections`]). In a recurrent-event build, records
/// with re-migrations before entry are used for the ones after it, so the
/// status is `Event` (at least one re-migration after entry) or `Censored`.
///
/// # Example
/// ```
/// use return_migration::cohort::RecordStatus;
/// assert_eq!(RecordStatus::Truncated.name(), "truncated");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordStatus {
    /// Used, with an observed re-migration.
    Event,
    /// Used, censored.
    Censored,
    /// Not used: re-migrated before observation started (left truncation).
    Truncated,
    /// Not used: inconsistent; see the rejection.
    Rejected,
}

impl RecordStatus {
    /// A used record: [`RecordStatus::Event`] when it has a re-migration,
    /// else [`RecordStatus::Censored`].
    pub(crate) fn used(event: bool) -> RecordStatus {
        if event {
            RecordStatus::Event
        } else {
            RecordStatus::Censored
        }
    }

    /// The status's name in tables.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::RecordStatus;
    /// assert_eq!(RecordStatus::Event.name(), "event");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            RecordStatus::Event => "event",
            RecordStatus::Censored => "censored",
            RecordStatus::Truncated => "truncated",
            RecordStatus::Rejected => "rejected",
        }
    }
}

/// Why a record was rejected.
///
/// # Example
/// ```
/// use return_migration::cohort::RejectReason;
/// assert_eq!(RejectReason::MissingAge.to_string(), "no age at return (needed for the age time scale)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RejectReason {
    /// The same id as an earlier record.
    DuplicateId,
    /// Observation starts before the return.
    FollowUpStartsBeforeReturn,
    /// A wave seen before the return.
    WaveBeforeReturn,
    /// The same wave listed twice.
    DuplicateWave,
    /// A wave seen after the stated end of follow-up.
    WaveAfterEndOfFollowUp,
    /// No wave and no end of follow-up after the start of observation.
    NoObservationAfterEntry,
    /// A re-migration dated on or before the return.
    EventNotAfterReturn,
    /// A re-migration dated after the end of observation.
    EventAfterEndOfFollowUp,
    /// A re-migration reported at a wave in which the person was not seen.
    EventAtUnseenWave,
    /// Two re-migrations at the same time (after placing wave-only ones).
    CoincidentEvents,
    /// The age time scale was asked for and the age at return is unknown
    /// (or not a finite, non-negative number).
    MissingAge,
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            RejectReason::DuplicateId => "the id of an earlier record",
            RejectReason::FollowUpStartsBeforeReturn => "follow-up starts before the return",
            RejectReason::WaveBeforeReturn => "seen in a wave before the return",
            RejectReason::DuplicateWave => "a wave listed twice",
            RejectReason::WaveAfterEndOfFollowUp => "seen in a wave after the end of follow-up",
            RejectReason::NoObservationAfterEntry => {
                "no wave and no end of follow-up after the start of observation"
            }
            RejectReason::EventNotAfterReturn => "a re-migration on or before the return",
            RejectReason::EventAfterEndOfFollowUp => "a re-migration after the end of observation",
            RejectReason::EventAtUnseenWave => "a re-migration reported at a wave not seen",
            RejectReason::CoincidentEvents => "two re-migrations at the same time",
            RejectReason::MissingAge => "no age at return (needed for the age time scale)",
        };
        f.write_str(text)
    }
}

/// One rejected record.
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
/// let y = |y| Date::Year(y);
/// let r = vec![
///     ReturneeRecord::new("A", y(2020)).seen_at(&[y(2021), y(2023)]),
///     ReturneeRecord::new("B", y(2020)).seen_at(&[y(2019)]),
/// ];
/// let report = CohortBuilder::new().wave_schedule(vec![y(2021), y(2022), y(2023)]).first_events(&r)?.report;
/// assert_eq!((report.rejections[0].id.as_str(), report.rejections[0].person), ("B", 1));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    /// Position of the record in the input (0-based).
    pub person: usize,
    /// Its id (records), or `row k` (panels).
    pub id: String,
    /// Its first line in the CSV file, when read from one.
    pub line: Option<u64>,
    /// Why.
    pub reason: RejectReason,
    /// The values concerned.
    pub detail: String,
}

/// Scheduled waves missed between two contacts of a used person.
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
/// let y = |y| Date::Year(y);
/// let r = vec![
///     ReturneeRecord::new("A", y(2020)).seen_at(&[y(2021), y(2023)]),
///     ReturneeRecord::new("B", y(2020)).seen_at(&[y(2019)]),
/// ];
/// let report = CohortBuilder::new().wave_schedule(vec![y(2021), y(2022), y(2023)]).first_events(&r)?.report;
/// assert_eq!((report.gaps[0].after, report.gaps[0].before, report.gaps[0].missed), (2021.5, 2023.5, 1));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaveGap {
    /// Position of the record in the input.
    pub person: usize,
    /// The earlier contact (a wave, or the start of observation), decimal years.
    pub after: f64,
    /// The later contact (a wave), decimal years.
    pub before: f64,
    /// Number of scheduled waves strictly between them.
    pub missed: u32,
}

/// Counts of a report's statuses.
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
/// let y = |y| Date::Year(y);
/// let r = vec![
///     ReturneeRecord::new("A", y(2020)).seen_at(&[y(2021), y(2023)]),
///     ReturneeRecord::new("B", y(2020)).seen_at(&[y(2019)]),
/// ];
/// let report = CohortBuilder::new().wave_schedule(vec![y(2021), y(2022), y(2023)]).first_events(&r)?.report;
/// assert_eq!((report.counts().censored, report.counts().rejected), (1, 1));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Used with an observed re-migration.
    pub event: usize,
    /// Used, censored.
    pub censored: usize,
    /// Left-truncated out.
    pub truncated: usize,
    /// Rejected.
    pub rejected: usize,
}

/// What a build did with every input record, in input order, and what it
/// noticed on the way.
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
/// let records = vec![
///     ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2021)]),
///     ReturneeRecord::new("B", Date::Year(2020)), // never seen after the return
/// ];
/// let built = CohortBuilder::new().first_events(&records)?;
/// let r = &built.report;
/// assert_eq!(r.accounted(), r.input);
/// assert_eq!((r.counts().censored, r.counts().rejected), (1, 1));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationReport {
    /// Number of input records.
    pub input: usize,
    /// One status per input record, in input order.
    pub status: Vec<RecordStatus>,
    /// The rejected records, with reasons, in input order.
    pub rejections: Vec<Rejection>,
    /// Gaps between the contacts of used records.
    pub gaps: Vec<WaveGap>,
    /// Used records whose observation starts after the return.
    pub delayed_entry: usize,
    /// Used records last seen before the last scheduled wave, with no
    /// stated end of follow-up (censored by dropout).
    pub dropouts: usize,
    /// Re-migrations after entry of used records.
    pub events_after_entry: usize,
    /// Of those, re-migrations known only from a wave (interval-censored).
    pub interval_censored_events: usize,
    /// Re-migrations before entry (of used or truncated records), left out
    /// of the rows.
    pub events_before_entry: usize,
    /// Used records that contribute no row (person-period builds: no
    /// complete period observed).
    pub used_without_rows: usize,
}

impl ValidationReport {
    pub(crate) fn new(input: usize) -> Self {
        ValidationReport {
            input,
            status: Vec::with_capacity(input),
            rejections: Vec::new(),
            gaps: Vec::new(),
            delayed_entry: 0,
            dropouts: 0,
            events_after_entry: 0,
            interval_censored_events: 0,
            events_before_entry: 0,
            used_without_rows: 0,
        }
    }

    /// How many records have each status.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
    /// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2021)])];
    /// assert_eq!(CohortBuilder::new().first_events(&r)?.report.counts().censored, 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn counts(&self) -> StatusCounts {
        let mut c = StatusCounts::default();
        for s in &self.status {
            match s {
                RecordStatus::Event => c.event += 1,
                RecordStatus::Censored => c.censored += 1,
                RecordStatus::Truncated => c.truncated += 1,
                RecordStatus::Rejected => c.rejected += 1,
            }
        }
        c
    }

    /// Records accounted for: the sum of the status counts. Equals
    /// [`input`](Self::input) for every report the builder returns.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
    /// let r = vec![ReturneeRecord::new("A", Date::Year(2020))];
    /// assert_eq!(CohortBuilder::new().first_events(&r)?.report.accounted(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn accounted(&self) -> usize {
        let c = self.counts();
        c.event + c.censored + c.truncated + c.rejected
    }

    /// The number of rejections for each reason, in the order of [`RejectReason`].
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, Date, RejectReason, ReturneeRecord};
    /// let r = vec![ReturneeRecord::new("A", Date::Year(2020))];
    /// let report = CohortBuilder::new().first_events(&r)?.report;
    /// assert_eq!(report.rejected_by_reason(), vec![(RejectReason::NoObservationAfterEntry, 1)]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn rejected_by_reason(&self) -> Vec<(RejectReason, usize)> {
        let mut reasons: Vec<RejectReason> = self.rejections.iter().map(|r| r.reason).collect();
        reasons.sort();
        let mut out: Vec<(RejectReason, usize)> = Vec::new();
        for r in reasons {
            match out.last_mut() {
                Some((last, n)) if *last == r => *n += 1,
                _ => out.push((r, 1)),
            }
        }
        out
    }
}

/// One line of the report: how deep it is indented, what it counts, and the
/// count.
pub(crate) type ReportLine = (usize, String, usize);

impl ValidationReport {
    /// The lines of the report shared by its text and its notebook table: the
    /// accounting of every record, then what was observed of the used ones.
    pub(crate) fn lines(&self) -> [Vec<ReportLine>; 2] {
        let c = self.counts();
        let line = |depth: usize, what: &str, n: usize| (depth, what.to_string(), n);
        let mut accounting = vec![
            line(0, "used, re-migration observed", c.event),
            line(0, "used, censored", c.censored),
            line(
                0,
                "truncated (re-migrated before observation started)",
                c.truncated,
            ),
            line(0, "rejected", c.rejected),
        ];
        for (reason, n) in self.rejected_by_reason() {
            accounting.push(line(1, &reason.to_string(), n));
        }
        accounting.push(line(0, "accounted for", self.accounted()));
        let observation = vec![
            line(0, "used with delayed entry", self.delayed_entry),
            line(
                0,
                "censored by dropout (last seen before the last wave)",
                self.dropouts,
            ),
            line(0, "re-migrations after entry", self.events_after_entry),
            line(
                1,
                "of which known only from a wave (interval-censored)",
                self.interval_censored_events,
            ),
            line(
                0,
                "re-migrations before entry (left out)",
                self.events_before_entry,
            ),
            line(0, "gaps between contacts (missed waves)", self.gaps.len()),
            line(
                0,
                "used records contributing no row",
                self.used_without_rows,
            ),
        ];
        [accounting, observation]
    }
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Validation report: {} input records", self.input)?;
        for (depth, what, n) in self.lines().concat() {
            let what = format!("{}{what}", "  ".repeat(depth));
            writeln!(f, "  {what:<58} {n:>9}")?;
        }
        Ok(())
    }
}
