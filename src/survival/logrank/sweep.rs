//! One sorted pass per stratum: the weights S(t−)^ρ (in logs), observed and
//! expected events per group, and the event times the variance solves
//! need. Linear: the stratum's sorted cells are merged, not re-sorted.

use super::super::data::{Cell, SurvData};

/// An event time of a stratum.
pub(super) struct EventTime {
    /// Index (in the stratum's sorted subjects) of the first subject whose
    /// exit is at this time: subjects from here on are at risk.
    pub first: usize,
    /// The IEEE bits of the time (the exit key without its flag).
    pub bits: u64,
    /// Number at risk N.
    pub n_risk: f64,
    /// Number of events D.
    pub deaths: f64,
    /// The weight S(t−)^ρ divided by the common scale.
    pub weight: f64,
    /// Its logarithm, ρ ln S(t−) − ln scale (finite even where the weight
    /// underflows).
    pub log_weight: f64,
}

impl EventTime {
    /// The variance factor w²·D·(N−D)/(N(N−1)) (0 when N = 1).
    pub fn kappa(&self) -> f64 {
        let (n, d) = (self.n_risk, self.deaths);
        if n > 1.0 {
            self.weight * self.weight * d * (n - d) / (n * (n - 1.0))
        } else {
            0.0
        }
    }
}

/// The subjects of one stratum sorted by exit (events before censorings at
/// a tie), with their groups, and the stratum's event times.
pub(super) struct Stratum {
    pub keys: Vec<u64>,
    pub groups: Vec<u32>,
    pub times: Vec<EventTime>,
    /// Each group of the stratum (one per cell) with its number of
    /// subjects, so that passes need not count them subject by subject.
    pub group_n: Vec<(u32, usize)>,
}

/// Everything the statistic needs, summed over strata.
pub(super) struct Sweep {
    pub strata: Vec<Stratum>,
    pub observed: Vec<f64>,
    pub expected: Vec<f64>,
    pub n: Vec<f64>,
    /// ln of the common factor the weights were divided by.
    pub log_scale: f64,
    /// Groups at risk at an event time of their stratum: expected > 0 in
    /// exact arithmetic (the weights are positive), even where the double
    /// sum underflows.
    pub used: Vec<bool>,
}

/// Above this log-weight the weights (and their squares in the variance)
/// are rescaled by the largest one; the statistic does not change.
const LOG_WEIGHT_LIMIT: f64 = 300.0;

/// Two sorted key runs merged into one with each key's group (ties: `ka`
/// first); `ga(i)` and `gb(j)` give the group of `ka[i]` and `kb[j]`.
fn merge_keys(
    ka: &[u64],
    kb: &[u64],
    ga: impl Fn(usize) -> u32,
    gb: impl Fn(usize) -> u32,
) -> (Vec<u64>, Vec<u32>) {
    let n = ka.len() + kb.len();
    let mut keys = Vec::with_capacity(n);
    let mut groups = Vec::with_capacity(n);
    let (mut i, mut j) = (0, 0);
    while i < ka.len() && j < kb.len() {
        // Branch-free choice: the interleaving of groups is unpredictable.
        let take_b = kb[j] < ka[i];
        keys.push(if take_b { kb[j] } else { ka[i] });
        groups.push(if take_b { gb(j) } else { ga(i) });
        j += usize::from(take_b);
        i += usize::from(!take_b);
    }
    keys.extend_from_slice(&ka[i..]);
    groups.extend((i..ka.len()).map(&ga));
    keys.extend_from_slice(&kb[j..]);
    groups.extend((j..kb.len()).map(&gb));
    (keys, groups)
}

/// Two sorted runs of (key, group) merged into one (ties: `a` first).
fn merge(a: (Vec<u64>, Vec<u32>), b: (Vec<u64>, Vec<u32>)) -> (Vec<u64>, Vec<u32>) {
    merge_keys(&a.0, &b.0, |i| a.1[i], |j| b.1[j])
}

/// Two cells' sorted keys merged into one run with their groups (ties:
/// `a` first): each cell is one group.
fn merge_cells(a: &Cell, b: &Cell) -> (Vec<u64>, Vec<u32>) {
    merge_keys(&a.exits.keys, &b.exits.keys, |_| a.group, |_| b.group)
}

