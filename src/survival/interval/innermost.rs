//! Innermost intervals (Peto 1973, Turnbull 1976) and the reduction of the
//! data to distinct ranges of them.
//!
//! Convention. Row `(left, right]` with `left < right` is the set
//! `left < T ≤ right` (open at `left`, closed at `right`); `left == right`
//! is the point `T = left`; `right = +∞` is `T > left`. Endpoints are placed
//! on an extended line where, at one value `t`, the closed left end of an
//! exact time comes first, then the right ends at `t` (closed), then the
//! open left ends at `t` (which stand for `t+`). This is R survival's order
//! in `survfitTurnbull` (status codes exact < right end < left end at tied
//! times). An innermost interval is a left end immediately followed by a
//! right end in this order: `{t}` (a point: an exact time, or an exact
//! time closing an interval `(s, t]`), or `(a, b]` with `a < b` (`b` may be
//! `+∞`). Every row contains a contiguous run of innermost intervals and is
//! disjoint from the others, so its probability is a sum over an index
//! range `lo..=hi`.

/// A position on the extended line: the value's IEEE bits (non-negative
/// values and +∞ order as their bits do) and the class at that value.
type Pos = (u64, u8);

const CLOSED_LEFT: u8 = 0;
const RIGHT: u8 = 1;
const OPEN_LEFT: u8 = 2;

fn left_pos(left: f64, right: f64) -> Pos {
    let class = if left == right {
        CLOSED_LEFT
    } else {
        OPEN_LEFT
    };
    ((left + 0.0).to_bits(), class)
}

fn right_pos(right: f64) -> Pos {
    ((right + 0.0).to_bits(), RIGHT)
}

/// The data of one group reduced to distinct ranges of innermost intervals.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reduced {
    /// Lower end of each innermost interval.
    pub lower: Vec<f64>,
    /// Upper end of each innermost interval (`lower == upper` for a point).
    pub upper: Vec<f64>,
    /// Whether the lower end belongs to the interval (a point `{t}`).
    pub closed: Vec<bool>,
    /// First innermost interval of each distinct range.
    pub lo: Vec<u32>,
    /// Last innermost interval of each distinct range.
    pub hi: Vec<u32>,
    /// Summed case weight of each distinct range.
    pub weight: Vec<f64>,
    /// The distinct range (index into `lo`/`hi`) of each input row.
    pub row_range: Vec<u32>,
}

impl Reduced {
    /// Number of innermost intervals.
    pub fn m(&self) -> usize {
        self.lower.len()
    }

    /// Reduces rows `(left[i], right[i]]` with weights `w[i]` (validated).
    pub fn new(left: &[f64], right: &[f64], w: &[f64]) -> Reduced {
        let n = left.len();
        // Distinct (left position, right position) pairs.
        let mut keys: Vec<(Pos, Pos, u32)> = (0..n)
            .map(|i| (left_pos(left[i], right[i]), right_pos(right[i]), i as u32))
            .collect();
        keys.sort_unstable();
        let mut pair_of_row = vec![0_u32; n];
        let mut pairs: Vec<(Pos, Pos)> = Vec::new();
        for &(l, r, i) in &keys {
            if pairs.last() != Some(&(l, r)) {
                pairs.push((l, r));
            }
            pair_of_row[i as usize] = (pairs.len() - 1) as u32;
        }
        drop(keys);
        // Every distinct end, flagged left (true) or right.
        let mut ends: Vec<(Pos, bool)> = pairs
            .iter()
            .flat_map(|&(l, r)| [(l, true), (r, false)])
            .collect();
        ends.sort_unstable();
        ends.dedup();
        let mut q: Vec<Pos> = Vec::new();
        let mut p: Vec<Pos> = Vec::new();
        for k in 1..ends.len() {
            if ends[k - 1].1 && !ends[k].1 {
                q.push(ends[k - 1].0);
                p.push(ends[k].0);
            }
        }
        let lower: Vec<f64> = q.iter().map(|x| f64::from_bits(x.0)).collect();
        let upper: Vec<f64> = p.iter().map(|x| f64::from_bits(x.0)).collect();
        let closed: Vec<bool> = q.iter().map(|x| x.1 == CLOSED_LEFT).collect();
        // Range of innermost intervals inside each pair, then distinct ranges.
        let mut ranges: Vec<(u32, u32, u32)> = pairs
            .iter()
            .enumerate()
            .map(|(k, &(l, r))| {
                let lo = q.partition_point(|x| *x < l);
                let hi = p.partition_point(|x| *x <= r) - 1;
                (lo as u32, hi as u32, k as u32)
            })
            .collect();
        ranges.sort_unstable();
        let mut range_of_pair = vec![0_u32; pairs.len()];
        let (mut lo, mut hi) = (Vec::new(), Vec::new());
        for &(a, b, k) in &ranges {
            if lo.last() != Some(&a) || hi.last() != Some(&b) {
                lo.push(a);
                hi.push(b);
            }
            range_of_pair[k as usize] = (lo.len() - 1) as u32;
        }
        let row_range: Vec<u32> = pair_of_row
            .iter()
            .map(|&k| range_of_pair[k as usize])
            .collect();
        let mut weight = vec![0.0; lo.len()];
        for (i, &r) in row_range.iter().enumerate() {
            weight[r as usize] += w[i];
        }
        Reduced {
            lower,
            upper,
            closed,
            lo,
            hi,
            weight,
            row_range,
        }
    }

    /// Whether innermost interval `j` lies above time `t` (so its mass
    /// counts in P(T > t)).
    pub fn above(&self, j: usize, t: f64) -> bool {
        if self.closed[j] {
            self.lower[j] > t
        } else {
            self.lower[j] >= t
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_interval_and_right_censored() {
        let inf = f64::INFINITY;
        // (1,3], {3}, (2,inf), {2}, (2,5]
        let r = Reduced::new(
            &[1.0, 3.0, 2.0, 2.0, 2.0],
            &[3.0, 3.0, inf, 2.0, 5.0],
            &[1.0; 5],
        );
        // Ends in order: 1+ (L), 2 (L, exact), 2 (R), 2+ (L), 3 (L, exact),
        // 3 (R), 5 (R), inf (R): the innermost intervals are {2} and {3}.
        assert_eq!(
            (r.lower.clone(), r.upper.clone()),
            (vec![2.0, 3.0], vec![2.0, 3.0])
        );
        assert_eq!(r.closed, vec![true, true]);
        let range = |i: usize| {
            let k = r.row_range[i] as usize;
            (r.lo[k], r.hi[k])
        };
        assert_eq!(
            (0..5).map(range).collect::<Vec<_>>(),
            vec![(0, 1), (1, 1), (1, 1), (0, 0), (1, 1)]
        );
        assert_eq!(r.weight, vec![1.0, 1.0, 3.0]);
    }
}
