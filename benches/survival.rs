//! Benchmarks of Kaplan–Meier, Nelson–Aalen and the log-rank test.
//!
//! Data (synthetic, seeded): exit times are whole days 1..=3650 (heavy
//! ties), about 30% censored, two groups. Every measurement includes
//! validating and sorting the unsorted input (`SurvData::build`), as a user
//! call does (Kaplan–Meier fits the Nelson–Aalen cumulative hazard in the
//! same pass); groups are given as codes and, for Kaplan–Meier, also as
//! text labels (one string per subject). The baseline is sorting the same
//! number of f64 alone. Input vectors are cloned in the untimed setup of
//! each iteration.
//!
//! Run: `cargo bench --bench survival` (n = 1e7 takes a few minutes).

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use return_migration::survival::{KaplanMeier, LogRank, SurvData};

/// SplitMix64: a small seeded generator, so the data are the same on every run.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

struct Input {
    time: Vec<f64>,
    event: Vec<i64>,
    group: Vec<u32>,
}

fn input(n: usize) -> Input {
    let mut rng = SplitMix(20261123);
    let mut time = Vec::with_capacity(n);
    let mut event = Vec::with_capacity(n);
    let mut group = Vec::with_capacity(n);
    for _ in 0..n {
        let r = rng.next();
        time.push(((r % 3650) + 1) as f64);
        event.push(i64::from((r >> 20) % 10 < 7));
        group.push(((r >> 40) % 2) as u32);
    }
    Input { time, event, group }
}

fn sizes() -> Vec<usize> {
    match std::env::var("RM_BENCH_MAX") {
        Ok(v) => [1_000, 100_000, 1_000_000, 10_000_000]
            .into_iter()
            .filter(|&n| n <= v.parse().unwrap_or(10_000_000))
            .collect(),
        Err(_) => vec![1_000, 100_000, 1_000_000, 10_000_000],
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("survival");
    g.sampling_mode(SamplingMode::Flat);
    for n in sizes() {
        g.sample_size(if n >= 1_000_000 { 10 } else { 30 });
        let data = input(n);
        // Inputs are cloned in the (untimed) setup of every sample, so
        // each measurement starts from unsorted vectors the routine owns.
        let two = || vec!["a".to_string(), "b".to_string()];
        g.bench_with_input(BenchmarkId::new("sort_f64_baseline", n), &data, |b, d| {
            b.iter_batched(
                || d.time.clone(),
                |mut t| {
                    t.sort_unstable_by(f64::total_cmp);
                    black_box(t)
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_with_input(
            BenchmarkId::new("kaplan_meier_one_group", n),
            &data,
            |b, d| {
                b.iter_batched(
                    || (d.time.clone(), d.event.clone()),
                    |(t, e)| {
                        let s = SurvData::builder(t, e)
                            .build()
                            .map(|s| KaplanMeier::new().fit(&s));
                        black_box(s)
                    },
                    BatchSize::LargeInput,
                )
            },
        );
        g.bench_with_input(
            BenchmarkId::new("kaplan_meier_two_groups", n),
            &data,
            |b, d| {
                b.iter_batched(
                    || (d.time.clone(), d.event.clone(), d.group.clone()),
                    |(t, e, grp)| {
                        let s = SurvData::builder(t, e)
                            .group_codes(grp, two())
                            .build()
                            .map(|s| KaplanMeier::new().fit(&s));
                        black_box(s)
                    },
                    BatchSize::LargeInput,
                )
            },
        );
        // The same groups as text labels, one string per subject (as read
        // from a file): encoding them is part of the measured build.
        let text: Vec<String> = data
            .group
            .iter()
            .map(|&c| ["abroad", "home"][c as usize].to_string())
            .collect();
        g.bench_with_input(
            BenchmarkId::new("kaplan_meier_two_groups_text", n),
            &data,
            |b, d| {
                b.iter_batched(
                    || (d.time.clone(), d.event.clone(), text.clone()),
                    |(t, e, grp)| {
                        let s = SurvData::builder(t, e)
                            .groups(grp)
                            .build()
                            .map(|s| KaplanMeier::new().fit(&s));
                        black_box(s)
                    },
                    BatchSize::LargeInput,
                )
            },
        );
        g.bench_with_input(BenchmarkId::new("logrank_two_groups", n), &data, |b, d| {
            b.iter_batched(
                || (d.time.clone(), d.event.clone(), d.group.clone()),
                |(t, e, grp)| {
                    let s = SurvData::builder(t, e)
                        .group_codes(grp, two())
                        .build()
                        .map(|s| LogRank::new().fit(&s));
                    black_box(s)
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
