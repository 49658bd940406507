//! Whole columns of a [`CsvTable`] as typed vectors, with the located error
//! of the first bad row. A column with few distinct values is converted
//! once per distinct value, not once per row.

use std::borrow::Cow;

use super::csv_columns::{Column, FnvMap};
use super::csv_input::CsvTable;
use super::float_parse::parse_field;
use crate::error::{CsvProblem, Error, Location, Result};

/// True when a missing-value marker is itself a finite number (as a
/// field of a column read as numbers would parse): such a marker can only
/// be matched on the text as written, so that column must be read as text.
/// The one rule for the pipelines' choice of typed columns and for
/// [`CsvTable::marked_rows`].
pub(crate) fn is_number_marker(marker: &str) -> bool {
    parse_field(marker).is_ok()
}

impl CsvTable {
    /// Every field of a column converted by `convert`, in row order. The
    /// first row (in file order) whose text `convert` refuses is the error,
    /// located at its line and the column. `convert` sees each distinct
    /// text of a column with few distinct values once.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::error::CsvProblem;
    /// let t = CsvTable::from_text("in.csv", "d\n1\n0\n2\n").unwrap();
    /// let event = |s: &str| match s.trim() {
    ///     "0" => Ok(false),
    ///     "1" => Ok(true),
    ///     other => Err(CsvProblem::Inconsistent { detail: format!("event `{other}`") }),
    /// };
    /// let err = t.map_column("d", event).unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 4, column `d`: event `2`");
    /// ```
    pub fn map_column<T: Clone>(
        &self,
        column: &str,
        mut convert: impl FnMut(&str) -> std::result::Result<T, CsvProblem>,
    ) -> Result<Vec<T>> {
        let fail = |i: usize, problem: CsvProblem| Error::Csv {
            at: self.at(i, column),
            problem,
        };
        match self.stored(column)? {
            Column::Coded { codes, values } => {
                let converted: Vec<_> = values.iter().map(|v| convert(v)).collect();
                let mut out = Vec::with_capacity(codes.len());
                for (i, &c) in codes.iter().enumerate() {
                    match &converted[c as usize] {
                        Ok(v) => out.push(v.clone()),
                        Err(p) => return Err(fail(i, p.clone())),
                    }
                }
                Ok(out)
            }
            col => (0..self.len())
                .map(|i| convert(col.get(i)).map_err(|p| fail(i, p)))
                .collect(),
        }
    }

    /// A column of finite numbers: the error of [`CsvTable::parse_f64`] at
    /// the first bad row (an empty field, unparsable text, NaN, infinity).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("in.csv", "t\n1.5\n 2 \nx\n").unwrap();
    /// let err = t.floats("t").unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 4, column `t`: cannot parse `x` as a number");
    /// let t = CsvTable::from_text("in.csv", "t\n1.5\n 2 \n").unwrap();
    /// assert_eq!(t.floats("t").unwrap(), vec![1.5, 2.0]);
    /// ```
    pub fn floats(&self, column: &str) -> Result<Vec<f64>> {
        if let Column::Numbers(c) = self.stored(column)? {
            let mut out = Vec::with_capacity(c.len());
            self.each_f64(column, 0..c.len(), |_, v| out.push(v))?;
            return Ok(out);
        }
        // Several threads (feature `parallel`): the numbers up to the first
        // bad row (in file order), whose error is the row-by-row one.
        #[cfg(feature = "parallel")]
        if let Some(values) = self.number_prefix(column) {
            let bad = values.len();
            if bad == self.len() {
                return Ok(values);
            }
            self.parse_f64(bad, column)?;
        }
        self.map_column(column, parse_field)
    }

