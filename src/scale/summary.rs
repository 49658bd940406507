//! The risk-set summary of one partition: per stratum × group × distinct
//! time, the numbers entering, with an event of each cause, and censored
//! (with their weights), and its exact merge.

use serde::{Deserialize, Serialize};

use super::exact_sum::ExactSum;
use crate::error::{Error, Result, ValueProblem};

/// A count with, for weighted data, the exact sum of the weights.
///
/// # Example
/// ```
/// use return_migration::scale::Tally;
/// let mut t = Tally::default();
/// t.add(2.5);
/// t.add(0.5);
/// assert_eq!((t.count, t.weight.value()), (2, 3.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Number of persons.
    pub count: u64,
    /// Sum of their weights (empty for unweighted data).
    pub weight: ExactSum,
}

impl Tally {
    /// Counts one person of weight `w` (give 1 for unweighted data: the
    /// weight sum is then not kept).
    ///
    /// # Example
    /// ```
    /// let mut t = return_migration::scale::Tally::default();
    /// t.add(1.0);
    /// assert_eq!(t.count, 1);
    /// ```
    pub fn add(&mut self, w: f64) {
        self.count += 1;
        self.weight.add(w);
    }

    /// Adds another tally (exact).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::Tally;
    /// let mut a = Tally::default();
    /// a.add(1.0);
    /// a.merge(&a.clone());
    /// assert_eq!(a.count, 2);
    /// ```
    pub fn merge(&mut self, other: &Tally) {
        self.count += other.count;
        self.weight.merge(&other.weight);
    }

    /// The count, or the weight sum when `weighted`.
    ///
    /// # Example
    /// ```
    /// let mut t = return_migration::scale::Tally::default();
    /// t.add(0.25);
    /// assert_eq!((t.value(false), t.value(true)), (1.0, 0.25));
    /// ```
    pub fn value(&self, weighted: bool) -> f64 {
        if weighted {
            self.weight.value()
        } else {
            self.count as f64
        }
    }

    fn normalize(&mut self, weighted: bool) {
        if weighted {
            self.weight.normalize();
        } else {
            self.weight = ExactSum::default();
        }
    }
}

/// What happened at one distinct time of one cell.
///
/// # Example
/// ```
/// use return_migration::scale::TimeTally;
/// let t = TimeTally { time: 2.0, ..Default::default() };
/// assert!(t.events.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeTally {
    /// The time.
    pub time: f64,
    /// Persons whose delayed entry is this time (at risk just after it).
    pub entering: Tally,
    /// Persons with an event of cause k + 1 at this time (`events[k]`);
    /// trailing causes without events are left out.
    pub events: Vec<Tally>,
    /// Persons censored at this time.
    pub censored: Tally,
}

impl TimeTally {
    /// Persons leaving the risk set at this time (events and censorings).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::{Tally, TimeTally};
    /// let mut t = TimeTally::default();
    /// t.censored.add(1.0);
    /// assert_eq!(t.exits(), 1);
    /// ```
    pub fn exits(&self) -> u64 {
        self.events.iter().map(|e| e.count).sum::<u64>() + self.censored.count
    }

    /// Persons with an event of any cause at this time.
    ///
    /// # Example
    /// ```
    /// assert_eq!(return_migration::scale::TimeTally::default().event_count(), 0);
    /// ```
    pub fn event_count(&self) -> u64 {
        self.events.iter().map(|e| e.count).sum()
    }

    /// Adds another time's counts (exact), keeping this time.
    pub(crate) fn merge(&mut self, other: &TimeTally) {
        self.entering.merge(&other.entering);
        self.censored.merge(&other.censored);
        if self.events.len() < other.events.len() {
            self.events.resize(other.events.len(), Tally::default());
        }
        for (a, b) in self.events.iter_mut().zip(&other.events) {
            a.merge(b);
        }
    }

    fn normalize(&mut self, weighted: bool) {
        self.entering.normalize(weighted);
        self.censored.normalize(weighted);
        for e in &mut self.events {
            e.normalize(weighted);
        }
        while self.events.last().is_some_and(|e| e.count == 0) {
            self.events.pop();
        }
    }
}

