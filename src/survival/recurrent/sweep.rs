//! The mean cumulative function of one group with its naive and
//! Lawless–Nadeau variances, in one pass over the sorted rows.
//!
//! With K(t) = Σ_{t_j ≤ t} d_j / n_j² (the naive variance), subject c's
//! term in the robust variance is U_c(t) = P_c − m_c K(t), where m_c is 1
//! while c is at risk and P_c changes only when one of c's intervals starts
//! (P_c += K at the start) or stops (P_c += events / n − K at the stop).
//! So Σ_c U_c(t)² = Σ P_c² − 2 K Σ P_c m_c + K² Σ m_c², three sums updated
//! in O(1) per interval. Those terms cancel where the subjects' terms are
//! small (and the variance can be exactly 0), so the sums are carried in
//! double-double arithmetic (about 32 significant digits).

use super::data::RecurrentGroup;
use crate::num::dd::Dd;

/// Per-time estimates of one group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct McfEstimates {
    pub time: Vec<f64>,
    pub n_risk: Vec<f64>,
    pub n_event: Vec<f64>,
    pub n_censor: Vec<f64>,
    pub mcf: Vec<f64>,
    pub var_naive: Vec<f64>,
    pub var_robust: Vec<f64>,
}

/// The three sums of the robust variance, and every subject's (P_c, m_c).
struct Robust {
    p: Vec<Dd>,
    m: Vec<u32>,
    p2: Dd,
    pm: Dd,
    m2: f64,
}

impl Robust {
    fn set(&mut self, c: usize, p: Dd, m: u32) {
        let (p0, m0) = (self.p[c], self.m[c]);
        self.p2 = self.p2.add(p.mul(p)).sub(p0.mul(p0));
        self.pm = self
            .pm
            .add(p.scale(f64::from(m)))
            .sub(p0.scale(f64::from(m0)));
        self.m2 += f64::from(m) * f64::from(m) - f64::from(m0) * f64::from(m0);
        self.p[c] = p;
        self.m[c] = m;
    }

    fn variance(&self, k: Dd) -> f64 {
        let two_k = k.add(k);
        self.p2
            .sub(two_k.mul(self.pm))
            .add(k.mul(k).scale(self.m2))
            .hi
            .max(0.0)
    }
}

/// Estimates of one group.
pub(crate) fn estimate(g: &RecurrentGroup) -> McfEstimates {
    let rows = g.stop.len();
    // Distinct stop times with their events, censorings and rows.
    let (mut bits, mut n_event, mut n_censor, mut ends) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut r = 0;
    while r < rows {
        let t = g.stop[r];
        let (mut d, mut c) = (0.0, 0.0);
        while r < rows && g.stop[r] == t {
            d += f64::from(g.count[r]);
            if g.count[r] == 0 && g.leaves[r] {
                c += 1.0;
            }
            r += 1;
        }
        bits.push(t);
        n_event.push(d);
        n_censor.push(c);
        ends.push(r);
    }
    let nt = bits.len();
    // Rows by the slot (time index) from which they are at risk.
    let slot: Vec<usize> = g
        .start
        .iter()
        .map(|&a| bits.partition_point(|&b| b <= a))
        .collect();
    let mut first = vec![0_usize; nt + 2];
    for &e in &slot {
        first[e + 2] += 1;
    }
    for e in 2..nt + 2 {
        first[e] += first[e - 1];
    }
    let mut by_slot = vec![0_usize; rows];
    for (row, &e) in slot.iter().enumerate() {
        by_slot[first[e + 1]] = row;
        first[e + 1] += 1;
    }
    // At risk: rows stopping at or after t_j minus rows starting at or after.
    let mut n_risk = vec![0.0; nt];
    let (mut stops, mut later) = (0.0, 0.0);
    for j in (0..nt).rev() {
        later += (first[j + 2] - first[j + 1]) as f64;
        stops += (ends[j] - if j == 0 { 0 } else { ends[j - 1] }) as f64;
        n_risk[j] = stops - later;
    }
    let mut robust = Robust {
        p: vec![Dd::default(); g.clusters],
        m: vec![0; g.clusters],
        p2: Dd::default(),
        pm: Dd::default(),
        m2: 0.0,
    };
    let (mut mcf, mut var_naive, mut var_robust) = (vec![0.0; nt], vec![0.0; nt], vec![0.0; nt]);
    let (mut h, mut k) = (Dd::default(), Dd::default());
    let mut exit_from = 0;
    for j in 0..nt {
        for &row in &by_slot[first[j]..first[j + 1]] {
            let c = g.cluster[row] as usize;
            robust.set(c, robust.p[c].add(k), robust.m[c] + 1);
        }
        let n = n_risk[j];
        if n_event[j] > 0.0 {
            let rate = Dd::from(n_event[j]).div(n);
            h = h.add(rate);
            k = k.add(rate.div(n));
        }
        for row in exit_from..ends[j] {
            let c = g.cluster[row] as usize;
            let own = Dd::from(f64::from(g.count[row])).div(n);
            robust.set(c, robust.p[c].add(own).sub(k), robust.m[c] - 1);
        }
        exit_from = ends[j];
        mcf[j] = h.hi;
        var_naive[j] = k.hi;
        var_robust[j] = robust.variance(k);
    }
    McfEstimates {
        time: bits.iter().map(|&b| f64::from_bits(b)).collect(),
        n_risk,
        n_event,
        n_censor,
        mcf,
        var_naive,
        var_robust,
    }
}
