//! The `finegray` pipeline (the code behind `examples/finegray.rs`), driven
//! in-process: its output against R's `cmprsk::crr` on the committed
//! fixtures, invariances the model must have, the special case that is a
//! Cox model, and one exact error (variant and Display text naming the
//! file, the line — the header is line 1 — and the column where one
//! applies) for every class of bad input.

mod common;

use common::pipeline::{arguments, assert_error, csv_error, input};
use std::fs;

use return_migration::error::{CsvProblem, Error, ValueProblem};
use return_migration::pipeline::finegray;
use return_migration::survival::{CoxData, CoxPh, Ties};

fn run(args: &[&str]) -> Result<String, Error> {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out: Vec<u8> = Vec::new();
    finegray(&argv, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

/// finegray on `path` with time, status, the cause and covariates `x,z`.
fn run_on(path: &str, cause: &str) -> Result<String, Error> {
    run(&[
        "--input",
        path,
        "--time",
        "time",
        "--status",
        "status",
        "--cause",
        cause,
        "--covariates",
        "x,z",
    ])
}

/// The numbers of the output rows (term dropped).
fn values(out: &str) -> Vec<Vec<f64>> {
    out.lines()
        .skip(1)
        .map(|l| l.split(',').skip(1).map(|v| v.parse().unwrap()).collect())
        .collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    a == b || (a - b).abs() <= tol * a.abs().max(b.abs())
}

/// A small valid file: rows 2..=13 of the file; causes 1 and 2.
const GOOD: &str = "time,status,x,z\n\
    1,1,0.5,1\n2,0,1.2,0\n2,2,-0.3,1\n3,1,2.0,0\n3,0,0.1,1\n3,2,0.7,0\n\
    4,1,-1.1,1\n5,2,0.4,0\n5,0,1.5,1\n6,1,-0.2,0\n7,0,0.9,1\n8,1,0.0,0\n";

// ---------------------------------------------------------------- against R

#[test]
fn output_matches_crr_on_every_fixture_model() {
    let root = common::fixture_dir("finegray");
    let models = fs::read_to_string(root.join("models.csv")).unwrap();
    let mut compared = 0;
    for line in models.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (case, cause, covariates) = (f[0], f[1], f[2].replace(' ', ","));
        let data = root.join(case).join("data.csv").display().to_string();
        let out = run(&[
            "--input",
            &data,
            "--time",
            "time",
            "--status",
            "status",
            "--cause",
            cause,
            "--covariates",
            &covariates,
        ])
        .unwrap();
        // R's coef.csv: term, coef, exp_coef, se, naive_se, z, p.
        let r = fs::read_to_string(root.join(case).join(format!("cause{cause}.coef.csv"))).unwrap();
        let expected: String = std::iter::once("term,coef,se,z,p".to_string())
            .chain(r.lines().skip(1).map(|l| {
                let c: Vec<&str> = l.split(',').collect();
                format!("{},{},{},{},{}", c[0], c[1], c[3], c[5], c[6])
            }))
            .map(|l| l + "\n")
            .collect();
        let failures = common::compare_csv(&format!("{case} cause {cause}"), &out, &expected, 1);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        compared += 1;
    }
    assert_eq!(compared, 13);
}

// ---------------------------------------------------------------- properties

#[test]
fn output_is_term_coef_se_z_p_in_the_order_given() {
    let path = input("order_given", GOOD);
    let out = run(&[
        "--input",
        &path,
        "--time",
        "time",
        "--status",
        "status",
        "--cause",
        "2",
        "--covariates",
        "z,x",
    ])
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], "term,coef,se,z,p");
    assert!(lines[1].starts_with("z,") && lines[2].starts_with("x,"));
    for row in values(&out) {
        assert!(close(row[2], row[0] / row[1], 1e-15));
        assert!(row[3] > 0.0 && row[3] <= 1.0);
    }
}

#[test]
fn only_the_order_of_times_matters() {
    // The model depends on the times only through their order (and ties):
    // replacing them by exp(time) must not change the output (beyond
    // round-off), nor must the order of the rows.
    let path = input("times", GOOD);
    let base = values(&run_on(&path, "1").unwrap());
    let transformed: String = GOOD
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return format!("{l}\n");
            }
            let (t, rest) = l.split_once(',').unwrap();
            format!("{},{rest}\n", t.parse::<f64>().unwrap().exp())
        })
        .collect();
    let path = input("times_exp", &transformed);
    let other = values(&run_on(&path, "1").unwrap());
    let mut lines: Vec<&str> = GOOD.lines().collect();
    lines[1..].reverse();
    let path = input("times_reversed", &(lines.join("\n") + "\n"));
    let reversed = values(&run_on(&path, "1").unwrap());
    for (a, (b, c)) in base.iter().zip(other.iter().zip(&reversed)) {
        for k in 0..4 {
            assert!(
                close(a[k], b[k], 1e-12) && close(a[k], c[k], 1e-12),
                "{a:?} {b:?} {c:?}"
            );
        }
    }
}

