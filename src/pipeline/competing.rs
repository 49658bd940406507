//! The `cuminc` pipeline: competing risks from a CSV file.

use std::io::Write;

use super::input::{parse_args, read_table, refuse_missing_labels};
use super::survival::used_columns;
use crate::data::csv_number as opt;
use crate::error::{Result, invalid};
use crate::survival::{
    AalenJohansen, CUMINC_FULL_HEADER, CompetingColumns, CompetingData, CumIncFit, CurveState,
};

/// `cuminc --input PATH --time COL --status COL [--group COL]`: the
/// Aalen–Johansen cumulative incidence of every cause by group, as CSV
/// `group,cause,time,cif` (status 0 = censored, 1, 2, ... = causes; the
/// causes are the distinct non-zero status values of the whole file; for
/// each group and cause one row at every distinct time with at least one
/// event of any cause in the group). `--table full` adds `std_err,lower,
/// upper` (infinitesimal-jackknife standard error, log-type 95% interval);
/// `--times T1,T2` writes the estimates at the chosen times instead (one
/// row per group, cause and time; the step function's value at that time).
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
    let args = parse_args(
        argv,
        &["input", "time", "status", "group", "table", "times"],
        &["input", "time", "status"],
    )?;
    let full = args.choice("table", &[("cif", false), ("full", true)])?;
    let times = args.get("times").map(parse_times).transpose()?;
    let used = used_columns(&args, &["time", "status", "group"]);
    let table = read_table(&args, &used)?;
    let mut columns = CompetingColumns::new(args.require("time")?, args.require("status")?);
    if let Some(c) = args.get("group") {
        columns = columns.group(c);
    }
    let data = CompetingData::from_table(&table, &columns)?;
    refuse_missing_labels(&args, &table, &used_columns(&args, &["group"]))?;
    let fit = AalenJohansen::new().fit(&data)?;
    let mut out = std::io::BufWriter::new(out);
    match (times, full) {
        (Some(times), _) => write_at_times(&fit, &times, &mut out)?,
        (None, true) => fit.write_cuminc_full_csv(&mut out)?,
        (None, false) => fit.write_cuminc_csv(&mut out)?,
    }
    Ok(out.flush()?)
}

/// `--times 1,2,3`: finite, non-negative, strictly increasing.
fn parse_times(text: &str) -> Result<Vec<f64>> {
    let mut times: Vec<f64> = Vec::new();
    for item in text.split(',') {
        let t = item
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|t| t.is_finite() && *t >= 0.0)
            .ok_or_else(|| {
                invalid(
                    "arguments",
                    format!("--times: `{item}` is not a finite time >= 0"),
                )
            })?;
        if times.last().is_some_and(|&last| t <= last) {
            return Err(invalid(
                "arguments",
                format!("--times: `{text}` is not strictly increasing"),
            ));
        }
        times.push(t);
    }
    Ok(times)
}

/// One row per group, cause and chosen time: the step function's value
/// (0 with se 0 and no limits before the first time of the group).
fn write_at_times<W: Write>(fit: &CumIncFit, times: &[f64], out: &mut W) -> std::io::Result<()> {
    writeln!(out, "{CUMINC_FULL_HEADER}")?;
    for c in fit
        .curves
        .iter()
        .filter(|c| c.state != CurveState::EventFree)
    {
        let group = super::csv_field(&c.group);
        for &t in times {
            let k = c.rows.partition_point(|r| r.time <= t);
            match k.checked_sub(1).map(|j| &c.rows[j]) {
                Some(r) => writeln!(
                    out,
                    "{group},{},{t},{},{},{},{}",
                    c.state.code(),
                    r.estimate,
                    r.std_err,
                    opt(r.lower),
                    opt(r.upper)
                )?,
                None => writeln!(out, "{group},{},{t},0,0,,", c.state.code())?,
            }
        }
    }
    Ok(())
}
