//! Shell ergonomics of the pipeline examples (issue 12): `--help`, a quiet
//! exit on a closed pipe, hints in error lines, `--delimiter`, `--na`,
//! duplicated header names, encoding errors, and the richer tables.
//! Reference values from R 4.2.2 / survival 3.5.3 (calls in comments).

#![allow(clippy::excessive_precision)] // R prints 17 significant digits

mod common;

use std::io::Write;

use common::pipeline::{arguments, assert_error, csv_error, input};
use return_migration::error::{CsvProblem, Error};
use return_migration::pipeline::{coxph, cuminc, explain, help_text, logrank, run_with, survfit};

fn argv(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

type Pipeline = fn(&[String], &mut Vec<u8>) -> Result<(), Error>;

fn run(p: Pipeline, args: &[&str]) -> Result<String, Error> {
    let mut out = Vec::new();
    p(&argv(args), &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

const GOOD: &str = "years,remigrated,grant\n0.5,1,no\n1,1,no\n1,0,no\n2,1,no\n3,0,no\n3,0,yes\n0.8,1,yes\n1.5,0,yes\n3,0,yes\n";
const CR: &str = "years,remigrated,channel,grant\n0.5,1,1,0\n1,1,2,1\n1,0,0,0\n2,1,1,1\n3,0,0,0\n0.8,1,2,1\n1.5,1,1,0\n3,0,0,1\n2.5,1,1,0\n";

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
}

fn field(line: &str, k: usize) -> f64 {
    line.split(',').nth(k).unwrap().parse().unwrap()
}

#[test]
fn help_is_usage_with_the_column_contract_and_exit_zero() {
    for name in [
        "survfit", "logrank", "coxph", "cuminc", "icfit", "survreg", "coxzph", "finegray", "cohort",
    ] {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_with(
            name,
            &argv(&["--input", "x.csv", "--help"]),
            |_| panic!("the pipeline must not run on --help"),
            &mut out,
            &mut err,
        );
        let text = String::from_utf8(out).unwrap();
        assert_eq!(code, 0, "{name}");
        assert!(err.is_empty(), "{name}");
        assert!(text.starts_with(&format!("{name}: ")), "{name}: {text}");
        assert!(text.contains("Usage: "), "{name}");
        assert!(text.contains("--delimiter"), "{name}");
        assert_eq!(Some(text), help_text(name));
    }
    let mut out = Vec::new();
    assert_eq!(
        run_with(
            "survfit",
            &argv(&["-h"]),
            |_| Ok(()),
            &mut out,
            &mut Vec::new()
        ),
        0
    );
}

/// A writer whose reader went away.
struct ClosedPipe;

impl Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
}

#[test]
fn closed_pipe_exits_quietly_with_zero() {
    let path = input("closed_pipe", GOOD);
    let args = argv(&["--input", &path, "--time", "years", "--event", "remigrated"]);
    let mut err = Vec::new();
    let code = run_with(
        "survfit",
        &args,
        |a| survfit(a, ClosedPipe),
        &mut Vec::new(),
        &mut err,
    );
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
    // A real error still exits 1 with one line.
    let code = run_with(
        "survfit",
        &argv(&["--input", &path, "--time", "nope", "--event", "remigrated"]),
        |a| survfit(a, Vec::new()),
        &mut Vec::new(),
        &mut err,
    );
    assert_eq!(code, 1);
    assert_eq!(
        String::from_utf8(err).unwrap(),
        format!(
            "survfit: {path}, line 1, column `nope`: missing column (the file's columns: `years`, `remigrated`, `grant`)\n"
        )
    );
}

#[test]
fn semicolon_header_gets_a_hint() {
    let path = input("semicolon_hint", "years;remigrated\n1;1\n2;0\n");
    let args = argv(&["--input", &path, "--time", "years", "--event", "remigrated"]);
    let e = survfit(&args, Vec::new()).unwrap_err();
    assert_eq!(
        explain(&e, &args),
        format!(
            "{path}, line 1, column `years`: missing column (the file's columns: `years;remigrated`); the header looks `;`-separated: try --delimiter ';'"
        )
    );
    // With the delimiter the same file reads.
    let mut with = args.clone();
    with.extend(argv(&["--delimiter", ";"]));
    let out = run(
        |a, o| survfit(a, o),
        &with.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .unwrap();
    assert_eq!(out.lines().count(), 3);
}

#[test]
fn decimal_comma_gets_a_hint_and_reads_with_semicolons() {
    let path = input("decimal_comma", "years;remigrated\n0,5;1\n2;0\n");
    let args = [
        "--input",
        &path,
        "--time",
        "years",
        "--event",
        "remigrated",
        "--delimiter",
        ";",
    ];
    let e = run(|a, o| survfit(a, o), &args).unwrap_err();
    assert_eq!(
        explain(&e, &argv(&args)),
        format!(
            "{path}, line 2, column `years`: cannot parse `0,5` as a number (a decimal comma? numbers are written 0.5)"
        )
    );
}

#[test]
fn tab_delimiter_gives_the_same_table_as_commas() {
    let comma = input("tab_comma", GOOD);
    let tab = input("tab_tab", &GOOD.replace(',', "\t"));
    let a = run(
        |a, o| survfit(a, o),
        &[
            "--input",
            &comma,
            "--time",
            "years",
            "--event",
            "remigrated",
            "--group",
            "grant",
        ],
    )
    .unwrap();
    let b = run(
        |a, o| survfit(a, o),
        &[
            "--input",
            &tab,
            "--time",
            "years",
            "--event",
            "remigrated",
            "--group",
            "grant",
            "--delimiter",
            "tab",
        ],
    )
    .unwrap();
    assert_eq!(a, b);
    assert_error(
        run(
            |a, o| survfit(a, o),
            &[
                "--input",
                &tab,
                "--time",
                "years",
                "--event",
                "remigrated",
                "--delimiter",
                "ab",
            ],
        ),
        &arguments("--delimiter: `ab` is not one ASCII character (or `tab`)"),
        "invalid arguments: --delimiter: `ab` is not one ASCII character (or `tab`)",
    );
}

#[test]
fn na_group_label_is_an_error_without_na_and_dropped_with_it() {
    let text = "years,remigrated,grant\n0.5,1,no\n1,1,NA\n1,0,no\n2,1,yes\n3,0,yes\n";
    let path = input("na_group", text);
    let base = [
        "--input",
        &path,
        "--time",
        "years",
        "--event",
        "remigrated",
        "--group",
        "grant",
    ];
    let e = run(|a, o| survfit(a, o), &base).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{path}, line 3, column `grant`: `NA` looks like a missing value, not a group: name the missing-value markers with --na (e.g. --na NA) to drop such rows"
        )
    );
    let mut with = base.to_vec();
    with.extend(["--na", "NA"]);
    let dropped = run(|a, o| survfit(a, o), &with).unwrap();
    // The same as the file without line 3.
    let without = input(
        "na_group_without",
        "years,remigrated,grant\n0.5,1,no\n1,0,no\n2,1,yes\n3,0,yes\n",
    );
    let mut base2 = base.to_vec();
    base2[1] = &without;
    assert_eq!(dropped, run(|a, o| survfit(a, o), &base2).unwrap());
}

