//! The `coxph` pipeline: a Cox model from a CSV file, as CSV.

use std::io::Write;

use super::args::Args;
use super::input::{parse_args, read_used_columns, refuse_missing_labels};
use super::survival::used_columns;
use crate::error::{Result, invalid};
use crate::frame::{FrameSpec, Missing};
use crate::survival::{CoxColumns, CoxData, CoxPh, Ties};

/// The model frame of `--covariates A,B,A:B [--factors B]
/// [--reference B=level]`: numeric
/// columns, factors named by `--factors` (levels in byte order, the first
/// the reference; yes/no and TRUE/FALSE columns are factors without being
/// named), interactions `A:B`. Missing values are left to `--na` (rows
/// dropped before the frame) so that without it every value must parse.
pub(crate) fn frame_spec(args: &Args, covariates: &[&str]) -> Result<FrameSpec> {
    let factors = match args.get("factors") {
        Some(list) => covariate_list(list)
            .map_err(|_| invalid("arguments", format!("--factors: bad list `{list}`")))?,
        None => Vec::new(),
    };
    let mut spec = FrameSpec::new(covariates)
        .factors(&factors)
        .missing(Missing::Error {
            markers: Vec::new(),
        });
    if let Some(list) = args.get("reference") {
        for item in list.split(',') {
            let Some((column, level)) = item.split_once('=') else {
                return Err(invalid(
                    "arguments",
                    format!("--reference: `{item}` is not COLUMN=LEVEL"),
                ));
            };
            if !factors.contains(&column) {
                return Err(invalid(
                    "arguments",
                    format!("--reference: `{column}` is not among --factors"),
                ));
            }
            spec = spec.reference(column, level);
        }
    }
    for f in &factors {
        if !spec.columns().contains(f) {
            return Err(invalid(
                "arguments",
                format!("--factors: `{f}` is not among --covariates"),
            ));
        }
    }
    Ok(spec)
}

/// The covariate names of `--covariates A,B,C`: non-empty and distinct.
pub(crate) fn covariate_list(text: &str) -> Result<Vec<&str>> {
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

/// Writes the coefficient table `term,coef,se,z,p` of a regression, one row
/// per `(term, [coef, se, z, p])`, buffered, and flushes it.
pub(super) fn write_coefficients<'a, W: Write>(
    out: W,
    terms: impl IntoIterator<Item = (&'a str, [f64; 4])>,
) -> Result<()> {
    let mut out = std::io::BufWriter::new(out);
    writeln!(out, "term,coef,se,z,p")?;
    for (term, [coef, se, z, p]) in terms {
        writeln!(out, "{},{coef},{se},{z},{p}", super::csv_field(term))?;
    }
    Ok(out.flush()?)
}

/// The `--ties` option (default efron).
pub(super) fn ties_option(args: &Args) -> Result<Ties> {
    args.choice(
        "ties",
        &[("efron", Ties::Efron), ("breslow", Ties::Breslow)],
    )
}

/// `coxph --input PATH --time COL --event COL --covariates A,B,C
/// [--entry COL] [--ties efron|breslow] [--strata COL] [--cluster COL]`:
/// a Cox proportional hazards fit iterated to full convergence, as CSV
/// `term,coef,se,z,p` (one row per covariate in the order given). With
/// `--cluster`, `se` is the robust (sandwich) standard error and z and p
/// use it. `--table full` writes `term,coef,exp_coef,se,robust_se,z,p,
/// lower,upper,n,events` (lower and upper: the 95% interval of exp(coef),
/// from the robust se when there is one; robust_se empty without
/// `--cluster`; n rows and events used). A fit that does not converge (a diverging coefficient, a
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
    let args = parse_args(
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
            "factors",
            "reference",
            "table",
        ],
        &["input", "time", "event", "covariates"],
    )?;
    let full = args.choice("table", &[("coef", false), ("full", true)])?;
    // Checked before the input is read, so bad options are reported first.
    let ties = ties_option(&args)?;
    let covariates = covariate_list(args.require("covariates")?)?;
    let spec = frame_spec(&args, &covariates)?;
    let mut used = used_columns(&args, &["time", "event", "entry", "strata", "cluster"]);
    used.extend(spec.columns());
    // Read as numbers: the times and the covariates that are not factors.
    let mut numbers = used_columns(&args, &["time", "entry"]);
    numbers.extend(spec.columns());
    let mut text = used_columns(&args, &["event", "strata", "cluster"]);
    if let Some(list) = args.get("factors") {
        text.extend(covariate_list(list)?);
    }
    let table = read_used_columns(&args, &used, &numbers, &text)?;
    let mut columns =
        CoxColumns::new(args.require("time")?, args.require("event")?, &[]).frame(spec.clone());
    if let Some(c) = args.get("entry") {
        columns = columns.entry(c);
    }
    if let Some(c) = args.get("strata") {
        columns = columns.strata(c);
    }
    if let Some(c) = args.get("cluster") {
        columns = columns.cluster(c);
    }
    // Checked here, reported after the data's own errors (the table is
    // consumed by the reading).
    let labels = refuse_missing_labels(&args, &table, &used_columns(&args, &["strata", "cluster"]));
    let data = CoxData::from_owned_table(table, &columns)?;
    labels?;
    // Only the terms (tests) are written: no per-time baseline table.
    let fit = CoxPh::new().ties(ties).fit_terms(&data)?;
    if !full {
        let coefficients = fit.terms.iter().map(|t| {
            let se = t.robust_se.unwrap_or(t.se);
            (t.term.as_str(), [t.coef, se, t.z, t.p])
        });
        return write_coefficients(out, coefficients);
    }
    let mut out = std::io::BufWriter::new(out);
    writeln!(
        out,
        "term,coef,exp_coef,se,robust_se,z,p,lower,upper,n,events"
    )?;
    for t in &fit.terms {
        let term = super::csv_field(&t.term);
        let robust = t.robust_se.map_or(String::new(), |v| v.to_string());
        writeln!(
            out,
            "{term},{},{},{},{robust},{},{},{},{},{},{}",
            t.coef,
            t.exp_coef,
            t.se,
            t.z,
            t.p,
            t.lower,
            t.upper,
            data.len(),
            data.n_events()
        )?;
    }
    Ok(out.flush()?)
}
