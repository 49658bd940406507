//! Step curves of the competing-risks and recurrent-event estimates, for
//! [`StepChart`](super::StepChart).

use super::steps::{Step, StepCurve};
use crate::survival::{CumIncCurve, CumIncFit, CurveState, McfCurve, McfFit};

/// The steps of `(time, value, lower, upper)` rows: a step wherever the
/// value or a limit changes, starting from `start` without a band.
fn changes(
    start: f64,
    rows: impl Iterator<Item = (f64, f64, Option<f64>, Option<f64>)>,
) -> Vec<Step> {
    let mut last = (start, None, None);
    let mut steps = Vec::new();
    for (time, value, lower, upper) in rows {
        if (value, lower, upper) != last {
            steps.push(Step {
                time,
                value,
                lower,
                upper,
            });
            last = (value, lower, upper);
        }
    }
    steps
}

impl StepCurve {
    /// One curve of an Aalen–Johansen fit: the cumulative incidence of a
    /// cause from 0 (or the event-free probability from 1), with its
    /// pointwise band, the numbers at risk, drawn to the last exit time.
    /// Labelled by the group (`cause k` / `event-free` without groups).
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// use return_migration::survival::{AalenJohansen, CompetingData};
    /// let d = CompetingData::builder(vec![1., 2., 3., 4.], vec![1, 2, 0, 1]).build()?;
    /// let fit = AalenJohansen::new().fit(&d)?;
    /// let c = StepCurve::incidence(fit.cif("", 1)?);
    /// assert_eq!((c.label.as_str(), c.start), ("cause 1", 0.0));
    /// assert_eq!(c.value_at(1.0), 0.25);
    /// assert_eq!((c.at_risk_at(2.0), c.last_time()), (3.0, 4.0));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn incidence(curve: &CumIncCurve) -> StepCurve {
        let (label, start) = match curve.state {
            CurveState::EventFree => ("event-free".to_string(), 1.0),
            CurveState::Cause(k) => (format!("cause {k}"), 0.0),
        };
        StepCurve {
            label: if curve.group.is_empty() {
                label
            } else {
                curve.group.clone()
            },
            start,
            steps: changes(
                start,
                curve
                    .rows
                    .iter()
                    .map(|r| (r.time, r.estimate, r.lower, r.upper)),
            ),
            end: curve.rows.last().map(|r| r.time),
            censored: Vec::new(),
            at_risk: curve.rows.iter().map(|r| (r.time, r.n_risk)).collect(),
        }
    }

    /// The mean cumulative function of one group, from 0, with its band
    /// (from the robust standard error) and the numbers under observation,
    /// drawn to the last stop time. Labelled by the group (`all` without
    /// groups).
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepCurve;
    /// use return_migration::survival::{Mcf, RecurrentData};
    /// let d = RecurrentData::builder(
    ///     vec!["A".into(), "A".into(), "B".into()],
    ///     vec![0.0, 2.0, 0.0], vec![2.0, 5.0, 3.0], vec![1, 1, 0],
    /// ).build()?;
    /// let c = StepCurve::mean_cumulative(&Mcf::new().fit(&d)?.curves[0]);
    /// assert_eq!((c.label.as_str(), c.value_at(2.0), c.value_at(5.0)), ("all", 0.5, 1.5));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn mean_cumulative(curve: &McfCurve) -> StepCurve {
        StepCurve {
            label: if curve.group.is_empty() {
                "all".to_string()
            } else {
                curve.group.clone()
            },
            start: 0.0,
            steps: changes(
                0.0,
                curve.rows.iter().map(|r| (r.time, r.mcf, r.lower, r.upper)),
            ),
            end: curve.rows.last().map(|r| r.time),
            censored: Vec::new(),
            at_risk: curve.rows.iter().map(|r| (r.time, r.n_risk)).collect(),
        }
    }
}

