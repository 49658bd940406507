//! The `coxzph` pipeline: the proportional-hazards test of a Cox model
//! from a CSV file, as CSV.

use std::io::Write;

use super::cox::{covariate_list, ties_option};
use super::input::{parse_args, read_table, refuse_missing_labels};
use super::survival::used_columns;
use crate::error::Result;
use crate::survival::{CoxColumns, CoxData, CoxPh, ZphTransform};

/// `coxzph --input PATH --time COL --event COL --covariates A,B
/// [--strata COL] [--ties efron|breslow] [--transform km|rank|identity]`:
/// R survival 3.5's `cox.zph(coxph(...), transform = ...)` on the Cox fit
/// iterated to full convergence, as CSV `term,chisq,df,p`: one row per
/// covariate in the order given, then `GLOBAL`. Default transform `km`.
///
/// # Example
/// ```
/// use return_migration::pipeline::coxzph;
/// let dir = std::env::temp_dir().join("rm_doc_coxzph");
/// std::fs::create_dir_all(&dir).unwrap();
/// let input = dir.join("in.csv");
/// std::fs::write(&input, "t,d,x\n1,1,0\n2,1,1\n3,0,0\n4,1,1\n5,1,0\n6,1,1\n").unwrap();
/// let argv: Vec<String> = ["--input", input.to_str().unwrap(), "--time", "t", "--event", "d",
///     "--covariates", "x"].iter().map(|s| s.to_string()).collect();
/// let mut out = Vec::new();
/// coxzph(&argv, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// let lines: Vec<&str> = text.lines().collect();
/// assert_eq!(lines[0], "term,chisq,df,p");
/// assert!(lines[1].starts_with("x,") && lines[2].starts_with("GLOBAL,"));
/// ```
pub fn coxzph<W: Write>(argv: &[String], out: W) -> Result<()> {
    let args = parse_args(
        argv,
        &[
            "input",
            "time",
            "event",
            "covariates",
            "strata",
            "ties",
            "transform",
        ],
        &["input", "time", "event", "covariates"],
    )?;
    // Checked before the input is read, so bad options are reported first.
    let ties = ties_option(&args)?;
    let transform = args.choice(
        "transform",
        &[
            ("km", ZphTransform::Km),
            ("rank", ZphTransform::Rank),
            ("identity", ZphTransform::Identity),
        ],
    )?;
    let covariates = covariate_list(args.require("covariates")?)?;
    let mut used = used_columns(&args, &["time", "event", "strata"]);
    used.extend(&covariates);
    let table = read_table(&args, &used)?;
    let mut columns = CoxColumns::new(args.require("time")?, args.require("event")?, &covariates);
    if let Some(c) = args.get("strata") {
        columns = columns.strata(c);
    }
    // Checked here, reported after the data's own errors (the table is
    // consumed by the reading).
    let labels = refuse_missing_labels(&args, &table, &used_columns(&args, &["strata"]));
    let data = CoxData::from_owned_table(table, &columns)?;
    labels?;
    // Only the terms (tests) are written: no per-time baseline table.
    let fit = CoxPh::new().ties(ties).fit_terms(&data)?;
    let zph = fit.zph(&data, transform)?;
    let mut out = std::io::BufWriter::new(out);
    writeln!(out, "term,chisq,df,p")?;
    for t in zph.terms.iter().chain([&zph.global]) {
        let term = super::csv_field(&t.term);
        writeln!(out, "{term},{},{},{}", t.statistic, t.df, t.p)?;
    }
    Ok(out.flush()?)
}
