//! Input of the AFT regression: one censoring interval per subject,
//! covariates and case weights, validated once.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, ValueProblem};
use crate::survival::Censoring;
use crate::survival::input::check::{CodeRule, check_len, check_weight, invalid_at};

/// What is wrong with one subject's (left, right], and in which of the two
/// (true: left): the interval data rules, and no exact event at time 0,
/// whose log-density the model would need (R refuses it too).
pub(crate) fn check_interval(
    left: f64,
    right: f64,
) -> std::result::Result<(), (bool, ValueProblem)> {
    crate::survival::input::check::check_interval(left, right)
        .map_err(|(c, p)| (c == "left", p))?;
    check_log_time(left, right).map_err(|p| (true, p))
}

/// An exact event at time 0. (A row right-censored at 0 is allowed: it says
/// only T > 0, which every model gives probability 1, so it contributes
/// nothing to the likelihood; R's `survreg` refuses it as log(0), or drops
/// it when `left` is NA, with the same estimates.)
pub(crate) fn check_log_time(left: f64, right: f64) -> std::result::Result<(), ValueProblem> {
    if left == 0.0 && right == 0.0 {
        return Err(ValueProblem::ZeroLogTime);
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

    /// The intervals and weights of [`IntervalData`](crate::survival::IntervalData)
    /// (from a CSV through [`IntervalColumns`](crate::survival::IntervalColumns),
    /// or from the cohort builder's wave panels), to which covariates are
    /// added. Groups are not carried over (use a 0/1 covariate).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AftData, IntervalData, Survreg};
    /// let waves = IntervalData::builder(
    ///     vec![0.0, 1.0, 2.0, 1.0, 3.0, 2.0],
    ///     vec![1.0, 2.0, 3.0, f64::INFINITY, f64::INFINITY, 2.0],
    /// ).build()?;
    /// let d = AftData::from_interval_data(&waves)
    ///     .covariate("grant", vec![0., 1., 1., 0., 1., 0.])
    ///     .build()?;
    /// assert_eq!(Survreg::new().fit(&d)?.terms[1].term, "grant");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn from_interval_data(data: &crate::survival::IntervalData) -> AftDataBuilder {
        let b = AftData::interval(data.left().to_vec(), data.right().to_vec());
        if data.is_weighted() {
            b.weights(data.weights().to_vec())
        } else {
            b
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
        Censoring::of(self.left[i], self.right[i])
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

    /// Sets case weights (finite, > 0, as R's `survreg` requires).
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
    /// left end; an exact event time of 0 (it has no logarithm, as in R); an event code other than 0/1; a covariate
    /// value that is not finite; a weight that is not finite and positive; a
    /// covariate name given twice.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AftData;
    /// let err = AftData::right_censored(vec![0.0, 2.0], vec![1, 1]).build().unwrap_err();
    /// assert!(err.to_string().starts_with("row 1 (counting from 1), column `time`: an exact event time of 0 has no logarithm"));
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
        check_len(rname, self.right.len(), n)?;
        if let Some(events) = &self.events {
            check_len("event", events.len(), n)?;
            for (i, &e) in events.iter().enumerate() {
                CodeRule::ZeroOne
                    .check(e)
                    .map_err(|p| invalid_at(i, "event", p))?;
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
            check_len(name, values.len(), n)?;
            if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                let p = ValueProblem::NotFinite { value: values[i] };
                return Err(invalid_at(i, name, p));
            }
        }
        let weight = match self.weight {
            None => vec![1.0; n],
            Some(w) => {
                check_len("weight", w.len(), n)?;
                for (i, &v) in w.iter().enumerate() {
                    check_weight(v).map_err(|p| invalid_at(i, "weight", p))?;
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
