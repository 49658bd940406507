//! One person's history made consistent: entry, exit and re-migrations on
//! the chosen time scale, or the reason it cannot be.

use serde::{Deserialize, Serialize};

use super::records::Channel;
use super::report::{RejectReason, WaveGap};

/// The time axis of the rows.
///
/// # Example
/// ```
/// use return_migration::cohort::TimeScale;
/// assert_eq!(TimeScale::SinceReturn.name(), "years since return");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeScale {
    /// Years since the return (the return is time 0).
    SinceReturn,
    /// Calendar time in decimal years (every row has delayed entry at its
    /// start of observation).
    Calendar,
    /// Age in years: age at return + years since the return.
    Age,
}

impl TimeScale {
    /// A name for tables.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::TimeScale;
    /// assert_eq!(TimeScale::Age.name(), "age");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            TimeScale::SinceReturn => "years since return",
            TimeScale::Calendar => "calendar year",
            TimeScale::Age => "age",
        }
    }
}

/// Where a re-migration known only from a wave enters the right-censored
/// rows. It is known to lie in (L, R]: L the later of the start of
/// observation and the previous wave in which the person was seen, R the
/// wave that reported it. The interval itself is kept (see
/// [`EventInterval`](super::EventInterval)). When m re-migrations are
/// reported at the same wave, (L, R] is cut into m equal parts, one each,
/// in input order.
///
/// # Example
/// ```
/// use return_migration::cohort::IntervalRule;
/// assert_eq!(IntervalRule::default(), IntervalRule::Midpoint);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum IntervalRule {
    /// The middle of its part: L + (j − ½)(R − L)/m (the midpoint when m = 1).
    /// The default: unbiased when departures are spread evenly between waves.
    #[default]
    Midpoint,
    /// The right end of its part: L + j(R − L)/m (the wave itself when m = 1),
    /// as if it happened when it was learnt.
    RightEnd,
}

/// A re-migration as given, on the decimal-year axis.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawEvent {
    /// The date, or the wave that reported it.
    pub time: f64,
    pub dated: bool,
    pub channel: Channel,
}

/// A re-migration placed on the time scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    pub time: f64,
    /// The interval (lower, upper] on the time scale when known only from a wave.
    pub interval: Option<(f64, f64)>,
    pub channel: Channel,
}

/// Reusable buffers for one person.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Waves seen, decimal years (sorted by `normalize`).
    pub waves: Vec<f64>,
    pub raw: Vec<RawEvent>,
    /// Output: re-migrations after entry, sorted by time.
    pub events: Vec<Placed>,
    wave_only: Vec<(f64, usize)>,
}

/// The person-level facts a source gives, on the decimal-year axis.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    pub return_time: f64,
    pub entry_time: Option<f64>,
    pub end_time: Option<f64>,
    pub age_at_return: Option<f64>,
}

/// A consistent history on the time scale.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Person {
    pub entry: f64,
    pub exit: f64,
    pub delayed: bool,
    pub dropout: bool,
    pub events_before_entry: usize,
}

pub(crate) type Reject = (RejectReason, String);

fn reject<T>(reason: RejectReason, detail: String) -> Result<T, Reject> {
    Err((reason, detail))
}

