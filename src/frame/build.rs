//! Building the design matrix of a [`FrameSpec`] from a CSV table or from
//! columns in memory.

use std::fmt;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::columns::{ColumnValues, FrameColumns};
use super::kept_rows::KeptRows;
use super::spec::{FrameSpec, Missing};
use crate::data::{CsvTable, Field};
use crate::error::{CsvProblem, Error, Result, ValueProblem, invalid};

/// A row left out for a missing value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedRow {
    /// Position in the input (0-based).
    pub row: usize,
    /// Line in the file (header = 1), when read from one.
    pub line: Option<u64>,
    /// The first column found missing.
    pub column: String,
}

/// How a factor was coded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorCoding {
    /// The column.
    pub column: String,
    /// Its levels in byte order.
    pub levels: Vec<String>,
    /// The reference level (no column of its own).
    pub reference: String,
}

/// The design matrix of a model and how it was made.
///
/// # Example
/// ```
/// use return_migration::data::CsvTable;
/// use return_migration::frame::{FrameSpec, Missing};
/// let t = CsvTable::from_text("in.csv", "age,grant\n30,yes\nNA,no\n41,no\n").unwrap();
/// let spec = FrameSpec::new(&["age", "grant"]).missing(Missing::Drop { markers: vec!["NA".into()] });
/// let f = spec.from_table(&t)?;
/// assert_eq!(f.names, vec!["age", "grantyes"]);
/// assert_eq!((f.rows.clone(), f.dropped[0].line), (vec![0, 2], Some(3)));
/// println!("{f}");
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFrame {
    /// Column names of the design matrix (R's `model.matrix` names).
    pub names: Vec<String>,
    /// The design matrix: one row per kept input row, one column per name.
    pub x: Array2<f64>,
    /// The input rows kept, in input order (0-based).
    pub rows: Vec<usize>,
    /// The rows dropped for a missing value (policy [`Missing::Drop`]).
    pub dropped: Vec<DroppedRow>,
    /// The coding of every factor.
    pub factors: Vec<FactorCoding>,
    /// Rows in the input: `rows.len() + dropped.len()`.
    pub n_input: usize,
}

impl fmt::Display for ModelFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "model frame: {} of {} rows used, {} dropped for missing values; columns: {}",
            self.rows.len(),
            self.n_input,
            self.dropped.len(),
            self.names.join(", ")
        )?;
        for c in &self.factors {
            writeln!(
                f,
                "  factor {}: levels {} (reference {})",
                c.column,
                c.levels.join(", "),
                c.reference
            )?;
        }
        Ok(())
    }
}

/// One cell as read.
enum Cell<'a> {
    Number(f64),
    Text(&'a str),
    Missing(String),
}

/// Where the values come from.
enum Source<'a> {
    Table(&'a CsvTable),
    Columns(&'a FrameColumns),
}

impl Source<'_> {
    fn len(&self) -> usize {
        match self {
            Source::Table(t) => t.len(),
            Source::Columns(c) => c.columns.first().map_or(0, |(_, v)| v.len()),
        }
    }

    fn check(&self, column: &str) -> Result<()> {
        match self {
            Source::Table(t) => t.column(column).map(|_| ()),
            Source::Columns(c) => {
                let Some(values) = c.get(column) else {
                    return Err(invalid(
                        "model frame",
                        format!("no column `{column}` (columns: {})", c.names().join(", ")),
                    ));
                };
                if values.len() != self.len() {
                    return Err(Error::LengthMismatch {
                        column: column.to_string(),
                        expected: self.len(),
                        found: values.len(),
                    });
                }
                Ok(())
            }
        }
    }

    fn cell<'s>(&'s self, i: usize, column: &str, markers: &[String]) -> Cell<'s> {
        let text = match self {
            Source::Table(t) => match t.field(i, column) {
                Ok(Field::Number(v)) => return Cell::Number(v),
                Ok(Field::Text(text)) => text.trim(),
                Err(_) => "",
            },
            Source::Columns(c) => match c.get(column) {
                Some(ColumnValues::Numbers(v)) if v[i].is_nan() => {
                    return Cell::Missing("NaN".into());
                }
                Some(ColumnValues::Numbers(v)) => return Cell::Number(v[i]),
                Some(ColumnValues::OptionalNumbers(v)) => {
                    return v[i].map_or(Cell::Missing("None".into()), Cell::Number);
                }
                Some(ColumnValues::Text(v)) => v[i].as_str(),
                None => "",
            },
        };
        if markers.iter().any(|m| m == text) {
            Cell::Missing(text.to_string())
        } else {
            Cell::Text(text)
        }
    }

    /// The rows (ascending) of a column whose cell is missing, with the
    /// missing text; for a table, found column-wise (no per-cell lookup).
    fn missing_rows(&self, column: &str, markers: &[String]) -> Result<Vec<(usize, String)>> {
        Ok(match self {
            Source::Table(t) => t
                .marked_rows(column, markers)?
                .into_iter()
                .map(|(i, text)| (i, text.to_string()))
                .collect(),
            Source::Columns(_) => (0..self.len())
                .filter_map(|i| match self.cell(i, column, markers) {
                    Cell::Missing(text) => Some((i, text)),
                    _ => None,
                })
                .collect(),
        })
    }

    fn line(&self, i: usize) -> Option<u64> {
        match self {
            Source::Table(t) => Some(t.line(i)),
            Source::Columns(_) => None,
        }
    }

    fn error(&self, i: usize, column: &str, problem: ValueProblem) -> Error {
        match (self, problem) {
            (Source::Table(t), ValueProblem::NotANumber { text }) => Error::Csv {
                at: t.at(i, column),
                problem: CsvProblem::UnparsableNumber { text },
            },
            (Source::Table(t), problem) => t.invalid_value(i, column, problem),
            (Source::Columns(_), problem) => Error::InvalidValue {
                row: i,
                column: column.to_string(),
                problem,
            },
        }
    }
}

