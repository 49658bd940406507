//! The smooth of the scaled Schoenfeld residuals drawn by R's
//! `plot.cox.zph`: a least-squares natural cubic spline in the transformed
//! time, with a ±2 standard error band.

use serde::{Deserialize, Serialize};

use super::zph::CoxZph;
use crate::error::{Result, invalid};

/// The estimate of β(t) for one covariate at evenly spaced transformed
/// times, from [`CoxZph::smooth`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZphSmooth {
    /// The covariate.
    pub term: String,
    /// Transformed times, evenly spaced from the first to the last event.
    pub x: Vec<f64>,
    /// The smooth β̂(t) at `x`.
    pub fit: Vec<f64>,
    /// fit − 2·se.
    pub lower: Vec<f64>,
    /// fit + 2·se.
    pub upper: Vec<f64>,
}

/// Quantile of sorted values, R's default (type 7).
fn quantile(sorted: &[f64], prob: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * prob;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The natural cubic spline basis with knots `k` (boundary knots first
/// and last) at `u`: 1, u, and dⱼ(u) − d_{K−1}(u) (truncated powers).
fn basis(knots: &[f64], u: f64) -> Vec<f64> {
    let kk = knots.len();
    let last = knots[kk - 1];
    let d = |j: usize| {
        let c = |v: f64| v.max(0.0).powi(3);
        (c(u - knots[j]) - c(u - last)) / (last - knots[j])
    };
    let mut out = vec![1.0, u];
    for j in 0..kk - 2 {
        out.push(d(j) - d(kk - 2));
    }
    out
}

/// Householder QR of the m × q row-major `a`, applied to `y`: returns R
/// (q × q, upper) and the first q entries of Qᵀy.
fn qr_solve(mut a: Vec<f64>, mut y: Vec<f64>, m: usize, q: usize) -> (Vec<f64>, Vec<f64>) {
    for j in 0..q {
        let norm = (j..m).map(|i| a[i * q + j].powi(2)).sum::<f64>().sqrt();
        if norm == 0.0 {
            continue;
        }
        let alpha = if a[j * q + j] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (j..m).map(|i| a[i * q + j]).collect();
        v[0] -= alpha;
        let vv: f64 = v.iter().map(|x| x * x).sum();
        if vv == 0.0 {
            continue;
        }
        for c in j..q {
            let s: f64 = (j..m).map(|i| v[i - j] * a[i * q + c]).sum::<f64>() * 2.0 / vv;
            for i in j..m {
                a[i * q + c] -= s * v[i - j];
            }
        }
        let s: f64 = (j..m).map(|i| v[i - j] * y[i]).sum::<f64>() * 2.0 / vv;
        for i in j..m {
            y[i] -= s * v[i - j];
        }
    }
    let r: Vec<f64> = (0..q * q)
        .map(|k| if k % q >= k / q { a[k] } else { 0.0 })
        .collect();
    y.truncate(q);
    (r, y)
}

impl CoxZph {
    /// The column of `term` in the residuals; an error naming it when it
    /// is not a covariate of the fit.
    pub(crate) fn term_index(&self, term: &str) -> Result<usize> {
        self.terms
            .iter()
            .position(|t| t.term == term)
            .ok_or_else(|| invalid("term", format!("`{term}` is not a covariate of the fit")))
    }

    /// The smooth of the scaled Schoenfeld residuals of covariate `term`
    /// against the transformed time, as R's `plot(zph, df = df, nsmo =
    /// points)` draws it: least squares on a natural cubic spline with
    /// `df` degrees of freedom (df − 2 interior knots at quantiles of the
    /// transformed times, boundary knots at the first and last event),
    /// evaluated at `points` evenly spaced times, with the band
    /// fit ± 2·√(V̄⁻¹ⱼⱼ·hᵢ) (hᵢ the leverage of the spline at the point).
    /// R's defaults are `df = 4`, `points = 40`. Residuals that are NaN
    /// (a stratum where the covariate is constant) are left out. Errors on
    /// an unknown term, `df < 2`, `points < 2`, or a singular spline fit
    /// (fewer distinct event times than `df`).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh, ZphTransform};
    /// let time: Vec<f64> = (1..=30).map(|k| k as f64).collect();
    /// let x: Vec<f64> = (0..30).map(|k| ((k * 7) % 11) as f64 / 10.0).collect();
    /// let event: Vec<i64> = (0..30).map(|k| i64::from(k % 4 != 3)).collect();
    /// let d = CoxData::builder(time, event).covariate("x", x).build()?;
    /// let fit = CoxPh::new().fit(&d)?;
    /// let s = fit.zph(&d, ZphTransform::Km)?.smooth("x", 4, 40)?;
    /// assert_eq!(s.fit.len(), 40);
    /// assert!(s.lower[0] < s.fit[0] && s.fit[0] < s.upper[0]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn smooth(&self, term: &str, df: usize, points: usize) -> Result<ZphSmooth> {
        let j = self.term_index(term)?;
        if df < 2 || points < 2 {
            return Err(invalid(
                "smooth",
                format!("df ({df}) and points ({points}) must be at least 2"),
            ));
        }
        let lo = self.x.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = self.x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let singular = || {
            invalid(
                "smooth",
                format!(
                    "the spline fit of `{term}` is singular (too few distinct event times for {df} df)"
                ),
            )
        };
        if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
            return Err(singular());
        }
        let grid: Vec<f64> = (0..points)
            .map(|i| lo + (hi - lo) * i as f64 / (points - 1) as f64)
            .collect();
        // Knots as R's ns(c(grid, x), df, intercept = TRUE), on the unit scale.
        let mut all: Vec<f64> = grid.iter().chain(&self.x).copied().collect();
        all.sort_by(f64::total_cmp);
        let unit = |v: f64| (v - lo) / (hi - lo);
        let n_inner = df - 2;
        let mut knots = vec![0.0];
        for k in 1..=n_inner {
            knots.push(unit(quantile(&all, k as f64 / (n_inner + 1) as f64)));
        }
        knots.push(1.0);
        let rows: Vec<usize> = (0..self.x.len())
            .filter(|&e| !self.y[[e, j]].is_nan())
            .collect();
        let m = rows.len();
        if m < df {
            return Err(singular());
        }
        let a: Vec<f64> = rows
            .iter()
            .flat_map(|&e| basis(&knots, unit(self.x[e])))
            .collect();
        let y: Vec<f64> = rows.iter().map(|&e| self.y[[e, j]]).collect();
        let (r, qty) = qr_solve(a, y, m, df);
        let largest = (0..df).map(|i| r[i * df + i].abs()).fold(0.0, f64::max);
        if (0..df).any(|i| r[i * df + i].abs() <= 1e-7 * largest) {
            return Err(singular());
        }
        // Back substitution R·c = Qᵀy.
        let mut coef = vec![0.0; df];
        for i in (0..df).rev() {
            let s: f64 = (i + 1..df).map(|k| r[i * df + k] * coef[k]).sum();
            coef[i] = (qty[i] - s) / r[i * df + i];
        }
        let var = self.variance[[j, j]];
        let (mut fit, mut lower, mut upper) = (vec![], vec![], vec![]);
        for &g in &grid {
            let b = basis(&knots, unit(g));
            let f: f64 = b.iter().zip(&coef).map(|(a, c)| a * c).sum();
            // Leverage bᵀ(XᵀX)⁻¹b = ‖R⁻ᵀb‖².
            let mut z = vec![0.0; df];
            for i in 0..df {
                let s: f64 = (0..i).map(|k| r[k * df + i] * z[k]).sum();
                z[i] = (b[i] - s) / r[i * df + i];
            }
            let h: f64 = z.iter().map(|v| v * v).sum();
            let band = 2.0 * (var * h).sqrt();
            fit.push(f);
            lower.push(f - band);
            upper.push(f + band);
        }
        Ok(ZphSmooth {
            term: term.to_string(),
            x: grid,
            fit,
            lower,
            upper,
        })
    }
}

impl std::fmt::Display for ZphSmooth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "beta(t) for {}: natural spline ± 2 se", self.term)?;
        writeln!(
            f,
            "{:>12} {:>12} {:>12} {:>12}",
            "x", "fit", "lower", "upper"
        )?;
        for i in 0..self.x.len() {
            writeln!(
                f,
                "{:>12.6} {:>12.6} {:>12.6} {:>12.6}",
                self.x[i], self.fit[i], self.lower[i], self.upper[i]
            )?;
        }
        Ok(())
    }
}
