//! Input of the AFT regression: one censoring interval per subject,
//! covariates and case weights, validated once.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, ValueProblem};

/// How a subject's event time is known.
///
/// # Example
/// ```
/// use return_migration::survival::{AftData, Censoring};
/// let d = AftData::interval(vec![0.0, 2.0, 3.0, 4.0], vec![1.0, 2.0, f64::INFINITY, 6.0]).build()?;
/// assert_eq!(d.censoring(0), Censoring::Left);
/// assert_eq!(d.censoring(1), Censoring::Exact);
/// assert_eq!(d.censoring(2), Censoring::Right);
/// assert_eq!(d.censoring(3), Censoring::Interval);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Censoring {
    /// The event time is known (left = right).
    Exact,
    /// The event happened after `left` (right = ∞).
    Right,
    /// The event happened by `right` (left = 0).
    Left,
    /// The event happened in (left, right].
    Interval,
}

/// What is wrong with one subject's (left, right], and in which of the two.
pub(crate) fn check_interval(
    left: f64,
    right: f64,
) -> std::result::Result<(), (bool, ValueProblem)> {
    if !left.is_finite() {
        return Err((true, ValueProblem::NotFinite { value: left }));
    }
    if left < 0.0 {
        return Err((true, ValueProblem::NegativeTime { value: left }));
    }
    if right.is_nan() || right == f64::NEG_INFINITY {
        return Err((false, ValueProblem::NotFinite { value: right }));
    }
    if right < left {
        return Err((false, ValueProblem::RightBelowLeft { left, right }));
    }
    if left == 0.0 && (right == 0.0 || right == f64::INFINITY) {
        // exact at 0, or right-censored at 0: R's log(0) = −∞ is refused
        return Err((true, ValueProblem::ZeroLogTime));
    }
    Ok(())
}

/// Validated data for [`Survreg`](super::Survreg): per subject a censoring
/// interval (left, right] of the event time (left = right exact, right = ∞
/// right-censored, left = 0 left-censored), named numeric covariates and
/// case weights.
///
/// # Example
/// ```
/// use return_migration::survival::AftData;
/// let d = AftData::right_censored(vec![5.0, 3.0, 9.0], vec![1, 0, 1])
///     .covariate("age", vec![40.0, 31.0, 55.0])
///     .build()?;
/// assert_eq!(d.len(), 3);
/// assert_eq!(d.covariate_names(), vec!["age"]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AftData {
    pub(super) left: Vec<f64>,
    pub(super) right: Vec<f64>,
    pub(super) covariates: Vec<(String, Vec<f64>)>,
    pub(super) weight: Vec<f64>,
}

/// Builder of [`AftData`] (see [`AftData::right_censored`], [`AftData::interval`]).
///
/// # Example
/// ```
/// use return_migration::survival::AftData;
/// let d = AftData::interval(vec![1.0, 0.0], vec![2.0, 3.0]).weights(vec![1.0, 2.5]).build()?;
/// assert_eq!(d.weights(), &[1.0, 2.5]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AftDataBuilder {
    left: Vec<f64>,
    right: Vec<f64>,
    /// `Some(events)` when built from (time, event).
    events: Option<Vec<i64>>,
    covariates: Vec<(String, Vec<f64>)>,
    weight: Option<Vec<f64>>,
}

impl AftData {
    /// Right-censored data: exit times and events (1 = event at the time,
    /// 0 = censored then).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AftData, Censoring};
    /// let d = AftData::right_censored(vec![5.0, 3.0], vec![1, 0]).build()?;
    /// assert_eq!(d.censoring(1), Censoring::Right);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn right_censored(time: Vec<f64>, event: Vec<i64>) -> AftDataBuilder {
        let right = time
            .iter()
            .zip(&event)
            .map(|(&t, &e)| if e == 1 { t } else { f64::INFINITY })
            .collect();
        AftDataBuilder {
            left: time,
            right,
            events: Some(event),
            covariates: Vec::new(),
            weight: None,
        }
    }

    /// Interval-censored data: the event happened in (left, right];
    /// left = right is an exact time, right = ∞ right-censored at left,
    /// left = 0 with a finite right left-censored.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// assert!(AftData::interval(vec![3.0], vec![2.0]).build().is_err());
    /// ```
    pub fn interval(left: Vec<f64>, right: Vec<f64>) -> AftDataBuilder {
        AftDataBuilder {
            left,
            right,
            events: None,
            covariates: Vec::new(),
            weight: None,
        }
    }

    /// Number of subjects.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// assert_eq!(AftData::interval(vec![1.0], vec![2.0]).build()?.len(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.left.len()
    }

    /// Always false (empty input is an error when built).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// assert!(!AftData::interval(vec![1.0], vec![2.0]).build()?.is_empty());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.left.is_empty()
    }

    /// How subject `i`'s time is known.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AftData, Censoring};
    /// let d = AftData::interval(vec![2.0], vec![2.0]).build()?;
    /// assert_eq!(d.censoring(0), Censoring::Exact);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn censoring(&self, i: usize) -> Censoring {
        let (l, r) = (self.left[i], self.right[i]);
        if l == r {
            Censoring::Exact
        } else if r == f64::INFINITY {
            Censoring::Right
        } else if l == 0.0 {
            Censoring::Left
        } else {
            Censoring::Interval
        }
    }

    /// Left ends of the intervals.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// assert_eq!(AftData::interval(vec![1.0], vec![2.0]).build()?.left(), &[1.0]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn left(&self) -> &[f64] {
        &self.left
    }

    /// Right ends of the intervals (∞ for right-censored).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// assert_eq!(AftData::interval(vec![1.0], vec![2.0]).build()?.right(), &[2.0]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn right(&self) -> &[f64] {
        &self.right
    }

    /// Case weights (1 when none were given).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// assert_eq!(AftData::interval(vec![1.0], vec![2.0]).build()?.weights(), &[1.0]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn weights(&self) -> &[f64] {
        &self.weight
    }

    /// The covariate names, in the order of the coefficient table.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// let d = AftData::interval(vec![1.0], vec![2.0]).covariate("x", vec![0.5]).build()?;
    /// assert_eq!(d.covariate_names(), vec!["x"]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn covariate_names(&self) -> Vec<&str> {
        self.covariates.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The values of a covariate, if present.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// let d = AftData::interval(vec![1.0], vec![2.0]).covariate("x", vec![0.5]).build()?;
    /// assert_eq!(d.covariate("x"), Some(&[0.5][..]));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn covariate(&self, name: &str) -> Option<&[f64]> {
        self.covariates
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }
}

