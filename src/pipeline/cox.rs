//! The `coxph` pipeline: a Cox model from a CSV file, as CSV.

use std::io::Write;

use super::args::Args;
use crate::data::CsvTable;
use crate::error::{Error, Result, invalid};
use crate::survival::{CoxColumns, CoxData, CoxPh, Ties};

fn io(e: std::io::Error) -> Error {
    invalid("output", e.to_string())
}

/// The covariate names of `--covariates A,B,C`: non-empty and distinct.
pub(super) fn covariate_list(text: &str) -> Result<Vec<&str>> {
    let names: Vec<&str> = text.split(',').collect();
    for (k, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(invalid(
                "arguments",
                format!("--covariates: empty name in `{text}`"),
            ));
        }
        if names[..k].contains(name) {
            return Err(invalid(
                "arguments",
                format!("--covariates: `{name}` is given twice"),
            ));
        }
    }
    Ok(names)
}

/// `coxph --input PATH --time COL --event COL --covariates A,B,C
/// [--entry COL] [--ties efron|breslow] [--strata COL] [--cluster COL]`:
/// a Cox proportional hazards fit iterated to full convergence, as CSV
/// `term,coef,se,z,p` (one row per covariate in the order given). With
/// `--cluster`, `se` is the robust (sandwich) standard error and z and p
/// use it. A fit that does not converge (a diverging coefficient, a
/// constant or collinear covariate) is an error naming the covariate.
///
/// # Example
/// ```
/// use return_migration::pipeline::coxph;
/// let dir = std::env::temp_dir().join("rm_doc_coxph");
/// std::fs::create_dir_all(&dir).unwrap();
/// let input = dir.join("in.csv");
/// std::fs::write(&input, "t,d,x\n1,1,0\n2,1,1\n3,0,0\n4,1,1\n5,1,0\n").unwrap();
/// let argv: Vec<String> = ["--input", input.to_str().unwrap(), "--time", "t", "--event", "d",
///     "--covariates", "x"].iter().map(|s| s.to_string()).collect();
/// let mut out = Vec::new();
/// coxph(&argv, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.lines().next(), Some("term,coef,se,z,p"));
/// assert!(text.lines().nth(1).unwrap().starts_with("x,"));
/// ```
pub fn coxph<W: Write>(argv: &[String], out: W) -> Result<()> {
    let args = Args::parse(
        argv,
        &[
            "input",
            "time",
            "event",
            "covariates",
            "entry",
            "ties",
            "strata",
            "cluster",
        ],
        &["input", "time", "event", "covariates"],
    )?;
    // Checked before the input is read, so bad options are reported first.
    let ties = Ties::parse(args.get("ties").unwrap_or("efron")).map_err(|_| {
        invalid(
            "arguments",
            format!(
                "--ties: `{}` is not one of efron, breslow",
                args.get("ties").unwrap_or_default()
            ),
        )
    })?;
    let covariates = covariate_list(args.require("covariates")?)?;
    let table = CsvTable::from_path(args.require("input")?)?;
    let mut columns = CoxColumns::new(args.require("time")?, args.require("event")?, &covariates);
    if let Some(c) = args.get("entry") {
        columns = columns.entry(c);
    }
    if let Some(c) = args.get("strata") {
        columns = columns.strata(c);
    }
    if let Some(c) = args.get("cluster") {
        columns = columns.cluster(c);
    }
    let data = CoxData::from_table(&table, &columns)?;
    let fit = CoxPh::new().ties(ties).fit(&data)?;
    let mut out = std::io::BufWriter::new(out);
    writeln!(out, "term,coef,se,z,p").map_err(io)?;
    for t in &fit.terms {
        let se = t.robust_se.unwrap_or(t.se);
        writeln!(out, "{},{},{},{},{}", t.term, t.coef, se, t.z, t.p).map_err(io)?;
    }
    out.flush().map_err(io)
}
