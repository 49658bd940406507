//! The test of proportional hazards, R survival 3.5's `cox.zph`.
//!
//! For a time transform g (centred at its mean over the events), the
//! model is extended by the terms xⱼ·g(t); the test is the score test of
//! their coefficients at (β̂, 0), with the full information matrix of the
//! extended model: blocks Σ Vₜ, Σ g·Vₜ and Σ g²·Vₜ over event times (Vₜ the
//! information contribution of time t) and the score Σ wᵢ·g(tᵢ)·rᵢ (rᵢ the
//! Schoenfeld residuals). Per covariate: the 1-df test of its own term;
//! `GLOBAL`: all p terms together. Since survival 3.0 this is the exact
//! score test, not the earlier Grambsch–Therneau approximation.

use std::fmt;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::data::CoxData;
use super::hypothesis::ChiSquareTest;
use super::residuals::{events_in_r_order, record_of_rows, schoenfeld_rows, stratum_of_rows};
use super::result::CoxFit;
use super::sweep::Sweep;
use crate::error::{Result, invalid};
use crate::num::chol::Cholesky;

/// The transform of time in the proportional-hazards test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ZphTransform {
    /// 1 − S(t−), S the Kaplan–Meier of all rows (unweighted, strata
    /// pooled; with entry times, left-truncated): R's default.
    #[default]
    Km,
    /// The rank of t among the exit times of all rows (ties averaged).
    Rank,
    /// t itself.
    Identity,
}

impl ZphTransform {
    /// Parses `km`, `rank` or `identity`.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::ZphTransform;
    /// assert_eq!(ZphTransform::parse("rank").unwrap(), ZphTransform::Rank);
    /// assert!(ZphTransform::parse("log").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<ZphTransform> {
        match name {
            "km" => Ok(ZphTransform::Km),
            "rank" => Ok(ZphTransform::Rank),
            "identity" => Ok(ZphTransform::Identity),
            other => Err(invalid(
                "transform",
                format!("`{other}` is not one of km, rank, identity"),
            )),
        }
    }

    /// The name R uses: `km`, `rank` or `identity`.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::ZphTransform;
    /// assert_eq!(ZphTransform::Km.name(), "km");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ZphTransform::Km => "km",
            ZphTransform::Rank => "rank",
            ZphTransform::Identity => "identity",
        }
    }
}

/// One row of the test table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZphTerm {
    /// The covariate, or `GLOBAL`.
    pub term: String,
    /// The score statistic (chi-square).
    pub statistic: f64,
    /// Degrees of freedom (1 per covariate; p for `GLOBAL`).
    pub df: usize,
    /// Upper-tail chi-square probability.
    pub p: f64,
}

impl ZphTerm {
    /// The score statistic: the field `statistic` (formerly `chisq`; this
    /// method predates the rename).
    ///
    /// # Example
    /// ```
    /// #![allow(deprecated)]
    /// use return_migration::survival::ZphTerm;
    /// let t = ZphTerm { term: "GLOBAL".into(), statistic: 1.5, df: 1, p: 0.22 };
    /// assert_eq!(t.statistic(), 1.5);
    /// ```
    #[deprecated(note = "read the field `statistic`")]
    pub fn statistic(&self) -> f64 {
        self.statistic
    }
}

