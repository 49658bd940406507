//! Harrell's concordance of the linear predictor, as R's `coxph` reports it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::data::CoxData;

/// Concordance of the risk score with the event times (R's
/// `coxph(...)$concordance`, without its standard error).
///
/// A pair is comparable when one row has an event at t while the other is
/// at risk at t and has no event at t (a censoring at t counts as longer;
/// with entry times the other must have entered before t), within a
/// stratum. It is concordant when the row with the event has the higher
/// risk score. Counts are weighted by the product of the case weights.
/// Value: (concordant + tied_risk/2) / (concordant + discordant + tied_risk).
///
/// # Example
/// ```
/// use return_migration::survival::{CoxData, CoxPh};
/// let d = CoxData::builder(vec![1., 2., 3., 4., 5.], vec![1, 1, 0, 1, 1])
///     .covariate("x", vec![3., 1., 2., 2., 0.]).build()?;
/// let c = CoxPh::new().fit(&d)?.concordance;
/// assert_eq!(c.concordant + c.discordant + c.tied_risk, 8.0);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concordance {
    /// Weighted number of concordant pairs.
    pub concordant: f64,
    /// Weighted number of discordant pairs.
    pub discordant: f64,
    /// Comparable pairs with equal risk scores (R's `tied.x`).
    pub tied_risk: f64,
    /// Pairs of events at the same time with different risk scores (`tied.y`).
    pub tied_time: f64,
    /// Pairs of events at the same time with equal risk scores (`tied.xy`).
    pub tied_both: f64,
    /// The concordance index.
    pub value: f64,
}

impl fmt::Display for Concordance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "concordance {:.4} (concordant {}, discordant {}, tied risk {}, tied time {})",
            self.value, self.concordant, self.discordant, self.tied_risk, self.tied_time
        )
    }
}

/// A Fenwick tree of weights over risk-score ranks.
struct Fenwick {
    tree: Vec<f64>,
    total: f64,
}

impl Fenwick {
    fn new(n: usize) -> Self {
        Fenwick {
            tree: vec![0.0; n + 1],
            total: 0.0,
        }
    }

    fn add(&mut self, rank: usize, w: f64) {
        self.total += w;
        let mut i = rank + 1;
        while i < self.tree.len() {
            self.tree[i] += w;
            i += i & i.wrapping_neg();
        }
    }

    /// Sets every node that an `add` at `rank` touches back to zero.
    fn clear(&mut self, rank: usize) {
        let mut i = rank + 1;
        while i < self.tree.len() {
            self.tree[i] = 0.0;
            i += i & i.wrapping_neg();
        }
        self.total = 0.0;
    }

    /// Total weight of ranks below `rank`.
    fn below(&self, rank: usize) -> f64 {
        let (mut i, mut s) = (rank, 0.0);
        while i > 0 {
            s += self.tree[i];
            i &= i - 1;
        }
        s
    }
}

/// Ranks of the risk scores (equal values share a rank) and their count.
fn ranks(eta: &[f64]) -> (Vec<u32>, usize) {
    // Order-preserving integer keys of f64 (−0.0 folded into 0.0).
    let key = |v: f64| {
        let b = (v + 0.0).to_bits();
        if b >> 63 == 1 { !b } else { b | (1 << 63) }
    };
    let mut keys: Vec<u128> = eta
        .iter()
        .enumerate()
        .map(|(k, &v)| ((key(v) as u128) << 32) | k as u128)
        .collect();
    keys.sort_unstable();
    let mut rank = vec![0_u32; eta.len()];
    let mut r = 0_u32;
    for (i, &k) in keys.iter().enumerate() {
        if i > 0 && (k >> 32) != (keys[i - 1] >> 32) {
            r += 1;
        }
        rank[(k as u32) as usize] = r;
    }
    (rank, r as usize + 1)
}

/// Concordance of `eta` (sorted order of `data`).
pub(super) fn concordance(data: &CoxData, eta: &[f64]) -> Concordance {
    let (rank, n_ranks) = ranks(eta);
    let mut tree = Fenwick::new(n_ranks);
    let (mut conc, mut disc, mut tied_x, mut tied_y, mut tied_xy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut deaths: Vec<(u32, f64)> = Vec::new();
    for s in 0..data.bounds.len() - 1 {
        let (lo, hi) = (data.bounds[s], data.bounds[s + 1]);
        let mut k = lo;
        let mut next_entry = lo;
        while k < hi {
            let t = data.exit[k];
            let group = k;
            while k < hi && data.exit[k] == t {
                k += 1;
            }
            if let (Some(order), Some(entry)) = (&data.entry_order, &data.entry) {
                while next_entry < hi && entry[order[next_entry] as usize] >= t {
                    let m = order[next_entry] as usize;
                    tree.add(rank[m] as usize, -data.weight(m));
                    next_entry += 1;
                }
            }
            deaths.clear();
            for (m, &r) in (group..k).zip(&rank[group..k]) {
                if data.event[m] {
                    deaths.push((r, data.weight(m)));
                } else {
                    tree.add(r as usize, data.weight(m));
                }
            }
            for &(r, w) in &deaths {
                let below = tree.below(r as usize);
                let up_to = tree.below(r as usize + 1);
                conc += w * below;
                tied_x += w * (up_to - below);
                disc += w * (tree.total - up_to);
            }
            if deaths.len() > 1 {
                deaths.sort_unstable_by_key(|d| d.0);
                let (sum, sum_sq) = deaths
                    .iter()
                    .fold((0.0, 0.0), |(a, b), d| (a + d.1, b + d.1 * d.1));
                let all_pairs = 0.5 * (sum * sum - sum_sq);
                let mut same = 0.0;
                for run in deaths.chunk_by(|a, b| a.0 == b.0) {
                    let (s1, s2) = run
                        .iter()
                        .fold((0.0, 0.0), |(a, b), d| (a + d.1, b + d.1 * d.1));
                    same += 0.5 * (s1 * s1 - s2);
                }
                tied_xy += same;
                tied_y += all_pairs - same;
            }
            for &(r, w) in &deaths {
                tree.add(r as usize, w);
            }
        }
        // Exact zeros for the next stratum (no round-off of subtractions).
        for &r in &rank[lo..hi] {
            tree.clear(r as usize);
        }
    }
    let denom = conc + disc + tied_x;
    Concordance {
        concordant: conc,
        discordant: disc,
        tied_risk: tied_x,
        tied_time: tied_y,
        tied_both: tied_xy,
        value: if denom > 0.0 {
            (conc + 0.5 * tied_x) / denom
        } else {
            f64::NAN
        },
    }
}