    /// A column of labels (groups, strata, clusters, factor levels) as
    /// codes into the distinct labels sorted by their bytes: label
    /// `labels[codes[i]]` is the exact text of row `i` (spaces kept), and
    /// only labels present in the rows are listed.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("in.csv", "g\nb\na\nb\nB\n").unwrap();
    /// let (codes, labels) = t.labels("g").unwrap();
    /// assert_eq!(labels, vec!["B", "a", "b"]);
    /// assert_eq!(codes, vec![2, 1, 2, 0]);
    /// ```
    pub fn labels(&self, column: &str) -> Result<(Vec<u32>, Vec<String>)> {
        let col = self.stored(column)?;
        // First-seen codes, then a remap to byte order.
        let (raw, first): (Vec<u32>, Vec<&str>) = match col {
            Column::Coded { codes, values } => {
                let mut present = vec![u32::MAX; values.len()];
                let mut first = Vec::new();
                let raw = codes
                    .iter()
                    .map(|&c| {
                        let p = &mut present[c as usize];
                        if *p == u32::MAX {
                            *p = first.len() as u32;
                            first.push(values[c as usize].as_str());
                        }
                        *p
                    })
                    .collect();
                (raw, first)
            }
            Column::Text { .. } | Column::Numbers(_) => {
                let mut seen: FnvMap<&str, u32> = FnvMap::default();
                let mut first = Vec::new();
                let raw = (0..col.len())
                    .map(|i| {
                        let l = col.get(i);
                        *seen.entry(l).or_insert_with(|| {
                            first.push(l);
                            (first.len() - 1) as u32
                        })
                    })
                    .collect();
                (raw, first)
            }
        };
        let mut order: Vec<u32> = (0..first.len() as u32).collect();
        order.sort_by(|&a, &b| {
            first[a as usize]
                .as_bytes()
                .cmp(first[b as usize].as_bytes())
        });
        let mut remap = vec![0_u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        Ok((
            raw.into_iter().map(|r| remap[r as usize]).collect(),
            order
                .iter()
                .map(|&o| first[o as usize].to_string())
                .collect(),
        ))
    }
}

/// Of errors found column by column, the one a row-by-row reading would
/// have met first: the smallest line; on a tie, the first given (list the
/// columns in the order a row is read). Errors without a line come last.
///
/// # Example
/// ```
/// use return_migration::data::{CsvTable, earliest_error};
/// let t = CsvTable::from_text("in.csv", "t,x\n1,a\nb,2\n").unwrap();
/// let errors = [t.floats("t"), t.floats("x")].into_iter().filter_map(Result::err);
/// let e = earliest_error(errors).unwrap();
/// assert_eq!(e.to_string(), "in.csv, line 2, column `x`: cannot parse `a` as a number");
/// ```
pub fn earliest_error(errors: impl IntoIterator<Item = Error>) -> Option<Error> {
    let line = |e: &Error| match e {
        Error::Csv { at, .. } => at.line.unwrap_or(u64::MAX),
        _ => u64::MAX,
    };
    let mut best: Option<Error> = None;
    for e in errors {
        if best.as_ref().is_none_or(|b| line(&e) < line(b)) {
            best = Some(e);
        }
    }
    best
}

impl CsvTable {
    /// The finite numbers of a column at `rows` (in the order given), each
    /// passed to `sink(position in rows, value)`; the error of
    /// [`CsvTable::parse_f64`] at the first bad row met. A coded column's
    /// distinct texts are parsed once each.
    pub(crate) fn each_f64(
        &self,
        column: &str,
        rows: impl IntoIterator<Item = usize>,
        mut sink: impl FnMut(usize, f64),
    ) -> Result<()> {
        let fail = |i: usize, problem: CsvProblem| Error::Csv {
            at: self.at(i, column),
            problem,
        };
        match self.stored(column)? {
            Column::Coded { codes, values } => {
                let converted: Vec<_> = values.iter().map(|v| parse_field(v)).collect();
                for (k, i) in rows.into_iter().enumerate() {
                    match &converted[codes[i] as usize] {
                        Ok(v) => sink(k, *v),
                        Err(p) => return Err(fail(i, p.clone())),
                    }
                }
            }
            Column::Numbers(c) => {
                for (k, i) in rows.into_iter().enumerate() {
                    sink(k, c.number(i).map_err(|p| fail(i, p))?);
                }
            }
            col => {
                for (k, i) in rows.into_iter().enumerate() {
                    sink(k, parse_field(col.get(i)).map_err(|p| fail(i, p))?);
                }
            }
        }
        Ok(())
    }

    /// Frees the stored fields of a column no longer needed (later reads
    /// of it are errors naming it, as for a column not read).
    pub(crate) fn release_column(&mut self, name: &str) {
        if let Ok(k) = self.column(name) {
            self.columns.retain(|(h, _)| *h != k);
        }
    }

