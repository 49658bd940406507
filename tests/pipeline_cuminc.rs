//! The `cuminc` pipeline (the code behind `examples/cuminc.rs`), driven
//! in-process: R parity on the fixtures, exact output on hand cases, and
//! one exact error (variant and text naming the file, the line — the header
//! is line 1 — and the column) for every class of bad input.

mod common;

use common::pipeline::{arguments, assert_error, csv_error, input, scratch};
use std::fs;
use std::path::Path;

use return_migration::error::{CsvProblem, Error, ValueProblem};
use return_migration::pipeline::cuminc;

// ---------------------------------------------------------------- helpers

fn run(args: &[&str]) -> Result<String, Error> {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out: Vec<u8> = Vec::new();
    cuminc(&argv, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

/// cuminc on `path` with columns time, status (and `extra` options).
fn run_on(path: &str, extra: &[&str]) -> Result<String, Error> {
    let mut args = vec!["--input", path, "--time", "time", "--status", "status"];
    args.extend_from_slice(extra);
    run(&args)
}

fn status_code(code: &str) -> CsvProblem {
    CsvProblem::Invalid(ValueProblem::EventCode {
        code: code.to_string(),
        allowed: "0 (censored) or a positive integer cause".to_string(),
    })
}

const HEADER: &str = "group,cause,time,cif";

// ---------------------------------------------------------------- R parity

#[test]
fn matches_r_pstate_on_the_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/competing");
    for case in ["edge_groups", "heavy_ties", "mgus2"] {
        let data = root.join(case).join("data.csv").display().to_string();
        let out = run_on(&data, &["--group", "group"]).unwrap();
        let r = fs::read_to_string(root.join(case).join("cuminc.csv")).unwrap();
        let failures = common::compare_csv(case, &out, &r, 2);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

// ---------------------------------------------------------------- output

#[test]
fn hand_case_values_and_rows() {
    // times 1, 2, 2, 2, 3, 4, 5, 5 with status 1, 2, 1, 0, 0, 2, 1, 2.
    // t=1: n=8, d1=1: F1 = 1/8, S = 7/8.
    // t=2: n=7, d1=1, d2=1 (and a censoring): F1 = 1/8 + 7/8·1/7 = 1/4,
    //      F2 = 1/8, S = 5/8.
    // t=3: a censoring only: no row.
    // t=4: n=3, d2=1: F2 = 1/8 + 5/8·1/3 = 1/3, S = 5/12.
    // t=5: n=2, d1=d2=1: F1 = 1/4 + 5/24 = 11/24, F2 = 1/3 + 5/24 = 13/24, S = 0.
    let path = input(
        "hand_case",
        "time,status\n1,1\n2,2\n2,1\n2,0\n3,0\n4,2\n5,1\n5,2\n",
    );
    let out = run_on(&path, &[]).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], HEADER);
    let expected = [
        (1, 1.0, 1.0 / 8.0),
        (1, 2.0, 1.0 / 4.0),
        (1, 4.0, 1.0 / 4.0),
        (1, 5.0, 11.0 / 24.0),
        (2, 1.0, 0.0),
        (2, 2.0, 1.0 / 8.0),
        (2, 4.0, 1.0 / 3.0),
        (2, 5.0, 13.0 / 24.0),
    ];
    assert_eq!(lines.len(), expected.len() + 1);
    for (line, (cause, time, cif)) in lines[1..].iter().zip(expected) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f[0], "");
        assert_eq!(f[1], cause.to_string());
        assert_eq!(f[2].parse::<f64>().unwrap(), time);
        assert!((f[3].parse::<f64>().unwrap() - cif).abs() < 1e-15, "{line}");
    }
    assert_eq!(lines[1], ",1,1,0.125");
    assert_eq!(lines[5], ",2,1,0");
}

#[test]
fn groups_in_byte_order_and_causes_of_the_whole_file() {
    // Cause 3 occurs only in g2, cause 1 only in g10; every group gets rows
    // for both causes; g1 has no event at all and so no row.
    let path = input(
        "byte_order",
        "time,status,group\n1,3,g2\n2,0,g2\n1,0,g1\n4,1,g10\n4,0,g10\n",
    );
    let out = run_on(&path, &["--group", "group"]).unwrap();
    assert_eq!(
        out,
        format!("{HEADER}\ng10,1,4,0.5\ng10,3,4,0\ng2,1,1,0\ng2,3,1,0.5\n")
    );
}

