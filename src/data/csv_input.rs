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

use super::csv_columns::{Column, ColumnBuilder};
use super::csv_lines::LineMap;
use super::csv_read::{no_name_twice, read_columns};
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
    pub(super) name: String,
    /// Every column name of the header, in file order.
    pub(super) headers: Vec<String>,
    /// The columns kept when read (all, or those asked for): `(index in
    /// the header, fields)`, in header order.
    pub(super) columns: Vec<(usize, Column)>,
    pub(super) rows: usize,
    /// Physical line of each row (header = 1), stored compactly: exact
    /// with CRLF endings, blank lines and quoted newlines in the header.
    pub(super) lines: LineMap,
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

/// Opens `path` for reading: its display name (for errors) and the file,
/// or an I/O error naming it.
pub(crate) fn open_file(path: &Path) -> Result<(String, std::fs::File)> {
    let name = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(file) => Ok((name, file)),
        Err(e) => Err(Error::Csv {
            at: Location::new(&name, None, None),
            problem: CsvProblem::Io {
                message: e.to_string(),
            },
        }),
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
        let (name, file) = open_file(path.as_ref())?;
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
    pub fn from_reader_with<R: Read>(name: &str, reader: R, options: &CsvOptions) -> Result<Self> {
        Self::read(name, reader, options, None, &[])
    }

    /// Reads a CSV file keeping only the named columns (a projection: the
    /// other columns are checked — field count, UTF-8 — but not kept).
    /// The same errors as [`CsvTable::from_path_with`], in the same order;
    /// then a name of `columns` absent from the header is a missing column
    /// (line 1). Only kept columns can be read from the table; the header
    /// still lists every column.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{CsvOptions, CsvTable};
    /// let err = CsvTable::from_path_columns("no/such.csv", &CsvOptions::new(), &["a"]).unwrap_err();
    /// assert!(err.to_string().starts_with("no/such.csv: cannot read"));
    /// ```
    pub fn from_path_columns(
        path: impl AsRef<Path>,
        options: &CsvOptions,
        columns: &[&str],
    ) -> Result<Self> {
        let (name, file) = open_file(path.as_ref())?;
        Self::from_reader_columns(&name, file, options, columns)
    }

    /// Reads CSV from any reader keeping only the named columns (see
    /// [`CsvTable::from_path_columns`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{CsvOptions, CsvTable};
    /// let text = "t,d,note\n1,0,long text\n2,1,more\n";
    /// let t = CsvTable::from_reader_columns("in.csv", text.as_bytes(), &CsvOptions::new(), &["t", "d"]).unwrap();
    /// assert_eq!((t.headers(), t.text(1, "d").unwrap()), (vec!["t", "d", "note"], "1"));
    /// assert!(t.text(0, "note").is_err());
    /// let err = CsvTable::from_reader_columns("in.csv", text.as_bytes(), &CsvOptions::new(), &["t", "x"]).unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 1, column `x`: missing column");
    /// ```
    pub fn from_reader_columns<R: Read>(
        name: &str,
        reader: R,
        options: &CsvOptions,
        columns: &[&str],
    ) -> Result<Self> {
        Self::from_reader_typed(name, reader, options, columns, &[])
    }

    /// As [`CsvTable::from_path_columns`], with the columns named in
    /// `numbers` (among `columns`) parsed as numbers while the file is read
    /// instead of kept as text: their reads as numbers
    /// ([`CsvTable::parse_f64`], [`CsvTable::floats`], a model frame) give
    /// the same values and the same located errors, faster. A field that
    /// is not a finite number keeps its text as written (an empty field,
    /// `NA`, a typo: missing-value markers and errors see it unchanged);
    /// a field that is a number reads back as text in its shortest
    /// spelling (`1.500000` as `1.5`), so read as numbers only columns
    /// used as numbers. A missing-value marker that is itself a number is
    /// matched on the text as written (`-99` but not `-99.0`), so on such
    /// a column it is an error ([`CsvTable::drop_missing`], a model frame)
    /// rather than a match on a respelled number.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{CsvOptions, CsvTable};
    /// let text = "t,d\n1.50,0\nNA,1\n";
    /// let t = CsvTable::from_reader_typed("in.csv", text.as_bytes(), &CsvOptions::new(), &["t", "d"], &["t"]).unwrap();
    /// assert_eq!(t.parse_f64(0, "t").unwrap(), 1.5);
    /// assert_eq!((t.text(0, "t").unwrap(), t.text(1, "t").unwrap()), ("1.5", "NA"));
    /// let err = t.floats("t").unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 3, column `t`: cannot parse `NA` as a number");
    /// ```
    pub fn from_reader_typed<R: Read>(
        name: &str,
        reader: R,
        options: &CsvOptions,
        columns: &[&str],
        numbers: &[&str],
    ) -> Result<Self> {
        let table = Self::read(name, reader, options, Some(columns), numbers)?;
        for c in columns {
            table.column(c)?;
        }
        Ok(table)
    }

    /// Reads a CSV file as [`CsvTable::from_reader_typed`] reads a stream.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{CsvOptions, CsvTable};
    /// let err = CsvTable::from_path_typed("no/such.csv", &CsvOptions::new(), &["a"], &["a"]).unwrap_err();
    /// assert!(err.to_string().starts_with("no/such.csv: cannot read"));
    /// ```
    pub fn from_path_typed(
        path: impl AsRef<Path>,
        options: &CsvOptions,
        columns: &[&str],
        numbers: &[&str],
    ) -> Result<Self> {
        let (name, file) = open_file(path.as_ref())?;
        Self::from_reader_typed(&name, file, options, columns, numbers)
    }

    fn read<R: Read>(
        name: &str,
        reader: R,
        options: &CsvOptions,
        keep: Option<&[&str]>,
        numbers: &[&str],
    ) -> Result<Self> {
        let read = read_columns(name, reader, options.delimiter, keep, numbers)?;
        Ok(CsvTable {
            name: name.to_string(),
            headers: read.headers,
            columns: read.columns,
            rows: read.rows,
            lines: read.lines,
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
        if headers.is_empty() {
            return Err(Error::Csv {
                at: Location::new(name, Some(1), None),
                problem: CsvProblem::EmptyFile,
            });
        }
        no_name_twice(name, &headers, false)?;
        if rows.is_empty() {
            return Err(Error::Csv {
                at: Location::new(name, Some(2), None),
                problem: CsvProblem::EmptyFile,
            });
        }
        let mut builders: Vec<ColumnBuilder> =
            headers.iter().map(|_| ColumnBuilder::new()).collect();
        for row in &rows {
            for (k, b) in builders.iter_mut().enumerate() {
                b.push(row.get(k).unwrap_or(""));
            }
        }
        Ok(CsvTable {
            name: name.to_string(),
            headers,
            columns: builders
                .into_iter()
                .map(ColumnBuilder::finish)
                .enumerate()
                .collect(),
            rows: rows.len(),
            lines: LineMap::default(),
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
        self.rows
    }

    /// Always false: a table without data rows is an error when read.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// assert!(!CsvTable::from_text("x.csv", "a\n1\n").unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows == 0
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
        self.headers.iter().map(String::as_str).collect()
    }

    /// The line of row `i` in the file (the header is line 1).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// assert_eq!(CsvTable::from_text("x.csv", "a\n1\n2\n").unwrap().line(1), 3);
    /// ```
    pub fn line(&self, i: usize) -> u64 {
        self.lines.line(i)
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
        let mut keep = vec![true; self.rows];
        for c in columns {
            for (i, _) in self.marked_rows(c, markers)? {
                keep[i] = false;
            }
        }
        let dropped: Vec<u64> = (0..self.rows)
            .filter(|&i| !keep[i])
            .map(|i| self.line(i))
            .collect();
        if !dropped.is_empty() {
            for (_, col) in &mut self.columns {
                col.retain(&keep);
            }
            self.lines = self.lines.retain(&keep);
            self.rows -= dropped.len();
        }
        if self.rows == 0 {
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

    /// The stored fields of a column: an error naming the column when it
    /// is absent from the header (a missing column) or was not among the
    /// columns kept when the file was read.
    pub(super) fn stored(&self, name: &str) -> Result<&Column> {
        let k = self.column(name)?;
        self.columns
            .iter()
            .find(|(h, _)| *h == k)
            .map(|(_, c)| c)
            .ok_or_else(|| Error::Csv {
                at: Location::new(&self.name, Some(1), Some(name)),
                problem: CsvProblem::Inconsistent {
                    detail: "the column was not read (not among the columns asked for)".to_string(),
                },
            })
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
        Ok(self.stored(column)?.get(i))
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
        self.stored(column)?
            .number(i)
            .or_else(|p| self.fail(i, column, p))
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
        let headers: csv::StringRecord = self
            .columns
            .iter()
            .map(|(h, _)| self.headers[*h].as_str())
            .collect();
        let mut row = csv::StringRecord::new();
        let mut out = Vec::with_capacity(self.rows);
        for i in 0..self.rows {
            row.clear();
            for (_, col) in &self.columns {
                row.push_field(col.get(i));
            }
            let value = row
                .deserialize(Some(&headers))
                .map_err(|e: csv::Error| self.deserialize_error(i, &headers, &row, e))?;
            out.push((self.line(i), value));
        }
        Ok(out)
    }

    fn deserialize_error(
        &self,
        i: usize,
        headers: &csv::StringRecord,
        row: &csv::StringRecord,
        e: csv::Error,
    ) -> Error {
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
            .and_then(|f| headers.get(f as usize))
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