/// The summary of one stratum × group.
///
/// # Example
/// ```
/// use return_migration::scale::CellSummary;
/// let c = CellSummary::default();
/// assert_eq!(c.persons(), 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CellSummary {
    /// Stratum label (empty without strata).
    pub stratum: String,
    /// Group label (empty without groups).
    pub group: String,
    /// Persons at risk from the start (no delayed entry).
    pub initial: Tally,
    /// Distinct times (exits or entries), ascending.
    pub times: Vec<TimeTally>,
}

impl CellSummary {
    /// Persons in the cell (each leaves the risk set once).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[1.0, 2.0], &[1, 0], None, None, None, None)?;
    /// assert_eq!(s.cells[0].persons(), 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn persons(&self) -> u64 {
        self.times.iter().map(TimeTally::exits).sum()
    }

    /// Adds another cell's counts (exact), whatever its labels.
    pub(crate) fn merge_cell(&mut self, other: &CellSummary) {
        self.initial.merge(&other.initial);
        let mut out = Vec::with_capacity(self.times.len() + other.times.len());
        let mut a = std::mem::take(&mut self.times).into_iter().peekable();
        let mut b = other.times.iter().peekable();
        loop {
            match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.time == y.time => {
                    let mut x = a.next().unwrap_or_default();
                    x.merge(b.next().unwrap_or(&TimeTally::default()));
                    out.push(x);
                }
                (Some(x), Some(y)) if x.time < y.time => out.extend(a.next()),
                (Some(_), Some(_)) | (None, Some(_)) => out.extend(b.next().cloned()),
                (Some(_), None) => out.extend(a.next()),
                (None, None) => break,
            }
        }
        self.times = out;
    }
}

/// The risk-set summary of a partition of the data (a site, a file, a
/// shard): everything Kaplan–Meier, Nelson–Aalen, the log-rank test,
/// Aalen–Johansen and the life table need, and nothing about a person.
/// Summaries of disjoint partitions merge exactly
/// ([`RiskSetSummary::merge`]: associative, commutative, counts as
/// integers and weights as exact sums), so the estimates from the merged
/// summary equal those from the pooled data.
///
/// # Example
/// ```
/// use return_migration::scale::RiskSetSummary;
/// use return_migration::survival::KaplanMeier;
/// let mut a = RiskSetSummary::from_columns(&[2.0, 3.0], &[1, 0], None, None, None, None)?;
/// let b = RiskSetSummary::from_columns(&[3.0, 5.0], &[1, 1], None, None, None, None)?;
/// a.merge(&b)?;
/// let fit = a.kaplan_meier(&KaplanMeier::new())?;
/// assert_eq!(fit.curves[0].rows[1].survival, 0.75 * (1.0 - 1.0 / 3.0));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RiskSetSummary {
    /// Whether the data carried case weights (weights sums are kept).
    pub weighted: bool,
    /// Cells in byte order of (stratum, group).
    pub cells: Vec<CellSummary>,
}

fn bad(row: usize, column: &str, problem: ValueProblem) -> Error {
    Error::InvalidValue {
        row,
        column: column.to_string(),
        problem,
    }
}

fn label<'a>(v: Option<&[&'a str]>, i: usize) -> &'a str {
    v.map_or("", |v| v[i])
}

fn check_len(column: &str, expected: usize, found: usize) -> Result<()> {
    if expected != found {
        return Err(Error::LengthMismatch {
            column: column.to_string(),
            expected,
            found,
        });
    }
    Ok(())
}

