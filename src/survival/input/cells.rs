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

/// Most distinct exit keys that a [`KeyTally`] counts before giving up.
const TALLY_DISTINCT: usize = 1 << 14;

/// Fewest rows for which cells are tallied while validating: below, the
/// tally's tables cost more than the per-cell sorts they save.
pub(crate) const TALLY_MIN_ROWS: usize = 2048;

/// Most cells a [`KeyTally`] counts in one table (one row of counts per
/// distinct key: more cells would push the table out of cache).
pub(crate) const TALLY_CELLS: usize = 8;

/// The key no exit key can be (a finite time's key is below it): marks an
/// empty slot.
const EMPTY: u64 = u64::MAX;

/// Exit keys counted by cell while the rows are validated: the split into
/// cells and the counting sort of each cell in one read of the input. An
/// open-addressing table keyed on the exit key holds one count per cell;
/// it stays in cache while there are at most [`TALLY_DISTINCT`] distinct
/// keys (tied times), and past that the tally gives up (`finish` is `None`)
/// and the caller splits and sorts the usual way.
#[derive(Debug)]
pub(crate) struct KeyTally {
    ncells: usize,
    bits: u32,
    keys: Vec<u64>,
    /// `slot * ncells + cell`.
    counts: Vec<u32>,
    distinct: usize,
    full: bool,
    /// Counts of whole-number times below `dense_below`, by index
    /// `(2 t + censored) * ncells + cell`: no hashing and no probing.
    dense: Vec<u32>,
    /// [`DENSE`], or less for few rows (the table stays small).
    dense_below: u64,
}

/// Whole-number times below this are counted in a direct table (times in
/// days, months or years usually are).
const DENSE: u64 = 1 << 16;

#[inline(always)]
fn slot_of(k: u64, bits: u32) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

impl KeyTally {
    /// An empty tally over `ncells` cells for `n` rows.
    pub(crate) fn new(ncells: usize, n: usize) -> KeyTally {
        let bits = 10;
        KeyTally {
            ncells,
            bits,
            keys: vec![EMPTY; 1 << bits],
            counts: vec![0; (1 << bits) * ncells],
            distinct: 0,
            full: false,
            dense: Vec::new(),
            dense_below: DENSE.min((4 * n / ncells.max(1)).max(2048) as u64),
        }
    }

    /// Counts exit time `t` (valid: finite, not negative) with its event
    /// indicator in cell `cell` (below `ncells`).
    #[inline(always)]
    pub(crate) fn add_time(&mut self, cell: usize, t: f64, event: bool) {
        // (signed conversions: one instruction each; t ≥ 0, and a time past
        // i64 saturates and is not below the table's bound)
        let whole = t as i64;
        if (whole as u64) < self.dense_below && whole as f64 == t {
            let at = (2 * whole as usize + usize::from(!event)) * self.ncells + cell;
            match self.dense.get_mut(at) {
                Some(c) => *c += 1,
                None => self.grow_dense(at),
            }
        } else {
            self.add(cell, SortedExits::key(time_bits(t), event));
        }
    }

    /// Grows the direct table to hold index `at` (doubling), and counts it.
    #[inline(never)]
    fn grow_dense(&mut self, at: usize) {
        let len = (at + 1).next_power_of_two().max(1024);
        self.dense.resize(len, 0);
        self.dense[at] += 1;
    }