#[test]
fn scaling_a_covariate_scales_its_coefficient() {
    let path = input("scale", GOOD);
    let base = values(&run_on(&path, "1").unwrap());
    let scaled: String = GOOD
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return format!("{l}\n");
            }
            let f: Vec<&str> = l.split(',').collect();
            let x: f64 = f[2].parse().unwrap();
            format!("{},{},{},{}\n", f[0], f[1], 10.0 * x + 2000.0, f[3])
        })
        .collect();
    let path = input("scale_x", &scaled);
    let other = values(&run_on(&path, "1").unwrap());
    assert!(close(other[0][0] * 10.0, base[0][0], 1e-10));
    assert!(close(other[0][1] * 10.0, base[0][1], 1e-10));
    assert!(close(other[0][2], base[0][2], 1e-10));
    assert!(close(other[1][0], base[1][0], 1e-10));
}

#[test]
fn without_competing_events_or_censoring_it_is_cox_with_breslow_ties() {
    // No censoring (G = 1) and no competing cause: the Fine–Gray model is
    // the Cox model with Breslow ties, and its robust se is Cox's robust se.
    let time = [1., 2., 2., 3., 4., 4., 4., 5., 6., 7., 8., 8.];
    let x = [
        0.5, 1.2, -0.3, 2.0, 0.1, 0.7, -1.1, 0.4, 1.5, -0.2, 0.9, 0.0,
    ];
    let z = [1., 0., 1., 0., 1., 0., 1., 1., 0., 0., 1., 0.];
    let text: String = std::iter::once("time,status,x,z\n".to_string())
        .chain((0..12).map(|i| format!("{},1,{},{}\n", time[i], x[i], z[i])))
        .collect();
    let path = input("cox_special_case", &text);
    let fg = values(&run_on(&path, "1").unwrap());
    let data = CoxData::builder(time.to_vec(), vec![1; 12])
        .covariate("x", x.to_vec())
        .covariate("z", z.to_vec())
        .build()
        .unwrap();
    let cox = CoxPh::new()
        .ties(Ties::Breslow)
        .robust(true)
        .fit(&data)
        .unwrap();
    for (row, t) in fg.iter().zip(&cox.terms) {
        assert!(close(row[0], t.coef, 1e-10), "{row:?} {t:?}");
        assert!(close(row[1], t.robust_se.unwrap(), 1e-10), "{row:?} {t:?}");
    }
}

// ---------------------------------------------------------------- bad input

fn status_code(code: &str) -> CsvProblem {
    CsvProblem::Invalid(ValueProblem::EventCode {
        code: code.to_string(),
        allowed: "0 (censored) or a positive integer cause".to_string(),
    })
}

#[test]
fn bad_status_values_name_line_and_column() {
    for (k, code) in ["-1", "1.5", "two", "NaN"].iter().enumerate() {
        let path = input(
            &format!("bad_status_{k}"),
            &format!("time,status,x,z\n5,1,0.5,1\n8,{code},1.5,0\n"),
        );
        assert_error(
            run_on(&path, "1"),
            &csv_error(&path, Some(3), Some("status"), status_code(code)),
            &format!(
                "{path}, line 3, column `status`: event code `{code}` is not 0 (censored) or a positive integer cause"
            ),
        );
    }
    let path = input("empty_status", "time,status,x,z\n5,1,0.5,1\n8,,1.5,0\n");
    assert_error(
        run_on(&path, "1"),
        &csv_error(&path, Some(3), Some("status"), CsvProblem::EmptyField),
        &format!("{path}, line 3, column `status`: empty field where a value is required"),
    );
}

#[test]
fn bad_times_name_line_and_column() {
    let path = input("negative_time", "time,status,x,z\n5,1,0.5,1\n-2,1,1.5,0\n");
    assert_error(
        run_on(&path, "1"),
        &csv_error(
            &path,
            Some(3),
            Some("time"),
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -2.0 }),
        ),
        &format!("{path}, line 3, column `time`: negative time -2"),
    );
    let path = input(
        "inf_time",
        "time,status,x,z\n5,1,0.5,1\n8,1,1.5,0\ninf,0,1,1\n",
    );
    assert_error(
        run_on(&path, "1"),
        &csv_error(
            &path,
            Some(4),
            Some("time"),
            CsvProblem::NotFinite { text: "inf".into() },
        ),
        &format!("{path}, line 4, column `time`: value `inf` is not finite"),
    );
}

