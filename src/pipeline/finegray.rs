//! The `finegray` pipeline: a Fine–Gray competing-risks model from a CSV
//! file, as CSV.

use std::io::Write;

use super::cox::{covariate_list, frame_spec, write_coefficients};
use super::input::{parse_args, read_table};
use super::survival::used_columns;
use crate::error::{Result, invalid};
use crate::survival::{FineGray, FineGrayColumns, FineGrayData};

/// `finegray --input PATH --time COL --status COL --cause K --covariates
/// A,B`: the Fine–Gray proportional subdistribution hazards model of cause
/// K (status 0 = censored, 1, 2, ... = causes, as `cuminc`), iterated to
/// full convergence, as CSV `term,coef,se,z,p` (one row per covariate in
/// the order given; `se` robust (sandwich), as `cmprsk::crr`'s `var`; p
/// two-sided from the normal). A cause that is not a status value of the
/// file, a covariate that cannot be estimated or a fit that does not
/// converge is an error.
///
/// # Example
/// ```
/// use return_migration::pipeline::finegray;
/// let dir = std::env::temp_dir().join("rm_doc_finegray");
/// std::fs::create_dir_all(&dir).unwrap();
/// let input = dir.join("in.csv");
/// std::fs::write(&input, "t,s,x\n1,1,0\n2,2,1\n3,1,1\n4,0,0\n5,1,0\n6,2,1\n7,1,1\n8,0,0\n").unwrap();
/// let argv: Vec<String> = ["--input", input.to_str().unwrap(), "--time", "t", "--status", "s",
///     "--cause", "1", "--covariates", "x"].iter().map(|s| s.to_string()).collect();
/// let mut out = Vec::new();
/// finegray(&argv, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.lines().next(), Some("term,coef,se,z,p"));
/// assert!(text.lines().nth(1).unwrap().starts_with("x,"));
/// ```
pub fn finegray<W: Write>(argv: &[String], out: W) -> Result<()> {
    let args = parse_args(
        argv,
        &[
            "input",
            "time",
            "status",
            "cause",
            "covariates",
            "factors",
            "reference",
        ],
        &["input", "time", "status", "cause", "covariates"],
    )?;
    let cause_text = args.require("cause")?;
    let cause = cause_text
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|&c| c > 0)
        .ok_or_else(|| {
            invalid(
                "arguments",
                format!("--cause: `{cause_text}` is not a positive integer status code"),
            )
        })?;
    let covariates = covariate_list(args.require("covariates")?)?;
    let spec = frame_spec(&args, &covariates)?;
    let mut used = used_columns(&args, &["time", "status"]);
    used.extend(spec.columns());
    let table = read_table(&args, &used)?;
    let columns =
        FineGrayColumns::new(args.require("time")?, args.require("status")?, &[]).frame(spec);
    let data = FineGrayData::from_table(&table, &columns)?;
    if !data.causes().contains(&cause) {
        let present: Vec<String> = data.causes().iter().map(u32::to_string).collect();
        return Err(invalid(
            "arguments",
            format!(
                "--cause {cause}: no row of {} has status {cause} in column `{}` (causes present: {})",
                table.name(),
                columns.status,
                if present.is_empty() {
                    "none, every row is censored".to_string()
                } else {
                    present.join(", ")
                }
            ),
        ));
    }
    let fit = FineGray::new(cause).fit(&data)?;
    let coefficients = fit.terms.iter();
    write_coefficients(out, coefficients.map(|t| (t.term.as_str(), [t.coef, t.se, t.z, t.p])))
}
