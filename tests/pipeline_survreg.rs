//! The `survreg` pipeline (the code behind the example), driven in-process:
//! its output against R on the committed fixtures (every unweighted model
//! of `tests/fixtures/aft`, relative 1e-8), and one exact error (variant and
//! Display text naming the file, the line — the header is line 1 — and the
//! column where one applies) for every class of bad input.

mod common;

use common::pipeline::{arguments, assert_error, csv_error, input};
use common::{compare_csv, fixture_dir};

use return_migration::error::{CsvProblem, Error, ValueProblem};
use return_migration::pipeline::survreg;

fn run(args: &[&str]) -> Result<String, Error> {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out: Vec<u8> = Vec::new();
    survreg(&argv, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn output_matches_r_on_every_unweighted_fixture_model() {
    let models = std::fs::read_to_string(fixture_dir("aft").join("models.csv")).unwrap();
    let mut compared = 0;
    let mut failures = Vec::new();
    for line in models.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (case, model, dist, kind, covariates, weight) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        if !weight.is_empty() {
            continue; // the pipeline has no weights
        }
        let data = fixture_dir("aft").join(case).join("data.csv");
        let data = data.display().to_string();
        let mut args = vec!["--input", data.as_str(), "--dist", dist];
        if kind == "right" {
            args.extend(["--time", "time", "--event", "event"]);
        } else {
            args.extend(["--left", "left", "--right", "right"]);
        }
        let covariates = covariates.replace(' ', ",");
        if !covariates.is_empty() {
            args.extend(["--covariates", covariates.as_str()]);
        }
        let ours = run(&args).unwrap_or_else(|e| panic!("{case}/{model}: {e}"));
        let reference = std::fs::read_to_string(
            fixture_dir("aft")
                .join(case)
                .join(format!("{model}.coef.csv")),
        )
        .unwrap();
        failures.extend(compare_csv(
            &format!("{case}/{model}"),
            &ours,
            &reference,
            1,
        ));
        compared += 1;
    }
    assert_eq!(compared, 56);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A small valid interval file: rows 2..=9; every kind of row.
const GOOD: &str = "l,r,x,z,t,d\n\
    0,2,0.5,1,2,1\n3,,1.5,0,3,0\n4,6,-0.2,1,5,1\n7,7,0.9,0,7,1\n\
    8,inf,1.1,1,8,0\n10,12,-0.8,0,11,1\n12,14,0.3,0,12,1\n0,21,2.0,1,20,1\n";

#[test]
fn output_is_the_contract_table() {
    let path = input("table", GOOD);
    for (dist, rows) in [
        ("weibull", vec!["(Intercept)", "x", "z", "Log(scale)"]),
        ("exponential", vec!["(Intercept)", "x", "z"]),
        ("lognormal", vec!["(Intercept)", "x", "z", "Log(scale)"]),
        ("loglogistic", vec!["(Intercept)", "x", "z", "Log(scale)"]),
    ] {
        let out = run(&[
            "--input",
            &path,
            "--left",
            "l",
            "--right",
            "r",
            "--covariates",
            "x,z",
            "--dist",
            dist,
        ])
        .unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "term,coef,se,z,p");
        let terms: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.split(',').next().unwrap())
            .collect();
        assert_eq!(terms, rows, "{dist}");
        for l in &lines[1..] {
            let v: Vec<f64> = l.split(',').skip(1).map(|x| x.parse().unwrap()).collect();
            assert!(
                (v[2] - v[0] / v[1]).abs() <= 1e-12 * v[2].abs().max(1.0),
                "{l}"
            );
        }
    }
    // covariates in the order given; the default is the Weibull
    let a = run(&[
        "--input",
        &path,
        "--left",
        "l",
        "--right",
        "r",
        "--covariates",
        "z,x",
    ])
    .unwrap();
    let b = run(&[
        "--input",
        &path,
        "--left",
        "l",
        "--right",
        "r",
        "--covariates",
        "z,x",
        "--dist",
        "weibull",
    ])
    .unwrap();
    assert_eq!(a, b);
    assert!(a.lines().nth(2).unwrap().starts_with("z,"));
    // without covariates: intercept and scale only
    let c = run(&["--input", &path, "--time", "t", "--event", "d"]).unwrap();
    assert_eq!(c.lines().count(), 3);
}

