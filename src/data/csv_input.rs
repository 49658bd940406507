//! Reading CSV tables with errors that name the file, the line and the column.
//!
//! [`CsvTable`] reads a whole CSV file with a header row and gives typed
//! access to its fields. Every parse error is an [`Error::Csv`] with a
//! [`Location`] (file, line — the header is line 1 — and column) and a
//! [`CsvProblem`]. Rows are never skipped: a row that cannot be read is an
//! error, not a silent omission.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{CsvProblem, Error, Location, Result, ValueProblem};

/// A CSV table held in memory, with its header and each row's line number.
///
/// # Example
/// ```
/// use return_migration::data::CsvTable;
/// let t = CsvTable::from_text("returns.csv", "year,value\n2015,1399\n2016,x\n").unwrap();
/// assert_eq!(t.parse_count(0, "value").unwrap(), 1399.0);
/// let err = t.parse_count(1, "value").unwrap_err();
/// assert_eq!(err.to_string(), "returns.csv, line 3, column `value`: cannot parse `x` as a number");
/// ```
#[derive(Debug, Clone)]
pub struct CsvTable {
    name: String,
    headers: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
    /// Physical line of each row (header = 1), counted from the record's
    /// byte offset: exact with CRLF endings, blank lines and quoted newlines.
    lines: Vec<u64>,
}

/// Line number (1-based) of a byte offset, given the offsets of every `\n`.
fn line_of(newlines: &[usize], byte: u64) -> u64 {
    newlines.partition_point(|&p| (p as u64) < byte) as u64 + 1
}

/// The csv reader places a record at the end of the previous line's
/// terminator (before a CRLF's `\n`, or before blank lines); the record
/// itself starts at the first byte that is not a line terminator.
fn record_start(bytes: &[u8], byte: u64) -> u64 {
    let mut b = byte as usize;
    while b < bytes.len() && (bytes[b] == b'\r' || bytes[b] == b'\n') {
        b += 1;
    }
    b as u64
}

fn csv_error(name: &str, bytes: &[u8], newlines: &[usize], e: csv::Error) -> Error {
    let line = e
        .position()
        .map(|p| line_of(newlines, record_start(bytes, p.byte())));
    let message = e.to_string();
    let problem = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => CsvProblem::WrongFieldCount {
            expected: *expected_len as usize,
            found: *len as usize,
        },
        csv::ErrorKind::Io(io) => CsvProblem::Io {
            message: io.to_string(),
        },
        csv::ErrorKind::Utf8 { err, .. } => CsvProblem::Malformed {
            message: format!(
                "field {} holds bytes that are not UTF-8 text (save the file as UTF-8)",
                err.field() + 1
            ),
        },
        _ => CsvProblem::Malformed { message },
    };
    Error::Csv {
        at: Location::new(name, line, None),
        problem,
    }
}

/// How a CSV file is read: its field delimiter (a comma unless told).
///
/// # Example
/// ```
/// use return_migration::data::{CsvOptions, CsvTable};
/// let t = CsvTable::from_text_with("x.csv", "a;b\n1;2\n", &CsvOptions::new().delimiter(b';')).unwrap();
/// assert_eq!(t.headers(), vec!["a", "b"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    delimiter: u8,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { delimiter: b',' }
    }
}

impl CsvOptions {
    /// Comma-separated.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvOptions;
    /// assert_eq!(CsvOptions::new().delimiter_byte(), b',');
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The field delimiter (one ASCII byte: `;`, a tab, ...).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvOptions;
    /// assert_eq!(CsvOptions::new().delimiter(b'\t').delimiter_byte(), b'\t');
    /// ```
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// The field delimiter in use.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvOptions;
    /// assert_eq!(CsvOptions::default().delimiter_byte(), b',');
    /// ```
    pub fn delimiter_byte(&self) -> u8 {
        self.delimiter
    }
}

