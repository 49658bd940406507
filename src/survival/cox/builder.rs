//! Collecting, validating and sorting the columns of a `CoxData`.

use ndarray::Array2;

use super::data::CoxData;
use super::moments::Moments;
use super::order::by_stratum_time_desc;
use crate::error::{Error, Result, ValueProblem, invalid};
use crate::survival::input::check::{CodeRule, check_len, invalid_at as bad};
use crate::survival::input::codes::Codes;
use crate::survival::input::core::Core;
use crate::survival::input::setters::builder_setters;

/// `f::<P>(args)` (or `x.f::<P>(args)`) for a width `P` of 1 to 8 known at compile time (the
/// loops over a row then unroll), else `$other`.
macro_rules! by_width {
    ($p:expr, $($f:ident).+($($arg:expr),*), $other:expr) => {
        match $p {
            1 => $($f).+::<1>($($arg),*),
            2 => $($f).+::<2>($($arg),*),
            3 => $($f).+::<3>($($arg),*),
            4 => $($f).+::<4>($($arg),*),
            5 => $($f).+::<5>($($arg),*),
            6 => $($f).+::<6>($($arg),*),
            7 => $($f).+::<7>($($arg),*),
            8 => $($f).+::<8>($($arg),*),
            _ => $other,
        }
    };
}

/// Largest matrix (values) sorted in place rather than gathered into a
/// new buffer (1 MB: the cycles' dependent moves stay in the second-level
/// cache; at 8 MB, one covariate of 1e6 rows, each move waited on memory
/// and the cycles cost 100 ms where the gather costs under 10).
const IN_PLACE_VALUES: usize = 1 << 17;
/// Rows of the covariate gather whose source rows are read ahead together.
const TOUCH_ROWS: usize = 64;
/// Rows per block of the covariate gather on several threads (feature `parallel`).
#[cfg(feature = "parallel")]
const GATHER_ROWS: usize = 4096;

/// Covariates as given: one column, or a matrix of several.
#[derive(Debug, Clone)]
enum Block {
    Column(Vec<f64>),
    Matrix(Array2<f64>),
}

impl Block {
    fn rows(&self) -> usize {
        match self {
            Block::Column(v) => v.len(),
            Block::Matrix(m) => m.nrows(),
        }
    }

    /// The values, row-major, and the number of columns.
    fn values(&self) -> (&[f64], usize) {
        match self {
            Block::Column(v) => (&v[..], 1),
            // Cannot fail: `covariates` stores matrices in standard layout.
            Block::Matrix(m) => (
                m.as_slice().expect("standard layout (made so on entry)"),
                m.ncols(),
            ),
        }
    }

    fn width(&self) -> usize {
        match self {
            Block::Column(_) => 1,
            Block::Matrix(m) => m.ncols(),
        }
    }
}

/// Collects and validates the columns of a [`CoxData`].
#[derive(Debug, Clone)]
pub struct CoxDataBuilder {
    /// Exit, event, entry, weight, strata and cluster columns.
    pub(super) core: Core,
    names: Vec<String>,
    blocks: Vec<Block>,
    problem: Option<Error>,
}

builder_setters!(
    CoxDataBuilder,
    "CoxData::builder(vec![2.0], vec![1]).covariate(\"x\", vec![1.0])",
    "CoxData::builder(vec![1.0, 2.0], vec![1, 1]).covariate(\"x\", vec![0.0, 1.0])",
    "use return_migration::survival::CoxData;";
    entry, weights, strata, clusters
);

impl CoxData {
    /// Starts a builder from exit times and event codes (0 = censored, 1 = event).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// assert!(CoxData::builder(vec![1.0], vec![1]).build().is_err()); // no covariate
    /// ```
    pub fn builder(time: Vec<f64>, event: Vec<i64>) -> CoxDataBuilder {
        CoxDataBuilder {
            core: Core::new(time, event),
            names: Vec::new(),
            blocks: Vec::new(),
            problem: None,
        }
    }
}

