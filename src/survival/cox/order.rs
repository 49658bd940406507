//! Sorting once: a stable LSD radix sort of 64-bit keys with a row payload,
//! in 11-bit digits, skipping the digits that no key changes (times in whole
//! days vary in two or three digits of their IEEE representation).

/// Sorts `rows` (any payload) by `keys` ascending, stably (equal keys keep
/// their order).
pub(super) fn radix_sort<T: Copy + Default>(keys: &mut Vec<u64>, rows: &mut Vec<T>) {
    radix_passes::<11, 0, T>(keys, rows);
}

/// As [`radix_sort`], for keys that are mostly distinct (the bits of
/// scores): radix passes in 8-bit digits over the high 32 bits only (half
/// the passes, and 256 buckets keep the scattered writes within reach of
/// the address cache), then each run of keys with equal high halves
/// (short unless the values crowd together) is sorted stably by the whole
/// key: the same order as a stable sort by the whole key.
///
/// Each half of the rows is sorted so in turn, with one scratch buffer of
/// half the rows, then the two halves are merged (the first half moved
/// into the scratch, equal keys taken from it first): 6 bytes a row of
/// scratch instead of 12, for the concordance's peak of memory.
pub(super) fn sort_scores<T: Copy + Default>(keys: &mut [u64], rows: &mut [T]) {
    let n = keys.len();
    let h = n / 2;
    let mut scratch_keys = vec![0_u64; n - h];
    let mut scratch_rows = vec![T::default(); n - h];
    let (first_keys, second_keys) = keys.split_at_mut(h);
    let (first_rows, second_rows) = rows.split_at_mut(h);
    for (k, r) in [(first_keys, first_rows), (second_keys, second_rows)] {
        let m = k.len();
        radix_slice::<T>(k, r, &mut scratch_keys[..m], &mut scratch_rows[..m]);
        sort_runs(k, r);
    }
    scratch_keys[..h].copy_from_slice(&keys[..h]);
    scratch_rows[..h].copy_from_slice(&rows[..h]);
    merge_front(keys, rows, &scratch_keys[..h], &scratch_rows[..h]);
}

/// Sorts each run of keys with equal high halves by the whole key.
fn sort_runs<T: Copy>(keys: &mut [u64], rows: &mut [T]) {
    let n = keys.len();
    let mut start = 0;
    while start < n {
        let high = keys[start] >> 32;
        let mut end = start + 1;
        while end < n && keys[end] >> 32 == high {
            end += 1;
        }
        if end - start > 1 {
            sort_run(&mut keys[start..end], &mut rows[start..end]);
        }
        start = end;
    }
}

/// Merges the sorted `first` (moved out of the front of `keys`) with the
/// sorted keys behind that front, into `keys`, stably: on equal keys the
/// one of `first` comes first. The writes never pass the next key still
/// to be read behind the front.
fn merge_front<T: Copy>(keys: &mut [u64], rows: &mut [T], first: &[u64], first_rows: &[T]) {
    let (h, n) = (first.len(), keys.len());
    let (mut i, mut j, mut out) = (0, h, 0);
    while i < h && j < n {
        // branch-free choice: the halves interleave at random
        let take_second = keys[j] < first[i];
        let (k, r) = if take_second {
            (keys[j], rows[j])
        } else {
            (first[i], first_rows[i])
        };
        keys[out] = k;
        rows[out] = r;
        out += 1;
        j += usize::from(take_second);
        i += usize::from(!take_second);
    }
    keys[out..out + h - i].copy_from_slice(&first[i..]);
    rows[out..out + h - i].copy_from_slice(&first_rows[i..]);
}

/// The score radix passes (8-bit digits over the high 32 bits) between a
/// slice and a scratch of its length; the result ends in the slice.
fn radix_slice<T: Copy>(keys: &mut [u64], rows: &mut [T], keys2: &mut [u64], rows2: &mut [T]) {
    let (mut counts, varying) = digit_counts::<8, 32>(keys);
    if passes::<8, 32, T>(&mut counts, varying, keys, rows, keys2, rows2) {
        keys.copy_from_slice(keys2);
        rows.copy_from_slice(rows2);
    }
}

/// Sorts a run stably by key: by insertion when short, else by a merge
/// sort; nothing to do when already in order (all equal: a score shared by
/// many rows, as with one binary covariate).
fn sort_run<T: Copy>(keys: &mut [u64], rows: &mut [T]) {
    if keys.is_sorted() {
        return;
    }
    if keys.len() <= 16 {
        for i in 1..keys.len() {
            let (k, r) = (keys[i], rows[i]);
            let mut j = i;
            while j > 0 && keys[j - 1] > k {
                keys[j] = keys[j - 1];
                rows[j] = rows[j - 1];
                j -= 1;
            }
            keys[j] = k;
            rows[j] = r;
        }
        return;
    }
    let mut pairs: Vec<(u64, T)> = keys.iter().copied().zip(rows.iter().copied()).collect();
    pairs.sort_by_key(|p| p.0);
    for ((k, r), (pk, pr)) in keys.iter_mut().zip(rows.iter_mut()).zip(pairs) {
        *k = pk;
        *r = pr;
    }
}

