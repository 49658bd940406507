//! Columnar storage of the fields of one CSV column.
//!
//! A column is kept in one of three forms:
//! - **numbers**, for a column the reader was asked to read as numbers:
//!   each field parsed as read ([`NumberColumn`]), its text not kept;
//! - **coded**: while it has at most [`MAX_CODES`] (1024) distinct values
//!   (event codes, groups, factor levels, ages, coarse numbers), one `u16`
//!   code per row and a dictionary of the distinct texts in first-seen order;
//! - **text**: past that, every field's text in one buffer with the end
//!   offset of each field.
//!
//! Any other column starts coded and turns to text, once, when a value beyond the
//! limit arrives. Either way no field is stored as its own allocation.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::csv_numbers::NumberColumn;
use super::float_parse::parse_field;
use crate::error::CsvProblem;

/// Most distinct values a coded column holds: a dictionary that stays in
/// the processor's cache (larger ones cost a cache miss per field, more
/// than the text form saves).
const MAX_CODES: usize = 1 << 10;

/// Dictionaries this small are searched by comparison, not hashing.
const FEW: usize = 4;

/// Slots of a direct-mapped cache indexed by [`label_shape`].
pub(crate) const SHAPES: usize = 256;

/// A short text's shape: its length and first and last bytes, hashed to
/// one of [`SHAPES`] slots. The distinct values of a column of labels
/// usually differ in shape, so the code last seen with a shape predicts a
/// field's code without a data-dependent branch, and one comparison of
/// the bytes confirms it. Used by the CSV reader's coded columns and by
/// the survival input's label coding.
#[inline(always)]
pub(crate) fn label_shape(l: &[u8]) -> usize {
    let (first, last) = match l {
        [] => (0, 0),
        [a, .., b] => (*a as usize, *b as usize),
        [a] => (*a as usize, *a as usize),
    };
    (l.len().wrapping_mul(37) ^ first.wrapping_mul(7) ^ (last << 3)) % SHAPES
}

/// FNV-1a: fast on the short keys of a CSV field.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    /// FNV's high bits (those the table probes with) are weak on short
    /// keys: a final avalanche (MurmurHash3's) spreads them.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A hash map keyed by short strings with [`Fnv`].
pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// End offsets of the fields in a text buffer: `u32` until the buffer
/// passes 4 GiB, then `u64`.
#[derive(Debug, Clone)]
pub(crate) enum Ends {
    Small(Vec<u32>),
    Large(Vec<u64>),
}

impl Ends {
    fn len(&self) -> usize {
        match self {
            Ends::Small(v) => v.len(),
            Ends::Large(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> usize {
        match self {
            Ends::Small(v) => v[i] as usize,
            Ends::Large(v) => v[i] as usize,
        }
    }

    fn push(&mut self, end: usize) {
        match self {
            Ends::Small(v) => match u32::try_from(end) {
                Ok(e) => v.push(e),
                Err(_) => {
                    let mut large: Vec<u64> = v.iter().map(|&e| u64::from(e)).collect();
                    large.push(end as u64);
                    *self = Ends::Large(large);
                }
            },
            Ends::Large(v) => v.push(end as u64),
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            Ends::Small(v) => v.shrink_to_fit(),
            Ends::Large(v) => v.shrink_to_fit(),
        }
    }
}

/// The stored fields of one column.
#[derive(Debug, Clone)]
pub(crate) enum Column {
    /// One code per row into `values` (distinct texts, first-seen order).
    Coded {
        codes: Vec<u16>,
        values: Vec<String>,
    },
    /// Every field's text, end to end, with each field's end offset.
    Text { bytes: String, ends: Ends },
    /// Numbers parsed as read.
    Numbers(NumberColumn),
}

impl Column {
    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        match self {
            Column::Coded { codes, .. } => codes.len(),
            Column::Text { ends, .. } => ends.len(),
            Column::Numbers(c) => c.len(),
        }
    }

    /// The text of row `i` (of a numbers column: as written for a field
    /// that is not a number, the number's shortest spelling otherwise).
    pub(crate) fn get(&self, i: usize) -> &str {
        match self {
            Column::Coded { codes, values } => &values[codes[i] as usize],
            Column::Text { bytes, ends } => {
                let start = if i == 0 { 0 } else { ends.get(i - 1) };
                &bytes[start..ends.get(i)]
            }
            Column::Numbers(c) => c.text(i),
        }
    }

    /// The finite number of row `i`, or the problem of its text (an empty
    /// field, unparsable text, NaN or infinity).
    #[inline]
    pub(crate) fn number(&self, i: usize) -> Result<f64, CsvProblem> {
        match self {
            Column::Numbers(c) => c.number(i),
            col => parse_field(col.get(i)),
        }
    }

    /// Keeps the rows whose `keep` flag is set.
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        match self {
            Column::Coded { codes, .. } => {
                let mut k = keep.iter();
                codes.retain(|_| *k.next().unwrap_or(&true));
                codes.shrink_to_fit();
            }
            Column::Text { .. } => {
                let mut b = ColumnBuilder::text(self.len());
                for (i, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
                    b.push_text(self.get(i));
                }
                *self = b.finish();
            }
            Column::Numbers(c) => c.retain(keep),
        }
    }

    /// The codes and dictionary of a coded column.
    pub(crate) fn coded(&self) -> Option<(&[u16], &[String])> {
        match self {
            Column::Coded { codes, values } => Some((codes, values)),
            Column::Text { .. } | Column::Numbers(_) => None,
        }
    }
}

/// Builds a [`Column`] one field at a time.
#[derive(Debug, Clone)]
pub(crate) struct ColumnBuilder {
    column: Column,
    /// Code of each dictionary text (coded form, more than [`FEW`] values).
    lookup: FnvMap<Box<str>, u16>,
    /// The code last seen with each field shape ([`label_shape`]), a guess
    /// confirmed by comparing bytes (`u16::MAX`: none yet).
    guess: [u16; SHAPES],
}

impl ColumnBuilder {
    /// An empty column, coded until it has too many distinct values.
    pub(crate) fn new() -> Self {
        ColumnBuilder {
            column: Column::Coded {
                codes: Vec::new(),
                values: Vec::new(),
            },
            lookup: FnvMap::default(),
            guess: [u16::MAX; SHAPES],
        }
    }