/// An error with the input row it belongs to (to report the first in
/// file order across columns).
type RowError = Box<(usize, Error)>;

/// How one used column enters the design over the kept rows: numbers
/// (read when the design matrix is filled), or factor codes.
enum Coded {
    Numeric,
    /// Level index per kept row; levels in byte order; the reference's index.
    Factor {
        codes: Vec<u32>,
        levels: Vec<String>,
        reference: usize,
    },
}

/// One design column: its name and its parts, multiplied in this order:
/// a used column (index in the used columns) and, for a factor, the level
/// it indicates.
type DesignColumn = (String, Vec<(usize, Option<usize>)>);

/// True when every text is `yes`/`no`, or every text is `true`/`false`
/// (any case): a two-level factor without being named one.
fn is_boolean_column<'a>(mut cells: impl Iterator<Item = Cell<'a>>) -> bool {
    let (mut yes_no, mut true_false) = (true, true);
    cells.all(|cell| {
        let Cell::Text(t) = cell else {
            return false;
        };
        let is = |a: &str, b: &str| t.eq_ignore_ascii_case(a) || t.eq_ignore_ascii_case(b);
        yes_no &= is("yes", "no");
        true_false &= is("true", "false");
        yes_no || true_false
    })
}

impl FrameSpec {
    /// The design matrix from a CSV table; errors name the line and column.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::frame::FrameSpec;
    /// let t = CsvTable::from_text("in.csv", "sex,age\nM,30\nF,NA\n").unwrap();
    /// let err = FrameSpec::new(&["sex", "age"]).factor("sex").from_table(&t).unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 3, column `age`: missing value `NA` (drop such rows with a missing-value policy that drops)");
    /// ```
    pub fn from_table(&self, table: &CsvTable) -> Result<ModelFrame> {
        self.build(&Source::Table(table))
    }

