//! Validated Cox regression data, sorted once for the risk-set sweeps.

use ndarray::Array2;

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
    /// Centred and scaled covariates, (value − mean) / scale, one row per
    /// sorted position.
    pub(super) x: Array2<f64>,
    pub(super) means: Vec<f64>,
    /// The scale of each covariate: its standard deviation over all rows
    /// (unweighted), 1 for a constant column. The fit works in these units
    /// and reports on the original scale.
    pub(super) scale: Vec<f64>,
    /// Standard deviation of each stored (scaled) covariate: 1, or 0 for a
    /// constant column.
    pub(super) sd: Vec<f64>,
    /// Sorted positions of stratum `s` are `bounds[s]..bounds[s + 1]`.
    pub(super) bounds: Vec<usize>,
    pub(super) strata_labels: Vec<String>,
    /// Cluster code of each sorted position.
    pub(super) cluster: Option<Vec<u32>>,
    pub(super) cluster_labels: Vec<String>,
    /// Sorted positions ordered by stratum and decreasing entry time.
    pub(super) entry_order: Option<Vec<u32>>,
    /// Rows left out by a model frame's missing-value policy.
    pub(super) dropped: Vec<crate::frame::DroppedRow>,
}

impl CoxData {
    /// The covariates, row-major: row k (sorted order) is
    /// `[k * p, (k + 1) * p)`.
    pub(super) fn x_values(&self) -> &[f64] {
        // Cannot fail: `x` is private and built row-major by `from_shape_vec`,
        // and nothing transposes or slices it.
        self.x.as_slice().expect("standard layout")
    }

    /// The input rows a model frame's missing-value policy left out (with
    /// their file lines): the data hold the other rows.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::frame::{FrameSpec, Missing};
    /// use return_migration::survival::{CoxColumns, CoxData};
    /// let t = CsvTable::from_text("in.csv", "t,d,age\n1,1,30\n2,0,NA\n3,1,41\n4,1,28\n").unwrap();
    /// let spec = FrameSpec::new(&["age"]).missing(Missing::Drop { markers: vec!["NA".into()] });
    /// let d = CoxData::from_table(&t, &CoxColumns::new("t", "d", &[]).frame(spec))?;
    /// assert_eq!((d.len(), d.dropped_rows()[0].line), (3, Some(3)));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn dropped_rows(&self) -> &[crate::frame::DroppedRow] {
        &self.dropped
    }

    /// Records the rows a model frame left out (for builders of the data).
    pub(crate) fn set_dropped(&mut self, dropped: Vec<crate::frame::DroppedRow>) {
        self.dropped = dropped;
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
