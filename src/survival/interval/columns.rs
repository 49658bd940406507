//! Reading interval-censored data from CSV columns.

use super::data::IntervalData;
use crate::data::CsvTable;
use crate::error::Result;
use crate::survival::input::read;

/// Column names of interval-censored data in a CSV table: the event
/// happened in `(left, right]`.
///
/// Field rules (the pipeline contract's): `left` must be a finite number
/// ≥ 0 (an empty field is an error); `right` is a number ≥ `left`, or
/// right-censored (`+∞`) when the field is empty or spells infinity the way
/// Rust's `f64` parser reads it — `inf`, `+inf`, `infinity`, `+infinity`, in
/// any letter case (`Inf`, `INF`, `Infinity`). `NA`, other text, NaN and
/// `-inf` are errors naming the line and column. Weights (optional) must be
/// finite and strictly positive; groups (optional) are text.
///
/// # Example
/// ```
/// use return_migration::data::CsvTable;
/// use return_migration::survival::{Censoring, IntervalColumns};
/// let t = CsvTable::from_text("waves.csv", "l,r,sex\n1,2,f\n3,,m\n0,4,f\n5,Inf,m\n").unwrap();
/// let d = IntervalColumns::new("l", "r").group("sex").from_table(&t).unwrap();
/// assert_eq!(d.right(), &[2.0, f64::INFINITY, 4.0, f64::INFINITY]);
/// assert_eq!(d.censoring(2), Censoring::Left);
/// let bad = CsvTable::from_text("waves.csv", "l,r\n1,2\n3,2\n").unwrap();
/// let err = IntervalColumns::new("l", "r").from_table(&bad).unwrap_err();
/// assert_eq!(err.to_string(), "waves.csv, line 3, column `r`: right end 2 is below left end 3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IntervalColumns {
    /// Left end column.
    pub left: String,
    /// Right end column (empty or `inf`: right-censored).
    pub right: String,
    /// Optional group column (text).
    pub group: Option<String>,
    /// Optional case weight column.
    pub weight: Option<String>,
}

impl IntervalColumns {
    /// Left and right columns; no group, no weight.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalColumns;
    /// assert_eq!(IntervalColumns::new("l", "r").right, "r");
    /// ```
    pub fn new(left: &str, right: &str) -> Self {
        IntervalColumns {
            left: left.to_string(),
            right: right.to_string(),
            ..Default::default()
        }
    }

    /// Sets the group column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalColumns;
    /// assert!(IntervalColumns::new("l", "r").group("g").group.is_some());
    /// ```
    pub fn group(mut self, column: &str) -> Self {
        self.group = Some(column.to_string());
        self
    }

    /// Sets the weight column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalColumns;
    /// assert!(IntervalColumns::new("l", "r").weight("w").weight.is_some());
    /// ```
    pub fn weight(mut self, column: &str) -> Self {
        self.weight = Some(column.to_string());
        self
    }

    /// Reads the data, every row (none is dropped). Errors name the file,
    /// the line and the column: a missing column, an empty or non-numeric
    /// `left`, NaN or infinity in `left`, a negative `left`, text, NaN or
    /// `-inf` in `right`, `right < left` (reported at `right`), a weight
    /// that is empty, non-numeric, not finite or not strictly positive.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::IntervalColumns;
    /// let t = CsvTable::from_text("w.csv", "l,r\n-1,2\n").unwrap();
    /// let err = IntervalColumns::new("l", "r").from_table(&t).unwrap_err();
    /// assert_eq!(err.to_string(), "w.csv, line 2, column `l`: negative time -1");
    /// ```
    pub fn from_table(&self, table: &CsvTable) -> Result<IntervalData> {
        table.column(&self.left)?;
        table.column(&self.right)?;
        for c in [&self.group, &self.weight].into_iter().flatten() {
            table.column(c)?;
        }
        let n = table.len();
        let mut left = Vec::with_capacity(n);
        let mut right = Vec::with_capacity(n);
        let mut weight = self.weight.as_ref().map(|_| Vec::with_capacity(n));
        let mut group = self.group.as_ref().map(|_| Vec::with_capacity(n));
        for i in 0..n {
            let (l, r) = read_interval(table, i, &self.left, &self.right)?;
            left.push(l);
            right.push(r);
            if let (Some(col), Some(v)) = (&self.weight, weight.as_mut()) {
                v.push(read::positive_weight(table, i, col)?);
            }
            if let (Some(col), Some(v)) = (&self.group, group.as_mut()) {
                v.push(read::label(table, i, col)?);
            }
        }
        let mut b = IntervalData::builder(left, right);
        if let Some(w) = weight {
            b = b.weights(w);
        }
        if let Some(g) = group {
            b = b.groups(g);
        }
        b.build()
    }
}

/// Reads and checks the interval `(left, right]` of row `i` of a table
/// (rules as in [`IntervalColumns`]); errors are located at the field at
/// fault. Public so that regression readers (with covariates) read
/// intervals exactly the same way.
///
/// # Example
/// ```
/// use return_migration::data::CsvTable;
/// use return_migration::survival::read_interval;
/// let t = CsvTable::from_text("w.csv", "l,r\n2,inf\n1,x\n").unwrap();
/// assert_eq!(read_interval(&t, 0, "l", "r").unwrap(), (2.0, f64::INFINITY));
/// let err = read_interval(&t, 1, "l", "r").unwrap_err();
/// assert_eq!(err.to_string(), "w.csv, line 3, column `r`: cannot parse `x` as a number");
/// ```
pub fn read_interval(
    table: &CsvTable,
    i: usize,
    left_column: &str,
    right_column: &str,
) -> Result<(f64, f64)> {
    read::interval(table, i, left_column, right_column)
}
