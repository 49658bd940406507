//! Validated Cox regression data, sorted once for the risk-set sweeps.

use ndarray::{Array2, ArrayView2};

use super::super::data::{encode_labels, validate_time, validate_weight};
use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result, ValueProblem, invalid};

/// Data of a Cox model: per row an interval (entry, exit], an event
/// indicator, a case weight, a stratum, a cluster, and the covariates.
///
/// Rows are validated once and sorted once, by stratum and then by
/// decreasing exit time (the order of the reverse-time sweeps); with entry
/// times a second permutation orders them by decreasing entry. Covariates
/// are stored row-major in that order and centred at their means, so a
/// row's covariates are contiguous in memory. Counting-process rows
/// (several rows of one subject, for time-varying covariates or recurrent
/// events) are ordinary rows with entry times; the subject is a cluster.
///
/// # Example
/// ```
/// use return_migration::survival::CoxData;
/// let d = CoxData::builder(vec![3.0, 1.0, 2.0], vec![1, 0, 1])
///     .covariate("age", vec![40.0, 50.0, 60.0])
///     .build()?;
/// assert_eq!(d.len(), 3);
/// assert_eq!(d.covariate_names(), &["age".to_string()]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CoxData {
    pub(super) names: Vec<String>,
    /// Original row of each sorted position.
    pub(super) order: Vec<u32>,
    pub(super) exit: Vec<f64>,
    pub(super) entry: Option<Vec<f64>>,
    pub(super) event: Vec<bool>,
    pub(super) weight: Option<Vec<f64>>,
    /// Centred covariates, one row per sorted position.
    pub(super) x: Array2<f64>,
    pub(super) means: Vec<f64>,
    /// Standard deviation of each covariate over all rows (unweighted).
    pub(super) sd: Vec<f64>,
    /// Sorted positions of stratum `s` are `bounds[s]..bounds[s + 1]`.
    pub(super) bounds: Vec<usize>,
    pub(super) strata_labels: Vec<String>,
    /// Cluster code of each sorted position.
    pub(super) cluster: Option<Vec<u32>>,
    pub(super) cluster_labels: Vec<String>,
    /// Sorted positions ordered by stratum and decreasing entry time.
    pub(super) entry_order: Option<Vec<u32>>,
}

/// Collects and validates the columns of a [`CoxData`].
#[derive(Debug, Clone)]
pub struct CoxDataBuilder {
    time: Vec<f64>,
    event: Vec<i64>,
    covariates: Vec<(String, Vec<f64>)>,
    entry: Option<Vec<f64>>,
    weight: Option<Vec<f64>>,
    strata: Option<Vec<String>>,
    cluster: Option<Vec<String>>,
    problem: Option<Error>,
}

fn bad(row: usize, column: &str, problem: ValueProblem) -> Error {
    Error::InvalidValue {
        row,
        column: column.to_string(),
        problem,
    }
}

impl CoxDataBuilder {
    /// Adds a numeric covariate (binary covariates as 0/1).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let err = CoxData::builder(vec![1.0], vec![1]).covariate("x", vec![f64::NAN]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 0, column `x`: value NaN is not finite");
    /// ```
    pub fn covariate(mut self, name: &str, values: Vec<f64>) -> Self {
        self.covariates.push((name.to_string(), values));
        self
    }

