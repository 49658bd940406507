//! Benchmarks of the interval functions and effectiveness ratios.
//!
//! Run: `cargo bench --bench ratios`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use return_migration::data::YearSeries;
use return_migration::datasets;
use return_migration::ratio::{
    BinomialMethod, EffectivenessRatio, binomial_interval, poisson_ratio_interval,
};

fn intervals(c: &mut Criterion) {
    let mut g = c.benchmark_group("binomial_interval");
    for (x, n) in [(11_u64, 65_u64), (8281, 174412), (500_000, 1_000_000)] {
        for method in [
            BinomialMethod::ClopperPearson,
            BinomialMethod::Jeffreys,
            BinomialMethod::Wilson,
        ] {
            g.bench_function(format!("{}/{x}_of_{n}", method.name()), |b| {
                b.iter(|| binomial_interval(black_box(x), black_box(n), 0.95, method))
            });
        }
    }
    g.finish();
    c.bench_function("poisson_ratio_interval/8281_vs_166131", |b| {
        b.iter(|| poisson_ratio_interval(black_box(8281), black_box(166_131), 0.95))
    });
}

fn ratios(c: &mut Criterion) {
    c.bench_function("datasets/select_both_series", |b| {
        b.iter(|| {
            (
                datasets::avrr_returns_from_morocco(),
                datasets::spain_arrivals_total(),
            )
        })
    });
    // A long synthetic pair of series (labelled synthetic: for timing only).
    let years: Vec<(i32, f64)> = (1900..2100).map(|y| (y, f64::from(y % 97 + 1))).collect();
    let num = YearSeries::from_values("synthetic_returns", "persons", &years)
        .unwrap_or_else(|e| panic!("{e}"));
    let den_values: Vec<(i32, f64)> = years.iter().map(|&(y, v)| (y, v * 40.0)).collect();
    let den = YearSeries::from_values("synthetic_arrivals", "persons", &den_values)
        .unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("effectiveness_ratio/200_years_lag_2", |b| {
        b.iter(|| EffectivenessRatio::new().lag(2).fit(&num, &den))
    });
}

criterion_group!(benches, intervals, ratios);
criterion_main!(benches);
