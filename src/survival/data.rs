//! Validated survival data, sorted once.

use serde::{Deserialize, Serialize};

use super::input::cells::{KeyTally, TALLY_CELLS, TALLY_MIN_ROWS, Tallied, split_rows, time_bits};
pub(crate) use super::input::cells::{SortedExits, SortedTimes};
use super::input::check::CodeRule;
use super::input::codes::Codes;
use super::input::core::Core;
use super::input::setters::{builder_setters, columns_setters};
use super::input::table::SharedNames;
use crate::data::CsvTable;
use crate::error::Result;

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
    core: Core,
}

builder_setters!(
    SurvDataBuilder,
    "SurvData::builder(vec![2.0], vec![1])",
    "SurvData::builder(vec![1.0, 2.0], vec![1, 1])",
    "use return_migration::survival::SurvData;";
    entry, weights, groups, group_codes, strata
);

impl SurvDataBuilder {
    /// Validates and sorts. Errors ([`Error::InvalidValue`] with the row and
    /// column): NaN or infinite values, negative times, entry ≥ exit, event
    /// codes other than 0 and 1, negative weights; [`Error::LengthMismatch`];
    /// [`Error::EmptyInput`].
    ///
    /// [`Error::InvalidValue`]: crate::error::Error::InvalidValue
    /// [`Error::LengthMismatch`]: crate::error::Error::LengthMismatch
    /// [`Error::EmptyInput`]: crate::error::Error::EmptyInput
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::SurvData;
    /// let err = SurvData::builder(vec![1.0, f64::NAN], vec![1, 0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 2 (counting from 1), column `time`: value NaN is not finite");
    /// ```
    pub fn build(self) -> Result<SurvData> {
        self.core
            .check_rows(u32::MAX as usize, "more than 2^32 − 1 subjects")?;
        self.core.check_lengths(CodeRule::ZeroOne)?;
        SurvData::sorted(self.core)
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
}

columns_setters!(
    SurvColumns,
    "SurvColumns::new(\"t\", \"d\")",
    "use return_migration::survival::SurvColumns;";
    entry, weight, group, strata
);

/// The non-empty cells, sorted, from a tally of their exit keys: the two
/// largest cells are written over the input's time and event buffers (no
/// fresh pages), the others into buffers of their exact size.
fn tallied_cells(
    tallied: &Tallied,
    counts: &[usize],
    ng: usize,
    time: Vec<f64>,
    event: Codes,
) -> Vec<Cell> {
    let mut by_size: Vec<usize> = (0..counts.len()).collect();
    by_size.sort_by_key(|&c| std::cmp::Reverse(counts[c]));
    let (first, second) = (by_size[0], by_size.get(1).copied());
    let (mut time, mut event) = (Some(time), Some(event));
    counts
        .iter()
        .enumerate()
        .filter(|(_, k)| **k > 0)
        .map(|(id, &k)| {
            let keys = if id == first
                && let Some(t) = time.take()
            {
                tallied.write_over(id, k, t, f64::to_bits)
            } else if Some(id) == second
                && let Some(e) = event.take().and_then(Codes::into_wide_buffer)
            {
                tallied.write_over(id, k, e, |e| e as u64)
            } else {
                let mut keys = vec![0_u64; k];
                tallied.fill(id, &mut keys);
                keys
            };
            Cell {
                stratum: (id / ng) as u32,
                group: (id % ng) as u32,
                exits: SortedExits { keys, weight: None },
                entries: None,
            }
        })
        .collect()
}

/// Sets the event flag of each exit key from its row's code.
fn flag_events<C: Copy + Into<i64>>(keys: &mut [u64], event: &[C]) {
    for (k, &e) in keys.iter_mut().zip(event) {
        *k = SortedExits::key(*k, e.into() == 1);
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
            core: Core::new(time, event),
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
        let names = Self::shared_names(columns);
        names.require(table, &[])?;
        let n = table.len();
        let core = names.read(table, 0..n, n, |_, _| Ok(()), |_| Ok(()))?;
        SurvDataBuilder { core }.build()
    }

    /// [`from_table`](Self::from_table) that takes the table's time column
    /// instead of copying it (the pipelines: the table is not read again
    /// there).
    pub(crate) fn from_table_taking_time(
        table: &mut CsvTable,
        columns: &SurvColumns,
    ) -> Result<SurvData> {
        let names = Self::shared_names(columns);
        names.require(table, &[])?;
        let core = names.read_all_taking_time(table)?;
        SurvDataBuilder { core }.build()
    }

    fn shared_names(columns: &SurvColumns) -> SharedNames<'_> {
        SharedNames {
            entry: columns.entry.as_deref(),
            weight: columns.weight.as_deref(),
            group: columns.group.as_deref(),
            strata: columns.strata.as_deref(),
            ..SharedNames::new(&columns.time, &columns.event, CodeRule::ZeroOne)
        }
    }

