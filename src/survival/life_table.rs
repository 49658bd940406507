//! The actuarial life table for grouped durations.
//!
//! For band j = [a_j, a_{j+1}) of width h_j, with N_j entering, W_j
//! withdrawn (censored) and D_j events:
//!
//! ```text
//! n'_j = N_j − W_j/2                    effective number at risk
//! q_j  = D_j / n'_j,  p_j = 1 − q_j      conditional probability of the event
//! S_j  = Π_{k<j} p_k                     survival at the start of the band
//! se(S_j) = S_j √(Σ_{k<j} q_k/(n'_k p_k))           (Greenwood)
//! se(q_j) = √(q_j p_j / n'_j)
//! f_j  = (S_j − S_{j+1}) / h_j,  se(f_j) = (S_j q_j/h_j) √(Σ_{k<j} q_k/(n'_k p_k) + p_j/(n'_j q_j))
//! λ_j  = D_j / (h_j (n'_j − D_j/2)),     se(λ_j) = λ_j √((1 − (λ_j h_j/2)²) / D_j)
//! ```
//!
//! These are the formulas of Stata's `ltable` and of Klein & Moeschberger
//! (2003, §5.4) as implemented in R's `KMsurv::lifetab`, against which the
//! tests check every column. Density and hazard are undefined in an
//! open-ended last band.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::data::SurvData;
use crate::error::{Result, invalid};

/// The counts of one band of a life table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifeTableBand {
    /// Start of the band.
    pub start: f64,
    /// End of the band (exclusive); `None` for an open last band.
    pub end: Option<f64>,
    /// Events in the band.
    pub events: f64,
    /// Withdrawn (censored) in the band.
    pub withdrawn: f64,
}

/// One row of a life table (see the module documentation for the formulas).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifeTableRow {
    /// Start of the band.
    pub start: f64,
    /// End of the band; `None` when open.
    pub end: Option<f64>,
    /// Entering the band, N_j.
    pub entering: f64,
    /// Withdrawn, W_j.
    pub withdrawn: f64,
    /// Effective number at risk, n'_j.
    pub at_risk: f64,
    /// Events, D_j.
    pub events: f64,
    /// Conditional probability of the event, q_j.
    pub q: f64,
    /// Standard error of q_j.
    pub se_q: f64,
    /// Survival at the start of the band, S_j.
    pub survival: f64,
    /// Standard error of S_j.
    pub se_survival: f64,
    /// Survival at the end of the band, S_j p_j.
    pub survival_end: f64,
    /// Density f_j.
    pub pdf: Option<f64>,
    /// Standard error of f_j.
    pub se_pdf: Option<f64>,
    /// Hazard λ_j.
    pub hazard: Option<f64>,
    /// Standard error of λ_j.
    pub se_hazard: Option<f64>,
}

/// An actuarial life table.
///
/// # Example
/// ```
/// use return_migration::survival::{LifeTable, LifeTableBand};
/// let bands = [
///     LifeTableBand { start: 0.0, end: Some(1.0), events: 10.0, withdrawn: 4.0 },
///     LifeTableBand { start: 1.0, end: None, events: 6.0, withdrawn: 80.0 },
/// ];
/// let lt = LifeTable::from_counts(100.0, &bands)?;
/// assert_eq!(lt.rows[0].at_risk, 98.0);             // 100 − 4/2
/// assert_eq!(lt.rows[1].entering, 86.0);            // 100 − 10 − 4
/// assert!((lt.rows[1].survival - 88.0 / 98.0).abs() < 1e-15);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifeTable {
    /// One row per band.
    pub rows: Vec<LifeTableRow>,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

