//! One reading of the shared survival columns from a CSV table: the
//! column existence checks, then each row in file order (time, code,
//! entry, weight, group, strata, cluster, then the view's own fields), so
//! that the first bad line of the file is the one reported.

use std::borrow::Cow;

use super::check::CodeRule;
use super::codes::Codes;
use super::core::Core;
use super::label_column::LabelColumn;
use super::read;
use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result, invalid};
use crate::frame::{Design, DroppedRow, FrameSpec, FramedRows, KeptRows};

/// Shared columns and covariates read from a table, with the rows the
/// model frame kept (`rows`, in file order) and those it dropped.
pub(crate) struct WithCovariates {
    pub core: Core,
    pub covariates: Design,
    pub rows: KeptRows,
    pub dropped: Vec<DroppedRow>,
}

/// The names of the shared columns in a CSV table (borrowed from a view's
/// `*Columns`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SharedNames<'a> {
    pub time: &'a str,
    pub code: &'a str,
    pub rule: CodeRule,
    pub entry: Option<&'a str>,
    pub weight: Option<&'a str>,
    pub group: Option<&'a str>,
    pub strata: Option<&'a str>,
    pub cluster: Option<&'a str>,
}

impl<'a> SharedNames<'a> {
    /// Time and code columns only.
    pub(crate) fn new(time: &'a str, code: &'a str, rule: CodeRule) -> Self {
        SharedNames {
            time,
            code,
            rule,
            entry: None,
            weight: None,
            group: None,
            strata: None,
            cluster: None,
        }
    }

    /// Checks that the columns exist: time, code, the view's `required`
    /// (e.g. covariates), then entry, weight, group, strata, cluster.
    pub(crate) fn require(&self, table: &CsvTable, required: &[String]) -> Result<()> {
        table.column(self.time)?;
        table.column(self.code)?;
        for c in required {
            table.column(c)?;
        }
        for c in [
            self.entry,
            self.weight,
            self.group,
            self.strata,
            self.cluster,
        ]
        .into_iter()
        .flatten()
        {
            table.column(c)?;
        }
        Ok(())
    }

    /// Reads `rows` (file order) into a [`Core`]: each row's time, code
    /// (then `after_code(i, code)`), entry, weight, group, strata and
    /// cluster, then `after_row(i)` for the view's own fields. The first
    /// bad field is the error, at its line and column.
    pub(crate) fn read(
        &self,
        table: &CsvTable,
        rows: impl Iterator<Item = usize>,
        capacity: usize,
        after_code: impl FnMut(usize, i64) -> Result<()>,
        after_row: impl FnMut(usize) -> Result<()>,
    ) -> Result<Core> {
        self.read_rows(table, rows, capacity, true, after_code, after_row)
    }

    /// [`read`](Self::read) of every row of a table the caller gives up
    /// its time column of: when the table parsed that column as numbers,
    /// its buffer moves into the core once every row is read (the rows'
    /// times are those numbers, each checked), instead of a copy being
    /// made beside it. The table keeps its other columns.
    pub(crate) fn read_all_taking_time(&self, table: &mut CsvTable) -> Result<Core> {
        let n = table.len();
        let take = self.time_movable(table);
        let mut core = self.read_rows(table, 0..n, n, !take, |_, _| Ok(()), |_| Ok(()))?;
        if take {
            core.time = self.take_time(table)?;
        }
        Ok(core)
    }

    /// The time column moved out of `table`, once every row was read from
    /// it (each time was the parsed number, checked).
    fn take_time(&self, table: &mut CsvTable) -> Result<Vec<f64>> {
        // (not met: the caller found the column parsed by `time_movable`)
        table
            .take_numbers(self.time)
            .ok_or_else(|| invalid(self.time, "the time column was not read as numbers"))
    }

