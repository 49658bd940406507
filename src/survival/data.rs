//! Validated survival data, sorted once.

use serde::{Deserialize, Serialize};

use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result, ValueProblem};

/// Per-subject survival data: an interval (entry, exit], an event indicator,
/// a case weight, a group and a stratum label.
///
/// Built by [`SurvData::builder`] (vectors) or [`SurvData::from_table`]
/// (CSV columns). It is validated once and sorted once: the subjects are
/// split into cells (stratum × group × event or censoring) and each cell's
/// exit times (and entry times) are sorted once. Every estimator merges
/// these sorted cells in linear passes and never re-sorts the subjects.
/// Splitting before sorting means that unweighted data sort plain `f64`
/// values, with no permutation to carry.
///
/// # Example
/// ```
/// use return_migration::survival::SurvData;
/// let data = SurvData::builder(vec![3.0, 1.0, 2.0], vec![1, 0, 1]).build().unwrap();
/// assert_eq!(data.len(), 3);
/// assert_eq!(data.exit_times(), vec![1.0, 2.0, 3.0]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvData {
    n: usize,
    group_labels: Vec<String>,
    strata_labels: Vec<String>,
    /// Non-empty cells, ordered by (stratum, group).
    cells: Vec<Cell>,
    weighted: bool,
    delayed: bool,
}

/// Times sorted ascending, with their case weights when the data are
/// weighted. Times are held as the IEEE bits of non-negative `f64` values
/// (−0.0 normalised to 0.0), which order exactly as the numbers do, so the
/// sort is an integer sort.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct SortedTimes {
    pub bits: Vec<u64>,
    pub weight: Option<Vec<f64>>,
}

impl SortedTimes {
    pub(crate) fn sort(&mut self) {
        match self.weight.as_mut() {
            None => crate::num::radix::sort_keys(&mut self.bits),
            Some(w) => crate::num::radix::sort_keys_with(&mut self.bits, w),
        }
    }

    pub fn time(&self, i: usize) -> f64 {
        f64::from_bits(self.bits[i])
    }

    pub fn weight(&self, i: usize) -> f64 {
        self.weight.as_ref().map_or(1.0, |w| w[i])
    }

    pub fn len(&self) -> usize {
        self.bits.len()
    }

    pub(crate) fn extend(&mut self, other: &SortedTimes) {
        self.bits.extend_from_slice(&other.bits);
        if let (Some(a), Some(b)) = (self.weight.as_mut(), other.weight.as_ref()) {
            a.extend_from_slice(b);
        }
    }
}

/// Exit times sorted ascending, each with its status: the key of a subject
/// is `bits << 1 | censored`, with `bits` the IEEE bits of its non-negative
/// exit time. Keys order by time, and at equal times events (flag 0) come
/// before censorings (flag 1), R's tie rule, so one integer sort orders
/// both.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct SortedExits {
    pub keys: Vec<u64>,
    pub weight: Option<Vec<f64>>,
}

impl SortedExits {
    pub(crate) fn sort(&mut self) {
        let mut t = SortedTimes {
            bits: std::mem::take(&mut self.keys),
            weight: self.weight.take(),
        };
        t.sort();
        self.keys = t.bits;
        self.weight = t.weight;
    }

    /// The key of an exit time and its event indicator.
    #[inline]
    pub fn key(time_bits: u64, event: bool) -> u64 {
        (time_bits << 1) | u64::from(!event)
    }

    pub fn time(&self, i: usize) -> f64 {
        f64::from_bits(self.keys[i] >> 1)
    }

    pub fn is_event(&self, i: usize) -> bool {
        self.keys[i] & 1 == 0
    }

    pub fn weight(&self, i: usize) -> f64 {
        self.weight.as_ref().map_or(1.0, |w| w[i])
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn extend(&mut self, other: &SortedExits) {
        self.keys.extend_from_slice(&other.keys);
        if let (Some(a), Some(b)) = (self.weight.as_mut(), other.weight.as_ref()) {
            a.extend_from_slice(b);
        }
    }
}

/// The subjects of one stratum × group: exit times with their status, and
/// entry times, each sorted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Cell {
    pub stratum: u32,
    pub group: u32,
    pub exits: SortedExits,
    /// Entry times (with weights), when the data have delayed entry.
    pub entries: Option<SortedTimes>,
}

