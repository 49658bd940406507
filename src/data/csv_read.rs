//! Streaming a CSV file into columns: the file is read in blocks and split
//! into records by `csv-core` (the state machine of the `csv` crate, so the
//! same quoting rules; a record without quotes by the equivalent
//! [`PlainSplitter`]), each record checked (field count, UTF-8, quoted line
//! breaks) and only the columns asked for kept, in columnar form. No row is
//! kept as a record and the file is never held whole in memory.

use std::io::Read;

use csv_core::ReadRecordResult;

use super::csv_columns::{Column, ColumnBuilder};
use super::csv_lines::{LineCounter, LineMap};
use super::csv_split::PlainSplitter;
use crate::error::{CsvProblem, Error, Location, Result};

/// Bytes read from the file at a time.
const BLOCK: usize = 1 << 18;

/// The columns of a CSV file, as read.
#[derive(Debug)]
pub(crate) struct ReadColumns {
    /// Every column name of the header, in file order.
    pub(crate) headers: Vec<String>,
    /// The kept columns: `(index in the header, fields)`, header order.
    pub(crate) columns: Vec<(usize, Column)>,
    /// Number of data rows.
    pub(crate) rows: usize,
    /// The line of each row.
    pub(crate) lines: LineMap,
}

fn io_error(name: &str, e: &std::io::Error) -> Error {
    Error::Csv {
        at: Location::new(name, None, None),
        problem: CsvProblem::Io {
            message: e.to_string(),
        },
    }
}

fn malformed(name: &str, line: u64, column: Option<&str>, message: String) -> Error {
    Error::Csv {
        at: Location::new(name, Some(line), column),
        problem: CsvProblem::Malformed { message },
    }
}

/// One record at a time from a reader, with the line it starts on.
struct Records<R: Read> {
    reader: R,
    core: csv_core::Reader,
    /// The fast path for records without quotes (`None`: `csv-core` only).
    plain: Option<PlainSplitter>,
    block: Vec<u8>,
    /// Unread bytes are `block[pos..len]`.
    pos: usize,
    len: usize,
    eof: bool,
    /// A block was read.
    started: bool,
    /// A record (the header) was read, by `csv-core`.
    header_read: bool,
    lines: LineCounter,
    /// The current record's fields: in `block` (split by the fast path),
    /// or else in `out`, end to end.
    in_block: bool,
    /// The fast path found the record all ASCII.
    ascii: bool,
    /// The bounds of each field in `block` or `out`.
    bounds: Vec<(usize, usize)>,
    /// The field bytes `csv-core` wrote, and their ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    nfields: usize,
}

impl<R: Read> Records<R> {
    fn new(reader: R, delimiter: u8) -> Self {
        Self::with_block(reader, delimiter, BLOCK, true)
    }

