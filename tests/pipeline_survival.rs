//! The `survfit` and `logrank` pipelines (the code behind the examples), driven
//! in-process: every class of bad input gives one exact error (variant and
//! Display text naming the file, the line — the header is line 1 — and the
//! column where one applies), and small hand cases give exact output text.

mod common;

use common::pipeline::{arguments, assert_error, csv_error, input, scratch};
use std::fs;

use return_migration::error::{CsvProblem, Error, ValueProblem};
use return_migration::pipeline::{logrank, survfit};

// ---------------------------------------------------------------- helpers

fn argv(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

fn run_survfit(args: &[&str]) -> Result<String, Error> {
    let mut out: Vec<u8> = Vec::new();
    survfit(&argv(args), &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

fn run_logrank(args: &[&str]) -> Result<String, Error> {
    let mut out: Vec<u8> = Vec::new();
    logrank(&argv(args), &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

/// survfit on `path` with columns time, event (and `extra` options).
fn survfit_on(path: &str, extra: &[&str]) -> Result<String, Error> {
    let mut args = vec!["--input", path, "--time", "time", "--event", "event"];
    args.extend_from_slice(extra);
    run_survfit(&args)
}

/// logrank on `path` with columns time, event, group (and `extra` options).
fn logrank_on(path: &str, extra: &[&str]) -> Result<String, Error> {
    let mut args = vec![
        "--input", path, "--time", "time", "--event", "event", "--group", "group",
    ];
    args.extend_from_slice(extra);
    run_logrank(&args)
}

/// Runs both pipelines on the same file and asserts the same located error.
fn assert_both(path: &str, expected: &Error, display: &str) {
    assert_error(survfit_on(path, &[]), expected, display);
    assert_error(logrank_on(path, &[]), expected, display);
}

fn event_code(code: &str) -> CsvProblem {
    CsvProblem::Invalid(ValueProblem::EventCode {
        code: code.to_string(),
        allowed: "0 or 1".to_string(),
    })
}

const SURVFIT_OPTIONS: &str =
    "--input, --time, --event, --entry, --group, --conf-type, --conf-level, --delimiter, --na";
const LOGRANK_OPTIONS: &str =
    "--input, --time, --event, --group, --rho, --strata, --table, --delimiter, --na";

// ---------------------------------------------------------------- bad CSV input

#[test]
fn missing_time_column() {
    let path = input("missing_time_column", "t,event,group\n1,1,a\n2,0,b\n");
    let expected = csv_error(&path, Some(1), Some("time"), CsvProblem::MissingColumn);
    assert_both(
        &path,
        &expected,
        &format!("{path}, line 1, column `time`: missing column"),
    );
}

#[test]
fn missing_event_column() {
    let path = input("missing_event_column", "time,status,group\n1,1,a\n2,0,b\n");
    let expected = csv_error(&path, Some(1), Some("event"), CsvProblem::MissingColumn);
    assert_both(
        &path,
        &expected,
        &format!("{path}, line 1, column `event`: missing column"),
    );
}

#[test]
fn missing_group_column() {
    let path = input("missing_group_column", "time,event,arm\n1,1,a\n2,0,b\n");
    let expected = csv_error(&path, Some(1), Some("group"), CsvProblem::MissingColumn);
    let display = format!("{path}, line 1, column `group`: missing column");
    assert_error(logrank_on(&path, &[]), &expected, &display);
    assert_error(
        survfit_on(&path, &["--group", "group"]),
        &expected,
        &display,
    );
}

#[test]
fn missing_entry_column() {
    let path = input("missing_entry_column", "time,event,group\n1,1,a\n2,0,b\n");
    assert_error(
        survfit_on(&path, &["--entry", "start"]),
        &csv_error(&path, Some(1), Some("start"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `start`: missing column"),
    );
}

#[test]
fn missing_strata_column() {
    let path = input("missing_strata_column", "time,event,group\n1,1,a\n2,0,b\n");
    assert_error(
        logrank_on(&path, &["--strata", "site"]),
        &csv_error(&path, Some(1), Some("site"), CsvProblem::MissingColumn),
        &format!("{path}, line 1, column `site`: missing column"),
    );
}

#[test]
fn empty_event_field() {
    let path = input(
        "empty_event_field",
        "time,event,group\n1,1,a\n2,,b\n3,1,a\n",
    );
    assert_both(
        &path,
        &csv_error(&path, Some(3), Some("event"), CsvProblem::EmptyField),
        &format!("{path}, line 3, column `event`: empty field where a value is required"),
    );
}

#[test]
fn event_code_two() {
    let path = input("event_code_two", "time,event,group\n1,1,a\n2,0,b\n3,2,a\n");
    assert_both(
        &path,
        &csv_error(&path, Some(4), Some("event"), event_code("2")),
        &format!("{path}, line 4, column `event`: event code `2` is not 0 or 1"),
    );
}

#[test]
fn event_code_minus_one() {
    let path = input("event_code_minus_one", "time,event,group\n1,-1,a\n2,0,b\n");
    assert_both(
        &path,
        &csv_error(&path, Some(2), Some("event"), event_code("-1")),
        &format!("{path}, line 2, column `event`: event code `-1` is not 0 or 1"),
    );
}

#[test]
fn event_code_one_half() {
    let path = input("event_code_one_half", "time,event,group\n1,1,a\n2,0.5,b\n");
    assert_both(
        &path,
        &csv_error(&path, Some(3), Some("event"), event_code("0.5")),
        &format!("{path}, line 3, column `event`: event code `0.5` is not 0 or 1"),
    );
}

#[test]
fn event_code_yes() {
    let path = input(
        "event_code_yes",
        "time,event,group\n1,1,a\n2,0,b\n4,1,b\n5,yes,a\n",
    );
    assert_both(
        &path,
        &csv_error(&path, Some(5), Some("event"), event_code("yes")),
        &format!("{path}, line 5, column `event`: event code `yes` is not 0 or 1"),
    );
}

#[test]
fn empty_time_field() {
    let path = input("empty_time_field", "time,event,group\n1,1,a\n,0,b\n");
    assert_both(
        &path,
        &csv_error(&path, Some(3), Some("time"), CsvProblem::EmptyField),
        &format!("{path}, line 3, column `time`: empty field where a value is required"),
    );
}

#[test]
fn nan_and_infinite_times() {
    for (k, text) in ["NaN", "inf", "-inf"].iter().enumerate() {
        let path = input(
            &format!("nan_and_infinite_times_{k}"),
            &format!("time,event,group\n1,1,a\n2,0,b\n{text},1,a\n"),
        );
        assert_both(
            &path,
            &csv_error(
                &path,
                Some(4),
                Some("time"),
                CsvProblem::NotFinite {
                    text: text.to_string(),
                },
            ),
            &format!("{path}, line 4, column `time`: value `{text}` is not finite"),
        );
    }
}

#[test]
fn negative_time() {
    let path = input("negative_time", "time,event,group\n1,1,a\n-0.5,0,b\n");
    assert_both(
        &path,
        &csv_error(
            &path,
            Some(3),
            Some("time"),
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -0.5 }),
        ),
        &format!("{path}, line 3, column `time`: negative time -0.5"),
    );
}

#[test]
fn unparsable_time() {
    let path = input("unparsable_time", "time,event,group\nabc,1,a\n2,0,b\n");
    assert_both(
        &path,
        &csv_error(
            &path,
            Some(2),
            Some("time"),
            CsvProblem::UnparsableNumber {
                text: "abc".to_string(),
            },
        ),
        &format!("{path}, line 2, column `time`: cannot parse `abc` as a number"),
    );
}

#[test]
fn time_is_checked_before_event_on_the_same_line() {
    let path = input("time_before_event", "time,event,group\n1,1,a\nx,7,b\n");
    assert_both(
        &path,
        &csv_error(
            &path,
            Some(3),
            Some("time"),
            CsvProblem::UnparsableNumber {
                text: "x".to_string(),
            },
        ),
        &format!("{path}, line 3, column `time`: cannot parse `x` as a number"),
    );
}

#[test]
fn entry_equal_to_exit() {
    let path = input("entry_equal_to_exit", "entry,time,event\n0,1,1\n2,2,0\n");
    assert_error(
        survfit_on(&path, &["--entry", "entry"]),
        &csv_error(
            &path,
            Some(3),
            Some("entry"),
            CsvProblem::Invalid(ValueProblem::EntryNotBeforeExit {
                entry: 2.0,
                exit: 2.0,
            }),
        ),
        &format!("{path}, line 3, column `entry`: entry 2 is not strictly before exit 2"),
    );
}

#[test]
fn entry_greater_than_exit() {
    let path = input(
        "entry_greater_than_exit",
        "entry,time,event\n0,1,1\n0.5,2,0\n3.5,3,1\n",
    );
    assert_error(
        survfit_on(&path, &["--entry", "entry"]),
        &csv_error(
            &path,
            Some(4),
            Some("entry"),
            CsvProblem::Invalid(ValueProblem::EntryNotBeforeExit {
                entry: 3.5,
                exit: 3.0,
            }),
        ),
        &format!("{path}, line 4, column `entry`: entry 3.5 is not strictly before exit 3"),
    );
}

#[test]
fn negative_entry() {
    let path = input("negative_entry", "entry,time,event\n0,1,1\n-1,2,0\n");
    assert_error(
        survfit_on(&path, &["--entry", "entry"]),
        &csv_error(
            &path,
            Some(3),
            Some("entry"),
            CsvProblem::Invalid(ValueProblem::NegativeTime { value: -1.0 }),
        ),
        &format!("{path}, line 3, column `entry`: negative time -1"),
    );
}

#[test]
fn empty_entry_field() {
    let path = input("empty_entry_field", "entry,time,event\n0,1,1\n,2,0\n");
    assert_error(
        survfit_on(&path, &["--entry", "entry"]),
        &csv_error(&path, Some(3), Some("entry"), CsvProblem::EmptyField),
        &format!("{path}, line 3, column `entry`: empty field where a value is required"),
    );
}

#[test]
fn empty_file() {
    let path = input("empty_file", "");
    assert_both(
        &path,
        &csv_error(&path, Some(1), None, CsvProblem::EmptyFile),
        &format!("{path}, line 1: empty file (no header or no data rows)"),
    );
}

#[test]
fn header_only_file() {
    let path = input("header_only_file", "time,event,group\n");
    assert_both(
        &path,
        &csv_error(&path, Some(2), None, CsvProblem::EmptyFile),
        &format!("{path}, line 2: empty file (no header or no data rows)"),
    );
}

#[test]
fn nonexistent_input_path() {
    let path = scratch("nonexistent_input_path").join("no_such_file.csv");
    assert!(!path.exists());
    let message = fs::File::open(&path).unwrap_err().to_string();
    let name = path.display().to_string();
    assert_both(
        &name,
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
fn too_many_fields_in_a_row() {
    let path = input(
        "too_many_fields",
        "time,event,group\n1,1,a\n2,0,b\n3,1,a,x\n",
    );
    assert_both(
        &path,
        &csv_error(
            &path,
            Some(4),
            None,
            CsvProblem::WrongFieldCount {
                expected: 3,
                found: 4,
            },
        ),
        &format!("{path}, line 4: expected 3 fields, found 4"),
    );
}

#[test]
fn too_few_fields_in_a_row() {
    let path = input("too_few_fields", "time,event,group\n1,1,a\n2,0\n");
    assert_both(
        &path,
        &csv_error(
            &path,
            Some(3),
            None,
            CsvProblem::WrongFieldCount {
                expected: 3,
                found: 2,
            },
        ),
        &format!("{path}, line 3: expected 3 fields, found 2"),
    );
}

#[test]
fn error_line_counts_physical_lines_after_a_blank_line() {
    let path = input("blank_line", "time,event,group\n1,1,a\n\n2,2,b\n");
    assert_both(
        &path,
        &csv_error(&path, Some(4), Some("event"), event_code("2")),
        &format!("{path}, line 4, column `event`: event code `2` is not 0 or 1"),
    );
}

// ---------------------------------------------------------------- bad arguments

#[test]
fn unknown_option() {
    let path = input("unknown_option", "time,event,group\n1,1,a\n2,0,b\n");
    let reason = format!("unknown option --weight (allowed: {SURVFIT_OPTIONS})");
    assert_error(
        survfit_on(&path, &["--weight", "w"]),
        &arguments(&reason),
        &format!("invalid arguments: {reason}"),
    );
    let reason = format!("unknown option --entry (allowed: {LOGRANK_OPTIONS})");
    assert_error(
        logrank_on(&path, &["--entry", "time"]),
        &arguments(&reason),
        &format!("invalid arguments: {reason}"),
    );
}

#[test]
fn stray_positional_argument() {
    let path = input("stray_positional", "time,event,group\n1,1,a\n2,0,b\n");
    let reason = "unexpected `extra` (options are --name value)";
    let display = format!("invalid arguments: {reason}");
    assert_error(survfit_on(&path, &["extra"]), &arguments(reason), &display);
    assert_error(logrank_on(&path, &["extra"]), &arguments(reason), &display);
}

#[test]
fn option_given_twice() {
    let path = input("option_given_twice", "time,event,group\n1,1,a\n2,0,b\n");
    let reason = "--time is given twice";
    let display = format!("invalid arguments: {reason}");
    assert_error(
        survfit_on(&path, &["--time", "time"]),
        &arguments(reason),
        &display,
    );
    assert_error(
        logrank_on(&path, &["--time", "time"]),
        &arguments(reason),
        &display,
    );
}

#[test]
fn missing_value_after_an_option() {
    let path = input("missing_value", "time,event,group\n1,1,a\n2,0,b\n");
    assert_error(
        survfit_on(&path, &["--conf-level"]),
        &arguments("--conf-level needs a value"),
        "invalid arguments: --conf-level needs a value",
    );
    assert_error(
        logrank_on(&path, &["--rho"]),
        &arguments("--rho needs a value"),
        "invalid arguments: --rho needs a value",
    );
    // A value missing in the middle swallows the next option name as its
    // value, which leaves a stray argument: still an error.
    assert_error(
        run_survfit(&["--input", &path, "--time", "--event", "event"]),
        &arguments("unexpected `event` (options are --name value)"),
        "invalid arguments: unexpected `event` (options are --name value)",
    );
}

#[test]
fn missing_required_options() {
    let path = input("missing_required", "time,event,group\n1,1,a\n2,0,b\n");
    let cases: [(&str, Vec<&str>); 3] = [
        ("input", vec!["--time", "time", "--event", "event"]),
        ("time", vec!["--input", &path, "--event", "event"]),
        ("event", vec!["--input", &path, "--time", "time"]),
    ];
    for (name, args) in &cases {
        let reason = format!("--{name} is required");
        let display = format!("invalid arguments: {reason}");
        assert_error(run_survfit(args), &arguments(&reason), &display);
        let mut with_group = args.clone();
        with_group.extend_from_slice(&["--group", "group"]);
        assert_error(run_logrank(&with_group), &arguments(&reason), &display);
    }
    assert_error(
        run_logrank(&["--input", &path, "--time", "time", "--event", "event"]),
        &arguments("--group is required"),
        "invalid arguments: --group is required",
    );
    assert_error(
        run_survfit(&[]),
        &arguments("--input is required"),
        "invalid arguments: --input is required",
    );
}

#[test]
fn conf_type_outside_the_pipeline_contract_is_rejected() {
    // logit and arcsin exist in the library but not in the pipeline contract.
    let path = input("conf_type_unknown", "time,event\n1,1\n2,0\n");
    for kind in ["logit", "arcsin", "foo"] {
        let reason = format!("--conf-type: `{kind}` is not one of log, log-log, plain");
        assert_error(
            survfit_on(&path, &["--conf-type", kind]),
            &arguments(&reason),
            &format!("invalid arguments: {reason}"),
        );
    }
}

#[test]
fn conf_level_is_checked_before_the_input_is_read() {
    let err = survfit_on("/nonexistent/input.csv", &["--conf-level", "2"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid arguments: --conf-level: 2 is not strictly between 0 and 1"
    );
}

#[test]
fn conf_level_out_of_range() {
    let path = input("conf_level_out_of_range", "time,event\n1,1\n2,0\n");
    for level in ["0", "1", "1.5"] {
        let reason = format!("--conf-level: {level} is not strictly between 0 and 1");
        assert_error(
            survfit_on(&path, &["--conf-level", level]),
            &arguments(&reason),
            &format!("invalid arguments: {reason}"),
        );
    }
}

#[test]
fn conf_level_not_a_number() {
    let path = input("conf_level_not_a_number", "time,event\n1,1\n2,0\n");
    for text in ["abc", "nan", "inf"] {
        let reason = format!("--conf-level: `{text}` is not a finite number");
        assert_error(
            survfit_on(&path, &["--conf-level", text]),
            &arguments(&reason),
            &format!("invalid arguments: {reason}"),
        );
    }
}

#[test]
fn rho_not_a_finite_number() {
    let path = input("rho_not_finite", "time,event,group\n1,1,a\n2,0,b\n");
    for text in ["abc", "inf", "-inf", "NaN", ""] {
        let reason = format!("--rho: `{text}` is not a finite number");
        assert_error(
            logrank_on(&path, &["--rho", text]),
            &arguments(&reason),
            &format!("invalid arguments: {reason}"),
        );
    }
}

#[test]
fn argument_errors_come_before_reading_the_file() {
    // The input does not exist, yet the argument problem is what is reported.
    let path = scratch("argument_errors_first").join("absent.csv");
    let name = path.display().to_string();
    assert_error(
        survfit_on(&name, &["--conf-type", "logit"]),
        &arguments("--conf-type: `logit` is not one of log, log-log, plain"),
        "invalid arguments: --conf-type: `logit` is not one of log, log-log, plain",
    );
    assert_error(
        logrank_on(&name, &["--rho", "inf"]),
        &arguments("--rho: `inf` is not a finite number"),
        "invalid arguments: --rho: `inf` is not a finite number",
    );
}

// ---------------------------------------------------------------- survfit output

const HEADER: &str =
    "group,time,n_risk,n_event,n_censor,survival,std_err,lower,upper,cumhaz,cumhaz_se";

#[test]
fn survfit_hand_case_exact_text() {
    // times 1, 2, 2, 3 with events 1, 1, 0, 1; z = qnorm(0.975) = 1.959963984540054.
    //
    // t = 1: n = 4, d = 1, c = 0. S = 3/4. Greenwood Σ d/(n(n−d)) = 1/12,
    //   se = √(1/12) = 0.28867513459481287, std_err = S·se = 0.21650635094610965
    //   (3/4·√(1/12) = 0.216506350946109661...). log interval:
    //   lower = (3/4)·exp(−z·se) = 0.425932268497981938..., upper = 1.32… → 1.
    //   cumhaz = 1/4, cumhaz_se = √(1/16) = 1/4.
    // t = 2: n = 3, d = 1, c = 1. S = 3/4·2/3 = 1/2. Greenwood = 1/12 + 1/6 = 1/4,
    //   se = 1/2, std_err = 1/4, lower = exp(ln ½ − z/2) = 0.187658928706588237...,
    //   upper = 1.33… → 1. cumhaz = 1/4 + 1/3 = 7/12, cumhaz_se = √(1/16 + 1/9) = 5/12.
    // t = 3: n = 1, d = 1. S = 0: std_err, lower, upper empty.
    //   cumhaz = 7/12 + 1 = 19/12, cumhaz_se = √(25/144 + 1) = 13/12.
    //
    // The limits are printed as the f64 chain exp(ln S − z·se) gives them
    // (z = 1.9599639845400538, the quantile of the f64 nearest 0.975), which
    // is within 2e-16 of the exact values above: checked separately below.
    let path = input("survfit_hand_case", "time,event\n2,1\n3,1\n1,1\n2,0\n");
    let out = survfit_on(&path, &[]).unwrap();
    let expected = format!(
        "{HEADER}\n\
         ,1,4,1,0,0.75,0.21650635094610965,0.42593226849798205,1,0.25,0.25\n\
         ,2,3,1,1,0.5,0.25,0.1876589287065883,1,0.5833333333333333,0.4166666666666667\n\
         ,3,1,1,0,0,,,,1.5833333333333333,1.0833333333333333\n"
    );
    assert_eq!(out, expected);
    let lower = |line: usize| -> f64 {
        out.lines()
            .nth(line)
            .unwrap()
            .split(',')
            .nth(7)
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!((lower(1) - 0.425_932_268_497_981_94).abs() < 5e-16);
    assert!((lower(2) - 0.187_658_928_706_588_24).abs() < 5e-16);
}

#[test]
fn survfit_hand_case_plain_and_log_log() {
    // The same data. plain: S ∓ z·se·S clipped to [0, 1].
    //   t = 1: 0.75 ∓ 1.959963984540054·0.21650635094610965 = 0.3256651..., 1.1743… → 1.
    //   t = 2: 0.5 ∓ z·0.25 = 0.010009003864986..., 0.98999099613501...
    // log-log: exp(−exp(log(−log S) ∓ z·se/log S)).
    let path = input(
        "survfit_hand_case_types",
        "time,event\n2,1\n3,1\n1,1\n2,0\n",
    );
    let z = 1.959_963_984_540_054_f64;
    let rows = |text: &str| -> Vec<Vec<String>> {
        text.lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let num = |s: &str| s.parse::<f64>().unwrap();

    let plain = rows(&survfit_on(&path, &["--conf-type", "plain"]).unwrap());
    assert_eq!(plain.len(), 3);
    assert!((num(&plain[0][7]) - (0.75 - z * 0.75 * (1.0_f64 / 12.0).sqrt())).abs() < 1e-15);
    assert_eq!(plain[0][8], "1");
    assert!((num(&plain[1][7]) - (0.5 - z * 0.25)).abs() < 1e-15);
    assert!((num(&plain[1][8]) - (0.5 + z * 0.25)).abs() < 1e-15);
    assert_eq!(&plain[2][6..9], &["", "", ""]);

    let loglog = rows(&survfit_on(&path, &["--conf-type", "log-log"]).unwrap());
    let ll = |s: f64, se: f64, sign: f64| (-((-s.ln()).ln() + sign * z * se / s.ln()).exp()).exp();
    let se1 = (1.0_f64 / 12.0).sqrt();
    assert!((num(&loglog[0][7]) - ll(0.75, se1, -1.0)).abs() < 1e-15);
    assert!((num(&loglog[0][8]) - ll(0.75, se1, 1.0)).abs() < 1e-15);
    assert!((num(&loglog[1][7]) - ll(0.5, 0.5, -1.0)).abs() < 1e-15);
    assert!((num(&loglog[1][8]) - ll(0.5, 0.5, 1.0)).abs() < 1e-15);
    assert_eq!(&loglog[2][6..9], &["", "", ""]);
}

#[test]
fn survfit_log_log_limits_empty_while_survival_is_one() {
    // A censoring at 1 before the first event: S = 1 there, log-log limits
    // are empty (std_err is 0); the log limits are both 1.
    let path = input("survfit_loglog_s1", "time,event\n1,0\n2,1\n3,0\n");
    let out = survfit_on(&path, &["--conf-type", "log-log"]).unwrap();
    assert_eq!(out.lines().nth(1).unwrap(), ",1,3,0,1,1,0,,,0,0");
    let out = survfit_on(&path, &[]).unwrap();
    assert_eq!(out.lines().nth(1).unwrap(), ",1,3,0,1,1,0,1,1,0,0");
}

#[test]
fn survfit_conf_level_changes_only_the_limits() {
    // 90%: z = qnorm(0.95) = 1.6448536269514722; t = 2 of the hand case:
    // lower = 0.5·exp(−z/2) = 0.3314...
    let path = input("survfit_conf_level", "time,event\n2,1\n3,1\n1,1\n2,0\n");
    let out95 = survfit_on(&path, &[]).unwrap();
    let out90 = survfit_on(&path, &["--conf-level", "0.9"]).unwrap();
    let row95: Vec<&str> = out95.lines().nth(2).unwrap().split(',').collect();
    let row90: Vec<&str> = out90.lines().nth(2).unwrap().split(',').collect();
    assert_eq!(&row95[..7], &row90[..7]);
    assert_eq!(&row95[9..], &row90[9..]);
    let lower: f64 = row90[7].parse().unwrap();
    assert!((lower - 0.5 * (-1.644_853_626_951_472_2_f64 / 2.0).exp()).abs() < 1e-15);
}

#[test]
fn survfit_group_column_is_empty_without_group() {
    let path = input(
        "survfit_no_group",
        "time,event,group\n1,1,b\n2,0,a\n3,1,b\n",
    );
    let out = survfit_on(&path, &[]).unwrap();
    let groups: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(groups, vec!["", "", ""]);
    assert_eq!(out.lines().next().unwrap(), HEADER);
}

#[test]
fn survfit_groups_in_byte_order() {
    // g2 comes first in the file, g10 second, g1 last: output g1, g10, g2.
    let path = input(
        "survfit_groups_byte_order",
        "time,event,group\n1,1,g2\n2,1,g10\n3,0,g1\n4,1,g2\n5,1,g10\n6,1,g1\n",
    );
    let out = survfit_on(&path, &["--group", "group"]).unwrap();
    let expected = format!(
        "{HEADER}\n\
         g1,3,2,0,1,1,0,1,1,0,0\n\
         g1,6,1,1,0,0,,,,1,1\n\
         g10,2,2,1,0,0.5,0.3535533905932738,0.1250488266299532,1,0.5,0.5\n\
         g10,5,1,1,0,0,,,,1.5,1.118033988749895\n\
         g2,1,2,1,0,0.5,0.3535533905932738,0.1250488266299532,1,0.5,0.5\n\
         g2,4,1,1,0,0,,,,1.5,1.118033988749895\n"
    );
    assert_eq!(out, expected);
}

#[test]
fn survfit_upper_case_before_lower_case_and_all_censored_group() {
    // "Regular" < "all_censored" in byte order ('R' = 0x52 < 'a' = 0x61).
    // all_censored: S stays 1, std_err 0, log limits 1 and 1, no hazard.
    // Regular: 2 at risk at 1 (one event): S = 1/2; at 2 one censoring.
    let path = input(
        "survfit_regular_all_censored",
        "time,event,arm\n4,0,all_censored\n1,1,Regular\n2,0,Regular\n3,0,all_censored\n",
    );
    let out = survfit_on(&path, &["--group", "arm"]).unwrap();
    let expected = format!(
        "{HEADER}\n\
         Regular,1,2,1,0,0.5,0.3535533905932738,0.1250488266299532,1,0.5,0.5\n\
         Regular,2,1,0,1,0.5,0.3535533905932738,0.1250488266299532,1,0.5,0.5\n\
         all_censored,3,2,0,1,1,0,1,1,0,0\n\
         all_censored,4,1,0,1,1,0,1,1,0,0\n"
    );
    assert_eq!(out, expected);
}

#[test]
fn survfit_one_row_per_distinct_time_with_event_or_censoring() {
    // Times 5, 5, 5 (two events, one censoring), 7 (censored), 7.5 (event),
    // given out of order: three rows, at 5, 7 and 7.5.
    let path = input(
        "survfit_distinct_times",
        "time,event\n7.5,1\n5,1\n7,0\n5,0\n5,1\n",
    );
    let out = survfit_on(&path, &[]).unwrap();
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let keys: Vec<[&str; 5]> = rows
        .iter()
        .map(|r| [r[1], r[2], r[3], r[4], r[5]])
        .collect();
    // S(5) = 1 − 2/5 = 0.6; S(7) = 0.6; S(7.5) = 0.6·(1 − 1/1) = 0.
    assert_eq!(
        keys,
        vec![
            ["5", "5", "2", "1", "0.6"],
            ["7", "2", "0", "1", "0.6"],
            ["7.5", "1", "1", "0", "0"],
        ]
    );
}

#[test]
fn survfit_delayed_entry_rows() {
    // Subjects (entry, exit], event:
    //   a (0, 2] event, b (1, 3] event, c (2, 4] censored, d (0, 5] event.
    // Entry times 0, 1, 2 make no rows; c entering at 2 is not at risk at 2.
    // t = 2: at risk a, b, d = 3, d = 1: S = 2/3, Greenwood 1/(3·2) = 1/6,
    //   cumhaz 1/3, cumhaz_se √(1/9) = 1/3.
    // t = 3: at risk b, c, d = 3, d = 1: S = 4/9, Greenwood 1/6 + 1/6 = 1/3,
    //   std_err = 4/9·√(1/3) = 0.25660011963983367..., cumhaz 2/3, cumhaz_se √(2/9).
    // t = 4: at risk c, d = 2, one censoring: unchanged.
    // t = 5: at risk d = 1, d = 1: S = 0, cumhaz 5/3, cumhaz_se √(11/9) = 1.1055415967851332...
    let path = input(
        "survfit_delayed_entry",
        "id,entry,time,event\na,0,2,1\nb,1,3,1\nc,2,4,0\nd,0,5,1\n",
    );
    let out = survfit_on(&path, &["--entry", "entry"]).unwrap();
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let times: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    assert_eq!(times, vec!["2", "3", "4", "5"]);
    let counts: Vec<[&str; 3]> = rows.iter().map(|r| [r[2], r[3], r[4]]).collect();
    assert_eq!(
        counts,
        vec![
            ["3", "1", "0"],
            ["3", "1", "0"],
            ["2", "0", "1"],
            ["1", "1", "0"]
        ]
    );
    let num = |s: &str| s.parse::<f64>().unwrap();
    let third = 1.0_f64 / 3.0;
    let expect = [
        (2.0 / 3.0, (1.0_f64 / 6.0).sqrt() * 2.0 / 3.0, third, third),
        (
            4.0 / 9.0,
            third.sqrt() * 4.0 / 9.0,
            2.0 / 3.0,
            (2.0_f64 / 9.0).sqrt(),
        ),
        (
            4.0 / 9.0,
            third.sqrt() * 4.0 / 9.0,
            2.0 / 3.0,
            (2.0_f64 / 9.0).sqrt(),
        ),
    ];
    for (r, (s, se, h, hse)) in rows.iter().zip(expect) {
        assert!((num(r[5]) - s).abs() < 1e-15, "{r:?}");
        assert!((num(r[6]) - se).abs() < 1e-15, "{r:?}");
        assert!((num(r[9]) - h).abs() < 1e-15, "{r:?}");
        assert!((num(r[10]) - hse).abs() < 1e-15, "{r:?}");
    }
    // log lower limits: S·exp(−z·se) = 0.29950713035902226..., 0.14334285222545144...
    assert!((num(rows[0][7]) - 0.299_507_130_359_022_26).abs() < 1e-15);
    assert!((num(rows[1][7]) - 0.143_342_852_225_451_44).abs() < 1e-15);
    assert_eq!(rows[3][5], "0");
    assert_eq!(&rows[3][6..9], &["", "", ""]);
    assert!((num(rows[3][9]) - 5.0 / 3.0).abs() < 1e-15);
    assert!((num(rows[3][10]) - (11.0_f64 / 9.0).sqrt()).abs() < 1e-15);
}

#[test]
fn survfit_entry_times_alone_make_no_rows() {
    // Entries at 0.5 and 1.5 (between exits) add no rows; with no --entry
    // the same file gives the same times but bigger risk sets.
    let path = input(
        "survfit_entry_no_rows",
        "entry,time,event\n0,1,1\n0.5,2,1\n1.5,3,0\n",
    );
    let with = survfit_on(&path, &["--entry", "entry"]).unwrap();
    let without = survfit_on(&path, &[]).unwrap();
    let cols = |text: &str, c: usize| -> Vec<String> {
        text.lines()
            .skip(1)
            .map(|l| l.split(',').nth(c).unwrap().to_string())
            .collect()
    };
    assert_eq!(cols(&with, 1), vec!["1", "2", "3"]);
    assert_eq!(cols(&without, 1), vec!["1", "2", "3"]);
    // at 1: (0,1], (0.5,2] at risk — (1.5,3] not yet: 2; without entry: 3.
    assert_eq!(cols(&with, 2), vec!["2", "2", "1"]);
    assert_eq!(cols(&without, 2), vec!["3", "2", "1"]);
}

#[test]
fn survfit_quoted_group_label_with_comma() {
    let path = input(
        "survfit_quoted_group",
        "time,event,group\n1,1,\"a,b\"\n2,0,\"a,b\"\n",
    );
    let out = survfit_on(&path, &["--group", "group"]).unwrap();
    assert_eq!(
        out,
        format!(
            "{HEADER}\n\
             \"a,b\",1,2,1,0,0.5,0.3535533905932738,0.1250488266299532,1,0.5,0.5\n\
             \"a,b\",2,1,0,1,0.5,0.3535533905932738,0.1250488266299532,1,0.5,0.5\n"
        )
    );
}

// ---------------------------------------------------------------- logrank output

#[test]
fn logrank_hand_case_exact_text() {
    // a: 1 (event), 3 (event); b: 2 (event), 4 (censored).
    // t = 1: n = 4 (a 2, b 2), d = 1: E_a = 2/4, V = d(n−d)/(n(n−1))·n_a(n−n_a)/n = 1/4.
    // t = 2: n = 3 (a 1, b 2), d = 1: E_a += 1/3, V += (2/6)·(2/3) = 2/9.
    // t = 3: n = 2 (a 1, b 1), d = 1: E_a += 1/2, V += (1/2)·(1/2) = 1/4.
    // O_a = 2, E_a = 4/3; O_b = 1, E_b = 5/3; V = 13/18.
    // chisq = (O_b − E_b)²/V = (4/9)/(13/18) = 8/13 = 0.6153846153846154,
    // p = P(χ²₁ > 8/13) = erfc(√(4/13)) = 0.43276758066778464...
    let path = input(
        "logrank_hand_case",
        "time,event,group\n1,1,a\n2,1,b\n3,1,a\n4,0,b\n",
    );
    let out = logrank_on(&path, &[]).unwrap();
    let mut lines = out.lines();
    assert_eq!(lines.next().unwrap(), "chisq,df,p");
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(lines.next().is_none());
    assert_eq!(row.len(), 3);
    let chisq: f64 = row[0].parse().unwrap();
    let p: f64 = row[2].parse().unwrap();
    assert!((chisq - 8.0 / 13.0).abs() < 1e-15, "{chisq}");
    assert_eq!(row[1], "1");
    assert!((p - 0.432_767_580_667_784_64).abs() < 1e-14, "{p}");
}

#[test]
fn logrank_one_group_is_zero_zero_one() {
    let path = input(
        "logrank_one_group",
        "time,event,group\n1,1,a\n2,1,a\n3,0,a\n",
    );
    assert_eq!(logrank_on(&path, &[]).unwrap(), "chisq,df,p\n0,0,1\n");
}

#[test]
fn logrank_fewer_than_two_groups_with_expected_is_zero_zero_one() {
    // Group "early" leaves (censored) before the first event: E = 0 there, so
    // only one group has E > 0: chisq 0, df 0, p 1.
    let path = input(
        "logrank_expected_zero",
        "time,event,group\n0.5,0,early\n0.7,0,early\n1,1,late\n2,1,late\n3,0,late\n",
    );
    assert_eq!(logrank_on(&path, &[]).unwrap(), "chisq,df,p\n0,0,1\n");
    // No events at all: no group has E > 0.
    let path = input(
        "logrank_no_events",
        "time,event,group\n1,0,a\n2,0,b\n3,0,a\n",
    );
    assert_eq!(logrank_on(&path, &[]).unwrap(), "chisq,df,p\n0,0,1\n");
}

#[test]
fn logrank_three_groups_one_without_expected_drops_to_one_df() {
    // "early" has E = 0 and is left out: df = 2 − 1 = 1, and the statistic is
    // that of a vs b alone (the hand case above: 8/13).
    let path = input(
        "logrank_three_groups",
        "time,event,group\n0.5,0,early\n1,1,a\n2,1,b\n3,1,a\n4,0,b\n",
    );
    let out = logrank_on(&path, &[]).unwrap();
    let row: Vec<&str> = out.lines().nth(1).unwrap().split(',').collect();
    assert!((row[0].parse::<f64>().unwrap() - 8.0 / 13.0).abs() < 1e-15);
    assert_eq!(row[1], "1");
}

#[test]
fn logrank_rho_one_weights_by_pooled_survival() {
    // ρ = 1: weights S(t−) of the pooled KM: 1 at t = 1, 3/4 at 2, 1/2 at 3.
    // O_b − E_b = −(1/2) + 3/4·(1 − 2/3) − 1/2·(1/2) = −1/2 + 1/4 − 1/4 = −1/2.
    // V = 1·1/4 + (9/16)·(2/9) + (1/4)·(1/4) = 1/4 + 1/8 + 1/16 = 7/16.
    // chisq = (1/4)/(7/16) = 4/7.
    let path = input(
        "logrank_rho_one",
        "time,event,group\n1,1,a\n2,1,b\n3,1,a\n4,0,b\n",
    );
    let out = logrank_on(&path, &["--rho", "1"]).unwrap();
    let row: Vec<&str> = out.lines().nth(1).unwrap().split(',').collect();
    assert!((row[0].parse::<f64>().unwrap() - 4.0 / 7.0).abs() < 1e-15);
    assert_eq!(row[1], "1");
}

#[test]
fn logrank_strata_sum_over_strata() {
    // The hand case in stratum s1 and its copy in stratum s2: O, E and V
    // double, so chisq doubles: 16/13.
    let path = input(
        "logrank_strata",
        "time,event,group,site\n1,1,a,s1\n2,1,b,s1\n3,1,a,s1\n4,0,b,s1\n\
         1,1,a,s2\n2,1,b,s2\n3,1,a,s2\n4,0,b,s2\n",
    );
    let out = logrank_on(&path, &["--strata", "site"]).unwrap();
    let row: Vec<&str> = out.lines().nth(1).unwrap().split(',').collect();
    assert!((row[0].parse::<f64>().unwrap() - 16.0 / 13.0).abs() < 1e-14);
    assert_eq!(row[1], "1");
}