    /// Adds the columns of `x` (rows × covariates) as covariates named `names`.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0, 2.0], vec![1, 0])
    ///     .covariates(&["a", "b"], array![[1.0, 0.0], [2.0, 1.0]].view())
    ///     .build()?;
    /// assert_eq!(d.covariate_names().len(), 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn covariates(mut self, names: &[&str], x: ArrayView2<f64>) -> Self {
        if names.len() != x.ncols() {
            self.problem = Some(invalid(
                "covariates",
                format!("{} names for {} columns", names.len(), x.ncols()),
            ));
            return self;
        }
        for (name, column) in names.iter().zip(x.columns()) {
            self.covariates.push((name.to_string(), column.to_vec()));
        }
        self
    }

    /// Entry times: a row is at risk on (entry, exit]. Without entries
    /// every row enters at time 0 (before any exit).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let err = CoxData::builder(vec![2.0], vec![1]).covariate("x", vec![1.0])
    ///     .entry(vec![2.0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 0, column `entry`: entry 2 is not strictly before exit 2");
    /// ```
    pub fn entry(mut self, entry: Vec<f64>) -> Self {
        self.entry = Some(entry);
        self
    }

    /// Case weights (finite, not negative).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// assert!(CoxData::builder(vec![2.0], vec![1]).covariate("x", vec![1.0])
    ///     .weights(vec![-1.0]).build().is_err());
    /// ```
    pub fn weights(mut self, weight: Vec<f64>) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Stratum labels: each stratum has its own baseline hazard.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0, 2.0], vec![1, 1]).covariate("x", vec![0.0, 1.0])
    ///     .strata(vec!["b".into(), "a".into()]).build()?;
    /// assert_eq!(d.strata_labels(), &["a".to_string(), "b".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn strata(mut self, strata: Vec<String>) -> Self {
        self.strata = Some(strata);
        self
    }

    /// Cluster labels (e.g. a subject id): the fit then reports the robust
    /// (sandwich) variance with the score residuals summed by cluster.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0, 2.0], vec![1, 1]).covariate("x", vec![0.0, 1.0])
    ///     .clusters(vec!["id7".into(), "id7".into()]).build()?;
    /// assert_eq!(d.cluster_labels(), Some(&["id7".to_string()][..]));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn clusters(mut self, cluster: Vec<String>) -> Self {
        self.cluster = Some(cluster);
        self
    }

    /// Validates and sorts. Errors: [`Error::InvalidValue`] (row and column)
    /// for a NaN or infinite value, a negative time, an entry not strictly
    /// before its exit, an event code other than 0 or 1, a negative weight;
    /// [`Error::LengthMismatch`]; [`Error::EmptyInput`]; an
    /// [`Error::InvalidArgument`] for no covariate or a repeated name.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let err = CoxData::builder(vec![1.0], vec![2]).covariate("x", vec![0.0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 0, column `event`: event code `2` is not 0 or 1");
    /// ```
    pub fn build(self) -> Result<CoxData> {
        if let Some(e) = self.problem {
            return Err(e);
        }
        let n = self.time.len();
        if n == 0 {
            return Err(Error::EmptyInput);
        }
        if n >= u32::MAX as usize {
            return Err(invalid("time", "more than 2^32 − 2 rows"));
        }
        if self.covariates.is_empty() {
            return Err(invalid("covariates", "at least one covariate is needed"));
        }
        for (k, (name, _)) in self.covariates.iter().enumerate() {
            if self.covariates[..k].iter().any(|(other, _)| other == name) {
                return Err(invalid("covariates", format!("`{name}` is given twice")));
            }
        }
        let check_len = |column: &str, len: usize| {
            if len == n {
                Ok(())
            } else {
                Err(Error::LengthMismatch {
                    column: column.to_string(),
                    expected: n,
                    found: len,
                })
            }
        };
        check_len("event", self.event.len())?;
        for (name, values) in &self.covariates {
            check_len(name, values.len())?;
        }
        for (column, v) in [("entry", &self.entry), ("weight", &self.weight)] {
            if let Some(v) = v {
                check_len(column, v.len())?;
            }
        }
        for (column, v) in [("strata", &self.strata), ("cluster", &self.cluster)] {
            if let Some(v) = v {
                check_len(column, v.len())?;
            }
        }
        self.validate()?;
        Ok(sorted(self))
    }

    fn validate(&self) -> Result<()> {
        for i in 0..self.time.len() {
            let t = self.time[i];
            validate_time(t).map_err(|p| bad(i, "time", p))?;
            let e = self.event[i];
            if e != 0 && e != 1 {
                let code = e.to_string();
                return Err(bad(i, "event", event_problem(&code)));
            }
            if let Some(entry) = &self.entry {
                let a = entry[i];
                validate_time(a).map_err(|p| bad(i, "entry", p))?;
                if a >= t {
                    let p = ValueProblem::EntryNotBeforeExit { entry: a, exit: t };
                    return Err(bad(i, "entry", p));
                }
            }
            if let Some(w) = &self.weight {
                validate_weight(w[i]).map_err(|p| bad(i, "weight", p))?;
            }
            for (name, values) in &self.covariates {
                if !values[i].is_finite() {
                    let p = ValueProblem::NotFinite { value: values[i] };
                    return Err(bad(i, name, p));
                }
            }
        }
        Ok(())
    }
}

fn event_problem(code: &str) -> ValueProblem {
    ValueProblem::EventCode {
        code: code.to_string(),
        allowed: "0 or 1".to_string(),
    }
}

/// Bits of a non-negative time, in numeric order (−0.0 becomes 0.0).
fn time_key(t: f64) -> u64 {
    (t + 0.0).to_bits()
}