impl CoxDataBuilder {
    /// A builder over shared columns read elsewhere (a CSV table).
    pub(super) fn from_core(core: Core) -> Self {
        CoxDataBuilder {
            core,
            names: Vec::new(),
            blocks: Vec::new(),
            problem: None,
        }
    }

    /// Adds a numeric covariate (binary covariates as 0/1).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let err = CoxData::builder(vec![1.0], vec![1]).covariate("x", vec![f64::NAN]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `x`: value NaN is not finite");
    /// ```
    pub fn covariate(mut self, name: &str, values: Vec<f64>) -> Self {
        self.names.push(name.to_string());
        self.blocks.push(Block::Column(values));
        self
    }

    /// Adds the columns of `x` (rows × covariates) as covariates named `names`.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// use return_migration::survival::CoxData;
    /// let d = CoxData::builder(vec![1.0, 2.0], vec![1, 0])
    ///     .covariates(&["a", "b"], array![[1.0, 0.0], [2.0, 1.0]])
    ///     .build()?;
    /// assert_eq!(d.covariate_names().len(), 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn covariates(mut self, names: &[&str], x: Array2<f64>) -> Self {
        if names.len() != x.ncols() {
            self.problem = Some(invalid(
                "covariates",
                format!("{} names for {} columns", names.len(), x.ncols()),
            ));
            return self;
        }
        self.names.extend(names.iter().map(|n| n.to_string()));
        let x = if x.is_standard_layout() {
            x
        } else {
            x.as_standard_layout().into_owned()
        };
        self.blocks.push(Block::Matrix(x));
        self
    }

    /// Validates and sorts. Errors: [`Error::InvalidValue`] (row and column)
    /// for a NaN or infinite value, a negative time, an entry not strictly
    /// before its exit, an event code other than 0 or 1, a negative weight;
    /// [`Error::LengthMismatch`]; [`Error::EmptyInput`]; an
    /// [`Error::InvalidArgument`] for no covariate or a repeated name.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxData;
    /// let err = CoxData::builder(vec![1.0], vec![2]).covariate("x", vec![0.0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `event`: event code `2` is not 0 or 1");
    /// ```
    pub fn build(self) -> Result<CoxData> {
        if let Some(e) = self.problem {
            return Err(e);
        }
        let core = &self.core;
        core.check_rows(u32::MAX as usize - 1, "more than 2^32 − 2 rows")?;
        if self.names.is_empty() {
            return Err(invalid("covariates", "at least one covariate is needed"));
        }
        for (k, name) in self.names.iter().enumerate() {
            if self.names[..k].contains(name) {
                return Err(invalid("covariates", format!("`{name}` is given twice")));
            }
        }
        let n = core.len();
        check_len("event", core.code.len(), n)?;
        let mut j = 0;
        for block in &self.blocks {
            check_len(&self.names[j], block.rows(), n)?;
            j += block.width();
        }
        core.check_lengths(CodeRule::ZeroOne)?;
        let moments = self.validate()?;
        if let Some((j, min, max)) = moments.overflowing_span() {
            return Err(Error::NotIdentifiable {
                term: self.names[j].clone(),
                reason: format!(
                    "its values span more than the largest double ({min:e} to {max:e}), so \
                     they cannot be centred; rescale the covariate (e.g. divide by 1e300)"
                ),
            });
        }
        Ok(self.sorted(moments))
    }

    /// Checks every row in order (the first bad value is the error) and
    /// accumulates the covariates' moments on the way.
    fn validate(&self) -> Result<Moments> {
        if let Some(m) = self.quick_moments() {
            return Ok(m);
        }
        let p = self.names.len();
        let mut m = Moments::new(p, self.core.len());
        let sources: Vec<(&[f64], usize)> = self.blocks.iter().map(Block::values).collect();
        self.core.validate(
            CodeRule::ZeroOne,
            None,
            |_, _| Ok(()),
            |i| {
                let mut bad_value = None;
                let mut j0 = 0;
                for &(all, w) in &sources {
                    for (j, &v) in all[i * w..(i + 1) * w].iter().enumerate() {
                        if v.is_finite() {
                            m.add(j0 + j, v);
                        } else if bad_value.is_none() {
                            bad_value = Some((j0 + j, v));
                        }
                    }
                    j0 += w;
                }
                if let Some((j, value)) = bad_value {
                    return Err(bad(i, &self.names[j], ValueProblem::NotFinite { value }));
                }
                m.rows += 1;
                Ok(())
            },
        )?;
        Ok(m)
    }

    /// The covariates' moments when every row is valid, found without a
    /// branch per value (one pass over each column of the core, one over
    /// the covariates): for one matrix or columns alone of at most 8
    /// covariates. None otherwise or at a bad value, which the row-by-row
    /// check then locates.
    fn quick_moments(&self) -> Option<Moments> {
        let p = self.names.len();
        let mut m = Moments::new(p, self.core.len());
        // Widths without a whole-row path skip the validity pass too (the
        // row-by-row check follows anyway).
        let ok = (1..=8).contains(&p)
            && self.core.rows_valid(CodeRule::ZeroOne)
            && by_width!(p, self.add_rows(&mut m), false);
        ok.then_some(m)
    }

    /// [`Moments::add_rows`] of the P covariates (one matrix, or P
    /// columns); false for other blocks or a value that is not finite.
    fn add_rows<const P: usize>(&self, m: &mut Moments) -> bool {
        let n = self.core.len();
        let columns: Vec<&[f64]> = self
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Column(c) => Some(&c[..n]),
                Block::Matrix(_) => None,
            })
            .collect();
        match (&self.blocks[..], <[&[f64]; P]>::try_from(columns)) {
            ([block @ Block::Matrix(_)], _) => {
                let (values, width) = block.values();
                let (rows, _) = values[..n * width].as_chunks::<P>();
                width == P && m.add_rows::<P>(n, |i| rows[i])
            }
            (_, Ok(columns)) => m.add_rows::<P>(n, |i| std::array::from_fn(|j| columns[j][i])),
            _ => false,
        }
    }

    fn sorted(mut self, moments: Moments) -> CoxData {
        let n = self.core.len();
        let p = self.names.len();
        let (strata_codes, strata_labels) = self.core.take_strata();
        let (cluster_codes, cluster_labels) = self.core.take_clusters();
        let (order, exit) = by_stratum_time_desc(
            strata_codes.as_deref(),
            strata_labels.len(),
            // The times are no longer needed once sorted.
            std::mem::take(&mut self.core.time),
        );
        // Nor the codes once the events are in sorted order. Codes of 8
        // bytes are first packed into bits in their own buffer (no new one),
        // which the gather in sorted order then reads from the caches (the
        // codes themselves would be a cache miss a row); codes of one byte
        // (read from a table) are gathered as they are.
        let event: Vec<bool> = match std::mem::take(&mut self.core.code) {
            Codes::Wide(mut code) => {
                pack_events(&mut code);
                order
                    .iter()
                    .map(|&i| (code[i as usize / 64] >> (i % 64)) & 1 == 1)
                    .collect()
            }
            Codes::Byte(code) => order.iter().map(|&i| code[i as usize] == 1).collect(),
        };
        let means = moments.means();
        // The largest magnitude of each centred column, from the extremes
        // (the same value as a pass over the centred rows).
        let big = moments.centred_extent(&means);
        let (mut x, ss) = match &mut self.blocks[..] {
            // One small matrix holding every covariate: sorted and centred
            // in place (no second n × p copy, whose fresh pages would cost
            // more than the in-cache moves).
            [Block::Matrix(m)] if m.ncols() == p && n * p <= IN_PLACE_VALUES => {
                // Standard layout (made so on entry): the n × p values are
                // contiguous from the offset.
                let (mut x, offset) = std::mem::take(m).into_raw_vec_and_offset();
                x.drain(..offset.unwrap_or(0));
                x.truncate(n * p);
                permute_rows(&mut x, p, &order);
                for row in x.chunks_exact_mut(p) {
                    for (v, m) in row.iter_mut().zip(&means) {
                        *v -= m;
                    }
                }
                let ss = scaled_squares(&x, &big);
                (x, ss)
            }
            // Otherwise gathered row by row into a new buffer (independent
            // reads, which the processor overlaps, where the in-place cycles
            // are a chain of dependent cache misses), centred on the way;
            // the unsorted covariates are freed right after.
            blocks => gather_centred(blocks, n, p, &order, &means, &big),
        };
        self.blocks.clear();
        // Scaled by each column's standard deviation, computed from the
        // centred values divided by their largest magnitude (no overflow
        // at 1e154, no underflow at 1e-155): the fit runs on unit-variance
        // covariates and reports on the original scale. The sums of
        // squares `ss` run row by row in sorted order.
        let scale: Vec<f64> = (0..p)
            .map(|j| {
                if big[j] == 0.0 || n < 2 {
                    return 1.0;
                }
                let sd = big[j] * (ss[j] / (n as f64 - 1.0)).sqrt();
                if sd.is_finite() && sd > 0.0 { sd } else { 1.0 }
            })
            .collect();
        let divide = |x: &mut [f64]| divide_columns(x, &scale);
        #[cfg(not(feature = "parallel"))]
        divide(&mut x);
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            x.par_chunks_mut(p.max(1) * GATHER_ROWS).for_each(divide);
        }
        let sd: Vec<f64> = (0..p)
            .map(|j| {
                let varies = (1..n).any(|k| x[k * p + j] != x[j]);
                if varies { 1.0 } else { 0.0 }
            })
            .collect();
        let gather = |v: &[f64]| order.iter().map(|&i| v[i as usize]).collect::<Vec<f64>>();
        let entry = self.core.entry.as_deref().map(gather);
        let weight = self.core.weight.as_deref().map(gather);
        let mut bounds = vec![0; strata_labels.len() + 1];
        match &strata_codes {
            Some(codes) => {
                for &c in codes {
                    bounds[c as usize + 1] += 1;
                }
                for s in 0..strata_labels.len() {
                    bounds[s + 1] += bounds[s];
                }
            }
            None => bounds[1] = n,
        }
        let cluster = cluster_codes.map(|codes| order.iter().map(|&i| codes[i as usize]).collect());
        let entry_order = entry.as_ref().map(|e| {
            let sorted_strata: Option<Vec<u32>> = strata_codes
                .as_ref()
                .map(|codes| order.iter().map(|&i| codes[i as usize]).collect());
            by_stratum_time_desc(sorted_strata.as_deref(), strata_labels.len(), e.clone()).0
        });
        CoxData {
            names: self.names,
            order,
            exit,
            entry,
            event,
            weight,
            // Cannot fail: `x` was filled with p values for each of the n rows just above.
            x: Array2::from_shape_vec((n, p), x).expect("n × p values"),
            means,
            scale,
            sd,
            bounds,
            strata_labels,
            cluster,
            cluster_labels,
            entry_order,
            dropped: Vec::new(),
        }
    }
}