#[test]
fn na_markers_in_numbers_drop_rows_rows_in_equal_rows_used_plus_dropped() {
    let text = "t,d,x\n1,1,0\n2,NA,1\n3,0,\n4,1,1\n5,1,0\n6,0,1\n";
    let path = input("na_numbers", text);
    // Without --na: the first missing value is an error on its line.
    assert_error(
        run(
            |a, o| coxph(a, o),
            &[
                "--input",
                &path,
                "--time",
                "t",
                "--event",
                "d",
                "--covariates",
                "x",
            ],
        ),
        &csv_error(
            &path,
            Some(3),
            Some("d"),
            CsvProblem::Invalid(return_migration::error::ValueProblem::EventCode {
                code: "NA".into(),
                allowed: "0 or 1".into(),
            }),
        ),
        &format!("{path}, line 3, column `d`: event code `NA` is not 0 or 1"),
    );
    let out = run(
        |a, o| coxph(a, o),
        &[
            "--input",
            &path,
            "--time",
            "t",
            "--event",
            "d",
            "--covariates",
            "x",
            "--na",
            "NA,",
            "--table",
            "full",
        ],
    )
    .unwrap();
    let row = out.lines().nth(1).unwrap();
    // 6 rows in = 4 used + 2 dropped; 3 events among the 4.
    assert!(row.ends_with(",4,3"), "{row}");
}