    /// An empty numbers column with room for `rows` fields.
    pub(crate) fn numbers(rows: usize) -> Self {
        ColumnBuilder {
            column: Column::Numbers(NumberColumn::with_capacity(rows)),
            lookup: FnvMap::default(),
            guess: [u16::MAX; SHAPES],
        }
    }

    /// An empty text column with room for `rows` fields.
    fn text(rows: usize) -> Self {
        ColumnBuilder {
            column: Column::Text {
                bytes: String::new(),
                ends: Ends::Small(Vec::with_capacity(rows)),
            },
            lookup: FnvMap::default(),
            guess: [u16::MAX; SHAPES],
        }
    }

    /// Appends a field.
    #[inline]
    pub(crate) fn push(&mut self, field: &str) {
        let Column::Coded { codes, values } = &mut self.column else {
            match &mut self.column {
                Column::Numbers(c) => c.push(field),
                _ => self.push_text(field),
            }
            return;
        };
        if let Some(&last) = codes.last()
            && values[last as usize] == field
        {
            codes.push(last);
            return;
        }
        let code = if values.len() <= FEW {
            values.iter().position(|v| v == field).map(|c| c as u16)
        } else {
            self.lookup.get(field).copied()
        };
        if let Some(c) = code {
            codes.push(c);
            return;
        }
        if values.len() == MAX_CODES {
            self.turn_to_text();
            self.push_text(field);
            return;
        }
        let c = values.len() as u16;
        values.push(field.to_string());
        if values.len() > FEW {
            if values.len() == FEW + 1 {
                for (k, v) in values.iter().enumerate() {
                    self.lookup.insert(v.as_str().into(), k as u16);
                }
            } else {
                self.lookup.insert(field.into(), c);
            }
        }
        codes.push(c);
    }

    /// Appends a field given as its bytes (UTF-8, checked by the reader).
    #[inline]
    pub(crate) fn push_bytes(&mut self, field: &[u8]) {
        match &mut self.column {
            Column::Numbers(c) => c.push_bytes(field),
            // The previous row's value again (event codes, sorted groups).
            Column::Coded { codes, values }
                if codes
                    .last()
                    .is_some_and(|&c| values[c as usize].as_bytes() == field) =>
            {
                let last = codes[codes.len() - 1];
                codes.push(last);
            }
            Column::Coded { codes, values } => {
                // The code last seen with this field's shape, if the bytes
                // agree: no hashing and no UTF-8 check for a known value.
                let slot = label_shape(field);
                let g = self.guess[slot];
                if values
                    .get(g as usize)
                    .is_some_and(|v| v.as_bytes() == field)
                {
                    codes.push(g);
                    return;
                }
                self.push(std::str::from_utf8(field).unwrap_or_default());
                if let Column::Coded { codes, .. } = &self.column
                    && let Some(&c) = codes.last()
                {
                    self.guess[slot] = c;
                }
            }
            _ => self.push(std::str::from_utf8(field).unwrap_or_default()),
        }
    }

