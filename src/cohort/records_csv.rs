//! Reading and writing returnee records as CSV, one row per re-migration.
//!
//! The long format: every row carries the person's fields; a person with
//! k ≥ 1 re-migrations has k rows (one per re-migration), a person with none
//! has one row with empty event fields. Columns (only `id` and
//! `return_date` are required; a missing optional column reads as empty):
//!
//! | column | content |
//! |---|---|
//! | `id` | identifier |
//! | `return_date` | `YYYY` or `YYYY-MM-DD` |
//! | `origin`, `sex`, `age_band`, `assistance` | text |
//! | `age_at_return` | years, or empty |
//! | `follow_up_start`, `end_of_follow_up` | date, or empty |
//! | `waves_seen` | dates separated by `;`, or empty |
//! | `event_date` | date of the re-migration, or empty |
//! | `event_wave` | date of the wave that first reported it (when it is not dated) |
//! | `event_channel` | `irregular` or `legal`; empty when the row has no re-migration |
//! | any other column | kept as the person's covariate ([`ReturneeRecord::extra`], the text of the person's first row) |
//!
//! Errors name the file, the line and the column: an empty id or return
//! date, a date that does not parse or exist, a negative or unparsable age,
//! a wave listed twice, an unknown channel, both or neither of `event_date`
//! and `event_wave` on a re-migration row, a person's fields that differ
//! between its rows, and an empty-event row for a person who has
//! re-migrations. Rows are grouped by id in order of first appearance.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::date::Date;
use super::records::{Channel, EventTiming, Remigration, ReturneeRecord};
use crate::data::{CsvTable, csv_field};
use crate::error::{CsvProblem, Error, Result, ValueProblem};

const PERSON_COLUMNS: [&str; 10] = [
    "id",
    "return_date",
    "origin",
    "sex",
    "age_band",
    "age_at_return",
    "assistance",
    "follow_up_start",
    "waves_seen",
    "end_of_follow_up",
];
const EVENT_COLUMNS: [&str; 3] = ["event_date", "event_wave", "event_channel"];

fn fail<T>(table: &CsvTable, i: usize, column: &str, problem: CsvProblem) -> Result<T> {
    Err(Error::Csv {
        at: table.at(i, column),
        problem,
    })
}

/// The text of a column, or "" when the column is absent.
fn field<'a>(table: &'a CsvTable, present: &[bool], i: usize, c: usize, name: &str) -> &'a str {
    if present[c] {
        table.text(i, name).map(str::trim).unwrap_or("")
    } else {
        ""
    }
}

fn date_field(table: &CsvTable, i: usize, column: &str, text: &str) -> Result<Option<Date>> {
    if text.is_empty() {
        return Ok(None);
    }
    match Date::parse(text) {
        Some(d) => Ok(Some(d)),
        None => fail(
            table,
            i,
            column,
            CsvProblem::UnparsableDate {
                text: text.to_string(),
            },
        ),
    }
}

/// The person's fields of one row, in `PERSON_COLUMNS` order, as parsed.
fn person_of(table: &CsvTable, present: &[bool], i: usize) -> Result<ReturneeRecord> {
    let f = |c: usize| field(table, present, i, c, PERSON_COLUMNS[c]);
    let id = f(0);
    if id.is_empty() {
        return fail(table, i, "id", CsvProblem::EmptyField);
    }
    let return_date = match date_field(table, i, "return_date", f(1))? {
        Some(d) => d,
        None => return fail(table, i, "return_date", CsvProblem::EmptyField),
    };
    let mut r = ReturneeRecord::new(id, return_date);
    r.extra = table
        .headers()
        .into_iter()
        .filter(|h| !PERSON_COLUMNS.contains(h) && !EVENT_COLUMNS.contains(h))
        .map(|h| {
            (
                h.to_string(),
                table.text(i, h).unwrap_or("").trim().to_string(),
            )
        })
        .collect();
    r.origin = f(2).to_string();
    r.sex = f(3).to_string();
    r.age_band = f(4).to_string();
    if !f(5).is_empty() {
        let age = table.parse_f64(i, "age_at_return")?;
        if age < 0.0 {
            return fail(
                table,
                i,
                "age_at_return",
                CsvProblem::Invalid(ValueProblem::NegativeTime { value: age }),
            );
        }
        r.age_at_return = Some(age);
    }
    r.assistance = f(6).to_string();
    r.follow_up_start = date_field(table, i, "follow_up_start", f(7))?;
    for part in f(8).split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some(d) = date_field(table, i, "waves_seen", part)? else {
            continue;
        };
        if r.waves_seen.contains(&d) {
            return fail(
                table,
                i,
                "waves_seen",
                CsvProblem::Inconsistent {
                    detail: format!("wave {d} is listed twice"),
                },
            );
        }
        r.waves_seen.push(d);
    }
    r.end_of_follow_up = date_field(table, i, "end_of_follow_up", f(9))?;
    r.line = Some(table.line(i));
    Ok(r)
}