impl AftDataBuilder {
    /// Adds a numeric covariate (one value per subject).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// let b = AftData::interval(vec![1.0], vec![2.0]).covariate("x", vec![0.5]);
    /// assert!(b.build().is_ok());
    /// ```
    pub fn covariate(mut self, name: &str, values: Vec<f64>) -> Self {
        self.covariates.push((name.to_string(), values));
        self
    }

    /// Sets case weights (finite, ≥ 0).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// assert!(AftData::interval(vec![1.0], vec![2.0]).weights(vec![-1.0]).build().is_err());
    /// ```
    pub fn weights(mut self, weight: Vec<f64>) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Validates and builds. Errors ([`Error::InvalidValue`] with the row
    /// and column, or a length mismatch): no subjects; a left end that is
    /// negative, NaN or infinite; a right end that is NaN, −∞ or below the
    /// left end; an exact or right-censored time of 0 (it has no
    /// logarithm, as in R); an event code other than 0/1; a covariate
    /// value that is not finite; a negative or non-finite weight; a
    /// covariate name given twice.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// let err = AftData::right_censored(vec![0.0, 2.0], vec![1, 1]).build().unwrap_err();
    /// assert!(err.to_string().starts_with("row 0, column `time`: time 0 has no logarithm"));
    /// ```
    pub fn build(self) -> Result<AftData> {
        let n = self.left.len();
        if n == 0 {
            return Err(Error::EmptyInput);
        }
        let right_censored = self.events.is_some();
        let (lname, rname) = if right_censored {
            ("time", "event")
        } else {
            ("left", "right")
        };
        let mismatch = |column: &str, found: usize| Error::LengthMismatch {
            column: column.to_string(),
            expected: n,
            found,
        };
        if self.right.len() != n {
            return Err(mismatch(rname, self.right.len()));
        }
        if let Some(events) = &self.events {
            if events.len() != n {
                return Err(mismatch("event", events.len()));
            }
            if let Some(i) = events.iter().position(|&e| e != 0 && e != 1) {
                return Err(Error::InvalidValue {
                    row: i,
                    column: "event".into(),
                    problem: ValueProblem::EventCode {
                        code: events[i].to_string(),
                        allowed: "0 or 1".into(),
                    },
                });
            }
        }
        for i in 0..n {
            check_interval(self.left[i], self.right[i]).map_err(|(on_left, problem)| {
                Error::InvalidValue {
                    row: i,
                    column: if on_left || right_censored {
                        lname
                    } else {
                        rname
                    }
                    .to_string(),
                    problem,
                }
            })?;
        }
        for (k, (name, values)) in self.covariates.iter().enumerate() {
            if self.covariates[..k].iter().any(|(m, _)| m == name) {
                return Err(crate::error::invalid(
                    "covariates",
                    format!("`{name}` is given twice"),
                ));
            }
            if values.len() != n {
                return Err(mismatch(name, values.len()));
            }
            if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                return Err(Error::InvalidValue {
                    row: i,
                    column: name.clone(),
                    problem: ValueProblem::NotFinite { value: values[i] },
                });
            }
        }
        let weight = match self.weight {
            None => vec![1.0; n],
            Some(w) => {
                if w.len() != n {
                    return Err(mismatch("weight", w.len()));
                }
                for (i, &v) in w.iter().enumerate() {
                    crate::survival::data::validate_weight(v).map_err(|problem| {
                        Error::InvalidValue {
                            row: i,
                            column: "weight".into(),
                            problem,
                        }
                    })?;
                }
                w
            }
        };
        Ok(AftData {
            left: self.left,
            right: self.right,
            covariates: self.covariates,
            weight,
        })
    }
}
