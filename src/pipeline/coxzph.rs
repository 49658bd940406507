//! The `coxzph` pipeline: the proportional-hazards test of a Cox model
//! from a CSV file, as CSV.

use std::io::Write;

use super::args::Args;
use super::cox::{covariate_list, io, ties_option};
use crate::data::CsvTable;
use crate::error::{Result, invalid};
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
    let args = Args::parse(
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
    let transform = ZphTransform::parse(args.get("transform").unwrap_or("km")).map_err(|_| {
        invalid(
            "arguments",
            format!(
                "--transform: `{}` is not one of km, rank, identity",
                args.get("transform").unwrap_or_default()
            ),
        )
    })?;
    let covariates = covariate_list(args.require("covariates")?)?;
    let table = CsvTable::from_path(args.require("input")?)?;
    let mut columns = CoxColumns::new(args.require("time")?, args.require("event")?, &covariates);
    if let Some(c) = args.get("strata") {
        columns = columns.strata(c);
    }
    let data = CoxData::from_table(&table, &columns)?;
    let fit = CoxPh::new().ties(ties).fit(&data)?;
    let zph = fit.zph(&data, transform)?;
    let mut out = std::io::BufWriter::new(out);
    writeln!(out, "term,chisq,df,p").map_err(io)?;
    for t in zph.terms.iter().chain([&zph.global]) {
        writeln!(out, "{},{},{},{}", t.term, t.chisq, t.df, t.p).map_err(io)?;
    }
    out.flush().map_err(io)
}
