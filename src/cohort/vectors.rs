//! Rows to the column vectors the estimators take: survival data for
//! Kaplan–Meier, cause-coded data for cumulative incidence by channel, and
//! counting-process data for the mean cumulative function.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::rows::{Built, CountingRow, SpellRow, Stratified};
use crate::error::{Error, Result};
use crate::survival::SurvData;

/// How rows are split into strata (one curve each).
///
/// # Example
/// ```
/// use return_migration::cohort::Stratify;
/// assert_eq!(Stratify::default(), Stratify::Cohort);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Stratify {
    /// All rows together (one stratum, label empty).
    Pooled,
    /// By year of return (label `2020`).
    #[default]
    Cohort,
    /// By the build's group (label: the group label).
    Group,
    /// By year of return and group (label `2020/F`; `2020` when the group label is empty).
    CohortGroup,
}

/// A stratum code per row, into labels in byte order (as [`SurvData`] wants them).
///
/// # Example
/// ```
/// use return_migration::cohort::{Stratify, SpellRow, strata_of};
/// let row = |cohort, group| SpellRow { person: 0, cohort, group, entry: 0.0, exit: 1.0, channel: None };
/// let s = strata_of(&[row(2021, 1), row(2020, 0)], &["F".into(), "M".into()], Stratify::CohortGroup)?;
/// assert_eq!(s.labels, vec!["2020/F".to_string(), "2021/M".to_string()]);
/// assert_eq!(s.codes, vec![1, 0]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strata {
    /// One code per row.
    pub codes: Vec<u32>,
    /// The label of each code, distinct and in byte order.
    pub labels: Vec<String>,
}

fn label(cohort: i32, group: &str, by: Stratify) -> String {
    match by {
        Stratify::Pooled => String::new(),
        Stratify::Cohort => cohort.to_string(),
        Stratify::Group => group.to_string(),
        Stratify::CohortGroup if group.is_empty() => cohort.to_string(),
        Stratify::CohortGroup => format!("{cohort}/{group}"),
    }
}

/// Stratum codes and labels of rows (see [`Strata`]).
///
/// Stratifying by group ([`Stratify::Group`], [`Stratify::CohortGroup`])
/// when the build has no groups (every group label empty) is an error: it
/// would silently give one pooled curve (or curves by cohort only).
///
/// # Example
/// ```
/// use return_migration::cohort::{SpellRow, Stratify, strata_of};
/// let row = |cohort| SpellRow { person: 0, cohort, group: 0, entry: 0.0, exit: 1.0, channel: None };
/// let s = strata_of(&[row(2021), row(2020), row(2021)], &[String::new()], Stratify::Cohort)?;
/// assert_eq!((s.codes, s.labels), (vec![1, 0, 1], vec!["2020".to_string(), "2021".to_string()]));
/// let e = strata_of(&[row(2021)], &[String::new()], Stratify::Group).unwrap_err();
/// assert!(e.to_string().contains("the build has no groups"));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub fn strata_of<R: Stratified>(
    rows: &[R],
    group_labels: &[String],
    by: Stratify,
) -> Result<Strata> {
    if matches!(by, Stratify::Group | Stratify::CohortGroup)
        && group_labels.iter().all(String::is_empty)
    {
        return Err(crate::error::invalid(
            "stratify",
            format!(
                "{by:?} splits by group, but the build has no groups (no group column or \
                 labels were given): use Stratify::Pooled or Stratify::Cohort, or build with groups"
            ),
        ));
    }
    let key = |r: &R| -> (i32, u32) {
        match by {
            Stratify::Pooled => (0, 0),
            Stratify::Cohort => (r.cohort(), 0),
            Stratify::Group => (0, r.group()),
            Stratify::CohortGroup => (r.cohort(), r.group()),
        }
    };
    // distinct keys, then labels sorted by bytes, then codes
    let mut seen: HashMap<(i32, u32), u32> = HashMap::new();
    let mut last: Option<((i32, u32), u32)> = None;
    let mut raw = Vec::with_capacity(rows.len());
    for r in rows {
        let k = key(r);
        let code = match last {
            Some((lk, c)) if lk == k => c,
            _ => {
                let n = seen.len() as u32;
                *seen.entry(k).or_insert(n)
            }
        };
        last = Some((k, code));
        raw.push(code);
    }
    let group_of = |g: u32| group_labels.get(g as usize).map_or("", String::as_str);
    let mut keyed: Vec<(String, u32)> = seen
        .iter()
        .map(|(&(c, g), &code)| (label(c, group_of(g), by), code))
        .collect();
    keyed.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut remap = vec![0_u32; keyed.len()];
    for (new, (_, old)) in keyed.iter().enumerate() {
        remap[*old as usize] = new as u32;
    }
    if keyed.is_empty() {
        keyed.push((label(0, "", by), 0));
    }
    Ok(Strata {
        codes: raw.into_iter().map(|c| remap[c as usize]).collect(),
        labels: keyed.into_iter().map(|(l, _)| l).collect(),
    })
}

/// Survival data as columns: (entry, exit], event 0/1, stratum codes.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, CohortBuilder, Date, ReturneeRecord, Stratify};
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2021)])
///     .remigrated_seen_at(Date::Year(2021), Channel::Irregular)];
/// let v = CohortBuilder::new().first_events(&r)?.survival_vectors(Stratify::Cohort)?;
/// assert_eq!((v.exit.clone(), v.event.clone(), v.entry.clone()), (vec![0.5], vec![1], None));
/// assert_eq!(v.into_surv_data()?.group_labels(), &["2020".to_string()]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvVectors {
    /// Entry times; `None` when every row enters at 0.
    pub entry: Option<Vec<f64>>,
    /// Exit times.
    pub exit: Vec<f64>,
    /// 1 for a re-migration, 0 for censoring.
    pub event: Vec<i64>,
    /// Strata.
    pub strata: Strata,
}