    /// Validates every row and counts the cells in one pass, fills the cells
    /// in a second, and sorts each cell once.
    fn sorted(mut core: Core) -> Result<SurvData> {
        let n = core.len();
        let (group_ids, group_labels) = core.take_groups();
        let (strata_ids, strata_labels) = core.take_strata();
        let ng = group_labels.len();
        let ncells = ng * strata_labels.len();
        let cell_of = |i: usize| {
            strata_ids.as_ref().map_or(0, |s| s[i] as usize) * ng
                + group_ids.as_ref().map_or(0, |g| g[i] as usize)
        };
        let mut counts = vec![0_usize; ncells];
        // Unweighted exits without entry times in a few cells: the split
        // and each cell's counting sort are tallied in the validating pass
        // (from TALLY_MIN_ROWS rows: below, the tables cost more than the
        // sorts they save).
        let fuse = (2..=TALLY_CELLS).contains(&ncells)
            && n >= TALLY_MIN_ROWS
            && core.weight.is_none()
            && core.entry.is_none();
        let mut tally = fuse.then(|| KeyTally::new(ncells, n));
        match tally.as_mut() {
            Some(tally) => {
                // the row's code, as checked (not read again from its column)
                let code = std::cell::Cell::new(0);
                core.validate(
                    CodeRule::ZeroOne,
                    group_ids.as_deref().map(|g| (g, ng)),
                    |_, c| {
                        code.set(c);
                        Ok(())
                    },
                    |i| {
                        let c = cell_of(i);
                        counts[c] += 1;
                        tally.add_time(c, core.time[i], code.get() == 1);
                        Ok(())
                    },
                )?
            }
            None => core.validate(
                CodeRule::ZeroOne,
                group_ids.as_deref().map(|g| (g, ng)),
                |_, _| Ok(()),
                |i| {
                    counts[cell_of(i)] += 1;
                    Ok(())
                },
            )?,
        }
        let Core {
            time,
            code: event,
            entry,
            weight,
            ..
        } = core;
        let weighted = weight.is_some();
        let delayed = entry.is_some();
        if let Some(tallied) = tally.and_then(KeyTally::finish) {
            return Ok(SurvData {
                n,
                group_labels,
                strata_labels,
                cells: tallied_cells(&tallied, &counts, ng, time, event),
                weighted,
                delayed,
            });
        }
        let mut cells: Vec<Cell> = if ncells == 1 {
            // One cell: the keys are written over the input's own buffers
            // (an in-place collect), so no new memory is touched.
            let mut keys: Vec<u64> = time.into_iter().map(time_bits).collect();
            match &event {
                Codes::Wide(e) => flag_events(&mut keys, e),
                Codes::Byte(e) => flag_events(&mut keys, e),
            }
            vec![Cell {
                stratum: 0,
                group: 0,
                exits: SortedExits {
                    keys,
                    weight: weight.clone(),
                },
                entries: entry.map(|e| SortedTimes {
                    bits: e.into_iter().map(time_bits).collect(),
                    weight,
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
            split_rows(n, &mut cells, cell_of, |cell, i| {
                let w = weight.as_ref().map(|w| w[i]);
                let exits = &mut cell.exits;
                exits
                    .keys
                    .push(SortedExits::key(time_bits(time[i]), event.get(i) == 1));
                if let (Some(v), Some(w)) = (exits.weight.as_mut(), w) {
                    v.push(w);
                }
                if let (Some(entries), Some(e)) = (cell.entries.as_mut(), entry.as_ref()) {
                    entries.bits.push(time_bits(e[i]));
                    if let (Some(v), Some(w)) = (entries.weight.as_mut(), w) {
                        v.push(w);
                    }
                }
            });
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

    /// The groups with subjects, in order, each with its cells (one pass
    /// over the cells, not one scan per group).
    pub(crate) fn cells_by_group(&self) -> Vec<(usize, Vec<&Cell>)> {
        let mut by_group: Vec<Vec<&Cell>> = vec![Vec::new(); self.group_labels.len()];
        for c in &self.cells {
            by_group[c.group as usize].push(c);
        }
        by_group
            .into_iter()
            .enumerate()
            .filter(|(_, cells)| !cells.is_empty())
            .collect()
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
        for (_, cells) in self.cells_by_group() {
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
mod tally_tests {
    use super::*;

    /// Each cell's exit keys by the plain route: rows of the cell in row
    /// order, keys made one by one, sorted by comparison.
    fn reference(time: &[f64], event: &[i64], cell: &[usize], ncells: usize) -> Vec<Vec<u64>> {
        let mut cells = vec![Vec::new(); ncells];
        for i in 0..time.len() {
            cells[cell[i]].push(SortedExits::key(time_bits(time[i]), event[i] == 1));
        }
        for c in &mut cells {
            c.sort_unstable();
        }
        cells.retain(|c| !c.is_empty());
        cells
    }

    #[test]
    fn tallied_cells_equal_split_and_sorted_cells() {
        let mut s = crate::num::rng::Rng::new(11);
        // (rows, groups, strata, kind of times): whole days, whole days
        // past the direct table, fractions, a mix with −0.0, and more
        // distinct times than the tally takes (the usual route), whole
        // days on both sides of a small direct table.
        for (n, ng, ns, kind) in [
            (2500, 2, 1, 0),
            (5000, 3, 2, 0),
            (3000, 2, 1, 1),
            (3000, 4, 2, 2),
            (4000, 2, 2, 3),
            (60_000, 2, 1, 2),
            (2048, 3, 3, 0),
            (2100, 2, 1, 4),
            (2500, 2, 1, 5),
            // Below TALLY_MIN_ROWS: split and sorted.
            (700, 2, 1, 0),
        ] {
            let mut time = Vec::new();
            let mut event = Vec::new();
            let mut group = Vec::new();
            let mut stratum = Vec::new();
            for i in 0..n {
                let r = s.next_u64() >> 11;
                let t = match kind {
                    0 => (r % 400) as f64,
                    1 => (65_000 + r % 2000) as f64,
                    2 => (r % 100_000) as f64 / 7.0,
                    3 => [0.0, -0.0, 1.5, 2.0, 1e9, 65_535.0, 65_536.0][(r % 7) as usize],
                    5 => (r % 10_000) as f64,
                    _ => (r % 3) as f64 + if i % 2 == 0 { 0.25 } else { 0.0 },
                };
                time.push(t);
                event.push(i64::from(!(r >> 20).is_multiple_of(3)));
                group.push(format!("g{}", (r >> 30) % ng as u64));
                stratum.push(format!("s{}", (r >> 40) % ns as u64));
            }
            let cell: Vec<usize> = group
                .iter()
                .zip(&stratum)
                .map(|(g, st)| {
                    let g: usize = g[1..].parse().unwrap_or(0);
                    let st: usize = st[1..].parse().unwrap_or(0);
                    st * ng + g
                })
                .collect();
            let expected = reference(&time, &event, &cell, ng * ns);
            let data = SurvData::builder(time, event)
                .groups(group)
                .strata(stratum)
                .build();
            let data = match data {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            };
            let got: Vec<Vec<u64>> = data.cells().iter().map(|c| c.exits.keys.clone()).collect();
            assert_eq!(got, expected, "n {n}, kind {kind}");
            assert!(data.cells().iter().all(|c| c.exits.weight.is_none()));
        }
    }
}

#[cfg(test)]
mod taking_time_tests {
    use super::*;
    use crate::data::CsvOptions;

    fn typed(text: &str) -> CsvTable {
        let columns = ["t", "d", "t0", "g"];
        CsvTable::from_reader_typed(
            "in.csv",
            text.as_bytes(),
            &CsvOptions::new(),
            &columns,
            &["t", "t0"],
        )
        .unwrap()
    }

    /// Taking the parsed time column gives the data (or the error) a copy
    /// gives, and leaves the table's other columns readable.
    #[test]
    fn taking_the_time_column_equals_copying_it() {
        let good = "t,d,t0,g\n5,1,0,a\n3.5,0,1,b\n1e-3,1,0,a\n2,1,0.5,b\n9,0,0,a\n";
        for columns in [
            SurvColumns::new("t", "d"),
            SurvColumns::new("t", "d").group("g").entry("t0"),
        ] {
            let mut taken = typed(good);
            let a = SurvData::from_table_taking_time(&mut taken, &columns).unwrap();
            let b = SurvData::from_table(&typed(good), &columns).unwrap();
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
            assert!(taken.text(0, "t").is_err());
            assert_eq!(taken.text(1, "g").unwrap(), "b");
            // a table that did not parse the column: the copying path
            let mut plain = CsvTable::from_text("in.csv", good).unwrap();
            let c = SurvData::from_table_taking_time(&mut plain, &columns).unwrap();
            assert_eq!(format!("{c:?}"), format!("{b:?}"));
        }
        // The time column named again (as the group): it stays in the table.
        let mut again = typed(good);
        let columns = SurvColumns::new("t", "d").group("t");
        let a = SurvData::from_table_taking_time(&mut again, &columns).unwrap();
        assert_eq!(a, SurvData::from_table(&typed(good), &columns).unwrap());
        assert_eq!(again.text(2, "t").unwrap(), "0.001");
        for (bad, message) in [
            (
                "t,d,t0,g\n5,1,0,a\n-2,0,0,b\n",
                "in.csv, line 3, column `t`",
            ),
            (
                "t,d,t0,g\n5,1,0,a\nsoon,0,0,b\n",
                "in.csv, line 3, column `t`",
            ),
            ("t,d,t0,g\n5,1,0,a\n4,2,0,b\n", "in.csv, line 3, column `d`"),
        ] {
            let columns = SurvColumns::new("t", "d");
            let a = SurvData::from_table_taking_time(&mut typed(bad), &columns).unwrap_err();
            let b = SurvData::from_table(&typed(bad), &columns).unwrap_err();
            assert_eq!(a.to_string(), b.to_string());
            assert!(a.to_string().starts_with(message), "{a}");
        }
    }
}
