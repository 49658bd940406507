//! Validated competing-risks data, sorted once.

use serde::Serialize;

use crate::error::{Error, Result, ValueProblem, invalid};
use crate::survival::input::check::{validate_time, validate_weight};
use crate::survival::input::labels::encode_labels;

/// At most this many distinct causes: more almost always means that the
/// status column is not a status (an id, a time, a count).
pub const MAX_CAUSES: usize = 100;

/// What the status column may hold, as shown in errors.
const STATUS_ALLOWED: &str = "0 (censored) or a positive integer cause";

/// Per-subject competing-risks data: an interval (entry, exit], a status
/// (0 = censored, 1, 2, ... = the cause of the event, e.g. 1 = re-migrated
/// irregularly, 2 = moved on through a legal channel), a case weight and a
/// group label.
///
/// Built by [`CompetingData::builder`] (vectors) or
/// [`CompetingData::from_table`] (CSV columns); validated once and sorted
/// once. The subjects are split into cells (group × status) and each cell is
/// sorted by exit time (with its entries and weights alongside) in a
/// canonical order, so that the estimates do not depend on the order of the
/// rows, not even in the last bit.
///
/// It serializes (for inspection) but does not deserialize: every value
/// is built through the validating builder.
///
/// # Example
/// ```
/// use return_migration::survival::CompetingData;
/// let data = CompetingData::builder(vec![3.0, 1.0, 2.0, 2.0], vec![2, 0, 1, 5]).build()?;
/// assert_eq!(data.len(), 4);
/// assert_eq!(data.causes(), &[1, 2, 5]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetingData {
    n: usize,
    causes: Vec<u32>,
    group_labels: Vec<String>,
    /// Non-empty cells ordered by (group, status).
    cells: Vec<StatusCell>,
    weighted: bool,
    delayed: bool,
}

/// The subjects of one group with one status, sorted by exit time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct StatusCell {
    pub group: u32,
    /// 0 = censored; k ≥ 1 = the k-th cause of [`CompetingData::causes`].
    pub status: u32,
    /// Exit times as the IEEE bits of non-negative values (bit order is
    /// numeric order), ascending.
    pub exit: Vec<u64>,
    /// Entry times (bits), paired with `exit`, when the data have entries.
    pub entry: Option<Vec<u64>>,
    /// Case weights, paired with `exit`, when the data are weighted.
    pub weight: Option<Vec<f64>>,
}

impl StatusCell {
    pub fn weight(&self, i: usize) -> f64 {
        self.weight.as_ref().map_or(1.0, |w| w[i])
    }
}

/// Collects and validates the columns of a [`CompetingData`].
#[derive(Debug, Clone)]
pub struct CompetingDataBuilder {
    time: Vec<f64>,
    status: Vec<i64>,
    entry: Option<Vec<f64>>,
    weight: Option<Vec<f64>>,
    group: Option<Vec<String>>,
    group_codes: Option<(Vec<u32>, Vec<String>)>,
}

fn bad(row: usize, column: &str, problem: ValueProblem) -> Error {
    Error::InvalidValue {
        row,
        column: column.to_string(),
        problem,
    }
}

pub(super) fn status_problem(code: &str) -> ValueProblem {
    ValueProblem::EventCode {
        code: code.to_string(),
        allowed: STATUS_ALLOWED.to_string(),
    }
}

impl CompetingDataBuilder {
    /// Entry times (delayed entry / left truncation): a subject is at risk
    /// on (entry, exit]; one entering at t is not at risk at t.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// let err = CompetingData::builder(vec![2.0], vec![1]).entry(vec![2.0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `entry`: entry 2 is not strictly before exit 2");
    /// ```
    pub fn entry(mut self, entry: Vec<f64>) -> Self {
        self.entry = Some(entry);
        self
    }