impl CsvTable {
    /// Reads a CSV file; the file's path names it in errors.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let err = CsvTable::from_path("no/such/file.csv").unwrap_err();
    /// assert!(err.to_string().starts_with("no/such/file.csv: cannot read"));
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        Self::from_path_with(path, &CsvOptions::default())
    }

    /// Reads a CSV file with the given options (e.g. a `;` delimiter).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{CsvOptions, CsvTable};
    /// let err = CsvTable::from_path_with("no/such.csv", &CsvOptions::new().delimiter(b';')).unwrap_err();
    /// assert!(err.to_string().starts_with("no/such.csv: cannot read"));
    /// ```
    pub fn from_path_with(path: impl AsRef<Path>, options: &CsvOptions) -> Result<Self> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::Csv {
            at: Location::new(&name, None, None),
            problem: CsvProblem::Io {
                message: e.to_string(),
            },
        })?;
        Self::from_reader_with(&name, file, options)
    }

    /// Reads CSV text held in memory; `name` stands for the file in errors.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// assert!(CsvTable::from_text("empty.csv", "").is_err());
    /// ```
    pub fn from_text(name: &str, text: &str) -> Result<Self> {
        Self::from_reader(name, text.as_bytes())
    }

    /// Reads CSV text held in memory with the given options.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{CsvOptions, CsvTable};
    /// let t = CsvTable::from_text_with("x.csv", "a\tb\n1\t2\n", &CsvOptions::new().delimiter(b'\t')).unwrap();
    /// assert_eq!(t.text(0, "b").unwrap(), "2");
    /// ```
    pub fn from_text_with(name: &str, text: &str, options: &CsvOptions) -> Result<Self> {
        Self::from_reader_with(name, text.as_bytes(), options)
    }

    /// Reads CSV from any reader; `name` stands for the file in errors.
    /// Errors on an empty file, a file with a header but no rows, rows of
    /// the wrong length, and invalid UTF-8.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_reader("in.csv", "a,b\n1,2\n".as_bytes()).unwrap();
    /// assert_eq!(t.len(), 1);
    /// ```
    pub fn from_reader<R: Read>(name: &str, reader: R) -> Result<Self> {
        Self::from_reader_with(name, reader, &CsvOptions::default())
    }

    /// Reads CSV from any reader with the given options. A header naming
    /// the same column twice is an error (which of the two was meant
    /// cannot be known).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{CsvOptions, CsvTable};
    /// let err = CsvTable::from_reader_with("in.csv", "a,b,a\n1,2,3\n".as_bytes(), &CsvOptions::new()).unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 1, column `a`: the header names column `a` twice (fields 1 and 3)");
    /// ```
    pub fn from_reader_with<R: Read>(
        name: &str,
        mut reader: R,
        options: &CsvOptions,
    ) -> Result<Self> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| Error::Csv {
            at: Location::new(name, None, None),
            problem: CsvProblem::Io {
                message: e.to_string(),
            },
        })?;
        // Line ends: `\n`, and a `\r` not followed by `\n` (old Mac files).
        let newlines: Vec<usize> = (0..bytes.len())
            .filter(|&i| {
                bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            })
            .collect();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .delimiter(options.delimiter)
            .from_reader(bytes.as_slice());
        let headers = rdr
            .headers()
            .map_err(|e| csv_error(name, &bytes, &newlines, e))?
            .clone();
        if headers.is_empty() || (headers.len() == 1 && headers[0].trim().is_empty()) {
            return Err(Error::Csv {
                at: Location::new(name, Some(1), None),
                problem: CsvProblem::EmptyFile,
            });
        }
        for (k, h) in headers.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
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
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        for record in rdr.records() {
            let record = record.map_err(|e| csv_error(name, &bytes, &newlines, e))?;
            let byte = record.position().map_or(0, |p| p.byte());
            let line = line_of(&newlines, record_start(&bytes, byte));
            // A field spanning lines is almost always an unclosed quote that
            // would swallow the rows after it: refuse it rather than lose rows.
            if let Some(c) = record
                .iter()
                .position(|f| f.contains('\n') || f.contains('\r'))
            {
                return Err(Error::Csv {
                    at: Location::new(name, Some(line), headers.get(c)),
                    problem: CsvProblem::Malformed {
                        message: "a quoted field spans several lines (an unclosed quote?)"
                            .to_string(),
                    },
                });
            }
            lines.push(line);
            rows.push(record);
        }
        if rows.is_empty() {
            return Err(Error::Csv {
                at: Location::new(name, Some(2), None),
                problem: CsvProblem::EmptyFile,
            });
        }
        Ok(CsvTable {
            name: name.to_string(),
            headers,
            rows,
            lines,
        })
    }

    /// A table from text cells held in memory (Arrow and Parquet input):
    /// row `i` (0-based) gets line `i + 2`, the line it would have in the
    /// same table written as CSV with a header. Errors as
    /// [`CsvTable::from_reader`] on an empty table or a repeated column name.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub(crate) fn from_cells(
        name: &str,
        headers: Vec<String>,
        rows: Vec<csv::StringRecord>,
    ) -> Result<Self> {
        let headers = csv::StringRecord::from(headers);
        if headers.is_empty() {
            return Err(Error::Csv {
                at: Location::new(name, Some(1), None),
                problem: CsvProblem::EmptyFile,
            });
        }
        for (k, h) in headers.iter().enumerate() {
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
        if rows.is_empty() {
            return Err(Error::Csv {
                at: Location::new(name, Some(2), None),
                problem: CsvProblem::EmptyFile,
            });
        }
        let lines = (0..rows.len() as u64).map(|i| i + 2).collect();
        Ok(CsvTable {
            name: name.to_string(),
            headers,
            rows,
            lines,
        })
    }

    /// The name used in errors (the path, or the name given).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// assert_eq!(CsvTable::from_text("x.csv", "a\n1\n").unwrap().name(), "x.csv");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of data rows.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// assert_eq!(CsvTable::from_text("x.csv", "a\n1\n2\n").unwrap().len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Always false: a table without data rows is an error when read.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// assert!(!CsvTable::from_text("x.csv", "a\n1\n").unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The header's column names.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("x.csv", "a,b\n1,2\n").unwrap();
    /// assert_eq!(t.headers(), vec!["a", "b"]);
    /// ```
    pub fn headers(&self) -> Vec<&str> {
        self.headers.iter().collect()
    }

    /// The line of row `i` in the file (the header is line 1).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// assert_eq!(CsvTable::from_text("x.csv", "a\n1\n2\n").unwrap().line(1), 3);
    /// ```
    pub fn line(&self, i: usize) -> u64 {
        self.lines.get(i).copied().unwrap_or(i as u64 + 2)
    }

    /// The location of a field, for errors.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("x.csv", "a\n1\n").unwrap();
    /// assert_eq!(t.at(0, "a").to_string(), "x.csv, line 2, column `a`");
    /// ```
    pub fn at(&self, i: usize, column: &str) -> Location {
        Location::new(&self.name, Some(self.line(i)), Some(column))
    }

    /// The error for a field that parsed but holds an invalid value (a
    /// negative time, an event code outside its set, ...), at its location.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::error::ValueProblem;
    /// let t = CsvTable::from_text("x.csv", "w\n-1\n").unwrap();
    /// let e = t.invalid_value(0, "w", ValueProblem::NegativeWeight { value: -1.0 });
    /// assert_eq!(e.to_string(), "x.csv, line 2, column `w`: negative weight -1");
    /// ```
    pub fn invalid_value(&self, i: usize, column: &str, problem: ValueProblem) -> Error {
        Error::Csv {
            at: self.at(i, column),
            problem: CsvProblem::Invalid(problem),
        }
    }

    fn fail<T>(&self, i: usize, column: &str, problem: CsvProblem) -> Result<T> {
        Err(Error::Csv {
            at: self.at(i, column),
            problem,
        })
    }

    /// The index of a column; an error naming the column (line 1) if absent.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("x.csv", "a\n1\n").unwrap();
    /// assert_eq!(t.column("b").unwrap_err().to_string(), "x.csv, line 1, column `b`: missing column");
    /// ```
    pub fn column(&self, name: &str) -> Result<usize> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::Csv {
                at: Location::new(&self.name, Some(1), Some(name)),
                problem: CsvProblem::MissingColumn,
            })
    }

    /// Removes every row in which one of `columns` holds one of the
    /// missing-value `markers` (compared after trimming spaces), and
    /// returns the lines of the rows removed, in file order, so that the
    /// caller can report them: no row is dropped silently. An error when a
    /// column is absent or when no row is left.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let mut t = CsvTable::from_text("x.csv", "t,g\n1,a\n2,NA\n3, \n4,b\n").unwrap();
    /// let dropped = t.drop_missing(&["t", "g"], &["NA", ""]).unwrap();
    /// assert_eq!(dropped, vec![3, 4]);
    /// assert_eq!((t.len(), t.line(1)), (2, 5));
    /// ```
    pub fn drop_missing(&mut self, columns: &[&str], markers: &[&str]) -> Result<Vec<u64>> {
        let indices = columns
            .iter()
            .map(|c| self.column(c))
            .collect::<Result<Vec<usize>>>()?;
        let mut dropped = Vec::new();
        let mut keep_rows = Vec::with_capacity(self.rows.len());
        let mut keep_lines = Vec::with_capacity(self.rows.len());
        let rows = std::mem::take(&mut self.rows);
        let lines = std::mem::take(&mut self.lines);
        for (row, line) in rows.into_iter().zip(lines) {
            let missing = indices
                .iter()
                .any(|&c| markers.contains(&row.get(c).unwrap_or("").trim()));
            if missing {
                dropped.push(line);
            } else {
                keep_rows.push(row);
                keep_lines.push(line);
            }
        }
        self.rows = keep_rows;
        self.lines = keep_lines;
        if self.rows.is_empty() {
            return Err(Error::NoData {
                what: format!(
                    "{}: every row has a missing value ({}) in {}",
                    self.name,
                    markers
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    columns.join(", ")
                ),
            });
        }
        Ok(dropped)
    }

    /// The raw text of a field (after checking that the column exists).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("x.csv", "a\nhello\n").unwrap();
    /// assert_eq!(t.text(0, "a").unwrap(), "hello");
    /// ```
    pub fn text(&self, i: usize, column: &str) -> Result<&str> {
        let c = self.column(column)?;
        Ok(self.rows[i].get(c).unwrap_or(""))
    }

    /// A finite number; errors on an empty field, unparsable text, NaN or infinity.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("x.csv", "v\nNaN\n").unwrap();
    /// assert!(t.parse_f64(0, "v").is_err());
    /// ```
    pub fn parse_f64(&self, i: usize, column: &str) -> Result<f64> {
        let text = self.text(i, column)?.trim();
        if text.is_empty() {
            return self.fail(i, column, CsvProblem::EmptyField);
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            Ok(_) => self.fail(
                i,
                column,
                CsvProblem::NotFinite {
                    text: text.to_string(),
                },
            ),
            Err(_) => self.fail(
                i,
                column,
                CsvProblem::UnparsableNumber {
                    text: text.to_string(),
                },
            ),
        }
    }

    /// A count: a finite number that is not negative.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("x.csv", "v\n-1\n").unwrap();
    /// assert!(t.parse_count(0, "v").unwrap_err().to_string().contains("negative count"));
    /// ```
    pub fn parse_count(&self, i: usize, column: &str) -> Result<f64> {
        let v = self.parse_f64(i, column)?;
        if v < 0.0 {
            return self.fail(i, column, CsvProblem::NegativeCount { value: v });
        }
        Ok(v)
    }

    /// A year (an integer in 1000–9999); errors on an empty or non-integer
    /// field and on a year out of that range.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("x.csv", "year\n2015.5\n").unwrap();
    /// assert!(t.parse_year(0, "year").is_err());
    /// ```
    pub fn parse_year(&self, i: usize, column: &str) -> Result<i32> {
        match self.parse_optional_year(i, column)? {
            Some(y) => Ok(y),
            None => self.fail(i, column, CsvProblem::EmptyField),
        }
    }

    /// A year, or `None` for an empty field.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let t = CsvTable::from_text("x.csv", "year,v\n,1\n").unwrap();
    /// assert_eq!(t.parse_optional_year(0, "year").unwrap(), None);
    /// ```
    pub fn parse_optional_year(&self, i: usize, column: &str) -> Result<Option<i32>> {
        let text = self.text(i, column)?.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<i64>() {
            Ok(y) if (1000..=9999).contains(&y) => Ok(Some(y as i32)),
            Ok(y) => self.fail(i, column, CsvProblem::YearOutOfRange { year: y }),
            Err(_) => self.fail(
                i,
                column,
                CsvProblem::UnparsableYear {
                    text: text.to_string(),
                },
            ),
        }
    }

    /// Every row deserialized with serde into `T` (fields matched by header
    /// name), with the row's line. A field that does not parse is reported
    /// with its line and column; required columns absent from the header
    /// are reported first.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// #[derive(serde::Deserialize)]
    /// struct Row { year: i32, value: f64 }
    /// let t = CsvTable::from_text("x.csv", "year,value\n2015,1.5\n").unwrap();
    /// let rows: Vec<(u64, Row)> = t.deserialize(&["year", "value"]).unwrap();
    /// assert_eq!((rows[0].0, rows[0].1.year, rows[0].1.value), (2, 2015, 1.5));
    /// ```
    pub fn deserialize<T: DeserializeOwned>(&self, required: &[&str]) -> Result<Vec<(u64, T)>> {
        for column in required {
            self.column(column)?;
        }
        let mut out = Vec::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            let value = row
                .deserialize(Some(&self.headers))
                .map_err(|e: csv::Error| self.deserialize_error(i, row, e))?;
            out.push((self.line(i), value));
        }
        Ok(out)
    }

    fn deserialize_error(&self, i: usize, row: &csv::StringRecord, e: csv::Error) -> Error {
        let csv::ErrorKind::Deserialize { err, .. } = e.kind() else {
            let line = self.line(i);
            return Error::Csv {
                at: Location::new(&self.name, Some(line), None),
                problem: CsvProblem::Malformed {
                    message: e.to_string(),
                },
            };
        };
        let column = err
            .field()
            .and_then(|f| self.headers.get(f as usize))
            .map(str::to_string);
        let text = err
            .field()
            .and_then(|f| row.get(f as usize))
            .unwrap_or("")
            .to_string();
        let problem = match err.kind() {
            _ if text.trim().is_empty() && column.is_some() => CsvProblem::EmptyField,
            csv::DeserializeErrorKind::ParseInt(_) => CsvProblem::UnparsableYear { text },
            csv::DeserializeErrorKind::ParseFloat(_) => CsvProblem::UnparsableNumber { text },
            other => CsvProblem::Malformed {
                message: other.to_string(),
            },
        };
        Error::Csv {
            at: Location::new(&self.name, Some(self.line(i)), column.as_deref()),
            problem,
        }
    }
}
