//! Harrell's concordance of the linear predictor, as R's `coxph` reports it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::concordance_se::{COUNT_ROWS_MAX, Influences, Slot};
use super::data::CoxData;
use super::order::{sort_scores, value_key};

/// Concordance of the risk score with the event times, with its standard
/// error (R's `coxph(...)$concordance`, `concordance(fit)`).
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
    /// Its standard error: the infinitesimal jackknife of R survival 3.x
    /// (clustered when the data have clusters).
    pub std_err: f64,
}

impl Concordance {
    /// Every value NaN: a fit that did not compute it (crate-internal fits
    /// for the pipelines, which do not print it).
    pub(super) fn not_computed() -> Concordance {
        Concordance {
            concordant: f64::NAN,
            discordant: f64::NAN,
            tied_risk: f64::NAN,
            tied_time: f64::NAN,
            tied_both: f64::NAN,
            value: f64::NAN,
            std_err: f64::NAN,
        }
    }
}

impl fmt::Display for Concordance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "concordance {:.4} (se {:.4}; concordant {}, discordant {}, tied risk {}, tied time {})",
            self.value,
            self.std_err,
            self.concordant,
            self.discordant,
            self.tied_risk,
            self.tied_time
        )
    }
}

/// What the Fenwick trees sum: case weights (`f64`), or, when every
/// weight is 1, counts of rows (`u32`: the same whole numbers, in a tree
/// half the size whose sums do not wait on floating-point additions).
pub(super) trait TreeWeight:
    Copy + Default + std::ops::AddAssign + std::ops::Sub<Output = Self> + Into<f64>
{
    /// How the standard error's derivatives are stored (exact either way).
    type Slot: Slot;
    /// The tree value of a row of case weight `w`.
    fn of(w: f64) -> Self;
}

impl TreeWeight for f64 {
    type Slot = f64;
    fn of(w: f64) -> f64 {
        w
    }
}

impl TreeWeight for u32 {
    type Slot = i32;
    /// Only for weights that are 1 (a count).
    fn of(w: f64) -> u32 {
        w as u32
    }
}

/// A Fenwick tree of weights over keys `0..n`.
pub(super) struct Fenwick<T> {
    tree: Vec<T>,
}

impl<T: TreeWeight> Fenwick<T> {
    pub(super) fn new(n: usize) -> Self {
        Fenwick {
            tree: vec![T::default(); n + 1],
        }
    }

    pub(super) fn add(&mut self, key: usize, w: T) {
        let mut i = key + 1;
        while i < self.tree.len() {
            self.tree[i] += w;
            i += i & i.wrapping_neg();
        }
    }

    /// Total weight of keys below `key`.
    pub(super) fn below(&self, key: usize) -> T {
        let (mut i, mut s) = (key, T::default());
        while i > 0 {
            s += self.tree[i];
            i &= i - 1;
        }
        s
    }

    /// Total weight of keys in `lo..=hi`, as a number.
    pub(super) fn range(&self, lo: usize, hi: usize) -> f64 {
        (self.below(hi + 1) - self.below(lo)).into()
    }
}

/// The distinct exit times of each stratum in sweep order (descending),
/// numbered globally: `group[k]` of every sorted row, the first group of
/// each stratum, and for each group the weight of the rows comparable with
/// an event there (at risk, and not an event at that time).
struct Groups<T> {
    group: Vec<u32>,
    first: Vec<u32>,
    /// The exit time of each group, kept only with entry times (to find a
    /// row's first group after its entry).
    time: Vec<f64>,
    /// The weight of the rows comparable with an event of each group.
    comparable: Vec<T>,
    /// Σ of the event weights of the groups before each group (n_groups + 1).
    events_before: Vec<T>,
}

impl<T: TreeWeight> Groups<T> {
    fn new(data: &CoxData) -> Groups<T> {
        let n = data.len();
        let mut g = Groups {
            group: vec![0; n],
            first: vec![0],
            time: Vec::new(),
            comparable: Vec::new(),
            events_before: vec![T::of(0.0)],
        };
        let mut events_before = 0.0;
        for s in 0..data.bounds.len() - 1 {
            let (lo, hi) = (data.bounds[s], data.bounds[s + 1]);
            let (mut k, mut next_entry, mut at_risk) = (lo, lo, 0.0);
            while k < hi {
                let t = data.exit[k];
                let q = g.len() as u32;
                let mut events = 0.0;
                while k < hi && data.exit[k] == t {
                    g.group[k] = q;
                    at_risk += data.weight(k);
                    if data.event[k] {
                        events += data.weight(k);
                    }
                    k += 1;
                }
                if let (Some(order), Some(entry)) = (&data.entry_order, &data.entry) {
                    while next_entry < hi && entry[order[next_entry] as usize] >= t {
                        at_risk -= data.weight(order[next_entry] as usize);
                        next_entry += 1;
                    }
                }
                if data.entry.is_some() {
                    g.time.push(t);
                }
                // (counts when T counts: whole numbers, exact)
                g.comparable.push(T::of(at_risk - events));
                events_before += events;
                g.events_before.push(T::of(events_before));
            }
            g.first.push(g.len() as u32);
        }
        g
    }

