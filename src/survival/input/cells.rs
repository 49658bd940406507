//! Rows split into cells and each cell sorted once: the one place every
//! kind of survival input turns validated rows into sorted runs.

use serde::{Deserialize, Serialize};

/// The IEEE bits of a non-negative time, with −0.0 normalised to 0.0
/// (`+ 0.0`), so that bit order is numeric order.
#[inline]
pub(crate) fn time_bits(t: f64) -> u64 {
    (t + 0.0).to_bits()
}

/// How many rows fall in each of `ncells` cells.
pub(crate) fn count_cells(n: usize, ncells: usize, cell_of: impl Fn(usize) -> usize) -> Vec<usize> {
    let mut counts = vec![0_usize; ncells];
    for i in 0..n {
        counts[cell_of(i)] += 1;
    }
    counts
}

/// Splits rows `0..n` into cells: `push(&mut cells[cell_of(i)], i)` for
/// each row in row order (so a stable order within a cell is row order).
#[inline]
pub(crate) fn split_rows<C>(
    n: usize,
    cells: &mut [C],
    cell_of: impl Fn(usize) -> usize,
    mut push: impl FnMut(&mut C, usize),
) {
    for i in 0..n {
        push(&mut cells[cell_of(i)], i);
    }
}

/// Rows split into cells of keys, `counts[c]` rows in cell `c` (reserved
/// exactly), each key made by `key(i)` in row order.
pub(crate) fn split_keys<K>(
    n: usize,
    counts: &[usize],
    cell_of: impl Fn(usize) -> usize,
    key: impl Fn(usize) -> K,
) -> Vec<Vec<K>> {
    let mut cells: Vec<Vec<K>> = counts.iter().map(|&k| Vec::with_capacity(k)).collect();
    split_rows(n, &mut cells, cell_of, |c, i| c.push(key(i)));
    cells
}

/// Sorts each non-empty cell of keys once (a total order on the whole
/// key, so the same rows give the same cell whatever their order) and
/// makes it into a cell with `make(cell id, sorted keys)`; empty cells are
/// left out.
pub(crate) fn sorted_cells<K: Ord, C>(
    keys: Vec<Vec<K>>,
    mut make: impl FnMut(usize, Vec<K>) -> C,
) -> Vec<C> {
    keys.into_iter()
        .enumerate()
        .filter(|(_, k)| !k.is_empty())
        .map(|(id, mut k)| {
            k.sort_unstable();
            make(id, k)
        })
        .collect()
}

/// Times sorted ascending, with their case weights when the data are
/// weighted. Times are held as the IEEE bits of non-negative `f64` values
/// (−0.0 normalised to 0.0), which order exactly as the numbers do, so the
/// sort is an integer sort.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct SortedTimes {
    pub bits: Vec<u64>,
    pub weight: Option<Vec<f64>>,
}

impl SortedTimes {
    pub(crate) fn sort(&mut self) {
        match self.weight.as_mut() {
            None => crate::num::radix::sort_keys(&mut self.bits),
            Some(w) => crate::num::radix::sort_keys_with(&mut self.bits, w),
        }
    }

    pub fn time(&self, i: usize) -> f64 {
        f64::from_bits(self.bits[i])
    }

    pub fn weight(&self, i: usize) -> f64 {
        self.weight.as_ref().map_or(1.0, |w| w[i])
    }

    pub fn len(&self) -> usize {
        self.bits.len()
    }

    pub(crate) fn extend(&mut self, other: &SortedTimes) {
        self.bits.extend_from_slice(&other.bits);
        if let (Some(a), Some(b)) = (self.weight.as_mut(), other.weight.as_ref()) {
            a.extend_from_slice(b);
        }
    }
}

/// Exit times sorted ascending, each with its status: the key of a subject
/// is `bits << 1 | censored`, with `bits` the IEEE bits of its non-negative
/// exit time. Keys order by time, and at equal times events (flag 0) come
/// before censorings (flag 1), R's tie rule, so one integer sort orders
/// both.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct SortedExits {
    pub keys: Vec<u64>,
    pub weight: Option<Vec<f64>>,
}

impl SortedExits {
    pub(crate) fn sort(&mut self) {
        let mut t = SortedTimes {
            bits: std::mem::take(&mut self.keys),
            weight: self.weight.take(),
        };
        t.sort();
        self.keys = t.bits;
        self.weight = t.weight;
    }

    /// The key of an exit time and its event indicator.
    #[inline]
    pub fn key(time_bits: u64, event: bool) -> u64 {
        (time_bits << 1) | u64::from(!event)
    }

    pub fn time(&self, i: usize) -> f64 {
        f64::from_bits(self.keys[i] >> 1)
    }

    pub fn is_event(&self, i: usize) -> bool {
        self.keys[i] & 1 == 0
    }

    pub fn weight(&self, i: usize) -> f64 {
        self.weight.as_ref().map_or(1.0, |w| w[i])
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn extend(&mut self, other: &SortedExits) {
        self.keys.extend_from_slice(&other.keys);
        if let (Some(a), Some(b)) = (self.weight.as_mut(), other.weight.as_ref()) {
            a.extend_from_slice(b);
        }
    }
}