impl SurvVectors {
    /// Validated [`SurvData`] with the strata as groups.
    ///
    /// # Example
    /// See [`SurvVectors`].
    pub fn into_surv_data(self) -> Result<SurvData> {
        if self.exit.is_empty() {
            return Err(no_rows());
        }
        let mut b = SurvData::builder(self.exit, self.event)
            .group_codes(self.strata.codes, self.strata.labels);
        if let Some(e) = self.entry {
            b = b.entry(e);
        }
        b.build()
    }
}

pub(crate) fn no_rows() -> Error {
    Error::NoData {
        what: "the build has no rows (no record was used; see its validation report)".to_string(),
    }
}

/// Competing-risks data as columns: (entry, exit], a cause code (0
/// censored, 1 irregular, 2 legal), stratum codes. The input of an
/// Aalen–Johansen cumulative incidence by channel.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, CohortBuilder, Date, ReturneeRecord, Stratify};
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2021)])
///     .remigrated_seen_at(Date::Year(2021), Channel::Legal)];
/// let v = CohortBuilder::new().first_events(&r)?.competing_vectors(Stratify::Pooled)?;
/// assert_eq!((v.cause.clone(), v.cause_labels.clone()), (vec![2], vec!["irregular".to_string(), "legal".to_string()]));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetingVectors {
    /// Entry times; `None` when every row enters at 0.
    pub entry: Option<Vec<f64>>,
    /// Exit times.
    pub exit: Vec<f64>,
    /// 0 censored, 1 irregular, 2 legal.
    pub cause: Vec<u32>,
    /// Names of causes 1 and 2.
    pub cause_labels: Vec<String>,
    /// Strata.
    pub strata: Strata,
}

/// Recurrent-event data as columns: person id, (start, stop], event 0/1,
/// cause code, stratum codes. The input of a mean cumulative function.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, CohortBuilder, Date, ReturneeRecord, Stratify};
/// let y = |y| Date::Year(y);
/// let r = vec![ReturneeRecord::new("A", y(2020)).seen_at(&[y(2021), y(2022)])
///     .remigrated_seen_at(y(2021), Channel::Irregular)];
/// let v = CohortBuilder::new().recurrent(&r)?.recurrent_vectors(Stratify::Pooled)?;
/// assert_eq!((v.id.clone(), v.start.clone(), v.stop.clone(), v.event.clone()), (vec![0, 0], vec![0.0, 0.5], vec![0.5, 2.0], vec![1, 0]));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecurrentVectors {
    /// Person (position in the input).
    pub id: Vec<u32>,
    /// Interval starts.
    pub start: Vec<f64>,
    /// Interval ends.
    pub stop: Vec<f64>,
    /// 1 when the interval ends in a re-migration.
    pub event: Vec<i64>,
    /// 0 none, 1 irregular, 2 legal.
    pub cause: Vec<u32>,
    /// Strata.
    pub strata: Strata,
}

fn entries(values: impl Iterator<Item = f64>) -> Option<Vec<f64>> {
    let v: Vec<f64> = values.collect();
    v.iter().any(|&e| e != 0.0).then_some(v)
}

const CAUSES: [&str; 2] = ["irregular", "legal"];

impl Built<SpellRow> {
    /// Kaplan–Meier input (see [`SurvVectors`]); an error when stratifying
    /// by group without groups (see [`strata_of`]).
    ///
    /// # Example
    /// See [`SurvVectors`].
    pub fn survival_vectors(&self, by: Stratify) -> Result<SurvVectors> {
        Ok(SurvVectors {
            entry: entries(self.rows.iter().map(|r| r.entry)),
            exit: self.rows.iter().map(|r| r.exit).collect(),
            event: self.rows.iter().map(|r| i64::from(r.event())).collect(),
            strata: strata_of(&self.rows, &self.group_labels, by)?,
        })
    }

    /// Cumulative-incidence input by channel (see [`CompetingVectors`]).
    ///
    /// # Example
    /// See [`CompetingVectors`].
    pub fn competing_vectors(&self, by: Stratify) -> Result<CompetingVectors> {
        Ok(CompetingVectors {
            entry: entries(self.rows.iter().map(|r| r.entry)),
            exit: self.rows.iter().map(|r| r.exit).collect(),
            cause: self.rows.iter().map(|r| u32::from(r.cause())).collect(),
            cause_labels: CAUSES.iter().map(|c| c.to_string()).collect(),
            strata: strata_of(&self.rows, &self.group_labels, by)?,
        })
    }
}

impl Built<CountingRow> {
    /// Mean-cumulative-function input (see [`RecurrentVectors`]).
    ///
    /// # Example
    /// See [`RecurrentVectors`].
    pub fn recurrent_vectors(&self, by: Stratify) -> Result<RecurrentVectors> {
        Ok(RecurrentVectors {
            id: self.rows.iter().map(|r| r.person).collect(),
            start: self.rows.iter().map(|r| r.start).collect(),
            stop: self.rows.iter().map(|r| r.stop).collect(),
            event: self
                .rows
                .iter()
                .map(|r| i64::from(r.channel.is_some()))
                .collect(),
            cause: self.rows.iter().map(|r| u32::from(r.cause())).collect(),
            strata: strata_of(&self.rows, &self.group_labels, by)?,
        })
    }
}