/// Sorted positions of rows by (stratum ascending, time descending, row).
fn sort_desc(stratum: Option<&[u32]>, time: &[f64], rows: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut keys: Vec<u128> = rows
        .map(|i| {
            let s = stratum.map_or(0, |s| s[i as usize]) as u128;
            (s << 96) | (((!time_key(time[i as usize])) as u128) << 32) | i as u128
        })
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| k as u32).collect()
}

fn sorted(b: CoxDataBuilder) -> CoxData {
    let n = b.time.len();
    let p = b.covariates.len();
    let (strata_codes, strata_labels) = match &b.strata {
        Some(s) => {
            let (codes, labels) = encode_labels(s);
            (Some(codes), labels)
        }
        None => (None, vec![String::new()]),
    };
    let order = sort_desc(strata_codes.as_deref(), &b.time, 0..n as u32);
    let mut means = vec![0.0; p];
    let mut sd = vec![0.0; p];
    for (j, (_, values)) in b.covariates.iter().enumerate() {
        // A constant column's mean is its value exactly (no round-off).
        let m = if values.iter().all(|&v| v == values[0]) {
            values[0]
        } else {
            values.iter().sum::<f64>() / n as f64
        };
        let ss: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
        means[j] = m;
        sd[j] = if n > 1 {
            (ss / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
    }
    // Row-major copy in input order (sequential reads), then one gather of
    // whole rows into sorted order.
    let mut rows = vec![0.0; n * p];
    for (j, (_, values)) in b.covariates.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            rows[i * p + j] = v - means[j];
        }
    }
    let mut x = Vec::with_capacity(n * p);
    for &i in &order {
        let i = i as usize;
        x.extend_from_slice(&rows[i * p..(i + 1) * p]);
    }
    drop(rows);
    let gather = |v: &[f64]| order.iter().map(|&i| v[i as usize]).collect::<Vec<f64>>();
    let exit = gather(&b.time);
    let entry = b.entry.as_deref().map(gather);
    let weight = b.weight.as_deref().map(gather);
    let event = order.iter().map(|&i| b.event[i as usize] == 1).collect();
    let mut bounds = vec![0; strata_labels.len() + 1];
    if let Some(codes) = &strata_codes {
        for &c in codes {
            bounds[c as usize + 1] += 1;
        }
        for s in 0..strata_labels.len() {
            bounds[s + 1] += bounds[s];
        }
    } else {
        bounds[1] = n;
    }
    let (cluster, cluster_labels) = match &b.cluster {
        Some(c) => {
            let (codes, labels) = encode_labels(c);
            (
                Some(order.iter().map(|&i| codes[i as usize]).collect()),
                labels,
            )
        }
        None => (None, Vec::new()),
    };
    let entry_order = entry.as_ref().map(|e| {
        let sorted_strata: Option<Vec<u32>> = strata_codes
            .as_ref()
            .map(|codes| order.iter().map(|&i| codes[i as usize]).collect());
        sort_desc(sorted_strata.as_deref(), e, 0..n as u32)
    });
    CoxData {
        names: b.covariates.into_iter().map(|(name, _)| name).collect(),
        order,
        exit,
        entry,
        event,
        weight,
        x: Array2::from_shape_vec((n, p), x).expect("n × p values"),
        means,
        sd,
        bounds,
        strata_labels,
        cluster,
        cluster_labels,
        entry_order,
    }
}

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
}

fn located(table: &CsvTable, i: usize, column: &str, problem: ValueProblem) -> Error {
    Error::Csv {
        at: table.at(i, column),
        problem: CsvProblem::Invalid(problem),
    }
}

fn read_event(table: &CsvTable, i: usize, column: &str) -> Result<i64> {
    match table.text(i, column)?.trim() {
        "0" => Ok(0),
        "1" => Ok(1),
        "" => Err(Error::Csv {
            at: table.at(i, column),
            problem: CsvProblem::EmptyField,
        }),
        other => Err(located(table, i, column, event_problem(other))),
    }
}

