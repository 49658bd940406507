//! The `survreg` pipeline: a parametric AFT model from a CSV file, as CSV.

use std::io::Write;

use super::args::Args;
use super::cox::{covariate_list, frame_spec, write_coefficients};
use super::input::{parse_args, read_table};
use super::survival::used_columns;
use crate::error::{Result, invalid};
use crate::survival::{AftColumns, AftData, Dist, Survreg};

/// The time columns: `--time/--event` or `--left/--right`, exactly one pair.
fn columns(args: &Args, covariates: &[&str]) -> Result<AftColumns> {
    let pair = |a: &str, b: &str| -> Result<Option<(String, String)>> {
        match (args.get(a), args.get(b)) {
            (Some(x), Some(y)) => Ok(Some((x.to_string(), y.to_string()))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(invalid("arguments", format!("--{a} needs --{b}"))),
            (None, Some(_)) => Err(invalid("arguments", format!("--{b} needs --{a}"))),
        }
    };
    match (pair("time", "event")?, pair("left", "right")?) {
        (Some((t, e)), None) => Ok(AftColumns::right_censored(&t, &e, covariates)),
        (None, Some((l, r))) => Ok(AftColumns::interval(&l, &r, covariates)),
        (Some(_), Some(_)) => Err(invalid(
            "arguments",
            "give either --time/--event or --left/--right, not both",
        )),
        (None, None) => Err(invalid(
            "arguments",
            "--time/--event (right-censored) or --left/--right (interval-censored) is required",
        )),
    }
}

/// `survreg --input PATH (--time COL --event COL | --left COL --right COL)
/// [--covariates A,B] [--dist weibull|exponential|lognormal|loglogistic]`:
/// a parametric accelerated-failure-time regression of log time (default
/// Weibull), iterated to full convergence, as CSV `term,coef,se,z,p`:
/// `(Intercept)`, the covariates in the order given, then `Log(scale)`
/// (absent for the exponential). Interval columns: the event happened in
/// (left, right]; `left = right` exact; an empty `right` (or `inf`)
/// right-censored at `left`; `left = 0` with a finite `right`
/// left-censored. A fit that does not converge is an error.
///
/// # Example
/// ```
/// use return_migration::pipeline::survreg;
/// let dir = std::env::temp_dir().join("rm_doc_survreg");
/// std::fs::create_dir_all(&dir).unwrap();
/// let input = dir.join("in.csv");
/// std::fs::write(&input, "l,r,x\n0,2,0\n1,3,1\n2,2,0\n3,,1\n2,5,0\n4,,1\n1,2,1\n").unwrap();
/// let argv: Vec<String> = ["--input", input.to_str().unwrap(), "--left", "l", "--right", "r",
///     "--covariates", "x"].iter().map(|s| s.to_string()).collect();
/// let mut out = Vec::new();
/// survreg(&argv, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// let terms: Vec<&str> = text.lines().map(|l| l.split(',').next().unwrap()).collect();
/// assert_eq!(terms, ["term", "(Intercept)", "x", "Log(scale)"]);
/// ```
pub fn survreg<W: Write>(argv: &[String], out: W) -> Result<()> {
    let args = parse_args(
        argv,
        &[
            "input",
            "time",
            "event",
            "left",
            "right",
            "covariates",
            "dist",
            "factors",
            "reference",
        ],
        &["input"],
    )?;
    // Checked before the input is read, so bad options are reported first.
    let dist = args.choice("dist", &Dist::ALL.map(|d| (d.name(), d)))?;
    let covariates = match args.get("covariates") {
        Some(text) => covariate_list(text)?,
        None => Vec::new(),
    };
    let mut columns = columns(&args, &[])?;
    // The right end may be empty (right-censored): `--na` applies to the
    // other columns.
    let mut used = used_columns(&args, &["time", "event", "left"]);
    let spec = if covariates.is_empty() {
        if args.get("factors").is_some() || args.get("reference").is_some() {
            return Err(invalid(
                "arguments",
                "--factors and --reference need --covariates",
            ));
        }
        None
    } else {
        Some(frame_spec(&args, &covariates)?)
    };
    if let Some(spec) = &spec {
        used.extend(spec.columns());
        columns = columns.frame(spec.clone());
    }
    let table = read_table(&args, &used)?;
    let data = AftData::from_table(&table, &columns)?;
    let fit = Survreg::new().dist(dist).fit(&data)?;
    let coefficients = fit.terms.iter();
    write_coefficients(out, coefficients.map(|t| (t.term.as_str(), [t.coef, t.se, t.z, t.p])))
}