#[test]
fn all_censored_file_gives_the_header_only() {
    let path = input("all_censored", "time,status\n1,0\n2,0\n");
    assert_eq!(run_on(&path, &[]).unwrap(), format!("{HEADER}\n"));
}

#[test]
fn quoted_group_label_with_comma_and_crlf_input() {
    let path = input(
        "quoted_group",
        "time,status,group\r\n1,1,\"a,b\"\r\n2,2,\"a,b\"\r\n",
    );
    let out = run_on(&path, &["--group", "group"]).unwrap();
    assert_eq!(
        out,
        format!("{HEADER}\n\"a,b\",1,1,0.5\n\"a,b\",1,2,0.5\n\"a,b\",2,1,0\n\"a,b\",2,2,0.5\n")
    );
}

#[test]
fn row_order_does_not_change_the_output() {
    let a = input(
        "order_a",
        "time,status,group\n1,1,x\n2,2,x\n2,0,y\n3,1,y\n2,1,y\n",
    );
    let b = input(
        "order_b",
        "time,status,group\n2,1,y\n3,1,y\n2,2,x\n2,0,y\n1,1,x\n",
    );
    assert_eq!(
        run_on(&a, &["--group", "group"]).unwrap(),
        run_on(&b, &["--group", "group"]).unwrap()
    );
}

// ---------------------------------------------------------------- bad CSV input

#[test]
fn missing_columns() {
    let path = input("missing_columns", "time,cause,group\n1,1,a\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(1), Some("status"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `status`: missing column"),
    );
    let path = input("missing_time", "t,status\n1,1\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(1), Some("time"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `time`: missing column"),
    );
    let path = input("missing_group", "time,status\n1,1\n");
    assert_error(
        run_on(&path, &["--group", "arm"]),
        &csv_error(&path, Some(1), Some("arm"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `arm`: missing column"),
    );
}

#[test]
fn empty_status_field() {
    let path = input("empty_status", "time,status\n1,1\n2,\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(3), Some("status"), CsvProblem::EmptyField),
        &format!("{path}, line 3, column `status`: empty field where a value is required"),
    );
}

#[test]
fn status_codes_that_are_not_non_negative_integers() {
    for (test, code) in [
        ("status_negative", "-1"),
        ("status_fraction", "1.5"),
        ("status_text", "irregular"),
        ("status_exponent", "1e3"),
        ("status_too_large", "99999999999999999999"),
    ] {
        let path = input(test, &format!("time,status\n1,1\n2,0\n3,{code}\n"));
        assert_error(
            run_on(&path, &[]),
            &csv_error(&path, Some(4), Some("status"), status_code(code)),
            &format!(
                "{path}, line 4, column `status`: event code `{code}` is not 0 (censored) or a positive integer cause"
            ),
        );
    }
}

#[test]
fn status_above_u32_is_an_error_not_a_wrapped_cause() {
    let path = input("status_u32", "time,status\n1,4294967296\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(2), Some("status"), status_code("4294967296")),
        &format!(
            "{path}, line 2, column `status`: event code `4294967296` is not 0 (censored) or a positive integer cause"
        ),
    );
}

#[test]
fn bad_times() {
    let cases: [(&str, &str, CsvProblem, &str); 5] = [
        (
            "time_empty",
            "",
            CsvProblem::EmptyField,
            "empty field where a value is required",
        ),
        (
            "time_text",
            "soon",
            CsvProblem::UnparsableNumber {
                text: "soon".into(),
            },
            "cannot parse `soon` as a number",
        ),
        (
            "time_nan",
            "NaN",
            CsvProblem::NotFinite { text: "NaN".into() },
            "value `NaN` is not finite",
        ),
        (
            "time_inf",
            "inf",
            CsvProblem::NotFinite { text: "inf".into() },
            "value `inf` is not finite",
        ),
        (
            "time_negative",
            "-2",
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -2.0 }),
            "negative time -2",
        ),
    ];
    for (test, text, problem, message) in cases {
        // The time of line 3 is bad; its status (7) is fine.
        let path = input(test, &format!("time,status\n1,1\n{text},7\n"));
        assert_error(
            run_on(&path, &[]),
            &csv_error(&path, Some(3), Some("time"), problem),
            &format!("{path}, line 3, column `time`: {message}"),
        );
    }
}

