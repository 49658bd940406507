//! Score residuals and the robust (sandwich) variance, clustered.
//!
//! The score residual of row i is its share of the score vector U(β):
//! Lᵢ = δᵢ·(xᵢ − x̄*(tᵢ)) − Σ_{events s in (entryᵢ, exitᵢ]} eᵢ·(xᵢ − x̄ₖ(s))·dΛₖ(s),
//! summed over the Efron terms k of each event time (one term for
//! Breslow). Rows tied at an event time are exposed to the tie-corrected
//! hazard with their risk downweighted by (1 − k/d), and their own x̄* is
//! the mean of the d x̄ₖ, so that Σ wᵢLᵢ = U exactly. With cumulative
//! sums H(t) = Σ dΛ and G(t) = Σ x̄·dΛ per stratum, each row costs
//! O(p + log d): eᵢ·(xᵢ·(H(exit) − H(entry)) − (G(exit) − G(entry))).

use super::data::CoxData;
use super::sweep::Sweep;
use super::table::TimeTable;

/// Cumulative hazard sums per stratum, looked up at any time.
struct Cumulative<'a> {
    table: &'a TimeTable,
    h: Vec<f64>,
    g: Vec<f64>,
}

impl<'a> Cumulative<'a> {
    fn new(table: &'a TimeTable) -> Self {
        let p = table.p;
        let mut h = vec![0.0; table.len()];
        let mut g = vec![0.0; table.len() * p];
        for s in 0..table.bounds.len() - 1 {
            let (lo, hi) = (table.bounds[s], table.bounds[s + 1]);
            let (mut hs, mut gs) = (0.0, vec![0.0; p]);
            for i in lo..hi {
                hs += table.hazard[i];
                h[i] = hs;
                for j in 0..p {
                    gs[j] += table.xbar_hazard[i * p + j];
                    g[i * p + j] = gs[j];
                }
            }
        }
        Cumulative { table, h, g }
    }

    /// Index (into the table) of the last record of stratum `s` at or
    /// before `t`, if any.
    fn at(&self, s: usize, t: f64) -> Option<usize> {
        let (lo, hi) = (self.table.bounds[s], self.table.bounds[s + 1]);
        let count = self.table.time[lo..hi].partition_point(|&u| u <= t);
        (count > 0).then(|| lo + count - 1)
    }
}

/// The score residual Lₖ of every row (sorted order, p per row, not
/// multiplied by the case weight), from a sweep and its table at the same β.
pub(super) fn score_residuals(data: &CoxData, sweep: &Sweep, table: &TimeTable) -> Vec<f64> {
    let p = data.p();
    let cum = Cumulative::new(table);
    let x = data.x_values();
    let mut out = vec![0.0; data.len() * p];
    for s in 0..data.bounds.len() - 1 {
        for k in data.bounds[s]..data.bounds[s + 1] {
            let xk = &x[k * p..(k + 1) * p];
            let resid = &mut out[k * p..(k + 1) * p];
            let e = (sweep.eta(k) - sweep.shift[s]).exp();
            let end = cum.at(s, data.exit[k]);
            let start = cum.at(s, data.entry_time(k));
            let (h, g) = match (end, start) {
                (None, _) => (0.0, None),
                (Some(i), None) => (cum.h[i], Some((i, None))),
                (Some(i), Some(a)) => (cum.h[i] - cum.h[a], Some((i, Some(a)))),
            };
            for j in 0..p {
                let gj = match g {
                    None => 0.0,
                    Some((i, None)) => cum.g[i * p + j],
                    Some((i, Some(a))) => cum.g[i * p + j] - cum.g[a * p + j],
                };
                resid[j] = -e * (xk[j] * h - gj);
            }
            if data.event[k]
                && let Some(i) = end
            {
                // Swap the full exposure at this event time for the tied
                // event's downweighted one, and add the event's own term.
                let dh = table.death_hazard[i] - table.hazard[i];
                for j in 0..p {
                    let dg = table.death_xbar_hazard[i * p + j] - table.xbar_hazard[i * p + j];
                    resid[j] += xk[j] - table.death_xbar[i * p + j] - e * (xk[j] * dh - dg);
                }
            }
        }
    }
    out
}

/// The martingale residual of every row (sorted order): δₖ − eₖ·ΔH over
/// (entryₖ, exitₖ], a tied event exposed to its Efron-downweighted hazard
/// at its own time.
pub(super) fn martingale_residuals(data: &CoxData, sweep: &Sweep, table: &TimeTable) -> Vec<f64> {
    let cum = Cumulative::new(table);
    let mut out = vec![0.0; data.len()];
    for s in 0..data.bounds.len() - 1 {
        let (lo, hi) = (data.bounds[s], data.bounds[s + 1]);
        for (k, slot) in out.iter_mut().enumerate().take(hi).skip(lo) {
            let e = (sweep.eta(k) - sweep.shift[s]).exp();
            let end = cum.at(s, data.exit[k]);
            let start = cum.at(s, data.entry_time(k));
            let mut h = match (end, start) {
                (None, _) => 0.0,
                (Some(i), None) => cum.h[i],
                (Some(i), Some(a)) => cum.h[i] - cum.h[a],
            };
            let mut m = 0.0;
            if data.event[k]
                && let Some(i) = end
            {
                h += table.death_hazard[i] - table.hazard[i];
                m = 1.0;
            }
            *slot = m - e * h;
        }
    }
    out
}

/// Σ over clusters of bᶜ·bᶜᵀ, bᶜ = Σ_{i in c} wᵢ·Lᵢ (row-major p × p),
/// from a sweep and its table at the same β. Without clusters every row
/// is its own cluster.
pub(super) fn cluster_crossproduct(data: &CoxData, sweep: &Sweep, table: &TimeTable) -> Vec<f64> {
    let p = data.p();
    let resid = score_residuals(data, sweep, table);
    let n_clusters = match &data.cluster {
        Some(_) => data.cluster_labels.len(),
        None => data.len(),
    };
    let mut b = vec![0.0; n_clusters * p];
    for (k, r) in resid.chunks_exact(p).enumerate() {
        let c = data.cluster.as_ref().map_or(k, |c| c[k] as usize);
        let w = data.weight(k);
        for j in 0..p {
            b[c * p + j] += w * r[j];
        }
    }
    let mut bb = vec![0.0; p * p];
    for bc in b.chunks_exact(p) {
        for i in 0..p {
            for j in 0..p {
                bb[i * p + j] += bc[i] * bc[j];
            }
        }
    }
    bb
}
