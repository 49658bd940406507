//! Reading a CSV survival table into typed columns, the input side of the
//! `survfit` and `coxph` pipelines: the seeded table of
//! `benches/common/survival_csv.rs` (`time,status,group,x1..x5`), written
//! once to a temporary file per size.
//!
//! - `columns`: `CsvTable::from_path_columns` of the eight columns, then
//!   `floats` (time, x1..x5), `map_column` (status 0/1) and `labels`
//!   (group): what the estimators' readers will call.
//! - `typed`: as `columns`, with the six numeric columns parsed while the
//!   file is read (`CsvTable::from_path_typed`, the pipelines' reading).
//! - `rows`: the whole table read, then `parse_f64`/`text` row by row (the
//!   access the readers use today).
//!
//! Run: `cargo bench --bench read`; `RM_BENCH_MAX=100000` stops at 1e5 rows.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use return_migration::data::{CsvOptions, CsvTable};
use return_migration::error::CsvProblem;

#[path = "common/survival_csv.rs"]
mod survival_csv;

const COLUMNS: [&str; 8] = ["time", "status", "group", "x1", "x2", "x3", "x4", "x5"];
const NUMBERS: [&str; 6] = ["time", "x1", "x2", "x3", "x4", "x5"];

fn sizes() -> Vec<u64> {
    let max: u64 = std::env::var("RM_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(1_000_000, |v| v as u64);
    [100_000, 1_000_000]
        .into_iter()
        .filter(|&n| n <= max)
        .collect()
}

fn file(n: u64) -> PathBuf {
    let path = std::env::temp_dir().join(format!("rm_bench_read_{n}.csv"));
    let f = std::fs::File::create(&path).unwrap();
    survival_csv::write_table(n, 20_261_204, std::io::BufWriter::new(f)).unwrap();
    path
}

fn event(s: &str) -> Result<bool, CsvProblem> {
    match s.trim() {
        "0" => Ok(false),
        "1" => Ok(true),
        other => Err(CsvProblem::UnparsableNumber {
            text: other.to_string(),
        }),
    }
}

fn by_columns(path: &PathBuf) -> usize {
    let t = CsvTable::from_path_columns(path, &CsvOptions::new(), &COLUMNS).unwrap();
    let numbers: Vec<Vec<f64>> = NUMBERS.iter().map(|c| t.floats(c).unwrap()).collect();
    let status = t.map_column("status", event).unwrap();
    let (codes, labels) = t.labels("group").unwrap();
    numbers.len() + status.len() + codes.len() + labels.len()
}

fn by_typed_columns(path: &PathBuf) -> usize {
    let t = CsvTable::from_path_typed(path, &CsvOptions::new(), &COLUMNS, &NUMBERS).unwrap();
    let numbers: Vec<Vec<f64>> = NUMBERS.iter().map(|c| t.floats(c).unwrap()).collect();
    let status = t.map_column("status", event).unwrap();
    let (codes, labels) = t.labels("group").unwrap();
    numbers.len() + status.len() + codes.len() + labels.len()
}

fn by_rows(path: &PathBuf) -> usize {
    let t = CsvTable::from_path(path).unwrap();
    let mut sum = 0.0;
    let mut groups = 0;
    for i in 0..t.len() {
        for c in NUMBERS {
            sum += t.parse_f64(i, c).unwrap();
        }
        sum += f64::from(u8::from(event(t.text(i, "status").unwrap()).unwrap()));
        groups += t.text(i, "group").unwrap().len();
    }
    black_box(sum) as usize + groups
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("read_csv");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    for n in sizes() {
        let path = file(n);
        g.bench_with_input(BenchmarkId::new("columns", n), &path, |b, p| {
            b.iter(|| black_box(by_columns(p)))
        });
        g.bench_with_input(BenchmarkId::new("typed", n), &path, |b, p| {
            b.iter(|| black_box(by_typed_columns(p)))
        });
        g.bench_with_input(BenchmarkId::new("rows", n), &path, |b, p| {
            b.iter(|| black_box(by_rows(p)))
        });
        std::fs::remove_file(&path).ok();
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
