//! Error types of the crate.
//!
//! Every fallible public function returns [`Result<T>`](Result). Errors carry
//! enough context to find the problem: the file (or the name given to an
//! in-memory source), the line (the header is line 1), the column, and what
//! was wrong.

use std::fmt;

/// Where in a CSV input a problem was found.
///
/// # Example
/// ```
/// use return_migration::error::Location;
/// let at = Location::new("returns.csv", Some(3), Some("value"));
/// assert_eq!(at.to_string(), "returns.csv, line 3, column `value`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The file path, or the name of an in-memory source.
    pub file: String,
    /// Line number in the file, the header being line 1.
    pub line: Option<u64>,
    /// Column name.
    pub column: Option<String>,
}

impl Location {
    /// Builds a location.
    ///
    /// # Example
    /// ```
    /// use return_migration::error::Location;
    /// assert_eq!(Location::new("f.csv", None, None).to_string(), "f.csv");
    /// ```
    pub fn new(file: &str, line: Option<u64>, column: Option<&str>) -> Self {
        Location {
            file: file.to_string(),
            line,
            column: column.map(str::to_string),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        Ok(())
    }
}

/// What is wrong with one value of survival (or similar per-subject) input.
///
/// # Example
/// ```
/// use return_migration::error::ValueProblem;
/// let p = ValueProblem::EntryNotBeforeExit { entry: 3.0, exit: 2.0 };
/// assert_eq!(p.to_string(), "entry 3 is not strictly before exit 2");
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ValueProblem {
    /// NaN or infinite.
    NotFinite {
        /// The value.
        value: f64,
    },
    /// A time below zero.
    NegativeTime {
        /// The value.
        value: f64,
    },
    /// An entry time not strictly before the exit time.
    EntryNotBeforeExit {
        /// Entry time.
        entry: f64,
        /// Exit time.
        exit: f64,
    },
    /// An event code outside the allowed set.
    EventCode {
        /// The code as written.
        code: String,
        /// The allowed codes, e.g. "0 or 1".
        allowed: String,
    },
    /// A code (e.g. a group code) outside its range.
    UnknownCode {
        /// The code as given.
        code: String,
        /// The allowed codes.
        allowed: String,
    },
    /// A negative case weight.
    NegativeWeight {
        /// The value.
        value: f64,
    },
    /// A missing value where the missing-value policy does not allow one.
    MissingValue {
        /// The value as written (`NA`, empty, NaN).
        text: String,
    },
    /// Text where a number is needed.
    NotANumber {
        /// The text.
        text: String,
    },
    /// The right end of a censoring interval (left, right] lies below its
    /// left end.
    RightBeforeLeft {
        /// Left end.
        left: f64,
        /// Right end.
        right: f64,
    },
    /// A weight that must be strictly positive is zero (or negative).
    WeightNotPositive {
        /// The value.
        value: f64,
    },
    /// An interval of a subject starts before an earlier interval of the
    /// same subject has ended.
    OverlappingIntervals {
        /// The subject's id.
        id: String,
        /// Start of the interval.
        start: f64,
        /// Stop of the earlier interval.
        previous_stop: f64,
    },
    /// A time of 0 where a model needs its logarithm (an exact event time
    /// of 0 in a log-time regression).
    ZeroLogTime,
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueProblem::NotFinite { value } => write!(f, "value {value} is not finite"),
            ValueProblem::NegativeTime { value } => write!(f, "negative time {value}"),
            ValueProblem::EntryNotBeforeExit { entry, exit } => {
                write!(f, "entry {entry} is not strictly before exit {exit}")
            }
            ValueProblem::EventCode { code, allowed } => {
                write!(f, "event code `{code}` is not {allowed}")
            }
            ValueProblem::UnknownCode { code, allowed } => {
                write!(f, "code `{code}` is not {allowed}")
            }
            ValueProblem::NegativeWeight { value } => write!(f, "negative weight {value}"),
            ValueProblem::MissingValue { text } => write!(
                f,
                "missing value `{text}` (drop such rows with a missing-value policy that drops)"
            ),
            ValueProblem::NotANumber { text } => write!(
                f,
                "`{text}` is not a number (a categorical column must be named a factor)"
            ),
            ValueProblem::RightBeforeLeft { left, right } => {
                write!(f, "right end {right} is below left end {left}")
            }
            ValueProblem::WeightNotPositive { value } => {
                write!(f, "weight {value} is not strictly positive")
            }
            ValueProblem::OverlappingIntervals {
                id,
                start,
                previous_stop,
            } => write!(
                f,
                "interval starting at {start} overlaps an earlier interval of id `{id}`, which stops at {previous_stop}"
            ),
            ValueProblem::ZeroLogTime => write!(
                f,
                "an exact event time of 0 has no logarithm: a log-time model needs event times > 0"
            ),
        }
    }
}

