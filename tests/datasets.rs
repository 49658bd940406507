//! The shipped datasets: provenance on every row, no row lost by the typed
//! loaders, the report's published cross-checks, and the selected series.

use std::collections::BTreeMap;

use return_migration::data::{Candidate, SelectionReport};
use return_migration::datasets::{
    FILES, arrivals_policy, avrr_2021_by_origin, avrr_2021_indicators, avrr_2021_moroccans_by_host,
    avrr_2021_origin_breakdown, avrr_candidates, avrr_morocco_returns, avrr_returns_from_morocco,
    eu_orders_and_returns, remigration_findings, spain_arrival_candidates, spain_arrivals_by_route,
    spain_arrivals_total, spain_irregular_arrivals,
};

/// The text of a shipped file, by its file name.
fn text_of(file: &str) -> &'static str {
    FILES
        .iter()
        .find(|(path, _)| path.ends_with(file))
        .unwrap_or_else(|| panic!("{file} is not shipped"))
        .1
}

/// The `source` field of every data row of a shipped file, read with the `csv` crate.
fn sources_of(file: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(text_of(file).as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "source")
        .unwrap_or_else(|| panic!("{file} has no source column"));
    reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect()
}

#[test]
fn seven_files_are_shipped_under_distinct_names() {
    let mut names: Vec<&str> = FILES.iter().map(|(p, _)| *p).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 7);
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("datasets/") && n.ends_with(".csv"))
    );
}

#[test]
fn every_shipped_file_has_a_source_column_and_a_source_on_every_row() {
    for (path, text) in FILES {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let column = headers
            .iter()
            .position(|h| h == "source")
            .unwrap_or_else(|| panic!("{path}: no `source` column"));
        let mut rows = 0;
        for (i, record) in reader.records().enumerate() {
            let record = record.unwrap_or_else(|e| panic!("{path}: row {i}: {e}"));
            assert_eq!(record.len(), headers.len(), "{path}: row {i}");
            assert!(
                !record[column].trim().is_empty(),
                "{path}: data row {} has an empty source",
                i + 1
            );
            rows += 1;
        }
        assert!(rows > 0, "{path} has no data rows");
    }
}

#[test]
fn shipped_files_have_one_physical_line_per_record() {
    // the README promises it; line numbers reported to users depend on it
    for (path, text) in FILES {
        let records = csv::Reader::from_reader(text.as_bytes()).records().count();
        assert_eq!(text.lines().count(), records + 1, "{path}");
        assert!(!text.starts_with('\u{feff}'), "{path} starts with a BOM");
    }
}

#[test]
fn typed_loaders_return_every_row() {
    // expected counts are the README's table; the csv crate's count must agree
    let counted = |file: &str| sources_of(file).len();
    let cases: [(&str, usize, usize); 7] = [
        (
            "spain_irregular_arrivals.csv",
            121,
            spain_irregular_arrivals().unwrap().len(),
        ),
        (
            "avrr_morocco_returns.csv",
            37,
            avrr_morocco_returns().unwrap().len(),
        ),
        (
            "avrr_morocco_2021_by_origin.csv",
            69,
            avrr_2021_by_origin().unwrap().len(),
        ),
        (
            "avrr_morocco_2021_moroccans_by_host.csv",
            54,
            avrr_2021_moroccans_by_host().unwrap().len(),
        ),
        (
            "avrr_morocco_2021_indicators.csv",
            86,
            avrr_2021_indicators().unwrap().len(),
        ),
        (
            "eu_orders_and_returns.csv",
            65,
            eu_orders_and_returns().unwrap().len(),
        ),
        (
            "remigration_findings.csv",
            5,
            remigration_findings().unwrap().len(),
        ),
    ];
    for (file, published, loaded) in cases {
        assert_eq!(counted(file), published, "{file}: csv crate count");
        assert_eq!(loaded, published, "{file}: typed loader count");
    }
}

#[test]
fn typed_loaders_keep_row_order_and_sources() {
    fn check(file: &str, loaded: Vec<String>) {
        assert_eq!(loaded, sources_of(file), "{file}");
    }
    check(
        "spain_irregular_arrivals.csv",
        spain_irregular_arrivals()
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect(),
    );
    check(
        "avrr_morocco_returns.csv",
        avrr_morocco_returns()
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect(),
    );
    check(
        "avrr_morocco_2021_by_origin.csv",
        avrr_2021_by_origin()
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect(),
    );
    check(
        "avrr_morocco_2021_moroccans_by_host.csv",
        avrr_2021_moroccans_by_host()
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect(),
    );
    check(
        "avrr_morocco_2021_indicators.csv",
        avrr_2021_indicators()
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect(),
    );
    check(
        "eu_orders_and_returns.csv",
        eu_orders_and_returns()
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect(),
    );
    check(
        "remigration_findings.csv",
        remigration_findings()
            .unwrap()
            .into_iter()
            .map(|r| r.source)
            .collect(),
    );
}