    /// The number of groups.
    fn len(&self) -> usize {
        self.comparable.len()
    }

    /// The stratum of group `q`.
    fn stratum(&self, q: u32) -> usize {
        self.first.partition_point(|&f| f <= q) - 1
    }

    /// The event weight of groups `lo..hi`.
    fn events_between(&self, lo: usize, hi: usize) -> f64 {
        (self.events_before[hi] - self.events_before[lo]).into()
    }
}

/// What the concordance loop needs of a row.
struct Row {
    /// 2·group + 1 for an event row, 2·group for a censored one.
    key: u32,
    weight: f64,
    /// First group at or before the row's entry time.
    entry: Option<u32>,
}

fn insert<T: TreeWeight>(
    row: &Row,
    groups: &Groups<T>,
    exit_tree: &mut Fenwick<T>,
    entry_tree: &mut Fenwick<T>,
) {
    exit_tree.add(row.key as usize, T::of(row.weight));
    if let Some(e) = row.entry {
        // Only a group of the row's own stratum counts (e may be the
        // first group of the next stratum: no time at or before the entry).
        if (e as usize) < groups.len() && groups.stratum(e) == groups.stratum(row.key >> 1) {
            entry_tree.add(e as usize, T::of(row.weight));
        }
    }
}

/// Concordance of `eta` (sorted order of `data`).
///
/// Rows are visited in increasing risk score; a Fenwick tree keyed by
/// time group (2q for a censored row of group q, 2q + 1 for an event row)
/// gives, for each event, the weight of comparable rows with a lower
/// score, and after its tie block is inserted, with a lower or equal one.
/// With entry times, rows that entered at or after the event time are
/// subtracted through a second tree keyed by the first group at or before
/// their entry. The tree has two keys per distinct time, so with tied
/// times (days, months) it stays in cache.
/// `eta` is consumed: its buffer becomes the sort keys.
pub(super) fn concordance(data: &CoxData, eta: Vec<f64>) -> Concordance {
    if data.weight.is_none() && data.len() <= COUNT_ROWS_MAX {
        concordance_in::<u32>(data, eta)
    } else {
        concordance_in::<f64>(data, eta)
    }
}

