//! The cohort builder: records or a wave panel to survival rows, with a
//! report that accounts for every input record.

use super::date::Date;
use super::history::{IntervalRule, Person, Placed, Scratch, TimeScale, normalize};
use super::input::{CohortInput, GroupBy};
use super::records::Channel;
use super::report::{RecordStatus, Rejection, ValidationReport};
use super::rows::{Built, CountingRow, EventInterval, PersonPeriodRow, SpellRow};
use super::ties::merge_near_ties;
use crate::error::{Result, invalid};
use crate::setters::setters;

/// Builds cohort rows from [`ReturneeRecord`](super::ReturneeRecord)s or a [`WavePanel`](super::WavePanel).
///
/// Options: the time scale (years since return by default), the rule that
/// places re-migrations known only from a wave ([`IntervalRule::Midpoint`]
/// by default), the groups (records: a field; panels: their own codes),
/// the wave schedule (records: the union of all waves seen unless given;
/// panels: their waves), and the period length of person-period rows (1).
/// Each build returns the rows with a [`ValidationReport`] in which every
/// input record is used, censored, truncated or rejected with its reason.
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
/// let built = CohortBuilder::new().first_events(&records)?;
/// assert_eq!(built.rows[0].exit, 1.5);  // in (1, 2]: the midpoint
/// assert_eq!(built.rows[1].exit, 3.0);  // censored at the last wave seen
/// assert_eq!((built.intervals[0].lower, built.intervals[0].upper), (1.0, 2.0));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CohortBuilder {
    scale: TimeScale,
    rule: IntervalRule,
    pub(crate) group_by: GroupBy,
    pub(crate) schedule: Option<Vec<Date>>,
    period_length: f64,
}

impl Default for CohortBuilder {
    fn default() -> Self {
        CohortBuilder {
            scale: TimeScale::SinceReturn,
            rule: IntervalRule::Midpoint,
            group_by: GroupBy::None,
            schedule: None,
            period_length: 1.0,
        }
    }
}

/// The most periods one person may contribute (a guard against a period
/// length far too short for the time scale).
const MAX_PERIODS: f64 = 10_000.0;

impl CohortBuilder {
    /// Years since return, midpoint rule, one group, period length 1.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortBuilder;
    /// let _ = CohortBuilder::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the time scale.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, TimeScale};
    /// let _ = CohortBuilder::new().time_scale(TimeScale::Calendar);
    /// ```
    pub fn time_scale(mut self, scale: TimeScale) -> Self {
        self.scale = scale;
        self
    }

    /// Sets the placement of wave-only re-migrations.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, IntervalRule};
    /// let _ = CohortBuilder::new().interval_rule(IntervalRule::RightEnd);
    /// ```
    pub fn interval_rule(mut self, rule: IntervalRule) -> Self {
        self.rule = rule;
        self
    }

    setters! {
        /// Groups records by a field (not for panels, which carry their own groups).
        ///
        /// # Example
        /// ```
        /// use return_migration::cohort::{CohortBuilder, GroupBy};
        /// let _ = CohortBuilder::new().group_by(GroupBy::Assistance);
        /// ```
        group_by: GroupBy,
    }

    /// The scheduled waves of a records build, for reporting gaps and
    /// dropout (not for panels, whose columns are the schedule).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, Date};
    /// let _ = CohortBuilder::new().wave_schedule(vec![Date::Year(2021), Date::Year(2022)]);
    /// ```
    pub fn wave_schedule(mut self, waves: Vec<Date>) -> Self {
        self.schedule = Some(waves);
        self
    }

    setters! {
        /// The period length of person-period rows (finite, > 0; checked when building).
        ///
        /// # Example
        /// ```
        /// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
        /// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2021)])];
        /// assert!(CohortBuilder::new().period_length(0.0).person_periods(&r).is_err());
        /// ```
        period_length: f64,
    }

