//! Validated survival data, sorted once.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result, ValueProblem};

/// Per-subject survival data: an interval (entry, exit], an event indicator,
/// a case weight, a group and a stratum label.
///
/// Built by [`SurvData::builder`] (vectors) or [`SurvData::from_table`]
/// (CSV columns). It is validated once and sorted once by exit time; every
/// estimator reuses that order and never re-sorts the subjects.
///
/// # Example
/// ```
/// use return_migration::survival::SurvData;
/// let data = SurvData::builder(vec![3.0, 1.0, 2.0], vec![1, 0, 1]).build().unwrap();
/// assert_eq!(data.len(), 3);
/// assert_eq!(data.times(), &[1.0, 2.0, 3.0]); // sorted once
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvData {
    time: Vec<f64>,
    event: Vec<bool>,
    entry: Option<Vec<f64>>,
    weight: Option<Vec<f64>>,
    group: Vec<u32>,
    group_labels: Vec<String>,
    stratum: Vec<u32>,
    strata_labels: Vec<String>,
    input_row: Vec<u32>,
    /// Positions (in exit order) sorted by entry time, when there are entries.
    entry_order: Option<Vec<u32>>,
}

/// Collects and validates the columns of a [`SurvData`].
#[derive(Debug, Clone)]
pub struct SurvDataBuilder {
    time: Vec<f64>,
    event: Vec<i64>,
    entry: Option<Vec<f64>>,
    weight: Option<Vec<f64>>,
    group: Option<Vec<String>>,
    strata: Option<Vec<String>>,
}

fn invalid(row: usize, column: &str, problem: ValueProblem) -> Error {
    Error::InvalidValue {
        row,
        column: column.to_string(),
        problem,
    }
}

/// Maps labels to ids numbered in byte order of the label.
fn encode_labels(labels: &[String]) -> (Vec<u32>, Vec<String>) {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let mut first: Vec<&str> = Vec::new();
    let raw: Vec<u32> = labels
        .iter()
        .map(|l| {
            *seen.entry(l.as_str()).or_insert_with(|| {
                first.push(l.as_str());
                (first.len() - 1) as u32
            })
        })
        .collect();
    let mut sorted: Vec<(usize, &str)> = first.iter().copied().enumerate().collect();
    sorted.sort_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()));
    let mut remap = vec![0_u32; sorted.len()];
    for (new, (old, _)) in sorted.iter().enumerate() {
        remap[*old] = new as u32;
    }
    (
        raw.into_iter().map(|r| remap[r as usize]).collect(),
        sorted.into_iter().map(|(_, l)| l.to_string()).collect(),
    )
}

impl SurvDataBuilder {
    /// Entry times (delayed entry / left truncation): a subject is at risk
    /// on (entry, exit]. Without entries, every subject enters at 0.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let err = SurvData::builder(vec![2.0], vec![1]).entry(vec![2.0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 0, column `entry`: entry 2 is not strictly before exit 2");
    /// ```
    pub fn entry(mut self, entry: Vec<f64>) -> Self {
        self.entry = Some(entry);
        self
    }