    /// Counts exit key `k` in cell `cell` (below `ncells`).
    #[inline(always)]
    pub(crate) fn add(&mut self, cell: usize, k: u64) {
        if self.full {
            return;
        }
        let mask = (1_usize << self.bits) - 1;
        let mut i = slot_of(k, self.bits);
        loop {
            let s = self.keys[i];
            if s == k && k != EMPTY {
                self.counts[i * self.ncells + cell] += 1;
                return;
            }
            if s == EMPTY {
                self.insert(i, cell, k);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// A key not seen before, into empty slot `i`; grows the table at half
    /// full, gives up past [`TALLY_DISTINCT`] keys.
    #[inline(never)]
    fn insert(&mut self, i: usize, cell: usize, k: u64) {
        self.distinct += 1;
        if k == EMPTY || self.distinct > TALLY_DISTINCT {
            self.full = true;
            self.keys = Vec::new();
            self.counts = Vec::new();
            return;
        }
        self.keys[i] = k;
        self.counts[i * self.ncells + cell] = 1;
        if 2 * self.distinct > self.keys.len() {
            let bits = self.bits + 1;
            let mask = (1_usize << bits) - 1;
            let mut keys = vec![EMPTY; 1 << bits];
            let mut counts = vec![0; (1 << bits) * self.ncells];
            for (slot, &k2) in self.keys.iter().enumerate() {
                if k2 != EMPTY {
                    let mut j = slot_of(k2, bits);
                    while keys[j] != EMPTY {
                        j = (j + 1) & mask;
                    }
                    keys[j] = k2;
                    let (from, to) = (slot * self.ncells, j * self.ncells);
                    counts[to..to + self.ncells]
                        .copy_from_slice(&self.counts[from..from + self.ncells]);
                }
            }
            self.bits = bits;
            self.keys = keys;
            self.counts = counts;
        }
    }

    /// The distinct keys in ascending order with their counts by cell, or
    /// `None` when the tally gave up.
    pub(crate) fn finish(self) -> Option<Tallied> {
        if self.full {
            return None;
        }
        let mut slots: Vec<(u64, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter(|p| *p.1 != EMPTY)
            .map(|(slot, &k)| (k, slot))
            .collect();
        slots.sort_unstable();
        let nc = self.ncells;
        let mut keys = Vec::with_capacity(slots.len());
        let mut counts = Vec::with_capacity(slots.len() * nc);
        // Whole-number times (direct table) and the others (hash table)
        // are disjoint: merged in key order.
        let mut hashed = slots.into_iter().peekable();
        for (j, row) in self.dense.chunks_exact(nc).enumerate() {
            if row.iter().all(|&c| c == 0) {
                continue;
            }
            let k = SortedExits::key(time_bits((j / 2) as f64), j % 2 == 0);
            while let Some(&(k2, slot)) = hashed.peek()
                && k2 < k
            {
                keys.push(k2);
                counts.extend_from_slice(&self.counts[slot * nc..slot * nc + nc]);
                hashed.next();
            }
            keys.push(k);
            counts.extend_from_slice(row);
        }
        for (k2, slot) in hashed {
            keys.push(k2);
            counts.extend_from_slice(&self.counts[slot * nc..slot * nc + nc]);
        }
        Some(Tallied {
            ncells: nc,
            keys,
            counts,
        })
    }
}

/// The distinct exit keys of a [`KeyTally`], ascending, with their counts
/// by cell (`key index * ncells + cell`).
#[derive(Debug)]
pub(crate) struct Tallied {
    ncells: usize,
    keys: Vec<u64>,
    counts: Vec<u32>,
}

impl Tallied {
    /// Writes the sorted keys of `cell` over `out`, which must hold exactly
    /// as many keys as the cell has rows.
    pub(crate) fn fill(&self, cell: usize, out: &mut [u64]) {
        let mut at = 0;
        for (j, &k) in self.keys.iter().enumerate() {
            let m = self.counts[j * self.ncells + cell] as usize;
            if m > 0 {
                out[at..at + m].fill(k);
                at += m;
            }
        }
        debug_assert_eq!(at, out.len());
    }

    /// The sorted keys of `cell` (`len` of them) in `buf`'s memory: `buf`
    /// is cut to `len` elements and reused as `u64` (an in-place collect,
    /// so no fresh pages are touched), then filled.
    pub(crate) fn write_over<T: Copy>(
        &self,
        cell: usize,
        len: usize,
        mut buf: Vec<T>,
        bits: impl Fn(T) -> u64,
    ) -> Vec<u64> {
        buf.truncate(len);
        let mut keys: Vec<u64> = buf.into_iter().map(bits).collect();
        if keys.len() < len {
            keys.resize(len, 0);
        }
        self.fill(cell, &mut keys);
        keys.shrink_to_fit();
        keys
    }
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
