//! The inputs a cohort build reads person by person: records or a wave panel.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::history::{Facts, RawEvent, Reject, Scratch};
use super::panel::{WavePanel, WaveStatus};
use super::records::{EventTiming, ReturneeRecord};
use super::report::RejectReason;
use crate::error::{Result, invalid};

/// Which record field defines the groups of a build from records.
///
/// # Example
/// ```
/// use return_migration::cohort::GroupBy;
/// assert_eq!(GroupBy::default(), GroupBy::None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GroupBy {
    /// One group.
    #[default]
    None,
    /// Country of origin.
    Origin,
    /// Sex.
    Sex,
    /// Age band.
    AgeBand,
    /// Assistance received.
    Assistance,
}

/// What a source settles before the per-person pass.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub(crate) schedule: Vec<f64>,
    pub(crate) group_codes: Option<Vec<u32>>,
    pub(crate) group_labels: Vec<String>,
    /// Records: the earlier index of a duplicated id.
    duplicate_of: HashMap<usize, usize>,
}

/// The input of a build: records or a wave panel. Made from `&[ReturneeRecord]`,
/// `&Vec<ReturneeRecord>` or `&WavePanel` by `From`, so the builder's methods
/// take either directly.
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortInput, Date, ReturneeRecord};
/// let records = vec![ReturneeRecord::new("A", Date::Year(2020))];
/// assert!(matches!(CohortInput::from(&records), CohortInput::Records(_)));
/// ```
#[derive(Debug, Clone, Copy)]
pub enum CohortInput<'a> {
    /// Person-level records.
    Records(&'a [ReturneeRecord]),
    /// A persons × waves panel.
    Panel(&'a WavePanel),
}

impl<'a> From<&'a [ReturneeRecord]> for CohortInput<'a> {
    fn from(r: &'a [ReturneeRecord]) -> Self {
        CohortInput::Records(r)
    }
}

impl<'a> From<&'a Vec<ReturneeRecord>> for CohortInput<'a> {
    fn from(r: &'a Vec<ReturneeRecord>) -> Self {
        CohortInput::Records(r)
    }
}

impl<'a> From<&'a WavePanel> for CohortInput<'a> {
    fn from(p: &'a WavePanel) -> Self {
        CohortInput::Panel(p)
    }
}

fn group_field(r: &ReturneeRecord, by: GroupBy) -> &str {
    match by {
        GroupBy::None => "",
        GroupBy::Origin => &r.origin,
        GroupBy::Sex => &r.sex,
        GroupBy::AgeBand => &r.age_band,
        GroupBy::Assistance => &r.assistance,
    }
}

impl CohortInput<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            CohortInput::Records(r) => r.len(),
            CohortInput::Panel(p) => p.persons(),
        }
    }

    pub(crate) fn plan(&self, group_by: GroupBy, schedule: Option<&[Date]>) -> Result<Plan> {
        match self {
            CohortInput::Records(r) => Ok(records_plan(r, group_by, schedule)),
            CohortInput::Panel(p) => {
                if group_by != GroupBy::None {
                    return Err(invalid(
                        "group_by",
                        "a panel carries its own groups (WavePanel::with_groups)",
                    ));
                }
                if schedule.is_some() {
                    return Err(invalid(
                        "wave_schedule",
                        "a panel's waves are its columns; no schedule can be given",
                    ));
                }
                Ok(Plan {
                    schedule: p.wave_times().to_vec(),
                    group_codes: None,
                    group_labels: p.group_labels(),
                    duplicate_of: HashMap::new(),
                })
            }
        }
    }

    pub(crate) fn fill(
        &self,
        i: usize,
        plan: &Plan,
        s: &mut Scratch,
    ) -> std::result::Result<Facts, Reject> {
        match self {
            CohortInput::Records(r) => fill_record(&r[i], i, plan, s),
            CohortInput::Panel(p) => Ok(fill_panel_row(p, i, s)),
        }
    }

    pub(crate) fn id(&self, i: usize) -> String {
        match self {
            CohortInput::Records(r) => r[i].id.clone(),
            CohortInput::Panel(_) => format!("panel row {} (counting from 1)", i + 1),
        }
    }

    pub(crate) fn line(&self, i: usize) -> Option<u64> {
        match self {
            CohortInput::Records(r) => r[i].line,
            CohortInput::Panel(_) => None,
        }
    }

    pub(crate) fn cohort(&self, i: usize) -> i32 {
        match self {
            CohortInput::Records(r) => r[i].return_date.calendar_year(),
            CohortInput::Panel(p) => p.return_times()[i].floor() as i32,
        }
    }

    pub(crate) fn own_group(&self, i: usize) -> u32 {
        match self {
            CohortInput::Records(_) => 0,
            CohortInput::Panel(p) => p.group_of(i),
        }
    }
}