/// Checks one person and places its re-migrations on the scale.
/// `schedule`: the scheduled waves (sorted), for gaps and dropout.
pub(crate) fn normalize(
    facts: Facts,
    scale: TimeScale,
    rule: IntervalRule,
    schedule: &[f64],
    person: usize,
    s: &mut Scratch,
    gaps: &mut Vec<WaveGap>,
) -> Result<Person, Reject> {
    let ret = facts.return_time;
    let entry = facts.entry_time.unwrap_or(ret);
    if entry < ret {
        return reject(
            RejectReason::FollowUpStartsBeforeReturn,
            format!("follow-up starts at {entry}, return at {ret}"),
        );
    }
    s.waves.sort_unstable_by(f64::total_cmp);
    if let Some(w) = s.waves.windows(2).find(|w| w[0] == w[1]) {
        return reject(RejectReason::DuplicateWave, format!("wave {} twice", w[0]));
    }
    if let Some(&w) = s.waves.first().filter(|&&w| w < ret) {
        return reject(
            RejectReason::WaveBeforeReturn,
            format!("wave {w} before the return at {ret}"),
        );
    }
    let last = s.waves.last().copied();
    if let (Some(end), Some(last)) = (facts.end_time, last)
        && end < last
    {
        return reject(
            RejectReason::WaveAfterEndOfFollowUp,
            format!("wave {last} after the end of follow-up {end}"),
        );
    }
    let exit = match facts.end_time.or(last) {
        Some(x) if x > entry => x,
        _ => {
            return reject(
                RejectReason::NoObservationAfterEntry,
                format!("observation starts at {entry}"),
            );
        }
    };
    let age = match (scale, facts.age_at_return) {
        (TimeScale::Age, None) => return reject(RejectReason::MissingAge, String::new()),
        (TimeScale::Age, Some(a)) if !(a.is_finite() && a >= 0.0) => {
            return reject(
                RejectReason::MissingAge,
                format!("age at return {a} is not a valid age"),
            );
        }
        (_, a) => a.unwrap_or(0.0),
    };
    let on_scale = |t: f64| match scale {
        TimeScale::SinceReturn => t - ret,
        TimeScale::Calendar => t,
        TimeScale::Age => age + (t - ret),
    };
    s.events.clear();
    s.wave_only.clear();
    let mut before = 0;
    for (k, e) in s.raw.iter().enumerate() {
        if e.time <= ret {
            return reject(
                RejectReason::EventNotAfterReturn,
                format!(
                    "re-migration at {} on or before the return at {ret}",
                    e.time
                ),
            );
        }
        if e.dated {
            if e.time > exit {
                return reject(
                    RejectReason::EventAfterEndOfFollowUp,
                    format!(
                        "re-migration at {} after the end of observation {exit}",
                        e.time
                    ),
                );
            }
        } else if s.waves.binary_search_by(|w| w.total_cmp(&e.time)).is_err() {
            return reject(
                RejectReason::EventAtUnseenWave,
                format!(
                    "re-migration reported at wave {}, not among the waves seen",
                    e.time
                ),
            );
        }
        if e.time <= entry {
            before += 1;
        } else if e.dated {
            s.events.push(Placed {
                time: on_scale(e.time),
                interval: None,
                channel: e.channel,
            });
        } else {
            s.wave_only.push((e.time, k));
        }
    }
    // wave-only re-migrations: grouped by wave (stable: input order within a wave)
    s.wave_only
        .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut i = 0;
    while i < s.wave_only.len() {
        let wave = s.wave_only[i].0;
        let m = s.wave_only[i..].iter().take_while(|w| w.0 == wave).count();
        let pos = s.waves.partition_point(|&w| w < wave);
        let left = if pos > 0 {
            s.waves[pos - 1].max(entry)
        } else {
            entry
        };
        let (lo, hi) = (on_scale(left), on_scale(wave));
        for j in 1..=m {
            let (jf, mf) = (j as f64, m as f64);
            let time = match rule {
                IntervalRule::Midpoint => lo + (jf - 0.5) * (hi - lo) / mf,
                IntervalRule::RightEnd if j == m => hi,
                IntervalRule::RightEnd => lo + jf * (hi - lo) / mf,
            };
            let k = s.wave_only[i + j - 1].1;
            s.events.push(Placed {
                time,
                interval: Some((lo, hi)),
                channel: s.raw[k].channel,
            });
        }
        i += m;
    }
    s.events.sort_by(|a, b| a.time.total_cmp(&b.time));
    if let Some(w) = s.events.windows(2).find(|w| w[0].time == w[1].time) {
        return reject(
            RejectReason::CoincidentEvents,
            format!("two re-migrations at {} on the time scale", w[0].time),
        );
    }
    // gaps: scheduled waves strictly between consecutive contacts after entry
    let mut prev = entry;
    for &w in s.waves.iter().filter(|&&w| w > entry) {
        let missed =
            schedule.partition_point(|&x| x < w) - schedule.partition_point(|&x| x <= prev);
        if missed > 0 {
            gaps.push(WaveGap {
                person,
                after: prev,
                before: w,
                missed: missed as u32,
            });
        }
        prev = w;
    }
    let dropout = facts.end_time.is_none()
        && schedule
            .last()
            .is_some_and(|&x| last.is_some_and(|l| x > l));
    Ok(Person {
        entry: on_scale(entry),
        exit: on_scale(exit),
        delayed: entry > ret,
        dropout,
        events_before_entry: before,
    })
}