/// The proportional-hazards test of a Cox fit, from [`CoxFit::zph`]
/// (R's `cox.zph`): the table, and the scaled Schoenfeld residuals for
/// plotting β(t) (R's `$y`, `$x`, `$time`).
///
/// # Example
/// ```
/// use return_migration::survival::{CoxData, CoxPh, ZphTransform};
/// let d = CoxData::builder(vec![5., 8., 2., 9., 4., 7., 3., 6., 1., 10.],
///                          vec![1, 0, 1, 1, 1, 0, 1, 1, 1, 1])
///     .covariate("x", vec![0.2, 1.5, -0.3, 2.0, 0.1, 1.1, 0.4, 0.9, -1.0, 0.0])
///     .build()?;
/// let fit = CoxPh::new().fit(&d)?;
/// let z = fit.zph(&d, ZphTransform::Km)?;
/// assert_eq!(z.terms.len(), 1);
/// assert_eq!(z.global.df, 1);
/// assert!((z.terms[0].statistic - z.global.statistic).abs() < 1e-12); // one covariate
/// assert_eq!(z.y.dim(), (8, 1)); // one row per event
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxZph {
    /// The time transform used.
    pub transform: ZphTransform,
    /// One test per covariate, in covariate order.
    pub terms: Vec<ZphTerm>,
    /// The joint test of all covariates.
    pub global: ZphTerm,
    /// Event times, one per event (stratum, ascending time; R's `$time`).
    pub time: Vec<f64>,
    /// Transformed event times (R's `$x`; not centred).
    pub x: Vec<f64>,
    /// Stratum label of each event (empty without strata).
    pub stratum: Vec<String>,
    /// Scaled Schoenfeld residuals β̂ + V̄⁻¹·rᵢ, one row per event and one
    /// column per covariate (R's `$y`), V̄ the information per event of the
    /// strata where the covariate varies; NaN (R's NA) in a stratum where
    /// the covariate is constant.
    pub y: Array2<f64>,
    /// V̄⁻¹, the inverse of the per-event information used to scale the
    /// residuals (R's `$var`), for the band of [`CoxZph::smooth`].
    pub variance: Array2<f64>,
}

/// The transformed time of every value of `times` for `transform`, from
/// the data's exit (and entry) times.
fn transformed(data: &CoxData, transform: ZphTransform, times: &[f64]) -> Vec<f64> {
    match transform {
        ZphTransform::Identity => times.to_vec(),
        ZphTransform::Rank => {
            let mut all = data.exit.clone();
            all.sort_by(f64::total_cmp);
            times
                .iter()
                .map(|&t| {
                    let lo = all.partition_point(|&u| u < t);
                    let hi = all.partition_point(|&u| u <= t);
                    lo as f64 + (hi - lo + 1) as f64 / 2.0
                })
                .collect()
        }
        ZphTransform::Km => {
            let km = pooled_km(data);
            times
                .iter()
                .map(|&t| {
                    // S(t−): the survival after the last event time below t.
                    let i = km.partition_point(|&(u, _)| u < t);
                    1.0 - if i == 0 { 1.0 } else { km[i - 1].1 }
                })
                .collect()
        }
    }
}

/// (time, S(time)) at every distinct exit time with an event: the
/// Kaplan–Meier of all rows, unweighted, strata pooled, at risk on (entry, exit].
fn pooled_km(data: &CoxData) -> Vec<(f64, f64)> {
    let mut exits: Vec<(f64, bool)> = data
        .exit
        .iter()
        .zip(&data.event)
        .map(|(&t, &e)| (t, e))
        .collect();
    exits.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut entries: Vec<f64> = data.entry.clone().unwrap_or_default();
    entries.sort_by(f64::total_cmp);
    let n = exits.len();
    let mut out = Vec::new();
    let mut s = 1.0;
    let mut i = 0;
    while i < n {
        let t = exits[i].0;
        // At risk at t: exit ≥ t and entry < t.
        let at_risk = (n - i) - (entries.len() - entries.partition_point(|&e| e < t));
        let mut d = 0;
        while i < n && exits[i].0 == t {
            d += usize::from(exits[i].1);
            i += 1;
        }
        if d > 0 {
            s *= 1.0 - d as f64 / at_risk as f64;
            out.push((t, s));
        }
    }
    out
}

/// uᵀ·M⁻¹·u for a symmetric positive definite M (row-major).
fn quadratic(m: &[f64], u: &[f64]) -> Result<f64> {
    let q = u.len();
    let chol = Cholesky::factor(m, q, &vec![0.0; q]).map_err(|_| {
        invalid(
            "cox.zph",
            "the information matrix of the time-varying terms is singular (is the transformed time constant over the events?)",
        )
    })?;
    let x = chol.solve(u);
    Ok(u.iter().zip(&x).map(|(a, b)| a * b).sum())
}

