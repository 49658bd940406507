//! Competing-risks data read from the columns of a CSV table.

use super::MAX_CAUSES;
use super::data::{CompetingData, CompetingDataBuilder};
use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result};
use crate::survival::input::check::CodeRule;
use crate::survival::input::setters::columns_setters;
use crate::survival::input::table::SharedNames;

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
}

columns_setters!(
    CompetingColumns,
    "CompetingColumns::new(\"t\", \"s\")",
    "use return_migration::survival::CompetingColumns;";
    entry, weight, group
);

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
        let names = SharedNames {
            entry: columns.entry.as_deref(),
            weight: columns.weight.as_deref(),
            group: columns.group.as_deref(),
            ..SharedNames::new(&columns.time, &columns.status, CodeRule::Cause)
        };
        names.require(table, &[])?;
        let n = table.len();
        let mut causes: Vec<i64> = Vec::new();
        let core = names.read(
            table,
            0..n,
            n,
            |i, s| {
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
                Ok(())
            },
            |_| Ok(()),
        )?;
        CompetingDataBuilder { core }
            .build()
            .map_err(|e| names.locate(table, &[], e))
    }
}