    /// The design matrix from columns in memory; errors name the row
    /// (counting from 1) and the column.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::{FrameColumns, FrameSpec};
    /// let c = FrameColumns::new().text("origin", ["MALI", "GUINEA", "MALI"].map(String::from).to_vec());
    /// let f = FrameSpec::new(&["origin"]).factor("origin").reference("origin", "MALI").from_columns(&c)?;
    /// assert_eq!(f.names, vec!["originGUINEA"]);
    /// assert_eq!(f.x.column(0).to_vec(), vec![0.0, 1.0, 0.0]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn from_columns(&self, columns: &FrameColumns) -> Result<ModelFrame> {
        self.build(&Source::Columns(columns))
    }

    fn build(&self, source: &Source) -> Result<ModelFrame> {
        if self.terms.is_empty() || self.terms.iter().flatten().any(String::is_empty) {
            return Err(invalid("model frame", "a term is empty"));
        }
        let used = self.columns();
        for c in &used {
            source.check(c)?;
        }
        for f in &self.factors {
            if !used.contains(&f.as_str()) {
                return Err(invalid(
                    "model frame",
                    format!("factor `{f}` is not among the terms"),
                ));
            }
        }
        let n = source.len();
        let markers = self.missing.markers();
        let drop = matches!(self.missing, Missing::Drop { .. });
        // Pass 1: the missing cells, column by column, then in file order
        // (the first column of `used` first within a row).
        let mut missing: Vec<(usize, usize, String)> = Vec::new();
        for (k, c) in used.iter().enumerate() {
            missing.extend(
                source
                    .missing_rows(c, markers)?
                    .into_iter()
                    .map(|(i, text)| (i, k, text)),
            );
        }
        missing.sort_unstable_by_key(|(i, k, _)| (*i, *k));
        if !drop && let Some((i, k, text)) = missing.first() {
            let text = text.clone();
            return Err(source.error(*i, used[*k], ValueProblem::MissingValue { text }));
        }
        let mut rows = Vec::with_capacity(n - missing.len().min(n));
        let mut dropped = Vec::new();
        let mut next = missing.into_iter().peekable();
        for i in 0..n {
            match next.next_if(|(r, _, _)| *r == i) {
                Some((_, k, _)) => {
                    while next.next_if(|(r, _, _)| *r == i).is_some() {}
                    dropped.push(DroppedRow {
                        row: i,
                        line: source.line(i),
                        column: used[k].to_string(),
                    });
                }
                None => rows.push(i),
            }
        }
        if rows.is_empty() {
            return Err(Error::NoData {
                what: "every row of the model frame has a missing value".into(),
            });
        }
        // The first bad value of each used column (its input row).
        let mut errors: Vec<Option<RowError>> = used.iter().map(|_| None).collect();
        let mut coded = Vec::with_capacity(used.len());
        let mut factors = Vec::new();
        for (k, c) in used.iter().enumerate() {
            match self.code(source, c, &rows) {
                Ok((column, coding)) => {
                    factors.extend(coding);
                    coded.push(Some(column));
                }
                Err(e) => {
                    errors[k] = Some(e);
                    coded.push(None);
                }
            }
        }
        let x = match coded
            .iter()
            .map(Option::as_ref)
            .collect::<Option<Vec<&Coded>>>()
        {
            Some(coded) => {
                let design = self.layout(&used, &coded);
                let x = self.fill(source, &used, &coded, &design, &rows, &mut errors);
                Some((design, x))
            }
            None => {
                // A factor failed: the numbers are read only for their errors.
                for (k, c) in used.iter().enumerate() {
                    if matches!(coded[k], Some(Coded::Numeric))
                        && let Err(e) = self.numbers(source, c, &rows, |_, _| ())
                    {
                        errors[k] = Some(e);
                    }
                }
                None
            }
        };
        // The first bad value in file order, whatever its column.
        let mut first_error: Option<(usize, Error)> = None;
        for (row, e) in errors.into_iter().flatten().map(|b| *b) {
            if first_error.as_ref().is_none_or(|(r, _)| row < *r) {
                first_error = Some((row, e));
            }
        }
        if let Some((_, e)) = first_error {
            return Err(e);
        }
        let Some((design, x)) = x else {
            return Err(invalid("model frame", "a column could not be coded"));
        };
        Ok(ModelFrame {
            names: design.into_iter().map(|(name, _)| name).collect(),
            x,
            rows,
            dropped,
            factors,
            n_input: n,
        })
    }

    /// One column over the kept rows: numeric, or factor codes.
    fn code(
        &self,
        source: &Source,
        column: &str,
        rows: &[usize],
    ) -> std::result::Result<(Coded, Option<FactorCoding>), RowError> {
        let markers = self.missing.markers();
        let named = self.factors.iter().any(|f| f == column);
        if !named && !is_boolean_column(rows.iter().map(|&i| source.cell(i, column, markers))) {
            return Ok((Coded::Numeric, None));
        }
        // Labels as first-seen ids, then renumbered in byte order.
        let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut first: Vec<String> = Vec::new();
        let mut raw: Vec<u32> = Vec::with_capacity(rows.len());
        for &i in rows {
            let owned: String;
            let label = match source.cell(i, column, markers) {
                Cell::Number(v) => {
                    owned = v.to_string();
                    owned.as_str()
                }
                Cell::Text(t) => t,
                Cell::Missing(t) => {
                    owned = t;
                    owned.as_str()
                }
            };
            let id = match ids.get(label) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(first.len()).map_err(|_| {
                        let e = invalid(
                            "model frame",
                            format!("`{column}` has more than 2^32 levels"),
                        );
                        Box::new((i, e))
                    })?;
                    ids.insert(label.to_string(), id);
                    first.push(label.to_string());
                    id
                }
            };
            raw.push(id);
        }
        drop(ids);
        let mut order: Vec<usize> = (0..first.len()).collect();
        order.sort_by(|&a, &b| first[a].cmp(&first[b]));
        let mut remap = vec![0_u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            // Cannot truncate: there are as many levels as first-seen ids (u32).
            remap[old] = new as u32;
        }
        let levels: Vec<String> = order
            .iter()
            .map(|&o| std::mem::take(&mut first[o]))
            .collect();
        let reference = match self.references.get(column) {
            Some(r) => levels.iter().position(|l| l == r).ok_or_else(|| {
                let e = invalid(
                    "model frame",
                    format!(
                        "reference level `{r}` is not a level of `{column}` (levels: {})",
                        levels.join(", ")
                    ),
                );
                Box::new((usize::MAX, e))
            })?,
            None => 0,
        };
        for c in &mut raw {
            *c = remap[*c as usize];
        }
        let coding = FactorCoding {
            column: column.to_string(),
            levels: levels.clone(),
            reference: levels[reference].clone(),
        };
        Ok((
            Coded::Factor {
                codes: raw,
                levels,
                reference,
            },
            Some(coding),
        ))
    }

    /// The numbers of a numeric column over the kept rows, each passed to
    /// `sink(position among the kept rows, value)`; the first bad value is
    /// the error.
    fn numbers(
        &self,
        source: &Source,
        column: &str,
        rows: &[usize],
        mut sink: impl FnMut(usize, f64),
    ) -> std::result::Result<(), RowError> {
        if let Source::Table(t) = source {
            // The table's own number rules and messages.
            let mut done = 0;
            return t
                .each_f64(column, rows.iter().copied(), |r, v| {
                    sink(r, v);
                    done += 1;
                })
                .map_err(|e| Box::new((rows.get(done).copied().unwrap_or(usize::MAX), e)));
        }
        let markers = self.missing.markers();
        for (r, &i) in rows.iter().enumerate() {
            let fail = |p: ValueProblem| Box::new((i, source.error(i, column, p)));
            let v = match source.cell(i, column, markers) {
                Cell::Number(v) => v,
                Cell::Text(t) => t
                    .parse::<f64>()
                    .map_err(|_| fail(ValueProblem::NotANumber { text: t.into() }))?,
                Cell::Missing(text) => return Err(fail(ValueProblem::MissingValue { text })),
            };
            if !v.is_finite() {
                return Err(fail(ValueProblem::NotFinite { value: v }));
            }
            sink(r, v);
        }
        Ok(())
    }

    /// Names and parts of the design columns, in model order.
    fn layout(&self, used: &[&str], coded: &[&Coded]) -> Vec<DesignColumn> {
        let mut design = Vec::new();
        for term in &self.terms {
            let mut acc: Vec<DesignColumn> = vec![(String::new(), Vec::new())];
            for c in term {
                let k = used.iter().position(|u| *u == c).unwrap_or(0);
                let parts: Vec<(String, Option<usize>)> = match coded[k] {
                    Coded::Numeric => vec![(c.to_string(), None)],
                    Coded::Factor {
                        levels, reference, ..
                    } => levels
                        .iter()
                        .enumerate()
                        .filter(|(l, _)| l != reference)
                        .map(|(l, name)| (format!("{c}{name}"), Some(l)))
                        .collect(),
                };
                let mut next = Vec::new();
                for (an, ap) in &acc {
                    for (bn, level) in &parts {
                        let name = if an.is_empty() {
                            bn.clone()
                        } else {
                            format!("{an}:{bn}")
                        };
                        let mut p = ap.clone();
                        p.push((k, *level));
                        next.push((name, p));
                    }
                }
                acc = next;
            }
            design.extend(acc);
        }
        design
    }

    /// The design matrix: each column starts at 1 and is multiplied by its
    /// parts in order (a number, or 1/0 for a factor level). A numeric
    /// column used once is read straight into the matrix; one used in
    /// several design columns is read once. Errors go to `errors`.
    fn fill(
        &self,
        source: &Source,
        used: &[&str],
        coded: &[&Coded],
        design: &[DesignColumn],
        rows: &[usize],
        errors: &mut [Option<RowError>],
    ) -> Array2<f64> {
        let mut uses = vec![0_usize; used.len()];
        for (k, _) in design.iter().flat_map(|(_, parts)| parts) {
            uses[*k] += 1;
        }
        let mut cached: Vec<Option<Vec<f64>>> = used.iter().map(|_| None).collect();
        for (k, c) in used.iter().enumerate() {
            if uses[k] > 1 && matches!(coded[k], Coded::Numeric) {
                let mut v = Vec::with_capacity(rows.len());
                match self.numbers(source, c, rows, |_, x| v.push(x)) {
                    Ok(()) => cached[k] = Some(v),
                    Err(e) => errors[k] = Some(e),
                }
            }
        }
        for (k, c) in used.iter().enumerate() {
            // A column in no design column (beside a one-level factor) is
            // still checked.
            if uses[k] == 0
                && matches!(coded[k], Coded::Numeric)
                && let Err(e) = self.numbers(source, c, rows, |_, _| ())
            {
                errors[k] = Some(e);
            }
        }
        // Filled in blocks of rows that stay in cache (the matrix is row
        // major: a whole column at a time would stride through all of it).
        let mut x = Array2::<f64>::ones((rows.len(), design.len()));
        for (b, block_rows) in rows.chunks(FILL_ROWS).enumerate() {
            let from = b * FILL_ROWS;
            let to = from + block_rows.len();
            let mut block = x.slice_mut(ndarray::s![from..to, ..]);
            for (j, (_, parts)) in design.iter().enumerate() {
                let mut col = block.column_mut(j);
                for &(k, level) in parts {
                    if errors[k].is_some() {
                        continue;
                    }
                    match (coded[k], level, &cached[k]) {
                        (Coded::Factor { codes, .. }, Some(l), _) => {
                            for (d, &c) in col.iter_mut().zip(&codes[from..to]) {
                                *d *= f64::from(u8::from(c as usize == l));
                            }
                        }
                        (_, _, Some(v)) => {
                            for (d, &v) in col.iter_mut().zip(&v[from..to]) {
                                *d *= v;
                            }
                        }
                        _ => {
                            if let Err(e) =
                                self.numbers(source, used[k], block_rows, |r, v| col[r] *= v)
                            {
                                errors[k] = Some(e);
                            }
                        }
                    }
                }
            }
        }
        x
    }
}

