//! Bad records and panels give a typed error naming the file, the line and
//! the column (or the row and column of in-memory input), never a panic and
//! never a silently dropped row.

use return_migration::cohort::{WavePanel, records_from_path, records_from_table};
use return_migration::data::CsvTable;

const HEADER: &str =
    "id,return_date,sex,age_at_return,waves_seen,event_date,event_wave,event_channel";

fn error_of(body: &str) -> String {
    let text = format!("{HEADER}\n{body}");
    match CsvTable::from_text("r.csv", &text) {
        Ok(table) => records_from_table(&table).unwrap_err().to_string(),
        Err(e) => e.to_string(), // malformed CSV is refused when read
    }
}

#[test]
fn each_bad_field_is_located() {
    let cases = [
        (
            ",2020,M,30,2021,,,",
            "r.csv, line 2, column `id`: empty field where a value is required",
        ),
        (
            "A,,M,30,2021,,,",
            "r.csv, line 2, column `return_date`: empty field where a value is required",
        ),
        (
            "A,2020-13-01,M,30,2021,,,",
            "r.csv, line 2, column `return_date`: cannot parse `2020-13-01` as a date (YYYY or YYYY-MM-DD, years 1000-9999)",
        ),
        (
            "A,2020,M,abc,2021,,,",
            "r.csv, line 2, column `age_at_return`: cannot parse `abc` as a number",
        ),
        (
            "A,2020,M,-1,2021,,,",
            "r.csv, line 2, column `age_at_return`: negative time -1",
        ),
        (
            "A,2020,M,30,2021;2021,,,",
            "r.csv, line 2, column `waves_seen`: wave 2021 is listed twice",
        ),
        (
            "A,2020,M,30,2021;21,,,",
            "r.csv, line 2, column `waves_seen`: cannot parse `21` as a date (YYYY or YYYY-MM-DD, years 1000-9999)",
        ),
        (
            "A,2020,M,30,2021,,2021,boat",
            "r.csv, line 2, column `event_channel`: code `boat` is not irregular or legal",
        ),
        (
            "A,2020,M,30,2021,2021-03-01,2021,legal",
            "r.csv, line 2, column `event_wave`: event_date and event_wave are both given (give one)",
        ),
        (
            "A,2020,M,30,2021,,,legal",
            "r.csv, line 2, column `event_date`: empty field where a value is required",
        ),
        (
            "A,2020,M,30,2021,,2021,",
            "r.csv, line 2, column `event_channel`: empty field where a value is required",
        ),
        (
            "A,2020,M,30,2021,,2021,legal\nB,2020,F,30,2021,,,\nA,2020,F,30,2021,,2021,irregular",
            "r.csv, line 4, column `sex`: `F` differs from `M` on line 2 for the same id `A`",
        ),
        (
            "A,2020,M,30,2021,,,\nA,2020,M,30,2021,,2021,legal",
            "r.csv, line 3, column `event_channel`: id `A` has a row without a re-migration and another row for the same person; give one row per re-migration, or a single row without one",
        ),
        (
            "A,2020,M,30,2021,,,,",
            "r.csv, line 2: expected 8 fields, found 9",
        ),
    ];
    for (body, want) in cases {
        assert_eq!(error_of(body), want, "{body}");
    }
}

#[test]
fn missing_columns_are_named() {
    let t = CsvTable::from_text("r.csv", "id,waves_seen\nA,2021\n").unwrap();
    assert_eq!(
        records_from_table(&t).unwrap_err().to_string(),
        "r.csv, line 1, column `return_date`: missing column"
    );
    let t = CsvTable::from_text("r.csv", "id,return_date,event_date\nA,2020,\n").unwrap();
    assert_eq!(
        records_from_table(&t).unwrap_err().to_string(),
        "r.csv, line 1, column `event_channel`: missing column"
    );
    assert!(
        records_from_path("no/such/file.csv")
            .unwrap_err()
            .to_string()
            .starts_with("no/such/file.csv: cannot read")
    );
}

#[test]
fn a_valid_file_reads_every_row_into_its_person() {
    let text = format!(
        "{HEADER}\nA,2020,M,30,2021;2022,,2022,irregular\nB,2019-05-01,F,,2021,,,\nA,2020,M,30,2022;2021,2021-03-01,,legal\n"
    );
    let records = records_from_table(&CsvTable::from_text("r.csv", &text).unwrap()).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].events.len(), 2); // rows 2 and 4, waves in any order
    assert_eq!((records[0].line, records[1].line), (Some(2), Some(3)));
    assert_eq!(records[1].age_at_return, None);
}

#[test]
fn bad_panels_are_errors_with_row_and_column() {
    let ok = ndarray::arr2(&[[1_u8, 1]]);
    let e = |r: return_migration::error::Result<WavePanel>| r.unwrap_err().to_string();
    assert_eq!(
        e(WavePanel::new(vec![1.0, f64::NAN], ok.clone(), vec![0.0])),
        "row 2 (counting from 1), column `wave_times`: value NaN is not finite"
    );
    assert_eq!(
        e(WavePanel::new(
            vec![1.0, 2.0],
            ndarray::arr2(&[[1_u8, 4]]),
            vec![0.0]
        )),
        "row 1 (counting from 1), column `wave 1`: code `4` is not 0 (not seen), 1 (at home), 2 (irregular) or 3 (legal)"
    );
    assert_eq!(
        e(WavePanel::new(vec![1.0, 2.0], ok.clone(), vec![0.0, 0.0])),
        "column `return_time` has 2 values but `time` has 1"
    );
    assert_eq!(
        e(WavePanel::new(
            vec![1.0, 2.0],
            ok.clone(),
            vec![f64::INFINITY]
        )),
        "row 1 (counting from 1), column `return_time`: value inf is not finite"
    );
    let p = WavePanel::new(vec![1.0, 2.0], ok, vec![0.0]).unwrap();
    assert!(p.clone().with_entry(vec![f64::NAN]).is_err());
    assert!(
        p.with_groups(vec![0], vec!["b".into(), "a".into()])
            .is_err()
    );
}
