//! Loading a user's CSV files into series, panels and candidate tables.
//!
//! Columns are taken by name. Every row becomes part of the result or the
//! load fails with an error naming the file, the line and the column: an
//! unparsable number, a negative count, a duplicate year, a missing column,
//! an empty file. No row is dropped silently.

use std::collections::BTreeMap;

use ndarray::Array2;

use super::csv_input::CsvTable;
use super::panel::Panel;
use super::select::Candidate;
use super::series::{Observation, YearSeries};
use crate::error::{CsvProblem, Error, Result};

/// Column names of a year-indexed count file.
///
/// # Example
/// ```
/// use return_migration::data::SeriesColumns;
/// let cols = SeriesColumns::default();
/// assert_eq!((cols.year.as_str(), cols.value.as_str()), ("year", "value"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesColumns {
    /// The year column.
    pub year: String,
    /// The count column.
    pub value: String,
    /// An optional source column, copied into each observation.
    pub source: Option<String>,
    /// An optional note column.
    pub note: Option<String>,
}

impl Default for SeriesColumns {
    fn default() -> Self {
        SeriesColumns {
            year: "year".to_string(),
            value: "value".to_string(),
            source: None,
            note: None,
        }
    }
}

fn optional_text(table: &CsvTable, i: usize, column: &Option<String>) -> Result<String> {
    match column {
        Some(c) => Ok(table.text(i, c)?.to_string()),
        None => Ok(String::new()),
    }
}

/// A series of counts from a table with one row per year.
/// Errors on a missing column, an empty or unparsable year or count, a
/// negative count, and a year seen twice.
///
/// # Example
/// ```
/// use return_migration::data::{CsvTable, SeriesColumns, series_from_table};
/// let t = CsvTable::from_text("r.csv", "year,value\n2015,1399\n2015,1400\n").unwrap();
/// let err = series_from_table(&t, "returns", "persons", &SeriesColumns::default()).unwrap_err();
/// assert_eq!(err.to_string(), "r.csv, line 3, column `year`: duplicate year 2015 (first seen on line 2)");
/// ```
pub fn series_from_table(
    table: &CsvTable,
    name: &str,
    unit: &str,
    columns: &SeriesColumns,
) -> Result<YearSeries> {
    table.column(&columns.year)?;
    table.column(&columns.value)?;
    for c in [&columns.source, &columns.note].into_iter().flatten() {
        table.column(c)?;
    }
    let mut series = YearSeries::new(name, unit);
    let mut first_line: BTreeMap<i32, u64> = BTreeMap::new();
    for i in 0..table.len() {
        let year = table.parse_year(i, &columns.year)?;
        let value = table.parse_count(i, &columns.value)?;
        if let Some(&first) = first_line.get(&year) {
            return Err(Error::Csv {
                at: table.at(i, &columns.year),
                problem: CsvProblem::DuplicateYear {
                    year,
                    first_line: first,
                },
            });
        }
        first_line.insert(year, table.line(i));
        series.insert(
            year,
            Observation {
                value,
                source: optional_text(table, i, &columns.source)?,
                note: optional_text(table, i, &columns.note)?,
                derived: false,
            },
        )?;
    }
    Ok(series)
}

/// Reads a CSV file of counts per year; see [`series_from_table`].
///
/// # Example
/// ```no_run
/// use return_migration::data::{SeriesColumns, series_from_csv};
/// let returns = series_from_csv("returns.csv", "returns", "persons", &SeriesColumns::default())?;
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub fn series_from_csv(
    path: impl AsRef<std::path::Path>,
    name: &str,
    unit: &str,
    columns: &SeriesColumns,
) -> Result<YearSeries> {
    series_from_table(&CsvTable::from_path(path)?, name, unit, columns)
}

