//! Line numbers of CSV rows without one number per row, and the counting
//! of line ends while a file streams past.
//!
//! A line end is a `\n`, or a `\r` not followed by `\n` (old Mac files);
//! the header is line 1. A row starts on the line of its first byte that
//! is not a line end (blank lines before it are skipped).

/// The line of each row, stored as the rows where `line − row` changes
/// (after blank lines, dropped rows, quoted line breaks in the header):
/// nothing at all for the usual file where row `i` is on line `i + 2`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LineMap {
    /// `(first row, line − row)` of each run, rows increasing.
    runs: Vec<(u64, u64)>,
}

impl LineMap {
    /// The offset `line − row` in force at row `i` (2 before any run).
    fn offset(&self, i: u64) -> u64 {
        match self.runs.partition_point(|&(r, _)| r <= i) {
            0 => 2,
            k => self.runs[k - 1].1,
        }
    }

    /// The line of row `i`.
    pub(crate) fn line(&self, i: usize) -> u64 {
        i as u64 + self.offset(i as u64)
    }

    /// Records that row `i` (the next row, rows pushed in order) is on `line`.
    pub(crate) fn push(&mut self, i: usize, line: u64) {
        let last = self.runs.last().map_or(2, |r| r.1);
        let offset = line - i as u64;
        if offset != last {
            self.runs.push((i as u64, offset));
        }
    }

    /// The map of the rows kept (`keep[i]`), renumbered from 0.
    pub(crate) fn retain(&self, keep: &[bool]) -> LineMap {
        let mut out = LineMap::default();
        let kept = keep.iter().enumerate().filter(|(_, k)| **k);
        for (j, (i, _)) in kept.enumerate() {
            out.push(j, self.line(i));
        }
        out
    }
}

/// Counts line ends over bytes fed in file order and notes the line on
/// which a record starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineCounter {
    /// Line ends seen (a pending `\r` not yet counted).
    ends: u64,
    /// The last byte was a `\r` whose successor is not known yet.
    pending_cr: bool,
    /// Waiting for the first byte of a record.
    want_start: bool,
    /// Line of the record's first byte.
    start: u64,
}

impl LineCounter {
    /// Starts waiting for the next record's first byte.
    pub(crate) fn begin_record(&mut self) {
        self.want_start = true;
    }

    /// The line on which the current record started.
    pub(crate) fn record_line(&self) -> u64 {
        self.start
    }

    /// Feeds the next bytes of the file.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let mut at = 0;
        for p in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if p > at {
                self.other_bytes();
            }
            self.line_end(bytes[p]);
            at = p + 1;
        }
        if at < bytes.len() {
            self.other_bytes();
        }
    }

    /// Feeds bytes that are not line ends (at least one) followed by the
    /// line end `end` (`\n` or `\r`): as [`feed`](Self::feed) of them.
    #[inline]
    pub(crate) fn feed_line(&mut self, end: u8) {
        self.other_bytes();
        self.line_end(end);
    }

    /// A line-end byte (`\n` or `\r`): `\r\n` ends one line, a lone `\r`
    /// one, and `\r` waits for what follows it.
    #[inline]
    fn line_end(&mut self, end: u8) {
        if end == b'\n' {
            self.ends += 1;
            self.pending_cr = false;
        } else {
            if self.pending_cr {
                self.ends += 1;
            }
            self.pending_cr = true;
        }
    }

    /// Bytes that are not line ends: resolves a pending `\r` and starts a
    /// record if one is awaited.
    #[inline]
    fn other_bytes(&mut self) {
        if self.pending_cr {
            self.ends += 1;
            self.pending_cr = false;
        }
        if self.want_start {
            self.start = self.ends + 1;
            self.want_start = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start line of each record of `records` (each a run of bytes
    /// holding no line end) separated by the given line-end runs.
    fn starts(pieces: &[&str]) -> Vec<u64> {
        let mut c = LineCounter::default();
        let mut out = Vec::new();
        for p in pieces.iter().map(|p| p.as_bytes()) {
            let record = !p.is_empty() && p[0] != b'\n' && p[0] != b'\r';
            if record {
                c.begin_record();
            }
            c.feed(p);
            if record {
                out.push(c.record_line());
            }
        }
        out
    }

    #[test]
    fn counts_lf_crlf_and_lone_cr() {
        assert_eq!(starts(&["a", "\n", "b", "\n\n", "c", "\n"]), vec![1, 2, 4]);
        assert_eq!(
            starts(&["a", "\r\n", "b", "\r\n\r", "\n", "c"]),
            vec![1, 2, 4]
        );
        assert_eq!(starts(&["a", "\r", "b", "\r", "\r", "c"]), vec![1, 2, 4]);
        let mut c = LineCounter::default();
        c.begin_record();
        c.feed(b"\r\n\r");
        c.feed(b"\nx,y\r");
        assert_eq!(c.record_line(), 3);
        c.begin_record();
        c.feed(b"\r");
        c.feed(b"z");
        assert_eq!(c.record_line(), 5);
    }

    #[test]
    fn line_map_stores_only_changes() {
        let mut m = LineMap::default();
        for (i, line) in [2, 3, 5, 6, 9].into_iter().enumerate() {
            m.push(i, line);
        }
        assert_eq!(m.runs, vec![(2, 3), (4, 5)]);
        assert_eq!(
            (0..5).map(|i| m.line(i)).collect::<Vec<_>>(),
            vec![2, 3, 5, 6, 9]
        );
        let kept = m.retain(&[false, true, true, false, true]);
        assert_eq!(
            (0..3).map(|i| kept.line(i)).collect::<Vec<_>>(),
            vec![3, 5, 9]
        );
        let mut plain = LineMap::default();
        plain.push(0, 2);
        plain.push(1, 3);
        assert!(plain.runs.is_empty());
    }
}
