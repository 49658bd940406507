//! Recurrent-event data read from the columns of a CSV table.

use super::data::RecurrentData;
use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result, ValueProblem};
use crate::survival::input::check::CodeRule;
use crate::survival::input::read;
use crate::survival::input::table::SharedNames;

/// Column names of recurrent-event data in a CSV table.
///
/// # Example
/// ```
/// use return_migration::survival::RecurrentColumns;
/// let c = RecurrentColumns::new("person", "from", "to", "returned").group("country");
/// assert_eq!(c.stop, "to");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecurrentColumns {
    /// Subject id column (text).
    pub id: String,
    /// Interval start column.
    pub start: String,
    /// Interval stop column.
    pub stop: String,
    /// Events at stop (a non-negative integer).
    pub event: String,
    /// Optional group column (text).
    pub group: Option<String>,
}

impl RecurrentColumns {
    /// The id, start, stop and event columns.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentColumns;
    /// assert!(RecurrentColumns::new("id", "a", "b", "e").group.is_none());
    /// ```
    pub fn new(id: &str, start: &str, stop: &str, event: &str) -> Self {
        RecurrentColumns {
            id: id.to_string(),
            start: start.to_string(),
            stop: stop.to_string(),
            event: event.to_string(),
            group: None,
        }
    }

    /// Sets the group column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentColumns;
    /// assert!(RecurrentColumns::new("id", "a", "b", "e").group("g").group.is_some());
    /// ```
    pub fn group(mut self, column: &str) -> Self {
        self.group = Some(column.to_string());
        self
    }
}

impl RecurrentData {
    /// Reads recurrent-event data from CSV columns; errors name the file,
    /// the line and the column (a missing column, an empty or unparsable
    /// field, NaN, a negative time, start ≥ stop, a negative or
    /// non-integer event count, overlapping intervals of one id).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::{RecurrentColumns, RecurrentData};
    /// let t = CsvTable::from_text("in.csv", "id,a,b,e\n1,0,5,1\n1,4,9,0\n").unwrap();
    /// let err = RecurrentData::from_table(&t, &RecurrentColumns::new("id", "a", "b", "e")).unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "in.csv, line 3, column `a`: interval starting at 4 overlaps an earlier interval of id `1`, which stops at 5");
    /// ```
    pub fn from_table(table: &CsvTable, columns: &RecurrentColumns) -> Result<RecurrentData> {
        for c in [&columns.id, &columns.start, &columns.stop, &columns.event] {
            table.column(c)?;
        }
        if let Some(g) = &columns.group {
            table.column(g)?;
        }
        let n = table.len();
        let (mut id, mut start, mut stop, mut event) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let mut group = columns.group.as_ref().map(|_| Vec::with_capacity(n));
        for i in 0..n {
            let text = table.text(i, &columns.id)?.trim();
            if text.is_empty() {
                return Err(Error::Csv {
                    at: table.at(i, &columns.id),
                    problem: CsvProblem::EmptyField,
                });
            }
            id.push(text.to_string());
            // Checked line by line: the first bad line is the one reported.
            let a = read::time(table, i, &columns.start)?;
            let b = read::time(table, i, &columns.stop)?;
            if a >= b {
                let p = ValueProblem::EntryNotBeforeExit { entry: a, exit: b };
                return Err(table.invalid_value(i, &columns.start, p));
            }
            start.push(a);
            stop.push(b);
            event.push(read::code(table, i, &columns.event, CodeRule::Count)?);
            if let (Some(col), Some(v)) = (&columns.group, group.as_mut()) {
                v.push(read::label(table, i, col)?);
            }
        }
        let mut b = RecurrentData::builder(id, start, stop, event);
        if let Some(group) = group {
            b = b.groups(group);
        }
        let names = SharedNames {
            entry: Some(&columns.start),
            group: columns.group.as_deref(),
            ..SharedNames::new(&columns.stop, &columns.event, CodeRule::Count)
        };
        let own = [
            ("start", columns.start.as_str()),
            ("stop", columns.stop.as_str()),
        ];
        b.build().map_err(|e| names.locate_as(table, &[], e, &own))
    }
}
