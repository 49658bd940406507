//! The reverse-time sweep over risk sets: log partial likelihood, score and
//! information in one pass per stratum (the walk itself is
//! [`sweep_rows`]). With the `parallel` feature, the Newton evaluations of
//! larger data run in fixed chunks of rows instead ([`ChunkPlan`]).
//! Cost per evaluation: O(n·p² + d) time, O(n) extra memory.

use super::Ties;
use super::data::CoxData;
use super::risk_sums::{
    Accum, RiskSet, Scores, Sums, TimeGroups, linear_predictor, linear_predictors, sweep_rows,
    unpack,
};
#[cfg(feature = "parallel")]
use super::sweep_chunks::ChunkPlan;
use super::table::TimeTable;

/// Log partial likelihood, score vector and information matrix (p × p,
/// row-major, full) at β.
pub(super) use crate::num::newton::Derivs;

/// Reusable buffers for repeated evaluations on one data set.
#[derive(Debug, Clone)]
pub(super) struct Sweep<'a> {
    data: &'a CoxData,
    ties: Ties,
    /// Linear predictor η = x·β (centred covariates), sorted order; kept
    /// only with [`KEEP_ETA_FROM_P`] covariates or more (empty otherwise).
    eta: Vec<f64>,
    /// w·exp(η − shift), sorted order.
    risk: Vec<f64>,
    /// Max η of each stratum.
    pub shift: Vec<f64>,
    /// The rows of each exit time (for the sweeps with a compile-time
    /// number of covariates, p ≤ 8).
    groups: Option<TimeGroups>,
    /// The β that `eta`, `risk` and `shift` hold (none before the first
    /// evaluation).
    at: Option<Vec<f64>>,
    /// The fixed chunks of the parallel evaluations (none for data too
    /// small to split: one pass as without the feature).
    #[cfg(feature = "parallel")]
    plan: Option<ChunkPlan>,
    /// Whether each evaluation records its times too (few distinct
    /// times, at most one per [`RECORD_ROWS`] rows, and one pass): the
    /// record at the β of the last evaluation (the fit's estimate) is then
    /// that evaluation's, not a sweep of its own.
    records: bool,
    /// The times recorded by the last evaluation, and its β.
    recorded: Option<(Vec<f64>, TimeTable)>,
}

/// Covariates from which a sweep keeps η = x·β in a buffer. With one,
/// η is recomputed where it is needed (one product of a value the sweep
/// reads anyway): its buffer would be as large as the covariates and 8
/// bytes a subject at the fit's peak. With more, recomputing costs p
/// products an event and a pass for the concordance (5% of a fit at
/// p = 5), and the buffer is a smaller share of the data.
const KEEP_ETA_FROM_P: usize = 2;

/// Rows per distinct time at least for the evaluations to record the
/// times (a small table, a small share of a sweep's work).
const RECORD_ROWS: usize = 64;

impl<'a> Sweep<'a> {
    pub fn new(data: &'a CoxData, ties: Ties) -> Self {
        Self::keeping_eta(data, ties, data.p() >= KEEP_ETA_FROM_P)
    }

    /// [`new`](Self::new), with η kept in a buffer or not (tests compare
    /// the two).
    fn keeping_eta(data: &'a CoxData, ties: Ties, keep: bool) -> Self {
        // The buffers in this order (the groups' after the scores'): the
        // order of the allocations sets the pipelines' peak memory.
        let mut sweep = Sweep {
            data,
            ties,
            eta: if keep {
                vec![0.0; data.len()]
            } else {
                Vec::new()
            },
            risk: vec![0.0; data.len()],
            shift: vec![0.0; data.strata_labels.len()],
            groups: (data.p() <= 8).then(|| TimeGroups::new(data)),
            at: None,
            #[cfg(feature = "parallel")]
            plan: ChunkPlan::new(data),
            records: false,
            recorded: None,
        };
        sweep.records = sweep
            .groups
            .as_ref()
            .is_some_and(|g| g.len() * RECORD_ROWS <= data.len());
        #[cfg(feature = "parallel")]
        {
            sweep.records &= sweep.plan.is_none();
        }
        sweep
    }

