//! The reverse-time sweep over risk sets: log partial likelihood, score and
//! information in one pass per stratum.
//!
//! Rows are sorted by decreasing exit time, so walking them in order adds
//! each row to the running sums (Σ r, Σ r·x, Σ r·x·xᵀ with r = w·exp(η))
//! when time passes its exit; with entry times, a second pointer walks the
//! rows by decreasing entry and removes a row once time reaches its entry
//! (a row is at risk on (entry, exit]). At each distinct exit time with
//! events the tie correction reduces to scalar sums ([`TieSums`]).
//! Cost per evaluation: O(n·p² + d) time, O(n) extra memory.

use super::Ties;
use super::data::CoxData;
use super::table::TimeTable;
use super::ties::TieSums;

/// Log partial likelihood, score vector and information matrix (p × p,
/// row-major, full) at β.
pub(super) use crate::num::newton::Derivs;

/// Running sums over a set of rows: Σ r, Σ r·x and, when `FULL`, Σ r·x·xᵀ
/// (upper triangle, packed by rows).
#[derive(Debug, Clone)]
struct Sums {
    denom: f64,
    a: Vec<f64>,
    c: Vec<f64>,
}

impl Sums {
    fn new(p: usize) -> Self {
        Sums {
            denom: 0.0,
            a: vec![0.0; p],
            c: vec![0.0; p * (p + 1) / 2],
        }
    }

    fn clear(&mut self) {
        self.denom = 0.0;
        self.a.fill(0.0);
        self.c.fill(0.0);
    }

    /// Adds r·(1, x, x·xᵀ). `P` is the number of covariates when known at
    /// compile time (the loops then unroll), 0 otherwise.
    #[inline(always)]
    fn add<const FULL: bool, const P: usize>(&mut self, r: f64, x: &[f64]) {
        self.denom += r;
        if P > 0 {
            // Cannot fail: callers pass rows of exactly P values and `a` holds P sums
            // whenever P > 0 (P is chosen from the data's own width).
            let x: &[f64; P] = x.try_into().expect("P covariates");
            let a: &mut [f64; P] = (&mut self.a[..]).try_into().expect("P sums");
            let c = &mut self.c[..P * (P + 1) / 2];
            let mut idx = 0;
            for j in 0..P {
                let rx = r * x[j];
                a[j] += rx;
                if FULL {
                    for xl in &x[j..] {
                        c[idx] += rx * xl;
                        idx += 1;
                    }
                }
            }
            return;
        }
        if !FULL {
            for (aj, &xj) in self.a.iter_mut().zip(x) {
                *aj += r * xj;
            }
            return;
        }
        let mut c = &mut self.c[..];
        for (j, (aj, &xj)) in self.a.iter_mut().zip(x).enumerate() {
            let rx = r * xj;
            *aj += rx;
            let (row, rest) = c.split_at_mut(x.len() - j);
            for (cjk, &xk) in row.iter_mut().zip(&x[j..]) {
                *cjk += rx * xk;
            }
            c = rest;
        }
    }

    fn absorb<const FULL: bool>(&mut self, other: &Sums) {
        self.denom += other.denom;
        for (a, b) in self.a.iter_mut().zip(&other.a) {
            *a += b;
        }
        if FULL {
            for (a, b) in self.c.iter_mut().zip(&other.c) {
                *a += b;
            }
        }
    }
}

/// Reusable buffers for repeated evaluations on one data set.
#[derive(Debug, Clone)]
pub(super) struct Sweep<'a> {
    data: &'a CoxData,
    ties: Ties,
    /// Linear predictor x·β (centred covariates), sorted order.
    pub eta: Vec<f64>,
    /// w·exp(η − shift), sorted order.
    risk: Vec<f64>,
    /// Max η of each stratum.
    pub shift: Vec<f64>,
    /// The β that `eta`, `risk` and `shift` hold (none before the first
    /// evaluation and after the risk buffer is taken).
    at: Option<Vec<f64>>,
}

impl<'a> Sweep<'a> {
    pub fn new(data: &'a CoxData, ties: Ties) -> Self {
        Sweep {
            data,
            ties,
            eta: vec![0.0; data.len()],
            risk: vec![0.0; data.len()],
            shift: vec![0.0; data.strata_labels.len()],
            at: None,
        }
    }