#[test]
fn typed_rows_carry_their_physical_line() {
    let lines: Vec<u64> = spain_irregular_arrivals()
        .unwrap()
        .iter()
        .map(|r| r.line)
        .collect();
    assert_eq!(lines, (2..=122).collect::<Vec<u64>>());
    let lines: Vec<u64> = avrr_morocco_returns()
        .unwrap()
        .iter()
        .map(|r| r.line)
        .collect();
    assert_eq!(lines, (2..=38).collect::<Vec<u64>>());
    // the unidentified 2014 press total is on physical line 6
    let c = spain_arrival_candidates("total").unwrap();
    let press = c.iter().find(|c| c.value == 12549.0).unwrap();
    assert_eq!(press.line, 6);
}

// ---------------------------------------------------------------- published cross-checks

#[test]
fn origin_table_sums_to_the_published_totals() {
    let f = avrr_2021_origin_breakdown("F").unwrap();
    let m = avrr_2021_origin_breakdown("M").unwrap();
    let total = avrr_2021_origin_breakdown("total").unwrap();
    assert_eq!(
        (f.items.len(), m.items.len(), total.items.len()),
        (22, 22, 22)
    );
    assert_eq!(f.total().unwrap().value, 610.0);
    assert_eq!(m.total().unwrap().value, 1767.0);
    assert_eq!(total.total().unwrap().value, 2377.0);
    assert!(total.total().unwrap().derived);
    for (country, _) in &total.items {
        let (vf, vm, vt) = (
            f.value(country).unwrap(),
            m.value(country).unwrap(),
            total.value(country).unwrap(),
        );
        assert_eq!(vf + vm, vt, "{country}");
    }
    assert_eq!(total.value("GUINEA"), Some(666.0));
    // and the report's own TOTAL rows agree
    let rows = avrr_2021_by_origin().unwrap();
    let printed = |sex: &str| {
        rows.iter()
            .find(|r| r.country == "TOTAL" && r.sex == sex)
            .unwrap()
            .value
    };
    assert_eq!(
        (printed("F"), printed("M"), printed("total")),
        (610.0, 1767.0, 2377.0)
    );
}

#[test]
fn host_table_sums_to_the_published_totals() {
    let rows = avrr_2021_moroccans_by_host().unwrap();
    let sum = |sex: &str| -> f64 {
        rows.iter()
            .filter(|r| r.sex == sex && r.country != "TOTAL")
            .map(|r| r.value)
            .sum()
    };
    assert_eq!((sum("F"), sum("M"), sum("total")), (15.0, 110.0, 125.0));
    let printed = |sex: &str| {
        rows.iter()
            .find(|r| r.country == "TOTAL" && r.sex == sex)
            .unwrap()
            .value
    };
    assert_eq!(
        (printed("F"), printed("M"), printed("total")),
        (15.0, 110.0, 125.0)
    );
    // F + M = total on every printed row (Switzerland is printed twice, with two ranks)
    let mut by_row: BTreeMap<(String, String), [f64; 3]> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.country != "TOTAL") {
        let slot = match r.sex.as_str() {
            "F" => 0,
            "M" => 1,
            "total" => 2,
            other => panic!("unexpected sex {other}"),
        };
        by_row
            .entry((r.country.clone(), r.table_rank.clone()))
            .or_insert([f64::NAN; 3])[slot] = r.value;
    }
    assert_eq!(by_row.len(), 17);
    for ((country, rank), [vf, vm, vt]) in by_row {
        assert_eq!(vf + vm, vt, "{country} (rank {rank})");
    }
}

// ---------------------------------------------------------------- selected series

#[test]
fn spain_arrivals_total_selected_values() {
    let s = spain_arrivals_total().unwrap().series;
    let expected: [(i32, f64, bool); 11] = [
        (2014, 12037.0, true),
        (2015, 16936.0, true),
        (2016, 14603.0, false),
        (2017, 28349.0, false),
        (2018, 64298.0, false),
        (2019, 32513.0, false),
        (2020, 41861.0, false),
        (2021, 41945.0, false),
        (2022, 31219.0, false),
        (2023, 56852.0, false),
        (2024, 63970.0, false),
    ];
    for (year, value, derived) in expected {
        let o = s.get(year).unwrap_or_else(|| panic!("{year} missing"));
        assert_eq!((o.value, o.derived), (value, derived), "{year}");
    }
    assert_eq!(s.known_years(), (2014..=2024).collect::<Vec<_>>());
    assert!(s.missing_years().is_empty());
    assert_eq!(s.name(), "irregular_arrivals_spain");
}