    /// Case weights (non-negative, finite).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// assert!(SurvData::builder(vec![2.0], vec![1]).weights(vec![-1.0]).build().is_err());
    /// ```
    pub fn weights(mut self, weight: Vec<f64>) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Group labels; results are reported by group in byte order of the label.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![1.0, 2.0], vec![1, 1])
    ///     .groups(vec!["g2".into(), "g10".into()]).build().unwrap();
    /// assert_eq!(d.group_labels(), &["g10".to_string(), "g2".to_string()]);
    /// ```
    pub fn groups(mut self, group: Vec<String>) -> Self {
        self.group = Some(group);
        self
    }

    /// Stratum labels (for stratified tests).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![1.0], vec![1]).strata(vec!["s".into()]).build().unwrap();
    /// assert_eq!(d.strata_labels(), &["s".to_string()]);
    /// ```
    pub fn strata(mut self, strata: Vec<String>) -> Self {
        self.strata = Some(strata);
        self
    }

    /// Validates and sorts. Errors ([`Error::InvalidValue`] with the row and
    /// column): NaN or infinite values, negative times, entry ≥ exit, event
    /// codes other than 0 and 1, negative weights; [`Error::LengthMismatch`];
    /// [`Error::EmptyInput`].
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let err = SurvData::builder(vec![1.0, f64::NAN], vec![1, 0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 1, column `time`: value NaN is not finite");
    /// ```
    pub fn build(self) -> Result<SurvData> {
        let n = self.time.len();
        if n == 0 {
            return Err(Error::EmptyInput);
        }
        if n > u32::MAX as usize {
            return Err(crate::error::invalid("time", "more than 2^32 − 1 subjects"));
        }
        let check_len = |column: &str, len: usize| {
            if len == n {
                Ok(())
            } else {
                Err(Error::LengthMismatch {
                    column: column.to_string(),
                    expected: n,
                    found: len,
                })
            }
        };
        check_len("event", self.event.len())?;
        if let Some(e) = &self.entry {
            check_len("entry", e.len())?;
        }
        if let Some(w) = &self.weight {
            check_len("weight", w.len())?;
        }
        if let Some(g) = &self.group {
            check_len("group", g.len())?;
        }
        if let Some(s) = &self.strata {
            check_len("strata", s.len())?;
        }
        for (i, &t) in self.time.iter().enumerate() {
            validate_time(t).map_err(|p| invalid(i, "time", p))?;
        }
        for (i, &e) in self.event.iter().enumerate() {
            if e != 0 && e != 1 {
                return Err(invalid(
                    i,
                    "event",
                    ValueProblem::EventCode {
                        code: e.to_string(),
                        allowed: "0 or 1".to_string(),
                    },
                ));
            }
        }
        if let Some(entry) = &self.entry {
            for (i, (&a, &t)) in entry.iter().zip(&self.time).enumerate() {
                validate_time(a).map_err(|p| invalid(i, "entry", p))?;
                if a >= t {
                    return Err(invalid(
                        i,
                        "entry",
                        ValueProblem::EntryNotBeforeExit { entry: a, exit: t },
                    ));
                }
            }
        }
        if let Some(weight) = &self.weight {
            for (i, &w) in weight.iter().enumerate() {
                validate_weight(w).map_err(|p| invalid(i, "weight", p))?;
            }
        }
        Ok(SurvData::sorted(self))
    }
}

fn validate_time(t: f64) -> std::result::Result<(), ValueProblem> {
    if !t.is_finite() {
        Err(ValueProblem::NotFinite { value: t })
    } else if t < 0.0 {
        Err(ValueProblem::NegativeTime { value: t })
    } else {
        Ok(())
    }
}

fn validate_weight(w: f64) -> std::result::Result<(), ValueProblem> {
    if !w.is_finite() {
        Err(ValueProblem::NotFinite { value: w })
    } else if w < 0.0 {
        Err(ValueProblem::NegativeWeight { value: w })
    } else {
        Ok(())
    }
}

/// Column names of survival data in a CSV table.
///
/// # Example
/// ```
/// use return_migration::survival::SurvColumns;
/// let c = SurvColumns::new("time", "event").group("sex");
/// assert_eq!(c.group.as_deref(), Some("sex"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SurvColumns {
    /// Exit time column.
    pub time: String,
    /// Event column (0/1).
    pub event: String,
    /// Optional entry time column.
    pub entry: Option<String>,
    /// Optional case weight column.
    pub weight: Option<String>,
    /// Optional group column (text).
    pub group: Option<String>,
    /// Optional stratum column (text).
    pub strata: Option<String>,
}

impl SurvColumns {
    /// Time and event columns; no entry, weight, group or strata.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvColumns;
    /// assert_eq!(SurvColumns::new("t", "d").event, "d");
    /// ```
    pub fn new(time: &str, event: &str) -> Self {
        SurvColumns {
            time: time.to_string(),
            event: event.to_string(),
            ..Default::default()
        }
    }

    /// Sets the entry column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvColumns;
    /// assert!(SurvColumns::new("t", "d").entry("start").entry.is_some());
    /// ```
    pub fn entry(mut self, column: &str) -> Self {
        self.entry = Some(column.to_string());
        self
    }

    /// Sets the weight column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvColumns;
    /// assert!(SurvColumns::new("t", "d").weight("w").weight.is_some());
    /// ```
    pub fn weight(mut self, column: &str) -> Self {
        self.weight = Some(column.to_string());
        self
    }

    /// Sets the group column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvColumns;
    /// assert!(SurvColumns::new("t", "d").group("g").group.is_some());
    /// ```
    pub fn group(mut self, column: &str) -> Self {
        self.group = Some(column.to_string());
        self
    }

    /// Sets the strata column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvColumns;
    /// assert!(SurvColumns::new("t", "d").strata("s").strata.is_some());
    /// ```
    pub fn strata(mut self, column: &str) -> Self {
        self.strata = Some(column.to_string());
        self
    }
}

fn located(table: &CsvTable, i: usize, column: &str, problem: ValueProblem) -> Error {
    Error::Csv {
        at: table.at(i, column),
        problem: CsvProblem::Invalid(problem),
    }
}

impl SurvData {
    /// Starts a builder from exit times and event codes (0 = censored, 1 = event).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// assert!(SurvData::builder(vec![1.0], vec![2]).build().is_err());
    /// ```
    pub fn builder(time: Vec<f64>, event: Vec<i64>) -> SurvDataBuilder {
        SurvDataBuilder {
            time,
            event,
            entry: None,
            weight: None,
            group: None,
            strata: None,
        }
    }

