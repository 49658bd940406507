//! Building the design matrix of a [`FrameSpec`] from a CSV table or from
//! columns in memory.

use std::fmt;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::columns::{ColumnValues, FrameColumns};
use super::spec::{FrameSpec, Missing};
use crate::data::CsvTable;
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
            Source::Table(t) => t.text(i, column).unwrap_or("").trim(),
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

/// The values of one used column over the kept rows.
enum Coded {
    Numeric(Vec<f64>),
    /// Level index per row; levels in byte order; the reference's index.
    Factor {
        codes: Vec<usize>,
        levels: Vec<String>,
        reference: usize,
    },
}

fn is_boolean_set(values: &[&str]) -> bool {
    let lower = |v: &&str| v.to_ascii_lowercase();
    values
        .iter()
        .all(|v| matches!(lower(v).as_str(), "yes" | "no"))
        || values
            .iter()
            .all(|v| matches!(lower(v).as_str(), "true" | "false"))
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
        // Pass 1, in file order: missing values, numbers.
        let mut rows = Vec::with_capacity(n);
        let mut dropped = Vec::new();
        for i in 0..n {
            let mut missing = None;
            for c in &used {
                if let Cell::Missing(text) = source.cell(i, c, markers) {
                    if !drop {
                        return Err(source.error(i, c, ValueProblem::MissingValue { text }));
                    }
                    missing = Some(c.to_string());
                    break;
                }
            }
            match missing {
                Some(column) => dropped.push(DroppedRow {
                    row: i,
                    line: source.line(i),
                    column,
                }),
                None => rows.push(i),
            }
        }
        if rows.is_empty() {
            return Err(Error::NoData {
                what: "every row of the model frame has a missing value".into(),
            });
        }
        let mut coded = Vec::with_capacity(used.len());
        let mut factors = Vec::new();
        // The first bad value in file order, whatever its column.
        let mut first_error: Option<(usize, Error)> = None;
        for c in &used {
            match self.code(source, c, &rows) {
                Ok((column, coding)) => {
                    factors.extend(coding);
                    coded.push(column);
                }
                Err(boxed) => {
                    let (row, e) = *boxed;
                    if first_error.as_ref().is_none_or(|(r, _)| row < *r) {
                        first_error = Some((row, e));
                    }
                }
            }
        }
        if let Some((_, e)) = first_error {
            return Err(e);
        }
        let (names, design) = self.expand(&used, &coded, rows.len());
        let p = names.len();
        let mut x = Array2::<f64>::zeros((rows.len(), p));
        for (j, col) in design.iter().enumerate() {
            for (r, v) in col.iter().enumerate() {
                x[[r, j]] = *v;
            }
        }
        Ok(ModelFrame {
            names,
            x,
            rows,
            dropped,
            factors,
            n_input: n,
        })
    }

    /// One column over the kept rows: numbers, or factor codes.
    fn code(
        &self,
        source: &Source,
        column: &str,
        rows: &[usize],
    ) -> std::result::Result<(Coded, Option<FactorCoding>), RowError> {
        let markers = self.missing.markers();
        let texts: Vec<Option<&str>> = rows
            .iter()
            .map(|&i| match source.cell(i, column, markers) {
                Cell::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        let all_text = texts.iter().all(Option::is_some);
        let named = self.factors.iter().any(|f| f == column);
        let boolean =
            all_text && is_boolean_set(&texts.iter().flatten().copied().collect::<Vec<_>>());
        if !(named || boolean) {
            let mut values = Vec::with_capacity(rows.len());
            for &i in rows {
                let fail = |p: ValueProblem| Box::new((i, source.error(i, column, p)));
                if let Source::Table(t) = source {
                    // The table's own number rules and messages.
                    values.push(t.parse_f64(i, column).map_err(|e| Box::new((i, e)))?);
                    continue;
                }
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
                values.push(v);
            }
            return Ok((Coded::Numeric(values), None));
        }
        let labels: Vec<String> = rows
            .iter()
            .map(|&i| match source.cell(i, column, markers) {
                Cell::Number(v) => v.to_string(),
                Cell::Text(t) => t.to_string(),
                Cell::Missing(t) => t,
            })
            .collect();
        let mut levels: Vec<String> = labels.clone();
        levels.sort();
        levels.dedup();
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
        let codes = labels
            .iter()
            .map(|l| levels.binary_search(l).unwrap_or(0))
            .collect();
        let coding = FactorCoding {
            column: column.to_string(),
            levels: levels.clone(),
            reference: levels[reference].clone(),
        };
        Ok((
            Coded::Factor {
                codes,
                levels,
                reference,
            },
            Some(coding),
        ))
    }

    /// Names and columns of the design matrix.
    fn expand(&self, used: &[&str], coded: &[Coded], n: usize) -> (Vec<String>, Vec<Vec<f64>>) {
        let parts = |c: &str| -> Vec<(String, Vec<f64>)> {
            let k = used.iter().position(|u| *u == c).unwrap_or(0);
            match &coded[k] {
                Coded::Numeric(v) => vec![(c.to_string(), v.clone())],
                Coded::Factor {
                    codes,
                    levels,
                    reference,
                } => levels
                    .iter()
                    .enumerate()
                    .filter(|(l, _)| l != reference)
                    .map(|(l, name)| {
                        (
                            format!("{c}{name}"),
                            codes.iter().map(|&x| f64::from(u8::from(x == l))).collect(),
                        )
                    })
                    .collect(),
            }
        };
        let mut names = Vec::new();
        let mut columns = Vec::new();
        for term in &self.terms {
            let mut acc: Vec<(String, Vec<f64>)> = vec![(String::new(), vec![1.0; n])];
            for c in term {
                let mut next = Vec::new();
                for (an, av) in &acc {
                    for (bn, bv) in parts(c) {
                        let name = if an.is_empty() {
                            bn
                        } else {
                            format!("{an}:{bn}")
                        };
                        let v = av.iter().zip(&bv).map(|(a, b)| a * b).collect();
                        next.push((name, v));
                    }
                }
                acc = next;
            }
            for (name, v) in acc {
                names.push(name);
                columns.push(v);
            }
        }
        (names, columns)
    }
}

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
    pub rows: Vec<usize>,
    pub stop_after_line: Option<u64>,
}

impl FramedRows {
    /// Reads the frame of `spec` (if any) from `table`.
    pub(crate) fn read(table: &CsvTable, spec: Option<&FrameSpec>) -> FramedRows {
        let frame = spec.map(|spec| spec.from_table(table));
        let stop_after_line = match &frame {
            Some(Err(e)) => Some(crate::error::error_line(e)),
            _ => None,
        };
        let rows = match &frame {
            Some(Ok(f)) => f.rows.clone(),
            _ => (0..table.len()).collect(),
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
        match self.frame {
            Some(Err(e)) => Err(e),
            Some(Ok(f)) => Ok((
                f.names
                    .iter()
                    .enumerate()
                    .map(|(j, name)| (name.clone(), f.x.column(j).to_vec()))
                    .collect(),
                f.dropped,
            )),
            None => Ok((numeric, Vec::new())),
        }
    }
}