    /// Time to first re-migration, one row per used person (any source).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, WavePanel};
    /// let panel = WavePanel::new(vec![1.0, 2.0], ndarray::array![[1_u8, 2], [1, 0]], vec![0.0, 0.0])?;
    /// let built = CohortBuilder::new().first_events(&panel)?;
    /// assert_eq!((built.rows[0].exit, built.rows[1].exit), (1.5, 1.0));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn first_events<'a>(&self, input: impl Into<CohortInput<'a>>) -> Result<Built<SpellRow>> {
        let mut built = self.drive(
            input.into(),
            |p, base, events, out: &mut Emitted<SpellRow>| {
                if p.events_before_entry > 0 {
                    return RecordStatus::Truncated;
                }
                let first = events.first();
                if let Some(&(_, Some((lower, upper)))) =
                    first.map(|e| (e.time, e.interval)).as_ref()
                {
                    out.intervals.push(EventInterval {
                        row: out.rows.len(),
                        lower,
                        upper,
                    });
                }
                out.rows.push(SpellRow {
                    person: base.person,
                    cohort: base.cohort,
                    group: base.group,
                    entry: p.entry,
                    exit: first.map_or(p.exit, |e| e.time),
                    channel: first.map(|e| e.channel),
                });
                RecordStatus::used(first.is_some())
            },
        )?;
        merge_near_ties(&mut built.rows);
        Ok(built)
    }

    /// Recurrent re-migrations as counting-process rows (any source).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, CohortBuilder, Date, ReturneeRecord};
    /// let y = |y| Date::Year(y);
    /// let r = vec![ReturneeRecord::new("A", y(2020)).seen_at(&[y(2021), y(2022), y(2023)])
    ///     .remigrated_seen_at(y(2021), Channel::Irregular).remigrated_seen_at(y(2023), Channel::Irregular)];
    /// let rows = CohortBuilder::new().recurrent(&r)?.rows;
    /// let spans: Vec<(f64, f64, u8)> = rows.iter().map(|r| (r.start, r.stop, r.cause())).collect();
    /// assert_eq!(spans, vec![(0.0, 0.5, 1), (0.5, 2.5, 1), (2.5, 3.0, 0)]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn recurrent<'a>(&self, input: impl Into<CohortInput<'a>>) -> Result<Built<CountingRow>> {
        let mut built = self.drive(
            input.into(),
            |p, base, events, out: &mut Emitted<CountingRow>| {
                let mut start = p.entry;
                for (k, e) in events.iter().enumerate() {
                    if let Some((lower, upper)) = e.interval {
                        out.intervals.push(EventInterval {
                            row: out.rows.len(),
                            lower,
                            upper,
                        });
                    }
                    let episode = p.events_before_entry + k + 1;
                    out.rows
                        .push(base.counting(start, e.time, Some(e.channel), episode));
                    start = e.time;
                }
                if p.exit > start {
                    let episode = p.events_before_entry + events.len() + 1;
                    out.rows.push(base.counting(start, p.exit, None, episode));
                }
                RecordStatus::used(!events.is_empty())
            },
        )?;
        merge_near_ties(&mut built.rows);
        Ok(built)
    }

    /// Person-period rows for a discrete-time hazard of the first
    /// re-migration (see [`PersonPeriodRow`]); on years since return or
    /// age (calendar time is refused: its periods would not start at 0).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, CohortBuilder, Date, ReturneeRecord};
    /// let y = |y| Date::Year(y);
    /// let r = vec![ReturneeRecord::new("A", y(2020)).seen_at(&[y(2021), y(2022), y(2023)])
    ///     .remigrated_seen_at(y(2023), Channel::Legal)];
    /// let rows = CohortBuilder::new().person_periods(&r)?.rows;
    /// let p: Vec<(u32, bool)> = rows.iter().map(|r| (r.period, r.event())).collect();
    /// assert_eq!(p, vec![(1, false), (2, false), (3, true)]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn person_periods<'a>(
        &self,
        input: impl Into<CohortInput<'a>>,
    ) -> Result<Built<PersonPeriodRow>> {
        let w = self.period_length;
        if !(w.is_finite() && w > 0.0) {
            return Err(invalid(
                "period length",
                format!("{w} must be finite and > 0"),
            ));
        }
        if self.scale == TimeScale::Calendar {
            return Err(invalid(
                "time scale",
                "person-period rows use years since return or age, not calendar time",
            ));
        }
        let mut too_long = None;
        let built = self.drive(
            input.into(),
            |p, base, events, out: &mut Emitted<PersonPeriodRow>| {
                if p.events_before_entry > 0 {
                    return RecordStatus::Truncated;
                }
                let first = events.first();
                let last_time = first.map_or(p.exit, |e| e.time);
                if last_time / w > MAX_PERIODS {
                    too_long.get_or_insert(base.person);
                }
                let before = out.rows.len();
                let mut period = (p.entry / w).ceil() as u32 + 1;
                while (period as f64) <= MAX_PERIODS + 1.0 {
                    let (start, end) = (f64::from(period - 1) * w, f64::from(period) * w);
                    let event_here = first.filter(|e| e.time > start && e.time <= end);
                    if first.is_some_and(|e| e.time <= start) {
                        break; // the first re-migration fell in a period not observed whole
                    }
                    if p.exit < end {
                        // observation (the last contact, even after a
                        // re-migration) ends inside the period: it is not
                        // observed whole, with or without a re-migration
                        break;
                    }
                    out.rows.push(PersonPeriodRow {
                        person: base.person,
                        cohort: base.cohort,
                        group: base.group,
                        period,
                        channel: event_here.map(|e| e.channel),
                    });
                    if event_here.is_some() {
                        break;
                    }
                    period += 1;
                }
                if out.rows.len() == before {
                    out.without_rows += 1;
                }
                RecordStatus::used(first.is_some())
            },
        )?;
        if let Some(person) = too_long {
            return Err(invalid(
                "period length",
                format!("{w} gives more than {MAX_PERIODS} periods for person {person}"),
            ));
        }
        Ok(built)
    }

    fn drive<R, F>(&self, source: CohortInput<'_>, mut emit: F) -> Result<Built<R>>
    where
        F: FnMut(&Person, Base, &[Placed], &mut Emitted<R>) -> RecordStatus,
    {
        let n = source.len();
        if n > u32::MAX as usize {
            return Err(invalid("records", "more than 2^32 − 1 persons"));
        }
        let plan = source.plan(self.group_by, self.schedule.as_deref())?;
        let mut report = ValidationReport::new(n);
        let mut out = Emitted {
            rows: Vec::with_capacity(n),
            intervals: Vec::new(),
            without_rows: 0,
        };
        let mut scratch = Scratch::default();
        for i in 0..n {
            let facts = source.fill(i, &plan, &mut scratch);
            let person = facts.and_then(|facts| {
                normalize(
                    facts,
                    self.scale,
                    self.rule,
                    &plan.schedule,
                    i,
                    &mut scratch,
                    &mut report.gaps,
                )
            });
            match person {
                Err((reason, detail)) => {
                    report.status.push(RecordStatus::Rejected);
                    report.rejections.push(Rejection {
                        person: i,
                        id: source.id(i),
                        line: source.line(i),
                        reason,
                        detail,
                    });
                }
                Ok(p) => {
                    let base = Base {
                        person: i as u32,
                        cohort: source.cohort(i),
                        group: plan
                            .group_codes
                            .as_ref()
                            .map_or_else(|| source.own_group(i), |g| g[i]),
                    };
                    let status = emit(&p, base, &scratch.events, &mut out);
                    report.events_before_entry += p.events_before_entry;
                    if status != RecordStatus::Truncated {
                        report.delayed_entry += usize::from(p.delayed);
                        report.dropouts += usize::from(p.dropout);
                        report.events_after_entry += scratch.events.len();
                        report.interval_censored_events += scratch
                            .events
                            .iter()
                            .filter(|e| e.interval.is_some())
                            .count();
                    }
                    report.status.push(status);
                }
            }
        }
        report.used_without_rows = out.without_rows;
        Ok(Built {
            scale: self.scale,
            rule: self.rule,
            rows: out.rows,
            intervals: out.intervals,
            group_labels: plan.group_labels,
            report,
        })
    }
}

/// What every row of a person shares.
#[derive(Debug, Clone, Copy)]
struct Base {
    person: u32,
    cohort: i32,
    group: u32,
}

impl Base {
    /// The person's counting-process row of `episode` over `(start, stop]`.
    fn counting(
        self,
        start: f64,
        stop: f64,
        channel: Option<Channel>,
        episode: usize,
    ) -> CountingRow {
        CountingRow {
            person: self.person,
            cohort: self.cohort,
            group: self.group,
            start,
            stop,
            channel,
            episode: episode as u32,
        }
    }
}

struct Emitted<R> {
    rows: Vec<R>,
    intervals: Vec<EventInterval>,
    without_rows: usize,
}