/// Buckets of the widest digit (11 bits).
const MAX_BUCKETS: usize = 1 << 11;
/// Digits of the narrowest digit width (8 bits) in a 64-bit key.
const MAX_DIGITS: usize = 8;

/// Stable LSD radix passes in digits of `BITS` bits (at most 11) over the
/// key bits from `LOW` up, skipping the digits that no key changes.
fn radix_passes<const BITS: u32, const LOW: u32, T: Copy + Default>(
    keys: &mut Vec<u64>,
    rows: &mut Vec<T>,
) {
    let (mut counts, varying) = digit_counts::<BITS, LOW>(keys);
    if varying >> LOW == 0 {
        return;
    }
    let n = keys.len();
    let mut keys2 = vec![0_u64; n];
    let mut rows2 = vec![T::default(); n];
    if passes::<BITS, LOW, T>(&mut counts, varying, keys, rows, &mut keys2, &mut rows2) {
        std::mem::swap(keys, &mut keys2);
        std::mem::swap(rows, &mut rows2);
    }
}

/// The count of every digit's values and the key bits that vary, in one
/// read of the keys (instead of one read per digit).
fn digit_counts<const BITS: u32, const LOW: u32>(keys: &[u64]) -> (Vec<[usize; MAX_BUCKETS]>, u64) {
    let mask: u64 = (1 << BITS) - 1;
    // Known at compile time: the counting loop below unrolls.
    let digits = (64 - LOW).div_ceil(BITS) as usize;
    let mut counts = vec![[0_usize; MAX_BUCKETS]; MAX_DIGITS];
    let (mut and, mut or) = (!0_u64, 0_u64);
    for &k in keys {
        and &= k;
        or |= k;
        for (d, count) in counts[..digits].iter_mut().enumerate() {
            count[((k >> (LOW + d as u32 * BITS)) & mask) as usize] += 1;
        }
    }
    (counts, and ^ or)
}

/// The passes over the digits that vary, from (`keys`, `rows`) to the
/// scratch (`keys2`, `rows2`) and back; true when the sorted keys end in
/// the scratch.
fn passes<const BITS: u32, const LOW: u32, T: Copy>(
    counts: &mut [[usize; MAX_BUCKETS]],
    varying: u64,
    keys: &mut [u64],
    rows: &mut [T],
    keys2: &mut [u64],
    rows2: &mut [T],
) -> bool {
    let mask: u64 = (1 << BITS) - 1;
    let digits = (64 - LOW).div_ceil(BITS) as usize;
    let mut in_scratch = false;
    for (d, start) in counts[..digits].iter_mut().enumerate() {
        let shift = LOW + d as u32 * BITS;
        if (varying >> shift) & mask == 0 {
            continue;
        }
        let mut sum = 0;
        for s in start.iter_mut() {
            let count = *s;
            *s = sum;
            sum += count;
        }
        if in_scratch {
            scatter(keys2, rows2, keys, rows, start, shift, mask);
        } else {
            scatter(keys, rows, keys2, rows2, start, shift, mask);
        }
        in_scratch = !in_scratch;
    }
    in_scratch
}

/// One radix pass: each key and its row to the next place of its bucket
/// (`start`: the next place of each bucket). Slices of their own, so the
/// compiler knows that the writes do not move the buckets' places.
#[inline(always)]
fn scatter<T: Copy>(
    keys: &[u64],
    rows: &[T],
    keys2: &mut [u64],
    rows2: &mut [T],
    start: &mut [usize; MAX_BUCKETS],
    shift: u32,
    mask: u64,
) {
    for (&k, &r) in keys.iter().zip(rows) {
        let b = ((k >> shift) & mask) as usize;
        let at = start[b];
        keys2[at] = k;
        rows2[at] = r;
        start[b] = at + 1;
    }
}

/// Bits of a non-negative time, in numeric order (−0.0 becomes 0.0).
pub(super) fn time_key(t: f64) -> u64 {
    (t + 0.0).to_bits()
}

/// An order-preserving integer key of any non-NaN f64 (−0.0 folded into 0.0).
pub(super) fn value_key(v: f64) -> u64 {
    let b = (v + 0.0).to_bits();
    if b >> 63 == 1 { !b } else { b | (1 << 63) }
}