    /// Case weights (finite, non-negative).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(CompetingData::builder(vec![2.0], vec![1]).weights(vec![-1.0]).build().is_err());
    /// ```
    pub fn weights(mut self, weight: Vec<f64>) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Group labels; results come by group in byte order of the label.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// let d = CompetingData::builder(vec![1.0, 2.0], vec![1, 2])
    ///     .groups(vec!["g2".into(), "g10".into()]).build()?;
    /// assert_eq!(d.group_labels(), &["g10".to_string(), "g2".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn groups(mut self, group: Vec<String>) -> Self {
        self.group = Some(group);
        self
    }

    /// Groups as codes into `labels`, which must be distinct and in byte
    /// order (a factor); avoids one string per subject.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// let d = CompetingData::builder(vec![1.0, 2.0], vec![1, 1])
    ///     .group_codes(vec![1, 0], vec!["a".into(), "b".into()]).build()?;
    /// assert_eq!(d.group_labels().len(), 2);
    /// assert!(CompetingData::builder(vec![1.0], vec![1]).group_codes(vec![1], vec!["a".into()]).build().is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn group_codes(mut self, codes: Vec<u32>, labels: Vec<String>) -> Self {
        self.group_codes = Some((codes, labels));
        self
    }

    /// Validates and sorts. Errors: [`Error::InvalidValue`] (with the row
    /// and the column `time`, `status`, `entry`, `weight` or `group`) for NaN
    /// or infinite values, negative times, an entry not strictly before its
    /// exit, a negative status, a negative weight, an unknown group code;
    /// [`Error::LengthMismatch`]; [`Error::EmptyInput`]; more than
    /// [`MAX_CAUSES`] distinct causes ([`Error::InvalidArgument`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// let err = CompetingData::builder(vec![1.0, 2.0], vec![1, -2]).build().unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "row 2 (counting from 1), column `status`: event code `-2` is not 0 (censored) or a positive integer cause");
    /// ```
    pub fn build(self) -> Result<CompetingData> {
        let n = self.time.len();
        if n == 0 {
            return Err(Error::EmptyInput);
        }
        if n > u32::MAX as usize {
            return Err(invalid("time", "more than 2^32 − 1 subjects"));
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
        check_len("status", self.status.len())?;
        for (column, len) in [
            ("entry", self.entry.as_ref().map(Vec::len)),
            ("weight", self.weight.as_ref().map(Vec::len)),
            ("group", self.group.as_ref().map(Vec::len)),
            ("group", self.group_codes.as_ref().map(|g| g.0.len())),
        ] {
            if let Some(len) = len {
                check_len(column, len)?;
            }
        }
        if let Some((_, labels)) = &self.group_codes {
            if self.group.is_some() {
                return Err(invalid(
                    "groups",
                    "give either group labels or group codes, not both",
                ));
            }
            if labels.is_empty()
                || labels.len() > (u32::MAX >> 1) as usize
                || labels
                    .windows(2)
                    .any(|w| w[0].as_bytes() >= w[1].as_bytes())
            {
                return Err(invalid(
                    "group labels",
                    "must be non-empty, distinct and in byte order",
                ));
            }
        }
        let causes = self.validate()?;
        Ok(self.sorted(causes))
    }

    /// Checks every value; returns the distinct causes, ascending.
    fn validate(&self) -> Result<Vec<u32>> {
        let mut causes: Vec<u32> = Vec::new();
        let mut last = 0_u32;
        for (i, (&t, &s)) in self.time.iter().zip(&self.status).enumerate() {
            validate_time(t).map_err(|p| bad(i, "time", p))?;
            if !(0..=i64::from(u32::MAX)).contains(&s) {
                return Err(bad(i, "status", status_problem(&s.to_string())));
            }
            let s = s as u32;
            if s != 0 && s != last {
                if let Err(at) = causes.binary_search(&s) {
                    if causes.len() == MAX_CAUSES {
                        return Err(invalid(
                            "status",
                            format!(
                                "more than {MAX_CAUSES} distinct causes (row {} counting from 1 has cause {s}); \
                                 is this the status column?",
                                i + 1
                            ),
                        ));
                    }
                    causes.insert(at, s);
                }
                last = s;
            }
            if let Some(entry) = &self.entry {
                let a = entry[i];
                validate_time(a).map_err(|p| bad(i, "entry", p))?;
                if a >= t {
                    return Err(bad(
                        i,
                        "entry",
                        ValueProblem::EntryNotBeforeExit { entry: a, exit: t },
                    ));
                }
            }
            if let Some(weight) = &self.weight {
                validate_weight(weight[i]).map_err(|p| bad(i, "weight", p))?;
            }
            if let Some((codes, labels)) = &self.group_codes
                && codes[i] as usize >= labels.len()
            {
                return Err(bad(
                    i,
                    "group",
                    ValueProblem::UnknownCode {
                        code: codes[i].to_string(),
                        allowed: format!("below {}", labels.len()),
                    },
                ));
            }
        }
        Ok(causes)
    }

    /// Splits the subjects into cells and sorts each cell once.
    fn sorted(self, causes: Vec<u32>) -> CompetingData {
        let n = self.time.len();
        let (group_ids, group_labels) = match (&self.group, self.group_codes) {
            (Some(g), _) => {
                let (ids, labels) = encode_labels(g);
                (Some(ids), labels)
            }
            (None, Some((codes, labels))) => (Some(codes), labels),
            (None, None) => (None, vec![String::new()]),
        };
        let nstatus = causes.len() + 1;
        // Status index: 0 censored, k for causes[k - 1]; a table when the
        // codes are small (the usual case), a binary search otherwise.
        let largest = causes.last().map_or(0, |&c| c as usize);
        let table: Vec<u32> = if largest < 1 << 16 {
            let mut t = vec![0_u32; largest + 1];
            for (k, &c) in causes.iter().enumerate() {
                t[c as usize] = k as u32 + 1;
            }
            t
        } else {
            Vec::new()
        };
        let index_of = |s: i64| -> u32 {
            if table.is_empty() {
                if s == 0 {
                    0
                } else {
                    causes.partition_point(|&c| i64::from(c) < s) as u32 + 1
                }
            } else {
                table[s as usize]
            }
        };
        let cell_of = |i: usize| {
            group_ids.as_ref().map_or(0, |g| g[i] as usize) * nstatus
                + index_of(self.status[i]) as usize
        };
        let mut counts = vec![0_usize; group_labels.len() * nstatus];
        for i in 0..n {
            counts[cell_of(i)] += 1;
        }
        // +0.0 turns −0.0 into 0.0, so that bit order is numeric order.
        let key = |t: f64| (t + 0.0).to_bits();
        let paired = self.entry.is_some() || self.weight.is_some();
        let mut cells: Vec<StatusCell> = Vec::with_capacity(counts.len());
        if paired {
            let mut keys: Vec<Vec<(u64, u64, u64)>> =
                counts.iter().map(|&k| Vec::with_capacity(k)).collect();
            for i in 0..n {
                let a = self.entry.as_ref().map_or(0, |e| key(e[i]));
                let w = self.weight.as_ref().map_or(0, |w| key(w[i]));
                keys[cell_of(i)].push((key(self.time[i]), a, w));
            }
            for (id, mut k) in keys.into_iter().enumerate() {
                if k.is_empty() {
                    continue;
                }
                // A total order on the whole key: the same data give the same
                // cell whatever the order of the rows.
                k.sort_unstable();
                cells.push(StatusCell {
                    group: (id / nstatus) as u32,
                    status: (id % nstatus) as u32,
                    exit: k.iter().map(|x| x.0).collect(),
                    entry: self
                        .entry
                        .is_some()
                        .then(|| k.iter().map(|x| x.1).collect()),
                    weight: self
                        .weight
                        .is_some()
                        .then(|| k.iter().map(|x| f64::from_bits(x.2)).collect()),
                });
            }
        } else {
            let mut keys: Vec<Vec<u64>> = counts.iter().map(|&k| Vec::with_capacity(k)).collect();
            for i in 0..n {
                keys[cell_of(i)].push(key(self.time[i]));
            }
            for (id, mut k) in keys.into_iter().enumerate() {
                if k.is_empty() {
                    continue;
                }
                k.sort_unstable();
                cells.push(StatusCell {
                    group: (id / nstatus) as u32,
                    status: (id % nstatus) as u32,
                    exit: k,
                    entry: None,
                    weight: None,
                });
            }
        }
        CompetingData {
            n,
            causes,
            group_labels,
            cells,
            weighted: self.weight.is_some(),
            delayed: self.entry.is_some(),
        }
    }
}