/// Rows of the design matrix filled at a time.
const FILL_ROWS: usize = 4096;

/// Design columns by name, in model order.
pub(crate) type NamedColumns = Vec<(String, Vec<f64>)>;

/// The rows a reader takes from a table whose covariates come from an
/// optional model frame: the frame (or its error), the input rows to read
/// (the frame's kept rows, or all), and the line at which the other
/// columns stop being read because the frame failed earlier there (so that
/// the first bad line of the file is the one reported, whichever column
/// holds it).
pub(crate) struct FramedRows {
    pub frame: Option<Result<ModelFrame>>,
    pub rows: KeptRows,
    pub stop_after_line: Option<u64>,
}

impl FramedRows {
    /// Reads the frame of `spec` (if any) from `table`.
    pub(crate) fn read(table: &CsvTable, spec: Option<&FrameSpec>) -> FramedRows {
        let mut frame = spec.map(|spec| spec.from_table(table));
        let stop_after_line = match &frame {
            Some(Err(e)) => Some(crate::error::error_line(e)),
            _ => None,
        };
        // The frame's rows move here (its matrix and dropped rows stay).
        let rows = match &mut frame {
            Some(Ok(f)) => KeptRows::from_listed(std::mem::take(&mut f.rows), table.len()),
            _ => KeptRows::All(table.len()),
        };
        FramedRows {
            frame,
            rows,
            stop_after_line,
        }
    }

