//! Writing result tables as CSV, the output side of the pipelines: the
//! Kaplan–Meier table of n subjects with continuous exit times (two
//! decimals, few ties) in two groups, about one row per subject and eleven
//! numbers per row, written to memory.
//!
//! - `survfit_table`: `KaplanMeierFit::write_csv` (one reused line buffer,
//!   numbers appended as bytes with `ShortFloat::push_to`);
//! - `std_display`: the same rows with `writeln!` and the standard
//!   library's `{}` for every number (the text `ShortFloat` reproduces), the
//!   baseline the writer is measured against.
//!
//! Run: `cargo bench --bench write`; `RM_BENCH_MAX=100000` stops at 1e5.

use std::hint::black_box;
use std::io::Write;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use return_migration::num::rng::Rng;
use return_migration::survival::{KaplanMeier, KaplanMeierFit, SURVFIT_HEADER, SurvData};

fn sizes() -> Vec<usize> {
    let max: usize = std::env::var("RM_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(1_000_000, |v| v as usize);
    [100_000, 1_000_000]
        .into_iter()
        .filter(|&n| n <= max)
        .collect()
}

/// A fitted table of `n` seeded subjects (synthetic).
fn fit(n: usize) -> KaplanMeierFit {
    let mut rng = Rng::new(20_261_207);
    let time: Vec<f64> = (0..n)
        .map(|_| (rng.uniform_pos() * 300_000.0).round() / 100.0 + 0.01)
        .collect();
    let event: Vec<i64> = (0..n).map(|_| i64::from(rng.bernoulli(0.7))).collect();
    let group: Vec<String> = (0..n)
        .map(|_| if rng.bernoulli(0.5) { "MA" } else { "SN" }.to_string())
        .collect();
    let data = SurvData::builder(time, event)
        .groups(group)
        .build()
        .expect("seeded data are valid");
    KaplanMeier::new().fit(&data).expect("seeded data fit")
}

/// The table with `{}` for every number.
fn std_display(fit: &KaplanMeierFit, out: &mut Vec<u8>) -> std::io::Result<()> {
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    writeln!(out, "{SURVFIT_HEADER}")?;
    for c in &fit.curves {
        for r in &c.rows {
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{}",
                c.group,
                r.time,
                r.n_risk,
                r.n_event,
                r.n_censor,
                r.survival,
                opt(r.std_err),
                opt(r.lower),
                opt(r.upper),
                r.cumhaz,
                r.cumhaz_se
            )?;
        }
    }
    Ok(())
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("write_csv");
    g.sampling_mode(SamplingMode::Flat).sample_size(10);
    for n in sizes() {
        let table = fit(n);
        let mut out = Vec::with_capacity(160 * n);
        g.bench_with_input(BenchmarkId::new("survfit_table", n), &table, |b, t| {
            b.iter(|| {
                out.clear();
                t.write_csv(&mut out).expect("writing to memory");
                black_box(out.len())
            })
        });
        g.bench_with_input(BenchmarkId::new("std_display", n), &table, |b, t| {
            b.iter(|| {
                out.clear();
                std_display(t, &mut out).expect("writing to memory");
                black_box(out.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
