//! Residuals of a fitted Cox model, as R's `residuals.coxph`: martingale,
//! deviance, score, Schoenfeld (raw and scaled), dfbeta and dfbetas.

use std::fmt;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::data::CoxData;
use super::result::CoxFit;
use super::robust::{martingale_residuals, score_residuals};
use super::sweep::Sweep;
use super::table::TimeTable;
use crate::error::{Result, invalid};

/// Schoenfeld residuals: one row per event, ordered as R returns them
/// (stratum, then ascending time, then data row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoenfeldResiduals {
    /// Data row (0-based, input order) of each event.
    pub row: Vec<usize>,
    /// Event time.
    pub time: Vec<f64>,
    /// Stratum label of each event (empty without strata).
    pub stratum: Vec<String>,
    /// xᵢ − x̄(tᵢ), the covariates minus their risk-weighted mean over the
    /// risk set at the event time (Efron: the mean over the tie terms), one
    /// column per covariate, not multiplied by the case weight (R's default).
    pub residuals: Array2<f64>,
    /// R's `type = "scaledsch"`: β + d·V·rᵢ with d the number of events
    /// and V the model-based variance.
    pub scaled: Array2<f64>,
}

/// The residuals of a Cox fit, from [`CoxFit::residuals`]. Per-row vectors
/// and matrices are in the input row order (one row per data row).
///
/// # Example
/// ```
/// use return_migration::survival::{CoxData, CoxPh};
/// let d = CoxData::builder(vec![5., 8., 2., 9., 4., 7., 3., 6.], vec![1, 0, 1, 1, 1, 0, 1, 1])
///     .covariate("x", vec![0.2, 1.5, -0.3, 2.0, 0.1, 1.1, 0.4, 0.9])
///     .build()?;
/// let fit = CoxPh::new().fit(&d)?;
/// let r = fit.residuals(&d)?;
/// // Martingale residuals sum to zero, and so do score residuals at β̂.
/// assert!(r.martingale.iter().sum::<f64>().abs() < 1e-12);
/// assert!(r.score.column(0).sum().abs() < 1e-10);
/// assert_eq!(r.schoenfeld.time.len(), 6);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxResiduals {
    /// Covariate names (the columns of the matrices).
    pub terms: Vec<String>,
    /// Martingale residuals δᵢ − exp(ηᵢ)·ΔΛ̂ᵢ (not weighted, as R).
    pub martingale: Vec<f64>,
    /// Deviance residuals sign(M)·√(−2·(M + δ·ln(δ − M))).
    pub deviance: Vec<f64>,
    /// Score residuals (n × p, not weighted): each row's share of U(β̂).
    pub score: Array2<f64>,
    /// dfbeta: wᵢ·Lᵢ·V, the approximate change of β̂ when row i is
    /// dropped (V the model-based variance).
    pub dfbeta: Array2<f64>,
    /// dfbetas: dfbeta divided by the model-based standard errors.
    pub dfbetas: Array2<f64>,
    /// Schoenfeld residuals, one row per event.
    pub schoenfeld: SchoenfeldResiduals,
}

/// For each sorted row, the index of the table record at its exit time.
pub(super) fn record_of_rows(data: &CoxData, table: &TimeTable) -> Vec<usize> {
    let mut out = vec![0; data.len()];
    for s in 0..data.bounds.len() - 1 {
        // Both walk one stratum: rows by descending time, records
        // ascending, every distinct exit time having a record.
        let mut rec = table.bounds[s + 1] - 1;
        let (lo, hi) = (data.bounds[s], data.bounds[s + 1]);
        for (slot, &t) in out[lo..hi].iter_mut().zip(&data.exit[lo..hi]) {
            while table.time[rec] != t {
                rec -= 1;
            }
            *slot = rec;
        }
    }
    out
}

