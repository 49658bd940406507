//! The `cuminc` pipeline: competing risks from a CSV file.

use std::io::Write;

use super::args::Args;
use crate::data::CsvTable;
use crate::error::{Error, Result, invalid};
use crate::survival::{AalenJohansen, CompetingColumns, CompetingData};

fn io(e: std::io::Error) -> Error {
    invalid("output", e.to_string())
}

/// `cuminc --input PATH --time COL --status COL [--group COL]`: the
/// Aalen–Johansen cumulative incidence of every cause by group, as CSV
/// `group,cause,time,cif` (status 0 = censored, 1, 2, ... = causes; the
/// causes are the distinct non-zero status values of the whole file; for
/// each group and cause one row at every distinct time with at least one
/// event of any cause in the group).
///
/// # Example
/// ```
/// use return_migration::pipeline::cuminc;
/// let dir = std::env::temp_dir().join("rm_doc_cuminc");
/// std::fs::create_dir_all(&dir).unwrap();
/// let input = dir.join("in.csv");
/// std::fs::write(&input, "t,s\n1,1\n2,0\n3,2\n").unwrap();
/// let argv: Vec<String> = ["--input", input.to_str().unwrap(), "--time", "t", "--status", "s"]
///     .iter().map(|s| s.to_string()).collect();
/// let mut out = Vec::new();
/// cuminc(&argv, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "group,cause,time,cif\n,1,1,0.3333333333333333\n,1,3,0.3333333333333333\n,2,1,0\n,2,3,0.6666666666666667\n");
/// ```
pub fn cuminc<W: Write>(argv: &[String], out: W) -> Result<()> {
    let args = Args::parse(
        argv,
        &["input", "time", "status", "group"],
        &["input", "time", "status"],
    )?;
    let table = CsvTable::from_path(args.require("input")?)?;
    let mut columns = CompetingColumns::new(args.require("time")?, args.require("status")?);
    if let Some(c) = args.get("group") {
        columns = columns.group(c);
    }
    let data = CompetingData::from_table(&table, &columns)?;
    let fit = AalenJohansen::new().fit(&data)?;
    let mut out = std::io::BufWriter::new(out);
    fit.write_cuminc_csv(&mut out).map_err(io)?;
    out.flush().map_err(io)
}
