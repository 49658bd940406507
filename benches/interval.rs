//! Benchmarks of the Turnbull NPMLE on seeded synthetic wave panels.
//!
//! Data: event times Weibull (shape 1.2, scale 4 years); ten yearly waves,
//! each person interviewed at wave k + a jitter of up to ±3 months,
//! recorded to the month (`waves`), or to the day (`daily`: far more
//! distinct ends, hence innermost intervals); after each wave a person
//! leaves the panel with probability 0.1. A person is seen in
//! (last interview before the event, first interview after it], or
//! right-censored at the last interview. Every measurement includes
//! building the innermost intervals from the unsorted rows.
//!
//! Run: `cargo bench --bench interval`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use return_migration::cohort::rng::Rng;
use return_migration::survival::{IntervalData, Turnbull};

fn panel(n: usize, per_year: f64, seed: u64) -> IntervalData {
    let mut rng = Rng::new(seed);
    let mut left = Vec::with_capacity(n);
    let mut right = Vec::with_capacity(n);
    for _ in 0..n {
        let t = 4.0 * rng.exponential(1.0).powf(1.0 / 1.2);
        let (mut l, mut r) = (0.0, f64::INFINITY);
        for k in 1..=10 {
            let visit = ((k as f64 + (rng.uniform() - 0.5) * 0.5) * per_year).round() / per_year;
            if visit >= t {
                r = visit;
                break;
            }
            l = visit;
            if rng.bernoulli(0.1) {
                break;
            }
        }
        left.push(l);
        right.push(r);
    }
    IntervalData::builder(left, right).build().unwrap()
}

fn bench(c: &mut Criterion) {
    for (name, per_year, sizes) in [
        ("turnbull_waves", 12.0, vec![1_000, 10_000, 100_000]),
        ("turnbull_daily", 365.0, vec![1_000, 10_000, 100_000]),
    ] {
        let mut group = c.benchmark_group(name);
        group.sampling_mode(SamplingMode::Flat).sample_size(10);
        for n in sizes {
            let data = panel(n, per_year, 20261204);
            let fit = Turnbull::new().fit(&data).unwrap();
            let curve = &fit.curves[0];
            eprintln!(
                "{name} n={n}: {} innermost intervals, {} iterations, KKT violation {:e}",
                curve.intervals.len(),
                curve.convergence.iterations,
                curve.convergence.kkt_violation
            );
            group.bench_with_input(BenchmarkId::from_parameter(n), &data, |b, d| {
                b.iter(|| Turnbull::new().fit(black_box(d)).unwrap())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