/// [`concordance`] with trees of `T` (counts when every weight is 1).
fn concordance_in<T: TreeWeight>(data: &CoxData, eta: Vec<f64>) -> Concordance {
    let n = data.len();
    let mut groups = Groups::<T>::new(data);
    // Pairs of events at the same time: without weights, every pair of
    // the time counts, and those with equal scores are counted from the
    // blocks of equal scores below (whole numbers: exact in any order);
    // with weights, by sorting each time's events (the sums' order).
    let unweighted = data.weight.is_none();
    let (mut tied_y, mut tied_xy) = if unweighted {
        let pairs = |q: usize| {
            let d = groups.events_between(q, q + 1);
            0.5 * (d * d - d)
        };
        ((0..groups.len()).map(pairs).sum(), 0.0)
    } else {
        tied_event_pairs(data, &eta, &groups)
    };
    let n_groups = groups.len();
    // Key of each row in the exit tree: event rows of group q are not
    // comparable with each other, censored rows of q are.
    let key: Vec<u32> = (0..n)
        .map(|k| 2 * groups.group[k] + u32::from(data.event[k]))
        .collect();
    // First group (in sweep order) at or before each row's entry time.
    let entry_key: Option<Vec<u32>> = data.entry.as_ref().map(|entry| {
        (0..n)
            .map(|k| {
                let s = groups.stratum(groups.group[k]);
                let (a, b) = (groups.first[s] as usize, groups.first[s + 1] as usize);
                (a + groups.time[a..b].partition_point(|&t| t > entry[k])) as u32
            })
            .collect()
    });
    let mut exit_tree = Fenwick::<T>::new(2 * n_groups);
    let mut entry_tree = Fenwick::<T>::new(n_groups);
    // The row groups are not needed past the keys.
    groups.group = Vec::new();
    let mut keys: Vec<u64> = eta.into_iter().map(value_key).collect();
    // Rows in increasing score; without weights and entries the tree key
    // alone says all that is needed (group and event), so it is the payload
    // and the loop below reads nothing else at random.
    let plain = data.weight.is_none() && data.entry.is_none() && data.cluster.is_none();
    let (key, mut payload): (Vec<u32>, Vec<u32>) = if plain {
        (Vec::new(), key)
    } else {
        (key, (0..n as u32).collect())
    };
    sort_scores(&mut keys, &mut payload);
    // Only the ties between neighbours are read from the sorted scores:
    // kept as one flag per row, the keys freed before the influences.
    let tied_with_previous: Vec<bool> = (0..n).map(|k| k > 0 && keys[k] == keys[k - 1]).collect();
    drop(keys);
    let row_of = |v: u32| -> Row {
        if plain {
            Row {
                key: v,
                weight: 1.0,
                entry: None,
            }
        } else {
            let k = v as usize;
            Row {
                key: key[k],
                weight: data.weight(k),
                entry: entry_key.as_ref().map(|e| e[k]),
            }
        }
    };
    // Weight of the comparable rows of an event row inserted so far.
    let comparable_inserted = |row: &Row, exit_tree: &Fenwick<T>, entry_tree: &Fenwick<T>| {
        let q = (row.key >> 1) as usize;
        let first = groups.first[groups.stratum(q as u32)] as usize;
        let mut c = exit_tree.range(2 * first, 2 * q);
        if data.entry.is_some() {
            c -= entry_tree.range(first, q);
        }
        c
    };
    // For the standard error: the events inserted so far, by time group,
    // and the groups of the events a row is compared with as the row
    // still at risk (later in its stratum; its own time too when censored;
    // after its entry).
    let mut event_tree = Fenwick::<T>::new(n_groups);
    let window = |row: &Row| -> (usize, usize) {
        let q = (row.key >> 1) as usize;
        let end = groups.first[groups.stratum(q as u32) + 1] as usize;
        let hi = row.entry.map_or(end, |e| (e as usize).min(end));
        (q + (row.key & 1) as usize, hi)
    };
    let events_in = |(lo, hi): (usize, usize), tree: &Fenwick<T>| {
        if lo < hi { tree.range(lo, hi - 1) } else { 0.0 }
    };
    let all_events_in = |(lo, hi): (usize, usize)| {
        if lo < hi {
            groups.events_between(lo, hi)
        } else {
            0.0
        }
    };
    let mut influence = Influences::<T::Slot>::new(n);
    let (mut conc, mut disc, mut tied_x) = (0.0, 0.0, 0.0);
    let mut tied_groups: Vec<u32> = Vec::new();
    let mut start = 0;
    while start < n {
        let end = start
            + 1
            + tied_with_previous[start + 1..]
                .iter()
                .take_while(|&&t| t)
                .count();
        let block = &payload[start..end];
        if let [single] = block {
            // A score of its own: nothing inserted has an equal score.
            let row = row_of(*single);
            let w = window(&row);
            let below_r = events_in(w, &event_tree);
            let (mut event_part, mut comparable) = (0.0, 0.0);
            if row.key & 1 == 1 {
                let below = comparable_inserted(&row, &exit_tree, &entry_tree);
                comparable = groups.comparable[(row.key >> 1) as usize].into();
                conc += row.weight * below;
                disc += row.weight * (comparable - below);
                event_part = 2.0 * below - comparable;
                event_tree.add((row.key >> 1) as usize, T::of(row.weight));
            }
            let total = all_events_in(w);
            influence.set(
                start,
                event_part + total - 2.0 * below_r,
                comparable + total,
            );
            insert(&row, &groups, &mut exit_tree, &mut entry_tree);
            start = end;
            continue;
        }
        if unweighted {
            // Events of one time with equal scores: tied in both.
            tied_groups.clear();
            tied_groups.extend(block.iter().map(|&v| row_of(v).key).filter(|k| k & 1 == 1));
            tied_groups.sort_unstable();
            for run in tied_groups.chunk_by(|a, b| a == b) {
                let c = run.len() as f64;
                tied_xy += 0.5 * (c * c - c);
            }
        }
        // Before the block is inserted: each row's events at risk and, for
        // an event row, its comparable rows below, kept in its own slots.
        for (b, &v) in block.iter().enumerate() {
            let row = row_of(v);
            let below = if row.key & 1 == 1 {
                comparable_inserted(&row, &exit_tree, &entry_tree)
            } else {
                0.0
            };
            influence.stash(start + b, events_in(window(&row), &event_tree), below);
        }
        for &v in block {
            let row = row_of(v);
            if row.key & 1 == 1 {
                event_tree.add((row.key >> 1) as usize, T::of(row.weight));
            }
            insert(&row, &groups, &mut exit_tree, &mut entry_tree);
        }
        for (b, &v) in block.iter().enumerate() {
            let row = row_of(v);
            let w = window(&row);
            let (lower_at_risk, below) = influence.stashed(start + b);
            let (mut event_part, mut comparable) = (0.0, 0.0);
            if row.key & 1 == 1 {
                let up_to = comparable_inserted(&row, &exit_tree, &entry_tree);
                comparable = groups.comparable[(row.key >> 1) as usize].into();
                conc += row.weight * below;
                tied_x += row.weight * (up_to - below);
                disc += row.weight * (comparable - up_to);
                event_part = below + up_to - comparable;
            }
            let total = all_events_in(w);
            let up_to_r = events_in(w, &event_tree);
            influence.set(
                start + b,
                event_part + total - up_to_r - lower_at_risk,
                comparable + total,
            );
        }
        start = end;
    }
    if unweighted {
        tied_y -= tied_xy;
    }
    let denom = conc + disc + tied_x;
    let std_err = if denom > 0.0 {
        let rows = (!plain).then_some(&payload[..]);
        influence.std_err(data, rows, conc, disc, tied_x)
    } else {
        f64::NAN
    };
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
        std_err,
    }
}