    /// η, the per-stratum shifts and the risk scores at β.
    fn risk_scores<const P: usize>(&mut self, beta: &[f64]) {
        // The same β bit for bit (the fit records the table at the β of its
        // last evaluation): the scores are already there.
        let same = |at: &Vec<f64>| at.iter().zip(beta).all(|(a, b)| a.to_bits() == b.to_bits());
        if self.at.as_ref().is_some_and(same) {
            return;
        }
        self.at = Some(beta.to_vec());
        let d = self.data;
        // A compile-time constant when P > 0, so that the dot product unrolls.
        let p = if P > 0 { P } else { d.p() };
        // Cannot fail: `CoxData::x` is private and built row-major by `from_shape_vec`.
        let x = d.x.as_slice().expect("standard layout");
        for s in 0..self.shift.len() {
            let (lo, hi) = (d.bounds[s], d.bounds[s + 1]);
            let eta = &mut self.eta[lo..hi];
            let mut shift = f64::NEG_INFINITY;
            for (e, row) in eta.iter_mut().zip(x[lo * p..hi * p].chunks_exact(p)) {
                *e = row.iter().zip(beta).map(|(a, b)| a * b).sum();
                shift = shift.max(*e);
            }
            let shift = if shift.is_finite() { shift } else { 0.0 };
            self.shift[s] = shift;
            let risk = &mut self.risk[lo..hi];
            match &d.weight {
                None => {
                    for (r, &e) in risk.iter_mut().zip(eta.iter()) {
                        *r = (e - shift).exp();
                    }
                }
                Some(w) => {
                    for ((r, &e), &w) in risk.iter_mut().zip(eta.iter()).zip(&w[lo..hi]) {
                        *r = w * (e - shift).exp();
                    }
                }
            }
        }
    }

    /// Log-likelihood, score and information at β.
    pub fn evaluate(&mut self, beta: &[f64]) -> Derivs {
        // The covariate count as a compile-time constant for small p.
        match self.data.p() {
            1 => self.run::<true, 1>(beta, None),
            2 => self.run::<true, 2>(beta, None),
            3 => self.run::<true, 3>(beta, None),
            4 => self.run::<true, 4>(beta, None),
            5 => self.run::<true, 5>(beta, None),
            6 => self.run::<true, 6>(beta, None),
            7 => self.run::<true, 7>(beta, None),
            8 => self.run::<true, 8>(beta, None),
            _ => self.run::<true, 0>(beta, None),
        }
    }

    /// Records every distinct exit time at β (no information matrix; the
    /// sweep is left at β for the residuals).
    pub fn record(&mut self, beta: &[f64]) -> TimeTable {
        let mut table = TimeTable::start(self.data.p(), &[]);
        self.run::<false, 0>(beta, Some(&mut table));
        table
    }

    /// Records every distinct exit time at β with its information
    /// contribution (for the proportional-hazards test), and returns the
    /// log-likelihood, score and information there too.
    pub fn record_with_information(&mut self, beta: &[f64]) -> (TimeTable, Derivs) {
        let mut table = TimeTable::start(self.data.p(), &[]);
        table.with_info = true;
        let derivs = self.run::<true, 0>(beta, Some(&mut table));
        (table, derivs)
    }