/// A panel of counts from a long table (`entity, year, value` columns, named
/// by the caller). Entities are ordered by first appearance; the years span
/// the smallest to the largest year seen; cells absent from the file are
/// missing. Errors as [`series_from_table`], and on an (entity, year) pair
/// seen twice.
///
/// # Example
/// ```
/// use return_migration::data::{CsvTable, panel_from_table};
/// let t = CsvTable::from_text("p.csv", "route,year,value\nsea,2019,26103\nland,2019,6346\nsea,2020,40106\n").unwrap();
/// let p = panel_from_table(&t, "route", "year", "value", "persons").unwrap();
/// assert_eq!(p.get("land", 2020), None);
/// assert_eq!(p.get("sea", 2020), Some(40106.0));
/// ```
pub fn panel_from_table(
    table: &CsvTable,
    entity_column: &str,
    year_column: &str,
    value_column: &str,
    unit: &str,
) -> Result<Panel> {
    for c in [entity_column, year_column, value_column] {
        table.column(c)?;
    }
    let mut entities: Vec<String> = Vec::new();
    let mut cells: BTreeMap<(usize, i32), (f64, u64)> = BTreeMap::new();
    for i in 0..table.len() {
        let entity = table.text(i, entity_column)?;
        if entity.trim().is_empty() {
            return Err(Error::Csv {
                at: table.at(i, entity_column),
                problem: CsvProblem::EmptyField,
            });
        }
        let year = table.parse_year(i, year_column)?;
        let value = table.parse_count(i, value_column)?;
        let r = match entities.iter().position(|e| e == entity) {
            Some(r) => r,
            None => {
                entities.push(entity.to_string());
                entities.len() - 1
            }
        };
        if let Some(&(_, first)) = cells.get(&(r, year)) {
            return Err(Error::Csv {
                at: table.at(i, year_column),
                problem: CsvProblem::DuplicateYear {
                    year,
                    first_line: first,
                },
            });
        }
        cells.insert((r, year), (value, table.line(i)));
    }
    let from = cells.keys().map(|k| k.1).min().unwrap_or(0);
    let to = cells.keys().map(|k| k.1).max().unwrap_or(0);
    let width = super::series::span_width(from, to)?;
    let mut values = Array2::from_elem((entities.len(), width), None);
    for (&(r, year), &(v, _)) in &cells {
        values[[r, (year - from) as usize]] = Some(v);
    }
    Panel::new(entities, from, unit, values)
}

/// Candidate values (several sources or vintages per year) from a table.
/// `period` and `vintage` columns are optional (absent: `full_year`, empty);
/// the `source` column is required and must not be empty on any row.
///
/// # Example
/// ```
/// use return_migration::data::{CsvTable, SelectionPolicy, candidates_from_table};
/// let t = CsvTable::from_text("a.csv", "year,value,vintage,source\n2019,32449,published 2021,Interior\n2019,32513,cited 2022,Interior\n").unwrap();
/// let c = candidates_from_table(&t, "year", "value", "source").unwrap();
/// let (s, _) = SelectionPolicy::latest_release().select("arrivals", "persons", &c).unwrap();
/// assert_eq!(s.value(2019), Some(32513.0));
/// ```
pub fn candidates_from_table(
    table: &CsvTable,
    year_column: &str,
    value_column: &str,
    source_column: &str,
) -> Result<Vec<Candidate>> {
    for c in [year_column, value_column, source_column] {
        table.column(c)?;
    }
    let has = |c: &str| table.headers().contains(&c);
    let (has_period, has_vintage, has_note) = (has("period"), has("vintage"), has("note"));
    (0..table.len())
        .map(|i| {
            let source = table.text(i, source_column)?;
            if source.trim().is_empty() {
                return Err(Error::Csv {
                    at: table.at(i, source_column),
                    problem: CsvProblem::EmptyField,
                });
            }
            Ok(Candidate {
                year: table.parse_year(i, year_column)?,
                value: table.parse_count(i, value_column)?,
                period: if has_period {
                    table.text(i, "period")?.to_string()
                } else {
                    "full_year".to_string()
                },
                vintage: if has_vintage {
                    table.text(i, "vintage")?.to_string()
                } else {
                    String::new()
                },
                source: source.to_string(),
                note: if has_note {
                    table.text(i, "note")?.to_string()
                } else {
                    String::new()
                },
                line: table.line(i),
            })
        })
        .collect()
}
