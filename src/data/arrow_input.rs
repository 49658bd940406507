//! Arrow record batches and Parquet files as input (feature `parquet`).
//!
//! An Arrow table is turned into a [`CsvTable`] whose cells hold the text
//! that the same table written as CSV would hold, so that every reader
//! that takes a `CsvTable` ([`SurvData::from_table`](crate::survival::SurvData::from_table),
//! [`CoxData::from_table`](crate::survival::CoxData::from_table),
//! [`CompetingData::from_table`](crate::survival::CompetingData::from_table),
//! the cohort records, model frames, every pipeline) reads Arrow and Parquet
//! by column name with the same checks and the same typed errors, and gives
//! the same numbers: a float is written with Rust's shortest round-trip
//! formatting, so it reads back bit for bit.
//!
//! Conversions: floats as `{}` (NaN and infinities as `NaN`, `inf`, so
//! that they are refused where a finite number is needed), integers in
//! decimal, booleans as `1`/`0` (an event column may be boolean), text and
//! dictionary-encoded text (R factors, Polars categoricals) as the text,
//! dates as `YYYY-MM-DD`, anything else through Arrow's cast to text. A
//! null is an empty field: an error where a value is needed, or dropped
//! and listed with `--na ""`.
//!
//! **Locations.** Errors name the file and the column, and a line: the
//! line the row would have in the equivalent CSV file, header line 1, so
//! that row N (counting from 1) of the Parquet file is line N + 1 — the
//! same message as for the CSV export of the same data.

use std::path::Path;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, Float32Type, Float64Type};
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::CsvTable;
use crate::error::{CsvProblem, Error, Location, Result};

fn malformed(name: &str, column: Option<&str>, message: String) -> Error {
    Error::Csv {
        at: Location::new(name, None, column),
        problem: CsvProblem::Inconsistent { detail: message },
    }
}

/// The text of every cell of one Arrow column, appended to `out`.
fn column_text(name: &str, column: &str, array: &ArrayRef, out: &mut Vec<String>) -> Result<()> {
    let n = array.len();
    let cell = |i: usize, f: &dyn Fn(usize) -> String| {
        if array.is_null(i) {
            String::new()
        } else {
            f(i)
        }
    };
    match array.data_type() {
        DataType::Float64 => {
            let a = array.as_primitive::<Float64Type>();
            out.extend((0..n).map(|i| cell(i, &|i| a.value(i).to_string())));
        }
        DataType::Float32 => {
            let a = array.as_primitive::<Float32Type>();
            out.extend((0..n).map(|i| cell(i, &|i| a.value(i).to_string())));
        }
        DataType::Boolean => {
            let a = array.as_boolean();
            out.extend((0..n).map(|i| cell(i, &|i| if a.value(i) { "1" } else { "0" }.into())));
        }
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            out.extend((0..n).map(|i| cell(i, &|i| a.value(i).to_string())));
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            out.extend((0..n).map(|i| cell(i, &|i| a.value(i).to_string())));
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            out.extend((0..n).map(|i| cell(i, &|i| a.value(i).to_string())));
        }
        other => {
            let cast = arrow::compute::cast(array, &DataType::Utf8).map_err(|e| {
                malformed(
                    name,
                    Some(column),
                    format!("cannot read a column of Arrow type {other} as text: {e}"),
                )
            })?;
            let a = cast.as_string::<i32>();
            out.extend((0..n).map(|i| {
                if a.is_null(i) {
                    String::new()
                } else {
                    a.value(i).to_string()
                }
            }));
        }
    }
    Ok(())
}

impl CsvTable {
    /// A table from Arrow record batches (all of the same schema), read by
    /// column name like a CSV file; `name` stands for the source in errors.
    /// See the [module documentation](self) for how values are converted
    /// and how rows are located in errors.
    ///
    /// # Example
    /// ```
    /// use std::sync::Arc;
    /// use arrow::array::{Float64Array, Int32Array, StringArray};
    /// use arrow::record_batch::RecordBatch;
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::{KaplanMeier, SurvColumns, SurvData};
    /// let batch = RecordBatch::try_from_iter([
    ///     ("time", Arc::new(Float64Array::from(vec![2.5, 4.0, 4.0])) as _),
    ///     ("status", Arc::new(Int32Array::from(vec![1, 0, 2])) as _),
    ///     ("origin", Arc::new(StringArray::from(vec!["TN", "SN", "TN"])) as _),
    /// ])?;
    /// let table = CsvTable::from_record_batches("batch", &[batch])?;
    /// assert_eq!(table.parse_f64(0, "time")?, 2.5);
    /// let err = SurvData::from_table(&table, &SurvColumns::new("time", "status")).unwrap_err();
    /// // row 3 (counting from 1) is line 4 of the equivalent CSV file
    /// assert_eq!(err.to_string(), "batch, line 4, column `status`: event code `2` is not 0 or 1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_record_batches(name: &str, batches: &[RecordBatch]) -> Result<CsvTable> {
        let Some(first) = batches.first() else {
            return Err(Error::Csv {
                at: Location::new(name, Some(2), None),
                problem: CsvProblem::EmptyFile,
            });
        };
        let schema = first.schema();
        let headers: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        let rows_total: usize = batches.iter().map(RecordBatch::num_rows).sum();
        let mut columns: Vec<Vec<String>> = vec![Vec::with_capacity(rows_total); headers.len()];
        for batch in batches {
            if batch.schema().fields() != schema.fields() {
                return Err(malformed(
                    name,
                    None,
                    "record batches of different schemas".to_string(),
                ));
            }
            for (k, array) in batch.columns().iter().enumerate() {
                column_text(name, &headers[k], array, &mut columns[k])?;
            }
        }
        let mut rows = Vec::with_capacity(rows_total);
        for i in 0..rows_total {
            let mut record = csv::StringRecord::with_capacity(64, headers.len());
            for c in &columns {
                record.push_field(&c[i]);
            }
            rows.push(record);
        }
        drop(columns);
        CsvTable::from_cells(name, headers, rows)
    }

    /// Reads a Parquet file (any row groups; Snappy, Zstandard or no
    /// compression) into a table read by column name; the path names it in
    /// errors. See the [module documentation](self).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// let err = CsvTable::from_parquet("no/such/file.parquet").unwrap_err();
    /// assert!(err.to_string().starts_with("no/such/file.parquet: cannot read"));
    /// ```
    pub fn from_parquet(path: impl AsRef<Path>) -> Result<CsvTable> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let batches = read_parquet_batches(path)?;
        CsvTable::from_record_batches(&name, &batches)
    }
}

