//! Fine–Gray data read from the columns of a CSV table, with located errors.

use super::data::{FineGrayData, FineGrayDataBuilder};
use crate::data::CsvTable;
use crate::error::Result;
use crate::frame::FrameSpec;
use crate::survival::input::check::CodeRule;
use crate::survival::input::table::SharedNames;

/// Column names of Fine–Gray data in a CSV table: exit time, status
/// (0 = censored, 1, 2, ... = causes) and numeric covariates.
///
/// # Example
/// ```
/// use return_migration::survival::FineGrayColumns;
/// let c = FineGrayColumns::new("months", "outcome", &["age", "assisted"]);
/// assert_eq!(c.covariates, vec!["age".to_string(), "assisted".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FineGrayColumns {
    /// Exit time column.
    pub time: String,
    /// Status column: 0 = censored, 1, 2, ... = cause.
    pub status: String,
    /// Numeric covariate columns, in the order of the coefficient table.
    pub covariates: Vec<String>,
    /// Covariates by a model frame (factors, interactions, a missing-value
    /// policy) instead of the numeric `covariates`.
    pub frame: Option<FrameSpec>,
}

impl FineGrayColumns {
    /// Time, status and covariate columns.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayColumns;
    /// assert_eq!(FineGrayColumns::new("t", "s", &["x"]).status, "s");
    /// ```
    pub fn new(time: &str, status: &str, covariates: &[&str]) -> Self {
        FineGrayColumns {
            time: time.to_string(),
            status: status.to_string(),
            covariates: covariates.iter().map(|c| c.to_string()).collect(),
            frame: None,
        }
    }

    /// Takes the covariates from a model frame (factors, interactions, a
    /// missing-value policy) instead of numeric columns; give no numeric
    /// covariates to [`FineGrayColumns::new`] then.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::frame::FrameSpec;
    /// use return_migration::survival::{FineGrayColumns, FineGrayData};
    /// let t = CsvTable::from_text("in.csv", "t,s,grant\n1,1,yes\n2,2,no\n3,0,no\n4,1,yes\n").unwrap();
    /// let cols = FineGrayColumns::new("t", "s", &[]).frame(FrameSpec::new(&["grant"]));
    /// let d = FineGrayData::from_table(&t, &cols)?;
    /// assert_eq!(d.covariate_names(), &["grantyes".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn frame(mut self, spec: FrameSpec) -> Self {
        self.frame = Some(spec);
        self
    }
}

impl FineGrayData {
    /// Reads Fine–Gray data from CSV columns. The time and status are read
    /// as for the cumulative incidence (the same reader); covariates must
    /// be finite numbers. Errors name the file, the line (the header is
    /// line 1) and the column, for the first bad line: a missing column, an
    /// empty field, unparsable text, NaN or infinity, a negative time, a
    /// status that is not 0 or a positive integer.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::{FineGrayColumns, FineGrayData};
    /// let t = CsvTable::from_text("in.csv", "time,status,age\n5,1,40\n3,2,\n").unwrap();
    /// let err = FineGrayData::from_table(&t, &FineGrayColumns::new("time", "status", &["age"])).unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 3, column `age`: empty field where a value is required");
    /// ```
    pub fn from_table(table: &CsvTable, columns: &FineGrayColumns) -> Result<FineGrayData> {
        let names = SharedNames::new(&columns.time, &columns.status, CodeRule::Cause);
        let read = names.read_with_covariates(
            table,
            &columns.covariates,
            columns.frame.as_ref(),
            "Fine-Gray columns",
        )?;
        let mut b = FineGrayDataBuilder {
            core: read.core,
            names: Vec::new(),
            columns: Vec::new(),
        };
        for (name, values) in read.covariates.into_columns() {
            b = b.covariate(&name, values);
        }
        // Values were checked line by line above; what remains is about the
        // whole column (too many causes) or the covariate list.
        b.build()
            .map_err(|e| names.locate(table, &read.rows.to_vec(), e))
    }
}
