//! Summaries of a Kaplan–Meier curve: quantiles with confidence limits (R's
//! `quantile.survfit`), restricted mean survival time (R's
//! `print(fit, rmean = τ)`), and survival at chosen times (R's
//! `summary(fit, times, extend = TRUE)`).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::km::{KaplanMeierFit, SurvCurve};
use crate::error::{Result, invalid};

/// R's tolerance for flat stretches of the curve: √(machine epsilon).
const TOL: f64 = 1.490_116_119_384_765_6e-8;

/// A quantile of survival time with its confidence limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantileRow {
    /// Group label.
    pub group: String,
    /// The probability p: the time by which a fraction p has had the event.
    pub prob: f64,
    /// The quantile; `None` when the curve never falls to 1 − p.
    pub quantile: Option<f64>,
    /// Lower limit (from the lower confidence curve).
    pub lower: Option<f64>,
    /// Upper limit (from the upper confidence curve).
    pub upper: Option<f64>,
}

/// Restricted mean survival time up to τ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestrictedMean {
    /// Group label.
    pub group: String,
    /// The truncation time τ.
    pub tau: f64,
    /// ∫₀^τ S(t) dt.
    pub rmean: f64,
    /// Its standard error (R's `se(rmean)`).
    pub se: f64,
}

/// The curve read at a chosen time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtTime {
    /// Group label.
    pub group: String,
    /// The time asked for.
    pub time: f64,
    /// Number at risk at that time (0 beyond the last observation).
    pub n_risk: f64,
    /// Events since the previous time asked for (or since 0).
    pub n_event: f64,
    /// Survival at the time.
    pub survival: f64,
    /// Standard error of the survival.
    pub std_err: Option<f64>,
    /// Lower confidence limit.
    pub lower: Option<f64>,
    /// Upper confidence limit.
    pub upper: Option<f64>,
}

/// A view of a curve with R's `survfit0` time-0 row prepended (unless the
/// first time is 0): time 0, survival 1, no events, the first number at risk.
struct Curve0<'a> {
    curve: &'a SurvCurve,
    prepended: bool,
}

impl<'a> Curve0<'a> {
    fn new(curve: &'a SurvCurve) -> Self {
        let prepended = curve.rows.first().is_some_and(|r| r.time != 0.0);
        Curve0 { curve, prepended }
    }
    fn len(&self) -> usize {
        self.curve.rows.len() + usize::from(self.prepended)
    }
    fn row(&self, i: usize) -> Option<&'a super::km::SurvRow> {
        if self.prepended {
            if i == 0 {
                None
            } else {
                Some(&self.curve.rows[i - 1])
            }
        } else {
            Some(&self.curve.rows[i])
        }
    }
    fn time(&self, i: usize) -> f64 {
        self.row(i).map_or(0.0, |r| r.time)
    }
    fn surv(&self, i: usize) -> f64 {
        self.row(i).map_or(1.0, |r| r.survival)
    }
    fn n_risk(&self, i: usize) -> f64 {
        match self.row(i) {
            Some(r) => r.n_risk,
            None => self.curve.rows[0].n_risk,
        }
    }
    fn n_event(&self, i: usize) -> f64 {
        self.row(i).map_or(0.0, |r| r.n_event)
    }
}

/// R's `findq`: the x where the step function y (1 − survival, NaN for NA)
/// first reaches p, with the midpoint rule on flat stretches.
fn findq(x: &[f64], y: &[f64], probs: &[f64]) -> Vec<Option<f64>> {
    let max_y = y
        .iter()
        .filter(|v| !v.is_nan())
        .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    let min_p = probs.iter().fold(f64::INFINITY, |a, &b| a.min(b));
    if max_y < min_p {
        return vec![None; probs.len()];
    }
    let xmax = x[x.len() - 1];
    // drop duplicated y values (NaN equal to NaN), as R's duplicated()
    let mut seen = HashSet::new();
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for (&xi, &yi) in x.iter().zip(y) {
        let key = if yi.is_nan() { u64::MAX } else { yi.to_bits() };
        if seen.insert(key) {
            xs.push(xi);
            ys.push(yi);
        }
    }
    // approx(y ± tol, 1:n, p, method = "constant", f = 1): the first index
    // whose (non-NA) shifted y is >= p; NA outside the range.
    let first_at_least = |shift: f64, p: f64| -> Option<usize> {
        let pts: Vec<(f64, usize)> = ys
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_nan())
            .map(|(i, v)| (v + shift, i))
            .collect();
        let (lo, hi) = (pts.first()?.0, pts.last()?.0);
        if p < lo || p > hi {
            return None;
        }
        pts.iter().find(|(v, _)| *v >= p).map(|(_, i)| *i)
    };
    let last_y = ys[ys.len() - 1];
    probs
        .iter()
        .map(|&p| {
            if p == 0.0 {
                return Some(xs[0]);
            }
            let i1 = first_at_least(TOL, p);
            let i2 = first_at_least(-TOL, p);
            if !last_y.is_nan() && (p - last_y).abs() < TOL {
                return i1.map(|i| (xs[i] + xmax) / 2.0);
            }
            match (i1, i2) {
                (Some(a), Some(b)) => Some((xs[a] + xs[b]) / 2.0),
                _ => None,
            }
        })
        .collect()
}