#[test]
fn spain_2014_total_is_derived_and_the_press_total_set_aside() {
    let selected = spain_arrivals_total().unwrap();
    let y2014 = selected.series.get(2014).unwrap();
    assert_eq!(y2014.value, 4552.0 + 7485.0);
    assert!(y2014.derived);
    assert_eq!(
        y2014.note,
        "derived: sum of sea_total + ceuta_melilla_all_entries"
    );
    assert!(y2014.source.contains("Ministerio del Interior"));
    let choice = selected
        .report
        .years
        .iter()
        .find(|y| y.year == 2014)
        .unwrap();
    assert_eq!(choice.chosen, None);
    assert_eq!(choice.set_aside.len(), 1);
    assert_eq!(choice.set_aside[0].candidate.value, 12549.0);
    assert_eq!(choice.set_aside[0].reason, "source not in the policy");
    let source = &choice.set_aside[0].candidate.source;
    assert!(!source.contains("Ministerio del Interior") && !source.contains("UNHCR"));
}

#[test]
fn avrr_returns_from_morocco_selected_values() {
    let s = avrr_returns_from_morocco().unwrap().series;
    let expected = [
        (2013, 498.0),
        (2014, 1158.0),
        (2015, 1399.0),
        (2016, 1269.0),
        (2017, 1733.0),
        (2018, 1508.0),
        (2021, 2372.0),
        (2022, 2457.0),
        (2024, 2196.0),
    ];
    for (year, value) in expected {
        assert_eq!(s.value(year), Some(value), "{year}");
        assert!(!s.get(year).unwrap().derived, "{year}");
    }
    for year in [2019, 2020, 2023] {
        assert_eq!(s.value(year), None, "{year}");
    }
    assert_eq!(s.missing_years(), vec![2019, 2020, 2023]);
    assert_eq!(s.span(), Some((2013, 2024)));
}

fn assert_accounts_for_all(report: &SelectionReport, candidates: &[Candidate]) {
    assert_eq!(report.accounted(), candidates.len());
    // and each candidate exactly once
    let mut seen: Vec<(i32, u64)> = report
        .years
        .iter()
        .flat_map(|y| {
            y.chosen
                .iter()
                .chain(y.set_aside.iter().map(|s| &s.candidate))
                .map(|c| (c.year, c.line))
        })
        .collect();
    let mut all: Vec<(i32, u64)> = candidates.iter().map(|c| (c.year, c.line)).collect();
    seen.sort_unstable();
    all.sort_unstable();
    assert_eq!(seen, all);
}

#[test]
fn selection_reports_account_for_every_candidate() {
    let avrr = avrr_returns_from_morocco().unwrap();
    let avrr_c = avrr_candidates("avr_from_morocco").unwrap();
    assert_eq!(avrr_c.len(), 13);
    assert_accounts_for_all(&avrr.report, &avrr_c);

    let arrivals = spain_arrivals_total().unwrap();
    let arrivals_c = spain_arrival_candidates("total").unwrap();
    assert_eq!(arrivals_c.len(), 15);
    assert_accounts_for_all(&arrivals.report, &arrivals_c);
}

#[test]
fn route_panel_year_totals_equal_published_totals() {
    let panel = spain_arrivals_by_route(&["sea_total", "land_total"], &arrivals_policy()).unwrap();
    let totals = panel.year_totals();
    let published = spain_arrivals_total().unwrap().series;
    for (year, value) in [(2018, 64298.0), (2020, 41861.0), (2022, 31219.0)] {
        assert_eq!(totals.value(year), Some(value), "{year}");
        assert_eq!(published.value(year), Some(value), "{year}");
        assert!(totals.get(year).unwrap().derived);
    }
    assert_eq!(panel.get("sea_total", 2018), Some(57498.0));
    assert_eq!(panel.get("land_total", 2018), Some(6800.0));
}

#[test]
fn shipped_files_parse_as_user_tables_too() {
    // the same checked parse a user file gets: no error, one row per record
    for (path, text) in FILES {
        let table = return_migration::data::CsvTable::from_text(path, text).unwrap();
        assert_eq!(
            table.len(),
            csv::Reader::from_reader(text.as_bytes()).records().count(),
            "{path}"
        );
        assert!(table.headers().contains(&"source"), "{path}");
    }
}