/// Collects and validates the columns of a [`SurvData`].
#[derive(Debug, Clone)]
pub struct SurvDataBuilder {
    time: Vec<f64>,
    event: Vec<i64>,
    entry: Option<Vec<f64>>,
    weight: Option<Vec<f64>>,
    group: Option<Vec<String>>,
    group_codes: Option<(Vec<u32>, Vec<String>)>,
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
pub(crate) fn encode_labels(labels: &[String]) -> (Vec<u32>, Vec<String>) {
    super::labels::encode(labels)
}

impl SurvDataBuilder {
    /// Entry times (delayed entry / left truncation): a subject is at risk
    /// on (entry, exit]. Without entries, every subject enters at 0.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let err = SurvData::builder(vec![2.0], vec![1]).entry(vec![2.0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `entry`: entry 2 is not strictly before exit 2");
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

    /// Groups given as codes into `labels` (as a factor), which must be
    /// distinct and in byte order; avoids handling one string per subject.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![1.0, 2.0], vec![1, 1])
    ///     .group_codes(vec![1, 0], vec!["a".into(), "b".into()]).build().unwrap();
    /// assert_eq!(d.group_labels(), &["a".to_string(), "b".to_string()]);
    /// assert!(SurvData::builder(vec![1.0], vec![1]).group_codes(vec![2], vec!["a".into()]).build().is_err());
    /// ```
    pub fn group_codes(mut self, codes: Vec<u32>, labels: Vec<String>) -> Self {
        self.group_codes = Some((codes, labels));
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
    /// assert_eq!(err.to_string(), "row 2 (counting from 1), column `time`: value NaN is not finite");
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
        if let Some((codes, labels)) = &self.group_codes {
            if self.group.is_some() {
                return Err(crate::error::invalid(
                    "groups",
                    "give either group labels or group codes, not both",
                ));
            }
            check_len("group", codes.len())?;
            if labels.is_empty()
                || labels.len() > (u32::MAX >> 1) as usize
                || labels
                    .windows(2)
                    .any(|w| w[0].as_bytes() >= w[1].as_bytes())
            {
                return Err(crate::error::invalid(
                    "group labels",
                    "must be non-empty, distinct and in byte order",
                ));
            }
        }
        SurvData::sorted(self)
    }
}

pub(crate) fn validate_time(t: f64) -> std::result::Result<(), ValueProblem> {
    if !t.is_finite() {
        Err(ValueProblem::NotFinite { value: t })
    } else if t < 0.0 {
        Err(ValueProblem::NegativeTime { value: t })
    } else {
        Ok(())
    }
}

pub(crate) fn validate_weight(w: f64) -> std::result::Result<(), ValueProblem> {
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

/// A 0/1 event code read from a CSV field: an empty field and any other
/// code are errors at the field's location.
pub(crate) fn read_event_01(table: &CsvTable, i: usize, column: &str) -> Result<i64> {
    match table.text(i, column)?.trim() {
        "0" => Ok(0),
        "1" => Ok(1),
        "" => Err(Error::Csv {
            at: table.at(i, column),
            problem: CsvProblem::EmptyField,
        }),
        other => Err(table.invalid_value(
            i,
            column,
            ValueProblem::EventCode {
                code: other.to_string(),
                allowed: "0 or 1".to_string(),
            },
        )),
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
            group_codes: None,
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
            validate_time(t).map_err(|p| table.invalid_value(i, &columns.time, p))?;
            let e = read_event_01(table, i, &columns.event)?;
            if let (Some(col), Some(v)) = (&columns.entry, entry.as_mut()) {
                let a = table.parse_f64(i, col)?;
                validate_time(a).map_err(|p| table.invalid_value(i, col, p))?;
                if a >= t {
                    return Err(table.invalid_value(
                        i,
                        col,
                        ValueProblem::EntryNotBeforeExit { entry: a, exit: t },
                    ));
                }
                v.push(a);
            }
            if let (Some(col), Some(v)) = (&columns.weight, weight.as_mut()) {
                let w = table.parse_f64(i, col)?;
                validate_weight(w).map_err(|p| table.invalid_value(i, col, p))?;
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

    /// Validates every row and counts the cells in one pass, fills the cells
    /// in a second, and sorts each cell once.
    fn sorted(b: SurvDataBuilder) -> Result<SurvData> {
        let n = b.time.len();
        let (group_ids, group_labels) = match (b.group, b.group_codes) {
            (Some(g), _) => {
                let (ids, labels) = encode_labels(&g);
                (Some(ids), labels)
            }
            (None, Some((codes, labels))) => (Some(codes), labels),
            (None, None) => (None, vec![String::new()]),
        };
        let (strata_ids, strata_labels) = match b.strata {
            Some(s) => {
                let (ids, labels) = encode_labels(&s);
                (Some(ids), labels)
            }
            None => (None, vec![String::new()]),
        };
        let ng = group_labels.len();
        let ncells = ng * strata_labels.len();
        let cell_of = |i: usize| {
            strata_ids.as_ref().map_or(0, |s| s[i] as usize) * ng
                + group_ids.as_ref().map_or(0, |g| g[i] as usize)
        };
        let mut counts = vec![0_usize; ncells];
        for i in 0..n {
            let t = b.time[i];
            validate_time(t).map_err(|p| invalid(i, "time", p))?;
            let e = b.event[i];
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
            if let Some(entry) = &b.entry {
                let a = entry[i];
                validate_time(a).map_err(|p| invalid(i, "entry", p))?;
                if a >= t {
                    return Err(invalid(
                        i,
                        "entry",
                        ValueProblem::EntryNotBeforeExit { entry: a, exit: t },
                    ));
                }
            }
            if let Some(weight) = &b.weight {
                validate_weight(weight[i]).map_err(|p| invalid(i, "weight", p))?;
            }
            if let Some(g) = &group_ids
                && g[i] as usize >= ng
            {
                return Err(invalid(
                    i,
                    "group",
                    ValueProblem::UnknownCode {
                        code: g[i].to_string(),
                        allowed: format!("below {ng}"),
                    },
                ));
            }
            counts[cell_of(i)] += 1;
        }
        let weighted = b.weight.is_some();
        let delayed = b.entry.is_some();
        // +0.0 turns −0.0 into 0.0, so that bit order is numeric order.
        let bits = |t: f64| (t + 0.0).to_bits();
        let mut cells: Vec<Cell> = if ncells == 1 {
            // One cell: the keys are written over the input's own buffers
            // (an in-place collect), so no new memory is touched.
            let mut keys: Vec<u64> = b.time.into_iter().map(bits).collect();
            for (k, &e) in keys.iter_mut().zip(&b.event) {
                *k = SortedExits::key(*k, e == 1);
            }
            vec![Cell {
                stratum: 0,
                group: 0,
                exits: SortedExits {
                    keys,
                    weight: b.weight.clone(),
                },
                entries: b.entry.map(|e| SortedTimes {
                    bits: e.into_iter().map(bits).collect(),
                    weight: b.weight,
                }),
            }]
        } else {
            let with_capacity = |k: usize| SortedTimes {
                bits: Vec::with_capacity(k),
                weight: weighted.then(|| Vec::with_capacity(k)),
            };
            let mut cells: Vec<Cell> = counts
                .iter()
                .enumerate()
                .map(|(id, &k)| {
                    let exits = with_capacity(k);
                    Cell {
                        stratum: (id / ng) as u32,
                        group: (id % ng) as u32,
                        exits: SortedExits {
                            keys: exits.bits,
                            weight: exits.weight,
                        },
                        entries: delayed.then(|| with_capacity(k)),
                    }
                })
                .collect();
            for i in 0..n {
                let cell = &mut cells[cell_of(i)];
                let w = b.weight.as_ref().map(|w| w[i]);
                let exits = &mut cell.exits;
                exits
                    .keys
                    .push(SortedExits::key(bits(b.time[i]), b.event[i] == 1));
                if let (Some(v), Some(w)) = (exits.weight.as_mut(), w) {
                    v.push(w);
                }
                if let (Some(entries), Some(e)) = (cell.entries.as_mut(), b.entry.as_ref()) {
                    entries.bits.push(bits(e[i]));
                    if let (Some(v), Some(w)) = (entries.weight.as_mut(), w) {
                        v.push(w);
                    }
                }
            }
            cells.retain(|c| c.exits.len() > 0);
            cells
        };
        for c in &mut cells {
            c.exits.sort();
            if let Some(e) = c.entries.as_mut() {
                e.sort();
            }
        }
        Ok(SurvData {
            n,
            group_labels,
            strata_labels,
            cells,
            weighted,
            delayed,
        })
    }

    /// Number of subjects.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// assert_eq!(SurvData::builder(vec![1.0], vec![1]).build().unwrap().len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false: empty input is an error.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// assert!(!SurvData::builder(vec![1.0], vec![1]).build().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Every exit time in ascending order (a merged copy; for inspection).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0, 1.0], vec![1, 0]).build().unwrap();
    /// assert_eq!(d.exit_times(), vec![1.0, 2.0]);
    /// ```
    pub fn exit_times(&self) -> Vec<f64> {
        let mut t: Vec<f64> = self
            .cells
            .iter()
            .flat_map(|c| c.exits.keys.iter())
            .map(|&k| f64::from_bits(k >> 1))
            .collect();
        t.sort_unstable_by(f64::total_cmp);
        t
    }

    /// True when the data have entry times (delayed entry).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0], vec![1]).entry(vec![1.0]).build().unwrap();
    /// assert!(d.has_entries());
    /// ```
    pub fn has_entries(&self) -> bool {
        self.delayed
    }

    /// True when the data have case weights.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0], vec![1]).build().unwrap();
    /// assert!(!d.has_weights());
    /// ```
    pub fn has_weights(&self) -> bool {
        self.weighted
    }

    /// Total (weighted) number of events.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let d = SurvData::builder(vec![2.0, 3.0], vec![1, 0]).weights(vec![2.5, 1.0]).build().unwrap();
    /// assert_eq!(d.total_events(), 2.5);
    /// ```
    pub fn total_events(&self) -> f64 {
        self.cells
            .iter()
            .flat_map(|c| {
                (0..c.exits.len())
                    .filter(|&i| c.exits.is_event(i))
                    .map(|i| c.exits.weight(i))
            })
            .sum()
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
        let mut merged: Vec<Cell> = Vec::new();
        // the cells of each group, in one pass (not one scan per group)
        let mut by_group: Vec<Vec<&Cell>> = vec![Vec::new(); self.group_labels.len()];
        for c in &self.cells {
            by_group[c.group as usize].push(c);
        }
        for cells in by_group {
            let mut acc: Option<Cell> = None;
            for c in cells {
                match acc.as_mut() {
                    None => {
                        let mut first = c.clone();
                        first.stratum = 0;
                        acc = Some(first);
                    }
                    Some(a) => {
                        a.exits.extend(&c.exits);
                        if let (Some(x), Some(y)) = (a.entries.as_mut(), c.entries.as_ref()) {
                            x.extend(y);
                        }
                    }
                }
            }
            if let Some(mut a) = acc {
                a.exits.sort();
                if let Some(e) = a.entries.as_mut() {
                    e.sort();
                }
                merged.push(a);
            }
        }
        SurvData {
            n: self.n,
            group_labels: self.group_labels.clone(),
            strata_labels: vec![String::new()],
            cells: merged,
            weighted: self.weighted,
            delayed: self.delayed,
        }
    }

    /// The cells, ordered by (stratum, group).
    pub(crate) fn cells(&self) -> &[Cell] {
        &self.cells
    }
}

#[cfg(test)]
mod encode_tests {
    use super::encode_labels;

    #[test]
    fn labels_are_coded_in_byte_order_with_few_and_many_distinct_labels() {
        for distinct in [1_usize, 3, 16, 17, 40] {
            // Labels in a scrambled order, each several times.
            let labels: Vec<String> = (0..5 * distinct)
                .map(|i| format!("g{}", (i * 7 + 3) % distinct))
                .collect();
            let (codes, names) = encode_labels(&labels);
            let mut expected: Vec<String> = labels.clone();
            expected.sort();
            expected.dedup();
            assert_eq!(names, expected);
            for (code, label) in codes.iter().zip(&labels) {
                assert_eq!(&names[*code as usize], label);
            }
        }
    }
}
