//! The `coxph` pipeline (the code behind the example), driven in-process:
//! its output against R on the committed fixtures, and one exact error
//! (variant and Display text naming the file, the line — the header is
//! line 1 — and the column where one applies) for every class of bad input.

mod common;

use common::pipeline::{arguments, assert_error, csv_error, input};
use std::fs;
use std::path::{Path, PathBuf};

use return_migration::error::{CsvProblem, Error, ValueProblem};
use return_migration::pipeline::coxph;

fn run(args: &[&str]) -> Result<String, Error> {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out: Vec<u8> = Vec::new();
    coxph(&argv, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

/// coxph on `path` with time, event, covariates `x,z` (and `extra`).
fn run_on(path: &str, extra: &[&str]) -> Result<String, Error> {
    let mut args = vec![
        "--input",
        path,
        "--time",
        "time",
        "--event",
        "event",
        "--covariates",
        "x,z",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// A small valid file: x, z numeric; rows 2..=9 of the file.
const GOOD: &str = "time,event,x,z,start,site,id\n\
    5,1,0.5,1,0,a,p1\n8,0,1.5,0,1,a,p2\n2,1,-0.2,1,0,b,p3\n9,1,0.9,0,2,b,p4\n\
    4,1,1.1,1,0,a,p5\n7,0,-0.8,0,1,b,p6\n3,1,0.3,0,0,a,p7\n6,1,2.0,1,0,b,p8\n";

// ---------------------------------------------------------------- against R

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cox")
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-8 * a.abs().max(b.abs())
}

#[test]
fn output_matches_r_on_every_unweighted_fixture_model() {
    let manifest = fs::read_to_string(fixtures().join("models.csv")).unwrap();
    let mut compared = 0;
    for line in manifest.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if !f[7].is_empty() {
            continue; // the pipeline has no weights
        }
        let (case, model) = (f[0], f[1]);
        let data = fixtures().join(case).join("data.csv");
        let covariates = f[3].replace(' ', ",");
        let mut args = vec![
            "--input".to_string(),
            data.display().to_string(),
            "--time".into(),
            "time".into(),
            "--event".into(),
            "event".into(),
            "--covariates".into(),
            covariates,
            "--ties".into(),
            f[2].into(),
        ];
        for (option, column) in [("--entry", f[4]), ("--strata", f[5]), ("--cluster", f[6])] {
            if !column.is_empty() {
                args.push(option.into());
                args.push(column.into());
            }
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let ours = run(&argv).unwrap();
        let reference =
            fs::read_to_string(fixtures().join(case).join(format!("{model}.coef.csv"))).unwrap();
        let mut lines = ours.lines();
        assert_eq!(lines.next(), Some("term,coef,se,z,p"));
        for (o, r) in lines.zip(reference.lines().skip(1)) {
            let o: Vec<&str> = o.split(',').collect();
            let r: Vec<&str> = r.split(',').collect();
            assert_eq!(o[0], r[0]);
            // R columns: term,coef,exp_coef,se,robust_se,z,p,...
            let se = if f[6].is_empty() { r[3] } else { r[4] };
            for (k, want) in [(1, r[1]), (2, se), (3, r[5]), (4, r[6])] {
                let (a, b): (f64, f64) = (o[k].parse().unwrap(), want.parse().unwrap());
                assert!(close(a, b), "{case}/{model} {}: ours {a} R {b}", o[0]);
                compared += 1;
            }
        }
    }
    assert!(compared >= 200, "only {compared} values compared");
}

#[test]
fn output_is_exact_text_on_a_small_file() {
    let path = input("output_is_exact_text_on_a_small_file", GOOD);
    let out = run_on(&path, &[]).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], "term,coef,se,z,p");
    assert!(lines[1].starts_with("x,") && lines[2].starts_with("z,"));
    // Every number reads back, and z = coef / se.
    for l in &lines[1..] {
        let v: Vec<f64> = l.split(',').skip(1).map(|s| s.parse().unwrap()).collect();
        assert!((v[2] - v[0] / v[1]).abs() <= 1e-15 * v[2].abs());
        assert!(v[3] > 0.0 && v[3] <= 1.0);
    }
    // Breslow equals Efron here (no tied event times).
    assert_eq!(run_on(&path, &["--ties", "breslow"]).unwrap(), out);
    // --cluster with one row per id: the se changes (robust), coef does not.
    let clustered = run_on(&path, &["--cluster", "id"]).unwrap();
    let coef = |t: &str| {
        t.lines()
            .nth(1)
            .unwrap()
            .split(',')
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_eq!(coef(&clustered), coef(&out));
    assert_ne!(clustered, out);
}

// ---------------------------------------------------------------- bad input

#[test]
fn missing_columns_are_named() {
    let path = input("missing_columns_are_named", GOOD);
    for (extra, column) in [
        (vec!["--entry", "begin"], "begin"),
        (vec!["--strata", "country"], "country"),
        (vec!["--cluster", "person"], "person"),
    ] {
        assert_error(
            run_on(&path, &extra),
            &csv_error(&path, Some(1), Some(column), CsvProblem::MissingColumn),
            &format!("{path}, line 1, column `{column}`: missing column"),
        );
    }
    let args = [
        "--input",
        &path,
        "--time",
        "time",
        "--event",
        "event",
        "--covariates",
        "x,age",
    ];
    assert_error(
        run(&args),
        &csv_error(&path, Some(1), Some("age"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `age`: missing column"),
    );
    let args = [
        "--input",
        &path,
        "--time",
        "week",
        "--event",
        "event",
        "--covariates",
        "x",
    ];
    assert_error(
        run(&args),
        &csv_error(&path, Some(1), Some("week"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `week`: missing column"),
    );
}

#[test]
fn non_numeric_covariate_names_line_and_column() {
    let path = input(
        "non_numeric_covariate",
        "time,event,x,z\n5,1,0.5,1\n8,0,1.5,0\n2,1,male,1\n",
    );
    assert_error(
        run_on(&path, &[]),
        &csv_error(
            &path,
            Some(4),
            Some("x"),
            CsvProblem::UnparsableNumber {
                text: "male".into(),
            },
        ),
        &format!("{path}, line 4, column `x`: cannot parse `male` as a number"),
    );
}

#[test]
fn empty_and_non_finite_covariates() {
    let path = input("empty_covariate", "time,event,x,z\n5,1,0.5,1\n8,0,1.5,\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(3), Some("z"), CsvProblem::EmptyField),
        &format!("{path}, line 3, column `z`: empty field where a value is required"),
    );
    let path = input("nan_covariate", "time,event,x,z\n5,1,NaN,1\n8,0,1.5,0\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(
            &path,
            Some(2),
            Some("x"),
            CsvProblem::NotFinite { text: "NaN".into() },
        ),
        &format!("{path}, line 2, column `x`: value `NaN` is not finite"),
    );
}

#[test]
fn bad_event_codes() {
    for (k, code) in ["2", "-1", "0.5", "yes", "TRUE"].iter().enumerate() {
        let path = input(
            &format!("bad_event_code_{k}"),
            &format!("time,event,x,z\n5,1,0.5,1\n8,{code},1.5,0\n"),
        );
        let problem = CsvProblem::Invalid(ValueProblem::EventCode {
            code: code.to_string(),
            allowed: "0 or 1".into(),
        });
        assert_error(
            run_on(&path, &[]),
            &csv_error(&path, Some(3), Some("event"), problem),
            &format!("{path}, line 3, column `event`: event code `{code}` is not 0 or 1"),
        );
    }
    let path = input("empty_event", "time,event,x,z\n5,,0.5,1\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(2), Some("event"), CsvProblem::EmptyField),
        &format!("{path}, line 2, column `event`: empty field where a value is required"),
    );
}

#[test]
fn entry_not_before_exit() {
    for (k, entry) in ["5", "6.5"].iter().enumerate() {
        let path = input(
            &format!("entry_not_before_exit_{k}"),
            &format!("time,event,x,z,start\n8,0,1.5,0,1\n5,1,0.5,1,{entry}\n"),
        );
        let e: f64 = entry.parse().unwrap();
        let problem = CsvProblem::Invalid(ValueProblem::EntryNotBeforeExit {
            entry: e,
            exit: 5.0,
        });
        assert_error(
            run_on(&path, &["--entry", "start"]),
            &csv_error(&path, Some(3), Some("start"), problem),
            &format!("{path}, line 3, column `start`: entry {entry} is not strictly before exit 5"),
        );
    }
}

#[test]
fn negative_and_non_finite_times() {
    let path = input("negative_time", "time,event,x,z\n5,1,0.5,1\n-2,0,1.5,0\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(
            &path,
            Some(3),
            Some("time"),
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -2.0 }),
        ),
        &format!("{path}, line 3, column `time`: negative time -2"),
    );
    let path = input("infinite_time", "time,event,x,z\n5,1,0.5,1\ninf,0,1.5,0\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(
            &path,
            Some(3),
            Some("time"),
            CsvProblem::NotFinite { text: "inf".into() },
        ),
        &format!("{path}, line 3, column `time`: value `inf` is not finite"),
    );
}

#[test]
fn empty_file_and_header_only() {
    let path = input("empty_file", "");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(1), None, CsvProblem::EmptyFile),
        &format!("{path}, line 1: empty file (no header or no data rows)"),
    );
    let path = input("header_only", "time,event,x,z\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(2), None, CsvProblem::EmptyFile),
        &format!("{path}, line 2: empty file (no header or no data rows)"),
    );
}

