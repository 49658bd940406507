//! Aalen–Johansen cumulative incidence, its standard error and intervals
//! against R survival 3.5.3 (`survfit(Surv([entry, ]time, factor(status)) ~
//! group, id, weights, conf.type, conf.int, timefix = FALSE)`: `pstate`,
//! `std.err`, `lower`, `upper`, `n.risk`, `n.event`, `n.censor`), on the
//! fixtures written by `tests/fixtures/competing/competing.R`. Tolerance:
//! relative 1e-8.

mod common;

use std::path::PathBuf;

use return_migration::data::CsvTable;
use return_migration::survival::{
    AalenJohansen, CompetingColumns, CompetingData, ConfType, VarianceWeights,
};

fn fixtures() -> PathBuf {
    common::fixture_dir("competing")
}

fn cases() -> Vec<String> {
    common::fixture_cases("competing")
}

fn load(case: &str) -> CompetingData {
    let table = CsvTable::from_path(fixtures().join(case).join("data.csv")).expect("data.csv");
    let headers = table.headers();
    let mut cols = CompetingColumns::new("time", "status").group("group");
    if headers.contains(&"entry") {
        cols = cols.entry("entry");
    }
    if headers.contains(&"weight") {
        cols = cols.weight("weight");
    }
    CompetingData::from_table(&table, &cols).expect("valid fixture data")
}

fn reference(case: &str, file: &str) -> Option<String> {
    std::fs::read_to_string(fixtures().join(case).join(file))
        .ok()
        .map(|t| t.replace("\r\n", "\n"))
}

#[test]
fn fixture_cases_are_all_present() {
    assert_eq!(
        cases(),
        [
            "delayed_entry",
            "edge_groups",
            "heavy_ties",
            "mgus2",
            "weighted",
            "weighted_integer"
        ]
    );
}

#[test]
fn aalen_johansen_matches_r_on_every_case_and_interval_type() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in cases() {
        let data = load(&case);
        for (file, kind, level) in [
            ("aj_log.csv", ConfType::Log, 0.95),
            ("aj_loglog.csv", ConfType::LogLog, 0.95),
            ("aj_plain_90.csv", ConfType::Plain, 0.90),
        ] {
            let r = reference(&case, file).expect("reference file");
            let fit = AalenJohansen::new()
                .conf_type(kind)
                .conf_level(level)
                .fit(&data)
                .unwrap();
            let mut out = Vec::new();
            fit.write_csv(&mut out).unwrap();
            let ours = String::from_utf8(out).unwrap();
            failures.extend(common::compare_csv(&format!("{case}/{file}"), &ours, &r, 2));
            compared += 1;
        }
    }
    assert_eq!(compared, 18);
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn frequency_weights_match_r_on_replicated_rows() {
    let data = load("weighted_integer");
    let fit = AalenJohansen::new()
        .variance_weights(VarianceWeights::Frequency)
        .fit(&data)
        .unwrap();
    let mut out = Vec::new();
    fit.write_csv(&mut out).unwrap();
    let r = reference("weighted_integer", "aj_log_frequency.csv").unwrap();
    let failures = common::compare_csv("aj_log_frequency", &String::from_utf8(out).unwrap(), &r, 2);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cuminc_table_matches_r_pstate() {
    let mut compared = 0;
    for case in cases() {
        let Some(r) = reference(&case, "cuminc.csv") else {
            continue;
        };
        let fit = AalenJohansen::new().fit(&load(&case)).unwrap();
        let mut out = Vec::new();
        fit.write_cuminc_csv(&mut out).unwrap();
        let failures = common::compare_csv(&case, &String::from_utf8(out).unwrap(), &r, 2);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        compared += 1;
    }
    assert_eq!(compared, 3);
}
