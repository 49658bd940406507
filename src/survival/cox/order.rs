//! Sorting once: a stable LSD radix sort of 64-bit keys with a row payload,
//! in 11-bit digits, skipping the digits that no key changes (times in whole
//! days vary in two or three digits of their IEEE representation).

/// Sorts `rows` (any payload) by `keys` ascending, stably (equal keys keep
/// their order).
pub(super) fn radix_sort<T: Copy + Default>(keys: &mut Vec<u64>, rows: &mut Vec<T>) {
    const BITS: u32 = 11;
    const MASK: u64 = (1 << BITS) - 1;
    const DIGITS: usize = 64_usize.div_ceil(BITS as usize);
    let n = keys.len();
    // One read of the keys counts every digit (instead of one read per
    // digit) and finds the bits that vary.
    let mut counts = vec![[0_usize; 1 << BITS]; DIGITS];
    let (mut and, mut or) = (!0_u64, 0_u64);
    for &k in keys.iter() {
        and &= k;
        or |= k;
        for (d, count) in counts.iter_mut().enumerate() {
            count[((k >> (d as u32 * BITS)) & MASK) as usize] += 1;
        }
    }
    let varying = and ^ or;
    if varying == 0 {
        return;
    }
    let mut keys2 = vec![0_u64; n];
    let mut rows2 = vec![T::default(); n];
    for (d, start) in counts.iter_mut().enumerate() {
        let shift = d as u32 * BITS;
        if (varying >> shift) & MASK == 0 {
            continue;
        }
        let mut sum = 0;
        for s in start.iter_mut() {
            let count = *s;
            *s = sum;
            sum += count;
        }
        for (&k, &r) in keys.iter().zip(rows.iter()) {
            let b = ((k >> shift) & MASK) as usize;
            keys2[start[b]] = k;
            rows2[start[b]] = r;
            start[b] += 1;
        }
        std::mem::swap(keys, &mut keys2);
        std::mem::swap(rows, &mut rows2);
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
        let mut state = 12345_u64;
        let mut keys: Vec<u64> = (0..5000)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                state >> (state % 40)
            })
            .collect();
        let mut expected: Vec<(u64, u32)> = keys.iter().copied().zip(0..).collect();
        expected.sort();
        let mut rows: Vec<u32> = (0..5000).collect();
        radix_sort(&mut keys, &mut rows);
        let got: Vec<(u64, u32)> = keys.into_iter().zip(rows).collect();
        assert_eq!(got, expected);
    }
}