    /// The evaluations no longer record their times (for a fit that
    /// wants no table at its estimate).
    pub fn stop_recording(&mut self) {
        self.records = false;
        self.recorded = None;
    }

    /// η = x·β of sorted row `k` at the β of the scores (0 before the
    /// first evaluation, which no caller asks for).
    #[inline]
    pub fn eta(&self, k: usize) -> f64 {
        debug_assert!(self.at.is_some(), "η asked for before an evaluation");
        if let Some(&e) = self.eta.get(k) {
            return e;
        }
        let p = self.data.p();
        let x = self.data.x_values();
        self.at
            .as_deref()
            .map_or(0.0, |beta| linear_predictor(&x[k * p..(k + 1) * p], beta))
    }

    /// η = x·β of every row at β (sorted order), the sweep consumed: its
    /// kept η when at β, else computed into its risk buffer (whose pages
    /// are already touched) after its other buffers are freed.
    pub fn into_eta(mut self, beta: &[f64]) -> Vec<f64> {
        let same = |at: &[f64]| same_bits(at, beta);
        if !self.eta.is_empty() && self.at.as_deref().is_some_and(same) {
            return std::mem::take(&mut self.eta);
        }
        let mut eta = std::mem::take(&mut self.risk);
        let data = self.data;
        drop(self);
        linear_predictors(data, beta, &mut eta);
        eta
    }

    /// The per-stratum shifts and the risk scores at β.
    fn risk_scores<const P: usize>(&mut self, beta: &[f64]) {
        // The same β bit for bit (the fit records the table at the β of its
        // last evaluation): the scores are already there.
        let same = |at: &Vec<f64>| same_bits(at, beta);
        if self.at.as_ref().is_some_and(same) {
            return;
        }
        self.at = Some(beta.to_vec());
        let d = self.data;
        #[cfg(feature = "parallel")]
        if super::sweep_chunks::risk_scores::<P>(
            d,
            beta,
            (!self.eta.is_empty()).then_some(&mut self.eta[..]),
            &mut self.risk,
            &mut self.shift,
        ) {
            return;
        }
        let eta = (!self.eta.is_empty()).then_some(&mut self.eta[..]);
        scores_one_pass::<P>(d, beta, eta, &mut self.risk, &mut self.shift);
    }

    /// Log-likelihood, score and information at β.
    pub fn evaluate(&mut self, beta: &[f64]) -> Derivs {
        if !self.records {
            return self.run_for_p::<true>(beta, None);
        }
        // The last evaluation's table, refilled (no new buffers).
        let (mut at, mut table) = self
            .recorded
            .take()
            .unwrap_or_else(|| (Vec::new(), TimeTable::start(self.data.p(), &[])));
        let derivs = self.run_for_p::<true>(beta, Some(&mut table));
        at.clear();
        at.extend_from_slice(beta);
        self.recorded = Some((at, table));
        derivs
    }

    /// [`run`](Self::run) with the covariate count as a compile-time
    /// constant for small p (the per-row loops unroll).
    fn run_for_p<const FULL: bool>(
        &mut self,
        beta: &[f64],
        table: Option<&mut TimeTable>,
    ) -> Derivs {
        match self.data.p() {
            1 => self.run::<FULL, 1>(beta, table),
            2 => self.run::<FULL, 2>(beta, table),
            3 => self.run::<FULL, 3>(beta, table),
            4 => self.run::<FULL, 4>(beta, table),
            5 => self.run::<FULL, 5>(beta, table),
            6 => self.run::<FULL, 6>(beta, table),
            7 => self.run::<FULL, 7>(beta, table),
            8 => self.run::<FULL, 8>(beta, table),
            _ => self.run::<FULL, 0>(beta, table),
        }
    }

    /// Records every distinct exit time at β (no information matrix; the
    /// sweep is left at β for the residuals).
    pub fn record(&mut self, beta: &[f64]) -> TimeTable {
        // Recorded by the last evaluation, at this β bit for bit (the
        // scores are then at β too): the same table as a sweep's.
        let same = |at: &[f64]| same_bits(at, beta);
        if self.at.as_deref().is_some_and(same)
            && self.recorded.as_ref().is_some_and(|(at, _)| same(at))
            && let Some((_, table)) = self.recorded.take()
        {
            return table;
        }
        // Not needed: freed before the sweep's own table grows.
        self.recorded = None;
        let mut table = TimeTable::start(self.data.p(), &[]);
        self.run_for_p::<false>(beta, Some(&mut table));
        table
    }

