//! Competing risks: the Aalen–Johansen cumulative incidence of each cause,
//! with infinitesimal-jackknife standard errors and pointwise intervals, by
//! group, with delayed entry and case weights, as R's
//! `survfit(Surv(entry, time, factor(status)) ~ group, id = id)`.
//!
//! A returnee can re-migrate irregularly (cause 1) or move on through a
//! legal channel (cause 2); one of the two happening first removes the
//! other. The cumulative incidence of cause k is
//! F_k(t) = Σ_{s ≤ t} S(s−) d_k(s) / n(s), with S the all-cause
//! Kaplan–Meier of the group; Σ_k F_k(t) + S(t) = 1. Tied times are
//! handled exactly: events of every cause at t count in the same step, and
//! censorings at t are at risk at t (no jitter).
//!
//! The standard error is R's: the square root of Σ_i (w_i U_i(t))², U_i the
//! derivative of the estimate with respect to subject i's weight (the
//! infinitesimal jackknife; for unweighted data Σ_i U_i(t)²). With
//! [`VarianceWeights::Frequency`] it is Σ_i w_i U_i(t)², the variance of
//! the data with every row repeated `weight` times. The computation is
//! linear in the number of subjects (see the `sweep` module's notes).

mod data;
mod grid;
mod output;
mod sweep;
mod table;

use serde::{Deserialize, Serialize};

use super::ci::{ConfType, interval, z_of_level};
use crate::error::{Result, invalid};
use crate::setters::setters;

pub use data::{CompetingData, CompetingDataBuilder, MAX_CAUSES};
pub use output::{AJ_HEADER, CUMINC_FULL_HEADER, CUMINC_HEADER};
pub use table::CompetingColumns;

/// Which curve a [`CumIncCurve`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CurveState {
    /// Still in the initial state (no event of any cause): the all-cause
    /// Kaplan–Meier. Written as state `0`.
    EventFree,
    /// The cumulative incidence of a cause (its status code).
    Cause(u32),
}

impl CurveState {
    /// The state's code: 0 for [`CurveState::EventFree`], the cause otherwise.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CurveState;
    /// assert_eq!(CurveState::Cause(2).code(), 2);
    /// assert_eq!(CurveState::EventFree.code(), 0);
    /// ```
    pub fn code(self) -> u32 {
        match self {
            CurveState::EventFree => 0,
            CurveState::Cause(k) => k,
        }
    }
}

/// How case weights enter the variance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VarianceWeights {
    /// Σ (w_i U_i)²: weights as sampling weights, as R's survfit.
    Sampling,
    /// Σ w_i U_i²: weights as numbers of identical subjects; equals the
    /// variance of the data with every row repeated `weight` times.
    Frequency,
}

/// One time of one curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CumIncRow {
    /// The time (a distinct exit time of the group).
    pub time: f64,
    /// (Weighted) number at risk just before the time.
    pub n_risk: f64,
    /// (Weighted) events at the time: of the curve's cause, or of every
    /// cause for the event-free curve.
    pub n_event: f64,
    /// (Weighted) censorings at the time.
    pub n_censor: f64,
    /// The cumulative incidence (or the event-free probability).
    pub estimate: f64,
    /// Its infinitesimal-jackknife standard error.
    pub std_err: f64,
    /// Lower confidence limit (`None` where R gives NA, e.g. at 0 with log).
    pub lower: Option<f64>,
    /// Upper confidence limit.
    pub upper: Option<f64>,
}

/// The curve of one state in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CumIncCurve {
    /// Group label (empty without groups).
    pub group: String,
    /// Event-free or a cause.
    pub state: CurveState,
    /// One row per distinct exit time of the group, ascending.
    pub rows: Vec<CumIncRow>,
}

/// Aalen–Johansen estimates by group: for every group the event-free curve
/// and then one curve per cause (ascending).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CumIncFit {
    /// Interval type.
    pub conf_type: ConfType,
    /// Confidence level.
    pub conf_level: f64,
    /// How weights entered the variance.
    pub variance_weights: VarianceWeights,
    /// The causes (distinct non-zero status codes of the whole data).
    pub causes: Vec<u32>,
    /// Curves ordered by group (byte order), then state.
    pub curves: Vec<CumIncCurve>,
}

/// The Aalen–Johansen fitter (R: `survfit(Surv(entry, time, factor(status))
/// ~ group, id = id, weights, conf.type, conf.int, timefix = FALSE)`, field
/// `pstate`, `std.err`, `lower`, `upper`).
///
/// # Example
/// ```
/// use return_migration::survival::{AalenJohansen, CompetingData};
/// // status 1: re-migrated irregularly; 2: moved on legally; 0: censored.
/// let d = CompetingData::builder(vec![1., 2., 2., 2., 3., 4.], vec![1, 2, 1, 0, 0, 1]).build()?;
/// let fit = AalenJohansen::new().fit(&d)?;
/// let cif1 = fit.cif("", 1)?;
/// assert_eq!(cif1.rows[0].estimate, 1.0 / 6.0);              // 1 of 6 at time 1
/// assert!((cif1.rows[1].estimate - (1.0 / 6.0 + 5.0 / 6.0 / 5.0)).abs() < 1e-15); // + S(1)·1/5
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AalenJohansen {
    conf_type: ConfType,
    conf_level: f64,
    variance_weights: VarianceWeights,
}

impl Default for AalenJohansen {
    fn default() -> Self {
        AalenJohansen {
            conf_type: ConfType::Log,
            conf_level: 0.95,
            variance_weights: VarianceWeights::Sampling,
        }
    }
}