    /// Reads survival data from CSV columns. Errors name the file, the line
    /// and the column: a missing column, an empty field, an unparsable
    /// number, NaN or infinity, a negative time, an entry not strictly before
    /// its exit, an event other than 0 or 1, a negative weight.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::{SurvColumns, SurvData};
    /// let t = CsvTable::from_text("in.csv", "time,status\n5,1\n3,2\n").unwrap();
    /// let err = SurvData::from_table(&t, &SurvColumns::new("time", "status")).unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 3, column `status`: event code `2` is not 0 or 1");
    /// ```
    pub fn from_table(table: &CsvTable, columns: &SurvColumns) -> Result<SurvData> {
        table.column(&columns.time)?;
        table.column(&columns.event)?;
        for c in [
            &columns.entry,
            &columns.weight,
            &columns.group,
            &columns.strata,
        ]
        .into_iter()
        .flatten()
        {
            table.column(c)?;
        }
        let n = table.len();
        let mut time = Vec::with_capacity(n);
        let mut event = Vec::with_capacity(n);
        let mut entry = columns.entry.as_ref().map(|_| Vec::with_capacity(n));
        let mut weight = columns.weight.as_ref().map(|_| Vec::with_capacity(n));
        let mut group = columns.group.as_ref().map(|_| Vec::with_capacity(n));
        let mut strata = columns.strata.as_ref().map(|_| Vec::with_capacity(n));
        for i in 0..n {
            let t = table.parse_f64(i, &columns.time)?;
            validate_time(t).map_err(|p| located(table, i, &columns.time, p))?;
            let code = table.text(i, &columns.event)?.trim();
            let e = match code {
                "0" => 0,
                "1" => 1,
                "" => {
                    return Err(Error::Csv {
                        at: table.at(i, &columns.event),
                        problem: CsvProblem::EmptyField,
                    });
                }
                other => {
                    return Err(located(
                        table,
                        i,
                        &columns.event,
                        ValueProblem::EventCode {
                            code: other.to_string(),
                            allowed: "0 or 1".to_string(),
                        },
                    ));
                }
            };
            if let (Some(col), Some(v)) = (&columns.entry, entry.as_mut()) {
                let a = table.parse_f64(i, col)?;
                validate_time(a).map_err(|p| located(table, i, col, p))?;
                if a >= t {
                    return Err(located(
                        table,
                        i,
                        col,
                        ValueProblem::EntryNotBeforeExit { entry: a, exit: t },
                    ));
                }
                v.push(a);
            }
            if let (Some(col), Some(v)) = (&columns.weight, weight.as_mut()) {
                let w = table.parse_f64(i, col)?;
                validate_weight(w).map_err(|p| located(table, i, col, p))?;
                v.push(w);
            }
            for (col, v) in [
                (&columns.group, group.as_mut()),
                (&columns.strata, strata.as_mut()),
            ] {
                if let (Some(col), Some(v)) = (col, v) {
                    v.push(table.text(i, col)?.to_string());
                }
            }
            time.push(t);
            event.push(e);
        }
        let mut b = SurvData::builder(time, event);
        b.entry = entry;
        b.weight = weight;
        b.group = group;
        b.strata = strata;
        b.build()
    }

    fn sorted(b: SurvDataBuilder) -> SurvData {
        let n = b.time.len();
        // Sort once by exit time (ties by input row): keys are the IEEE bits
        // of non-negative times (+0.0 normalises −0.0), which order as the times do.
        let mut keys: Vec<u128> = b
            .time
            .iter()
            .enumerate()
            .map(|(i, &t)| (u128::from((t + 0.0).to_bits()) << 32) | i as u128)
            .collect();
        keys.sort_unstable();
        let order: Vec<u32> = keys.iter().map(|k| *k as u32).collect();
        drop(keys);
        let gather_f = |v: &[f64]| order.iter().map(|&i| v[i as usize]).collect::<Vec<f64>>();
        let (group, group_labels) = match &b.group {
            Some(g) => {
                let (ids, labels) = encode_labels(g);
                (order.iter().map(|&i| ids[i as usize]).collect(), labels)
            }
            None => (vec![0; n], vec![String::new()]),
        };
        let (stratum, strata_labels) = match &b.strata {
            Some(s) => {
                let (ids, labels) = encode_labels(s);
                (order.iter().map(|&i| ids[i as usize]).collect(), labels)
            }
            None => (vec![0; n], vec![String::new()]),
        };
        let entry = b.entry.as_deref().map(gather_f);
        let entry_order = entry.as_ref().map(|e| {
            let mut k: Vec<u128> = e
                .iter()
                .enumerate()
                .map(|(p, &a)| (u128::from((a + 0.0).to_bits()) << 32) | p as u128)
                .collect();
            k.sort_unstable();
            k.into_iter().map(|k| k as u32).collect()
        });
        SurvData {
            time: gather_f(&b.time),
            event: order.iter().map(|&i| b.event[i as usize] == 1).collect(),
            entry,
            weight: b.weight.as_deref().map(gather_f),
            group,
            group_labels,
            stratum,
            strata_labels,
            input_row: order,
            entry_order,
        }
    }