impl SurvCurve {
    /// Quantiles of survival time with confidence limits, as R's
    /// `quantile(fit, probs)`: the first time the curve reaches 1 − p (the
    /// midpoint of a stretch where it equals 1 − p exactly), limits from the
    /// confidence curves of the fit.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1., 2., 3., 4.], vec![1, 1, 1, 1]).build()?;
    /// let fit = KaplanMeier::new().fit(&d)?;
    /// let q = fit.curves[0].quantiles(&[0.5])?;
    /// assert_eq!(q[0].quantile, Some(2.5)); // S = 0.5 on [2, 3): midpoint
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn quantiles(&self, probs: &[f64]) -> Result<Vec<QuantileRow>> {
        if let Some(p) = probs.iter().find(|p| !(0.0..=1.0).contains(*p)) {
            return Err(invalid("probability", format!("{p} is not in [0, 1]")));
        }
        let mut x = vec![0.0];
        x.extend(self.rows.iter().map(|r| r.time));
        let y = |f: &dyn Fn(&super::km::SurvRow) -> Option<f64>| -> Vec<f64> {
            let mut v = vec![0.0];
            v.extend(self.rows.iter().map(|r| f(r).map_or(f64::NAN, |s| 1.0 - s)));
            v
        };
        let q = findq(&x, &y(&|r| Some(r.survival)), probs);
        let lower = findq(&x, &y(&|r| r.lower), probs);
        let upper = findq(&x, &y(&|r| r.upper), probs);
        Ok(probs
            .iter()
            .enumerate()
            .map(|(i, &prob)| QuantileRow {
                group: self.group.clone(),
                prob,
                quantile: q[i],
                lower: lower[i],
                upper: upper[i],
            })
            .collect())
    }

    /// Restricted mean survival time ∫₀^τ S(t) dt and its standard error,
    /// as R's `print(fit, rmean = τ)`: the variance is
    /// Σ_i A_i² d_i / (n_i (n_i − d_i)) with A_i the area under the curve
    /// from the i-th time to τ. Errors when τ is negative or not finite.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1., 2.], vec![1, 1]).build()?;
    /// let r = KaplanMeier::new().fit(&d)?.curves[0].restricted_mean(2.0)?;
    /// assert_eq!(r.rmean, 1.5); // 1·1 + 0.5·1
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn restricted_mean(&self, tau: f64) -> Result<RestrictedMean> {
        if !(tau.is_finite() && tau >= 0.0) {
            return Err(invalid("tau", format!("{tau} must be finite and >= 0")));
        }
        let c = Curve0::new(self);
        let keep: Vec<usize> = (0..c.len()).filter(|&i| c.time(i) <= tau).collect();
        let (times, survs, hh): (Vec<f64>, Vec<f64>, Vec<f64>) = if keep.is_empty() {
            (vec![tau], vec![1.0], vec![0.0])
        } else {
            let mut t: Vec<f64> = keep.iter().map(|&i| c.time(i)).collect();
            let mut s: Vec<f64> = keep.iter().map(|&i| c.surv(i)).collect();
            let mut h: Vec<f64> = keep
                .iter()
                .map(|&i| {
                    let (n, d) = (c.n_risk(i), c.n_event(i));
                    if n - d == 0.0 { 0.0 } else { d / (n * (n - d)) }
                })
                .collect();
            t.push(tau);
            s.push(c.surv(keep[keep.len() - 1]));
            h.push(0.0);
            (t, s, h)
        };
        let n = times.len();
        let mut rect = Vec::with_capacity(n);
        let mut prev = 0.0;
        for i in 0..n {
            let height = if i == 0 { 1.0 } else { survs[i - 1] };
            rect.push((times[i] - prev) * height);
            prev = times[i];
        }
        // Σ over i = 1..n−1 of (area of rectangles after i)² · hh_i, accumulated in reverse.
        let (mut after, mut var) = (0.0, 0.0);
        for i in (1..n).rev() {
            after += rect[i];
            var += after * after * hh[i - 1];
        }
        Ok(RestrictedMean {
            group: self.group.clone(),
            tau,
            rmean: rect.iter().sum(),
            se: var.sqrt(),
        })
    }