/// Packs the event codes (0 or 1) into bits at the start of their own
/// buffer: bit `i % 64` of word `i / 64` is row `i`'s code. Each word is
/// written after every code it packs was read (word `w` holds rows from
/// `64·w` on, and `w` ≤ `64·w`).
fn pack_events(code: &mut [i64]) {
    for w in 0..code.len().div_ceil(64) {
        let rows = &code[w * 64..code.len().min((w + 1) * 64)];
        let bits = rows
            .iter()
            .enumerate()
            .fold(0_u64, |bits, (b, &c)| bits | u64::from(c == 1) << b);
        code[w] = bits as i64;
    }
}

/// Σ (v / big)² of each column of the row-major `x`, row by row in order
/// (the width is `big.len()`).
fn scaled_squares(x: &[f64], big: &[f64]) -> Vec<f64> {
    by_width!(big.len(), scaled_squares_fixed(x, big), {
        let mut ss = vec![0.0_f64; big.len()];
        for row in x.chunks_exact(big.len().max(1)) {
            for ((s, v), b) in ss.iter_mut().zip(row).zip(big) {
                *s += (v / b).powi(2);
            }
        }
        ss
    })
}

/// [`scaled_squares`] of `P` columns (the same sums, the columns' side by
/// side in registers, their divisions two at a time).
fn scaled_squares_fixed<const P: usize>(x: &[f64], big: &[f64]) -> Vec<f64> {
    let big: [f64; P] = std::array::from_fn(|j| big[j]);
    let mut ss = [0.0_f64; P];
    for row in x.as_chunks::<P>().0 {
        for j in 0..P {
            ss[j] += (row[j] / big[j]).powi(2);
        }
    }
    ss.to_vec()
}

