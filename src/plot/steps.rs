//! Labelled right-continuous step functions: the input of every curve figure.

use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};
use crate::survival::SurvCurve;

/// One jump of a step function: from `time` on, the curve is at `value`
/// (with an optional pointwise confidence band).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The time of the jump.
    pub time: f64,
    /// The value from this time until the next jump.
    pub value: f64,
    /// Lower confidence limit, if any.
    pub lower: Option<f64>,
    /// Upper confidence limit, if any.
    pub upper: Option<f64>,
}

/// A labelled step function — a survival curve, a cumulative incidence
/// curve of one cause, the cumulative re-migration of one return-year
/// cohort — with what a figure may add to it: a confidence band, censoring
/// marks and numbers at risk.
///
/// The curve is `start` before the first step and right-continuous. Any
/// estimator can feed a figure through this type (e.g. an Aalen–Johansen
/// estimate: one curve per cause, `start` 0).
///
/// # Example
/// ```
/// use return_migration::plot::StepCurve;
/// let c = StepCurve::new("assisted", 0.0, &[(6.0, 0.05), (18.0, 0.12)])
///     .censor_marks(&[12.0])
///     .at_risk(&[(6.0, 40.0), (12.0, 37.0), (18.0, 30.0)]);
/// assert_eq!(c.value_at(5.0), 0.0);
/// assert_eq!(c.value_at(6.0), 0.05);
/// assert_eq!(c.at_risk_at(10.0), 37.0);
/// assert_eq!(c.at_risk_at(40.0), 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepCurve {
    /// The label shown in the legend and the risk table.
    pub label: String,
    /// The value before the first step (1 for survival, 0 for incidence).
    pub start: f64,
    /// The jumps, by ascending time.
    pub steps: Vec<Step>,
    /// The end of follow-up: the curve is drawn up to here (default: the
    /// last step, censoring mark or at-risk time).
    pub end: Option<f64>,
    /// Times of censorings, marked on the curve with a tick.
    pub censored: Vec<f64>,
    /// `(time, number at risk just before time)`, ascending; the number at
    /// risk at t is that of the first time ≥ t, 0 after the last.
    pub at_risk: Vec<(f64, f64)>,
}

impl StepCurve {
    /// A curve from `(time, value)` jumps, without band, marks or counts.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// let c = StepCurve::new("cause A", 0.0, &[(1.0, 0.1), (2.0, 0.3)]);
    /// assert_eq!(c.steps.len(), 2);
    /// ```
    pub fn new(label: &str, start: f64, steps: &[(f64, f64)]) -> StepCurve {
        StepCurve {
            label: label.to_string(),
            start,
            steps: steps
                .iter()
                .map(|&(time, value)| Step {
                    time,
                    value,
                    lower: None,
                    upper: None,
                })
                .collect(),
            end: None,
            censored: Vec::new(),
            at_risk: Vec::new(),
        }
    }

    /// Sets the confidence band, one `(lower, upper)` per step (extra
    /// limits are ignored, missing ones leave the band open there).
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// let c = StepCurve::new("a", 0.0, &[(1.0, 0.1)]).band(&[(0.02, 0.3)]);
    /// assert_eq!(c.steps[0].upper, Some(0.3));
    /// ```
    pub fn band(mut self, limits: &[(f64, f64)]) -> StepCurve {
        for (s, &(lo, hi)) in self.steps.iter_mut().zip(limits) {
            s.lower = Some(lo);
            s.upper = Some(hi);
        }
        self
    }

    /// Sets the censoring times.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// assert_eq!(StepCurve::new("a", 1.0, &[]).censor_marks(&[3.0]).censored, vec![3.0]);
    /// ```
    pub fn censor_marks(mut self, times: &[f64]) -> StepCurve {
        self.censored = times.to_vec();
        self
    }

    /// Sets the numbers at risk, `(time, number at risk just before time)`.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// let c = StepCurve::new("a", 1.0, &[]).at_risk(&[(0.0, 65.0)]);
    /// assert_eq!(c.at_risk_at(0.0), 65.0);
    /// ```
    pub fn at_risk(mut self, rows: &[(f64, f64)]) -> StepCurve {
        self.at_risk = rows.to_vec();
        self
    }

    /// Sets the end of follow-up.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// assert_eq!(StepCurve::new("a", 1.0, &[]).end(36.0).last_time(), 36.0);
    /// ```
    pub fn end(mut self, time: f64) -> StepCurve {
        self.end = Some(time);
        self
    }