/// What was wrong with a CSV input.
///
/// # Example
/// ```
/// use return_migration::error::CsvProblem;
/// let p = CsvProblem::NegativeCount { value: -3.0 };
/// assert_eq!(p.to_string(), "negative count -3 (counts must be >= 0)");
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum CsvProblem {
    /// The file has no header row or no data rows.
    EmptyFile,
    /// A required column is absent from the header.
    MissingColumn,
    /// A row has a different number of fields than the header.
    WrongFieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A field that must be a number could not be parsed.
    UnparsableNumber {
        /// The text found in the field.
        text: String,
    },
    /// A year outside 1000–9999.
    YearOutOfRange {
        /// The year found.
        year: i64,
    },
    /// A field that must be a year (integer) could not be parsed.
    UnparsableYear {
        /// The text found in the field.
        text: String,
    },
    /// A required field is empty.
    EmptyField,
    /// A value is NaN or infinite.
    NotFinite {
        /// The text found in the field.
        text: String,
    },
    /// A count is negative.
    NegativeCount {
        /// The value found.
        value: f64,
    },
    /// The same year (for the same entity) appears twice.
    DuplicateYear {
        /// The repeated year.
        year: i32,
        /// The line where it was first seen.
        first_line: u64,
    },
    /// A value that parses but is not allowed (a negative time, an event code
    /// of 2, an entry after the exit, ...).
    Invalid(ValueProblem),
    /// The file is not valid CSV or not UTF-8.
    Malformed {
        /// The reader's message.
        message: String,
    },
    /// A field that must be a date (`2020` or `2020-03-15`) could not be parsed.
    UnparsableDate {
        /// The text found in the field.
        text: String,
    },
    /// A value contradicts another value of the same input (a person's
    /// fields differ between two of its rows, two fields that exclude each
    /// other are both given, a wave listed twice, ...).
    Inconsistent {
        /// What contradicts what.
        detail: String,
    },
    /// The file could not be opened or read.
    Io {
        /// The operating system's message.
        message: String,
    },
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvProblem::EmptyFile => write!(f, "empty file (no header or no data rows)"),
            CsvProblem::MissingColumn => write!(f, "missing column"),
            CsvProblem::WrongFieldCount { expected, found } => {
                write!(f, "expected {expected} fields, found {found}")
            }
            CsvProblem::UnparsableNumber { text } => write!(f, "cannot parse `{text}` as a number"),
            CsvProblem::UnparsableYear { text } => write!(f, "cannot parse `{text}` as a year"),
            CsvProblem::YearOutOfRange { year } => {
                write!(f, "year {year} is outside 1000-9999")
            }
            CsvProblem::EmptyField => write!(f, "empty field where a value is required"),
            CsvProblem::NotFinite { text } => write!(f, "value `{text}` is not finite"),
            CsvProblem::NegativeCount { value } => {
                write!(f, "negative count {value} (counts must be >= 0)")
            }
            CsvProblem::DuplicateYear { year, first_line } => {
                write!(f, "duplicate year {year} (first seen on line {first_line})")
            }
            CsvProblem::Invalid(problem) => write!(f, "{problem}"),
            CsvProblem::Malformed { message } => write!(f, "malformed CSV: {message}"),
            CsvProblem::UnparsableDate { text } => write!(
                f,
                "cannot parse `{text}` as a date (YYYY or YYYY-MM-DD, years 1000-9999)"
            ),
            CsvProblem::Inconsistent { detail } => write!(f, "{detail}"),
            CsvProblem::Io { message } => write!(f, "cannot read: {message}"),
        }
    }
}

