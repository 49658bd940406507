//! Validated Fine–Gray data: exit time, status and numeric covariates,
//! sorted once by exit time, covariates centred.

use serde::Serialize;

use crate::error::{Error, Result, ValueProblem, invalid};
use crate::survival::input::causes::Causes;
use crate::survival::input::check::CodeRule;
use crate::survival::input::core::Core;

/// Data of a Fine–Gray model: per subject an exit time, a status
/// (0 = censored, 1, 2, ... = the cause of the event, as in
/// [`CompetingData`](crate::survival::CompetingData)) and numeric covariates.
///
/// Time and status are validated exactly as for the cumulative incidence
/// (by the input-core checks of [`CompetingData`](crate::survival::CompetingData)'s builder, so the same values are errors with the
/// same messages); every covariate value must be finite. Subjects are
/// sorted once by exit time; covariates are stored row-major in that order
/// and centred at their means (estimates are reported on the original
/// scale).
///
/// # Example
/// ```
/// use return_migration::survival::FineGrayData;
/// let d = FineGrayData::builder(vec![3.0, 1.0, 2.0], vec![1, 0, 2])
///     .covariate("age", vec![40.0, 50.0, 60.0])
///     .build()?;
/// assert_eq!(d.len(), 3);
/// assert_eq!(d.causes(), &[1, 2]);
/// assert_eq!(d.covariate_names(), &["age".to_string()]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FineGrayData {
    pub(super) names: Vec<String>,
    /// Exit times, ascending.
    pub(super) time: Vec<f64>,
    /// Status codes (0 = censored), in sorted order.
    pub(super) status: Vec<u32>,
    /// Centred covariates, row-major, one row per sorted position.
    pub(super) x: Vec<f64>,
    pub(super) means: Vec<f64>,
    /// Standard deviation of each covariate (the scale of Newton steps).
    pub(super) sd: Vec<f64>,
    pub(super) causes: Vec<u32>,
}

/// Collects and validates the columns of a [`FineGrayData`].
#[derive(Debug, Clone)]
pub struct FineGrayDataBuilder {
    pub(super) core: Core,
    pub(super) names: Vec<String>,
    pub(super) columns: Vec<Vec<f64>>,
}

impl FineGrayDataBuilder {
    /// Adds a numeric covariate (0/1 for a binary one).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayData;
    /// let err = FineGrayData::builder(vec![1.0], vec![1]).covariate("x", vec![f64::NAN]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `x`: value NaN is not finite");
    /// ```
    pub fn covariate(mut self, name: &str, values: Vec<f64>) -> Self {
        self.names.push(name.to_string());
        self.columns.push(values);
        self
    }

