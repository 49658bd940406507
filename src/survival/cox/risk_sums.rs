//! The running risk-set sums and the reverse-time walk over a range of
//! sorted rows, shared by the one-pass sweep ([`super::sweep`]) and, with
//! the `parallel` feature, its chunked form ([`super::sweep_chunks`]).
//!
//! Rows are sorted by decreasing exit time, so walking them in order adds
//! each row to the running sums (Σ r, Σ r·x, Σ r·x·xᵀ with r = w·exp(η))
//! when time passes its exit; with entry times, a second pointer walks the
//! rows by decreasing entry and removes a row once time reaches its entry
//! (a row is at risk on (entry, exit]). At each distinct exit time with
//! events the tie correction reduces to scalar sums ([`TieSums`]).

use super::data::CoxData;
use super::table::TimeTable;
use super::ties::TieSums;

/// Running sums over a set of rows: Σ r, Σ r·x and, when `FULL`, Σ r·x·xᵀ
/// (upper triangle, packed by rows).
#[derive(Debug, Clone)]
pub(super) struct Sums {
    pub denom: f64,
    pub a: Vec<f64>,
    pub c: Vec<f64>,
}

impl Sums {
    pub fn new(p: usize) -> Self {
        Sums {
            denom: 0.0,
            a: vec![0.0; p],
            c: vec![0.0; p * (p + 1) / 2],
        }
    }

    pub fn clear(&mut self) {
        self.denom = 0.0;
        self.a.fill(0.0);
        self.c.fill(0.0);
    }

