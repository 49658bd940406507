//! Interning text labels (groups, strata, clusters) into dense codes
//! numbered in byte order of the label.
//!
//! A label's shape (length, first and last byte) indexes a small cache of
//! the code last seen with that shape; the guess is confirmed by comparing
//! the bytes. On a miss, labels are compared with each one seen so far
//! while there are few, and past [`FEW`] distinct labels a hash map takes
//! over. Codes are then renumbered so that code order is byte order
//! of the labels (skipped when first-seen order already is).

use std::collections::HashMap;

use super::data::SurvDataBuilder;
use crate::data::{SHAPES, label_shape as shape};

/// Up to this many distinct labels, a label is found by comparison.
const FEW: usize = 16;

/// Equality of two labels of the same length, without a library call or a
/// length-dependent loop for labels of 4 to 16 bytes (two overlapping
/// word comparisons).
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    let word4 = |s: &[u8], at: usize| {
        let mut w = [0_u8; 4];
        w.copy_from_slice(&s[at..at + 4]);
        u32::from_le_bytes(w)
    };
    let word8 = |s: &[u8], at: usize| {
        let mut w = [0_u8; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(w)
    };
    if (8..=16).contains(&n) {
        (word8(a, 0) == word8(b, 0)) & (word8(a, n - 8) == word8(b, n - 8))
    } else if (4..8).contains(&n) {
        (word4(a, 0) == word4(b, 0)) & (word4(a, n - 4) == word4(b, n - 4))
    } else {
        a == b
    }
}

/// Codes (one per label, in byte order of the distinct labels) and the
/// distinct labels in that order.
pub(crate) fn encode<S: AsRef<str>>(labels: &[S]) -> (Vec<u32>, Vec<String>) {
    let mut first: Vec<&[u8]> = Vec::new();
    let mut seen: HashMap<&[u8], u32> = HashMap::new();
    let mut codes: Vec<u32> = Vec::with_capacity(labels.len());
    let mut cache = [u32::MAX; SHAPES];
    for l in labels {
        let l = l.as_ref().as_bytes();
        let slot = shape(l);
        let guess = cache[slot];
        if let Some(f) = first.get(guess as usize)
            && f.len() == l.len()
            && same_bytes(f, l)
        {
            codes.push(guess);
            continue;
        }
        let code = if first.len() <= FEW {
            match first.iter().position(|f| *f == l) {
                Some(i) => i as u32,
                None => {
                    first.push(l);
                    if first.len() > FEW {
                        seen = first
                            .iter()
                            .enumerate()
                            .map(|(i, &f)| (f, i as u32))
                            .collect();
                    }
                    (first.len() - 1) as u32
                }
            }
        } else {
            *seen.entry(l).or_insert_with(|| {
                first.push(l);
                (first.len() - 1) as u32
            })
        };
        cache[slot] = code;
        codes.push(code);
    }
    let names = in_byte_order(&first, &mut codes);
    (codes, names)
}

/// Renumbers `codes` (indices into the distinct labels `distinct`) so that
/// code order is byte order of the labels; returns the labels in that
/// order (skips the renumbering when it is already so).
pub(crate) fn in_byte_order(distinct: &[&[u8]], codes: &mut [u32]) -> Vec<String> {
    let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
    order.sort_by(|&a, &b| distinct[a as usize].cmp(distinct[b as usize]));
    if order.iter().enumerate().any(|(i, &o)| i as u32 != o) {
        let mut remap = vec![0_u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        for c in codes.iter_mut() {
            *c = remap[*c as usize];
        }
    }
    order
        .iter()
        .map(|&o| String::from_utf8_lossy(distinct[o as usize]).into_owned())
        .collect()
}

impl SurvDataBuilder {
    /// Group labels borrowed from the caller (any `&str`-like items): they
    /// are coded now, in byte order of the label as [`SurvDataBuilder::groups`]
    /// does, without taking (and later freeing) the caller's strings.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let labels = ["home", "abroad", "home"];
    /// let data = SurvData::builder(vec![1.0, 2.0, 3.0], vec![1, 1, 0])
    ///     .groups_borrowed(&labels)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(data.group_labels(), ["abroad", "home"]);
    /// ```
    pub fn groups_borrowed<S: AsRef<str>>(self, labels: &[S]) -> Self {
        let (codes, names) = encode(labels);
        self.group_codes(codes, names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_byte_order_for_few_and_many_labels() {
        for distinct in [1_usize, 2, 3, 16, 17, 40] {
            let labels: Vec<String> = (0..200)
                .map(|i| format!("g{}", (i * 7 + i / 3) % distinct))
                .collect();
            let (codes, names) = encode(&labels);
            let mut expected: Vec<String> = labels.clone();
            expected.sort();
            expected.dedup();
            assert_eq!(names, expected);
            for (c, l) in codes.iter().zip(&labels) {
                assert_eq!(&names[*c as usize], l);
            }
        }
        let (codes, names) = encode::<&str>(&[]);
        assert!(codes.is_empty() && names.is_empty());
        // Labels of one shape (length, first and last byte) and lengths
        // on both sides of the word comparisons.
        for len in 1..20 {
            let a = "x".repeat(len);
            let mut b = a.clone().into_bytes();
            b[len / 2] = b'y';
            let b = String::from_utf8(b).unwrap_or_default();
            let labels = [a.clone(), b.clone(), a.clone(), b.clone()];
            let (codes, names) = encode(&labels);
            assert_eq!(names.len(), 2);
            assert_eq!(&names[codes[0] as usize], &a);
            assert_eq!(&names[codes[1] as usize], &b);
            assert_eq!(codes[0], codes[2]);
            assert_eq!(codes[1], codes[3]);
        }
        let (codes, names) = encode(&["", "b", "", "a"]);
        assert_eq!(names, ["", "a", "b"]);
        assert_eq!(codes, [0, 2, 0, 1]);
    }
}