    /// Records read `block` bytes at a time, with the fast path or without.
    fn with_block(reader: R, delimiter: u8, block: usize, fast: bool) -> Self {
        Records {
            reader,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            plain: PlainSplitter::new(delimiter).filter(|_| fast),
            block: vec![0; block],
            pos: 0,
            len: 0,
            eof: false,
            started: false,
            header_read: false,
            lines: LineCounter::default(),
            in_block: false,
            ascii: false,
            bounds: Vec::new(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            nfields: 0,
        }
    }

    /// Reads the next record; false at the end of the file.
    fn next(&mut self) -> std::io::Result<bool> {
        self.lines.begin_record();
        let (mut nout, mut nend) = (0, 0);
        let mut first = true;
        loop {
            if self.pos == self.len && !self.eof {
                self.pos = 0;
                self.len = 0;
                // The first block holds more than a UTF-8 byte-order mark
                // (csv-core strips it only when whole, and reads an empty
                // block as the end of the file).
                let want = if self.started { 1 } else { 4 };
                while self.len < want && !self.eof {
                    match self.reader.read(&mut self.block[self.len..]) {
                        Ok(0) => self.eof = true,
                        Ok(n) => self.len += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                }
                self.started = true;
            }
            let input = &self.block[self.pos..self.len];
            // At a record boundary (csv-core's state after a record is
            // equivalent to a fresh record's), past the header (the
            // byte-order mark is csv-core's).
            if first
                && self.header_read
                && let Some(plain) = &self.plain
                && let Some(r) = plain.split(input, self.pos, &mut self.bounds)
            {
                if r.start > 0 {
                    self.lines.feed(&input[..r.start]);
                }
                // The record holds a byte that is not a line end.
                self.lines.feed_line(input[r.consumed - 1]);
                self.pos += r.consumed;
                self.nfields = r.fields;
                self.in_block = true;
                self.ascii = r.ascii;
                return Ok(true);
            }
            first = false;
            let (res, nin, o, e) =
                self.core
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            self.lines.feed(&input[..nin]);
            self.pos += nin;
            nout += o;
            nend += e;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                ReadRecordResult::Record => {
                    self.nfields = nend;
                    self.bounds.clear();
                    let mut start = 0;
                    for &end in &self.ends[..nend] {
                        self.bounds.push((start, end));
                        start = end;
                    }
                    self.in_block = false;
                    self.header_read = true;
                    return Ok(true);
                }
                ReadRecordResult::End => return Ok(false),
            }
        }
    }

    fn line(&self) -> u64 {
        self.lines.record_line()
    }

    /// The bytes the current record's field bounds point into.
    fn source(&self) -> &[u8] {
        if self.in_block {
            &self.block
        } else {
            &self.out
        }
    }

    /// The bytes of field `k` of the current record.
    #[inline]
    fn field(&self, k: usize) -> &[u8] {
        let (start, end) = self.bounds[k];
        &self.source()[start..end]
    }

    /// All the field bytes of the current record (with the delimiters
    /// between them when split by the fast path).
    fn bytes(&self) -> &[u8] {
        match self.nfields {
            0 => &[],
            n => &self.source()[self.bounds[0].0..self.bounds[n - 1].1],
        }
    }

    /// The first field that is not UTF-8 (the `csv` crate's check).
    fn bad_utf8(&self) -> Option<usize> {
        if (self.in_block && self.ascii) || self.bytes().is_ascii() {
            return None;
        }
        (0..self.nfields).find(|&k| std::str::from_utf8(self.field(k)).is_err())
    }

    /// The first field holding a line break.
    fn field_with_line_break(&self) -> Option<usize> {
        if self.in_block {
            // Split at the first line end: none inside.
            return None;
        }
        let p = memchr::memchr2(b'\n', b'\r', self.bytes())?;
        Some(self.ends[..self.nfields].partition_point(|&e| e <= p))
    }

    /// Field `k` as text (checked UTF-8 before).
    fn text(&self, k: usize) -> &str {
        std::str::from_utf8(self.field(k)).unwrap_or_default()
    }
}

fn utf8_error(name: &str, line: u64, field: usize) -> Error {
    malformed(
        name,
        line,
        None,
        format!(
            "field {} holds bytes that are not UTF-8 text (save the file as UTF-8)",
            field + 1
        ),
    )
}

/// Checks a header: not empty, no name twice.
fn check_header(name: &str, headers: &[String]) -> Result<()> {
    if headers.is_empty() || (headers.len() == 1 && headers[0].trim().is_empty()) {
        return Err(Error::Csv {
            at: Location::new(name, Some(1), None),
            problem: CsvProblem::EmptyFile,
        });
    }
    no_name_twice(name, headers, true)
}

/// The located error of the first column name that the header `headers`
/// of source `name` gives twice (empty names not counted when
/// `skip_empty`).
pub(super) fn no_name_twice(name: &str, headers: &[String], skip_empty: bool) -> Result<()> {
    for (k, h) in headers.iter().enumerate() {
        if skip_empty && h.is_empty() {
            continue;
        }
        if let Some(first) = headers.iter().take(k).position(|g| g == h) {
            return Err(Error::Csv {
                at: Location::new(name, Some(1), Some(h)),
                problem: CsvProblem::Inconsistent {
                    detail: format!(
                        "the header names column `{h}` twice (fields {} and {})",
                        first + 1,
                        k + 1
                    ),
                },
            });
        }
    }
    Ok(())
}

/// Reads a whole CSV stream into columns, keeping the columns of `keep`
/// (every column when `None`; names absent from the header are skipped
/// here and reported by the caller), those named in `numbers` parsed as
/// numbers while read. Errors, in file order: a header that
/// is not UTF-8, empty or names a column twice; then the first record with
/// the wrong number of fields, bytes that are not UTF-8, or a quoted line
/// break; then a file without data rows.
pub(crate) fn read_columns<R: Read>(
    name: &str,
    reader: R,
    delimiter: u8,
    keep: Option<&[&str]>,
    numbers: &[&str],
) -> Result<ReadColumns> {
    let mut records = Records::new(reader, delimiter);
    if !records.next().map_err(|e| io_error(name, &e))? {
        return Err(Error::Csv {
            at: Location::new(name, Some(1), None),
            problem: CsvProblem::EmptyFile,
        });
    }
    if let Some(k) = records.bad_utf8() {
        return Err(utf8_error(name, records.line(), k));
    }
    let headers: Vec<String> = (0..records.nfields)
        .map(|k| records.text(k).to_string())
        .collect();
    check_header(name, &headers)?;
    let kept: Vec<usize> = (0..headers.len())
        .filter(|&k| keep.is_none_or(|names| names.contains(&headers[k].as_str())))
        .collect();
    let mut builders: Vec<ColumnBuilder> = kept
        .iter()
        .map(|&k| match numbers.contains(&headers[k].as_str()) {
            true => ColumnBuilder::numbers(0),
            false => ColumnBuilder::new(),
        })
        .collect();
    let mut lines = LineMap::default();
    let mut rows = 0;
    while records.next().map_err(|e| io_error(name, &e))? {
        let line = records.line();
        if records.nfields != headers.len() {
            return Err(Error::Csv {
                at: Location::new(name, Some(line), None),
                problem: CsvProblem::WrongFieldCount {
                    expected: headers.len(),
                    found: records.nfields,
                },
            });
        }
        if let Some(k) = records.bad_utf8() {
            return Err(utf8_error(name, line, k));
        }
        // A field spanning lines is almost always an unclosed quote that
        // would swallow the rows after it: refuse it rather than lose rows.
        if let Some(k) = records.field_with_line_break() {
            return Err(malformed(
                name,
                line,
                Some(&headers[k]),
                "a quoted field spans several lines (an unclosed quote?)".to_string(),
            ));
        }
        for (b, &k) in builders.iter_mut().zip(&kept) {
            b.push_bytes(records.field(k));
        }
        lines.push(rows, line);
        rows += 1;
    }
    if rows == 0 {
        return Err(Error::Csv {
            at: Location::new(name, Some(2), None),
            problem: CsvProblem::EmptyFile,
        });
    }
    Ok(ReadColumns {
        headers,
        columns: kept
            .into_iter()
            .zip(builders.into_iter().map(ColumnBuilder::finish))
            .collect(),
        rows,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record of `text` read `block` bytes at a time: its line, its
    /// fields, its first field holding a line break and its first field
    /// that is not UTF-8.
    type Read = (u64, Vec<Vec<u8>>, Option<usize>, Option<usize>);

    fn records(text: &[u8], delimiter: u8, block: usize, fast: bool) -> Vec<Read> {
        let mut r = Records::with_block(text, delimiter, block, fast);
        let mut out = Vec::new();
        while r.next().unwrap() {
            let fields = (0..r.nfields).map(|k| r.field(k).to_vec()).collect();
            out.push((r.line(), fields, r.field_with_line_break(), r.bad_utf8()));
        }
        out
    }

    fn same(text: &[u8], delimiter: u8, block: usize) {
        let want = records(text, delimiter, 1 << 16, false);
        assert_eq!(records(text, delimiter, block, true), want, "{text:?}");
        assert_eq!(records(text, delimiter, 1 << 16, true), want, "{text:?}");
    }

    #[test]
    fn fast_records_match_csv_core_on_edge_cases() {
        for text in [
            &b"a,b\n1,2\n3,4\n"[..],
            b"a,b\r\n1,2\r\n\r\n3,4",
            b"\xef\xbb\xbfa,b\n1,2\n",
            b"a,b\r1,2\r\r3,4\r",
            b"\n\na,b\n\n1,\n,2\n\n",
            b"a,b\n\"1\n2\",3\n4,\"5\"\"\"\n6,7",
            b"a\n1\n2\n3",
            b"a,b\n1,2,3\n4\n",
            b"a,b\n\xc3\xa9,\xff\n",
            b"a,b\n1,2\n\n\r\n",
        ] {
            for block in [4, 5, 7, 64] {
                same(text, b',', block);
            }
        }
        same(b"a;b\n1;2\n\"x;y\";3\n", b';', 4);
        same(b"a\"b\n1\"2\n", b'"', 4);
    }

    proptest! {
        #[test]
        fn fast_records_match_csv_core(
            bom in proptest::bool::ANY,
            body in proptest::collection::vec(
                prop_oneof![
                    Just(b'a'), Just(b'1'), Just(b','), Just(b','), Just(b'\n'),
                    Just(b'\r'), Just(b'"'), Just(b' '), Just(0xc3), Just(0xa9),
                ],
                0..80,
            ),
            block in 4_usize..24,
        ) {
            let mut text = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
            text.extend(body);
            same(&text, b',', block);
        }
    }
}
