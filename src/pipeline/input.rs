//! The input side shared by every pipeline: `--input`, `--delimiter` and
//! `--na`, the refusal of `NA` as a group label, and the note about rows
//! dropped for missing values.

use super::args::Args;
use crate::data::{CsvOptions, CsvTable, is_number_marker};
use crate::error::{Error, Location, Result, invalid};

/// Options every pipeline accepts besides its own.
pub(crate) const COMMON_OPTIONS: [&str; 2] = ["delimiter", "na"];

/// Parses a pipeline's arguments: its `own` options and the
/// [`COMMON_OPTIONS`], of which `required` must be given.
pub(crate) fn parse_args(argv: &[String], own: &[&str], required: &[&str]) -> Result<Args> {
    let allowed: Vec<&str> = own.iter().copied().chain(COMMON_OPTIONS).collect();
    Args::parse(argv, &allowed, required)
}

/// Values that look like a missing value when found in a label column.
const MISSING_LOOKING: [&str; 4] = ["NA", "N/A", "NaN", "."];

/// The `--delimiter` option: one ASCII character, or `tab`.
fn delimiter(args: &Args) -> Result<u8> {
    match args.get("delimiter") {
        None => Ok(b','),
        Some("tab") | Some("\\t") | Some("\t") => Ok(b'\t'),
        Some(d) if d.len() == 1 && d.is_ascii() && d != "\"" && d != "\n" && d != "\r" => {
            Ok(d.as_bytes()[0])
        }
        Some(d) => Err(invalid(
            "arguments",
            format!("--delimiter: `{d}` is not one ASCII character (or `tab`)"),
        )),
    }
}

/// The `--na` markers: a comma-separated list; an empty item is the empty
/// field (`--na NA,` names both `NA` and empty fields).
fn markers(args: &Args) -> Option<Vec<&str>> {
    args.get("na")
        .map(|list| list.split(',').map(str::trim).collect())
}

/// Reads the input table of a pipeline. `used` are every column the
/// pipeline reads. With `--na`, rows holding a marker in a used column are
/// dropped and counted (a note on standard error lists their lines).
pub(crate) fn read_table(args: &Args, used: &[&str]) -> Result<CsvTable> {
    read(args, used, None)
}

/// [`read_table`] keeping only the `used` columns of a CSV input (the
/// pipeline reads no other): the other columns are checked but not stored.
/// The columns of `numbers` (those the pipeline reads only as numbers)
/// are parsed while read ([`CsvTable::from_path_typed`]), unless a column
/// of `text` (read as text: codes, labels, factors) is also among them, or
/// a `--na` marker is itself a number.
pub(crate) fn read_used_columns(
    args: &Args,
    used: &[&str],
    numbers: &[&str],
    text: &[&str],
) -> Result<CsvTable> {
    let numeric_marker = markers(args).is_some_and(|m| m.iter().any(|m| is_number_marker(m)));
    let numbers: Vec<&str> = match numeric_marker {
        true => Vec::new(),
        false => numbers
            .iter()
            .copied()
            .filter(|c| !text.contains(c))
            .collect(),
    };
    read(args, used, Some(&numbers))
}

fn read(args: &Args, used: &[&str], project: Option<&[&str]>) -> Result<CsvTable> {
    let options = CsvOptions::new().delimiter(delimiter(args)?);
    let path = args.require("input")?;
    let mut table = if is_parquet(path) {
        parquet_table(path)?
    } else if let Some(numbers) = project {
        CsvTable::from_path_typed(path, &options, used, numbers)?
    } else {
        CsvTable::from_path_with(path, &options)?
    };
    for c in used {
        table.column(c)?;
    }
    if let Some(markers) = markers(args) {
        let dropped = table.drop_missing(used, &markers)?;
        if !dropped.is_empty() {
            eprintln!("{}", dropped_note(table.name(), &dropped));
        }
    }
    Ok(table)
}

/// A `.parquet` input path (any case).
fn is_parquet(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".parquet")
}

#[cfg(feature = "parquet")]
fn parquet_table(path: &str) -> Result<CsvTable> {
    CsvTable::from_parquet(path)
}

#[cfg(not(feature = "parquet"))]
fn parquet_table(path: &str) -> Result<CsvTable> {
    Err(invalid(
        "arguments",
        format!(
            "--input {path}: Parquet input needs the `parquet` feature \
             (cargo run --release --features parquet --example ...)"
        ),
    ))
}

/// The note printed when rows were dropped for missing values.
pub(crate) fn dropped_note(file: &str, lines: &[u64]) -> String {
    const SHOWN: usize = 10;
    let list: Vec<String> = lines.iter().take(SHOWN).map(u64::to_string).collect();
    let more = if lines.len() > SHOWN { ", ..." } else { "" };
    format!(
        "note: {file}: {} row(s) with a missing value dropped (line(s) {}{more})",
        lines.len(),
        list.join(", ")
    )
}

/// Without `--na`, a label (group, strata, cluster) that looks like a
/// missing value (`NA`, `N/A`, `NaN`, `.`) is an error rather than a group
/// of its own. Called after the data are read, so that problems of the
/// data themselves are reported first.
pub(crate) fn refuse_missing_labels(args: &Args, table: &CsvTable, labels: &[&str]) -> Result<()> {
    if args.get("na").is_some() {
        return Ok(());
    }
    for i in 0..table.len() {
        for c in labels {
            let v = table.text(i, c)?.trim();
            if MISSING_LOOKING.contains(&v) {
                return Err(Error::Csv {
                    at: Location::new(table.name(), Some(table.line(i)), Some(c)),
                    problem: crate::error::CsvProblem::Inconsistent {
                        detail: format!(
                            "`{v}` looks like a missing value, not a group: name the \
                             missing-value markers with --na (e.g. --na {v}) to drop such rows"
                        ),
                    },
                });
            }
        }
    }
    Ok(())
}