#[test]
fn time_columns_must_be_one_pair() {
    let path = input("pairs", GOOD);
    let both = run(&[
        "--input", &path, "--time", "t", "--event", "d", "--left", "l", "--right", "r",
    ]);
    assert_error(
        both,
        &arguments("give either --time/--event or --left/--right, not both"),
        "invalid arguments: give either --time/--event or --left/--right, not both",
    );
    let neither = run(&["--input", &path]);
    let reason =
        "--time/--event (right-censored) or --left/--right (interval-censored) is required";
    assert_error(
        neither,
        &arguments(reason),
        &format!("invalid arguments: {reason}"),
    );
    assert_error(
        run(&["--input", &path, "--time", "t"]),
        &arguments("--time needs --event"),
        "invalid arguments: --time needs --event",
    );
    assert_error(
        run(&["--input", &path, "--right", "r"]),
        &arguments("--right needs --left"),
        "invalid arguments: --right needs --left",
    );
}

#[test]
fn unknown_dist_is_rejected_before_reading_the_input() {
    let reason = "--dist: `gamma` is not one of weibull, exponential, lognormal, loglogistic";
    assert_error(
        run(&[
            "--input",
            "no/such.csv",
            "--time",
            "t",
            "--event",
            "d",
            "--dist",
            "gamma",
        ]),
        &arguments(reason),
        &format!("invalid arguments: {reason}"),
    );
}

fn interval_error(test: &str, body: &str) -> Result<String, Error> {
    let path = input(test, &format!("l,r,x\n{body}"));
    run(&[
        "--input",
        &path,
        "--left",
        "l",
        "--right",
        "r",
        "--covariates",
        "x",
    ])
}

fn located(test: &str, line: u64, column: &str, problem: CsvProblem) -> (Error, String) {
    let path = common::pipeline::scratch(test)
        .join("in.csv")
        .display()
        .to_string();
    let e = csv_error(&path, Some(line), Some(column), problem.clone());
    let text = format!("{path}, line {line}, column `{column}`: {problem}");
    (e, text)
}

#[test]
fn bad_interval_values_name_line_and_column() {
    let cases: Vec<(&str, &str, u64, &str, CsvProblem)> = vec![
        (
            "neg",
            "1,2,0\n-1,2,1\n",
            3,
            "l",
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -1.0 }),
        ),
        (
            "rev",
            "1,2,0\n5,4,1\n",
            3,
            "r",
            CsvProblem::Invalid(ValueProblem::RightBeforeLeft {
                left: 5.0,
                right: 4.0,
            }),
        ),
        (
            "nan",
            "1,NaN,0\n",
            2,
            "r",
            CsvProblem::NotFinite { text: "NaN".into() },
        ),
        (
            "text",
            "1,2,0\nabc,2,1\n",
            3,
            "l",
            CsvProblem::UnparsableNumber { text: "abc".into() },
        ),
        (
            "rtext",
            "1,2,0\n1,soon,1\n",
            3,
            "r",
            CsvProblem::UnparsableNumber {
                text: "soon".into(),
            },
        ),
        (
            "linf",
            "inf,,0\n",
            2,
            "l",
            CsvProblem::NotFinite { text: "inf".into() },
        ),
        ("lempty", "1,2,0\n,2,1\n", 3, "l", CsvProblem::EmptyField),
        (
            "zero_exact",
            "1,2,0\n0,0,1\n",
            3,
            "l",
            CsvProblem::Invalid(ValueProblem::ZeroLogTime),
        ),
        (
            "cov",
            "1,2,0\n2,3,x1\n",
            3,
            "x",
            CsvProblem::UnparsableNumber { text: "x1".into() },
        ),
        ("covempty", "1,2,\n", 2, "x", CsvProblem::EmptyField),
    ];
    for (test, body, line, column, problem) in cases {
        let (e, text) = located(test, line, column, problem);
        assert_error(interval_error(test, body), &e, &text);
    }
}