/// The re-migration of one row, if it has one.
fn event_of(table: &CsvTable, present: &[bool], i: usize) -> Result<Option<Remigration>> {
    let g = |c: usize| {
        if present[PERSON_COLUMNS.len() + c] {
            table.text(i, EVENT_COLUMNS[c]).map(str::trim).unwrap_or("")
        } else {
            ""
        }
    };
    let (date, wave, channel) = (g(0), g(1), g(2));
    if date.is_empty() && wave.is_empty() && channel.is_empty() {
        return Ok(None);
    }
    if channel.is_empty() {
        return fail(table, i, "event_channel", CsvProblem::EmptyField);
    }
    let Some(channel) = Channel::parse(channel) else {
        return fail(
            table,
            i,
            "event_channel",
            CsvProblem::Invalid(ValueProblem::UnknownCode {
                code: channel.to_string(),
                allowed: "irregular or legal".to_string(),
            }),
        );
    };
    let timing = match (
        date_field(table, i, "event_date", date)?,
        date_field(table, i, "event_wave", wave)?,
    ) {
        (Some(d), None) => EventTiming::Dated(d),
        (None, Some(w)) => EventTiming::SeenAtWave(w),
        (None, None) => return fail(table, i, "event_date", CsvProblem::EmptyField),
        (Some(_), Some(_)) => {
            return fail(
                table,
                i,
                "event_wave",
                CsvProblem::Inconsistent {
                    detail: "event_date and event_wave are both given (give one)".to_string(),
                },
            );
        }
    };
    Ok(Some(Remigration { timing, channel }))
}

/// The first person column whose value differs between two parses, with
/// both values as text.
fn first_difference(
    a: &ReturneeRecord,
    b: &ReturneeRecord,
) -> Option<(&'static str, String, String)> {
    let opt = |d: Option<Date>| d.map_or(String::new(), |d| d.to_string());
    let waves = |w: &[Date]| {
        let mut v: Vec<Date> = w.to_vec();
        v.sort();
        v.iter().map(Date::to_string).collect::<Vec<_>>().join(";")
    };
    let age = |a: Option<f64>| a.map_or(String::new(), |a| a.to_string());
    let pairs = [
        (
            "return_date",
            a.return_date.to_string(),
            b.return_date.to_string(),
        ),
        ("origin", a.origin.clone(), b.origin.clone()),
        ("sex", a.sex.clone(), b.sex.clone()),
        ("age_band", a.age_band.clone(), b.age_band.clone()),
        ("age_at_return", age(a.age_at_return), age(b.age_at_return)),
        ("assistance", a.assistance.clone(), b.assistance.clone()),
        (
            "follow_up_start",
            opt(a.follow_up_start),
            opt(b.follow_up_start),
        ),
        ("waves_seen", waves(&a.waves_seen), waves(&b.waves_seen)),
        (
            "end_of_follow_up",
            opt(a.end_of_follow_up),
            opt(b.end_of_follow_up),
        ),
    ];
    pairs.into_iter().find(|(_, x, y)| x != y)
}

/// Reads returnee records from a CSV table in the long format (see the
/// module documentation).
///
/// # Example
/// ```
/// use return_migration::cohort::records_from_table;
/// use return_migration::data::CsvTable;
/// let text = "id,return_date,waves_seen,event_date,event_wave,event_channel\n\
///             A,2020,2021;2022,,2022,irregular\n\
///             B,2020,2021,,,\n";
/// let records = records_from_table(&CsvTable::from_text("r.csv", text)?)?;
/// assert_eq!(records.len(), 2);
/// assert_eq!(records[0].events.len(), 1);
/// let bad = "id,return_date\nA,2020-02-30\n";
/// let err = records_from_table(&CsvTable::from_text("r.csv", bad)?).unwrap_err();
/// assert_eq!(err.to_string(), "r.csv, line 2, column `return_date`: cannot parse `2020-02-30` as a date (YYYY or YYYY-MM-DD, years 1000-9999)");
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub fn records_from_table(table: &CsvTable) -> Result<Vec<ReturneeRecord>> {
    table.column("id")?;
    table.column("return_date")?;
    let headers = table.headers();
    let mut present: Vec<bool> = PERSON_COLUMNS
        .iter()
        .chain(&EVENT_COLUMNS)
        .map(|c| headers.contains(c))
        .collect();
    let has_event_column = present[PERSON_COLUMNS.len()..].iter().any(|&p| p);
    if has_event_column {
        table.column("event_channel")?;
    }
    present.shrink_to_fit();
    let mut records: Vec<ReturneeRecord> = Vec::new();
    // per record: its index by id, the line of a row without a re-migration
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut empty_row: Vec<Option<u64>> = Vec::new();
    for i in 0..table.len() {
        let person = person_of(table, &present, i)?;
        let event = event_of(table, &present, i)?;
        let k = match index.get(&person.id) {
            Some(&k) => {
                let first = &records[k];
                if let Some((column, was, now)) = first_difference(first, &person) {
                    return fail(
                        table,
                        i,
                        column,
                        CsvProblem::Inconsistent {
                            detail: format!(
                                "`{now}` differs from `{was}` on line {} for the same id `{}`",
                                first.line.unwrap_or(0),
                                person.id
                            ),
                        },
                    );
                }
                k
            }
            None => {
                index.insert(person.id.clone(), records.len());
                records.push(person);
                empty_row.push(None);
                records.len() - 1
            }
        };
        let conflict = match event {
            Some(e) => {
                records[k].events.push(e);
                empty_row[k]
            }
            None if !records[k].events.is_empty() || empty_row[k].is_some() => {
                Some(empty_row[k].unwrap_or(0))
            }
            None => {
                empty_row[k] = Some(table.line(i));
                None
            }
        };
        if conflict.is_some() {
            return fail(
                table,
                i,
                "event_channel",
                CsvProblem::Inconsistent {
                    detail: format!(
                        "id `{}` has a row without a re-migration and another row for the same person; \
                         give one row per re-migration, or a single row without one",
                        records[k].id
                    ),
                },
            );
        }
    }
    Ok(records)
}

