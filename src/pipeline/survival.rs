use std::io::Write;

use super::args::Args;
use crate::data::CsvTable;
use crate::error::{Error, Result, invalid};
use crate::survival::{ConfType, KaplanMeier, LogRank, SurvColumns, SurvData};

fn io(e: std::io::Error) -> Error {
    invalid("output", e.to_string())
}

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
    let args = Args::parse(
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
    let conf_type = match args.get("conf-type").unwrap_or("log") {
        "log" => ConfType::Log,
        "log-log" => ConfType::LogLog,
        "plain" => ConfType::Plain,
        other => {
            return Err(invalid(
                "arguments",
                format!("--conf-type: `{other}` is not one of log, log-log, plain"),
            ));
        }
    };
    let level = args.number("conf-level", 0.95)?;
    // Checked before the input is read, so a bad level is reported first.
    if !(level > 0.0 && level < 1.0) {
        return Err(invalid(
            "arguments",
            format!("--conf-level: {level} is not strictly between 0 and 1"),
        ));
    }
    let table = CsvTable::from_path(args.require("input")?)?;
    let mut columns = SurvColumns::new(args.require("time")?, args.require("event")?);
    if let Some(c) = args.get("entry") {
        columns = columns.entry(c);
    }
    if let Some(c) = args.get("group") {
        columns = columns.group(c);
    }
    let data = SurvData::from_table(&table, &columns)?;
    let fit = KaplanMeier::new()
        .conf_type(conf_type)
        .conf_level(level)
        .fit(&data)?;
    let mut out = std::io::BufWriter::new(out);
    fit.write_csv(&mut out).map_err(io)?;
    out.flush().map_err(io)
}

/// `logrank --input PATH --time COL --event COL --group COL [--rho 0]
/// [--strata COL]`: the log-rank / G(ρ) test, as CSV `chisq,df,p`.
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
    let args = Args::parse(
        argv,
        &["input", "time", "event", "group", "rho", "strata"],
        &["input", "time", "event", "group"],
    )?;
    let rho = args.number("rho", 0.0)?;
    let table = CsvTable::from_path(args.require("input")?)?;
    let mut columns = SurvColumns::new(args.require("time")?, args.require("event")?)
        .group(args.require("group")?);
    if let Some(c) = args.get("strata") {
        columns = columns.strata(c);
    }
    let data = SurvData::from_table(&table, &columns)?;
    let test = LogRank::new().rho(rho).fit(&data)?;
    writeln!(out, "chisq,df,p").map_err(io)?;
    writeln!(out, "{},{},{}", test.chisq, test.df, test.p).map_err(io)
}
