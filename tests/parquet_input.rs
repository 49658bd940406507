//! Parquet input (feature `parquet`): the same data written as CSV and as
//! Parquet (typed columns: float times, integer events, text groups,
//! boolean events, dictionary strata) give byte-identical pipeline output,
//! and bad Parquet values give the error the CSV export would give.
#![cfg(feature = "parquet")]

mod common;

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int64Array, StringArray,
};
use arrow::datatypes::Int32Type;
use arrow::record_batch::RecordBatch;
use common::pipeline::scratch;
use return_migration::data::{CsvTable, write_parquet};
use return_migration::error::Error;
use return_migration::pipeline::{coxph, cuminc, logrank, survfit};

/// A small deterministic generator (no dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Columns of one synthetic data set.
struct Data {
    time: Vec<f64>,
    entry: Vec<f64>,
    event: Vec<i64>,
    status: Vec<i64>,
    group: Vec<String>,
    site: Vec<String>,
    x: Vec<f64>,
    z: Vec<i64>,
}

fn data(n: usize, seed: u64) -> Data {
    let mut r = Lcg(seed);
    let mut d = Data {
        time: vec![],
        entry: vec![],
        event: vec![],
        status: vec![],
        group: vec![],
        site: vec![],
        x: vec![],
        z: vec![],
    };
    for i in 0..n {
        let x = r.next() * 2.0 - 1.0;
        let z = (r.next() < 0.4) as i64;
        // ties (whole weeks) and awkward decimals (thirds, 0.1 steps)
        let raw = -(r.next().max(1e-300)).ln() * 20.0 * (-0.5 * x - 0.3 * z as f64).exp();
        let t = match i % 3 {
            0 => raw.ceil(),
            1 => (raw * 10.0).ceil() / 10.0,
            _ => raw + 1.0 / 3.0,
        };
        let entry = if i % 4 == 0 { t * r.next() * 0.5 } else { 0.0 };
        let cause = if r.next() < 0.3 {
            0
        } else if r.next() < 0.7 {
            1
        } else {
            2
        };
        d.time.push(t);
        d.entry.push(entry);
        d.event.push((cause > 0) as i64);
        d.status.push(cause);
        d.group.push(["g1", "g10", "g2"][i % 3].to_string());
        d.site.push(["AT", "DE"][(i / 3) % 2].to_string());
        d.x.push(x);
        d.z.push(z);
    }
    d
}

fn csv_text(d: &Data) -> String {
    let mut s = String::from("time,entry,event,status,group,site,x,z\n");
    for i in 0..d.time.len() {
        s += &format!(
            "{},{},{},{},{},{},{},{}\n",
            d.time[i], d.entry[i], d.event[i], d.status[i], d.group[i], d.site[i], d.x[i], d.z[i]
        );
    }
    s
}

fn batch(d: &Data) -> RecordBatch {
    let site: DictionaryArray<Int32Type> = d.site.iter().map(String::as_str).collect();
    let cols: Vec<(&str, ArrayRef)> = vec![
        ("time", Arc::new(Float64Array::from(d.time.clone()))),
        ("entry", Arc::new(Float64Array::from(d.entry.clone()))),
        (
            "event",
            Arc::new(BooleanArray::from(
                d.event.iter().map(|&e| e == 1).collect::<Vec<_>>(),
            )),
        ),
        ("status", Arc::new(Int64Array::from(d.status.clone()))),
        ("group", Arc::new(StringArray::from(d.group.clone()))),
        ("site", Arc::new(site)),
        ("x", Arc::new(Float64Array::from(d.x.clone()))),
        ("z", Arc::new(Int64Array::from(d.z.clone()))),
    ];
    RecordBatch::try_from_iter(cols).unwrap()
}

/// Writes the data as `in.csv` and `in.parquet` (two record batches, so
/// that the reader crosses a batch boundary).
fn write_both(test: &str, d: &Data) -> (String, String) {
    let dir = scratch(test);
    let csv = dir.join("in.csv");
    std::fs::write(&csv, csv_text(d)).unwrap();
    let pq = dir.join("in.parquet");
    let b = batch(d);
    let half = b.num_rows() / 2;
    write_parquet(&pq, &[b.slice(0, half), b.slice(half, b.num_rows() - half)]).unwrap();
    (csv.display().to_string(), pq.display().to_string())
}

type Pipeline = fn(&[String], &mut Vec<u8>) -> return_migration::error::Result<()>;