#[test]
fn unknown_ties_is_rejected_before_reading_the_input() {
    assert_error(
        run_on("no/such/file.csv", &["--ties", "exact"]),
        &arguments("--ties: `exact` is not one of efron, breslow"),
        "invalid arguments: --ties: `exact` is not one of efron, breslow",
    );
}

#[test]
fn covariate_list_errors() {
    let base = [
        "--input",
        "x.csv",
        "--time",
        "t",
        "--event",
        "d",
        "--covariates",
    ];
    for (list, reason) in [
        ("x,,z", "--covariates: empty name in `x,,z`"),
        ("", "--covariates: empty name in ``"),
        ("x,z,x", "--covariates: `x` is given twice"),
    ] {
        let mut args = base.to_vec();
        args.push(list);
        assert_error(
            run(&args),
            &arguments(reason),
            &format!("invalid arguments: {reason}"),
        );
    }
}

#[test]
fn option_errors() {
    assert_error(
        run(&["--input", "x.csv", "--time", "t", "--event", "d"]),
        &arguments("--covariates is required"),
        "invalid arguments: --covariates is required",
    );
    let err = run(&["--input", "x.csv", "--weights", "w"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid arguments: unknown option --weights (allowed: --input, --time, --event, --covariates, --entry, --ties, --strata, --cluster, --factors, --reference, --table, --delimiter, --na)"
    );
}

#[test]
fn nonexistent_input() {
    let err = run_on("no/such/file.csv", &[]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no/such/file.csv: cannot read: "),
        "{err}"
    );
}

#[test]
fn separation_fails_naming_the_covariate() {
    // x = 1 for exactly the four earliest events.
    let path = input(
        "separation",
        "time,event,x,z\n1,1,1,0.2\n2,1,1,-0.4\n3,1,1,0.9\n4,1,1,0.1\n\
         5,1,0,-0.3\n6,0,0,0.5\n7,1,0,-1.0\n8,1,0,0.7\n",
    );
    let err = run_on(&path, &[]).unwrap_err();
    assert!(matches!(err, Error::NoConvergence { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("monotone likelihood (separation): the coefficient of `x`"),
        "{err}"
    );
}

#[test]
fn constant_covariate_fails_naming_it() {
    let path = input(
        "constant_covariate",
        "time,event,x,z\n5,1,0.5,1\n8,0,1.5,1\n2,1,-0.2,1\n",
    );
    assert_error(
        run_on(&path, &[]),
        &Error::NotIdentifiable {
            term: "z".into(),
            reason: "it is constant (every row has the value 1)".into(),
        },
        "covariate `z` cannot be estimated: it is constant (every row has the value 1)",
    );
}
