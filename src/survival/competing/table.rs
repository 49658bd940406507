//! Competing-risks data read from the columns of a CSV table.

use super::MAX_CAUSES;
use super::data::{CompetingData, status_problem};
use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result, ValueProblem, invalid};
use crate::survival::input::check::{validate_time, validate_weight};

/// Column names of competing-risks data in a CSV table.
///
/// # Example
/// ```
/// use return_migration::survival::CompetingColumns;
/// let c = CompetingColumns::new("months", "outcome").group("country").entry("arrived");
/// assert_eq!(c.group.as_deref(), Some("country"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompetingColumns {
    /// Exit time column.
    pub time: String,
    /// Status column: 0 = censored, 1, 2, ... = cause.
    pub status: String,
    /// Optional entry time column.
    pub entry: Option<String>,
    /// Optional case weight column.
    pub weight: Option<String>,
    /// Optional group column (text).
    pub group: Option<String>,
}

impl CompetingColumns {
    /// Time and status columns only.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingColumns;
    /// assert_eq!(CompetingColumns::new("t", "s").status, "s");
    /// ```
    pub fn new(time: &str, status: &str) -> Self {
        CompetingColumns {
            time: time.to_string(),
            status: status.to_string(),
            ..Default::default()
        }
    }

    /// Sets the entry column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingColumns;
    /// assert!(CompetingColumns::new("t", "s").entry("a").entry.is_some());
    /// ```
    pub fn entry(mut self, column: &str) -> Self {
        self.entry = Some(column.to_string());
        self
    }

    /// Sets the weight column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingColumns;
    /// assert!(CompetingColumns::new("t", "s").weight("w").weight.is_some());
    /// ```
    pub fn weight(mut self, column: &str) -> Self {
        self.weight = Some(column.to_string());
        self
    }

    /// Sets the group column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingColumns;
    /// assert!(CompetingColumns::new("t", "s").group("g").group.is_some());
    /// ```
    pub fn group(mut self, column: &str) -> Self {
        self.group = Some(column.to_string());
        self
    }
}

/// Reads the exit time and the status of line `i`: a finite non-negative
/// time and a status 0 (censored) or a positive integer cause. Errors name
/// the file, the line and the column. Shared by every reader of
/// competing-risks columns (cumulative incidence, Fine–Gray).
pub(crate) fn read_time_status(
    table: &CsvTable,
    i: usize,
    time: &str,
    status: &str,
) -> Result<(f64, i64)> {
    let t = table.parse_f64(i, time)?;
    validate_time(t).map_err(|p| table.invalid_value(i, time, p))?;
    let code = table.text(i, status)?.trim();
    if code.is_empty() {
        return Err(Error::Csv {
            at: table.at(i, status),
            problem: CsvProblem::EmptyField,
        });
    }
    // Codes beyond u32 are refused here, on their own line.
    match code.parse::<i64>() {
        Ok(s) if (0..=i64::from(u32::MAX)).contains(&s) => Ok((t, s)),
        _ => Err(Error::Csv {
            at: table.at(i, status),
            problem: CsvProblem::Invalid(status_problem(code)),
        }),
    }
}

impl CompetingData {
    /// Reads competing-risks data from CSV columns. Errors name the file,
    /// the line and the column: a missing column, an empty field, an
    /// unparsable number, NaN or infinity, a negative time, an entry not
    /// strictly before its exit, a status that is not a non-negative
    /// integer, a negative weight.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::{CompetingColumns, CompetingData};
    /// let t = CsvTable::from_text("in.csv", "time,status\n5,1\n3,2.5\n").unwrap();
    /// let err = CompetingData::from_table(&t, &CompetingColumns::new("time", "status")).unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "in.csv, line 3, column `status`: event code `2.5` is not 0 (censored) or a positive integer cause");
    /// ```
    pub fn from_table(table: &CsvTable, columns: &CompetingColumns) -> Result<CompetingData> {
        table.column(&columns.time)?;
        table.column(&columns.status)?;
        for c in [&columns.entry, &columns.weight, &columns.group]
            .into_iter()
            .flatten()
        {
            table.column(c)?;
        }
        let n = table.len();
        let mut time = Vec::with_capacity(n);
        let mut status = Vec::with_capacity(n);
        let mut entry = columns.entry.as_ref().map(|_| Vec::with_capacity(n));
        let mut weight = columns.weight.as_ref().map(|_| Vec::with_capacity(n));
        let mut group = columns.group.as_ref().map(|_| Vec::with_capacity(n));
        let mut causes: Vec<i64> = Vec::new();
        // Values are checked line by line, so that the first bad line of
        // the file is the one reported.
        let located =
            |i: usize, column: &str, problem: ValueProblem| table.invalid_value(i, column, problem);
        for i in 0..n {
            let (t, s) = read_time_status(table, i, &columns.time, &columns.status)?;
            time.push(t);
            if s != 0
                && let Err(at) = causes.binary_search(&s)
            {
                if causes.len() == MAX_CAUSES {
                    return Err(Error::Csv {
                        at: table.at(i, &columns.status),
                        problem: CsvProblem::Inconsistent {
                            detail: format!(
                                "cause {s} makes {} distinct causes (at most {MAX_CAUSES}); \
                                 is this the status column?",
                                MAX_CAUSES + 1
                            ),
                        },
                    });
                }
                causes.insert(at, s);
            }
            status.push(s);
            if let (Some(col), Some(v)) = (&columns.entry, entry.as_mut()) {
                let a = table.parse_f64(i, col)?;
                validate_time(a).map_err(|p| located(i, col, p))?;
                if a >= t {
                    let p = ValueProblem::EntryNotBeforeExit { entry: a, exit: t };
                    return Err(located(i, col, p));
                }
                v.push(a);
            }
            if let (Some(col), Some(v)) = (&columns.weight, weight.as_mut()) {
                let w = table.parse_f64(i, col)?;
                validate_weight(w).map_err(|p| located(i, col, p))?;
                v.push(w);
            }
            if let (Some(col), Some(v)) = (&columns.group, group.as_mut()) {
                v.push(table.text(i, col)?.to_string());
            }
        }
        let mut b = CompetingData::builder(time, status);
        if let Some(entry) = entry {
            b = b.entry(entry);
        }
        if let Some(weight) = weight {
            b = b.weights(weight);
        }
        if let Some(group) = group {
            b = b.groups(group);
        }
        b.build().map_err(|e| match e {
            Error::InvalidValue {
                row,
                column,
                problem,
            } => {
                let name = match column.as_str() {
                    "time" => &columns.time,
                    "status" => &columns.status,
                    "entry" => columns.entry.as_ref().unwrap_or(&column),
                    "weight" => columns.weight.as_ref().unwrap_or(&column),
                    _ => columns.group.as_ref().unwrap_or(&column),
                };
                Error::Csv {
                    at: table.at(row, name),
                    problem: CsvProblem::Invalid(problem),
                }
            }
            Error::InvalidArgument { reason, .. } => {
                invalid(&format!("column `{}`", columns.status), reason)
            }
            other => other,
        })
    }
}