#[test]
fn duplicated_header_is_an_error() {
    let path = input("dup_header", "t,d,t\n1,1,2\n");
    assert_error(
        run(
            |a, o| survfit(a, o),
            &["--input", &path, "--time", "t", "--event", "d"],
        ),
        &csv_error(
            &path,
            Some(1),
            Some("t"),
            CsvProblem::Inconsistent {
                detail: "the header names column `t` twice (fields 1 and 3)".into(),
            },
        ),
        &format!("{path}, line 1, column `t`: the header names column `t` twice (fields 1 and 3)"),
    );
}

#[test]
fn invalid_utf8_is_a_sentence() {
    let dir = common::pipeline::scratch("utf8_sentence");
    let path = dir.join("in.csv");
    std::fs::write(&path, b"t,d\n1,1\n2,\xff\n").unwrap();
    let p = path.display().to_string();
    let e = run(
        |a, o| survfit(a, o),
        &["--input", &p, "--time", "t", "--event", "d"],
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{p}, line 3: malformed CSV: field 2 holds bytes that are not UTF-8 text (save the file as UTF-8)"
        )
    );
    assert!(!e.to_string().contains("Utf8"));
}

#[test]
fn cuminc_reports_the_first_bad_line_when_a_status_exceeds_u32() {
    let path = input("cuminc_u32", "t,s,e\n1,1,0\n2,5000000000,0\n3,1,7\n");
    let e = run(
        |a, o| cuminc(a, o),
        &[
            "--input", &path, "--time", "t", "--status", "s", "--entry", "e",
        ],
    );
    // --entry is not a cuminc option: use the weight-free file instead.
    assert!(e.is_err());
    let path = input("cuminc_u32b", "t,s\n1,1\n2,5000000000\n-3,1\n");
    let e = run(
        |a, o| cuminc(a, o),
        &["--input", &path, "--time", "t", "--status", "s"],
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{path}, line 3, column `s`: event code `5000000000` is not 0 (censored) or a positive integer cause"
        )
    );
}

#[test]
fn logrank_groups_table_matches_r_survdiff() {
    // R: survdiff(Surv(years, remigrated) ~ grant, d)$obs / $exp, and rho = 1.
    let path = input("logrank_groups", GOOD);
    let out = run(
        |a, o| logrank(a, o),
        &[
            "--input",
            &path,
            "--time",
            "years",
            "--event",
            "remigrated",
            "--group",
            "grant",
            "--table",
            "groups",
        ],
    )
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "group,n,observed,expected");
    assert!(lines[1].starts_with("no,5,3,"));
    assert!(close(field(lines[1], 3), 2.126984126984127));
    assert!(lines[2].starts_with("yes,4,1,"));
    assert!(close(field(lines[2], 3), 1.873015873015873));
    let out = run(
        |a, o| logrank(a, o),
        &[
            "--input",
            &path,
            "--time",
            "years",
            "--event",
            "remigrated",
            "--group",
            "grant",
            "--table",
            "groups",
            "--rho",
            "1",
        ],
    )
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(close(field(lines[1], 2), 2.4444444444444442));
    assert!(close(field(lines[1], 3), 1.7777777777777777));
    assert!(close(field(lines[2], 2), 0.88888888888888884));
    assert!(close(field(lines[2], 3), 1.5555555555555556));
}