/// The crate's error type.
///
/// # Example
/// ```
/// use return_migration::error::Error;
/// let e = Error::InvalidArgument { what: "conf_level".into(), reason: "must be in (0, 1)".into() };
/// assert_eq!(e.to_string(), "invalid conf_level: must be in (0, 1)");
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Error {
    /// A problem in a CSV input, with its location.
    Csv {
        /// Where the problem is.
        at: Location,
        /// What the problem is.
        problem: CsvProblem,
    },
    /// An argument outside its domain (a confidence level of 1.2, x > n, ...).
    InvalidArgument {
        /// The argument.
        what: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A computation needs a value for a year that the series does not have.
    MissingYear {
        /// The series.
        series: String,
        /// The year.
        year: i32,
    },
    /// Two values were given for the same year where only one is allowed.
    DuplicateYear {
        /// The series.
        series: String,
        /// The year.
        year: i32,
    },
    /// A value of in-memory input is not allowed.
    InvalidValue {
        /// Position of the subject in the input vectors (0-based; the
        /// message counts from 1 and says so).
        row: usize,
        /// The input column (`time`, `event`, `entry`, `weight`, ...).
        column: String,
        /// What is wrong.
        problem: ValueProblem,
    },
    /// Input columns of different lengths.
    LengthMismatch {
        /// The column whose length differs.
        column: String,
        /// The length of the time column.
        expected: usize,
        /// The column's length.
        found: usize,
    },
    /// No subject at all.
    EmptyInput,
    /// No year is usable for the requested computation.
    NoData {
        /// What was being computed and why nothing was usable.
        what: String,
    },
    /// A selection policy could not decide between candidate values.
    AmbiguousSelection {
        /// The series.
        series: String,
        /// The year.
        year: i32,
        /// The candidates that tie.
        candidates: Vec<String>,
    },
    /// The data contradict the accounting identity (e.g. a stock would become negative).
    Contradiction {
        /// The year where it happens.
        year: i32,
        /// What contradicts what.
        detail: String,
    },
    /// A model coefficient cannot be estimated from the data (a covariate
    /// that is constant, or collinear with other covariates or the strata).
    NotIdentifiable {
        /// The covariate.
        term: String,
        /// Why.
        reason: String,
    },
    /// An iterative numerical method did not converge.
    NoConvergence {
        /// The method and the state it ended in.
        detail: String,
    },
    /// Writing the output failed (a full disk, a closed pipe, ...).
    Output {
        /// The operating system's message.
        message: String,
        /// True when the reader of the output went away (a closed pipe, as
        /// with `| head`): not a failure of the computation.
        broken_pipe: bool,
    },
}

impl From<std::io::Error> for Error {
    /// An output error (see [`Error::Output`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::error::Error;
    /// let e: Error = std::io::Error::from(std::io::ErrorKind::BrokenPipe).into();
    /// assert!(matches!(e, Error::Output { broken_pipe: true, .. }));
    /// ```
    fn from(e: std::io::Error) -> Self {
        Error::Output {
            message: e.to_string(),
            broken_pipe: e.kind() == std::io::ErrorKind::BrokenPipe,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Csv { at, problem } => write!(f, "{at}: {problem}"),
            Error::InvalidArgument { what, reason } => write!(f, "invalid {what}: {reason}"),
            Error::MissingYear { series, year } => {
                write!(f, "series `{series}` has no value for {year}")
            }
            Error::DuplicateYear { series, year } => {
                write!(f, "series `{series}` has two values for {year}")
            }
            Error::InvalidValue {
                row,
                column,
                problem,
            } => write!(
                f,
                "row {} (counting from 1), column `{column}`: {problem}",
                row + 1
            ),
            Error::LengthMismatch {
                column,
                expected,
                found,
            } => write!(
                f,
                "column `{column}` has {found} values but `time` has {expected}"
            ),
            Error::EmptyInput => write!(f, "no subjects: the input is empty"),
            Error::NoData { what } => write!(f, "no usable data: {what}"),
            Error::AmbiguousSelection {
                series,
                year,
                candidates,
            } => write!(
                f,
                "series `{series}`, {year}: the selection policy cannot choose between {}",
                candidates.join("; ")
            ),
            Error::Contradiction { year, detail } => {
                write!(f, "data contradict each other in {year}: {detail}")
            }
            Error::NotIdentifiable { term, reason } => {
                write!(f, "covariate `{term}` cannot be estimated: {reason}")
            }
            Error::NoConvergence { detail } => write!(f, "did not converge: {detail}"),
            Error::Output { message, .. } => write!(f, "cannot write the output: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Result alias of the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Shorthand for an [`Error::InvalidArgument`].
pub(crate) fn invalid(what: &str, reason: impl Into<String>) -> Error {
    Error::InvalidArgument {
        what: what.to_string(),
        reason: reason.into(),
    }
}

/// The line of a located error; errors without a line sort first. Used to
/// report the first bad line of a file when two passes read it.
pub(crate) fn error_line(e: &Error) -> u64 {
    match e {
        Error::Csv { at, .. } => at.line.unwrap_or(0),
        _ => 0,
    }
}
