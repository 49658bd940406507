//! Cox regression data from the columns of a CSV table, with located errors.

use super::data::CoxData;
use crate::data::CsvTable;
use crate::error::{Result, ValueProblem, invalid};
use crate::frame::{FrameSpec, FramedRows};
use crate::survival::input::check::{validate_time, validate_weight};
use crate::survival::input::{check::CodeRule, read};

/// Column names of Cox regression data in a CSV table.
///
/// # Example
/// ```
/// use return_migration::survival::CoxColumns;
/// let c = CoxColumns::new("week", "arrest", &["fin", "age"]).strata("wave");
/// assert_eq!(c.covariates, vec!["fin".to_string(), "age".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CoxColumns {
    /// Exit time column.
    pub time: String,
    /// Event column (0/1).
    pub event: String,
    /// Numeric covariate columns, in the order of the coefficient table.
    pub covariates: Vec<String>,
    /// Optional entry time column.
    pub entry: Option<String>,
    /// Optional case weight column.
    pub weight: Option<String>,
    /// Optional stratum column (text).
    pub strata: Option<String>,
    /// Optional cluster column (text, e.g. a subject id).
    pub cluster: Option<String>,
    /// Covariates by a model frame (factors, interactions, a missing-value
    /// policy) instead of the numeric `covariates`.
    pub frame: Option<FrameSpec>,
}

impl CoxColumns {
    /// Time, event and covariate columns.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxColumns;
    /// assert_eq!(CoxColumns::new("t", "d", &["x"]).event, "d");
    /// ```
    pub fn new(time: &str, event: &str, covariates: &[&str]) -> Self {
        CoxColumns {
            time: time.to_string(),
            event: event.to_string(),
            covariates: covariates.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }

    /// Sets the entry column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxColumns;
    /// assert!(CoxColumns::new("t", "d", &["x"]).entry("start").entry.is_some());
    /// ```
    pub fn entry(mut self, column: &str) -> Self {
        self.entry = Some(column.to_string());
        self
    }

    /// Sets the weight column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxColumns;
    /// assert!(CoxColumns::new("t", "d", &["x"]).weight("w").weight.is_some());
    /// ```
    pub fn weight(mut self, column: &str) -> Self {
        self.weight = Some(column.to_string());
        self
    }

    /// Sets the strata column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxColumns;
    /// assert!(CoxColumns::new("t", "d", &["x"]).strata("s").strata.is_some());
    /// ```
    pub fn strata(mut self, column: &str) -> Self {
        self.strata = Some(column.to_string());
        self
    }

    /// Sets the cluster column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxColumns;
    /// assert!(CoxColumns::new("t", "d", &["x"]).cluster("id").cluster.is_some());
    /// ```
    pub fn cluster(mut self, column: &str) -> Self {
        self.cluster = Some(column.to_string());
        self
    }

    /// Takes the covariates from a model frame: numeric and categorical
    /// columns, interactions, a missing-value policy (rows dropped by it
    /// are left out of the data and listed by [`CoxData::dropped_rows`]).
    /// Give either this or the numeric `covariates` of [`CoxColumns::new`].
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::frame::FrameSpec;
    /// use return_migration::survival::{CoxColumns, CoxData};
    /// let t = CsvTable::from_text("in.csv", "t,d,grant\n1,1,yes\n2,0,no\n3,1,no\n4,1,yes\n").unwrap();
    /// let cols = CoxColumns::new("t", "d", &[]).frame(FrameSpec::new(&["grant"]));
    /// let d = CoxData::from_table(&t, &cols)?;
    /// assert_eq!(d.covariate_names(), &["grantyes".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn frame(mut self, spec: FrameSpec) -> Self {
        self.frame = Some(spec);
        self
    }
}

impl CoxData {
    /// Reads Cox data from CSV columns. Errors name the file, the line and
    /// the column: a missing column, an empty field, a covariate or time
    /// that is not a number, NaN or infinity, a negative time, an entry not
    /// strictly before its exit, an event other than 0 or 1, a negative weight.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::{CoxColumns, CoxData};
    /// let t = CsvTable::from_text("in.csv", "time,status,age\n5,1,40\n3,0,old\n").unwrap();
    /// let err = CoxData::from_table(&t, &CoxColumns::new("time", "status", &["age"])).unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 3, column `age`: cannot parse `old` as a number");
    /// ```
    pub fn from_table(table: &CsvTable, columns: &CoxColumns) -> Result<CoxData> {
        table.column(&columns.time)?;
        table.column(&columns.event)?;
        for c in &columns.covariates {
            table.column(c)?;
        }
        let optional = [
            &columns.entry,
            &columns.weight,
            &columns.strata,
            &columns.cluster,
        ];
        for c in optional.into_iter().flatten() {
            table.column(c)?;
        }
        if columns.frame.is_some() && !columns.covariates.is_empty() {
            return Err(invalid(
                "Cox columns",
                "give the covariates either as numeric columns or as a model frame, not both",
            ));
        }
        let framed = FramedRows::read(table, columns.frame.as_ref());
        let rows = framed.rows.clone();
        let n = rows.len();
        let p = columns.covariates.len();
        let mut time = Vec::with_capacity(n);
        let mut event = Vec::with_capacity(n);
        let mut x = vec![Vec::with_capacity(n); p];
        let mut entry = columns.entry.as_ref().map(|_| Vec::with_capacity(n));
        let mut weight = columns.weight.as_ref().map(|_| Vec::with_capacity(n));
        let mut strata = columns.strata.as_ref().map(|_| Vec::with_capacity(n));
        let mut cluster = columns.cluster.as_ref().map(|_| Vec::with_capacity(n));
        for &i in &rows {
            if framed.past_error(table, i) {
                break;
            }
            let mut read = || -> Result<()> {
                let t = table.parse_f64(i, &columns.time)?;
                validate_time(t).map_err(|p| table.invalid_value(i, &columns.time, p))?;
                event.push(read::code(table, i, &columns.event, CodeRule::ZeroOne)?);
                if let (Some(col), Some(v)) = (&columns.entry, entry.as_mut()) {
                    let a = table.parse_f64(i, col)?;
                    validate_time(a).map_err(|p| table.invalid_value(i, col, p))?;
                    if a >= t {
                        let p = ValueProblem::EntryNotBeforeExit { entry: a, exit: t };
                        return Err(table.invalid_value(i, col, p));
                    }
                    v.push(a);
                }
                if let (Some(col), Some(v)) = (&columns.weight, weight.as_mut()) {
                    let w = table.parse_f64(i, col)?;
                    validate_weight(w).map_err(|p| table.invalid_value(i, col, p))?;
                    v.push(w);
                }
                for (col, v) in [
                    (&columns.strata, strata.as_mut()),
                    (&columns.cluster, cluster.as_mut()),
                ] {
                    if let (Some(col), Some(v)) = (col, v) {
                        v.push(table.text(i, col)?.to_string());
                    }
                }
                for (col, v) in columns.covariates.iter().zip(x.iter_mut()) {
                    v.push(table.parse_f64(i, col)?);
                }
                time.push(t);
                Ok(())
            };
            read()?;
        }
        let (x, dropped) = framed.columns(columns.covariates.iter().cloned().zip(x).collect())?;
        let mut b = CoxData::builder(time, event);
        for (name, values) in x {
            b = b.covariate(&name, values);
        }
        b.entry = entry;
        b.weight = weight;
        b.strata = strata;
        b.cluster = cluster;
        let mut data = b.build()?;
        data.dropped = dropped;
        Ok(data)
    }
}