#[test]
fn bad_right_censored_values_name_line_and_column() {
    let run_rc = |test: &str, body: &str| {
        let path = input(test, &format!("t,d\n{body}"));
        run(&["--input", &path, "--time", "t", "--event", "d"])
    };
    let cases: Vec<(&str, &str, u64, &str, CsvProblem)> = vec![
        (
            "ev2",
            "1,1\n2,2\n",
            3,
            "d",
            CsvProblem::Invalid(ValueProblem::EventCode {
                code: "2".into(),
                allowed: "0 or 1".into(),
            }),
        ),
        ("evempty", "1,\n", 2, "d", CsvProblem::EmptyField),
        (
            "tneg",
            "1,1\n-2,0\n",
            3,
            "t",
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -2.0 }),
        ),
        (
            "tzero",
            "1,1\n0,1\n",
            3,
            "t",
            CsvProblem::Invalid(ValueProblem::ZeroLogTime),
        ),
        (
            "tinf",
            "inf,1\n",
            2,
            "t",
            CsvProblem::NotFinite { text: "inf".into() },
        ),
    ];
    for (test, body, line, column, problem) in cases {
        let (e, text) = located(test, line, column, problem);
        assert_error(run_rc(test, body), &e, &text);
    }
}

#[test]
fn missing_column_and_empty_files() {
    let path = input("missing", GOOD);
    let e = run(&[
        "--input",
        &path,
        "--left",
        "l",
        "--right",
        "r",
        "--covariates",
        "x,w",
    ]);
    let (err, text) = {
        let err = csv_error(&path, Some(1), Some("w"), CsvProblem::MissingColumn);
        (err, format!("{path}, line 1, column `w`: missing column"))
    };
    assert_error(e, &err, &text);
    let path = input("header_only", "l,r\n");
    assert_error(
        run(&["--input", &path, "--left", "l", "--right", "r"]),
        &csv_error(&path, Some(2), None, CsvProblem::EmptyFile),
        &format!("{path}, line 2: empty file (no header or no data rows)"),
    );
}

#[test]
fn unfittable_data_are_errors_not_tables() {
    // every row right-censored
    let path = input("all_censored", "t,d\n1,0\n2,0\n3,0\n");
    let e = run(&["--input", &path, "--time", "t", "--event", "d"]).unwrap_err();
    assert!(matches!(e, Error::NoData { .. }), "{e}");
    // a constant covariate
    let path = input("constant", "t,d,x\n1,1,2\n2,0,2\n3,1,2\n");
    let e = run(&[
        "--input",
        &path,
        "--time",
        "t",
        "--event",
        "d",
        "--covariates",
        "x",
    ])
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "covariate `x` cannot be estimated: it is constant"
    );
    // a covariate equal to another
    let path = input("collinear", "t,d,x,y\n1,1,1,2\n2,0,2,4\n3,1,3,6\n4,1,1,2\n");
    let e = run(&[
        "--input",
        &path,
        "--time",
        "t",
        "--event",
        "d",
        "--covariates",
        "x,y",
    ])
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("covariate `y` cannot be estimated"),
        "{e}"
    );
    // a covariate that separates: events only where x = 1, censored (late) where x = 0
    let path = input(
        "separation",
        "t,d,x\n1,1,1\n2,1,1\n3,1,1\n5,0,0\n6,0,0\n7,0,0\n",
    );
    let e = run(&[
        "--input",
        &path,
        "--time",
        "t",
        "--event",
        "d",
        "--covariates",
        "x",
    ])
    .unwrap_err();
    assert!(matches!(e, Error::NoConvergence { .. }), "{e}");
    // covariate list errors
    let path = input("list", GOOD);
    assert_error(
        run(&[
            "--input",
            &path,
            "--left",
            "l",
            "--right",
            "r",
            "--covariates",
            "x,x",
        ]),
        &arguments("--covariates: `x` is given twice"),
        "invalid arguments: --covariates: `x` is given twice",
    );
}