/// Reads returnee records from a CSV file (see [`records_from_table`]).
///
/// # Example
/// ```
/// use return_migration::cohort::records_from_path;
/// assert!(records_from_path("no/such/records.csv").is_err());
/// ```
pub fn records_from_path(path: impl AsRef<Path>) -> Result<Vec<ReturneeRecord>> {
    records_from_table(&CsvTable::from_path(path)?)
}

/// Reads returnee records from a Parquet file (feature `parquet`): the
/// file becomes the table the CSV reader gives (see
/// [`CsvTable::from_parquet`]: Arrow dates as `YYYY-MM-DD`, nulls as empty
/// fields), then [`records_from_table`] reads it with the same checks; an
/// error names the line the row would have in the CSV export.
///
/// # Example
/// ```
/// use return_migration::cohort::records_from_parquet;
/// assert!(records_from_parquet("no/such/records.parquet").is_err());
/// ```
#[cfg(feature = "parquet")]
pub fn records_from_parquet(path: impl AsRef<Path>) -> Result<Vec<ReturneeRecord>> {
    records_from_table(&CsvTable::from_parquet(path)?)
}

/// Reads returnee records from Arrow record batches (feature `parquet`),
/// by column name, as [`records_from_parquet`]; `name` names the source in
/// errors.
///
/// # Example
/// ```
/// use std::sync::Arc;
/// use arrow::array::{ArrayRef, StringArray};
/// use arrow::record_batch::RecordBatch;
/// use return_migration::cohort::records_from_record_batches;
/// let id: ArrayRef = Arc::new(StringArray::from(vec!["A", "B"]));
/// let ret: ArrayRef = Arc::new(StringArray::from(vec!["2020", "2021-05-01"]));
/// let batch = RecordBatch::try_from_iter([("id", id), ("return_date", ret)]).unwrap();
/// let records = records_from_record_batches("mem", &[batch])?;
/// assert_eq!(records.len(), 2);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[cfg(feature = "parquet")]
pub fn records_from_record_batches(
    name: &str,
    batches: &[arrow::record_batch::RecordBatch],
) -> Result<Vec<ReturneeRecord>> {
    records_from_table(&CsvTable::from_record_batches(name, batches)?)
}

/// Writes records in the long format, with `\n` line endings; with
/// `source`, a last column `source` holding that text on every row.
/// Reading the output back with [`records_from_table`] gives the same
/// records (apart from `line`).
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, Date, ReturneeRecord, write_records_csv};
/// let r = ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2021)])
///     .remigrated_seen_at(Date::Year(2021), Channel::Legal);
/// let mut out = Vec::new();
/// write_records_csv(&[r], None, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap().lines().nth(1).unwrap(), "A,2020,,,,,,,2021,,,2021,legal");
/// ```
pub fn write_records_csv<W: Write>(
    records: &[ReturneeRecord],
    source: Option<&str>,
    mut out: W,
) -> std::io::Result<()> {
    let mut header: Vec<&str> = PERSON_COLUMNS
        .iter()
        .chain(&EVENT_COLUMNS)
        .copied()
        .collect();
    if source.is_some() {
        header.push("source");
    }
    writeln!(out, "{}", header.join(","))?;
    let source = source
        .map(|s| format!(",{}", csv_field(s)))
        .unwrap_or_default();
    for r in records {
        let opt = |d: Option<Date>| d.map_or(String::new(), |d| d.to_string());
        let person = [
            csv_field(&r.id),
            r.return_date.to_string(),
            csv_field(&r.origin),
            csv_field(&r.sex),
            csv_field(&r.age_band),
            r.age_at_return.map_or(String::new(), |a| a.to_string()),
            csv_field(&r.assistance),
            opt(r.follow_up_start),
            r.waves_seen
                .iter()
                .map(Date::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            opt(r.end_of_follow_up),
        ]
        .join(",");
        if r.events.is_empty() {
            writeln!(out, "{person},,,{source}")?;
        }
        for e in &r.events {
            let (date, wave) = match e.timing {
                EventTiming::Dated(d) => (d.to_string(), String::new()),
                EventTiming::SeenAtWave(w) => (String::new(), w.to_string()),
            };
            writeln!(out, "{person},{date},{wave},{}{source}", e.channel.name())?;
        }
    }
    Ok(())
}
