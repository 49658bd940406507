use std::io::Write;

use super::args::Args;
use super::input::{parse_args, read_used_columns, refuse_missing_labels};
use crate::error::{Result, invalid};
use crate::survival::{ConfType, KaplanMeier, LogRank, SurvColumns, SurvData};

/// `survfit --input PATH --time COL --event COL [--entry COL] [--group COL]
/// [--conf-type log|log-log|plain] [--conf-level 0.95]`: Kaplan–Meier and
/// Nelson–Aalen by group, as CSV (`group,time,n_risk,n_event,n_censor,
/// survival,std_err,lower,upper,cumhaz,cumhaz_se`).
///
/// # Example
/// ```
/// use return_migration::pipeline::survfit;
/// let dir = std::env::temp_dir().join("rm_doc_survfit");
/// std::fs::create_dir_all(&dir).unwrap();
/// let input = dir.join("in.csv");
/// std::fs::write(&input, "t,d\n1,1\n2,0\n").unwrap();
/// let argv: Vec<String> = ["--input", input.to_str().unwrap(), "--time", "t", "--event", "d"]
///     .iter().map(|s| s.to_string()).collect();
/// let mut out = Vec::new();
/// survfit(&argv, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap().lines().nth(1).unwrap(), ",1,2,1,0,0.5,0.3535533905932738,0.1250488266299532,1,0.5,0.5");
/// ```
pub fn survfit<W: Write>(argv: &[String], out: W) -> Result<()> {
    let args = parse_args(
        argv,
        &[
            "input",
            "time",
            "event",
            "entry",
            "group",
            "conf-type",
            "conf-level",
        ],
        &["input", "time", "event"],
    )?;
    let conf_type = args.choice(
        "conf-type",
        &[
            ("log", ConfType::Log),
            ("log-log", ConfType::LogLog),
            ("plain", ConfType::Plain),
        ],
    )?;
    let level = args.number("conf-level", 0.95)?;
    // Checked before the input is read, so a bad level is reported first.
    if !(level > 0.0 && level < 1.0) {
        return Err(invalid(
            "arguments",
            format!("--conf-level: {level} is not strictly between 0 and 1"),
        ));
    }
    let used = used_columns(&args, &["time", "event", "entry", "group"]);
    let mut table = read_used_columns(
        &args,
        &used,
        &used_columns(&args, &["time", "entry"]),
        &used_columns(&args, &["event", "group"]),
    )?;
    let mut columns = SurvColumns::new(args.require("time")?, args.require("event")?);
    if let Some(c) = args.get("entry") {
        columns = columns.entry(c);
    }
    if let Some(c) = args.get("group") {
        columns = columns.group(c);
    }
    let data = SurvData::from_table_taking_time(&mut table, &columns)?;
    refuse_missing_labels(&args, &table, &used_columns(&args, &["group"]))?;
    drop(table);
    // Written as it is computed: with distinct times the table is far
    // larger than the data (one row of about 120 bytes a subject).
    let mut out = std::io::BufWriter::new(out);
    KaplanMeier::new()
        .conf_type(conf_type)
        .conf_level(level)
        .write_csv(&data, &mut out)?;
    Ok(out.flush()?)
}

/// The column names given to the options `names` (those given).
pub(super) fn used_columns<'a>(args: &'a Args, names: &[&str]) -> Vec<&'a str> {
    names.iter().filter_map(|n| args.get(n)).collect()
}

/// `logrank --input PATH --time COL --event COL --group COL [--rho 0]
/// [--strata COL] [--table test|groups]`: the log-rank / G(ρ) test, as CSV
/// `chisq,df,p`; with `--table groups`, one row per group
/// `group,n,observed,expected` (weighted by S(t−)^ρ as the test).
///
/// # Example
/// ```
/// use return_migration::pipeline::logrank;
/// let argv: Vec<String> = ["--input", "x.csv", "--time", "t", "--event", "d"]
///     .iter().map(|s| s.to_string()).collect();
/// let err = logrank(&argv, Vec::new()).unwrap_err();
/// assert_eq!(err.to_string(), "invalid arguments: --group is required");
/// ```
pub fn logrank<W: Write>(argv: &[String], mut out: W) -> Result<()> {
    let args = parse_args(
        argv,
        &["input", "time", "event", "group", "rho", "strata", "table"],
        &["input", "time", "event", "group"],
    )?;
    let rho = args.number("rho", 0.0)?;
    let per_group = args.choice("table", &[("test", false), ("groups", true)])?;
    let used = used_columns(&args, &["time", "event", "group", "strata"]);
    let mut table = read_used_columns(
        &args,
        &used,
        &used_columns(&args, &["time"]),
        &used_columns(&args, &["event", "group", "strata"]),
    )?;
    let mut columns = SurvColumns::new(args.require("time")?, args.require("event")?)
        .group(args.require("group")?);
    if let Some(c) = args.get("strata") {
        columns = columns.strata(c);
    }
    let data = SurvData::from_table_taking_time(&mut table, &columns)?;
    refuse_missing_labels(&args, &table, &used_columns(&args, &["group", "strata"]))?;
    drop(table);
    let test = LogRank::new().rho(rho).fit(&data)?;
    if per_group {
        writeln!(out, "group,n,observed,expected")?;
        for g in &test.groups {
            writeln!(
                out,
                "{},{},{},{}",
                super::csv_field(&g.group),
                g.n,
                g.observed,
                g.expected
            )?;
        }
        return Ok(());
    }
    writeln!(out, "chisq,df,p")?;
    Ok(writeln!(out, "{},{},{}", test.statistic, test.df, test.p)?)
}
