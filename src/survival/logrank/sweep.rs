//! One sorted pass per stratum: the weights S(t−)^ρ (in logs), observed and
//! expected events per group, and the event times the variance solves
//! need. Linear: the stratum's sorted cells are merged, not re-sorted, as
//! runs of subjects with one group and one exit key (one per distinct time
//! and cell, so that with few distinct times every pass after the first
//! costs little).

use super::super::data::{Cell, SurvData};
use crate::num::repeat::add_repeated;

/// An event time of a stratum.
pub(super) struct EventTime {
    /// Index (in the stratum's [`Run`]s) of the first run whose exit is
    /// at this time: subjects from here on are at risk.
    pub run: usize,
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

/// Subjects of one group with one exit key, next to each other in the
/// stratum's sorted order: `count` of them (a longer run is split).
#[derive(Clone, Copy)]
pub(super) struct Run {
    pub key: u64,
    pub group: u32,
    pub count: u32,
}

impl Run {
    /// An event (not a censoring) run.
    pub fn is_event(&self) -> bool {
        self.key & 1 == 0
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }
}

/// The subjects of one stratum sorted by exit (events before censorings at
/// a tie, then by cell), as runs of one group and one key, and the
/// stratum's event times.
pub(super) struct Stratum {
    pub runs: Vec<Run>,
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

/// A cell's sorted keys as runs of equal keys. Each run's end is looked
/// for where the previous run's length (of events, or of censorings) puts
/// it, then nearby, and only then
/// by doubling steps or a binary search: with few distinct times (long
/// runs of similar length) a run costs a read or two near its end, and
/// with distinct keys one comparison each. Runs longer than `most` are
/// split.
fn runs_of(keys: &[u64], group: u32, most: u32) -> Vec<Run> {
    let mut runs = Vec::new();
    // the last run's length of events and of censorings (they alternate)
    let (mut i, mut guess) = (0, [1, 1]);
    while i < keys.len() {
        let flag = (keys[i] & 1) as usize;
        let len = run_len(&keys[i..], guess[flag]);
        push_run(&mut runs, keys[i], group, len, most);
        i += len;
        guess[flag] = len;
    }
    runs
}

/// How many of `rest` (sorted, not empty) equal `rest[0]`, looked for
/// first at `guess`.
fn run_len(rest: &[u64], guess: usize) -> usize {
    // how far to step one key at a time before doubling or bisecting
    const NEAR: usize = 64;
    let key = rest[0];
    let n = rest.len();
    let g = guess.clamp(1, n);
    if rest[g - 1] == key {
        // at least g: step on, then double
        let near = (g + NEAR).min(n);
        let mut end = g;
        while end < near && rest[end] == key {
            end += 1;
        }
        if end < near || end == n {
            return end;
        }
        // rest[..lo] all equal key; rest[hi] (if any) does not
        let (mut lo, mut step) = (end, NEAR);
        let mut hi = lo;
        while hi < n && rest[hi] == key {
            lo = hi + 1;
            hi = lo + step;
            step *= 2;
        }
        let hi = hi.min(n);
        lo + rest[lo..hi].partition_point(|&x| x == key)
    } else {
        // below g: step back, then bisect (rest[0] equals key)
        let near = g.saturating_sub(NEAR).max(1);
        let mut end = g - 1;
        while end > near && rest[end - 1] != key {
            end -= 1;
        }
        if rest[end - 1] == key {
            return end;
        }
        rest[..end].partition_point(|&x| x == key)
    }
}

/// Two sorted run lists merged into one (ties: `a` first).
fn merge(a: &[Run], b: &[Run]) -> Vec<Run> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let take_b = b[j].key < a[i].key;
        out.push(if take_b { b[j] } else { a[i] });
        j += usize::from(take_b);
        i += usize::from(!take_b);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The runs of a stratum's cells (each sorted) in one sorted list, by
/// merging pairwise (log k levels).
fn merged(mut lists: Vec<Vec<Run>>) -> Vec<Run> {
    while lists.len() > 1 {
        let mut next = Vec::with_capacity(lists.len().div_ceil(2));
        let mut it = lists.into_iter();
        while let Some(a) = it.next() {
            next.push(match it.next() {
                Some(b) => merge(&a, &b),
                None => a,
            });
        }
        lists = next;
    }
    lists.pop().unwrap_or_default()
}

/// Up to this many cells, a stratum's runs are merged in one pass straight
/// from the cells' keys (the least key among the cells' next runs each
/// step); more cells are cut into runs first and merged pairwise.
const MERGE_WAYS: usize = 8;

/// The runs of a stratum's cells (each sorted) in one sorted list (ties:
/// the earlier cell first), with each group's runs split at `most`.
fn cell_runs(cells: &[Cell], most: u32) -> Vec<Run> {
    if cells.len() > MERGE_WAYS {
        return merged(
            cells
                .iter()
                .map(|c| runs_of(&c.exits.keys, c.group, most))
                .collect(),
        );
    }
    /// A cell's next run: its keys from `at`, `len` of them equal to `key`
    /// (`u64::MAX`, which no key is, once the cell is used up).
    struct Next<'c> {
        keys: &'c [u64],
        at: usize,
        key: u64,
        len: usize,
        guess: [usize; 2],
    }
    impl Next<'_> {
        fn advance(&mut self) {
            self.at += self.len;
            if self.at < self.keys.len() {
                let rest = &self.keys[self.at..];
                let flag = (rest[0] & 1) as usize;
                self.key = rest[0];
                self.len = run_len(rest, self.guess[flag]);
                self.guess[flag] = self.len;
            } else {
                self.key = u64::MAX;
            }
        }
    }
    let mut next: Vec<Next> = cells
        .iter()
        .map(|c| {
            let mut n = Next {
                keys: &c.exits.keys,
                at: 0,
                key: u64::MAX,
                len: 0,
                guess: [1, 1],
            };
            n.advance();
            n
        })
        .collect();
    let mut runs = Vec::new();
    loop {
        // the least key, the earliest cell at a tie
        let mut best = usize::MAX;
        let mut least = u64::MAX;
        for (c, n) in next.iter().enumerate() {
            if n.key < least {
                least = n.key;
                best = c;
            }
        }
        if best == usize::MAX {
            return runs;
        }
        let n = &mut next[best];
        push_run(&mut runs, n.key, cells[best].group, n.len, most);
        n.advance();
    }
}

