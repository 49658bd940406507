//! Benchmarks of the Aalen–Johansen cumulative incidence (with its
//! infinitesimal-jackknife standard errors) and of the mean cumulative
//! function (with its Lawless–Nadeau standard errors).
//!
//! Data (synthetic, seeded): exit times are whole days 1..=3650 (heavy
//! ties), about 30% censored, two causes (40% / 30%), two groups; for the
//! delayed-entry case an entry time uniform below the exit. Recurrent
//! events: subjects with 1–4 consecutive intervals of 1..=365 days, some
//! after a gap. Every measurement includes validating and sorting the
//! unsorted input, as a user call does. The baseline is sorting the same
//! number of f64 alone.
//!
//! Run: `cargo bench --bench competing`; `RM_BENCH_MAX=100000` limits the
//! sizes.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use return_migration::survival::{AalenJohansen, CompetingData, Mcf, RecurrentData};

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
    status: Vec<i64>,
    entry: Vec<f64>,
    group: Vec<u32>,
}

fn input(n: usize) -> Input {
    let mut rng = SplitMix(20261206);
    let mut out = Input {
        time: Vec::with_capacity(n),
        status: Vec::with_capacity(n),
        entry: Vec::with_capacity(n),
        group: Vec::with_capacity(n),
    };
    for _ in 0..n {
        let r = rng.next();
        let t = (r % 3650) + 1;
        out.time.push(t as f64);
        out.status.push(match (r >> 20) % 10 {
            0..=3 => 1,
            4..=6 => 2,
            _ => 0,
        });
        out.entry.push(((r >> 32) % t) as f64);
        out.group.push(((r >> 52) % 2) as u32);
    }
    out
}

struct Recurrent {
    id: Vec<String>,
    start: Vec<f64>,
    stop: Vec<f64>,
    event: Vec<i64>,
}

/// About `n` rows: subjects with 1–4 intervals.
fn recurrent(n: usize) -> Recurrent {
    let mut rng = SplitMix(20261207);
    let mut out = Recurrent {
        id: Vec::with_capacity(n),
        start: Vec::with_capacity(n),
        stop: Vec::with_capacity(n),
        event: Vec::with_capacity(n),
    };
    let mut subject = 0;
    while out.stop.len() < n {
        let r = rng.next();
        let mut t = (r % 30) as f64;
        for k in 0..=(r >> 8) % 4 {
            let s = rng.next();
            if k > 0 && s.is_multiple_of(4) {
                t += ((s >> 4) % 60 + 1) as f64; // a gap
            }
            let stop = t + ((s >> 12) % 365 + 1) as f64;
            out.id.push(format!("s{subject}"));
            out.start.push(t);
            out.stop.push(stop);
            out.event.push(i64::from((s >> 24) % 10 < 6));
            t = stop;
        }
        subject += 1;
    }
    out
}

fn sizes() -> Vec<usize> {
    let max = std::env::var("RM_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    [1_000, 100_000, 1_000_000]
        .into_iter()
        .filter(|&n| n <= max)
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("competing");
    g.sampling_mode(SamplingMode::Flat);
    let labels = || vec!["a".to_string(), "b".to_string()];
    for n in sizes() {
        g.sample_size(if n >= 1_000_000 { 10 } else { 30 });
        let data = input(n);
        g.bench_with_input(BenchmarkId::new("sort_f64_baseline", n), &data, |b, d| {
            b.iter(|| {
                let mut t = d.time.clone();
                t.sort_unstable_by(f64::total_cmp);
                black_box(t)
            })
        });
        g.bench_with_input(
            BenchmarkId::new("aalen_johansen_two_groups", n),
            &data,
            |b, d| {
                b.iter(|| {
                    let fit = CompetingData::builder(d.time.clone(), d.status.clone())
                        .group_codes(d.group.clone(), labels())
                        .build()
                        .and_then(|s| AalenJohansen::new().fit(&s));
                    black_box(fit)
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("aalen_johansen_delayed_entry", n),
            &data,
            |b, d| {
                b.iter(|| {
                    let fit = CompetingData::builder(d.time.clone(), d.status.clone())
                        .entry(d.entry.clone())
                        .group_codes(d.group.clone(), labels())
                        .build()
                        .and_then(|s| AalenJohansen::new().fit(&s));
                    black_box(fit)
                })
            },
        );
        let rec = recurrent(n);
        g.bench_with_input(BenchmarkId::new("mcf_lawless_nadeau", n), &rec, |b, d| {
            b.iter(|| {
                let fit = RecurrentData::builder(
                    d.id.clone(),
                    d.start.clone(),
                    d.stop.clone(),
                    d.event.clone(),
                )
                .build()
                .and_then(|s| Mcf::new().fit(&s));
                black_box(fit)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