    /// Adds r·(1, x, x·xᵀ). `P` is the number of covariates when known at
    /// compile time (the loops then unroll), 0 otherwise.
    #[inline(always)]
    pub fn add<const FULL: bool, const P: usize>(&mut self, r: f64, x: &[f64]) {
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

    pub fn absorb<const FULL: bool>(&mut self, other: &Sums) {
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

/// η = x·β of one row: the products summed in order (every place that
/// needs η computes it here, so that it has the same bits everywhere).
#[inline(always)]
pub(super) fn linear_predictor(row: &[f64], beta: &[f64]) -> f64 {
    row.iter().zip(beta).map(|(a, b)| a * b).sum()
}

/// η = x·β of every row, in sorted order, into `eta` (resized to n).
pub(super) fn linear_predictors(d: &CoxData, beta: &[f64], eta: &mut Vec<f64>) {
    let p = d.p();
    let x = d.x_values();
    eta.resize(d.len(), 0.0);
    if p == 0 {
        eta.fill(linear_predictor(&[], beta));
        return;
    }
    for (e, row) in eta.iter_mut().zip(x.chunks_exact(p)) {
        *e = linear_predictor(row, beta);
    }
}

/// What a sweep reads: the data in sorted order with β, η = x·β (or
/// nothing, when the sweep does not keep it) and the risk scores
/// r = w·exp(η − shift) at β.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scores<'a> {
    pub data: &'a CoxData,
    pub eta: &'a [f64],
    pub beta: &'a [f64],
    pub risk: &'a [f64],
    pub efron: bool,
    /// The rows of each exit time (when the walk has a compile-time
    /// number of covariates, which reads them).
    pub groups: Option<&'a TimeGroups>,
}

impl Scores<'_> {
    /// η of row `k`, whose covariates are `x`: from the kept buffer, or
    /// recomputed (the same bits).
    #[inline(always)]
    pub fn eta(&self, k: usize, x: &[f64]) -> f64 {
        match self.eta.get(k) {
            Some(&e) => e,
            None => linear_predictor(x, self.beta),
        }
    }
}

/// The rows of each exit time of each stratum, fixed by the data alone, so
/// found once for all the sweeps of a fit: where each time's rows start,
/// and its rows with the events first (each part in sorted order).
#[derive(Debug, Clone)]
pub(super) struct TimeGroups {
    /// The first row of each time, then n.
    starts: Vec<u32>,
    /// The number of events of each time.
    events: Vec<u32>,
    rows: Vec<u32>,
}

impl TimeGroups {
    /// The number of distinct exit times (over all strata).
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn new(d: &CoxData) -> Self {
        let n = d.len();
        let (mut starts, mut counts) = (Vec::new(), Vec::new());
        let mut rows = vec![0_u32; n];
        for s in 0..d.bounds.len() - 1 {
            let (lo, hi) = (d.bounds[s], d.bounds[s + 1]);
            let mut k = lo;
            while k < hi {
                let t = d.exit[k];
                let mut stop = k + 1;
                while stop < hi && d.exit[stop] == t {
                    stop += 1;
                }
                let events = d.event[k..stop].iter().filter(|&&e| e).count();
                let (mut e, mut c) = (k, k + events);
                for m in k..stop {
                    let at = if d.event[m] { &mut e } else { &mut c };
                    rows[*at] = m as u32;
                    *at += 1;
                }
                starts.push(k as u32);
                counts.push(events as u32);
                k = stop;
            }
        }
        starts.push(n as u32);
        TimeGroups {
            starts,
            events: counts,
            rows,
        }
    }
}

/// The state of a sweep between two distinct exit times: the risk-set
/// sums, the rows at risk (count and weight) and the next row (in entry
/// order) to leave the risk set.
#[derive(Debug, Clone)]
pub(super) struct RiskSet {
    pub total: Sums,
    pub n_at_risk: usize,
    pub w_at_risk: f64,
    pub next_entry: usize,
    /// Split walks only (see [`sweep_rows`]): Σ w·s₁₀ over the event times
    /// while the sums Σ r·x·xᵀ of the rows before the walk were still in
    /// the risk set, and whether the risk set emptied (they then left it).
    pub c_weight: f64,
    pub emptied: bool,
}

impl RiskSet {
    /// An empty risk set of `p` covariates, the entry pointer at `next_entry`.
    pub fn new(p: usize, next_entry: usize) -> Self {
        RiskSet {
            total: Sums::new(p),
            n_at_risk: 0,
            w_at_risk: 0.0,
            next_entry,
            c_weight: 0.0,
            emptied: false,
        }
    }
}

/// Log-likelihood, score and packed information being accumulated.
#[derive(Debug, Clone)]
pub(super) struct Accum {
    pub loglik: f64,
    pub score: Vec<f64>,
    pub info: Vec<f64>,
}

impl Accum {
    pub fn new(p: usize) -> Self {
        Accum {
            loglik: 0.0,
            score: vec![0.0; p],
            info: vec![0.0; p * (p + 1) / 2],
        }
    }
}

/// The rows `start..end` of a stratum whose rows end at `hi` (`end` at a
/// change of exit time), from `state` on: adds each row's terms and each
/// event time's to `acc`, records the times in `table` when given (`inc`
/// holds one time's information contribution when the table records it).
/// `deaths` is scratch space of p covariates.
///
/// `SPLIT`: the walk starts from the true Σ r and Σ r·x but from zero
/// Σ r·x·xᵀ (the rows before it are not summed there): the information
/// then lacks C₀·Σ w·s₁₀ for the start's Σ r·x·xᵀ = C₀, and the walk
/// accumulates that Σ w·s₁₀ in `state.c_weight` (until the risk set
/// empties, when the rows before the walk have left it).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) fn sweep_rows<const FULL: bool, const P: usize, const SPLIT: bool>(
    s: Scores<'_>,
    shift: f64,
    (start, end, hi): (usize, usize, usize),
    state: &mut RiskSet,
    deaths: &mut Sums,
    acc: &mut Accum,
    mut table: Option<&mut TimeTable>,
    inc: &mut [f64],
) {
    let d = s.data;
    // A compile-time constant when P > 0, so that the loops unroll.
    let p = if P > 0 { P } else { d.p() };
    let x = d.x_values();
    let row = |k: usize| &x[k * p..(k + 1) * p];
    let with_info = !inc.is_empty();
    let mut k = start;
    let mut deaths_used = true;
    // The time group of `k` (the walk starts at a change of exit time).
    let mut group = s
        .groups
        .map_or(0, |g| g.starts.partition_point(|&v| (v as usize) <= start));
    group = group.saturating_sub(1);
    while k < end {
        // The time is read only where it is used (the entry walk, the
        // table, the walk without groups): at the start of a time group
        // the read is a cache miss, which the evaluations skip.
        let first = k;
        if deaths_used {
            deaths.clear();
        }
        // With a compile-time number of covariates (P > 0), the time's rows
        // events first and its number of events, from [`TimeGroups`].
        let (stop, time) = match s.groups {
            Some(groups) => {
                let stop = groups.starts[group + 1] as usize;
                let time = (&groups.rows[k..stop], groups.events[group] as usize);
                group += 1;
                (stop, Some(time))
            }
            None => {
                let t = d.exit[k];
                let mut stop = k + 1;
                while stop < end && d.exit[stop] == t {
                    stop += 1;
                }
                (stop, None)
            }
        };
        debug_assert!(stop <= end, "a walk ends at a change of exit time");
        let (nd, dw, wc) = if let Some(time) = time {
            time_rows::<FULL, P>(s, shift, k..stop, time, state, deaths, acc)
        } else {
            let (loglik, score) = (&mut acc.loglik, &mut acc.score);
            let total = &mut state.total;
            let (mut nd, mut dw, mut wc) = (0_usize, 0.0, 0.0);
            for k in k..stop {
                let w = d.weight(k);
                state.n_at_risk += 1;
                state.w_at_risk += w;
                if d.event[k] {
                    deaths.add::<FULL, P>(s.risk[k], row(k));
                    nd += 1;
                    dw += w;
                    *loglik += w * (s.eta(k, row(k)) - shift);
                    for (u, &xj) in score.iter_mut().zip(row(k)) {
                        *u += w * xj;
                    }
                } else {
                    total.add::<FULL, P>(s.risk[k], row(k));
                    wc += w;
                }
            }
            (nd, dw, wc)
        };
        k = stop;
        let (loglik, score, info) = (&mut acc.loglik, &mut acc.score, &mut acc.info);
        let total = &mut state.total;
        deaths_used = nd > 0;
        if deaths_used {
            total.absorb::<FULL>(deaths);
        }
        if let (Some(order), Some(entry)) = (&d.entry_order, &d.entry) {
            let t = d.exit[first];
            while state.next_entry < hi && entry[order[state.next_entry] as usize] >= t {
                let m = order[state.next_entry] as usize;
                total.add::<FULL, P>(-s.risk[m], row(m));
                state.n_at_risk -= 1;
                state.w_at_risk -= d.weight(m);
                state.next_entry += 1;
            }
            if state.n_at_risk == 0 {
                // Exact zeros instead of the round-off of the removals.
                total.clear();
                state.w_at_risk = 0.0;
                state.emptied = true;
            }
        }
        if let Some(tab) = table.as_deref_mut() {
            tab.push_time(d.exit[first], state.w_at_risk, dw, wc);
        }
        if nd == 0 || dw == 0.0 {
            continue;
        }
        let tie = TieSums::new(total.denom, deaths.denom, nd, dw, s.efron);
        let w = tie.weight;
        if SPLIT && !state.emptied {
            state.c_weight += w * tie.s10;
        }
        *loglik -= w * tie.ln_sum;
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
                    let outer = a[j] * a[l] * tie.s20 - (a[j] * ea[l] + ea[j] * a[l]) * tie.s21
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
                tab.set_information(&inc[..]);
            }
        }
    }
}