fn run(f: Pipeline, input: &str, args: &[&str]) -> Result<String, Error> {
    let mut argv = vec!["--input".to_string(), input.to_string()];
    argv.extend(args.iter().map(|s| s.to_string()));
    let mut out = Vec::new();
    f(&argv, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

fn survfit_p(a: &[String], o: &mut Vec<u8>) -> return_migration::error::Result<()> {
    survfit(a, o)
}
fn coxph_p(a: &[String], o: &mut Vec<u8>) -> return_migration::error::Result<()> {
    coxph(a, o)
}
fn logrank_p(a: &[String], o: &mut Vec<u8>) -> return_migration::error::Result<()> {
    logrank(a, o)
}
fn cuminc_p(a: &[String], o: &mut Vec<u8>) -> return_migration::error::Result<()> {
    cuminc(a, o)
}

const CASES: &[(&str, Pipeline, &[&str])] = &[
    (
        "survfit",
        survfit_p,
        &["--time", "time", "--event", "event"],
    ),
    (
        "survfit groups entry log-log",
        survfit_p,
        &[
            "--time",
            "time",
            "--event",
            "event",
            "--group",
            "group",
            "--entry",
            "entry",
            "--conf-type",
            "log-log",
        ],
    ),
    (
        "logrank strata rho",
        logrank_p,
        &[
            "--time", "time", "--event", "event", "--group", "group", "--strata", "site", "--rho",
            "0.5",
        ],
    ),
    (
        "coxph efron strata",
        coxph_p,
        &[
            "--time",
            "time",
            "--event",
            "event",
            "--covariates",
            "x,z",
            "--strata",
            "site",
        ],
    ),
    (
        "coxph breslow entry cluster",
        coxph_p,
        &[
            "--time",
            "time",
            "--event",
            "event",
            "--covariates",
            "x,z",
            "--entry",
            "entry",
            "--ties",
            "breslow",
            "--cluster",
            "group",
        ],
    ),
    (
        "cuminc",
        cuminc_p,
        &["--time", "time", "--status", "status", "--group", "group"],
    ),
];

#[test]
fn parquet_and_csv_give_identical_tables() {
    let d = data(600, 7);
    let (csv, pq) = write_both("identical", &d);
    for (name, f, args) in CASES {
        let a = run(*f, &csv, args).unwrap();
        let b = run(*f, &pq, args).unwrap();
        assert!(a.lines().count() > 1, "{name}: no rows");
        assert_eq!(a, b, "{name}: CSV and Parquet outputs differ");
    }
}

#[test]
fn parquet_values_read_back_bit_for_bit() {
    let d = data(300, 11);
    let (_, pq) = write_both("bits", &d);
    let t = CsvTable::from_parquet(&pq).unwrap();
    for i in 0..d.time.len() {
        assert_eq!(
            t.parse_f64(i, "time").unwrap().to_bits(),
            d.time[i].to_bits()
        );
        assert_eq!(t.parse_f64(i, "x").unwrap().to_bits(), d.x[i].to_bits());
        assert_eq!(t.text(i, "event").unwrap(), d.event[i].to_string());
        assert_eq!(t.text(i, "site").unwrap(), d.site[i]);
    }
}

#[test]
fn a_null_or_bad_value_is_located_as_in_the_csv_export() {
    let dir = scratch("null");
    let pq = dir.join("bad.parquet");
    let b = RecordBatch::try_from_iter(vec![
        (
            "time",
            Arc::new(Float64Array::from(vec![Some(1.0), Some(2.0), None])) as ArrayRef,
        ),
        (
            "event",
            Arc::new(Int64Array::from(vec![1, 0, 1])) as ArrayRef,
        ),
    ])
    .unwrap();
    write_parquet(&pq, &[b]).unwrap();
    let p = pq.display().to_string();
    let err = run(survfit_p, &p, &["--time", "time", "--event", "event"]).unwrap_err();
    // row 3 (counting from 1) is line 4 of the CSV export
    assert_eq!(
        err.to_string(),
        format!("{p}, line 4, column `time`: empty field where a value is required")
    );
    let err = run(survfit_p, &p, &["--time", "time", "--event", "status"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{p}, line 1, column `status`: missing column")
    );
    // --na "" drops the null row and keeps the others
    let out = run(
        survfit_p,
        &p,
        &["--time", "time", "--event", "event", "--na", ""],
    )
    .unwrap();
    assert_eq!(out.lines().count(), 3);
    let bad = dir.join("text.parquet");
    std::fs::write(&bad, "time,event\n1,1\n").unwrap();
    let b = bad.display().to_string();
    let err = run(survfit_p, &b, &["--time", "time", "--event", "event"]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("{b}: not a readable Parquet file")),
        "{err}"
    );
}

/// 1e6 rows: CSV and Parquet give identical survfit and coxph tables.
/// Not part of `cargo test` (run with `--release -- --ignored`).
#[test]
#[ignore]
fn million_rows_identical() {
    let d = data(1_000_000, 2026);
    let (csv, pq) = write_both("million", &d);
    for (name, f, args) in &CASES[..4] {
        let a = run(*f, &csv, args).unwrap();
        let b = run(*f, &pq, args).unwrap();
        assert_eq!(a, b, "{name}: CSV and Parquet outputs differ at 1e6 rows");
    }
}

fn icfit_p(a: &[String], o: &mut Vec<u8>) -> return_migration::error::Result<()> {
    return_migration::pipeline::icfit(a, o)
}
fn finegray_p(a: &[String], o: &mut Vec<u8>) -> return_migration::error::Result<()> {
    return_migration::pipeline::finegray(a, o)
}

/// Interval-censored rows (a null `right` in Parquet is the empty field of
/// the CSV: right-censored) and Fine–Gray give the same tables.
#[test]
fn interval_and_fine_gray_pipelines_read_parquet() {
    let d = data(200, 5);
    let left: Vec<f64> = d.time.iter().map(|t| (t * 0.5).floor()).collect();
    let right: Vec<Option<f64>> = d
        .time
        .iter()
        .zip(&d.event)
        .map(|(t, &e)| (e == 1).then_some(t.ceil()))
        .collect();
    let dir = scratch("interval");
    let mut text = String::from("left,right,group,time,status,x,z\n");
    for i in 0..d.time.len() {
        let r = right[i].map_or(String::new(), |r| r.to_string());
        text += &format!(
            "{},{r},{},{},{},{},{}\n",
            left[i], d.group[i], d.time[i], d.status[i], d.x[i], d.z[i]
        );
    }
    let csv = dir.join("in.csv");
    std::fs::write(&csv, text).unwrap();
    let b = RecordBatch::try_from_iter(vec![
        ("left", Arc::new(Float64Array::from(left)) as ArrayRef),
        ("right", Arc::new(Float64Array::from(right)) as ArrayRef),
        (
            "group",
            Arc::new(StringArray::from(d.group.clone())) as ArrayRef,
        ),
        (
            "time",
            Arc::new(Float64Array::from(d.time.clone())) as ArrayRef,
        ),
        (
            "status",
            Arc::new(Int64Array::from(d.status.clone())) as ArrayRef,
        ),
        ("x", Arc::new(Float64Array::from(d.x.clone())) as ArrayRef),
        ("z", Arc::new(Int64Array::from(d.z.clone())) as ArrayRef),
    ])
    .unwrap();
    let pq = dir.join("in.parquet");
    write_parquet(&pq, &[b]).unwrap();
    let (csv, pq) = (csv.display().to_string(), pq.display().to_string());
    let cases: [(&str, Pipeline, &[&str]); 2] = [
        (
            "icfit",
            icfit_p,
            &["--left", "left", "--right", "right", "--group", "group"],
        ),
        (
            "finegray",
            finegray_p,
            &[
                "--time",
                "time",
                "--status",
                "status",
                "--cause",
                "1",
                "--covariates",
                "x,z",
            ],
        ),
    ];
    for (name, f, args) in cases {
        let a = run(f, &csv, args).unwrap();
        let b = run(f, &pq, args).unwrap();
        assert!(a.lines().count() > 1, "{name}: no rows");
        assert_eq!(a, b, "{name}: CSV and Parquet outputs differ");
    }
}

/// Cohort records (issue 14, item 1): a records file as Parquet with Arrow
/// types (Date32 dates, Int64 ages and waves, dictionary origin, nulls for
/// empty fields) gives the same records as the CSV with the same values,
/// and the `cohort` pipeline the same rows byte for byte.
const RECORDS_CSV: &str = "\
id,return_date,origin,sex,age_at_return,waves_seen,event_date,event_wave,event_channel
A,2020-03-15,MALI,F,30,2021;2022;2023,,2022,irregular
B,2020-06-01,MALI,M,,2021;2022;2023,,,
C,2019-01-10,GUINEA,M,28,2021,2020-05-05,,legal
D,2020-02-02,GUINEA,F,40,2022;2023,2020-07-01,,irregular
D,2020-02-02,GUINEA,F,40,2022;2023,2023-01-20,,legal
";

fn day(y: i32, m: u8, d: u8) -> i32 {
    return_migration::cohort::Date::ymd(y, m, d)
        .unwrap()
        .day_number()
        .unwrap() as i32
}

fn records_batch() -> RecordBatch {
    use arrow::array::Date32Array;
    let id: ArrayRef = Arc::new(StringArray::from(vec!["A", "B", "C", "D", "D"]));
    let ret: ArrayRef = Arc::new(Date32Array::from(vec![
        day(2020, 3, 15),
        day(2020, 6, 1),
        day(2019, 1, 10),
        day(2020, 2, 2),
        day(2020, 2, 2),
    ]));
    let origin: ArrayRef = Arc::new(
        vec!["MALI", "MALI", "GUINEA", "GUINEA", "GUINEA"]
            .into_iter()
            .collect::<DictionaryArray<Int32Type>>(),
    );
    let sex: ArrayRef = Arc::new(StringArray::from(vec!["F", "M", "M", "F", "F"]));
    let age: ArrayRef = Arc::new(Int64Array::from(vec![
        Some(30),
        None,
        Some(28),
        Some(40),
        Some(40),
    ]));
    let waves: ArrayRef = Arc::new(StringArray::from(vec![
        "2021;2022;2023",
        "2021;2022;2023",
        "2021",
        "2022;2023",
        "2022;2023",
    ]));
    let event_date: ArrayRef = Arc::new(Date32Array::from(vec![
        None,
        None,
        Some(day(2020, 5, 5)),
        Some(day(2020, 7, 1)),
        Some(day(2023, 1, 20)),
    ]));
    let event_wave: ArrayRef = Arc::new(Int64Array::from(vec![Some(2022), None, None, None, None]));
    let channel: ArrayRef = Arc::new(StringArray::from(vec![
        Some("irregular"),
        None,
        Some("legal"),
        Some("irregular"),
        Some("legal"),
    ]));
    RecordBatch::try_from_iter([
        ("id", id),
        ("return_date", ret),
        ("origin", origin),
        ("sex", sex),
        ("age_at_return", age),
        ("waves_seen", waves),
        ("event_date", event_date),
        ("event_wave", event_wave),
        ("event_channel", channel),
    ])
    .unwrap()
}

#[test]
fn cohort_records_from_parquet_equal_the_csv() {
    use return_migration::cohort::{
        records_from_parquet, records_from_path, records_from_record_batches,
    };
    use return_migration::pipeline::cohort;
    let dir = scratch("cohort_records");
    let csv = dir.join("records.csv");
    std::fs::write(&csv, RECORDS_CSV).unwrap();
    let pq = dir.join("records.parquet");
    let b = records_batch();
    write_parquet(&pq, &[b.slice(0, 2), b.slice(2, 3)]).unwrap();

    let from_csv = records_from_path(&csv).unwrap();
    assert_eq!(from_csv.len(), 4);
    assert_eq!(from_csv[3].events.len(), 2);
    assert_eq!(records_from_parquet(&pq).unwrap(), from_csv);
    assert_eq!(
        records_from_record_batches("mem", std::slice::from_ref(&b)).unwrap(),
        from_csv
    );

    let cohort_p: Pipeline = |a, o| cohort(a, o);
    let (csv, pq) = (csv.display().to_string(), pq.display().to_string());
    for args in [
        &[][..],
        &["--rule", "right-end"][..],
        &["--scale", "calendar"][..],
    ] {
        let a = run(cohort_p, &csv, args).unwrap();
        assert_eq!(a.lines().count(), 5, "{a}");
        assert_eq!(run(cohort_p, &pq, args).unwrap(), a, "{args:?}");
    }
}

#[test]
fn a_bad_record_in_parquet_is_located_as_in_the_csv_export() {
    use arrow::array::Date32Array;
    use return_migration::cohort::records_from_record_batches;
    let id: ArrayRef = Arc::new(StringArray::from(vec!["A", "B"]));
    let ret: ArrayRef = Arc::new(Date32Array::from(vec![Some(day(2020, 1, 1)), None]));
    let batch = RecordBatch::try_from_iter([("id", id), ("return_date", ret)]).unwrap();
    let err = records_from_record_batches("mem", &[batch]).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("line 3") && text.contains("return_date"),
        "{text}"
    );
}