/// Appends `len` subjects of `group` with key `key` as runs of at most
/// `most`.
fn push_run(runs: &mut Vec<Run>, key: u64, group: u32, len: usize, most: u32) {
    let mut left = len;
    while left > 0 {
        let count = left.min(most as usize);
        runs.push(Run {
            key,
            group,
            count: count as u32,
        });
        left -= count;
    }
}

/// A stratum from its cells.
fn stratum_of(cells: &[Cell]) -> Stratum {
    let group_n = cells.iter().map(|c| (c.group, c.exits.len())).collect();
    let total: usize = cells.iter().map(|c| c.exits.len()).sum();
    let runs = cell_runs(cells, u32::MAX);
    let mut times = Vec::new();
    let (mut r, mut p) = (0, 0);
    while r < runs.len() {
        let t = runs[r].key >> 1;
        let (first, run) = (p, r);
        // whole numbers: the same as adding 1 per event
        let mut deaths = 0.0;
        while r < runs.len() && runs[r].key >> 1 == t {
            if runs[r].is_event() {
                deaths += runs[r].count as f64;
            }
            p += runs[r].len();
            r += 1;
        }
        if deaths > 0.0 {
            times.push(EventTime {
                run,
                bits: t,
                n_risk: (total - first) as f64,
                deaths,
                weight: 0.0,
                log_weight: 0.0,
            });
        }
    }
    Stratum {
        runs,
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
    let mut start = 0;
    while start < cells.len() {
        let s = cells[start].stratum;
        let end = start + cells[start..].iter().take_while(|c| c.stratum == s).count();
        strata.push(stratum_of(&cells[start..end]));
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
            // (ln S is not needed for the log-rank weights, all 1)
            if rho != 0.0 {
                log_s += (-t.deaths / t.n_risk).ln_1p();
            }
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
    for (mut st, lw) in strata.into_iter().zip(log_w) {
        for (t, lw) in st.times.iter_mut().zip(lw) {
            t.log_weight = lw - log_scale;
            // exp(0) = 1 exactly: the log-rank weights need no call
            t.weight = if t.log_weight == 0.0 {
                1.0
            } else {
                t.log_weight.exp()
            };
        }
        // A subject is at risk at every event time at or before its exit.
        // A group's sums take one addition per subject, its subjects in the
        // stratum's order (its cell's order); cum_a, the same for every
        // group at a key, follows the same additions as per subject.
        let (mut j, mut cum_a) = (0, 0.0);
        for run in &st.runs {
            while j < st.times.len() && st.times[j].bits <= run.key >> 1 {
                let t = &st.times[j];
                cum_a += t.weight * t.deaths / t.n_risk;
                j += 1;
            }
            let g = run.group as usize;
            let (mut e, mut o) = (out.expected[g], out.observed[g]);
            // whole numbers: the same as adding 1 per subject
            out.n[g] += run.count as f64;
            out.used[g] |= j > 0;
            // one rounded addition per subject (`add_repeated` gives the
            // same bits as the loop, without a step per subject)
            let m = u64::from(run.count);
            e = add_repeated(e, cum_a, m);
            if run.is_event() {
                o = add_repeated(o, st.times[j - 1].weight, m);
            }
            (out.expected[g], out.observed[g]) = (e, o);
        }
        out.strata.push(st);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs found by looking ahead and doubling equal those of a plain
    /// scan, long runs split at `most`.
    #[test]
    fn runs_equal_a_plain_scan() {
        let mut rng = crate::num::rng::Rng::new(11);
        for case in 0..200_u64 {
            let n = rng.below(if case % 2 == 0 { 300 } else { 3000 }) as usize;
            let distinct = 1 + rng.below([2, 10, 1000][case as usize % 3]);
            let mut keys: Vec<u64> = (0..n).map(|_| rng.below(distinct)).collect();
            // runs of very different lengths, long and short next to each other
            if case % 5 == 4 {
                keys.extend((0..rng.below(400)).map(|_| rng.below(3)));
            }
            keys.sort_unstable();
            let most = [1, 3, 7, u32::MAX][case as usize % 4];
            let mut plain: Vec<(u64, u32)> = Vec::new();
            for &k in &keys {
                match plain.last_mut() {
                    Some((key, c)) if *key == k && *c < most => *c += 1,
                    _ => plain.push((k, 1)),
                }
            }
            let runs: Vec<(u64, u32)> = runs_of(&keys, 5, most)
                .iter()
                .map(|r| {
                    assert_eq!(r.group, 5);
                    (r.key, r.count)
                })
                .collect();
            assert_eq!(runs, plain, "case {case}");
        }
    }

    /// The one-pass merge of up to [`MERGE_WAYS`] cells equals the
    /// pairwise merge of the cells' runs (ties: the earlier cell first;
    /// long runs split).
    #[test]
    fn one_pass_merge_equals_pairwise_merge() {
        let mut rng = crate::num::rng::Rng::new(17);
        for case in 0..120_u64 {
            let n = 1 + rng.below(2000) as usize;
            let k = 1 + rng.below(8);
            let tmax = [2, 30, 100_000][case as usize % 3];
            let time: Vec<f64> = (0..n).map(|_| (1 + rng.below(tmax)) as f64).collect();
            let event: Vec<i64> = (0..n).map(|_| i64::from(rng.below(10) < 7)).collect();
            let group: Vec<String> = (0..n).map(|_| format!("g{}", rng.below(k))).collect();
            let strata: Vec<String> = (0..n).map(|_| format!("s{}", rng.below(2))).collect();
            let data = SurvData::builder(time, event)
                .groups(group)
                .strata(strata)
                .build()
                .expect("valid rows");
            let cells = data.cells();
            let mut start = 0;
            while start < cells.len() {
                let s = cells[start].stratum;
                let end = start + cells[start..].iter().take_while(|c| c.stratum == s).count();
                let mine = &cells[start..end];
                for most in [1, 5, u32::MAX] {
                    let pairwise = merged(
                        mine.iter()
                            .map(|c| runs_of(&c.exits.keys, c.group, most))
                            .collect(),
                    );
                    let one_pass = cell_runs(mine, most);
                    let view = |r: &[Run]| {
                        r.iter()
                            .map(|r| (r.key, r.group, r.count))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(view(&one_pass), view(&pairwise), "case {case}");
                }
                start = end;
            }
        }
    }
}
