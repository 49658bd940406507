//! Integer sorts of 64-bit keys that only pay for the bits that vary.
//!
//! One read of the keys finds the bits in which they differ (`and ^ or`).
//! When those bits are few (whole-day times with an event flag vary in about
//! 16 of their 64 bits), the varying bits are gathered into a small compact
//! key and the keys are sorted by counting: one histogram pass and one
//! sequential write (keys alone), or one scatter pass (keys with a payload).
//! Otherwise the keys are replaced by their compact keys (so that, e.g., 23
//! varying bits take two passes of 12-bit digits instead of three or more
//! digits placed on the raw key), sorted by an LSD radix sort whose digits
//! are all counted in that same read, and expanded back. Both are stable
//! (equal keys keep their payload order).

/// Below this many keys a comparison sort is cheaper than the counting.
const SMALL: usize = 256;
/// At most this many varying bits are sorted by one counting pass.
const COUNT_BITS: u32 = 16;

/// The varying bits of `keys` as contiguous runs `(shift, width)`, lowest
/// first, and the bits that every key shares.
struct Varying {
    common: u64,
    runs: Vec<(u32, u32)>,
    width: u32,
}

impl Varying {
    fn of(keys: &[u64]) -> Varying {
        let (mut and, mut or) = (!0_u64, 0_u64);
        for &k in keys {
            and &= k;
            or |= k;
        }
        let mut mask = and ^ or;
        let mut runs = Vec::new();
        let mut width = 0;
        while mask != 0 {
            let lo = mask.trailing_zeros();
            let len = (!(mask >> lo)).trailing_zeros();
            runs.push((lo, len));
            width += len;
            mask = if lo + len >= 64 {
                0
            } else {
                mask & !((1_u64 << (lo + len)) - 1)
            };
        }
        Varying {
            common: and,
            runs,
            width,
        }
    }

    /// The varying bits of `k`, packed from bit 0 in key order.
    #[inline(always)]
    fn compact(&self, k: u64) -> u64 {
        let mut c = 0_u64;
        let mut at = 0;
        for &(lo, len) in &self.runs {
            c |= ((k >> lo) & low_mask(len)) << at;
            at += len;
        }
        c
    }

    /// The key whose varying bits are `c` (inverse of `compact`).
    fn expand(&self, c: u64) -> u64 {
        let mut k = self.common;
        let mut at = 0;
        for &(lo, len) in &self.runs {
            k = (k & !(low_mask(len) << lo)) | (((c >> at) & low_mask(len)) << lo);
            at += len;
        }
        k
    }

    /// Counting is used when few bits vary, and not more buckets than keys.
    fn counts(&self, n: usize) -> bool {
        self.width <= COUNT_BITS && self.runs.len() <= 4 && (1_usize << self.width) <= 4 * n.max(1)
    }
}

#[inline(always)]
fn low_mask(len: u32) -> u64 {
    if len >= 64 { !0 } else { (1_u64 << len) - 1 }
}

/// Most distinct keys that [`count_distinct`] tallies before giving up.
const MAX_DISTINCT: usize = 1 << 14;