/// Sorted positions of the events in R's order: stratum, ascending time,
/// and within a tie ascending data row (`ties_descending`: descending row,
/// the order of `cox.zph` with entry times).
pub(super) fn events_in_r_order(data: &CoxData, ties_descending: bool) -> Vec<usize> {
    let mut out = Vec::with_capacity(data.n_events());
    for s in 0..data.bounds.len() - 1 {
        let (lo, hi) = (data.bounds[s], data.bounds[s + 1]);
        // Sorted order is descending time, ascending row within a tie:
        // walk the tie blocks from the end.
        let mut end = hi;
        while end > lo {
            let t = data.exit[end - 1];
            let mut start = end - 1;
            while start > lo && data.exit[start - 1] == t {
                start -= 1;
            }
            let block = (start..end).filter(|&k| data.event[k]);
            if ties_descending {
                let mut rows: Vec<usize> = block.collect();
                rows.sort_by_key(|&k| std::cmp::Reverse(data.order[k]));
                out.extend(rows);
            } else {
                out.extend(block);
            }
            end = start;
        }
    }
    out
}

/// The stratum of each sorted position.
pub(super) fn stratum_of_rows(data: &CoxData) -> Vec<usize> {
    let mut out = vec![0; data.len()];
    for s in 0..data.bounds.len() - 1 {
        out[data.bounds[s]..data.bounds[s + 1]].fill(s);
    }
    out
}

/// Schoenfeld residual xₖ − x̄ of each event position in `events` (row-major).
pub(super) fn schoenfeld_rows(
    data: &CoxData,
    table: &TimeTable,
    record: &[usize],
    events: &[usize],
) -> Vec<f64> {
    let p = data.p();
    let x = data.x_values();
    let mut out = Vec::with_capacity(events.len() * p);
    for &k in events {
        let i = record[k];
        for j in 0..p {
            out.push(x[k * p + j] - table.death_xbar[i * p + j]);
        }
    }
    out
}