/// Divides each column of the row-major `x` by its `scale` (the width is
/// `scale.len()`), with the width known at compile time up to 8.
fn divide_columns(x: &mut [f64], scale: &[f64]) {
    fn fixed<const P: usize>(x: &mut [f64], scale: &[f64]) {
        let scale: [f64; P] = std::array::from_fn(|j| scale[j]);
        for row in x.as_chunks_mut::<P>().0 {
            for j in 0..P {
                row[j] /= scale[j];
            }
        }
    }
    by_width!(scale.len(), fixed(x, scale), {
        for row in x.chunks_exact_mut(scale.len().max(1)) {
            for (v, s) in row.iter_mut().zip(scale) {
                *v /= s;
            }
        }
    })
}

/// Gathers the covariate blocks into sorted order, centred, row-major, in
/// one pass over the rows (each row reads its values from every block: a
/// column is a block of width 1), with the sums of squares of the centred
/// values divided by `big` ([`scaled_squares`]).
fn gather_centred(
    blocks: &[Block],
    n: usize,
    p: usize,
    order: &[u32],
    means: &[f64],
    big: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    let sources: Vec<(&[f64], usize)> = blocks.iter().map(Block::values).collect();
    let mut x = vec![0.0; n * p];
    let gather_row = |dst: &mut [f64], i: u32| {
        let i = i as usize;
        let mut j0 = 0;
        for &(values, w) in &sources {
            let src = &values[i * w..(i + 1) * w];
            for ((d, v), m) in dst[j0..j0 + w].iter_mut().zip(src).zip(&means[j0..j0 + w]) {
                *d = v - m;
            }
            j0 += w;
        }
    };
    // In batches of rows: first one read of each cache line of every
    // source row of the batch, independent reads whose cache misses
    // overlap (the row loop below, longer, would hold fewer of them in
    // flight at a time); the rows are then read from the caches.
    let gather_rows = |x: &mut [f64], order: &[u32]| {
        for (xs, os) in x.chunks_mut(p * TOUCH_ROWS).zip(order.chunks(TOUCH_ROWS)) {
            let mut touched = 0_u64;
            for &i in os {
                let i = i as usize;
                for &(values, w) in &sources {
                    touched ^= values[i * w].to_bits() ^ values[i * w + w - 1].to_bits();
                }
            }
            std::hint::black_box(touched);
            for (dst, &i) in xs.chunks_exact_mut(p).zip(os) {
                gather_row(dst, i);
            }
        }
    };
    #[cfg(not(feature = "parallel"))]
    gather_rows(&mut x, order);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        x.par_chunks_mut(p * GATHER_ROWS)
            .zip(order.par_chunks(GATHER_ROWS))
            .for_each(|(x, order)| gather_rows(x, order));
    }
    // A pass of its own (in the gather the divisions would hold back the
    // overlapping cache misses).
    let ss = scaled_squares(&x, big);
    (x, ss)
}