/// Weighted pairs of events at the same time (and stratum): with
/// different scores (R's `tied.y`) and with equal ones (`tied.xy`).
fn tied_event_pairs<T>(data: &CoxData, eta: &[f64], groups: &Groups<T>) -> (f64, f64) {
    let (mut tied_y, mut tied_xy) = (0.0, 0.0);
    let mut events: Vec<(u64, f64)> = Vec::new();
    let mut k = 0;
    while k < data.len() {
        let q = groups.group[k];
        events.clear();
        while k < data.len() && groups.group[k] == q {
            if data.event[k] {
                events.push((value_key(eta[k]), data.weight(k)));
            }
            k += 1;
        }
        if events.len() < 2 {
            continue;
        }
        events.sort_unstable_by_key(|e| e.0);
        let pairs = |run: &[(u64, f64)]| {
            let (s1, s2) = run
                .iter()
                .fold((0.0, 0.0), |(a, b), e| (a + e.1, b + e.1 * e.1));
            0.5 * (s1 * s1 - s2)
        };
        let same: f64 = events.chunk_by(|a, b| a.0 == b.0).map(pairs).sum();
        tied_xy += same;
        tied_y += pairs(&events) - same;
    }
    (tied_y, tied_xy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unweighted_tied_event_pairs_match_the_sorted_count() {
        // Heavy ties in time and in score, two strata.
        let mut rng = crate::num::rng::Rng::new(3);
        let mut next = move |m: u64| rng.below(m);
        let n = 600;
        let time: Vec<f64> = (0..n).map(|_| 1.0 + next(20) as f64).collect();
        let event: Vec<i64> = (0..n).map(|_| i64::from(next(10) < 7)).collect();
        let x: Vec<f64> = (0..n).map(|_| next(4) as f64).collect();
        let strata: Vec<String> = (0..n).map(|_| format!("s{}", next(2))).collect();
        let data = CoxData::builder(time, event)
            .strata(strata)
            .covariate("x", x)
            .build()
            .unwrap();
        let eta: Vec<f64> = data.x.column(0).iter().map(|v| 0.7 * v).collect();
        let expected = tied_event_pairs(&data, &eta, &Groups::<f64>::new(&data));
        let c = concordance(&data, eta.clone());
        assert!(expected.0 > 0.0 && expected.1 > 0.0);
        assert_eq!((c.tied_time, c.tied_both), expected);
        // Trees of counts: every value the same bits as trees of weights.
        assert_eq!(c, concordance_in::<f64>(&data, eta));
    }

    #[test]
    fn count_trees_match_weight_trees_with_entries_and_clusters() {
        let mut rng = crate::num::rng::Rng::new(5);
        let mut next = move |m: u64| rng.below(m);
        let n = 500;
        let time: Vec<f64> = (0..n).map(|_| 2.0 + next(30) as f64).collect();
        let entry: Vec<f64> = time.iter().map(|t| (next(3) as f64).min(t - 1.0)).collect();
        let event: Vec<i64> = (0..n).map(|_| i64::from(next(10) < 6)).collect();
        let x: Vec<f64> = (0..n).map(|_| next(5) as f64 - 2.0).collect();
        let ids: Vec<String> = (0..n).map(|_| format!("id{}", next(90))).collect();
        let data = CoxData::builder(time, event)
            .entry(entry)
            .clusters(ids)
            .covariate("x", x)
            .build()
            .unwrap();
        let eta: Vec<f64> = data.x.column(0).iter().map(|v| -0.4 * v).collect();
        let counts = concordance_in::<u32>(&data, eta.clone());
        assert!(counts.concordant > 0.0 && counts.tied_risk > 0.0);
        assert_eq!(counts, concordance_in::<f64>(&data, eta));
    }
}