impl CoxData {
    /// Starts a builder from exit times and event codes (0 = censored, 1 = event).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// assert!(CoxData::builder(vec![1.0], vec![1]).build().is_err()); // no covariate
    /// ```
    pub fn builder(time: Vec<f64>, event: Vec<i64>) -> CoxDataBuilder {
        CoxDataBuilder {
            time,
            event,
            covariates: Vec::new(),
            entry: None,
            weight: None,
            strata: None,
            cluster: None,
            problem: None,
        }
    }

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
        let n = table.len();
        let p = columns.covariates.len();
        let mut time = Vec::with_capacity(n);
        let mut event = Vec::with_capacity(n);
        let mut x = vec![Vec::with_capacity(n); p];
        let mut entry = columns.entry.as_ref().map(|_| Vec::with_capacity(n));
        let mut weight = columns.weight.as_ref().map(|_| Vec::with_capacity(n));
        let mut strata = columns.strata.as_ref().map(|_| Vec::with_capacity(n));
        let mut cluster = columns.cluster.as_ref().map(|_| Vec::with_capacity(n));
        for i in 0..n {
            let t = table.parse_f64(i, &columns.time)?;
            validate_time(t).map_err(|p| located(table, i, &columns.time, p))?;
            event.push(read_event(table, i, &columns.event)?);
            if let (Some(col), Some(v)) = (&columns.entry, entry.as_mut()) {
                let a = table.parse_f64(i, col)?;
                validate_time(a).map_err(|p| located(table, i, col, p))?;
                if a >= t {
                    let p = ValueProblem::EntryNotBeforeExit { entry: a, exit: t };
                    return Err(located(table, i, col, p));
                }
                v.push(a);
            }
            if let (Some(col), Some(v)) = (&columns.weight, weight.as_mut()) {
                let w = table.parse_f64(i, col)?;
                validate_weight(w).map_err(|p| located(table, i, col, p))?;
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
        }
        let mut b = CoxData::builder(time, event);
        for (name, values) in columns.covariates.iter().zip(x) {
            b = b.covariate(name, values);
        }
        b.entry = entry;
        b.weight = weight;
        b.strata = strata;
        b.cluster = cluster;
        b.build()
    }

    /// Number of rows.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0], vec![1]).covariate("x", vec![0.0]).build()?;
    /// assert_eq!(d.len(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.exit.len()
    }

    /// Always false: empty input is an error.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0], vec![1]).covariate("x", vec![0.0]).build()?;
    /// assert!(!d.is_empty());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.exit.is_empty()
    }

    /// Covariate names, in the order of the coefficient table.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0], vec![1]).covariate("x", vec![0.0]).build()?;
    /// assert_eq!(d.covariate_names(), &["x".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn covariate_names(&self) -> &[String] {
        &self.names
    }

    /// Column means of the covariates (unweighted), at which they are centred.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0, 2.0], vec![1, 0]).covariate("x", vec![1.0, 2.0]).build()?;
    /// assert_eq!(d.means(), &[1.5]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn means(&self) -> &[f64] {
        &self.means
    }

    /// Stratum labels in byte order (one empty label without strata).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0], vec![1]).covariate("x", vec![0.0]).build()?;
    /// assert_eq!(d.strata_labels(), &[String::new()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn strata_labels(&self) -> &[String] {
        &self.strata_labels
    }

    /// Cluster labels in byte order, when the data have clusters.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0], vec![1]).covariate("x", vec![0.0]).build()?;
    /// assert_eq!(d.cluster_labels(), None);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn cluster_labels(&self) -> Option<&[String]> {
        self.cluster.as_ref().map(|_| &self.cluster_labels[..])
    }

    /// True when the data have entry times (delayed entry, counting process).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![2.0], vec![1]).covariate("x", vec![0.0]).entry(vec![1.0]).build()?;
    /// assert!(d.has_entries());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn has_entries(&self) -> bool {
        self.entry.is_some()
    }

    /// Number of rows with an event (unweighted, as R's `nevent`).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0, 2.0], vec![1, 0]).covariate("x", vec![0.0, 1.0]).build()?;
    /// assert_eq!(d.n_events(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn n_events(&self) -> usize {
        self.event.iter().filter(|&&e| e).count()
    }

    /// True when some case weight is not a whole number.
    pub(super) fn has_fractional_weights(&self) -> bool {
        self.weight
            .as_ref()
            .is_some_and(|w| w.iter().any(|v| v.fract() != 0.0))
    }

    pub(super) fn p(&self) -> usize {
        self.names.len()
    }

    pub(super) fn weight(&self, k: usize) -> f64 {
        self.weight.as_ref().map_or(1.0, |w| w[k])
    }

    /// The entry time of sorted position `k` (−∞ without entries: always at risk).
    pub(super) fn entry_time(&self, k: usize) -> f64 {
        self.entry.as_ref().map_or(f64::NEG_INFINITY, |e| e[k])
    }
}
