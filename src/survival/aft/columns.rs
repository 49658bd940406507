//! AFT data from the columns of a CSV table, with located errors.

use super::data::{AftData, check_interval, check_log_time};
use crate::data::CsvTable;
use crate::error::{Result, invalid};
use crate::frame::{FrameSpec, FramedRows};
use crate::survival::input::{check::CodeRule, read};

/// Where the event times are in a CSV table.
///
/// # Example
/// ```
/// use return_migration::survival::AftTimes;
/// let t = AftTimes::Interval { left: "l".into(), right: "r".into() };
/// assert!(matches!(t, AftTimes::Interval { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AftTimes {
    /// A time and a 0/1 event column (right-censored data).
    RightCensored {
        /// Time column.
        time: String,
        /// Event column (0/1).
        event: String,
    },
    /// The event happened in (left, right]: `left = right` exact, an empty
    /// `right` (or `inf`) right-censored at `left`, `left = 0` with a finite
    /// `right` left-censored.
    Interval {
        /// Left end column.
        left: String,
        /// Right end column.
        right: String,
    },
}

/// Column names of AFT regression data in a CSV table.
///
/// # Example
/// ```
/// use return_migration::survival::AftColumns;
/// let c = AftColumns::interval("last_seen_abroad", "first_seen_home", &["grant"]).weight("w");
/// assert_eq!(c.covariates, vec!["grant".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AftColumns {
    /// The event time columns.
    pub times: AftTimes,
    /// Numeric covariate columns, in the order of the coefficient table.
    pub covariates: Vec<String>,
    /// Optional case weight column.
    pub weight: Option<String>,
    /// Covariates by a model frame (factors, interactions, a missing-value
    /// policy) instead of the numeric `covariates`.
    pub frame: Option<FrameSpec>,
}

impl AftColumns {
    /// Right-censored data: time and 0/1 event columns.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AftColumns, AftTimes};
    /// let c = AftColumns::right_censored("t", "d", &[]);
    /// assert!(matches!(c.times, AftTimes::RightCensored { .. }));
    /// ```
    pub fn right_censored(time: &str, event: &str, covariates: &[&str]) -> Self {
        AftColumns {
            times: AftTimes::RightCensored {
                time: time.to_string(),
                event: event.to_string(),
            },
            covariates: covariates.iter().map(|c| c.to_string()).collect(),
            weight: None,
            frame: None,
        }
    }

    /// Interval-censored data: (left, right] columns.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AftColumns, AftTimes};
    /// let c = AftColumns::interval("l", "r", &["x"]);
    /// assert!(matches!(c.times, AftTimes::Interval { .. }));
    /// ```
    pub fn interval(left: &str, right: &str, covariates: &[&str]) -> Self {
        AftColumns {
            times: AftTimes::Interval {
                left: left.to_string(),
                right: right.to_string(),
            },
            covariates: covariates.iter().map(|c| c.to_string()).collect(),
            weight: None,
            frame: None,
        }
    }

    /// Sets the weight column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftColumns;
    /// assert!(AftColumns::interval("l", "r", &[]).weight("w").weight.is_some());
    /// ```
    pub fn weight(mut self, column: &str) -> Self {
        self.weight = Some(column.to_string());
        self
    }

    /// Takes the covariates from a model frame (factors, interactions, a
    /// missing-value policy) instead of numeric columns; give no numeric
    /// covariates to the constructor then.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::frame::FrameSpec;
    /// use return_migration::survival::{AftColumns, AftData};
    /// let t = CsvTable::from_text("in.csv", "l,r,grant\n1,2,yes\n2,,no\n0,3,no\n1,1,yes\n").unwrap();
    /// let cols = AftColumns::interval("l", "r", &[]).frame(FrameSpec::new(&["grant"]));
    /// let d = AftData::from_table(&t, &cols)?;
    /// assert_eq!(d.covariate_names(), &["grantyes".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn frame(mut self, spec: FrameSpec) -> Self {
        self.frame = Some(spec);
        self
    }
}