/// The distinct keys of `keys` with their counts, in ascending key order,
/// or `None` when there are more than [`MAX_DISTINCT`], or more than a
/// quarter of the keys (few ties: sorting the keys themselves is cheaper
/// than sorting the distinct ones after hashing them all); found early,
/// the scan stops at the first key past the limit. An open-addressing
/// table that stays in cache; one read of the keys.
fn count_distinct(keys: &[u64]) -> Option<Vec<(u64, u32)>> {
    const EMPTY: u64 = u64::MAX;
    let limit = MAX_DISTINCT.min(keys.len() / 4);
    let mut bits = 10_u32;
    let mut slot_key = vec![EMPTY; 1 << bits];
    let mut slot_count = vec![0_u32; 1 << bits];
    let mut distinct = 0_usize;
    let mut max_count = 0_u32;
    let hash = |k: u64, bits: u32| (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize;
    for &k in keys {
        if k == EMPTY {
            max_count += 1;
            continue;
        }
        let mask = (1_usize << bits) - 1;
        let mut i = hash(k, bits);
        loop {
            let s = slot_key[i];
            if s == k {
                slot_count[i] += 1;
                break;
            }
            if s == EMPTY {
                slot_key[i] = k;
                slot_count[i] = 1;
                distinct += 1;
                if distinct > limit {
                    return None;
                }
                if 2 * distinct > (1 << bits) {
                    // Grow: rehash into a table twice the size.
                    bits += 1;
                    let mut nk = vec![EMPTY; 1 << bits];
                    let mut nc = vec![0_u32; 1 << bits];
                    let nmask = (1_usize << bits) - 1;
                    for (&k2, &c2) in slot_key.iter().zip(&slot_count) {
                        if k2 != EMPTY {
                            let mut j = hash(k2, bits);
                            while nk[j] != EMPTY {
                                j = (j + 1) & nmask;
                            }
                            nk[j] = k2;
                            nc[j] = c2;
                        }
                    }
                    slot_key = nk;
                    slot_count = nc;
                }
                break;
            }
            i = (i + 1) & mask;
        }
    }
    let mut out: Vec<(u64, u32)> = slot_key
        .into_iter()
        .zip(slot_count)
        .filter(|p| p.0 != EMPTY)
        .collect();
    out.sort_unstable_by_key(|p| p.0);
    if max_count > 0 {
        out.push((EMPTY, max_count));
    }
    Some(out)
}

/// Sorts `keys` ascending: by counting when there are few distinct keys
/// (tied times: one read and one sequential write), else a comparison
/// sort (on this kind of machine an LSD radix sort's scatter passes over
/// 1e6 keys cost as much as pdqsort).
pub(crate) fn sort_keys(keys: &mut [u64]) {
    if keys.len() < SMALL {
        keys.sort_unstable();
        return;
    }
    match count_distinct(keys) {
        Some(distinct) => {
            let mut at = 0;
            for (k, m) in distinct {
                let m = m as usize;
                keys[at..at + m].fill(k);
                at += m;
            }
        }
        None => keys.sort_unstable(),
    }
}

/// Sorts `keys` ascending and `payload` with them, stably.
pub(crate) fn sort_keys_with<T: Copy + Default>(keys: &mut Vec<u64>, payload: &mut Vec<T>) {
    debug_assert_eq!(keys.len(), payload.len());
    if keys.len() < SMALL {
        let mut pairs: Vec<(u64, T)> = keys.iter().copied().zip(payload.iter().copied()).collect();
        pairs.sort_by_key(|p| p.0);
        for (i, (k, p)) in pairs.into_iter().enumerate() {
            keys[i] = k;
            payload[i] = p;
        }
        return;
    }
    let v = Varying::of(keys);
    if v.runs.is_empty() {
        return;
    }
    if v.counts(keys.len()) {
        let mut start = vec![0_usize; (1 << v.width) + 1];
        for &k in keys.iter() {
            start[v.compact(k) as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut out = vec![T::default(); keys.len()];
        for (&k, &p) in keys.iter().zip(payload.iter()) {
            let c = v.compact(k) as usize;
            out[start[c]] = p;
            start[c] += 1;
        }
        // The keys follow from the counts: bucket c ends at start[c].
        let mut at = 0;
        for (c, &end) in start.iter().enumerate().take(1 << v.width) {
            if end > at {
                keys[at..end].fill(v.expand(c as u64));
                at = end;
            }
        }
        *payload = out;
        return;
    }
    lsd(keys, payload, &v);
}

/// LSD radix sort on the compact keys, in bytes: the keys are compacted in
/// place while every digit is counted, sorted byte by byte (256 buckets:
/// the scatter's write positions stay in cache), then expanded.
fn lsd<T: Copy + Default>(keys: &mut Vec<u64>, payload: &mut Vec<T>, v: &Varying) {
    let passes = v.width.div_ceil(8) as usize;
    let mut counts = vec![[0_usize; 256]; passes];
    let identity = v.runs.len() == 1 && v.runs[0].0 == 0;
    for k in keys.iter_mut() {
        if !identity {
            *k = v.compact(*k);
        }
        let b = k.to_le_bytes();
        for (count, &byte) in counts.iter_mut().zip(&b) {
            count[byte as usize] += 1;
        }
    }
    let n = keys.len();
    let mut keys2 = vec![0_u64; n];
    let mut payload2 = vec![T::default(); n];
    for (d, start) in counts.iter_mut().enumerate() {
        let mut sum = 0;
        for c in start.iter_mut() {
            let m = *c;
            *c = sum;
            sum += m;
        }
        let shift = 8 * d as u32;
        for (&k, &p) in keys.iter().zip(payload.iter()) {
            let b = (k >> shift) as u8 as usize;
            let at = start[b];
            keys2[at] = k;
            payload2[at] = p;
            start[b] = at + 1;
        }
        std::mem::swap(keys, &mut keys2);
        std::mem::swap(payload, &mut payload2);
    }
    if !identity {
        for k in keys.iter_mut() {
            *k = v.expand(*k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *state
    }

    fn cases() -> Vec<Vec<u64>> {
        let mut s = 7_u64;
        let mut out = Vec::new();
        // Random 64-bit keys, keys with a few varying bits in two runs
        // (whole-day times with a flag), shifted keys, constant keys, tiny.
        out.push((0..3000).map(|_| lcg(&mut s)).collect());
        out.push(
            (0..3000)
                .map(|_| {
                    let r = lcg(&mut s);
                    let t = ((r >> 20) % 3650 + 1) as f64;
                    (t.to_bits() << 1) | (r >> 63)
                })
                .collect(),
        );
        out.push(
            (0..5000)
                .map(|_| {
                    let r = lcg(&mut s);
                    r >> (r % 60)
                })
                .collect(),
        );
        // Heavy ties (counted): 40,000 whole-day times with a flag.
        out.push(
            (0..40_000)
                .map(|_| {
                    let r = lcg(&mut s);
                    let t = ((r >> 20) % 3650 + 1) as f64;
                    (t.to_bits() << 1) | (r >> 63)
                })
                .collect(),
        );
        out.push(vec![42; 1000]);
        // More distinct keys than the counting table takes; the largest key.
        out.push((0..20_000).map(|_| lcg(&mut s)).collect());
        out.push(
            (0..1000)
                .map(|i| if i % 3 == 0 { u64::MAX } else { i % 7 })
                .collect(),
        );
        out.push(vec![u64::MAX, 0, 5]);
        out.push(
            (0..2000)
                .map(|_| (lcg(&mut s) >> 40) | (1 << 63) | 1)
                .collect(),
        );
        out
    }

    #[test]
    fn keys_sort_like_a_comparison_sort() {
        for keys in cases() {
            let mut expected = keys.clone();
            expected.sort_unstable();
            let mut got = keys;
            sort_keys(&mut got);
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn keys_are_counted_only_when_ties_are_many() {
        let c = cases();
        // 40,000 keys, at most 7,300 distinct: counted.
        assert!(count_distinct(&c[3]).is_some_and(|d| d.len() <= 7300));
        // 3,000 random keys (all distinct): more than a quarter, not counted.
        assert!(count_distinct(&c[0]).is_none());
        // 1,000 equal keys: one entry with count 1,000.
        assert_eq!(count_distinct(&c[4]), Some(vec![(42, 1000)]));
    }

    #[test]
    fn payload_sorts_stably_with_its_keys() {
        for keys in cases() {
            let mut expected: Vec<(u64, u32)> = keys.iter().copied().zip(0..).collect();
            expected.sort();
            let mut got_keys = keys;
            let mut rows: Vec<u32> = (0..got_keys.len() as u32).collect();
            sort_keys_with(&mut got_keys, &mut rows);
            let got: Vec<(u64, u32)> = got_keys.into_iter().zip(rows).collect();
            assert_eq!(got, expected);
        }
    }
}