    /// Records every distinct exit time at β with its information
    /// contribution (for the proportional-hazards test), and returns the
    /// log-likelihood, score and information there too.
    pub fn record_with_information(&mut self, beta: &[f64]) -> (TimeTable, Derivs) {
        self.recorded = None;
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
        let p = d.p();
        let scores = Scores {
            data: d,
            eta: &self.eta,
            beta,
            risk: &self.risk,
            efron: self.ties == Ties::Efron,
            groups: if P > 0 { self.groups.as_ref() } else { None },
        };
        #[cfg(feature = "parallel")]
        if let (true, None, Some(plan)) = (FULL, &table, &self.plan) {
            return plan.run::<P>(scores, &self.shift);
        }
        let mut acc = Accum::new(p);
        let mut deaths = Sums::new(p);
        let with_info = table.as_ref().is_some_and(|t| t.with_info);
        if let Some(tab) = table.as_deref_mut() {
            tab.restart(p, &self.shift);
            tab.with_info = with_info;
        }
        // The information contribution of one time, when it is recorded.
        let mut inc = vec![0.0; if with_info { p * (p + 1) / 2 } else { 0 }];
        let mut state = RiskSet::new(p, 0);
        for s in 0..self.shift.len() {
            let (lo, hi) = (d.bounds[s], d.bounds[s + 1]);
            let first_record = table.as_ref().map_or(0, |t| t.len());
            state.total.clear();
            (state.n_at_risk, state.w_at_risk, state.next_entry) = (0, 0.0, lo);
            sweep_rows::<FULL, P, false>(
                scores,
                self.shift[s],
                (lo, hi, hi),
                &mut state,
                &mut deaths,
                &mut acc,
                table.as_deref_mut(),
                &mut inc,
            );
            if let Some(tab) = table.as_deref_mut() {
                tab.end_stratum(first_record);
            }
        }
        Derivs {
            loglik: acc.loglik,
            info: unpack(&acc.info, p),
            score: acc.score,
        }
    }
}

/// Whether two coefficient vectors are the same bit for bit (scores
/// computed at one are the scores at the other).
fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// Running maxima of η (see [`scores_one_pass`]).
const LANES: usize = 4;

/// The per-stratum shifts (max η) and the risk scores w·exp(η − shift),
/// row by row on one thread: η = x·β into `eta_all` when the sweep keeps
/// it, else into the risk buffer, exponentiated there.
fn scores_one_pass<const P: usize>(
    d: &CoxData,
    beta: &[f64],
    mut eta_all: Option<&mut [f64]>,
    risk_all: &mut [f64],
    shifts: &mut [f64],
) {
    // A compile-time constant when P > 0, so that the dot product unrolls.
    let p = if P > 0 { P } else { d.p() };
    let x = d.x_values();
    // At β = 0 every η − shift is ±0 (finite covariates), whose exp is 1
    // exactly: the risk scores are the weights, without the exponentials.
    let null = beta.iter().all(|&b| b == 0.0);
    for (s, slot) in shifts.iter_mut().enumerate() {
        let (lo, hi) = (d.bounds[s], d.bounds[s + 1]);
        let rows = &x[lo * p..hi * p];
        let risk = &mut risk_all[lo..hi];
        let mut eta = eta_all.as_deref_mut().map(|e| &mut e[lo..hi]);
        let shift = match eta.as_deref_mut() {
            Some(eta) => eta_and_shift(rows, p, beta, eta),
            None => eta_and_shift(rows, p, beta, risk),
        };
        *slot = shift;
        let weight = d.weight.as_ref().map(|w| &w[lo..hi]);
        match (eta.as_deref(), weight) {
            (_, None) if null => risk.fill(1.0),
            (_, Some(w)) if null => risk.copy_from_slice(w),
            (Some(eta), None) => {
                for (r, &e) in risk.iter_mut().zip(eta) {
                    *r = (e - shift).exp();
                }
            }
            (Some(eta), Some(w)) => {
                for ((r, &e), &w) in risk.iter_mut().zip(eta).zip(w) {
                    *r = w * (e - shift).exp();
                }
            }
            (None, None) => {
                for r in risk.iter_mut() {
                    *r = (*r - shift).exp();
                }
            }
            (None, Some(w)) => {
                for (r, &w) in risk.iter_mut().zip(w) {
                    *r = w * (*r - shift).exp();
                }
            }
        }
    }
}