impl CoxFit {
    /// The test of proportional hazards of this fit on the data it was
    /// fitted to, as R survival 3.5's `cox.zph(fit, transform)`: per
    /// covariate and global score tests, and the scaled Schoenfeld
    /// residuals for plotting. Errors when `data` is not the fit's data, or
    /// the extended information matrix is singular (for example when all
    /// events happen at one time).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh, ZphTransform};
    /// let d = CoxData::builder(vec![1., 2., 3., 4., 5., 6.], vec![1, 1, 0, 1, 1, 1])
    ///     .covariate("x", vec![1., 0., 1., 0., 0.5, 2.]).build()?;
    /// let fit = CoxPh::new().fit(&d)?;
    /// let z = fit.zph(&d, ZphTransform::Identity)?;
    /// assert!(z.global.p > 0.0 && z.global.p <= 1.0);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn zph(&self, data: &CoxData, transform: ZphTransform) -> Result<CoxZph> {
        self.check_same_data(data)?;
        let p = data.p();
        let q = p * (p + 1) / 2;
        // The sweep runs on the data's internal covariates, (x − mean) /
        // scale; the tests do not depend on the scale, the residuals for
        // plotting are brought back to the original units below.
        let scale = &data.scale;
        let beta: Vec<f64> = self
            .coefficients()
            .iter()
            .zip(scale)
            .map(|(b, s)| b * s)
            .collect();
        let mut sweep = Sweep::new(data, self.ties);
        let (table, _) = sweep.record_with_information(&beta);
        // g(t): the transform at every record time, centred at its mean over
        // the event rows (unweighted, as R).
        let mut g = transformed(data, transform, &table.time);
        let record = record_of_rows(data, &table);
        let event_rows: Vec<usize> = (0..data.len()).filter(|&k| data.event[k]).collect();
        let mean = event_rows.iter().map(|&k| g[record[k]]).sum::<f64>() / event_rows.len() as f64;
        let x_of_record = g.clone();
        for v in g.iter_mut() {
            *v -= mean;
        }
        // Information blocks of the extended model (2p × 2p, row-major).
        let m = 2 * p;
        let mut imat = vec![0.0; m * m];
        for (i, &gi) in g.iter().enumerate() {
            if table.n_event[i] == 0.0 {
                continue;
            }
            let inc = &table.info[i * q..(i + 1) * q];
            let mut idx = 0;
            for a in 0..p {
                for b in a..p {
                    let v = inc[idx];
                    idx += 1;
                    for (r, c, f) in [(a, b, 1.0), (a, p + b, gi), (p + a, p + b, gi * gi)] {
                        imat[r * m + c] += f * v;
                    }
                    if a != b {
                        imat[b * m + p + a] += gi * v;
                    }
                }
            }
        }
        for r in 0..m {
            for c in 0..r {
                imat[r * m + c] = imat[c * m + r];
            }
        }
        let events = events_in_r_order(data, data.has_entries());
        let schoen = schoenfeld_rows(data, &table, &record, &events);
        let mut u = vec![0.0; p];
        for (e, &k) in events.iter().enumerate() {
            let wg = data.weight(k) * g[record[k]];
            for j in 0..p {
                u[j] += wg * schoen[e * p + j];
            }
        }
        // Per covariate: the (p + 1)-dimensional test of its own term.
        let mut terms = Vec::with_capacity(p);
        for (j, &uj_value) in u.iter().enumerate() {
            let idx: Vec<usize> = (0..p).chain([p + j]).collect();
            let sub: Vec<f64> = idx
                .iter()
                .flat_map(|&r| idx.iter().map(move |&c| (r, c)))
                .map(|(r, c)| imat[r * m + c])
                .collect();
            let mut uj = vec![0.0; p + 1];
            uj[p] = uj_value;
            let chisq = quadratic(&sub, &uj)?;
            terms.push(zph_term(&data.names[j], chisq, 1));
        }
        let mut ufull = vec![0.0; m];
        ufull[p..].copy_from_slice(&u);
        let global = zph_term("GLOBAL", quadratic(&imat, &ufull)?, p);
        let (mut y, mut variance) = scaled_residuals(data, &imat, &schoen, &events, &beta);
        for mut row in y.rows_mut() {
            for (v, s) in row.iter_mut().zip(scale) {
                *v /= s;
            }
        }
        for ((a, b), v) in variance.indexed_iter_mut() {
            *v /= scale[a] * scale[b];
        }
        let strata = stratum_of_rows(data);
        Ok(CoxZph {
            transform,
            terms,
            global,
            time: events.iter().map(|&k| data.exit[k]).collect(),
            x: events.iter().map(|&k| x_of_record[record[k]]).collect(),
            stratum: events
                .iter()
                .map(|&k| data.strata_labels[strata[k]].clone())
                .collect(),
            y,
            variance,
        })
    }
}