impl CumIncFit {
    /// The cumulative incidence curves of every cause in every group (the
    /// event-free curves left out), for a [`StepChart`](super::StepChart)
    /// overlaid, stacked or in panels. Cause k is named `cause_names[k − 1]`
    /// (`cause k` beyond the list); with groups the label is `group: name`.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::{Layout, StepChart};
    /// use return_migration::survival::{AalenJohansen, CompetingData};
    /// let d = CompetingData::builder(vec![1., 2., 3., 4.], vec![1, 2, 0, 1]).build()?;
    /// let curves = AalenJohansen::new().fit(&d)?.step_curves(&["irregular", "legal"]);
    /// assert_eq!((curves[0].label.as_str(), curves[1].label.as_str()), ("irregular", "legal"));
    /// let fig = StepChart::new(curves).layout(Layout::Stacked).render()?;
    /// assert!(fig.svg().contains("legal"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn step_curves<S: AsRef<str>>(&self, cause_names: &[S]) -> Vec<StepCurve> {
        self.curves
            .iter()
            .filter_map(|c| {
                let CurveState::Cause(k) = c.state else {
                    return None;
                };
                let name = (k as usize)
                    .checked_sub(1)
                    .and_then(|i| cause_names.get(i))
                    .map_or_else(|| format!("cause {k}"), |s| s.as_ref().to_string());
                let mut curve = StepCurve::incidence(c);
                curve.label = if c.group.is_empty() {
                    name
                } else {
                    format!("{}: {name}", c.group)
                };
                Some(curve)
            })
            .collect()
    }
}

impl McfFit {
    /// One [`StepCurve::mean_cumulative`] per group.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{Mcf, RecurrentData};
    /// let d = RecurrentData::builder(vec!["a".into(), "b".into()], vec![0.0, 0.0], vec![1.0, 2.0], vec![1, 0])
    ///     .groups(vec!["x".into(), "y".into()]).build()?;
    /// let curves = Mcf::new().fit(&d)?.step_curves();
    /// assert_eq!((curves[0].label.as_str(), curves[1].label.as_str()), ("x", "y"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn step_curves(&self) -> Vec<StepCurve> {
        self.curves.iter().map(StepCurve::mean_cumulative).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survival::{AalenJohansen, CompetingData, Mcf, RecurrentData};

    #[test]
    fn incidence_steps_follow_the_fit() {
        // At 1: cause 1 gets 1/6; at 2: cause 1 +1/6, cause 2 +1/6; at 4: cause 1 + 1/6·... .
        let d = CompetingData::builder(vec![1., 2., 2., 2., 3., 4.], vec![1, 2, 1, 0, 0, 1])
            .groups(["g", "g", "g", "g", "g", "g"].map(String::from).to_vec())
            .build()
            .unwrap();
        let fit = AalenJohansen::new().fit(&d).unwrap();
        let curves = fit.step_curves(&["irregular"]);
        assert_eq!(curves.len(), 2);
        assert_eq!(curves[0].label, "g: irregular");
        assert_eq!(curves[1].label, "g: cause 2");
        for (curve, k) in curves.iter().zip([1, 2]) {
            let rows = &fit.cif("g", k).unwrap().rows;
            for r in rows {
                assert_eq!(curve.value_at(r.time), r.estimate);
            }
            // a step only where something changes
            for s in &curve.steps {
                let r = rows.iter().find(|r| r.time == s.time).unwrap();
                assert_eq!((s.lower, s.upper), (r.lower, r.upper));
            }
            assert_eq!(curve.at_risk_at(3.0), 2.0);
            assert_eq!(curve.last_time(), 4.0);
        }
        let free = StepCurve::incidence(fit.event_free("g").unwrap());
        assert_eq!((free.label.as_str(), free.start), ("g", 1.0));
        assert_eq!(free.value_at(2.0), 0.5);
    }

    #[test]
    fn mcf_curves_per_group() {
        let d = RecurrentData::builder(
            vec!["A".into(), "A".into(), "A".into(), "B".into(), "B".into()],
            vec![0.0, 2.0, 5.0, 0.0, 3.0],
            vec![2.0, 5.0, 8.0, 3.0, 6.0],
            vec![1, 1, 0, 1, 0],
        )
        .build()
        .unwrap();
        let fit = Mcf::new().fit(&d).unwrap();
        let c = &fit.step_curves()[0];
        assert_eq!(c.steps.len(), 3); // events at 2, 3, 5; nothing changes at 6 and 8
        assert_eq!(c.value_at(5.0), 1.5);
        assert_eq!(c.steps[2].upper, fit.curves[0].rows[2].upper);
        assert_eq!(c.last_time(), 8.0);
    }
}