/// Reorders the rows of a row-major matrix of width `p` in place so that
/// row `k` becomes the old row `order[k]` (`order` a permutation), one
/// cycle at a time, with one row of scratch and one bit per row.
fn permute_rows(x: &mut [f64], p: usize, order: &[u32]) {
    // Rows of a width known at compile time move as arrays (a call to
    // `memmove` per row cost a quarter of `coxph` with one covariate).
    by_width!(p, permute_fixed(x, order), permute_any(x, p, order))
}

/// [`permute_rows`] for rows of `P` values.
fn permute_fixed<const P: usize>(x: &mut [f64], order: &[u32]) {
    let n = order.len();
    let (rows, _) = x.as_chunks_mut::<P>();
    let mut done = vec![0_u64; n.div_ceil(64)];
    for start in 0..n {
        if done[start / 64] >> (start % 64) & 1 == 1 {
            continue;
        }
        let scratch = rows[start];
        let mut k = start;
        loop {
            done[k / 64] |= 1 << (k % 64);
            let from = order[k] as usize;
            if from == start {
                rows[k] = scratch;
                break;
            }
            rows[k] = rows[from];
            k = from;
        }
    }
}

/// [`permute_rows`] for any width.
fn permute_any(x: &mut [f64], p: usize, order: &[u32]) {
    let n = order.len();
    let mut done = vec![0_u64; n.div_ceil(64)];
    let mut scratch = vec![0.0; p];
    for start in 0..n {
        if done[start / 64] >> (start % 64) & 1 == 1 {
            continue;
        }
        // The cycle start -> order[start] -> ...: each row takes the next.
        scratch.copy_from_slice(&x[start * p..(start + 1) * p]);
        let mut k = start;
        loop {
            done[k / 64] |= 1 << (k % 64);
            let from = order[k] as usize;
            if from == start {
                x[k * p..(k + 1) * p].copy_from_slice(&scratch);
                break;
            }
            x.copy_within(from * p..(from + 1) * p, k * p);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_permuted_in_place_at_every_width() {
        let mut rng = crate::num::rng::Rng::new(3);
        for p in 1..=10 {
            for n in [1_usize, 2, 63, 64, 65, 300] {
                // A random permutation (Fisher–Yates).
                let mut order: Vec<u32> = (0..n as u32).collect();
                for k in (1..n).rev() {
                    order.swap(k, rng.below(k as u64 + 1) as usize);
                }
                let x: Vec<f64> = (0..n * p).map(|v| v as f64).collect();
                let expected: Vec<f64> = order
                    .iter()
                    .flat_map(|&i| x[i as usize * p..(i as usize + 1) * p].to_vec())
                    .collect();
                let mut permuted = x.clone();
                permute_rows(&mut permuted, p, &order);
                assert_eq!(permuted, expected, "p = {p}, n = {n}");
            }
        }
    }

    #[test]
    fn events_packed_in_place_are_the_codes() {
        let mut rng = crate::num::rng::Rng::new(5);
        for n in [1_usize, 63, 64, 65, 130, 1000] {
            let codes: Vec<i64> = (0..n).map(|_| rng.below(2) as i64).collect();
            let mut packed = codes.clone();
            pack_events(&mut packed);
            for (i, &c) in codes.iter().enumerate() {
                assert_eq!((packed[i / 64] >> (i % 64)) & 1, c, "n = {n}, row {i}");
            }
        }
    }

    #[test]
    fn in_place_and_gathered_sorting_agree() {
        let (n, p) = (41, 3);
        let order: Vec<u32> = (0..n as u32).map(|k| (k * 17 + 5) % n as u32).collect();
        let values: Vec<f64> = (0..n * p).map(|v| (v as f64 * 0.37).sin()).collect();
        let means = vec![0.1, -0.2, 0.3];
        let mut in_place = values.clone();
        permute_rows(&mut in_place, p, &order);
        for row in in_place.chunks_exact_mut(p) {
            for (v, m) in row.iter_mut().zip(&means) {
                *v -= m;
            }
        }
        let matrix = Array2::from_shape_vec((n, p), values.clone()).unwrap();
        let big = vec![1.5, 2.0, 0.5];
        let (gathered, ss) = gather_centred(&[Block::Matrix(matrix)], n, p, &order, &means, &big);
        assert_eq!(in_place, gathered);
        assert_eq!(ss, scaled_squares(&in_place, &big));
        // Columns and a matrix: the same values.
        let columns: Vec<Block> = (0..p)
            .map(|j| Block::Column((0..n).map(|i| values[i * p + j]).collect()))
            .collect();
        let from_columns = gather_centred(&columns, n, p, &order, &means, &big).0;
        assert_eq!(from_columns, gathered);
    }
}
