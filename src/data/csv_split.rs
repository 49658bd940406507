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

/// Splits records without quotes for one delimiter.
#[derive(Debug, Clone)]
pub(crate) struct PlainSplitter {
    class: [u8; 256],
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
        Some(PlainSplitter { class })
    }

    /// The next record of `input`, which starts at a record boundary:
    /// field `k` is `input[bounds[k].0 - base..bounds[k].1 - base]`
    /// (`bounds` grown as needed). `None` when the record holds a quote byte, or when no line
    /// end follows it in `input` (nothing is consumed then).
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
        let record_start = at;
        let mut fields = 0;
        let mut start = at;
        let mut put = |fields: &mut usize, field: (usize, usize)| {
            if *fields < bounds.len() {
                bounds[*fields] = field;
            } else {
                bounds.push(field);
            }
            *fields += 1;
        };
        while let Some(&b) = input.get(at) {
            match self.class[usize::from(b)] {
                PLAIN => {}
                DELIMITER => {
                    put(&mut fields, (base + start, base + at));
                    start = at + 1;
                }
                LINE_END => {
                    put(&mut fields, (base + start, base + at));
                    return Some(PlainRecord {
                        consumed: at + 1,
                        start: record_start,
                        fields,
                    });
                }
                _ => return None,
            }
            at += 1;
        }
        None
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
            (r.consumed, r.start, r.fields, &b[..3]),
            (9, 3, 3, &[(13, 14), (15, 15), (16, 18)][..])
        );
        assert_eq!(s.split(b"a,\"b\"\n", 0, &mut b), None);
        assert_eq!(s.split(b"a,b", 0, &mut b), None);
        assert_eq!(s.split(b"\n\r\n", 0, &mut b), None);
        assert!(PlainSplitter::new(b'"').is_none());
        assert!(PlainSplitter::new(b'\r').is_none());
    }
}
