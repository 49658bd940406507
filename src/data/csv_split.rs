//! The fast path of CSV record splitting: a record without any quote
//! byte, whose line end lies in the bytes at hand, is split at its
//! delimiters by one table-driven scan, where `csv-core` would run its
//! state machine and copy every byte. Anything else (a quote, a record
//! cut by the end of the block or of the file) is left to `csv-core`, so
//! the records are the same: blank lines skipped, a record ends at `\n`,
//! `\r` or `\r\n` (the `\n` of a `\r\n` skipped as a blank line before the
//! next record, as `csv-core` does).

/// What a byte is to the splitter.
const PLAIN: u8 = 0;
const DELIMITER: u8 = 1;
const LINE_END: u8 = 2;
const QUOTE: u8 = 3;

/// `b` in every byte of a word.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

const LOW7: u64 = splat(0x7f);

/// The high bit of each byte of `x` that is zero (exact: no carry crosses
/// bytes).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Splits records without quotes for one delimiter.
#[derive(Debug, Clone)]
pub(crate) struct PlainSplitter {
    class: [u8; 256],
    delimiter: u64,
}

/// A record found by [`PlainSplitter::split`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlainRecord {
    /// Bytes consumed: blank lines before the record, the record and its
    /// line-end byte (the first of a `\r\n`).
    pub consumed: usize,
    /// Where the record starts (after the blank lines).
    pub start: usize,
    /// Number of fields (bounds written to the caller's `bounds`).
    pub fields: usize,
    /// Every byte of the record is ASCII (false may also mean that a
    /// byte read past its end is not).
    pub ascii: bool,
}

impl PlainSplitter {
    /// A splitter for `delimiter`; `None` for a delimiter that is a quote
    /// or a line end (`csv-core` alone reads those).
    pub(crate) fn new(delimiter: u8) -> Option<Self> {
        if matches!(delimiter, b'"' | b'\n' | b'\r') {
            return None;
        }
        let mut class = [PLAIN; 256];
        class[usize::from(delimiter)] = DELIMITER;
        class[usize::from(b'\n')] = LINE_END;
        class[usize::from(b'\r')] = LINE_END;
        class[usize::from(b'"')] = QUOTE;
        Some(PlainSplitter {
            class,
            delimiter: splat(delimiter),
        })
    }

    /// The high bit of each byte of `w` that is special (a delimiter, a
    /// line end or a quote).
    #[inline(always)]
    fn special(&self, w: u64) -> u64 {
        zero_bytes(w ^ self.delimiter)
            | zero_bytes(w ^ splat(b'\n'))
            | zero_bytes(w ^ splat(b'\r'))
            | zero_bytes(w ^ splat(b'"'))
    }

    /// The next record of `input`, which starts at a record boundary:
    /// field `k` is `input[bounds[k].0 - base..bounds[k].1 - base]`
    /// (`bounds` grown as needed). `None` when the record holds a quote
    /// byte, or when no line end follows it in `input` (nothing is
    /// consumed then). Eight bytes are tested at a time for a special
    /// byte; only those are looked at one by one.
    #[inline]
    pub(crate) fn split(
        &self,
        input: &[u8],
        base: usize,
        bounds: &mut Vec<(usize, usize)>,
    ) -> Option<PlainRecord> {
        let mut at = 0;
        while at < input.len() && self.class[usize::from(input[at])] == LINE_END {
            at += 1;
        }
        if at == input.len() {
            return None;
        }
        let mut cut = Cut {
            base,
            record_start: at,
            start: at,
            fields: 0,
        };
        // The bytes scanned, OR-ed: their high bits say whether all are ASCII.
        let mut high = 0_u64;
        let ascii = |done: Option<PlainRecord>, high: u64| {
            done.map(|r| PlainRecord {
                ascii: high & splat(0x80) == 0,
                ..r
            })
        };
        while let Some(word) = input.get(at..at + 8) {
            let mut bytes = [0_u8; 8];
            bytes.copy_from_slice(word);
            let w = u64::from_le_bytes(bytes);
            high |= w;
            let mut mask = self.special(w);
            while mask != 0 {
                let p = at + (mask.trailing_zeros() / 8) as usize;
                if let Some(done) = cut.at(self.class[usize::from(input[p])], p, bounds) {
                    return ascii(done, high);
                }
                mask &= mask - 1;
            }
            at += 8;
        }
        while at < input.len() {
            high |= u64::from(input[at]);
            let class = self.class[usize::from(input[at])];
            if class != PLAIN
                && let Some(done) = cut.at(class, at, bounds)
            {
                return ascii(done, high);
            }
            at += 1;
        }
        None
    }
}

/// The fields of a record being split.
struct Cut {
    base: usize,
    record_start: usize,
    /// Start of the current field.
    start: usize,
    fields: usize,
}

impl Cut {
    /// A special byte of class `class` at `p`: the outcome once the record
    /// is done (`Some(None)` at a quote), `None` while it goes on.
    #[inline(always)]
    fn at(
        &mut self,
        class: u8,
        p: usize,
        bounds: &mut Vec<(usize, usize)>,
    ) -> Option<Option<PlainRecord>> {
        if class == QUOTE {
            return Some(None);
        }
        let field = (self.base + self.start, self.base + p);
        if self.fields < bounds.len() {
            bounds[self.fields] = field;
        } else {
            bounds.push(field);
        }
        self.fields += 1;
        self.start = p + 1;
        (class == LINE_END).then_some(Some(PlainRecord {
            consumed: p + 1,
            start: self.record_start,
            fields: self.fields,
            ascii: false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_records_and_refuses_the_rest() {
        let s = PlainSplitter::new(b',').unwrap();
        let mut b = Vec::new();
        let r = s.split(b"\r\n\na,,bc\r\nz", 10, &mut b).unwrap();
        assert_eq!(
            (r.consumed, r.start, r.fields, r.ascii, &b[..3]),
            (9, 3, 3, true, &[(13, 14), (15, 15), (16, 18)][..])
        );
        let r = s.split("é,b\n".as_bytes(), 0, &mut b).unwrap();
        assert_eq!((r.fields, r.ascii), (2, false));
        assert_eq!(s.split(b"a,\"b\"\n", 0, &mut b), None);
        assert_eq!(s.split(b"a,b", 0, &mut b), None);
        assert_eq!(s.split(b"\n\r\n", 0, &mut b), None);
        assert!(PlainSplitter::new(b'"').is_none());
        assert!(PlainSplitter::new(b'\r').is_none());
        // Long records: the word-at-a-time scan, special bytes at every
        // position of a word.
        let s = PlainSplitter::new(b';').unwrap();
        for k in 0..9 {
            let line = format!("{};x;{};\r\n", "a".repeat(k), "b".repeat(17 - k));
            let r = s.split(line.as_bytes(), 0, &mut b).unwrap();
            assert_eq!((r.consumed, r.fields), (line.len() - 1, 4));
            assert_eq!(b[..4], [(0, k), (k + 1, k + 2), (k + 3, 20), (21, 21)]);
            let quoted = line.replace('x', "\"");
            assert_eq!(s.split(quoted.as_bytes(), 0, &mut b), None);
        }
    }
}