impl LifeTable {
    /// A life table from counts per band and the number entering the first
    /// band. Bands must be contiguous and increasing (only the last may be
    /// open); counts finite and non-negative; in no band may events plus
    /// withdrawals exceed the number entering it.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{LifeTable, LifeTableBand};
    /// let bad = [LifeTableBand { start: 0.0, end: None, events: 8.0, withdrawn: 5.0 }];
    /// assert!(LifeTable::from_counts(10.0, &bad).is_err());
    /// ```
    pub fn from_counts(initial: f64, bands: &[LifeTableBand]) -> Result<LifeTable> {
        if bands.is_empty() {
            return Err(invalid("bands", "at least one band is needed"));
        }
        if !(initial.is_finite() && initial > 0.0) {
            return Err(invalid(
                "initial",
                format!("{initial} must be finite and > 0"),
            ));
        }
        for (j, b) in bands.iter().enumerate() {
            if !(b.start.is_finite() && b.events.is_finite() && b.withdrawn.is_finite())
                || b.events < 0.0
                || b.withdrawn < 0.0
            {
                return Err(invalid(
                    "bands",
                    format!("band {j}: start and counts must be finite, counts >= 0"),
                ));
            }
            match (b.end, bands.get(j + 1)) {
                (Some(e), next) => {
                    if !(e.is_finite() && e > b.start) {
                        return Err(invalid(
                            "bands",
                            format!("band {j}: end {e} must exceed start {}", b.start),
                        ));
                    }
                    if let Some(n) = next
                        && n.start != e
                    {
                        return Err(invalid(
                            "bands",
                            format!(
                                "band {} starts at {} but band {j} ends at {e}",
                                j + 1,
                                n.start
                            ),
                        ));
                    }
                }
                (None, Some(_)) => {
                    return Err(invalid(
                        "bands",
                        format!("band {j} is open but is not the last"),
                    ));
                }
                (None, None) => {}
            }
        }
        let mut rows = Vec::with_capacity(bands.len());
        let (mut entering, mut s, mut greenwood) = (initial, 1.0_f64, 0.0_f64);
        for (j, b) in bands.iter().enumerate() {
            // Weighted counts summed in another order can exceed the
            // entering by a rounding residue: tolerated at 1e-12 relative.
            if b.events + b.withdrawn > entering * (1.0 + 1e-12) {
                return Err(invalid(
                    "bands",
                    format!(
                        "band {j}: {} events + {} withdrawn exceed the {entering} entering",
                        b.events, b.withdrawn
                    ),
                ));
            }
            let at_risk = entering - b.withdrawn / 2.0;
            let q = if at_risk > 0.0 {
                b.events / at_risk
            } else {
                0.0
            };
            let p = 1.0 - q;
            let width = b.end.map(|e| e - b.start);
            let s_end = s * p;
            let (pdf, se_pdf, hazard, se_hazard) = match width {
                Some(h) => {
                    let pdf = (s - s_end) / h;
                    let se_pdf = s * q / h * (greenwood + p / (at_risk * q)).sqrt();
                    let hazard = b.events / h / (at_risk - b.events / 2.0);
                    let se_hazard = (1.0 - (hazard * h / 2.0).powi(2)).sqrt()
                        * (hazard * hazard / at_risk / q).sqrt();
                    (
                        finite(pdf),
                        finite(se_pdf),
                        finite(hazard),
                        finite(se_hazard),
                    )
                }
                None => (None, None, None, None),
            };
            rows.push(LifeTableRow {
                start: b.start,
                end: b.end,
                entering,
                withdrawn: b.withdrawn,
                at_risk,
                events: b.events,
                q,
                se_q: if at_risk > 0.0 {
                    (q * p / at_risk).sqrt()
                } else {
                    0.0
                },
                survival: s,
                se_survival: s * greenwood.sqrt(),
                survival_end: s_end,
                pdf,
                se_pdf,
                hazard,
                se_hazard,
            });
            greenwood += b.events / (at_risk * (at_risk - b.events));
            s = s_end;
            entering = (entering - b.events - b.withdrawn).max(0.0);
        }
        Ok(LifeTable { rows })
    }

    /// Former shape of [`Actuarial::fit`]: `LifeTable::from_data(&d, breaks)`
    /// is `Actuarial::new(breaks).fit(&d)`.
    ///
    /// # Example
    /// ```
    /// #![allow(deprecated)]
    /// use return_migration::survival::{LifeTable, SurvData};
    /// let d = SurvData::builder(vec![0.5, 1.5, 1.7, 3.0], vec![1, 0, 1, 1]).build()?;
    /// let lt = LifeTable::from_data(&d, &[0.0, 1.0, 2.0])?;
    /// assert_eq!(lt.rows[2].end, None);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    #[deprecated(note = "use Actuarial::new(breaks).fit(&data)")]
    pub fn from_data(data: &SurvData, breaks: &[f64]) -> Result<LifeTable> {
        Actuarial::new(breaks).fit(data)
    }
}