    /// The shared columns other than the time column.
    fn besides_time(&self) -> impl Iterator<Item = &'a str> {
        [self.code]
            .into_iter()
            .chain(self.entry)
            .chain(self.weight)
            .chain(self.group)
            .chain(self.strata)
            .chain(self.cluster)
    }

    /// The time column can move out of `table`: parsed as numbers (no
    /// copy made on another thread) and no other shared column (a group,
    /// an entry...) named after it, which the caller may read again.
    fn time_movable(&self, table: &CsvTable) -> bool {
        let elsewhere = self.besides_time().any(|c| c == self.time);
        !elsewhere && matches!(table.parsed_numbers(self.time), Some(Cow::Borrowed(_)))
    }

    /// [`read`](Self::read), keeping each row's time in the core or not
    /// (`keep_time`: the caller then supplies the column).
    fn read_rows(
        &self,
        table: &CsvTable,
        rows: impl Iterator<Item = usize>,
        capacity: usize,
        keep_time: bool,
        mut after_code: impl FnMut(usize, i64) -> Result<()>,
        mut after_row: impl FnMut(usize) -> Result<()>,
    ) -> Result<Core> {
        let n = capacity;
        fn opt<T>(c: Option<&str>, n: usize) -> Option<Vec<T>> {
            c.map(|_| Vec::with_capacity(n))
        }
        let mut core = Core {
            time: Vec::with_capacity(if keep_time { n } else { 0 }),
            code: Codes::with_capacity(n),
            entry: opt(self.entry, n),
            weight: opt(self.weight, n),
            ..Default::default()
        };
        // Groups, strata and clusters as codes into the table's texts,
        // encoded after the rows (no string per row).
        let labels = |c: Option<&'a str>| c.map(|c| LabelColumn::new(table, c, n));
        let mut group = labels(self.group);
        let mut strata = labels(self.strata);
        let mut cluster = labels(self.cluster);
        let times = read::Parsed::new(table, self.time);
        let codes = read::Codes::new(table, self.code, self.rule);
        for i in rows {
            let t = read::checked_time(table, i, self.time, times.number(table, i, self.time)?)?;
            let c = codes.code(table, i, self.code, self.rule)?;
            after_code(i, c)?;
            if let (Some(col), Some(v)) = (self.entry, core.entry.as_mut()) {
                v.push(read::entry(table, i, col, t)?);
            }
            if let (Some(col), Some(v)) = (self.weight, core.weight.as_mut()) {
                v.push(read::weight(table, i, col)?);
            }
            for column in [&mut group, &mut strata, &mut cluster]
                .into_iter()
                .flatten()
            {
                column.push(i)?;
            }
            after_row(i)?;
            if keep_time {
                core.time.push(t);
            }
            core.code.push(c);
        }
        match group {
            // No rows: left to the view's check of an empty input.
            Some(g) if g.is_empty() => core.group = Some(Vec::new()),
            g => core.group_codes = g.map(LabelColumn::finish),
        }
        core.strata_codes = strata.map(LabelColumn::finish);
        core.cluster_codes = cluster.map(LabelColumn::finish);
        Ok(core)
    }

    /// Reads the shared columns and the covariates of a regression: the
    /// numeric `covariates` columns, or a model `frame` (factors,
    /// interactions, a missing-value policy), not both (`what` names the
    /// columns in that error). Rows are read in file order up to the first
    /// bad line, whether the frame or a shared column finds it.
    pub(crate) fn read_with_covariates(
        &self,
        table: &CsvTable,
        covariates: &[String],
        frame: Option<&FrameSpec>,
        what: &str,
    ) -> Result<WithCovariates> {
        let framed = self.frame_rows(table, covariates, frame, what)?;
        self.read_framed(table, covariates, framed)
    }

    /// The first step of [`read_with_covariates`](Self::read_with_covariates):
    /// the column checks, then the model frame (if any) and its rows.
    /// Between the two steps, the columns only the frame uses may be
    /// released from the table.
    pub(crate) fn frame_rows(
        &self,
        table: &CsvTable,
        covariates: &[String],
        frame: Option<&FrameSpec>,
        what: &str,
    ) -> Result<FramedRows> {
        self.require(table, covariates)?;
        if frame.is_some() && !covariates.is_empty() {
            return Err(invalid(
                what,
                "give the covariates either as numeric columns or as a model frame, not both",
            ));
        }
        Ok(FramedRows::read(table, frame))
    }

    /// True when `column` is one of the shared columns.
    pub(crate) fn uses(&self, column: &str) -> bool {
        column == self.time || self.besides_time().any(|c| c == column)
    }

    /// The second step of [`read_with_covariates`](Self::read_with_covariates):
    /// the shared columns and numeric covariates of the frame's rows.
    pub(crate) fn read_framed(
        &self,
        table: &CsvTable,
        covariates: &[String],
        framed: FramedRows,
    ) -> Result<WithCovariates> {
        self.read_framed_rows(table, covariates, framed, true)
    }

    /// [`read_framed`](Self::read_framed) from a table the caller gives up
    /// its time column of: when the frame kept every row and the table
    /// parsed that column as numbers, its buffer moves into the core (as
    /// [`read_all_taking_time`](Self::read_all_taking_time)).
    pub(crate) fn read_framed_taking_time(
        &self,
        table: &mut CsvTable,
        covariates: &[String],
        framed: FramedRows,
    ) -> Result<WithCovariates> {
        let take =
            framed.rows.is_all() && framed.stop_after_line.is_none() && self.time_movable(table);
        let mut read = self.read_framed_rows(table, covariates, framed, !take)?;
        if take {
            read.core.time = self.take_time(table)?;
        }
        Ok(read)
    }

    fn read_framed_rows(
        &self,
        table: &CsvTable,
        covariates: &[String],
        mut framed: FramedRows,
        keep_time: bool,
    ) -> Result<WithCovariates> {
        let rows = std::mem::replace(&mut framed.rows, KeptRows::All(0));
        let n = rows.len();
        let mut x = vec![Vec::with_capacity(n); covariates.len()];
        let parsed: Vec<read::Parsed> = covariates
            .iter()
            .map(|c| read::Parsed::new(table, c))
            .collect();
        let core = self.read_rows(
            table,
            rows.iter().take_while(|&i| !framed.past_error(table, i)),
            n,
            keep_time,
            |_, _| Ok(()),
            |i| {
                for ((col, v), p) in covariates.iter().zip(x.iter_mut()).zip(&parsed) {
                    v.push(p.number(table, i, col)?);
                }
                Ok(())
            },
        )?;
        let (covariates, dropped) = framed.design(covariates.iter().cloned().zip(x).collect())?;
        Ok(WithCovariates {
            core,
            covariates,
            rows,
            dropped,
        })
    }

    /// An error of a builder fed from this table, located there: a value
    /// error at row `i` moves to the table's line and the named column; an
    /// argument error about the code column names it.
    pub(crate) fn locate(&self, table: &CsvTable, rows: &[usize], e: Error) -> Error {
        self.locate_as(table, rows, e, &[])
    }

    /// As [`locate`](Self::locate), with the view's own generic column
    /// names first (`own`: generic name, column in the table).
    pub(crate) fn locate_as(
        &self,
        table: &CsvTable,
        rows: &[usize],
        e: Error,
        own: &[(&str, &str)],
    ) -> Error {
        match e {
            Error::InvalidValue {
                row,
                column,
                problem,
            } => {
                let own = own.iter().find(|(generic, _)| *generic == column);
                let name = match column.as_str() {
                    _ if own.is_some() => own.map_or("", |o| o.1),
                    "time" => self.time,
                    c if c == self.rule.column() => self.code,
                    "entry" => self.entry.unwrap_or(&column),
                    "weight" => self.weight.unwrap_or(&column),
                    "group" => self.group.unwrap_or(&column),
                    "strata" => self.strata.unwrap_or(&column),
                    "cluster" => self.cluster.unwrap_or(&column),
                    _ => &column,
                };
                let line_row = rows.get(row).copied().unwrap_or(row);
                Error::Csv {
                    at: table.at(line_row, name),
                    problem: CsvProblem::Invalid(problem),
                }
            }
            Error::InvalidArgument { what, reason } if what == self.rule.column() => {
                invalid(&format!("column `{}`", self.code), reason)
            }
            other => other,
        }
    }
}