#[test]
fn time_is_checked_before_status_on_the_same_line() {
    let path = input("time_first", "time,status\n-1,x\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(
            &path,
            Some(2),
            Some("time"),
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -1.0 }),
        ),
        &format!("{path}, line 2, column `time`: negative time -1"),
    );
}

#[test]
fn empty_and_header_only_files() {
    let path = input("empty", "");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(1), None, CsvProblem::EmptyFile),
        &format!("{path}, line 1: empty file (no header or no data rows)"),
    );
    let path = input("header_only", "time,status\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(&path, Some(2), None, CsvProblem::EmptyFile),
        &format!("{path}, line 2: empty file (no header or no data rows)"),
    );
}

#[test]
fn nonexistent_input_path() {
    let path = scratch("nonexistent").join("no_such_file.csv");
    let message = fs::File::open(&path).unwrap_err().to_string();
    let name = path.display().to_string();
    assert_error(
        run_on(&name, &[]),
        &csv_error(
            &name,
            None,
            None,
            CsvProblem::Io {
                message: message.clone(),
            },
        ),
        &format!("{name}: cannot read: {message}"),
    );
}

#[test]
fn wrong_field_count_and_unclosed_quote() {
    let path = input("field_count", "time,status\n1,1\n2,0,x\n");
    assert_error(
        run_on(&path, &[]),
        &csv_error(
            &path,
            Some(3),
            None,
            CsvProblem::WrongFieldCount {
                expected: 2,
                found: 3,
            },
        ),
        &format!("{path}, line 3: expected 2 fields, found 3"),
    );
    let path = input("unclosed_quote", "time,status,group\n1,1,\"a\n2,0,b\n");
    let err = run_on(&path, &["--group", "group"]).unwrap_err();
    assert!(
        matches!(&err, Error::Csv { at, problem: CsvProblem::Malformed { .. } } if at.line == Some(2)),
        "{err:?}"
    );
}

#[test]
fn too_many_causes() {
    let mut text = String::from("time,status\n");
    for k in 1..=101 {
        text.push_str(&format!("{k},{k}\n"));
    }
    let path = input("too_many_causes", &text);
    // The 101st distinct cause is on line 102 (the header is line 1).
    let detail = "cause 101 makes 101 distinct causes (at most 100); is this the status column?";
    assert_error(
        run_on(&path, &[]),
        &csv_error(
            &path,
            Some(102),
            Some("status"),
            CsvProblem::Inconsistent {
                detail: detail.into(),
            },
        ),
        &format!("{path}, line 102, column `status`: {detail}"),
    );
}

// ---------------------------------------------------------------- bad arguments

const OPTIONS: &str = "--input, --time, --status, --group, --table, --times, --delimiter, --na";

#[test]
fn bad_arguments() {
    let path = input("bad_arguments", "time,status\n1,1\n");
    assert_error(
        run_on(&path, &["--entry", "start"]),
        &arguments(&format!("unknown option --entry (allowed: {OPTIONS})")),
        &format!("invalid arguments: unknown option --entry (allowed: {OPTIONS})"),
    );
    assert_error(
        run_on(&path, &["--group", "g", "--group", "h"]),
        &arguments("--group is given twice"),
        "invalid arguments: --group is given twice",
    );
    assert_error(
        run_on(&path, &["--group"]),
        &arguments("--group needs a value"),
        "invalid arguments: --group needs a value",
    );
    assert_error(
        run_on(&path, &["extra"]),
        &arguments("unexpected `extra` (options are --name value)"),
        "invalid arguments: unexpected `extra` (options are --name value)",
    );
    assert_error(
        run(&["--input", &path, "--time", "time"]),
        &arguments("--status is required"),
        "invalid arguments: --status is required",
    );
    assert_error(
        run(&["--time", "time", "--status", "status"]),
        &arguments("--input is required"),
        "invalid arguments: --input is required",
    );
}