    fn run<const FULL: bool, const P: usize>(
        &mut self,
        beta: &[f64],
        mut table: Option<&mut TimeTable>,
    ) -> Derivs {
        self.risk_scores::<P>(beta);
        let d = self.data;
        // A compile-time constant when P > 0, so that the loops unroll.
        let p = if P > 0 { P } else { d.p() };
        // Cannot fail: `CoxData::x` is private and built row-major by `from_shape_vec`.
        let x = d.x.as_slice().expect("standard layout");
        let row = |k: usize| &x[k * p..(k + 1) * p];
        let efron = self.ties == Ties::Efron;
        let mut loglik = 0.0;
        let mut score = vec![0.0; p];
        let mut info = vec![0.0; p * (p + 1) / 2];
        let mut total = Sums::new(p);
        let mut deaths = Sums::new(p);
        let with_info = table.as_ref().is_some_and(|t| t.with_info);
        if let Some(tab) = table.as_deref_mut() {
            *tab = TimeTable::start(p, &self.shift);
            tab.with_info = with_info;
        }
        // The information contribution of one time, when it is recorded.
        let mut inc = vec![0.0; if with_info { p * (p + 1) / 2 } else { 0 }];
        for s in 0..self.shift.len() {
            let (lo, hi) = (d.bounds[s], d.bounds[s + 1]);
            let shift = self.shift[s];
            let first_record = table.as_ref().map_or(0, |t| t.len());
            total.clear();
            let (mut n_at_risk, mut w_at_risk) = (0_usize, 0.0);
            let mut k = lo;
            let mut next_entry = lo;
            let mut deaths_used = true;
            while k < hi {
                let t = d.exit[k];
                if deaths_used {
                    deaths.clear();
                }
                let (mut nd, mut dw, mut wc) = (0_usize, 0.0, 0.0);
                while k < hi && d.exit[k] == t {
                    let w = d.weight(k);
                    n_at_risk += 1;
                    w_at_risk += w;
                    if d.event[k] {
                        deaths.add::<FULL, P>(self.risk[k], row(k));
                        nd += 1;
                        dw += w;
                        loglik += w * (self.eta[k] - shift);
                        for (u, &xj) in score.iter_mut().zip(row(k)) {
                            *u += w * xj;
                        }
                    } else {
                        total.add::<FULL, P>(self.risk[k], row(k));
                        wc += w;
                    }
                    k += 1;
                }
                deaths_used = nd > 0;
                if deaths_used {
                    total.absorb::<FULL>(&deaths);
                }
                if let (Some(order), Some(entry)) = (&d.entry_order, &d.entry) {
                    while next_entry < hi && entry[order[next_entry] as usize] >= t {
                        let m = order[next_entry] as usize;
                        total.add::<FULL, P>(-self.risk[m], row(m));
                        n_at_risk -= 1;
                        w_at_risk -= d.weight(m);
                        next_entry += 1;
                    }
                    if n_at_risk == 0 {
                        // Exact zeros instead of the round-off of the removals.
                        total.clear();
                        w_at_risk = 0.0;
                    }
                }
                if let Some(tab) = table.as_deref_mut() {
                    tab.push_time(t, w_at_risk, dw, wc);
                }
                if nd == 0 || dw == 0.0 {
                    continue;
                }
                let tie = TieSums::new(total.denom, deaths.denom, nd, dw, efron);
                let w = tie.weight;
                loglik -= w * tie.ln_sum;
                let (a, ea) = (&total.a, &deaths.a);
                for j in 0..p {
                    score[j] -= w * (a[j] * tie.s10 - ea[j] * tie.s11);
                }
                if FULL && tie.terms == 1 {
                    // One term (Breslow, or a single event): C/D − a·aᵀ/D².
                    let mut idx = 0;
                    for j in 0..p {
                        for l in j..p {
                            let v = total.c[idx] * tie.s10 - a[j] * a[l] * tie.s20;
                            info[idx] += w * v;
                            if with_info {
                                inc[idx] = w * v;
                            }
                            idx += 1;
                        }
                    }
                } else if FULL {
                    let mut idx = 0;
                    for j in 0..p {
                        for l in j..p {
                            let first = total.c[idx] * tie.s10 - deaths.c[idx] * tie.s11;
                            let outer = a[j] * a[l] * tie.s20
                                - (a[j] * ea[l] + ea[j] * a[l]) * tie.s21
                                + ea[j] * ea[l] * tie.s22;
                            info[idx] += w * (first - outer);
                            if with_info {
                                inc[idx] = w * (first - outer);
                            }
                            idx += 1;
                        }
                    }
                }
                if let Some(tab) = table.as_deref_mut() {
                    tab.set_events(&tie, a, ea);
                    if with_info {
                        tab.set_information(&inc);
                    }
                }
            }
            if let Some(tab) = table.as_deref_mut() {
                tab.end_stratum(first_record);
            }
        }
        let mut full = vec![0.0; p * p];
        let mut idx = 0;
        for j in 0..p {
            for l in j..p {
                full[j * p + l] = info[idx];
                full[l * p + j] = info[idx];
                idx += 1;
            }
        }
        Derivs {
            loglik,
            score,
            info: full,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reused_scores_give_the_same_table_as_a_fresh_sweep() {
        let data = CoxData::builder(
            vec![5., 8., 2., 9., 4., 7., 3., 6., 4., 2.],
            vec![1, 0, 1, 1, 1, 0, 1, 1, 1, 0],
        )
        .covariate("x", vec![0., 1., 0., 1., 1., 0., 0., 1., 0.5, 2.])
        .covariate("z", vec![1., 3., 2., 0., 1., 4., 2., 2., 1., 0.])
        .build()
        .unwrap();
        let (b1, b2) = (vec![0.3, -0.2], vec![-0.1, 0.4]);
        let mut fresh = Sweep::new(&data, Ties::Efron);
        let expected = fresh.record(&b1);
        let mut reused = Sweep::new(&data, Ties::Efron);
        reused.evaluate(&b2);
        let at_b1 = reused.evaluate(&b1);
        // Cached scores at b1: the same table as computed from scratch.
        assert_eq!(reused.record(&b1), expected);
        assert_eq!(reused.eta, fresh.eta);
        assert_eq!(Sweep::new(&data, Ties::Efron).evaluate(&b1), at_b1);
    }
}
