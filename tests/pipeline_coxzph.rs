//! The `coxzph` pipeline (the code behind the example), driven in-process:
//! its output against R survival 3.5's `cox.zph` on the committed fixtures
//! (every unweighted, right-censored Cox fixture model, and edge cases:
//! six rows, times around 1.7e9, a stratum where a covariate is constant
//! and one without events, heavy ties in strata labelled `g1 < g10 < g2`)
//! for both ties methods and the three transforms, at relative 1e-8; and
//! one exact error for every class of bad input.

mod common;

use common::pipeline::{arguments, assert_error, csv_error, input};
use std::fs;
use std::path::{Path, PathBuf};

use return_migration::error::{CsvProblem, Error, ValueProblem};
use return_migration::pipeline::coxzph;

fn run(args: &[&str]) -> Result<String, Error> {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out: Vec<u8> = Vec::new();
    coxzph(&argv, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-8 * a.abs().max(b.abs())
}

/// Runs the pipeline and compares its table with R's, returning the
/// number of values compared.
fn check(args: &[String], reference: &Path, label: &str) -> usize {
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let ours = run(&argv).unwrap_or_else(|e| panic!("{label}: {e}"));
    let reference = fs::read_to_string(reference).unwrap();
    assert_eq!(
        ours.lines().count(),
        reference.lines().count(),
        "{label}:\n{ours}"
    );
    let mut compared = 0;
    for (o, r) in ours.lines().zip(reference.lines()) {
        let (o, r): (Vec<&str>, Vec<&str>) = (o.split(',').collect(), r.split(',').collect());
        assert_eq!(o[0], r[0], "{label}");
        if o[0] == "term" {
            assert_eq!(o, vec!["term", "chisq", "df", "p"]);
            continue;
        }
        assert_eq!(o[2], r[2], "{label} {} df", o[0]);
        for k in [1, 3] {
            let (a, b): (f64, f64) = (o[k].parse().unwrap(), r[k].parse().unwrap());
            assert!(close(a, b), "{label} {}: ours {a} R {b}", o[0]);
            compared += 1;
        }
    }
    compared
}

fn base_args(data: &Path, covariates: &str) -> Vec<String> {
    [
        "--input",
        &data.display().to_string(),
        "--time",
        "time",
        "--event",
        "event",
        "--covariates",
        covariates,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn output_matches_r_on_every_right_censored_unweighted_fixture_model() {
    let manifest = fs::read_to_string(fixtures().join("cox/models.csv")).unwrap();
    let mut compared = 0;
    for line in manifest.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if !f[4].is_empty() || !f[7].is_empty() {
            continue; // the pipeline has no entry times or weights
        }
        let (case, model) = (f[0], f[1]);
        for tr in ["km", "rank", "identity"] {
            let mut args = base_args(
                &fixtures().join("cox").join(case).join("data.csv"),
                &f[3].replace(' ', ","),
            );
            args.extend(["--ties".to_string(), f[2].to_string()]);
            if tr != "km" {
                args.extend(["--transform".to_string(), tr.to_string()]);
            }
            if !f[5].is_empty() {
                args.extend(["--strata".to_string(), f[5].to_string()]);
            }
            let reference = fixtures()
                .join("cox_zph")
                .join(case)
                .join(format!("{model}.zph_{tr}.csv"));
            compared += check(&args, &reference, &format!("{case}/{model} {tr}"));
        }
    }
    assert!(compared >= 200, "only {compared} values compared");
}

#[test]
fn output_matches_r_on_the_edge_cases() {
    let dir = fixtures().join("cox_zph/pipeline");
    let cases = fs::read_to_string(dir.join("cases.csv")).unwrap();
    let mut compared = 0;
    for line in cases.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        for ties in ["efron", "breslow"] {
            for tr in ["km", "rank", "identity"] {
                let mut args = base_args(&dir.join(f[0]).join("data.csv"), &f[1].replace(' ', ","));
                args.extend([
                    "--ties".to_string(),
                    ties.to_string(),
                    "--transform".to_string(),
                    tr.to_string(),
                ]);
                if !f[2].is_empty() {
                    args.extend(["--strata".to_string(), f[2].to_string()]);
                }
                let reference = dir.join(f[0]).join(format!("{ties}_{tr}.csv"));
                compared += check(&args, &reference, &format!("{} {ties} {tr}", f[0]));
            }
        }
    }
    assert!(compared >= 100, "only {compared} values compared");
}

/// A small valid file: rows 2..=9 of the file.
const GOOD: &str = "time,event,x,z,site\n\
    5,1,0.5,1,a\n8,0,1.5,0,a\n2,1,-0.2,1,b\n9,1,0.9,0,b\n\
    4,1,1.1,1,a\n7,0,-0.8,0,b\n3,1,0.3,0,a\n6,1,2.0,1,b\n";

fn run_on(path: &str, covariates: &str, extra: &[&str]) -> Result<String, Error> {
    let mut args = vec![
        "--input",
        path,
        "--time",
        "time",
        "--event",
        "event",
        "--covariates",
        covariates,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn rows_follow_the_covariates_given_then_global() {
    let path = input("rows_follow_the_covariates_given", GOOD);
    let out = run_on(&path, "z,x", &[]).unwrap();
    let terms: Vec<&str> = out.lines().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(terms, ["term", "z", "x", "GLOBAL"]);
    for l in out.lines().skip(1) {
        let v: Vec<f64> = l.split(',').skip(1).map(|s| s.parse().unwrap()).collect();
        assert!(v[0] >= 0.0 && v[2] > 0.0 && v[2] <= 1.0, "{l}");
    }
    assert!(out.lines().nth(3).unwrap().split(',').nth(2) == Some("2"));
    // The default transform is km.
    assert_eq!(run_on(&path, "z,x", &["--transform", "km"]).unwrap(), out);
    assert_ne!(run_on(&path, "z,x", &["--transform", "rank"]).unwrap(), out);
}

#[test]
fn bad_options_are_rejected_before_reading_the_input() {
    assert_error(
        run_on("no/such/file.csv", "x", &["--transform", "log"]),
        &arguments("--transform: `log` is not one of km, rank, identity"),
        "invalid arguments: --transform: `log` is not one of km, rank, identity",
    );
    assert_error(
        run_on("no/such/file.csv", "x", &["--ties", "exact"]),
        &arguments("--ties: `exact` is not one of efron, breslow"),
        "invalid arguments: --ties: `exact` is not one of efron, breslow",
    );
    assert_error(
        run_on("no/such/file.csv", "x,,z", &[]),
        &arguments("--covariates: empty name in `x,,z`"),
        "invalid arguments: --covariates: empty name in `x,,z`",
    );
    let err = run_on("x.csv", "x", &["--entry", "start"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid arguments: unknown option --entry (allowed: --input, --time, --event, --covariates, --strata, --ties, --transform, --delimiter, --na)"
    );
    assert_error(
        run(&["--input", "x.csv", "--time", "t", "--event", "d"]),
        &arguments("--covariates is required"),
        "invalid arguments: --covariates is required",
    );
}

#[test]
fn bad_values_name_the_line_and_column() {
    let path = input("missing_column", GOOD);
    assert_error(
        run_on(&path, "x,age", &[]),
        &csv_error(&path, Some(1), Some("age"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `age`: missing column"),
    );
    assert_error(
        run_on(&path, "x", &["--strata", "country"]),
        &csv_error(&path, Some(1), Some("country"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `country`: missing column"),
    );
    let path = input("bad_event", "time,event,x\n5,1,0.5\n8,2,1.5\n");
    assert_error(
        run_on(&path, "x", &[]),
        &csv_error(
            &path,
            Some(3),
            Some("event"),
            CsvProblem::Invalid(ValueProblem::EventCode {
                code: "2".into(),
                allowed: "0 or 1".into(),
            }),
        ),
        &format!("{path}, line 3, column `event`: event code `2` is not 0 or 1"),
    );
    let path = input("negative_time", "time,event,x\n5,1,0.5\n-2,0,1.5\n");
    assert_error(
        run_on(&path, "x", &[]),
        &csv_error(
            &path,
            Some(3),
            Some("time"),
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -2.0 }),
        ),
        &format!("{path}, line 3, column `time`: negative time -2"),
    );
    let path = input("empty_covariate", "time,event,x\n5,1,0.5\n8,0,\n");
    assert_error(
        run_on(&path, "x", &[]),
        &csv_error(&path, Some(3), Some("x"), CsvProblem::EmptyField),
        &format!("{path}, line 3, column `x`: empty field where a value is required"),
    );
    let path = input("nan_time", "time,event,x\nNaN,1,0.5\n8,0,1\n");
    assert_error(
        run_on(&path, "x", &[]),
        &csv_error(
            &path,
            Some(2),
            Some("time"),
            CsvProblem::NotFinite { text: "NaN".into() },
        ),
        &format!("{path}, line 2, column `time`: value `NaN` is not finite"),
    );
}

#[test]
fn fits_without_a_test_are_errors() {
    // No events: no Cox fit.
    let path = input("all_censored", "time,event,x\n5,0,0.5\n8,0,1.5\n2,0,1\n");
    let err = run_on(&path, "x", &[]).unwrap_err();
    assert!(matches!(err, Error::NoData { .. }), "{err:?}");
    // A constant covariate cannot be estimated.
    let path = input("constant", "time,event,x\n5,1,1\n8,0,1\n2,1,1\n");
    assert!(matches!(
        run_on(&path, "x", &[]).unwrap_err(),
        Error::NotIdentifiable { .. }
    ));
    // Every event at one time: g(t) is constant over the events, so the
    // time-varying term has no information (R: a singular system).
    let path = input(
        "one_event_time",
        "time,event,x\n5,1,0.5\n5,1,1.5\n5,1,0.1\n8,0,1\n9,0,0.2\n",
    );
    let err = run_on(&path, "x", &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid cox.zph: the information matrix of the time-varying terms is singular (is the transformed time constant over the events?)"
    );
}