/// The rows `rows` of one exit time (`time`: the same rows with the events first, as
/// [`TimeGroups`] keeps them, and its number of events), for the sums with
/// a compile-time number of covariates: each kind is summed in a loop of
/// its own, without a branch per row, into running sums held in registers
/// ([`Local`]). Each sum still takes its rows in sorted order, so the
/// results are the same bits as row by row. Adds the censored rows to the
/// risk set, the events to `deaths` (empty on entry), the events' terms to
/// the log-likelihood and score; counts the rows at risk. Returns the
/// number of events, their weight and the censored rows' weight.
#[inline(always)]
fn time_rows<const FULL: bool, const P: usize>(
    s: Scores<'_>,
    shift: f64,
    rows: std::ops::Range<usize>,
    (sorted, n_events): (&[u32], usize),
    state: &mut RiskSet,
    deaths: &mut Sums,
    acc: &mut Accum,
) -> (usize, f64, f64) {
    let d = s.data;
    let x = d.x_values();
    // Cannot fail: P > 0 is the data's own width, so every row has P values.
    let row = |k: usize| -> &[f64; P] { x[k * P..(k + 1) * P].try_into().expect("P values") };
    let len = sorted.len();
    let (events, censored) = sorted.split_at(n_events);
    let (ne, nc) = (events.len(), censored.len());
    let (dw, wc) = match &d.weight {
        // Sums of ones: whole numbers, exact in any order.
        None => {
            state.w_at_risk += len as f64;
            (ne as f64, nc as f64)
        }
        Some(weight) => {
            // In row order; adding +0 leaves a sum as it is (none of
            // these sums is −0).
            let (mut dw, mut wc) = (0.0, 0.0);
            for k in rows {
                let w = weight[k];
                state.w_at_risk += w;
                // w or +0 by a mask of the bits (a select, not a branch).
                let mask = u64::from(d.event[k]).wrapping_neg();
                dw += f64::from_bits(w.to_bits() & mask);
                wc += f64::from_bits(w.to_bits() & !mask);
            }
            (dw, wc)
        }
    };
    state.n_at_risk += len;
    // The events first: most rows, read nearly in order, which brings
    // the time's rows into the caches for the censored ones.
    let mut sums = Local::<P>::load(deaths);
    let mut loglik = acc.loglik;
    // Cannot fail: `score` holds P values when P > 0.
    let mut score: [f64; P] = acc.score[..].try_into().expect("P scores");
    for &k in events {
        let k = k as usize;
        let x = row(k);
        sums.add::<FULL>(s.risk[k], x);
        let w = d.weight(k);
        loglik += w * (s.eta(k, x) - shift);
        for (u, &xj) in score.iter_mut().zip(x) {
            *u += w * xj;
        }
    }
    sums.store(deaths);
    acc.loglik = loglik;
    acc.score.copy_from_slice(&score);
    let mut sums = Local::<P>::load(&state.total);
    for &k in censored {
        let k = k as usize;
        sums.add::<FULL>(s.risk[k], row(k));
    }
    sums.store(&mut state.total);
    (ne, dw, wc)
}