/// Every record batch of a Parquet file (errors name the file).
///
/// # Example
/// ```
/// let err = return_migration::data::read_parquet_batches("missing.parquet").unwrap_err();
/// assert!(err.to_string().contains("cannot read"));
/// ```
pub fn read_parquet_batches(path: impl AsRef<Path>) -> Result<Vec<RecordBatch>> {
    let (name, file) = super::csv_input::open_file(path.as_ref())?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.with_batch_size(65_536).build())
        .map_err(|e| malformed(&name, None, format!("not a readable Parquet file: {e}")))?;
    reader
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| malformed(&name, None, format!("not a readable Parquet file: {e}")))
}

/// Writes record batches to a Parquet file (Snappy), for tests, examples
/// and users who convert CSV.
///
/// # Example
/// ```
/// use std::sync::Arc;
/// use arrow::array::Float64Array;
/// use arrow::record_batch::RecordBatch;
/// use return_migration::data::{CsvTable, write_parquet};
/// let batch = RecordBatch::try_from_iter([("t", Arc::new(Float64Array::from(vec![0.1, 2.0])) as _)])?;
/// let path = std::env::temp_dir().join("rm_doc_write.parquet");
/// write_parquet(&path, &[batch])?;
/// assert_eq!(CsvTable::from_parquet(&path)?.parse_f64(0, "t")?, 0.1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_parquet(path: impl AsRef<Path>, batches: &[RecordBatch]) -> Result<()> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let io = |e: String| Error::Csv {
        at: Location::new(&name, None, None),
        problem: CsvProblem::Io { message: e },
    };
    let Some(first) = batches.first() else {
        return Err(io("no record batch to write".to_string()));
    };
    let file = std::fs::File::create(path).map_err(|e| io(e.to_string()))?;
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build();
    let mut writer = parquet::arrow::ArrowWriter::try_new(file, first.schema(), Some(props))
        .map_err(|e| io(e.to_string()))?;
    for b in batches {
        writer.write(b).map_err(|e| io(e.to_string()))?;
    }
    writer.close().map_err(|e| io(e.to_string()))?;
    Ok(())
}

/// A CSV table as Arrow: every column as text (`Utf8`), or as `Float64`
/// when all its fields parse as finite numbers. For converting CSV input
/// to Parquet ([`write_parquet`]).
///
/// # Example
/// ```
/// use return_migration::data::{CsvTable, table_to_record_batch};
/// let t = CsvTable::from_text("x.csv", "time,g\n1.5,a\n2,b\n")?;
/// let batch = table_to_record_batch(&t)?;
/// assert_eq!(batch.schema().field(0).data_type(), &arrow::datatypes::DataType::Float64);
/// let back = CsvTable::from_record_batches("x", &[batch])?;
/// assert_eq!(back.text(1, "g")?, "b");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn table_to_record_batch(table: &CsvTable) -> Result<RecordBatch> {
    let mut fields = Vec::new();
    for h in table.headers() {
        let numbers: Option<Vec<f64>> = (0..table.len())
            .map(|i| table.parse_f64(i, h).ok())
            .collect();
        let array: ArrayRef = match numbers {
            Some(v) => Arc::new(arrow::array::Float64Array::from(v)),
            None => {
                let text: Vec<&str> = (0..table.len())
                    .map(|i| table.text(i, h))
                    .collect::<Result<_>>()?;
                Arc::new(arrow::array::StringArray::from(text))
            }
        };
        fields.push((h.to_string(), array));
    }
    RecordBatch::try_from_iter(fields).map_err(|e| {
        malformed(
            table.name(),
            None,
            format!("cannot build a record batch: {e}"),
        )
    })
}