impl CoxFit {
    /// The residuals of this fit on the data it was fitted to, as R's
    /// `residuals(fit, type = ...)` for the types martingale, deviance,
    /// score, schoenfeld, scaledsch, dfbeta and dfbetas (rows not collapsed
    /// by cluster: sum the rows of a cluster for R's `collapse = id`).
    /// Errors when `data` has other covariates or another number of rows.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh};
    /// let d = CoxData::builder(vec![1., 2., 3., 4., 5.], vec![1, 1, 0, 1, 1])
    ///     .covariate("x", vec![1., 0., 1., 0., 0.5]).build()?;
    /// let fit = CoxPh::new().fit(&d)?;
    /// let r = fit.residuals(&d)?;
    /// assert_eq!(r.martingale.len(), 5);
    /// assert_eq!(r.dfbeta.dim(), (5, 1));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn residuals(&self, data: &CoxData) -> Result<CoxResiduals> {
        self.check_same_data(data)?;
        let (n, p) = (data.len(), data.p());
        // The sweep runs on the data's internal covariates, (x − mean) / scale:
        // coefficients go in on that scale, and residuals in covariate units
        // (score, Schoenfeld) come back multiplied by the scale.
        let beta = self.coefficients();
        let scale = &data.scale;
        let internal: Vec<f64> = beta.iter().zip(scale).map(|(b, s)| b * s).collect();
        let mut sweep = Sweep::new(data, self.ties);
        let table = sweep.record(&internal);
        let mart_sorted = martingale_residuals(data, &sweep, &table);
        let mut score_sorted = score_residuals(data, &sweep, &table);
        for row in score_sorted.chunks_exact_mut(p.max(1)) {
            for (v, s) in row.iter_mut().zip(scale) {
                *v *= s;
            }
        }
        // Row-major whatever the memory layout (a fit may be deserialized);
        // its shape was checked with the data.
        let v: Vec<f64> = self.variance.iter().copied().collect();
        let mut martingale = vec![0.0; n];
        let mut deviance = vec![0.0; n];
        let mut score = Array2::zeros((n, p));
        let mut dfbeta = Array2::zeros((n, p));
        let mut dfbetas = Array2::zeros((n, p));
        for k in 0..n {
            let i = data.order[k] as usize;
            let m = mart_sorted[k];
            martingale[i] = m;
            deviance[i] = deviance_of(m, f64::from(u8::from(data.event[k])));
            let w = data.weight(k);
            let l = &score_sorted[k * p..(k + 1) * p];
            for j in 0..p {
                score[[i, j]] = l[j];
                let db: f64 = (0..p).map(|a| l[a] * v[a * p + j]).sum();
                dfbeta[[i, j]] = w * db;
                dfbetas[[i, j]] = w * db / v[j * p + j].sqrt();
            }
        }
        let record = record_of_rows(data, &table);
        let events = events_in_r_order(data, false);
        let mut raw = schoenfeld_rows(data, &table, &record, &events);
        for row in raw.chunks_exact_mut(p.max(1)) {
            for (v, s) in row.iter_mut().zip(scale) {
                *v *= s;
            }
        }
        let d = events.len();
        // Cannot fail: `schoenfeld_rows` wrote p values for each of the d events.
        let residuals = Array2::from_shape_vec((d, p), raw).expect("d × p");
        let mut scaled = Array2::zeros((d, p));
        for e in 0..d {
            for j in 0..p {
                let s: f64 = (0..p).map(|a| residuals[[e, a]] * v[a * p + j]).sum();
                scaled[[e, j]] = beta[j] + d as f64 * s;
            }
        }
        let strata = stratum_of_rows(data);
        let schoenfeld = SchoenfeldResiduals {
            row: events.iter().map(|&k| data.order[k] as usize).collect(),
            time: events.iter().map(|&k| data.exit[k]).collect(),
            stratum: events
                .iter()
                .map(|&k| data.strata_labels[strata[k]].clone())
                .collect(),
            residuals,
            scaled,
        };
        Ok(CoxResiduals {
            terms: data.names.clone(),
            martingale,
            deviance,
            score,
            dfbeta,
            dfbetas,
            schoenfeld,
        })
    }

    /// Errors unless `data` has this fit's covariates and row count.
    pub(super) fn check_same_data(&self, data: &CoxData) -> Result<()> {
        let names: Vec<&str> = self.terms.iter().map(|t| t.term.as_str()).collect();
        let p = names.len();
        if data.names != names
            || data.len() != self.n
            || data.strata_labels != self.strata
            || self.variance.dim() != (p, p)
        {
            return Err(invalid(
                "data",
                format!(
                    "not the data of this fit ({} rows with covariates {}; the fit has {} rows with {})",
                    data.len(),
                    data.names.join(", "),
                    self.n,
                    names.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

impl fmt::Display for CoxResiduals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>6} {:>12} {:>12}", "row", "martingale", "deviance")?;
        for t in &self.terms {
            write!(f, " {:>12}", format!("dfbeta {t}"))?;
        }
        writeln!(f)?;
        for i in 0..self.martingale.len() {
            write!(
                f,
                "{:>6} {:>12.6} {:>12.6}",
                i + 1,
                self.martingale[i],
                self.deviance[i]
            )?;
            for j in 0..self.terms.len() {
                write!(f, " {:>12.6}", self.dfbeta[[i, j]])?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Residuals summed within clusters (R's `residuals(fit, type, collapse =
/// id)`), from [`CoxFit::residuals_by_cluster`]: one row per cluster, in
/// the byte order of the cluster labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterResiduals {
    /// Cluster labels (byte order).
    pub cluster: Vec<String>,
    /// Covariate names (the columns of the matrices).
    pub terms: Vec<String>,
    /// Sum of the martingale residuals of the cluster's rows.
    pub martingale: Vec<f64>,
    /// The deviance residual of the summed martingale residual and the
    /// cluster's number of events, with R's formula (NaN, as R, where it
    /// takes the root of a negative number, which can happen for a
    /// cluster with several events).
    pub deviance: Vec<f64>,
    /// Sum of the score residuals (not weighted).
    pub score: Array2<f64>,
    /// Sum of dfbeta: the approximate change of β̂ when the cluster is dropped.
    pub dfbeta: Array2<f64>,
    /// Sum of dfbetas.
    pub dfbetas: Array2<f64>,
}

/// R's sign(M)·√(−2·(M + δ·ln(δ − M))) (0 when M = 0; NaN, as in R,
/// where the root is of a negative number: a collapsed cluster with
/// several events can give one).
fn deviance_of(m: f64, status: f64) -> f64 {
    if m == 0.0 {
        return 0.0;
    }
    let inner = if status > 0.0 {
        m + status * (status - m).ln()
    } else {
        m
    };
    m.signum() * (-2.0 * inner).sqrt()
}

impl CoxFit {
    /// The residuals summed within the data's clusters, as R's
    /// `residuals(fit, type, collapse = cluster)` for martingale, deviance,
    /// score, dfbeta and dfbetas: for recurrent events or several rows per
    /// person, the influence of a whole person. Errors when `data` is not
    /// the fit's data or has no clusters.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh};
    /// let d = CoxData::builder(vec![3., 7., 5., 4., 9., 6.], vec![1, 1, 0, 1, 0, 1])
    ///     .entry(vec![0., 3., 0., 0., 4., 0.])
    ///     .covariate("x", vec![1., 1., 0., 1., 0.5, 0.])
    ///     .clusters(["a", "a", "b", "c", "c", "d"].map(String::from).to_vec())
    ///     .build()?;
    /// let fit = CoxPh::new().fit(&d)?;
    /// let by_person = fit.residuals_by_cluster(&d)?;
    /// assert_eq!(by_person.cluster, ["a", "b", "c", "d"]);
    /// let rows = fit.residuals(&d)?;
    /// assert!((by_person.dfbeta[[0, 0]] - rows.dfbeta[[0, 0]] - rows.dfbeta[[1, 0]]).abs() < 1e-15);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn residuals_by_cluster(&self, data: &CoxData) -> Result<ClusterResiduals> {
        let Some(codes) = &data.cluster else {
            return Err(invalid("data", "it has no clusters to collapse by"));
        };
        let r = self.residuals(data)?;
        let (g, p) = (data.cluster_labels.len(), data.p());
        let mut out = ClusterResiduals {
            cluster: data.cluster_labels.clone(),
            terms: r.terms.clone(),
            martingale: vec![0.0; g],
            deviance: vec![0.0; g],
            score: Array2::zeros((g, p)),
            dfbeta: Array2::zeros((g, p)),
            dfbetas: Array2::zeros((g, p)),
        };
        let mut status = vec![0.0; g];
        for (k, &code) in codes.iter().enumerate() {
            let (i, c) = (data.order[k] as usize, code as usize);
            out.martingale[c] += r.martingale[i];
            status[c] += f64::from(u8::from(data.event[k]));
            for j in 0..p {
                out.score[[c, j]] += r.score[[i, j]];
                out.dfbeta[[c, j]] += r.dfbeta[[i, j]];
                out.dfbetas[[c, j]] += r.dfbetas[[i, j]];
            }
        }
        for ((d, &m), &st) in out.deviance.iter_mut().zip(&out.martingale).zip(&status) {
            *d = deviance_of(m, st);
        }
        Ok(out)
    }
}

impl fmt::Display for ClusterResiduals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<14} {:>12} {:>12}",
            "cluster", "martingale", "deviance"
        )?;
        for t in &self.terms {
            write!(f, " {:>12}", format!("dfbeta {t}"))?;
        }
        writeln!(f)?;
        for (c, label) in self.cluster.iter().enumerate() {
            write!(
                f,
                "{:<14} {:>12.6} {:>12.6}",
                label, self.martingale[c], self.deviance[c]
            )?;
            for j in 0..self.terms.len() {
                write!(f, " {:>12.6}", self.dfbeta[[c, j]])?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

impl fmt::Display for SchoenfeldResiduals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.residuals.ncols();
        write!(f, "{:>12} {:<10}", "time", "stratum")?;
        for j in 0..p {
            write!(f, " {:>12}", format!("r{}", j + 1))?;
        }
        writeln!(f)?;
        for e in 0..self.time.len() {
            write!(f, "{:>12} {:<10}", self.time[e], self.stratum[e])?;
            for j in 0..p {
                write!(f, " {:>12.6}", self.residuals[[e, j]])?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