/// η = x·β of one stratum's `rows` (p values each) into `eta`, and the
/// stratum's shift: its largest η, or 0 when none is finite.
#[inline(always)]
fn eta_and_shift(rows: &[f64], p: usize, beta: &[f64], eta: &mut [f64]) -> f64 {
    // The largest η in four running maxima (four short chains instead
    // of one long one): the same value, and the same bits unless it is
    // ±0, whose sign depends on the order; then the maximum again,
    // row by row in order.
    let mut lanes = [f64::NEG_INFINITY; LANES];
    for (es, rows) in eta.chunks_mut(LANES).zip(rows.chunks(LANES * p)) {
        for ((e, row), lane) in es.iter_mut().zip(rows.chunks_exact(p)).zip(&mut lanes) {
            *e = linear_predictor(row, beta);
            *lane = lane.max(*e);
        }
    }
    let mut shift = lanes.into_iter().fold(f64::NEG_INFINITY, f64::max);
    if shift == 0.0 {
        shift = eta.iter().fold(f64::NEG_INFINITY, |m, &e| m.max(e));
    }
    if shift.is_finite() { shift } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// η of every row at the sweep's β, as bits.
    fn bits_of_eta(sweep: &Sweep) -> Vec<u64> {
        (0..sweep.data.len())
            .map(|k| sweep.eta(k).to_bits())
            .collect()
    }

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
        assert_eq!(bits_of_eta(&reused), bits_of_eta(&fresh));
        assert_eq!(Sweep::new(&data, Ties::Efron).evaluate(&b1), at_b1);
    }

    #[test]
    fn a_table_recorded_by_an_evaluation_is_the_table_of_a_sweep() {
        // 640 rows, 10 distinct times: the evaluations record (on one thread).
        let n = 640;
        let time: Vec<f64> = (0..n).map(|i| ((i * 7) % 10 + 1) as f64).collect();
        let event: Vec<i64> = (0..n).map(|i| i64::from(i % 3 != 0)).collect();
        let x: Vec<f64> = (0..n).map(|i| ((i * 13) % 17) as f64 / 4.0).collect();
        let z: Vec<f64> = (0..n).map(|i| f64::from(i % 5 < 2)).collect();
        for ties in [Ties::Efron, Ties::Breslow] {
            let data = CoxData::builder(time.clone(), event.clone())
                .covariate("x", x.clone())
                .covariate("z", z.clone())
                .build()
                .unwrap();
            let (b1, b2) = (vec![0.2, -0.4], vec![0.1, 0.3]);
            let mut sweep = Sweep::new(&data, ties);
            // With the feature, evaluations split into chunks do not record.
            #[cfg(not(feature = "parallel"))]
            assert!(sweep.records);
            sweep.evaluate(&b2);
            sweep.evaluate(&b1);
            let mut fresh = Sweep::new(&data, ties);
            let expected = fresh.record(&b1);
            assert_eq!(sweep.record(&b1), expected);
            assert_eq!(bits_of_eta(&sweep), bits_of_eta(&fresh));
            // Taken: a second record at β sweeps again, the same table.
            assert_eq!(sweep.record(&b1), expected);
            // At another β than the last evaluation's: a sweep there.
            sweep.evaluate(&b1);
            assert_eq!(sweep.record(&b2), Sweep::new(&data, ties).record(&b2));
        }
    }

    #[test]
    fn recomputed_eta_gives_the_bits_of_a_kept_eta() {
        // Tied times (Efron), weights, strata, one and three covariates.
        let n = 200;
        let time: Vec<f64> = (0..n).map(|i| ((i * 7) % 23 + 1) as f64).collect();
        let event: Vec<i64> = (0..n).map(|i| i64::from(i % 3 != 0)).collect();
        let col =
            |m: usize| -> Vec<f64> { (0..n).map(|i| ((i * m) % 17) as f64 / 3.0 - 2.0).collect() };
        for p in [1, 3] {
            let mut b = CoxData::builder(time.clone(), event.clone())
                .weights((0..n).map(|i| 0.5 + (i % 4) as f64).collect())
                .strata((0..n).map(|i| format!("s{}", i % 2)).collect());
            for j in 0..p {
                b = b.covariate(&format!("x{j}"), col(5 + 2 * j));
            }
            let data = b.build().unwrap();
            let beta: Vec<f64> = (0..p).map(|j| 0.3 - 0.2 * j as f64).collect();
            for ties in [Ties::Efron, Ties::Breslow] {
                let mut kept = Sweep::keeping_eta(&data, ties, true);
                let mut recomputed = Sweep::keeping_eta(&data, ties, false);
                assert!(recomputed.eta.is_empty());
                let (a, b) = (kept.evaluate(&beta), recomputed.evaluate(&beta));
                assert_eq!(a.loglik.to_bits(), b.loglik.to_bits());
                assert_eq!(a, b);
                assert_eq!(kept.record(&beta), recomputed.record(&beta));
                assert_eq!(bits_of_eta(&kept), bits_of_eta(&recomputed));
                let bits = |v: Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(kept.into_eta(&beta)), bits(recomputed.into_eta(&beta)));
            }
        }
    }

    /// `n` seeded rows: whole-number times (heavy ties), three strata,
    /// weights, optionally entry times, three covariates.
    #[cfg(feature = "parallel")]
    fn seeded(n: usize, entries: bool) -> CoxData {
        let mut state = 7_u64;
        let mut unif = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 + 0.5) / (1_u64 << 53) as f64
        };
        let mut cols = vec![Vec::new(); 8];
        for _ in 0..n {
            let time = (1.0 + 300.0 * unif()).floor();
            let row = [
                time,
                f64::from(unif() < 0.7),
                (time * unif()).floor().min(time - 0.5),
                0.5 + unif(),
                (3.0 * unif()).floor(),
                unif() - 0.5,
                f64::from(unif() < 0.4),
                20.0 + (60.0 * unif()).floor(),
            ];
            for (c, v) in cols.iter_mut().zip(row) {
                c.push(v);
            }
        }
        let b = CoxData::builder(cols[0].clone(), cols[1].iter().map(|&e| e as i64).collect())
            .weights(cols[3].clone())
            .strata(cols[4].iter().map(|s| format!("s{s}")).collect())
            .covariate("x", cols[5].clone())
            .covariate("z", cols[6].clone())
            .covariate("age", cols[7].clone());
        let b = if entries { b.entry(cols[2].clone()) } else { b };
        b.build().unwrap()
    }

    /// At β = 0 the risk scores are the weights (or 1) without calling
    /// exp: the same bits as w·exp(η − shift) computed, with and without
    /// weights and with η kept or not.
    #[test]
    fn risk_scores_at_zero_are_the_computed_ones() {
        let n = 50;
        let time: Vec<f64> = (0..n).map(|i| ((i * 7) % 11 + 1) as f64).collect();
        let event: Vec<i64> = (0..n).map(|i| i64::from(i % 3 != 0)).collect();
        let x: Vec<f64> = (0..n).map(|i| ((i * 5) % 9) as f64 - 4.0).collect();
        for weighted in [false, true] {
            let mut b = CoxData::builder(time.clone(), event.clone())
                .strata((0..n).map(|i| format!("s{}", i % 2)).collect())
                .covariate("x", x.clone());
            if weighted {
                b = b.weights((0..n).map(|i| 0.25 + (i % 4) as f64).collect());
            }
            let data = b.build().unwrap();
            for keep in [false, true] {
                let mut eta = vec![0.0; n];
                let (mut risk, mut shift) = (vec![0.0; n], vec![0.0; 2]);
                let eta_buffer = keep.then_some(&mut eta[..]);
                scores_one_pass::<1>(&data, &[0.0], eta_buffer, &mut risk, &mut shift);
                let computed: Vec<u64> = (0..n)
                    .map(|k| {
                        let s = usize::from(k >= data.bounds[1]);
                        (data.weight(k) * (0.0 * data.x_values()[k] - shift[s]).exp()).to_bits()
                    })
                    .collect();
                let bits: Vec<u64> = risk.iter().map(|r| r.to_bits()).collect();
                assert_eq!(bits, computed, "weighted {weighted}, η kept {keep}");
            }
        }
    }

    /// The chunked evaluations with one covariate, η kept or recomputed
    /// (the buffer a sweep with one covariate does without): the same bits.
    #[cfg(feature = "parallel")]
    #[test]
    fn chunked_evaluation_without_an_eta_buffer_gives_the_same_bits() {
        let full = seeded(3000, true);
        let data = CoxData::builder(
            full.exit.clone(),
            full.event.iter().map(|&e| i64::from(e)).collect(),
        )
        .entry(full.entry.clone().unwrap())
        .weights(full.weight.clone().unwrap())
        .covariate("x", full.x.column(0).to_vec())
        .build()
        .unwrap();
        for ties in [Ties::Efron, Ties::Breslow] {
            let mut kept = Sweep::keeping_eta(&data, ties, true);
            let mut recomputed = Sweep::keeping_eta(&data, ties, false);
            assert!(recomputed.plan.as_ref().is_some_and(|p| p.len() > 3));
            let beta = [0.37];
            let (a, b) = (kept.evaluate(&beta), recomputed.evaluate(&beta));
            assert_eq!(a.loglik.to_bits(), b.loglik.to_bits());
            assert_eq!(a, b);
            assert_eq!(bits_of_eta(&kept), bits_of_eta(&recomputed));
            assert_eq!(kept.record(&beta), recomputed.record(&beta));
        }
    }

    #[cfg(feature = "parallel")]
    #[test]
    fn chunked_evaluation_matches_the_one_pass_sweep() {
        for (entries, ties) in [
            (false, Ties::Efron),
            (true, Ties::Efron),
            (true, Ties::Breslow),
        ] {
            let data = seeded(3000, entries);
            let mut sweep = Sweep::new(&data, ties);
            assert!(sweep.plan.as_ref().is_some_and(|p| p.len() > 3));
            let beta = [0.4, -0.3, 0.02];
            let chunked = sweep.evaluate(&beta);
            let (_, one_pass) = sweep.record_with_information(&beta);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
            assert!(close(chunked.loglik, one_pass.loglik));
            assert!(
                chunked
                    .score
                    .iter()
                    .zip(&one_pass.score)
                    .all(|(a, b)| close(*a, *b))
            );
            assert!(
                chunked
                    .info
                    .iter()
                    .zip(&one_pass.info)
                    .all(|(a, b)| close(*a, *b))
            );
            // The risk scores in blocks: the same bits as row by row.
            let (mut eta, mut risk, mut shift) = (vec![0.0; 3000], vec![0.0; 3000], vec![0.0; 3]);
            scores_one_pass::<3>(&data, &beta, Some(&mut eta), &mut risk, &mut shift);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&sweep.eta), bits(&eta));
            // η in the risk buffer itself (a sweep keeping none), on one
            // thread and in blocks: the same bits again.
            let (mut risk1, mut shift1) = (vec![0.0; 3000], vec![0.0; 3]);
            scores_one_pass::<3>(&data, &beta, None, &mut risk1, &mut shift1);
            let (mut risk2, mut shift2) = (vec![0.0; 3000], vec![0.0; 3]);
            assert!(super::super::sweep_chunks::risk_scores::<3>(
                &data,
                &beta,
                None,
                &mut risk2,
                &mut shift2
            ));
            assert_eq!(bits(&risk1), bits(&risk));
            assert_eq!(bits(&risk2), bits(&risk));
            assert_eq!(bits(&shift1), bits(&shift));
            assert_eq!(bits(&shift2), bits(&shift));
            assert_eq!(bits(&sweep.risk), bits(&risk));
            assert_eq!(bits(&sweep.shift), bits(&shift));
        }
    }
}