impl CompetingData {
    /// Starts a builder from exit times and status codes.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(CompetingData::builder(vec![1.0], vec![1]).build().is_ok());
    /// ```
    pub fn builder(time: Vec<f64>, status: Vec<i64>) -> CompetingDataBuilder {
        CompetingDataBuilder {
            time,
            status,
            entry: None,
            weight: None,
            group: None,
            group_codes: None,
        }
    }

    /// Number of subjects.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert_eq!(CompetingData::builder(vec![1.0], vec![0]).build()?.len(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false: empty input is an error.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(!CompetingData::builder(vec![1.0], vec![0]).build()?.is_empty());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The causes: the distinct non-zero status codes, ascending.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// let d = CompetingData::builder(vec![1.0, 2.0, 3.0], vec![10, 0, 2]).build()?;
    /// assert_eq!(d.causes(), &[2, 10]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn causes(&self) -> &[u32] {
        &self.causes
    }

    /// Group labels in byte order (a single empty label without groups).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert_eq!(CompetingData::builder(vec![1.0], vec![1]).build()?.group_labels(), &[String::new()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn group_labels(&self) -> &[String] {
        &self.group_labels
    }

    /// True when the data have entry times.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(CompetingData::builder(vec![2.0], vec![1]).entry(vec![1.0]).build()?.has_entries());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn has_entries(&self) -> bool {
        self.delayed
    }

    /// True when the data have case weights.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(!CompetingData::builder(vec![2.0], vec![1]).build()?.has_weights());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn has_weights(&self) -> bool {
        self.weighted
    }

    /// The cells, ordered by (group, status).
    pub(crate) fn cells(&self) -> &[StatusCell] {
        &self.cells
    }
}