/// The actuarial life-table estimator: durations grouped into bands
/// `[breaks[j], breaks[j+1])`, the last band `[last break, ∞)`; its
/// [`fit`](Actuarial::fit) gives a [`LifeTable`].
///
/// # Example
/// ```
/// use return_migration::survival::{Actuarial, SurvData};
/// let d = SurvData::builder(vec![0.5, 1.5, 1.7, 3.0], vec![1, 0, 1, 1]).build()?;
/// let lt = Actuarial::new(&[0.0, 1.0, 2.0]).fit(&d)?;
/// assert_eq!((lt.rows[1].events, lt.rows[1].withdrawn), (1.0, 1.0));
/// assert_eq!(lt.rows[2].end, None);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actuarial {
    breaks: Vec<f64>,
}

impl Actuarial {
    /// The estimator with these band starts (checked by [`Actuarial::fit`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Actuarial;
    /// let _ = Actuarial::new(&[0.0, 12.0, 24.0]);
    /// ```
    pub fn new(breaks: &[f64]) -> Self {
        Actuarial {
            breaks: breaks.to_vec(),
        }
    }

    /// The life table of `data`. Case weights are counted; delayed entry is
    /// not supported (an error). Errors when a time falls before the first
    /// break or the breaks are not strictly increasing.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{Actuarial, SurvData};
    /// let d = SurvData::builder(vec![0.5, 1.5], vec![1, 0]).build()?;
    /// assert!(Actuarial::new(&[1.0, 0.0]).fit(&d).is_err()); // not increasing
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &SurvData) -> Result<LifeTable> {
        if data.has_entries() {
            return Err(invalid(
                "data",
                "the actuarial life table here does not take delayed entry",
            ));
        }
        if self.breaks.is_empty() || self.breaks.iter().any(|b| !b.is_finite()) {
            return Err(invalid("breaks", "need at least one finite break"));
        }
        if self.breaks.windows(2).any(|w| w[1] <= w[0]) {
            return Err(invalid("breaks", "must be strictly increasing"));
        }
        let mut bands: Vec<LifeTableBand> = self
            .breaks
            .iter()
            .enumerate()
            .map(|(j, &start)| LifeTableBand {
                start,
                end: self.breaks.get(j + 1).copied(),
                events: 0.0,
                withdrawn: 0.0,
            })
            .collect();
        let mut total = 0.0;
        for cell in data.cells() {
            let exits = &cell.exits;
            for i in 0..exits.len() {
                let t = exits.time(i);
                if t < self.breaks[0] {
                    return Err(invalid(
                        "breaks",
                        format!("time {t} is before the first break {}", self.breaks[0]),
                    ));
                }
                let j = self.breaks.partition_point(|&b| b <= t) - 1;
                let w = exits.weight(i);
                total += w;
                if exits.is_event(i) {
                    bands[j].events += w;
                } else {
                    bands[j].withdrawn += w;
                }
            }
        }
        LifeTable::from_counts(total, &bands)
    }
}

impl fmt::Display for LifeTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:>16} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>10}",
            "interval",
            "entering",
            "withdrawn",
            "at_risk",
            "events",
            "q",
            "surv",
            "se_surv",
            "hazard"
        )?;
        for r in &self.rows {
            let interval = match r.end {
                Some(e) => format!("[{}, {})", r.start, e),
                None => format!("[{}, ∞)", r.start),
            };
            writeln!(
                f,
                "{:>16} {:>9} {:>9} {:>9} {:>8} {:>8.4} {:>8.4} {:>8.4} {:>10}",
                interval,
                r.entering,
                r.withdrawn,
                r.at_risk,
                r.events,
                r.q,
                r.survival,
                r.se_survival,
                r.hazard.map_or(String::new(), |h| format!("{h:.5}"))
            )?;
        }
        Ok(())
    }
}