    fn push_text(&mut self, field: &str) {
        if let Column::Text { bytes, ends } = &mut self.column {
            bytes.push_str(field);
            ends.push(bytes.len());
        }
    }

    /// Turns a coded column into text (too many distinct values).
    fn turn_to_text(&mut self) {
        let old = std::mem::replace(
            &mut self.column,
            Column::Text {
                bytes: String::new(),
                ends: Ends::Small(Vec::new()),
            },
        );
        self.lookup = FnvMap::default();
        let mut b = ColumnBuilder::text(old.len());
        for i in 0..old.len() {
            b.push_text(old.get(i));
        }
        self.column = b.column;
    }

    /// The finished column (buffers trimmed to their length).
    pub(crate) fn finish(mut self) -> Column {
        match &mut self.column {
            Column::Coded { codes, .. } => codes.shrink_to_fit(),
            Column::Text { bytes, ends } => {
                bytes.shrink_to_fit();
                ends.shrink_to_fit();
            }
            Column::Numbers(c) => c.shrink_to_fit(),
        }
        self.column
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(fields: &[&str]) -> Column {
        let mut b = ColumnBuilder::new();
        for f in fields {
            b.push(f);
        }
        b.finish()
    }

    #[test]
    fn few_values_are_coded_and_read_back() {
        let c = build(&["1", "0", "0", "1", "", "x y"]);
        let (codes, values) = c.coded().unwrap();
        assert_eq!(codes, &[0, 1, 1, 0, 2, 3]);
        assert_eq!(values, &["1", "0", "", "x y"]);
        let back: Vec<&str> = (0..c.len()).map(|i| c.get(i)).collect();
        assert_eq!(back, vec!["1", "0", "0", "1", "", "x y"]);
    }

    #[test]
    fn many_values_use_the_map_then_text() {
        let fields: Vec<String> = (0..MAX_CODES + 10)
            .map(|i| (i % (MAX_CODES + 5)).to_string())
            .collect();
        let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
        let c = build(&refs[..MAX_CODES]);
        assert!(c.coded().is_some());
        assert_eq!(c.get(MAX_CODES - 1), refs[MAX_CODES - 1]);
        let c = build(&refs);
        assert!(c.coded().is_none());
        for (i, f) in refs.iter().enumerate() {
            assert_eq!(c.get(i), *f);
        }
    }

    #[test]
    fn retain_keeps_order_in_both_forms() {
        let keep = [true, false, true, true];
        let mut coded = build(&["a", "b", "a", "c"]);
        coded.retain(&keep);
        assert_eq!((coded.len(), coded.get(2)), (3, "c"));
        let mut text = ColumnBuilder::text(4);
        for f in ["a", "bb", "", "dddd"] {
            text.push(f);
        }
        let mut text = text.finish();
        text.retain(&keep);
        let back: Vec<&str> = (0..text.len()).map(|i| text.get(i)).collect();
        assert_eq!(back, vec!["a", "", "dddd"]);
    }

    #[test]
    fn fields_as_bytes_code_like_text_fields_shapes_colliding_or_not() {
        // Values of one shape (length, first and last byte) alternate with
        // others; then more values than a coded column holds.
        let mut rng = crate::num::rng::Rng::new(11);
        let pool: Vec<String> = (0..40)
            .map(|k| format!("a{}{k:02}b", ["", "x", "yy"][k % 3]))
            .chain((0..MAX_CODES + 3).map(|k| k.to_string()))
            .collect();
        for limit in [2, 7, 40, pool.len()] {
            let fields: Vec<&str> = (0..4000)
                .map(|_| pool[rng.below(limit as u64) as usize].as_str())
                .collect();
            let mut b = ColumnBuilder::new();
            for f in &fields {
                b.push_bytes(f.as_bytes());
            }
            let bytes = b.finish();
            let text = build(&fields);
            assert_eq!(bytes.coded(), text.coded(), "{limit} values");
            for (i, f) in fields.iter().enumerate() {
                assert_eq!(bytes.get(i), *f);
            }
        }
    }

    #[test]
    fn offsets_widen_past_u32() {
        let mut e = Ends::Small(vec![3]);
        e.push(u32::MAX as usize + 7);
        assert_eq!((e.len(), e.get(0), e.get(1)), (2, 3, u32::MAX as usize + 7));
    }
}
