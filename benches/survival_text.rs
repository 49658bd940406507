//! Issue 13 item 3: Kaplan–Meier + Nelson–Aalen by group and the log-rank
//! test from unsorted vectors with TEXT group labels, against the sort
//! floor (`sort_unstable_by(f64::total_cmp)` of the same n times).
//!
//! Data as in `benches/survival.rs` (seeded; whole-day times 1..=3650,
//! about 30% censored, two groups "abroad"/"home"). Labels are given both
//! owned (`groups(Vec<String>)`: the call frees the n strings) and borrowed
//! (`groups_borrowed(&[String])`: the caller keeps them).
//!
//! Run: `cargo bench --bench survival_text`; `RM_BENCH_MAX=1000000` stops
//! at 1e6 (1e7 needs about 1.5 GB). `RM_BENCH_TIMES=continuous` draws
//! distinct times in (0, 3650] instead of whole days (the worst case: one
//! output row and one event time per subject).

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use return_migration::survival::{KaplanMeier, LogRank, SurvData};

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
    label: Vec<String>,
}

fn input(n: usize) -> Input {
    let continuous = std::env::var("RM_BENCH_TIMES").is_ok_and(|v| v == "continuous");
    let mut rng = SplitMix(20261123);
    let mut out = Input {
        time: Vec::with_capacity(n),
        event: Vec::with_capacity(n),
        label: Vec::with_capacity(n),
    };
    for _ in 0..n {
        let r = rng.next();
        out.time.push(if continuous {
            // Distinct with probability ~1: 53 random bits scaled to (0, 3650].
            ((r >> 11) as f64 + 1.0) * (3650.0 / 9_007_199_254_740_992.0)
        } else {
            ((r % 3650) + 1) as f64
        });
        out.event.push(i64::from((r >> 20) % 10 < 7));
        out.label
            .push(["abroad", "home"][((r >> 40) % 2) as usize].to_string());
    }
    out
}

fn sizes() -> Vec<usize> {
    let max = std::env::var("RM_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    [1_000_000, 10_000_000]
        .into_iter()
        .filter(|&n| n <= max)
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("survival_text");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    for n in sizes() {
        let d = input(n);
        g.bench_with_input(BenchmarkId::new("sort_floor", n), &d, |b, d| {
            b.iter_batched(
                || d.time.clone(),
                |mut t| {
                    t.sort_unstable_by(f64::total_cmp);
                    black_box(t)
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("km_text_owned", n), &d, |b, d| {
            b.iter_batched(
                || (d.time.clone(), d.event.clone(), d.label.clone()),
                |(t, e, l)| {
                    let s = SurvData::builder(t, e).groups(l).build();
                    black_box(s.map(|s| KaplanMeier::new().fit(&s)))
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("km_text_borrowed", n), &d, |b, d| {
            b.iter_batched(
                || (d.time.clone(), d.event.clone()),
                |(t, e)| {
                    let s = SurvData::builder(t, e).groups_borrowed(&d.label).build();
                    black_box(s.map(|s| KaplanMeier::new().fit(&s)))
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("logrank_text_owned", n), &d, |b, d| {
            b.iter_batched(
                || (d.time.clone(), d.event.clone(), d.label.clone()),
                |(t, e, l)| {
                    let s = SurvData::builder(t, e).groups(l).build();
                    black_box(s.map(|s| LogRank::new().fit(&s)))
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("logrank_text_borrowed", n), &d, |b, d| {
            b.iter_batched(
                || (d.time.clone(), d.event.clone()),
                |(t, e)| {
                    let s = SurvData::builder(t, e).groups_borrowed(&d.label).build();
                    black_box(s.map(|s| LogRank::new().fit(&s)))
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