impl AftData {
    /// Reads AFT data from CSV columns. Errors name the file, the line and
    /// the column: a missing column; an empty, unparsable, NaN or infinite
    /// time, left end or covariate; a negative time; a right end below its
    /// left end; an event other than 0/1; an exact event time of 0 (no
    /// logarithm, as in R); a weight that is not finite and positive.
    /// Interval columns are read exactly as [`IntervalColumns`](crate::survival::IntervalColumns) reads them.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::{AftColumns, AftData};
    /// let t = CsvTable::from_text("w.csv", "l,r,x\n0,2,1\n3,,0\n5,4,1\n").unwrap();
    /// let err = AftData::from_table(&t, &AftColumns::interval("l", "r", &["x"])).unwrap_err();
    /// assert_eq!(err.to_string(), "w.csv, line 4, column `r`: right end 4 is below left end 5");
    /// ```
    pub fn from_table(table: &CsvTable, columns: &AftColumns) -> Result<AftData> {
        match &columns.times {
            AftTimes::RightCensored { time, event } => {
                table.column(time)?;
                table.column(event)?;
            }
            AftTimes::Interval { left, right } => {
                table.column(left)?;
                table.column(right)?;
            }
        }
        for c in columns.covariates.iter().chain(&columns.weight) {
            table.column(c)?;
        }
        if columns.frame.is_some() && !columns.covariates.is_empty() {
            return Err(invalid(
                "AFT columns",
                "give the covariates either as numeric columns or as a model frame, not both",
            ));
        }
        let framed = FramedRows::read(table, columns.frame.as_ref());
        let rows = framed.rows.clone();
        let n = rows.len();
        let mut left = Vec::with_capacity(n);
        let mut right = Vec::with_capacity(n);
        let mut x = vec![Vec::with_capacity(n); columns.covariates.len()];
        let mut weight = columns.weight.as_ref().map(|_| Vec::with_capacity(n));
        for i in rows.iter() {
            if framed.past_error(table, i) {
                break;
            }
            let (l, r) = match &columns.times {
                AftTimes::RightCensored { time, event } => {
                    let t = read::number(table, i, time)?;
                    let e = read::code(table, i, event, CodeRule::ZeroOne)?;
                    let r = if e == 1 { t } else { f64::INFINITY };
                    check_interval(t, r).map_err(|(_, p)| table.invalid_value(i, time, p))?;
                    (t, r)
                }
                AftTimes::Interval {
                    left: lc,
                    right: rc,
                } => {
                    // the interval rules of IntervalColumns, then no log(0)
                    let (l, r) = read::interval(table, i, lc, rc)?;
                    check_log_time(l, r).map_err(|p| table.invalid_value(i, lc, p))?;
                    (l, r)
                }
            };
            left.push(l);
            right.push(r);
            for (col, v) in columns.covariates.iter().zip(x.iter_mut()) {
                v.push(read::number(table, i, col)?);
            }
            if let (Some(col), Some(v)) = (&columns.weight, weight.as_mut()) {
                v.push(read::positive_weight(table, i, col)?);
            }
        }
        let (x, _) = framed.columns(columns.covariates.iter().cloned().zip(x).collect())?;
        let mut b = AftData::interval(left, right);
        for (name, values) in x {
            b = b.covariate(&name, values);
        }
        if let Some(w) = weight {
            b = b.weights(w);
        }
        b.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str, columns: &AftColumns) -> String {
        let t = CsvTable::from_text("x.csv", text).unwrap();
        AftData::from_table(&t, columns).unwrap_err().to_string()
    }

    #[test]
    fn located_errors() {
        let iv = AftColumns::interval("l", "r", &[]);
        assert_eq!(
            err("l,r\n1,2\n-1,2\n", &iv),
            "x.csv, line 3, column `l`: negative time -1"
        );
        assert_eq!(
            err("l,r\n1,NaN\n", &iv),
            "x.csv, line 2, column `r`: value `NaN` is not finite"
        );
        assert_eq!(
            err("l,r\n1,abc\n", &iv),
            "x.csv, line 2, column `r`: cannot parse `abc` as a number"
        );
        assert!(
            err("l,r\n0,0\n", &iv)
                .starts_with("x.csv, line 2, column `l`: an exact event time of 0")
        );
        let rc = AftColumns::right_censored("t", "d", &["x"]);
        assert_eq!(
            err("t,d,x\n1,2,0\n", &rc),
            "x.csv, line 2, column `d`: event code `2` is not 0 or 1"
        );
        assert!(
            err("t,d,x\n0,1,1\n", &rc)
                .starts_with("x.csv, line 2, column `t`: an exact event time of 0")
        );
        assert_eq!(
            err("t,d,x\n1,1,\n", &rc),
            "x.csv, line 2, column `x`: empty field where a value is required"
        );
    }

    #[test]
    fn reads_every_kind_of_interval() {
        let t = CsvTable::from_text("x.csv", "l,r\n0,2\n3,\n4,inf\n5,5\n6,7\n").unwrap();
        let d = AftData::from_table(&t, &AftColumns::interval("l", "r", &[])).unwrap();
        use crate::survival::Censoring::*;
        let kinds: Vec<_> = (0..5).map(|i| d.censoring(i)).collect();
        assert_eq!(kinds, vec![Left, Right, Right, Exact, Interval]);
    }
}
