//! The standard error of the concordance, as R survival 3.x computes it:
//! the infinitesimal jackknife. Each row's influence is the derivative of
//! Somers' d = (C − D)/(C + D + T) with respect to its case weight (times
//! the weight); with clusters the influences are summed per cluster; the
//! variance of the concordance (d + 1)/2 is Σ influence²/4.
//!
//! The derivative of the concordant count C with respect to the weight of
//! row m counts the pairs m belongs to: as the row with the event (the
//! comparable rows with a lower score) and as the row still at risk (the
//! events of its risk window with a higher score), likewise for D and T.
//! One sweep in decreasing time per stratum, with Fenwick trees over the
//! score ranks of the rows at risk and of the events seen so far, gives all
//! of them in O(n log n): a row's window of events is opened (subtracted)
//! when it joins the risk set and closed (added) when it leaves it.

use super::concordance::Fenwick;
use super::data::CoxData;
use super::order::{radix_sort, value_key};

/// dC, dD, dT per unit weight of a row.
#[derive(Clone, Copy, Default)]
struct Influence {
    c: f64,
    d: f64,
    t: f64,
}

/// Weight below, equal to and above rank `r` in `tree` of `size` ranks.
fn split(tree: &Fenwick, r: usize, size: usize) -> (f64, f64, f64) {
    let below = tree.below(r);
    let equal = tree.range(r, r);
    let above = tree.range(r, size - 1) - equal;
    (below, equal, above)
}

/// The standard error of the concordance of `eta` (sorted order of `data`)
/// with counts `concordant`, `discordant`, `tied_risk` (R's
/// `sqrt(fit$concordance["std"]^2)`, clustered when the data have clusters).
pub(super) fn concordance_std_err(
    data: &CoxData,
    eta: &[f64],
    concordant: f64,
    discordant: f64,
    tied_risk: f64,
) -> f64 {
    let n = data.len();
    let mut infl = vec![Influence::default(); n];
    // Score ranks (equal scores share a rank), by one radix sort.
    let mut keys: Vec<u64> = eta.iter().map(|&v| value_key(v)).collect();
    let mut rows: Vec<u32> = (0..n as u32).collect();
    radix_sort(&mut keys, &mut rows);
    let mut rank = vec![0_usize; n];
    let mut size = 0;
    for (i, &r) in rows.iter().enumerate() {
        if i > 0 && keys[i] != keys[i - 1] {
            size += 1;
        }
        rank[r as usize] = size;
    }
    let size = size + 1;
    // Trees over the ranks, reset exactly after each stratum.
    let mut risk = Fenwick::new(size);
    let mut events = Fenwick::new(size);
    for s in 0..data.bounds.len() - 1 {
        let (lo, hi) = (data.bounds[s], data.bounds[s + 1]);
        let mut left = vec![false; hi - lo];
        // Opens (sign −1) or closes (+1) the window of events of row m.
        let window = |m: usize, sign: f64, events: &Fenwick, infl: &mut [Influence]| {
            let (below, equal, above) = split(events, rank[m], size);
            infl[m].c += sign * above;
            infl[m].d += sign * below;
            infl[m].t += sign * equal;
        };
        let mut k = lo;
        let mut next_entry = lo;
        while k < hi {
            let t = data.exit[k];
            let mut end = k;
            while end < hi && data.exit[end] == t {
                end += 1;
            }
            if let (Some(order), Some(entry)) = (&data.entry_order, &data.entry) {
                while next_entry < hi && entry[order[next_entry] as usize] >= t {
                    let m = order[next_entry] as usize;
                    window(m, 1.0, &events, &mut infl);
                    risk.add(rank[m], -data.weight(m));
                    left[m - lo] = true;
                    next_entry += 1;
                }
            }
            for m in (k..end).filter(|&m| !data.event[m]) {
                window(m, -1.0, &events, &mut infl);
                risk.add(rank[m], data.weight(m));
            }
            for m in (k..end).filter(|&m| data.event[m]) {
                let (below, equal, above) = split(&risk, rank[m], size);
                infl[m].c += below;
                infl[m].d += above;
                infl[m].t += equal;
            }
            for m in (k..end).filter(|&m| data.event[m]) {
                events.add(rank[m], data.weight(m));
            }
            for m in (k..end).filter(|&m| data.event[m]) {
                window(m, -1.0, &events, &mut infl);
                risk.add(rank[m], data.weight(m));
            }
            k = end;
        }
        for m in lo..hi {
            if !left[m - lo] {
                window(m, 1.0, &events, &mut infl);
            }
        }
        for &r in &rank[lo..hi] {
            risk.clear(r);
            events.clear(r);
        }
    }
    let npair = concordant + discordant + tied_risk;
    let somers = (concordant - discordant) / npair;
    let n_clusters = data
        .cluster
        .as_ref()
        .map_or(n, |_| data.cluster_labels.len());
    let mut dfbeta = vec![0.0; n_clusters];
    for (m, i) in infl.iter().enumerate() {
        let v = data.weight(m) * ((i.c - i.d) / npair - somers / npair * (i.c + i.d + i.t));
        let c = data.cluster.as_ref().map_or(m, |c| c[m] as usize);
        dfbeta[c] += v;
    }
    (dfbeta.iter().map(|v| v * v).sum::<f64>() / 4.0).sqrt()
}

