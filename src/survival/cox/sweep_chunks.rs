//! The Newton evaluations of the reverse-time sweep on several cores
//! (feature `parallel`), with results that do not depend on the number of
//! threads.
//!
//! The sorted rows of each stratum are cut into chunks of a fixed size that
//! depends only on n (at least [`MIN_CHUNK`] rows, at most [`MAX_CHUNKS`]
//! chunks; a cut moves forward to the next change of exit time, so tied
//! times stay together). A risk set is a cumulative sum over time in
//! reverse, so the sweep runs in two parallel passes:
//!
//! 1. each chunk sums what it adds to (and, with entry times, removes from)
//!    Σ r and Σ r·x of the risk set;
//! 2. the sums at the start of each chunk are these chunk totals added in
//!    chunk order (one thread, a few dozen additions), and each chunk then
//!    runs the ordinary walk ([`sweep_rows`]) from them, with Σ r·x·xᵀ
//!    from zero: the information it misses, C₀·Σ w·s₁₀ (C₀ the Σ r·x·xᵀ of
//!    the rows of earlier chunks still at risk), is linear in C₀, so the
//!    walk only sums the scalar Σ w·s₁₀, and C₀ is built afterwards from the
//!    chunks' own Σ r·x·xᵀ, in chunk order. The p² sums are thus taken
//!    once per row, as on one thread; the first pass costs O(p) per row.
//!    The chunks' log-likelihoods, scores and information matrices are
//!    added in chunk order.
//!
//! Every sum is taken in an order fixed by the data, so the results are
//! the same bits for any thread count (they differ from the one-pass sweep
//! by rounding only: the running sums are added in another order). The
//! risk scores exp(x·β) are computed row by row in blocks, bit-identical
//! to the one-pass sweep.

use rayon::prelude::*;

use super::data::CoxData;
use super::risk_sums::{Accum, RiskSet, Scores, Sums, linear_predictor, sweep_rows, unpack};
use crate::num::newton::Derivs;

/// Fewest rows of a chunk (smaller data are swept in one pass). Small,
/// so that the R parity fixtures (a few hundred rows) run in chunks too.
const MIN_CHUNK: usize = 64;
/// Most chunks (more only add combining work).
const MAX_CHUNKS: usize = 64;
/// Rows per block of the risk scores.
const SCORE_BLOCK: usize = 1024;

/// One chunk: sorted rows `start..end` of a stratum, with the sweep's
/// counters when it reaches the chunk.
#[derive(Debug, Clone)]
struct Chunk {
    stratum: usize,
    start: usize,
    end: usize,
    /// The first row, in the stratum's entry order, still at risk.
    next_entry: usize,
    /// Rows at risk.
    n_at_risk: usize,
}

/// The chunks of one data set (fixed by the data alone).
#[derive(Debug, Clone)]
pub(super) struct ChunkPlan {
    chunks: Vec<Chunk>,
}

impl ChunkPlan {
    /// The chunks of `data`, or none when no stratum is split (the
    /// one-pass sweep then runs).
    pub fn new(data: &CoxData) -> Option<Self> {
        let n = data.len();
        let size = MIN_CHUNK.max(n.div_ceil(MAX_CHUNKS));
        let strata = data.bounds.len() - 1;
        let mut chunks = Vec::new();
        for s in 0..strata {
            let (lo, hi) = (data.bounds[s], data.bounds[s + 1]);
            let mut start = lo;
            while start < hi {
                let mut end = ((start / size + 1) * size).min(hi);
                while end < hi && data.exit[end] == data.exit[end - 1] {
                    end += 1;
                }
                let (next_entry, n_at_risk) = match (&data.entry_order, &data.entry) {
                    (Some(order), Some(entry)) if start > lo => {
                        // Rows leave once time reaches their entry: after the
                        // previous chunk's last time, those entered at or after it.
                        let t = data.exit[start - 1];
                        let left = order[lo..hi].partition_point(|&m| entry[m as usize] >= t);
                        (lo + left, start - lo - left)
                    }
                    _ => (lo, start - lo),
                };
                chunks.push(Chunk {
                    stratum: s,
                    start,
                    end,
                    next_entry,
                    n_at_risk,
                });
                start = end;
            }
        }
        (chunks.len() > strata).then_some(ChunkPlan { chunks })
    }