impl RiskSetSummary {
    /// The summary of in-memory columns: exit `time`, `status` (0 =
    /// censored, k ≥ 1 = an event of cause k; survival data have 0/1),
    /// optional delayed `entry` (at risk on (entry, time]), case `weight`,
    /// `group` and `strata` labels. Errors (rows counted from 1) as the
    /// crate's data builders: a negative or non-finite time, an entry not
    /// strictly before its exit, a negative or non-finite weight, columns
    /// of different lengths.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[4.0, 4.0, 6.0], &[1, 2, 0], None, None, None, None)?;
    /// let t = &s.cells[0].times[0];
    /// assert_eq!((t.time, t.events[0].count, t.events[1].count), (4.0, 1, 1));
    /// let err = RiskSetSummary::from_columns(&[-1.0], &[1], None, None, None, None).unwrap_err();
    /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `time`: negative time -1");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn from_columns(
        time: &[f64],
        status: &[u32],
        entry: Option<&[f64]>,
        weight: Option<&[f64]>,
        group: Option<&[&str]>,
        strata: Option<&[&str]>,
    ) -> Result<RiskSetSummary> {
        let n = time.len();
        check_len("status", n, status.len())?;
        for (name, len) in [
            ("entry", entry.map(<[f64]>::len)),
            ("weight", weight.map(<[f64]>::len)),
            ("group", group.map(<[&str]>::len)),
            ("strata", strata.map(<[&str]>::len)),
        ] {
            if let Some(len) = len {
                check_len(name, n, len)?;
            }
        }
        for i in 0..n {
            let t = time[i];
            crate::survival::validate_time_value(t).map_err(|p| bad(i, "time", p))?;
            if let Some(e) = entry {
                crate::survival::validate_time_value(e[i]).map_err(|p| bad(i, "entry", p))?;
                if e[i] >= t {
                    return Err(bad(
                        i,
                        "entry",
                        ValueProblem::EntryNotBeforeExit {
                            entry: e[i],
                            exit: t,
                        },
                    ));
                }
            }
            if let Some(w) = weight {
                crate::survival::validate_weight_value(w[i]).map_err(|p| bad(i, "weight", p))?;
            }
        }
        // Persons sorted by cell, then time.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by(|&a, &b| {
            (label(strata, a), label(group, a))
                .cmp(&(label(strata, b), label(group, b)))
                .then(time[a].total_cmp(&time[b]))
        });
        // Unweighted data keep counts only (no weight sums to add).
        let bump = |tally: &mut Tally, i: usize| match weight {
            Some(w) => tally.add(w[i]),
            None => tally.count += 1,
        };
        let mut cells: Vec<CellSummary> = Vec::new();
        for &i in &order {
            let (s, g) = (label(strata, i), label(group, i));
            if cells.last().is_none_or(|c| c.stratum != s || c.group != g) {
                cells.push(CellSummary {
                    stratum: s.to_string(),
                    group: g.to_string(),
                    ..Default::default()
                });
            }
            let Some(cell) = cells.last_mut() else {
                continue;
            };
            let t = time[i] + 0.0;
            if cell.times.last().is_none_or(|x| x.time != t) {
                cell.times.push(TimeTally {
                    time: t,
                    ..Default::default()
                });
            }
            let Some(row) = cell.times.last_mut() else {
                continue;
            };
            match status[i] {
                0 => bump(&mut row.censored, i),
                k => {
                    let k = k as usize;
                    if row.events.len() < k {
                        row.events.resize(k, Tally::default());
                    }
                    bump(&mut row.events[k - 1], i);
                }
            }
            if entry.is_none() {
                bump(&mut cell.initial, i);
            }
        }
        let mut out = RiskSetSummary {
            weighted: weight.is_some(),
            cells,
        };
        if let Some(e) = entry {
            // Entries: a second sorted pass per cell, merged into the exits.
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_unstable_by(|&a, &b| {
                (label(strata, a), label(group, a))
                    .cmp(&(label(strata, b), label(group, b)))
                    .then(e[a].total_cmp(&e[b]))
            });
            let mut entries = RiskSetSummary {
                weighted: out.weighted,
                cells: Vec::new(),
            };
            for &i in &order {
                let (s, g) = (label(strata, i), label(group, i));
                if entries
                    .cells
                    .last()
                    .is_none_or(|c| c.stratum != s || c.group != g)
                {
                    entries.cells.push(CellSummary {
                        stratum: s.to_string(),
                        group: g.to_string(),
                        ..Default::default()
                    });
                }
                let Some(cell) = entries.cells.last_mut() else {
                    continue;
                };
                let t = e[i] + 0.0;
                if cell.times.last().is_none_or(|x| x.time != t) {
                    cell.times.push(TimeTally {
                        time: t,
                        ..Default::default()
                    });
                }
                if let Some(row) = cell.times.last_mut() {
                    bump(&mut row.entering, i);
                }
            }
            out.merge(&entries)?;
        }
        out.normalize();
        Ok(out)
    }

    /// Adds the summary of another, disjoint partition. Exact: counts add
    /// as integers and weights as exact sums, so merging is associative and
    /// commutative (the merged summary is the same, bit for bit, whatever
    /// the order). An error when one summary is weighted and the other not.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let a = RiskSetSummary::from_columns(&[1.0], &[1], None, None, Some(&["x"]), None)?;
    /// let b = RiskSetSummary::from_columns(&[2.0], &[0], None, None, Some(&["y"]), None)?;
    /// let (mut ab, mut ba) = (a.clone(), b.clone());
    /// ab.merge(&b)?;
    /// ba.merge(&a)?;
    /// assert_eq!(ab, ba);
    /// assert_eq!(ab.cells.len(), 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn merge(&mut self, other: &RiskSetSummary) -> Result<()> {
        if self.weighted != other.weighted && !self.cells.is_empty() && !other.cells.is_empty() {
            return Err(crate::error::invalid(
                "summaries",
                "one summary has case weights and the other not",
            ));
        }
        self.weighted |= other.weighted;
        let mut out = Vec::with_capacity(self.cells.len() + other.cells.len());
        let mut a = std::mem::take(&mut self.cells).into_iter().peekable();
        let mut b = other.cells.iter().peekable();
        loop {
            let key = |c: &CellSummary| (c.stratum.clone(), c.group.clone());
            match (a.peek().map(key), b.peek().map(|c| key(c))) {
                (Some(x), Some(y)) if x == y => {
                    let mut x = a.next().unwrap_or_default();
                    x.merge_cell(b.next().unwrap_or(&CellSummary::default()));
                    out.push(x);
                }
                (Some(x), Some(y)) if x < y => out.extend(a.next()),
                (Some(_), Some(_)) | (None, Some(_)) => out.extend(b.next().cloned()),
                (Some(_), None) => out.extend(a.next()),
                (None, None) => break,
            }
        }
        self.cells = out;
        self.normalize();
        Ok(())
    }

    /// Puts every weight sum in its canonical form (see
    /// [`ExactSum::normalize`]); done by every constructor and merge.
    fn normalize(&mut self) {
        let weighted = self.weighted;
        for c in &mut self.cells {
            c.initial.normalize(weighted);
            for t in &mut c.times {
                t.normalize(weighted);
            }
        }
    }

    /// Whether any person has a delayed entry.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[2.0], &[1], Some(&[1.0]), None, None, None)?;
    /// assert!(s.has_entries());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn has_entries(&self) -> bool {
        self.cells
            .iter()
            .any(|c| c.times.iter().any(|t| t.entering.count > 0))
    }

    /// The group labels, in byte order.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[1.0, 2.0], &[1, 1], None, None, Some(&["g2", "g10"]), None)?;
    /// assert_eq!(s.group_labels(), vec!["g10", "g2"]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn group_labels(&self) -> Vec<String> {
        let mut g: Vec<String> = self.cells.iter().map(|c| c.group.clone()).collect();
        g.sort();
        g.dedup();
        g
    }

    /// The stratum labels, in byte order.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[1.0], &[1], None, None, None, Some(&["AT"]))?;
    /// assert_eq!(s.strata_labels(), vec!["AT"]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn strata_labels(&self) -> Vec<String> {
        let mut s: Vec<String> = self.cells.iter().map(|c| c.stratum.clone()).collect();
        s.dedup();
        s
    }

    /// The causes with at least one event (1, 2, ...), ascending.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[1.0, 2.0], &[3, 0], None, None, None, None)?;
    /// assert_eq!(s.causes(), vec![3]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn causes(&self) -> Vec<u32> {
        let mut seen = Vec::new();
        for c in &self.cells {
            for t in &c.times {
                for (k, e) in t.events.iter().enumerate() {
                    if e.count > 0 {
                        seen.push(k as u32 + 1);
                    }
                }
            }
        }
        seen.sort_unstable();
        seen.dedup();
        seen
    }
}