#[test]
fn bad_covariates_name_line_and_column() {
    let path = input("text_covariate", "time,status,x,z\n5,1,0.5,1\n8,2,male,0\n");
    assert_error(
        run_on(&path, "1"),
        &csv_error(
            &path,
            Some(3),
            Some("x"),
            CsvProblem::UnparsableNumber {
                text: "male".into(),
            },
        ),
        &format!("{path}, line 3, column `x`: cannot parse `male` as a number"),
    );
    let path = input("empty_covariate", "time,status,x,z\n5,1,0.5,1\n8,0,1.5,\n");
    assert_error(
        run_on(&path, "1"),
        &csv_error(&path, Some(3), Some("z"), CsvProblem::EmptyField),
        &format!("{path}, line 3, column `z`: empty field where a value is required"),
    );
    let path = input("missing_covariate", "time,status,x\n5,1,0.5\n");
    assert_error(
        run_on(&path, "1"),
        &csv_error(&path, Some(1), Some("z"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `z`: missing column"),
    );
}

#[test]
fn the_first_bad_line_is_reported() {
    // Line 3 has a bad covariate, line 4 a bad status: line 3 is reported.
    let path = input(
        "first_bad_line",
        "time,status,x,z\n5,1,0.5,1\n8,0,oops,0\n9,7.5,1,1\n",
    );
    let err = run_on(&path, "1").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{path}, line 3, column `x`: cannot parse `oops` as a number")
    );
}

#[test]
fn a_cause_not_in_the_data_is_an_error() {
    let path = input("absent_cause", GOOD);
    assert_error(
        run_on(&path, "3"),
        &arguments(&format!(
            "--cause 3: no row of {path} has status 3 in column `status` (causes present: 1, 2)"
        )),
        &format!(
            "invalid arguments: --cause 3: no row of {path} has status 3 in column `status` (causes present: 1, 2)"
        ),
    );
    let path = input("all_censored", "time,status,x,z\n1,0,0.5,1\n2,0,1.5,0\n");
    let err = run_on(&path, "1").unwrap_err();
    assert!(
        err.to_string()
            .ends_with("(causes present: none, every row is censored)"),
        "{err}"
    );
}

#[test]
fn cause_must_be_a_positive_integer() {
    for cause in ["0", "-1", "1.5", "one", ""] {
        assert_error(
            run_on("no/such/file.csv", cause),
            &arguments(&format!(
                "--cause: `{cause}` is not a positive integer status code"
            )),
            &format!("invalid arguments: --cause: `{cause}` is not a positive integer status code"),
        );
    }
}

#[test]
fn option_and_covariate_list_errors() {
    assert_error(
        run(&[
            "--input",
            "x.csv",
            "--time",
            "t",
            "--status",
            "s",
            "--covariates",
            "x",
        ]),
        &arguments("--cause is required"),
        "invalid arguments: --cause is required",
    );
    let err = run(&["--input", "x.csv", "--event", "d"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid arguments: unknown option --event (allowed: --input, --time, --status, --cause, --covariates, --factors, --reference, --delimiter, --na)"
    );
    for (list, reason) in [
        ("x,,z", "--covariates: empty name in `x,,z`"),
        ("x,z,x", "--covariates: `x` is given twice"),
    ] {
        assert_error(
            run(&[
                "--input",
                "x.csv",
                "--time",
                "t",
                "--status",
                "s",
                "--cause",
                "1",
                "--covariates",
                list,
            ]),
            &arguments(reason),
            &format!("invalid arguments: {reason}"),
        );
    }
}

#[test]
fn empty_file_and_nonexistent_input() {
    let path = input("header_only", "time,status,x,z\n");
    assert_error(
        run_on(&path, "1"),
        &csv_error(&path, Some(2), None, CsvProblem::EmptyFile),
        &format!("{path}, line 2: empty file (no header or no data rows)"),
    );
    let err = run_on("no/such/file.csv", "1").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("no/such/file.csv: cannot read: "),
        "{err}"
    );
}

#[test]
fn constant_covariate_and_separation_are_errors() {
    let path = input(
        "constant",
        "time,status,x,z\n5,1,0.5,1\n8,0,1.5,1\n2,2,-0.2,1\n3,1,0.4,1\n",
    );
    assert_error(
        run_on(&path, "1"),
        &Error::NotIdentifiable {
            term: "z".into(),
            reason: "it is constant (every subject has the value 1)".into(),
        },
        "covariate `z` cannot be estimated: it is constant (every subject has the value 1)",
    );
    // x = 1 for exactly the events of cause 1, which come first.
    let path = input(
        "separation",
        "time,status,x,z\n1,1,1,0.2\n2,1,1,-0.4\n3,2,0,0.9\n4,1,1,0.1\n\
         5,0,0,-0.3\n6,2,0,0.5\n7,0,0,-1.0\n8,2,0,0.7\n",
    );
    let err = run_on(&path, "1").unwrap_err();
    assert!(matches!(err, Error::NoConvergence { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("monotone pseudo-likelihood (separation): the estimate of `x`"),
        "{err}"
    );
}