    /// Number of subjects.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// assert_eq!(SurvData::builder(vec![1.0], vec![1]).build().unwrap().len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Always false: empty input is an error.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// assert!(!SurvData::builder(vec![1.0], vec![1]).build().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Exit times in ascending order.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0, 1.0], vec![1, 1]).build().unwrap();
    /// assert_eq!(d.times(), &[1.0, 2.0]);
    /// ```
    pub fn times(&self) -> &[f64] {
        &self.time
    }

    /// Event indicators, in the order of [`SurvData::times`].
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0, 1.0], vec![1, 0]).build().unwrap();
    /// assert_eq!(d.events(), &[false, true]);
    /// ```
    pub fn events(&self) -> &[bool] {
        &self.event
    }

    /// Entry times in the order of [`SurvData::times`], if given.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0], vec![1]).build().unwrap();
    /// assert!(d.entries().is_none());
    /// ```
    pub fn entries(&self) -> Option<&[f64]> {
        self.entry.as_deref()
    }

    /// Case weights in the order of [`SurvData::times`], if given.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0], vec![1]).weights(vec![0.5]).build().unwrap();
    /// assert_eq!(d.weights(), Some(&[0.5][..]));
    /// ```
    pub fn weights(&self) -> Option<&[f64]> {
        self.weight.as_deref()
    }

    /// Group labels in byte order (a single empty label without groups).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0], vec![1]).build().unwrap();
    /// assert_eq!(d.group_labels(), &[String::new()]);
    /// ```
    pub fn group_labels(&self) -> &[String] {
        &self.group_labels
    }

    /// Group id of each subject (index into [`SurvData::group_labels`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0, 1.0], vec![1, 1]).groups(vec!["b".into(), "a".into()]).build().unwrap();
    /// assert_eq!(d.group_ids(), &[0, 1]); // time 1.0 is group "a"
    /// ```
    pub fn group_ids(&self) -> &[u32] {
        &self.group
    }

    /// Stratum labels in byte order (a single empty label without strata).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// assert_eq!(SurvData::builder(vec![2.0], vec![1]).build().unwrap().strata_labels().len(), 1);
    /// ```
    pub fn strata_labels(&self) -> &[String] {
        &self.strata_labels
    }

    /// Stratum id of each subject.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// assert_eq!(SurvData::builder(vec![2.0], vec![1]).build().unwrap().stratum_ids(), &[0]);
    /// ```
    pub fn stratum_ids(&self) -> &[u32] {
        &self.stratum
    }

    /// The input row (0-based) of each sorted subject.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0, 1.0], vec![1, 1]).build().unwrap();
    /// assert_eq!(d.input_rows(), &[1, 0]);
    /// ```
    pub fn input_rows(&self) -> &[u32] {
        &self.input_row
    }

    /// The same data with the strata dropped (one stratum).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![1.0, 2.0], vec![1, 1]).strata(vec!["a".into(), "b".into()]).build()?;
    /// assert_eq!(d.without_strata().strata_labels().len(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn without_strata(&self) -> SurvData {
        let mut out = self.clone();
        out.stratum = vec![0; self.len()];
        out.strata_labels = vec![String::new()];
        out
    }

    /// Weight of subject at sorted position `p` (1 without weights).
    pub(crate) fn weight_at(&self, p: usize) -> f64 {
        self.weight.as_ref().map_or(1.0, |w| w[p])
    }

    /// Sorted positions split by a key (group or stratum), each list in exit order.
    pub(crate) fn partition(&self, key: &[u32], nkeys: usize) -> Vec<Vec<u32>> {
        let mut counts = vec![0_usize; nkeys];
        for &k in key {
            counts[k as usize] += 1;
        }
        let mut parts: Vec<Vec<u32>> = counts.iter().map(|&c| Vec::with_capacity(c)).collect();
        for (p, &k) in key.iter().enumerate() {
            parts[k as usize].push(p as u32);
        }
        parts
    }

    /// Positions sorted by entry, split by the same key.
    pub(crate) fn partition_entries(&self, key: &[u32], nkeys: usize) -> Option<Vec<Vec<u32>>> {
        let order = self.entry_order.as_ref()?;
        let mut parts: Vec<Vec<u32>> = vec![Vec::new(); nkeys];
        for &p in order {
            parts[key[p as usize] as usize].push(p);
        }
        Some(parts)
    }
}