    /// Number of chunks.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    /// Log-likelihood, score and information at the scores' β (see the
    /// module documentation).
    pub fn run<const P: usize>(&self, scores: Scores<'_>, shift: &[f64]) -> Derivs {
        let d = scores.data;
        let p = d.p();
        let chunks = &self.chunks;
        let last_of_stratum = |i: usize| {
            chunks
                .get(i + 1)
                .is_none_or(|c| c.stratum != chunks[i].stratum)
        };
        // Pass 1: what each chunk adds to Σ r and Σ r·x (the last chunk of
        // a stratum starts no other).
        let effects: Vec<Option<Effect>> = chunks
            .par_iter()
            .enumerate()
            .map(|(i, c)| (!last_of_stratum(i)).then(|| effect::<P>(scores, c)))
            .collect();
        // Σ r and Σ r·x at the start of each chunk, in chunk order.
        let mut starts = Vec::with_capacity(chunks.len());
        let mut sums = Sums::new(p);
        for (c, e) in chunks.iter().zip(&effects) {
            if c.start == d.bounds[c.stratum] {
                sums.clear();
            }
            starts.push(sums.clone());
            if let Some(e) = e {
                if e.reset {
                    sums.clone_from(&e.sums);
                } else {
                    sums.absorb::<false>(&e.sums);
                }
            }
        }
        // Pass 2: each chunk's walk from its start, Σ r·x·xᵀ from zero.
        let parts: Vec<(Accum, RiskSet)> = chunks
            .par_iter()
            .zip(starts)
            .map(|(c, total)| {
                let mut state = RiskSet {
                    total,
                    n_at_risk: c.n_at_risk,
                    ..RiskSet::new(p, c.next_entry)
                };
                let mut deaths = Sums::new(p);
                let mut acc = Accum::new(p);
                let hi = d.bounds[c.stratum + 1];
                sweep_rows::<true, P, true>(
                    scores,
                    shift[c.stratum],
                    (c.start, c.end, hi),
                    &mut state,
                    &mut deaths,
                    &mut acc,
                    None,
                    &mut [],
                );
                (acc, state)
            })
            .collect();
        // In chunk order: each part, then the information of the Σ r·x·xᵀ
        // its stratum's earlier chunks left in the risk set (`before`).
        let mut acc = Accum::new(p);
        let mut before = vec![0.0; p * (p + 1) / 2];
        for (c, (part, state)) in chunks.iter().zip(&parts) {
            if c.start == d.bounds[c.stratum] {
                before.fill(0.0);
            }
            acc.loglik += part.loglik;
            for (a, b) in acc.score.iter_mut().zip(&part.score) {
                *a += b;
            }
            for ((a, b), c0) in acc.info.iter_mut().zip(&part.info).zip(&before) {
                *a += b;
                *a += c0 * state.c_weight;
            }
            if state.emptied {
                before.copy_from_slice(&state.total.c);
            } else {
                for (b, c) in before.iter_mut().zip(&state.total.c) {
                    *b += c;
                }
            }
        }
        Derivs {
            loglik: acc.loglik,
            info: unpack(&acc.info, p),
            score: acc.score,
        }
    }
}

/// What one chunk does to Σ r and Σ r·x: adds `sums` to them, or, when
/// the risk set empties within the chunk (`reset`, entry times only),
/// replaces them by `sums`.
#[derive(Debug)]
struct Effect {
    reset: bool,
    sums: Sums,
}

fn effect<const P: usize>(scores: Scores<'_>, c: &Chunk) -> Effect {
    let d = scores.data;
    let p = if P > 0 { P } else { d.p() };
    let x = d.x_values();
    let row = |k: usize| &x[k * p..(k + 1) * p];
    let mut sums = Sums::new(p);
    let mut reset = false;
    match (&d.entry_order, &d.entry) {
        (Some(order), Some(entry)) => {
            let hi = d.bounds[c.stratum + 1];
            let (mut n_at_risk, mut next) = (c.n_at_risk, c.next_entry);
            let mut k = c.start;
            // The same steps as the walk: a time's rows join, then the rows
            // entered at or after that time leave.
            while k < c.end {
                let t = d.exit[k];
                while k < c.end && d.exit[k] == t {
                    sums.add::<false, P>(scores.risk[k], row(k));
                    n_at_risk += 1;
                    k += 1;
                }
                while next < hi && entry[order[next] as usize] >= t {
                    let m = order[next] as usize;
                    sums.add::<false, P>(-scores.risk[m], row(m));
                    n_at_risk -= 1;
                    next += 1;
                }
                if n_at_risk == 0 {
                    sums.clear();
                    reset = true;
                }
            }
        }
        _ => {
            for k in c.start..c.end {
                sums.add::<false, P>(scores.risk[k], row(k));
            }
        }
    }
    Effect { reset, sums }
}

/// η = x·β (into `eta` when the sweep keeps it, else into the risk
/// buffer), the per-stratum shifts (max η) and the risk scores
/// w·exp(η − shift) in blocks of rows on several threads, the same bits as
/// one thread. False (nothing done) for data below two blocks.
pub(super) fn risk_scores<const P: usize>(
    d: &CoxData,
    beta: &[f64],
    mut eta: Option<&mut [f64]>,
    risk: &mut [f64],
    shift: &mut [f64],
) -> bool {
    if d.len() < 2 * SCORE_BLOCK {
        return false;
    }
    // A compile-time constant when P > 0, so that the dot product unrolls.
    let p = if P > 0 { P } else { d.p() };
    let x = d.x_values();
    let target: &mut [f64] = match eta.as_deref_mut() {
        Some(eta) => eta,
        None => risk,
    };
    target
        .par_chunks_mut(SCORE_BLOCK)
        .zip(x.par_chunks(SCORE_BLOCK * p))
        .for_each(|(eta, x)| {
            for (e, row) in eta.iter_mut().zip(x.chunks_exact(p)) {
                *e = linear_predictor(row, beta);
            }
        });
    for (s, sh) in shift.iter_mut().enumerate() {
        let mut m = f64::NEG_INFINITY;
        for &e in &target[d.bounds[s]..d.bounds[s + 1]] {
            m = m.max(e);
        }
        *sh = if m.is_finite() { m } else { 0.0 };
    }
    let shift = &*shift;
    let eta = eta.as_deref();
    risk.par_chunks_mut(SCORE_BLOCK)
        .enumerate()
        .for_each(|(b, risk)| {
            let first = b * SCORE_BLOCK;
            let mut s = d.bounds.partition_point(|&lo| lo <= first) - 1;
            for (i, r) in risk.iter_mut().enumerate() {
                let k = first + i;
                while k >= d.bounds[s + 1] {
                    s += 1;
                }
                // η from its buffer, or already in the risk buffer
                let e = eta.map_or(*r, |eta| eta[k]) - shift[s];
                *r = match &d.weight {
                    None => e.exp(),
                    Some(w) => w[k] * e.exp(),
                };
            }
        });
    true
}