impl AalenJohansen {
    /// Log intervals at 0.95, sampling-weight variance (R's defaults).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::AalenJohansen;
    /// let _ = AalenJohansen::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Sets the interval type (R's `conf.type`), applied to every curve.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{AalenJohansen, ConfType};
        /// let _ = AalenJohansen::new().conf_type(ConfType::Plain);
        /// ```
        conf_type: ConfType,

        /// Sets the confidence level (checked when fitting).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{AalenJohansen, CompetingData};
        /// let d = CompetingData::builder(vec![1.0], vec![1]).build()?;
        /// assert!(AalenJohansen::new().conf_level(0.0).fit(&d).is_err());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        conf_level: f64,

        /// Sets how weights enter the variance.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{AalenJohansen, VarianceWeights};
        /// let _ = AalenJohansen::new().variance_weights(VarianceWeights::Frequency);
        /// ```
        variance_weights: VarianceWeights,
    }

    /// Fits every group. Errors only on a confidence level outside (0, 1).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AalenJohansen, CompetingData, CurveState};
    /// let d = CompetingData::builder(vec![1.0, 2.0, 3.0], vec![1, 2, 0])
    ///     .groups(vec!["a".into(), "a".into(), "b".into()]).build()?;
    /// let fit = AalenJohansen::new().fit(&d)?;
    /// assert_eq!(fit.curves.len(), 6); // 2 groups × (event-free, cause 1, cause 2)
    /// assert_eq!(fit.curve("a", CurveState::EventFree)?.rows[1].estimate, 0.0);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &CompetingData) -> Result<CumIncFit> {
        let z = z_of_level(self.conf_level)?;
        let causes = data.causes().to_vec();
        let k = causes.len();
        let frequency = self.variance_weights == VarianceWeights::Frequency;
        let mut curves = Vec::with_capacity(data.group_labels().len() * (k + 1));
        let cells = data.cells();
        let mut from = 0;
        while from < cells.len() {
            let group = cells[from].group;
            let to = from
                + cells[from..]
                    .iter()
                    .take_while(|c| c.group == group)
                    .count();
            let mine: Vec<_> = cells[from..to].iter().collect();
            from = to;
            let est = sweep::estimate(&mine, k, frequency);
            let label = &data.group_labels()[group as usize];
            let nt = est.time.len();
            let rows_of = |estimate: &dyn Fn(usize) -> (f64, f64, f64)| -> Vec<CumIncRow> {
                (0..nt)
                    .map(|j| {
                        let (n_event, p, var) = estimate(j);
                        let se = var.sqrt();
                        let se_log = if se == 0.0 { 0.0 } else { se / p };
                        let (lower, upper) = interval(self.conf_type, p, se_log, z);
                        CumIncRow {
                            time: est.time[j],
                            n_risk: est.n_risk[j],
                            n_event,
                            n_censor: est.n_censor[j],
                            estimate: p,
                            std_err: se,
                            lower,
                            upper,
                        }
                    })
                    .collect()
            };
            curves.push(CumIncCurve {
                group: label.clone(),
                state: CurveState::EventFree,
                rows: rows_of(&|j| {
                    let d = est.n_event[j * k..(j + 1) * k].iter().sum();
                    (d, est.surv[j], est.surv_var[j])
                }),
            });
            for (c, &cause) in causes.iter().enumerate() {
                curves.push(CumIncCurve {
                    group: label.clone(),
                    state: CurveState::Cause(cause),
                    rows: rows_of(&|j| {
                        let at = j * k + c;
                        (est.n_event[at], est.cif[at], est.cif_var[at])
                    }),
                });
            }
        }
        Ok(CumIncFit {
            conf_type: self.conf_type,
            conf_level: self.conf_level,
            variance_weights: self.variance_weights,
            causes,
            curves,
        })
    }
}

impl CumIncFit {
    /// The curve of a group and state.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AalenJohansen, CompetingData, CurveState};
    /// let d = CompetingData::builder(vec![1.0], vec![1]).build()?;
    /// let fit = AalenJohansen::new().fit(&d)?;
    /// assert!(fit.curve("", CurveState::Cause(1)).is_ok());
    /// assert!(fit.curve("", CurveState::Cause(2)).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn curve(&self, group: &str, state: CurveState) -> Result<&CumIncCurve> {
        self.curves
            .iter()
            .find(|c| c.group == group && c.state == state)
            .ok_or_else(|| {
                invalid(
                    "curve",
                    format!("group `{group}`, state {} is not in the fit", state.code()),
                )
            })
    }

    /// The cumulative incidence curve of a cause in a group.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AalenJohansen, CompetingData};
    /// let d = CompetingData::builder(vec![1.0, 2.0], vec![1, 0]).build()?;
    /// assert_eq!(AalenJohansen::new().fit(&d)?.cif("", 1)?.rows[0].estimate, 0.5);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn cif(&self, group: &str, cause: u32) -> Result<&CumIncCurve> {
        self.curve(group, CurveState::Cause(cause))
    }

    /// The event-free (all-cause Kaplan–Meier) curve of a group.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AalenJohansen, CompetingData};
    /// let d = CompetingData::builder(vec![1.0, 2.0], vec![1, 0]).build()?;
    /// assert_eq!(AalenJohansen::new().fit(&d)?.event_free("")?.rows[0].estimate, 0.5);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn event_free(&self, group: &str) -> Result<&CumIncCurve> {
        self.curve(group, CurveState::EventFree)
    }
}