    /// The Kaplan–Meier curve of one group of a [`KaplanMeierFit`](crate::survival::KaplanMeierFit):
    /// survival from 1, its confidence band, a mark at every time with a
    /// censoring, the numbers at risk, drawn to the last exit time.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1., 2., 3.], vec![1, 0, 1]).build()?;
    /// let c = StepCurve::survival(&KaplanMeier::new().fit(&d)?.curves[0]);
    /// assert_eq!((c.start, c.steps.len(), c.censored.clone()), (1.0, 2, vec![2.0]));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn survival(curve: &SurvCurve) -> StepCurve {
        let label = if curve.group.is_empty() {
            "all"
        } else {
            &curve.group
        };
        StepCurve {
            label: label.to_string(),
            start: 1.0,
            steps: curve
                .rows
                .iter()
                .filter(|r| r.n_event > 0.0)
                .map(|r| Step {
                    time: r.time,
                    value: r.survival,
                    lower: r.lower,
                    upper: r.upper,
                })
                .collect(),
            end: curve.rows.last().map(|r| r.time),
            censored: curve
                .rows
                .iter()
                .filter(|r| r.n_censor > 0.0)
                .map(|r| r.time)
                .collect(),
            at_risk: curve.rows.iter().map(|r| (r.time, r.n_risk)).collect(),
        }
    }

    /// The cumulative share with the event, 1 − S(t), of one Kaplan–Meier
    /// curve (e.g. the share of a return-year cohort that has re-migrated),
    /// with the band 1 − upper … 1 − lower.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1., 2.], vec![1, 1]).build()?;
    /// let c = StepCurve::cumulative(&KaplanMeier::new().fit(&d)?.curves[0]);
    /// assert_eq!((c.start, c.steps[0].value, c.steps[1].value), (0.0, 0.5, 1.0));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn cumulative(curve: &SurvCurve) -> StepCurve {
        let mut c = StepCurve::survival(curve);
        c.start = 0.0;
        for s in &mut c.steps {
            let (lo, hi) = (s.upper.map(|u| 1.0 - u), s.lower.map(|l| 1.0 - l));
            s.value = 1.0 - s.value;
            s.lower = lo;
            s.upper = hi;
        }
        c
    }

    /// The value at time t (the last step at or before t, else `start`).
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// let c = StepCurve::new("a", 1.0, &[(2.0, 0.5)]);
    /// assert_eq!((c.value_at(1.9), c.value_at(2.0)), (1.0, 0.5));
    /// ```
    pub fn value_at(&self, t: f64) -> f64 {
        let k = self.steps.partition_point(|s| s.time <= t);
        if k == 0 {
            self.start
        } else {
            self.steps[k - 1].value
        }
    }

    /// The number at risk at time t: that of the first at-risk time ≥ t, 0
    /// after the last (R's `summary.survfit(times = t)`).
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// let c = StepCurve::new("a", 1.0, &[]).at_risk(&[(1.0, 3.0), (2.0, 2.0)]);
    /// assert_eq!((c.at_risk_at(0.0), c.at_risk_at(1.5), c.at_risk_at(2.5)), (3.0, 2.0, 0.0));
    /// ```
    pub fn at_risk_at(&self, t: f64) -> f64 {
        let k = self.at_risk.partition_point(|r| r.0 < t);
        self.at_risk.get(k).map_or(0.0, |r| r.1)
    }

    /// The last time the curve covers: `end` if set, else the latest step,
    /// censoring or at-risk time (0 for an empty curve).
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// assert_eq!(StepCurve::new("a", 1.0, &[(2.0, 0.5)]).censor_marks(&[5.0]).last_time(), 5.0);
    /// ```
    pub fn last_time(&self) -> f64 {
        if let Some(e) = self.end {
            return e;
        }
        let steps = self.steps.iter().map(|s| s.time);
        let marks = self.censored.iter().copied();
        let risk = self.at_risk.iter().map(|r| r.0);
        steps.chain(marks).chain(risk).fold(0.0, f64::max)
    }

    /// Checks that every number is finite, times ascend and counts are ≥ 0.
    pub(crate) fn validate(&self) -> Result<()> {
        let what = format!("curve `{}`", self.label);
        let bad = |reason: String| Err(invalid(&what, reason));
        if !self.start.is_finite() {
            return bad(format!("start value {} is not finite", self.start));
        }
        let mut previous = f64::NEG_INFINITY;
        for (i, s) in self.steps.iter().enumerate() {
            let limits = [s.lower, s.upper];
            if !s.time.is_finite()
                || !s.value.is_finite()
                || limits.iter().flatten().any(|v| !v.is_finite())
            {
                return bad(format!(
                    "step {} (time {}) has a value that is not finite",
                    i + 1,
                    s.time
                ));
            }
            if s.time < previous {
                return bad(format!(
                    "step times must ascend: {} after {previous}",
                    s.time
                ));
            }
            previous = s.time;
        }
        if let Some(t) = self.censored.iter().find(|t| !t.is_finite()) {
            return bad(format!("censoring time {t} is not finite"));
        }
        let mut previous = f64::NEG_INFINITY;
        for &(t, n) in &self.at_risk {
            if !t.is_finite() || !n.is_finite() || n < 0.0 {
                return bad(format!(
                    "at-risk row ({t}, {n}) must be finite with a count >= 0"
                ));
            }
            if t < previous {
                return bad(format!("at-risk times must ascend: {t} after {previous}"));
            }
            previous = t;
        }
        if let Some(e) = self.end
            && !e.is_finite()
        {
            return bad(format!("end {e} is not finite"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_curve_and_problem() {
        let c = StepCurve::new("x", 0.0, &[(2.0, 0.1), (1.0, 0.2)]);
        let e = c.validate().unwrap_err().to_string();
        assert!(e.contains("curve `x`") && e.contains("ascend"), "{e}");
        let c = StepCurve::new("y", 0.0, &[(1.0, f64::NAN)]);
        assert!(c.validate().is_err());
        let c = StepCurve::new("z", 0.0, &[]).at_risk(&[(1.0, -1.0)]);
        assert!(c.validate().is_err());
        assert!(StepCurve::new("ok", 0.0, &[(1.0, 0.1)]).validate().is_ok());
    }

    #[test]
    fn ties_in_at_risk_take_the_first_row_at_or_after() {
        let c = StepCurve::new("a", 1.0, &[]).at_risk(&[(1.0, 5.0), (3.0, 2.0)]);
        assert_eq!(c.at_risk_at(1.0), 5.0);
        assert_eq!(c.at_risk_at(1.0000001), 2.0);
        assert_eq!(c.at_risk_at(3.0), 2.0);
    }
}
