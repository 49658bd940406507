//! The `icfit` pipeline driven in-process: exact output on small cases, the
//! R fixtures (unweighted cases), and one located error per bad input.

mod common;

use common::pipeline::{arguments, assert_error, csv_error, input};
use common::{fixture_cases, fixture_dir};

use return_migration::error::{CsvProblem, Error, ValueProblem};
use return_migration::pipeline::icfit;

fn run(args: &[&str]) -> Result<String, Error> {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    icfit(&argv, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

fn on(path: &str, group: bool) -> Result<String, Error> {
    let mut a = vec!["--input", path, "--left", "l", "--right", "r"];
    if group {
        a.extend(["--group", "g"]);
    }
    run(&a)
}

#[test]
fn groups_in_byte_order_and_every_end() {
    // g2: (0,1], (2,3] -> 1/2 each; g10: exact 2, right-censored at 1
    // (empty and inf spellings); g1: left-censored by 4.
    let p = input(
        "groups",
        "l,r,g\n0,1,g2\n2,3,g2\n2,2,g10\n1,,g10\n1,Inf,g10\n0,4,g1\n",
    );
    assert_eq!(
        on(&p, true).unwrap(),
        "group,time,survival\n\
         g1,0,1\ng1,4,0\n\
         g10,1,1\ng10,2,0\n\
         g2,0,1\ng2,1,0.5\ng2,2,0.5\ng2,3,0\n"
    );
}

#[test]
fn without_group_the_field_is_empty() {
    let p = input("nogroup", "l,r,g\n0,1,a\n2,3,b\n");
    assert_eq!(
        on(&p, false).unwrap(),
        "group,time,survival\n,0,1\n,1,0.5\n,2,0.5\n,3,0\n"
    );
}

#[test]
fn group_labels_with_commas_are_quoted() {
    let p = input("quoted", "l,r,g\n0,1,\"a,b\"\n");
    assert_eq!(
        on(&p, true).unwrap(),
        "group,time,survival\n\"a,b\",0,1\n\"a,b\",1,0\n"
    );
}

/// The unweighted R fixtures through the pipeline, to 1e-9 absolute.
#[test]
fn fixtures_through_the_pipeline() {
    let mut checked = 0;
    for case in fixture_cases("interval") {
        let dir = fixture_dir("interval").join(&case);
        let data = std::fs::read_to_string(dir.join("data.csv")).unwrap();
        if data.lines().skip(1).any(|l| !l.ends_with(",1")) {
            continue; // weighted: the pipeline has no weight option
        }
        let path = dir.join("data.csv").display().to_string();
        let out = run(&[
            "--input", &path, "--left", "left", "--right", "right", "--group", "group",
        ])
        .unwrap();
        let reference = std::fs::read_to_string(dir.join("npmle.csv")).unwrap();
        assert_eq!(out.lines().count(), reference.lines().count(), "{case}");
        for (o, r) in out.lines().zip(reference.lines()).skip(1) {
            let (o, r): (Vec<&str>, Vec<&str>) = (o.split(',').collect(), r.split(',').collect());
            assert_eq!(o[0], r[0], "{case}");
            let num = |v: &[&str], k: usize| v[k].parse::<f64>().unwrap();
            assert_eq!(num(&o, 1), num(&r, 1), "{case}");
            let (a, b) = (num(&o, 2), num(&r, 2));
            assert!((a - b).abs() <= 1e-9, "{case}: {o:?} vs {r:?}");
        }
        checked += 1;
    }
    assert_eq!(checked, 5);
}

fn invalid(problem: ValueProblem) -> CsvProblem {
    CsvProblem::Invalid(problem)
}

/// (test name, file text, line, column, problem, display after the path).
type BadCase = (
    &'static str,
    &'static str,
    Option<u64>,
    Option<&'static str>,
    CsvProblem,
    &'static str,
);

#[test]
fn located_errors() {
    let cases: Vec<BadCase> = vec![
        (
            "negative",
            "l,r,g\n1,2,a\n-1,2,a\n",
            Some(3),
            Some("l"),
            invalid(ValueProblem::NegativeTime { value: -1.0 }),
            "line 3, column `l`: negative time -1",
        ),
        (
            "reversed",
            "l,r,g\n3,2,a\n",
            Some(2),
            Some("r"),
            invalid(ValueProblem::RightBeforeLeft {
                left: 3.0,
                right: 2.0,
            }),
            "line 2, column `r`: right end 2 is below left end 3",
        ),
        (
            "nan",
            "l,r,g\n1,NaN,a\n",
            Some(2),
            Some("r"),
            CsvProblem::NotFinite { text: "NaN".into() },
            "line 2, column `r`: value `NaN` is not finite",
        ),
        (
            "text",
            "l,r,g\n1,2,a\nabc,2,a\n",
            Some(3),
            Some("l"),
            CsvProblem::UnparsableNumber { text: "abc".into() },
            "line 3, column `l`: cannot parse `abc` as a number",
        ),
        (
            "emptyleft",
            "l,r,g\n,2,a\n",
            Some(2),
            Some("l"),
            CsvProblem::EmptyField,
            "line 2, column `l`: empty field where a value is required",
        ),
        (
            "infleft",
            "l,r,g\ninf,,a\n",
            Some(2),
            Some("l"),
            CsvProblem::NotFinite { text: "inf".into() },
            "line 2, column `l`: value `inf` is not finite",
        ),
        (
            "missingcol",
            "l,x,g\n1,2,a\n",
            Some(1),
            Some("r"),
            CsvProblem::MissingColumn,
            "line 1, column `r`: missing column",
        ),
        (
            "fields",
            "l,r,g\n1,2\n",
            Some(2),
            None,
            CsvProblem::WrongFieldCount {
                expected: 3,
                found: 2,
            },
            "line 2: expected 3 fields, found 2",
        ),
    ];
    for (name, text, line, column, problem, display) in cases {
        let p = input(name, text);
        assert_error(
            on(&p, true),
            &csv_error(&p, line, column, problem),
            &format!("{p}, {display}"),
        );
    }
}

#[test]
fn argument_errors() {
    assert_error(
        run(&["--input", "x.csv", "--left", "l"]),
        &arguments("--right is required"),
        "invalid arguments: --right is required",
    );
    assert_error(
        run(&[
            "--input", "x.csv", "--left", "l", "--right", "r", "--weight", "w",
        ]),
        &arguments(
            "unknown option --weight (allowed: --input, --left, --right, --group, --delimiter, --na)",
        ),
        "invalid arguments: unknown option --weight (allowed: --input, --left, --right, --group, --delimiter, --na)",
    );
    let e = run(&["--input", "no/such.csv", "--left", "l", "--right", "r"]).unwrap_err();
    assert!(e.to_string().starts_with("no/such.csv: cannot read"), "{e}");
}