/// The subjects of a stratum's cells (each sorted) in one sorted run, by
/// merging the cells pairwise (linear for a few groups; log k levels).
fn merged(cells: &[Cell]) -> (Vec<u64>, Vec<u32>) {
    // The first level reads the cells in place (each cell is one group),
    // without copying their keys or writing their groups out first.
    let mut runs: Vec<(Vec<u64>, Vec<u32>)> = cells
        .chunks(2)
        .map(|pair| match pair {
            [a, b] => merge_cells(a, b),
            _ => {
                let c = &pair[0];
                (c.exits.keys.clone(), vec![c.group; c.exits.len()])
            }
        })
        .collect();
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(a) = it.next() {
            next.push(match it.next() {
                Some(b) => merge(a, b),
                None => a,
            });
        }
        runs = next;
    }
    runs.pop().unwrap_or_default()
}

fn stratum_of(cells: &[Cell]) -> Stratum {
    let group_n = cells.iter().map(|c| (c.group, c.exits.len())).collect();
    let (keys, groups) = merged(cells);
    let total = keys.len();
    let mut times = Vec::new();
    let mut i = 0;
    while i < total {
        let t = keys[i] >> 1;
        let first = i;
        let mut deaths = 0.0;
        while i < total && keys[i] >> 1 == t {
            if keys[i] & 1 == 0 {
                deaths += 1.0;
            }
            i += 1;
        }
        if deaths > 0.0 {
            times.push(EventTime {
                first,
                bits: t,
                n_risk: (total - first) as f64,
                deaths,
                weight: 0.0,
                log_weight: 0.0,
            });
        }
    }
    Stratum {
        keys,
        groups,
        times,
        group_n,
    }
}

/// Sorts each stratum, sets the weights S(t−)^ρ (computed as
/// exp(ρ·ln S(t−) − scale), with ln S(t−) = Σ ln(1 − D/N), so that no
/// power overflows or cancels for any finite ρ) and sums observed,
/// expected per group.
pub(super) fn sweep(data: &SurvData, rho: f64) -> Sweep {
    let k = data.group_labels().len();
    let cells = data.cells();
    let mut strata = Vec::new();
    let mut ranges = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let s = cells[start].stratum;
        let end = start + cells[start..].iter().take_while(|c| c.stratum == s).count();
        strata.push(stratum_of(&cells[start..end]));
        ranges.push(start..end);
        start = end;
    }
    let mut log_w: Vec<Vec<f64>> = Vec::with_capacity(strata.len());
    let mut log_max = f64::NEG_INFINITY;
    for st in &strata {
        let mut log_s = 0.0_f64;
        let mut v = Vec::with_capacity(st.times.len());
        for t in &st.times {
            let lw = if rho == 0.0 { 0.0 } else { rho * log_s };
            log_max = log_max.max(lw);
            v.push(lw);
            log_s += (-t.deaths / t.n_risk).ln_1p();
        }
        log_w.push(v);
    }
    let log_scale = if log_max > LOG_WEIGHT_LIMIT {
        log_max
    } else {
        0.0
    };
    let mut out = Sweep {
        strata: Vec::new(),
        observed: vec![0.0; k],
        expected: vec![0.0; k],
        n: vec![0.0; k],
        log_scale,
        used: vec![false; k],
    };
    for ((mut st, lw), range) in strata.into_iter().zip(log_w).zip(ranges) {
        for (t, lw) in st.times.iter_mut().zip(lw) {
            t.log_weight = lw - log_scale;
            t.weight = t.log_weight.exp();
        }
        // A subject is at risk at every event time at or before its exit.
        // Each cell is one group, its subjects in the stratum's order: the
        // sums of a group are made over its cell, in the same order, in
        // registers (cum_a follows the same additions for every cell).
        for cell in &cells[range] {
            let g = cell.group as usize;
            let (mut n, mut e, mut o, mut used) =
                (out.n[g], out.expected[g], out.observed[g], out.used[g]);
            let (mut j, mut cum_a) = (0, 0.0);
            for &key in &cell.exits.keys {
                while j < st.times.len() && st.times[j].bits <= key >> 1 {
                    let t = &st.times[j];
                    cum_a += t.weight * t.deaths / t.n_risk;
                    j += 1;
                }
                n += 1.0;
                e += cum_a;
                used |= j > 0;
                if key & 1 == 0 {
                    o += st.times[j - 1].weight;
                }
            }
            (out.n[g], out.expected[g], out.observed[g], out.used[g]) = (n, e, o, used);
        }
        out.strata.push(st);
    }
    out
}