/// [`Sums`] of P covariates as local values (kept in registers): Σ r,
/// Σ r·x and the upper triangle of Σ r·x·xᵀ (the lower one unused).
struct Local<const P: usize> {
    denom: f64,
    a: [f64; P],
    c: [[f64; P]; P],
}

impl<const P: usize> Local<P> {
    #[inline(always)]
    fn load(sums: &Sums) -> Self {
        let mut local = Local {
            denom: sums.denom,
            a: [0.0; P],
            c: [[0.0; P]; P],
        };
        local.a.copy_from_slice(&sums.a[..P]);
        let mut idx = 0;
        for j in 0..P {
            for l in j..P {
                local.c[j][l] = sums.c[idx];
                idx += 1;
            }
        }
        local
    }

    #[inline(always)]
    fn store(&self, sums: &mut Sums) {
        sums.denom = self.denom;
        sums.a[..P].copy_from_slice(&self.a);
        let mut idx = 0;
        for j in 0..P {
            for l in j..P {
                sums.c[idx] = self.c[j][l];
                idx += 1;
            }
        }
    }

    /// Adds r·(1, x, x·xᵀ), each term formed as in [`Sums::add`].
    #[inline(always)]
    fn add<const FULL: bool>(&mut self, r: f64, x: &[f64; P]) {
        self.denom += r;
        for j in 0..P {
            let rx = r * x[j];
            self.a[j] += rx;
            if FULL {
                for (c, xl) in self.c[j][j..].iter_mut().zip(&x[j..]) {
                    *c += rx * xl;
                }
            }
        }
    }
}

/// The packed upper triangle as a full p × p row-major matrix.
pub(super) fn unpack(info: &[f64], p: usize) -> Vec<f64> {
    let mut full = vec![0.0; p * p];
    let mut idx = 0;
    for j in 0..p {
        for l in j..p {
            full[j * p + l] = info[idx];
            full[l * p + j] = info[idx];
            idx += 1;
        }
    }
    full
}