#[test]
fn coxph_full_table_matches_r() {
    // R: summary(coxph(Surv(years, remigrated) ~ grant, d))$conf.int
    let path = input("coxph_full", CR);
    let out = run(
        |a, o| coxph(a, o),
        &[
            "--input",
            &path,
            "--time",
            "years",
            "--event",
            "remigrated",
            "--covariates",
            "grant",
            "--table",
            "full",
        ],
    )
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "term,coef,exp_coef,se,robust_se,z,p,lower,upper,n,events"
    );
    let r = lines[1];
    assert!((field(r, 2) - 1.3069325664796043).abs() < 1e-9);
    assert_eq!(r.split(',').nth(4), Some(""));
    assert!((field(r, 7) - 0.26079221641056233).abs() < 1e-9);
    assert!((field(r, 8) - 6.5495541118296465).abs() < 1e-8);
    assert!(r.ends_with(",9,6"));
    // The default table is unchanged.
    let default = run(
        |a, o| coxph(a, o),
        &[
            "--input",
            &path,
            "--time",
            "years",
            "--event",
            "remigrated",
            "--covariates",
            "grant",
        ],
    )
    .unwrap();
    assert_eq!(default.lines().next(), Some("term,coef,se,z,p"));
}

#[test]
fn cuminc_full_and_times_match_r() {
    // R: summary(survfit(Surv(years, factor(channel)) ~ 1, d), times = c(0.2, 1, 2.7))
    let path = input("cuminc_times", CR);
    let out = run(
        |a, o| cuminc(a, o),
        &[
            "--input",
            &path,
            "--time",
            "years",
            "--status",
            "channel",
            "--times",
            "0.2,1,2.7",
        ],
    )
    .unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "group,cause,time,cif,std_err,lower,upper");
    assert_eq!(lines[1], ",1,0.2,0,0,,");
    let expect = [
        (
            lines[2],
            0.11111111111111110,
            0.10475656017578479,
            0.017508017797200921,
            0.70514430333280964,
        ),
        (
            lines[3],
            0.51111111111111107,
            0.17697348929206461,
            0.259289349238198630,
            1.0,
        ),
        (
            lines[5],
            0.22222222222222221,
            0.13857990321384966,
            0.065459104930428308,
            0.75440561098212366,
        ),
        (
            lines[6],
            0.22222222222222221,
            0.13857990321384966,
            0.065459104930428308,
            0.75440561098212366,
        ),
    ];
    for (line, cif, se, lo, up) in expect {
        assert!(close(field(line, 3), cif), "{line}");
        assert!(close(field(line, 4), se), "{line}");
        assert!(close(field(line, 5), lo), "{line}");
        assert!(close(field(line, 6), up), "{line}");
    }
    let full = run(
        |a, o| cuminc(a, o),
        &[
            "--input", &path, "--time", "years", "--status", "channel", "--table", "full",
        ],
    )
    .unwrap();
    let default = run(
        |a, o| cuminc(a, o),
        &["--input", &path, "--time", "years", "--status", "channel"],
    )
    .unwrap();
    assert_eq!(full.lines().count(), default.lines().count());
    for (f, d) in full.lines().zip(default.lines()).skip(1) {
        assert!(f.starts_with(&format!("{d},")), "{f} vs {d}");
    }
    assert_error(
        run(
            |a, o| cuminc(a, o),
            &[
                "--input", &path, "--time", "years", "--status", "channel", "--times", "2,1",
            ],
        ),
        &arguments("--times: `2,1` is not strictly increasing"),
        "invalid arguments: --times: `2,1` is not strictly increasing",
    );
}
