//! Benchmarks of the cohort layer on simulated wave panels: persons × 10
//! yearly waves (2015–2024), returns 2014–2023 (ten cohorts), hazards 0.15,
//! 0.10, 0.08 per year since return, 70% irregular, 5% missed waves, 5%
//! dropout after each wave (seeded: the same panel on every run).
//!
//! Every measurement starts from the panel (the input) and includes
//! validating every person and writing the validation report.
//! `cohort_km` is the target of the issue: panel → per-cohort Kaplan–Meier
//! tables; `cohort_cif` and `cohort_mcf` go from the panel to the per-cohort
//! Aalen–Johansen cumulative incidence by channel and the mean cumulative
//! function (with their standard errors).
//!
//! Run: `cargo bench --bench cohort`; `RM_BENCH_MAX=1000000` stops at 1e6
//! persons (1e7 needs about 2 GB and several minutes).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use return_migration::cohort::{
    ChannelIncidence, CohortBuilder, CohortSimulator, CohortSurvival, Date, MeanRemigrations,
    Stratify, WavePanel,
};
use return_migration::survival::AalenJohansen;

/// The benchmark panel of `n` persons (also used by `examples/cohort_memory.rs`).
fn panel(n: usize) -> WavePanel {
    let mut sim = CohortSimulator::new(n, 20_261_123)
        .return_years((2014..=2023).map(|y| (y, 1.0)).collect())
        .hazard_by_year(vec![0.15, 0.10, 0.08])
        .waves(
            (2015..=2024)
                .map(|y| Date::ymd(y, 6, 30).unwrap())
                .collect(),
        )
        .observation(0.05, 0.05, 0.0);
    sim.irregular_share = 0.7;
    sim.panel().unwrap()
}

fn sizes() -> Vec<usize> {
    let all = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];
    let max = std::env::var("RM_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    all.into_iter().filter(|&n| n <= max).collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("cohort");
    g.sampling_mode(SamplingMode::Flat);
    for n in sizes() {
        g.sample_size(if n >= 1_000_000 { 10 } else { 20 });
        let p = panel(n);
        let b = CohortBuilder::new();
        g.bench_with_input(BenchmarkId::new("first_events", n), &p, |bench, p| {
            bench.iter(|| black_box(b.first_events(p).unwrap()))
        });
        g.bench_with_input(BenchmarkId::new("cohort_km", n), &p, |bench, p| {
            bench.iter(|| {
                let built = b.first_events(p).unwrap();
                black_box(CohortSurvival::new(Stratify::Cohort).fit(&built).unwrap())
            })
        });
        g.bench_with_input(BenchmarkId::new("competing_vectors", n), &p, |bench, p| {
            bench.iter(|| {
                black_box(
                    b.first_events(p)
                        .unwrap()
                        .competing_vectors(Stratify::Cohort)
                        .unwrap(),
                )
            })
        });
        g.bench_with_input(BenchmarkId::new("recurrent_vectors", n), &p, |bench, p| {
            bench.iter(|| {
                black_box(
                    b.recurrent(p)
                        .unwrap()
                        .recurrent_vectors(Stratify::Cohort)
                        .unwrap(),
                )
            })
        });
        g.bench_with_input(BenchmarkId::new("cohort_cif", n), &p, |bench, p| {
            bench.iter(|| {
                let built = b.first_events(p).unwrap();
                let aj = AalenJohansen::new();
                black_box(
                    ChannelIncidence::new(Stratify::Cohort)
                        .estimator(aj)
                        .fit(&built)
                        .unwrap(),
                )
            })
        });
        g.bench_with_input(BenchmarkId::new("cohort_mcf", n), &p, |bench, p| {
            bench.iter(|| {
                let built = b.recurrent(p).unwrap();
                black_box(MeanRemigrations::new(Stratify::Cohort).fit(&built).unwrap())
            })
        });
        g.bench_with_input(BenchmarkId::new("person_periods", n), &p, |bench, p| {
            bench.iter(|| black_box(b.person_periods(p).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