    /// Moves the numbers of a column read as numbers out of the table (NaN
    /// at its rows that are not finite numbers), without a copy; later
    /// reads of the column are errors naming it, as after
    /// [`release_column`](Self::release_column). `None`, and the table
    /// unchanged, for a column stored otherwise or absent.
    pub(crate) fn take_numbers(&mut self, name: &str) -> Option<Vec<f64>> {
        let k = self.column(name).ok()?;
        let at = self
            .columns
            .iter()
            .position(|(h, c)| *h == k && matches!(c, Column::Numbers(_)))?;
        match self.columns.remove(at).1 {
            Column::Numbers(c) => Some(c.into_values()),
            Column::Coded { .. } | Column::Text { .. } => None,
        }
    }
}

/// A field as stored: the number of a column read as numbers, else text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Field<'a> {
    Number(f64),
    Text(&'a str),
}

impl CsvTable {
    /// Field `i` of a column as stored: a number where the column was read
    /// as numbers and the field is one, else its text (as [`CsvTable::text`]).
    pub(crate) fn field(&self, i: usize, column: &str) -> Result<Field<'_>> {
        let col = self.stored(column)?;
        if let Column::Numbers(c) = col {
            let v = c.values()[i];
            if !v.is_nan() {
                return Ok(Field::Number(v));
            }
        }
        Ok(Field::Text(col.get(i)))
    }

    /// The rows (ascending) of a column whose text, spaces trimmed, is one
    /// of the missing-value `markers`, with that text. A coded column is
    /// checked once per distinct value; in a column read as numbers only
    /// the fields that are not numbers can be markers that are not. A
    /// marker that is a number is an error for a column read as numbers:
    /// it is matched on the text as written (`-99` but not `-99.0`), which
    /// such a column no longer holds.
    pub(crate) fn marked_rows<M: AsRef<str>>(
        &self,
        column: &str,
        markers: &[M],
    ) -> Result<Vec<(usize, &str)>> {
        let is_marker = |t: &str| markers.iter().any(|m| m.as_ref() == t);
        let col = self.stored(column)?;
        let numeric_marker = markers.iter().any(|m| is_number_marker(m.as_ref()));
        Ok(match col {
            Column::Coded { codes, values } => {
                let m: Vec<bool> = values.iter().map(|v| is_marker(v.trim())).collect();
                codes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| m[**c as usize])
                    .map(|(i, c)| (i, values[*c as usize].trim()))
                    .collect()
            }
            Column::Numbers(c) if !numeric_marker => c
                .bad()
                .iter()
                .map(|(r, t)| (*r, t.trim()))
                .filter(|(_, t)| is_marker(t))
                .collect(),
            Column::Numbers(_) => {
                let marker = markers
                    .iter()
                    .map(AsRef::as_ref)
                    .find(|m| is_number_marker(m))
                    .unwrap_or_default();
                return Err(Error::Csv {
                    at: Location::new(self.name(), None, Some(column)),
                    problem: CsvProblem::Inconsistent {
                        detail: format!(
                            "the missing-value marker `{marker}` is a number, matched on the \
                             text as written, but the column was read as numbers (read it as text)"
                        ),
                    },
                });
            }
            col => (0..col.len())
                .map(|i| (i, col.get(i).trim()))
                .filter(|(_, t)| is_marker(t))
                .collect(),
        })
    }

    /// The numbers of a column parsed ahead of a row-by-row reading: those
    /// of a column read as numbers (NaN at the rows that are not), or with
    /// feature `parallel` a column parsed on several threads up to its
    /// first bad row; `None` otherwise (and for a column absent or not
    /// read). Rows without a number here are read with
    /// [`CsvTable::parse_f64`], which gives their error.
    pub(crate) fn parsed_numbers(&self, column: &str) -> Option<Cow<'_, [f64]>> {
        if let Ok(Column::Numbers(c)) = self.stored(column) {
            return Some(Cow::Borrowed(c.values()));
        }
        #[cfg(feature = "parallel")]
        return self.number_prefix(column).map(Cow::Owned);
        #[cfg(not(feature = "parallel"))]
        None
    }

    /// The codes and distinct texts of a coded column (few distinct
    /// values), `None` for another column.
    pub(crate) fn coded(&self, column: &str) -> Option<(&[u16], &[String])> {
        self.stored(column).ok()?.coded()
    }
}