/// Rows `0..n` ordered by stratum ascending, then `time` descending, then
/// row (the order of the reverse-time sweeps), with the times in that
/// order. `stratum` codes are below `n_strata`. `time` is consumed (its
/// buffer holds the sort keys, then the sorted times).
pub(super) fn by_stratum_time_desc(
    stratum: Option<&[u32]>,
    n_strata: usize,
    time: Vec<f64>,
) -> (Vec<u32>, Vec<f64>) {
    let mut keys: Vec<u64> = time.into_iter().map(|t| !time_key(t)).collect();
    let mut rows: Vec<u32> = (0..keys.len() as u32).collect();
    radix_sort(&mut keys, &mut rows);
    let time_of = |k: u64| f64::from_bits(!k);
    match stratum {
        None => (rows, keys.into_iter().map(time_of).collect()),
        Some(codes) => {
            // A stable counting sort by stratum keeps the time order within.
            let mut start = vec![0_usize; n_strata + 1];
            for &c in codes {
                start[c as usize + 1] += 1;
            }
            for s in 0..n_strata {
                start[s + 1] += start[s];
            }
            let mut out = vec![0_u32; rows.len()];
            let mut times = vec![0.0; rows.len()];
            for (r, k) in rows.into_iter().zip(keys) {
                let s = codes[r as usize] as usize;
                out[start[s]] = r;
                times[start[s]] = time_of(k);
                start[s] += 1;
            }
            (out, times)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_stratum_then_decreasing_time() {
        let time = [3.0, 1.0, 3.0, 2.0, 0.0, -0.0, 2.5];
        let strata = [1, 0, 1, 0, 1, 0, 1];
        let (order, sorted) = by_stratum_time_desc(Some(&strata), 2, time.to_vec());
        assert_eq!(order, vec![3, 1, 5, 0, 2, 6, 4]);
        assert_eq!(sorted, vec![2.0, 1.0, 0.0, 3.0, 3.0, 2.5, 0.0]);
        assert_eq!(
            by_stratum_time_desc(None, 1, time.to_vec()).0,
            vec![0, 2, 6, 3, 1, 4, 5]
        );
    }

    #[test]
    fn value_keys_order_like_the_numbers() {
        let v = [-1e300, -2.5, -1e-300, -0.0, 0.0, 1e-300, 3.0, f64::INFINITY];
        let keys: Vec<u64> = v.iter().map(|&x| value_key(x)).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(value_key(-0.0), value_key(0.0));
    }

    #[test]
    fn radix_sort_matches_a_comparison_sort() {
        let mut rng = crate::num::rng::Rng::new(12345);
        let mut keys: Vec<u64> = (0..5000)
            .map(|_| {
                let r = rng.next_u64();
                r >> (r % 40)
            })
            .collect();
        let mut expected: Vec<(u64, u32)> = keys.iter().copied().zip(0..).collect();
        expected.sort();
        let mut rows: Vec<u32> = (0..5000).collect();
        radix_sort(&mut keys, &mut rows);
        let got: Vec<(u64, u32)> = keys.into_iter().zip(rows).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn score_sort_matches_a_stable_comparison_sort() {
        let mut rng = crate::num::rng::Rng::new(99);
        let mut next = move || rng.next_u64();
        // Spread keys (short runs of equal high halves), crowded keys (one
        // long run, sorted by merge), and repeated keys (stability).
        let spread: Vec<u64> = (0..3000).map(|_| next() >> 20).collect();
        let crowded: Vec<u64> = (0..3000).map(|_| (7 << 32) | (next() >> 54)).collect();
        let mixed: Vec<u64> = (0..3000)
            .map(|i| {
                if i % 3 == 0 {
                    (5 << 32) | (next() % 4)
                } else {
                    (next() % 9) << 40
                }
            })
            .collect();
        // Halves of odd and tiny lengths, and one key everywhere (the merge
        // then takes the whole first half first).
        let odd: Vec<u64> = (0..3001).map(|_| (next() % 5) << 33).collect();
        let same = vec![42_u64 << 32; 2000];
        let tiny = [vec![], vec![3], vec![9, 9], vec![9, 1, 9]];
        for keys in [spread, crowded, mixed, odd, same].into_iter().chain(tiny) {
            let mut expected: Vec<(u64, u32)> = keys.iter().copied().zip(0..).collect();
            expected.sort_by_key(|e| e.0);
            let rows = (0..keys.len() as u32).collect::<Vec<u32>>();
            let (mut keys, mut rows) = (keys, rows);
            sort_scores(&mut keys, &mut rows);
            let got: Vec<(u64, u32)> = keys.into_iter().zip(rows).collect();
            assert_eq!(got, expected);
        }
    }
}