fn records_plan(records: &[ReturneeRecord], group_by: GroupBy, given: Option<&[Date]>) -> Plan {
    let mut schedule: Vec<f64> = match given {
        Some(w) => w.iter().map(Date::decimal_year).collect(),
        None => records
            .iter()
            .flat_map(|r| r.waves_seen.iter().copied())
            .collect::<BTreeSet<Date>>()
            .iter()
            .map(Date::decimal_year)
            .collect(),
    };
    schedule.sort_unstable_by(f64::total_cmp);
    schedule.dedup();
    let labels: BTreeSet<&str> = records.iter().map(|r| group_field(r, group_by)).collect();
    let group_labels: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    let index: HashMap<&str, u32> = labels
        .iter()
        .enumerate()
        .map(|(k, s)| (*s, k as u32))
        .collect();
    let group_codes = records
        .iter()
        .map(|r| index[group_field(r, group_by)])
        .collect();
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut duplicate_of = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(&k) = first.get(r.id.as_str()) {
            duplicate_of.insert(i, k);
        } else {
            first.insert(&r.id, i);
        }
    }
    Plan {
        schedule,
        group_codes: Some(group_codes),
        group_labels,
        duplicate_of,
    }
}

fn fill_record(
    r: &ReturneeRecord,
    i: usize,
    plan: &Plan,
    s: &mut Scratch,
) -> std::result::Result<Facts, Reject> {
    if let Some(&k) = plan.duplicate_of.get(&i) {
        return Err((
            RejectReason::DuplicateId,
            format!("id `{}` is also record {k}", r.id),
        ));
    }
    s.waves.clear();
    s.waves.extend(r.waves_seen.iter().map(Date::decimal_year));
    s.raw.clear();
    s.raw.extend(r.events.iter().map(|e| {
        let (d, dated) = match e.timing {
            EventTiming::Dated(d) => (d, true),
            EventTiming::SeenAtWave(w) => (w, false),
        };
        RawEvent {
            time: d.decimal_year(),
            dated,
            channel: e.channel,
        }
    }));
    Ok(Facts {
        return_time: r.return_date.decimal_year(),
        entry_time: r.follow_up_start.map(|d| d.decimal_year()),
        end_time: r.end_of_follow_up.map(|d| d.decimal_year()),
        age_at_return: r.age_at_return,
    })
}

fn fill_panel_row(p: &WavePanel, i: usize, s: &mut Scratch) -> Facts {
    s.waves.clear();
    s.raw.clear();
    for (k, &code) in p.status().row(i).iter().enumerate() {
        if code == WaveStatus::NotSeen as u8 {
            continue;
        }
        let t = p.wave_times()[k];
        s.waves.push(t);
        if let Some(channel) = WaveStatus::from_code(code).and_then(WaveStatus::channel) {
            s.raw.push(RawEvent {
                time: t,
                dated: false,
                channel,
            });
        }
    }
    Facts {
        return_time: p.return_times()[i],
        entry_time: p.entry_time(i),
        end_time: None,
        age_at_return: p.age(i),
    }
}