    /// The curve at chosen times (sorted ascending first), as R's
    /// `summary(fit, times, extend = TRUE)`: survival and limits of the last
    /// time ≤ t, the number at risk at the first time ≥ t (0 beyond the
    /// end), and the events since the previous time asked for.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1., 2., 3.], vec![1, 0, 1]).build()?;
    /// let at = KaplanMeier::new().fit(&d)?.curves[0].at_times(&[1.5, 5.0])?;
    /// assert_eq!((at[0].n_risk, at[0].n_event), (2.0, 1.0));
    /// assert_eq!((at[1].n_risk, at[1].survival), (0.0, 0.0));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn at_times(&self, times: &[f64]) -> Result<Vec<AtTime>> {
        if let Some(t) = times.iter().find(|t| !t.is_finite()) {
            return Err(invalid("times", format!("{t} is not finite")));
        }
        let mut sorted = times.to_vec();
        sorted.sort_by(f64::total_cmp);
        let c = Curve0::new(self);
        let n = c.len();
        let mut cum_events = vec![0.0; n + 1];
        for i in 0..n {
            cum_events[i + 1] = cum_events[i] + c.n_event(i);
        }
        let mut prev_cum = 0.0;
        let mut out = Vec::with_capacity(sorted.len());
        for &t in &sorted {
            let idx1 = (0..n).take_while(|&i| c.time(i) <= t).count(); // findInterval
            let idx2 = (0..n).take_while(|&i| c.time(i) < t).count(); // index2 − 1
            let row = idx1.max(1) - 1;
            let cum = cum_events[idx1];
            let (std_err, lower, upper) = match c.row(row) {
                Some(r) => (r.std_err, r.lower, r.upper),
                None => (Some(0.0), Some(1.0), Some(1.0)),
            };
            out.push(AtTime {
                group: self.group.clone(),
                time: t,
                n_risk: if idx2 < n { c.n_risk(idx2) } else { 0.0 },
                n_event: cum - prev_cum,
                survival: c.surv(row),
                std_err,
                lower,
                upper,
            });
            prev_cum = cum;
        }
        Ok(out)
    }
}

impl KaplanMeierFit {
    /// Quantiles of every group (see [`SurvCurve::quantiles`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1., 2.], vec![1, 1]).build()?;
    /// assert_eq!(KaplanMeier::new().fit(&d)?.quantiles(&[0.5])?.len(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn quantiles(&self, probs: &[f64]) -> Result<Vec<QuantileRow>> {
        let mut out = Vec::new();
        for c in &self.curves {
            out.extend(c.quantiles(probs)?);
        }
        Ok(out)
    }

    /// Restricted means of every group (see [`SurvCurve::restricted_mean`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1., 2.], vec![1, 1]).build()?;
    /// assert_eq!(KaplanMeier::new().fit(&d)?.restricted_means(2.0)?[0].rmean, 1.5);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn restricted_means(&self, tau: f64) -> Result<Vec<RestrictedMean>> {
        self.curves.iter().map(|c| c.restricted_mean(tau)).collect()
    }

    /// Every group at chosen times (see [`SurvCurve::at_times`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1., 2.], vec![1, 1]).build()?;
    /// assert_eq!(KaplanMeier::new().fit(&d)?.at_times(&[1.0])?[0].survival, 0.5);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn at_times(&self, times: &[f64]) -> Result<Vec<AtTime>> {
        let mut out = Vec::new();
        for c in &self.curves {
            out.extend(c.at_times(times)?);
        }
        Ok(out)
    }
}
