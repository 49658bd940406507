//! The `cohort` pipeline: records CSV in, one row per person out, with the
//! interval of wave-only re-migrations kept (no imputation in left/right).

mod common;

use common::pipeline::input;
use return_migration::error::Error;
use return_migration::pipeline::{COHORT_HEADER, cohort};

fn run(args: &[&str]) -> Result<String, Error> {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    cohort(&argv, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

const RECORDS: &str = "\
id,return_date,origin,sex,age_band,age_at_return,assistance,follow_up_start,waves_seen,end_of_follow_up,event_date,event_wave,event_channel
A,2020,MALI,F,25-34,30,grant,,2021;2022;2023,,,2022,irregular
B,2020,MALI,M,<25,,none,,2021;2022;2023,,,,
C,2019,GUINEA,M,25-34,28,grant,,2021,,2020,,legal
D,2020,GUINEA,F,35+,40,none,2021,2022;2023,,2020-07-01,,irregular
";

#[test]
fn one_row_per_person_with_interval_and_covariates() {
    let path = input("cohort_rows", RECORDS);
    let out = run(&["--input", &path]).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], COHORT_HEADER);
    // A: seen 2021, re-migration reported at the 2022 wave: (1, 2], midpoint 1.5.
    assert_eq!(
        lines[1],
        "A,2020,0,1.5,1,2,1,irregular,MALI,F,25-34,30,grant"
    );
    // B: never re-migrated, last seen 2023: censored at 3.
    assert_eq!(lines[2], "B,2020,0,3,3,,0,,MALI,M,<25,,none");
    // C: dated re-migration in 2020, one year after the 2019 return: exact.
    assert_eq!(lines[3], "C,2019,0,1,1,1,1,legal,GUINEA,M,25-34,28,grant");
    // D re-migrated before its observation started (2021): truncated, no row.
    assert_eq!(lines.len(), 4);
}

#[test]
fn right_end_rule_moves_exit_not_the_interval() {
    let path = input("cohort_right_end", RECORDS);
    let out = run(&["--input", &path, "--rule", "right-end"]).unwrap();
    assert_eq!(
        out.lines().nth(1),
        Some("A,2020,0,2,1,2,1,irregular,MALI,F,25-34,30,grant")
    );
}

#[test]
fn bad_records_name_line_and_column() {
    let path = input(
        "cohort_bad",
        "id,return_date,event_channel,event_wave,waves_seen\nA,2020,,,2021\nB,20x0,,,2021\n",
    );
    let e = run(&["--input", &path]).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("{path}, line 3, column `return_date`")),
        "{e}"
    );
    let e = run(&["--input", &path, "--scale", "weeks"]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid arguments: --scale: `weeks` is not one of since-return, calendar, age"
    );
}