fn zph_term(term: &str, chisq: f64, df: usize) -> ZphTerm {
    ZphTerm {
        term: term.to_string(),
        statistic: chisq,
        df,
        p: ChiSquareTest::new(chisq, df).p,
    }
}

/// R's `$y`: per stratum, V̄⁻¹·rᵢ + β̂ over the covariates that vary in the
/// stratum, V̄ the information divided by the number of events of the
/// strata where both covariates vary.
fn scaled_residuals(
    data: &CoxData,
    imat: &[f64],
    schoen: &[f64],
    events: &[usize],
    beta: &[f64],
) -> (Array2<f64>, Array2<f64>) {
    let p = data.p();
    let m = 2 * p;
    let n_strata = data.bounds.len() - 1;
    let x = data.x_values();
    let mut used = vec![0.0; n_strata * p];
    for s in 0..n_strata {
        let (lo, hi) = (data.bounds[s], data.bounds[s + 1]);
        let deaths = (lo..hi).filter(|&k| data.event[k]).count() as f64;
        for j in 0..p {
            let first = x[lo * p + j];
            if (lo..hi).any(|k| x[k * p + j] != first) {
                used[s * p + j] = deaths;
            }
        }
    }
    let mut vmean = vec![0.0; p * p];
    for a in 0..p {
        for b in 0..p {
            let w: f64 = (0..n_strata)
                .map(|s| used[s * p + a].min(used[s * p + b]))
                .sum();
            vmean[a * p + b] = imat[a * m + b] / if w == 0.0 { 1.0 } else { w };
        }
    }
    let variance = match Cholesky::factor(&vmean, p, &vec![0.0; p]) {
        // Cannot fail: the inverse of a p × p factor has p² values.
        Ok(c) => Array2::from_shape_vec((p, p), c.inverse()).expect("p × p"),
        Err(_) => Array2::from_elem((p, p), f64::NAN),
    };
    let strata = stratum_of_rows(data);
    let mut y = Array2::from_elem((events.len(), p), f64::NAN);
    // Per stratum: the covariates that vary there, and the factor of V̄ on them.
    let factors: Vec<Option<(Vec<usize>, Cholesky)>> = (0..n_strata)
        .map(|s| {
            let k: Vec<usize> = (0..p).filter(|&j| used[s * p + j] > 0.0).collect();
            let vmean = &vmean;
            let sub: Vec<f64> = k
                .iter()
                .flat_map(|&a| k.iter().map(move |&b| vmean[a * p + b]))
                .collect();
            let chol = Cholesky::factor(&sub, k.len(), &vec![0.0; k.len()]).ok()?;
            (!k.is_empty()).then_some((k, chol))
        })
        .collect();
    for (e, &row) in events.iter().enumerate() {
        let Some((k, chol)) = &factors[strata[row]] else {
            continue;
        };
        let r: Vec<f64> = k.iter().map(|&j| schoen[e * p + j]).collect();
        let sol = chol.solve(&r);
        for (i, &j) in k.iter().enumerate() {
            y[[e, j]] = sol[i] + beta[j];
        }
    }
    (y, variance)
}

impl fmt::Display for CoxZph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Test of proportional hazards (transform {})",
            self.transform.name()
        )?;
        writeln!(f, "{:<14} {:>10} {:>4} {:>10}", "term", "chisq", "df", "p")?;
        for t in self.terms.iter().chain([&self.global]) {
            writeln!(
                f,
                "{:<14} {:>10.4} {:>4} {:>10.4}",
                t.term, t.statistic, t.df, t.p
            )?;
        }
        Ok(())
    }
}