    /// Validates and sorts. Errors: those of [`CompetingData`](crate::survival::CompetingData)'s builder
    /// for the time and status (with the row and the column `time` or
    /// `status`); no covariate or a covariate name given twice
    /// ([`Error::InvalidArgument`]); a covariate of the wrong length
    /// ([`Error::LengthMismatch`]); a NaN or infinite covariate value
    /// ([`Error::InvalidValue`] naming the row and the covariate).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayData;
    /// let err = FineGrayData::builder(vec![1.0, 2.0], vec![1, -1]).covariate("x", vec![0.0, 1.0])
    ///     .build().unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "row 2 (counting from 1), column `status`: event code `-1` is not 0 (censored) or a positive integer cause");
    /// assert!(FineGrayData::builder(vec![1.0], vec![1]).build().is_err()); // no covariate
    /// ```
    pub fn build(self) -> Result<FineGrayData> {
        // Time and status: the checks of `CompetingData`'s builder.
        let core = &self.core;
        core.check_rows(u32::MAX as usize, "more than 2^32 − 1 subjects")?;
        core.check_lengths(CodeRule::Cause)?;
        let mut causes = Causes::default();
        core.validate(CodeRule::Cause, None, |i, s| causes.add(i, s), |_| Ok(()))?;
        let n = core.len();
        let (time, status) = (&core.time, &core.code);
        if self.names.is_empty() {
            return Err(invalid("covariates", "at least one covariate is needed"));
        }
        for (k, name) in self.names.iter().enumerate() {
            if self.names[..k].contains(name) {
                return Err(invalid("covariates", format!("`{name}` is given twice")));
            }
        }
        for (name, column) in self.names.iter().zip(&self.columns) {
            if column.len() != n {
                return Err(Error::LengthMismatch {
                    column: name.clone(),
                    expected: n,
                    found: column.len(),
                });
            }
            if let Some(i) = column.iter().position(|v| !v.is_finite()) {
                return Err(Error::InvalidValue {
                    row: i,
                    column: name.clone(),
                    problem: ValueProblem::NotFinite { value: column[i] },
                });
            }
        }
        let p = self.names.len();
        // +0.0 turns −0.0 into 0.0 so that equal times have equal keys; the
        // stable sort keeps tied subjects in row order.
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by_key(|&i| (time[i as usize] + 0.0).to_bits());
        let means: Vec<f64> = self
            .columns
            .iter()
            .map(|c| c.iter().sum::<f64>() / n as f64)
            .collect();
        let sd: Vec<f64> = self
            .columns
            .iter()
            .zip(&means)
            .map(|(c, m)| {
                let ss: f64 = c.iter().map(|v| (v - m) * (v - m)).sum();
                (ss / n as f64).sqrt()
            })
            .collect();
        let mut x = Vec::with_capacity(n * p);
        for &i in &order {
            for (c, m) in self.columns.iter().zip(&means) {
                x.push(c[i as usize] - m);
            }
        }
        Ok(FineGrayData {
            names: self.names,
            time: order.iter().map(|&i| time[i as usize] + 0.0).collect(),
            status: order
                .iter()
                .map(|&i| status.get(i as usize) as u32)
                .collect(),
            x,
            means,
            sd,
            causes: causes.0,
        })
    }
}

impl FineGrayData {
    /// Starts a builder from exit times and status codes (0 = censored,
    /// 1, 2, ... = causes).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayData;
    /// assert!(FineGrayData::builder(vec![1.0], vec![1]).covariate("x", vec![0.0]).build().is_ok());
    /// ```
    pub fn builder(time: Vec<f64>, status: Vec<i64>) -> FineGrayDataBuilder {
        FineGrayDataBuilder {
            core: Core::new(time, status),
            names: Vec::new(),
            columns: Vec::new(),
        }
    }

    /// Number of subjects.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayData;
    /// let d = FineGrayData::builder(vec![1.0, 2.0], vec![1, 0]).covariate("x", vec![0.0, 1.0]).build()?;
    /// assert_eq!(d.len(), 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Always false: empty input is an error.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayData;
    /// let d = FineGrayData::builder(vec![1.0], vec![1]).covariate("x", vec![0.0]).build()?;
    /// assert!(!d.is_empty());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// The causes: the distinct non-zero status codes, ascending.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayData;
    /// let d = FineGrayData::builder(vec![1.0, 2.0], vec![3, 0]).covariate("x", vec![0.0, 1.0]).build()?;
    /// assert_eq!(d.causes(), &[3]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn causes(&self) -> &[u32] {
        &self.causes
    }

    /// Covariate names, in the order of the coefficient table.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayData;
    /// let d = FineGrayData::builder(vec![1.0], vec![1]).covariate("x", vec![0.0]).build()?;
    /// assert_eq!(d.covariate_names(), &["x".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn covariate_names(&self) -> &[String] {
        &self.names
    }

    /// Covariate means, at which they are centred internally.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::FineGrayData;
    /// let d = FineGrayData::builder(vec![1.0, 2.0], vec![1, 0]).covariate("x", vec![1.0, 2.0]).build()?;
    /// assert_eq!(d.means(), &[1.5]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn means(&self) -> &[f64] {
        &self.means
    }

    pub(super) fn p(&self) -> usize {
        self.names.len()
    }

    /// The centred covariates of sorted position `i`.
    pub(super) fn row(&self, i: usize) -> &[f64] {
        let p = self.p();
        &self.x[i * p..(i + 1) * p]
    }
}