    /// True when row `i` lies after the frame's first error.
    pub(crate) fn past_error(&self, table: &CsvTable, i: usize) -> bool {
        self.stop_after_line.is_some_and(|l| table.line(i) > l)
    }

    /// The named design columns: the frame's, or `numeric` (the numeric
    /// columns read by the caller) without a frame; the frame's error if
    /// it failed.
    pub(crate) fn columns(self, numeric: NamedColumns) -> Result<(NamedColumns, Vec<DroppedRow>)> {
        let (design, dropped) = self.design(numeric)?;
        Ok((design.into_columns(), dropped))
    }

    /// As [`columns`](Self::columns), the frame's design matrix moved as it is.
    pub(crate) fn design(self, numeric: NamedColumns) -> Result<(Design, Vec<DroppedRow>)> {
        match self.frame {
            Some(Err(e)) => Err(e),
            Some(Ok(f)) => Ok((Design::Matrix(f.names, f.x), f.dropped)),
            None => Ok((Design::Columns(numeric), Vec::new())),
        }
    }
}

/// Covariates read for a model: named columns, or a frame's design matrix
/// (rows × columns, with its column names).
pub(crate) enum Design {
    Columns(NamedColumns),
    Matrix(Vec<String>, Array2<f64>),
}

impl Design {
    /// The covariates as named columns (a matrix split into its columns).
    pub(crate) fn into_columns(self) -> NamedColumns {
        match self {
            Design::Columns(c) => c,
            Design::Matrix(names, x) => names
                .into_iter()
                .enumerate()
                .map(|(j, name)| (name, x.column(j).to_vec()))
                .collect(),
        }
    }
}
