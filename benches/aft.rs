//! Benchmark of the parametric AFT regression (`Survreg`, Weibull, 5
//! covariates) at n = 1e5 and 1e6, right-censored and as a wave panel
//! (interval-censored).
//!
//! Data (synthetic, seeded): five covariates (two standard normal, one
//! binary, one age-like integer 18..=80, one uniform); log T = 6 + x·β +
//! 0.7·W with W standard extreme value (a Weibull of shape 1/0.7), censored
//! at a uniform time on (0, 4000) days, about 30% censored. The wave
//! version observes each person at yearly waves (365 days): an event is
//! known to lie between the last wave before it and the first after it
//! (left-censored before the first wave), a censored person is
//! right-censored at the censoring time. Every measurement includes
//! validating the vectors (`AftData::build`) and the whole fit (intercept-
//! only and full model by Newton–Raphson to full convergence, covariance,
//! tests), as a user call does.
//!
//! Run: `cargo bench --bench aft` (`RM_BENCH_MAX=100000` skips 1e6).
//! With `RM_AFT_BENCH_CSV=DIR` the data are also written to
//! `DIR/aft_<n>.csv` (columns time, event, left, right, x1..u), which
//! `benches/aft_survreg_timing.R` reads to time R's `survreg` on the same data.

use std::hint::black_box;
use std::io::Write;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use return_migration::survival::{AftData, Dist, Survreg};

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

    /// Uniform on (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

const NAMES: [&str; 5] = ["x1", "x2", "treated", "age", "u"];

struct Input {
    time: Vec<f64>,
    event: Vec<i64>,
    left: Vec<f64>,
    right: Vec<f64>,
    x: Vec<Vec<f64>>,
}

fn input(n: usize) -> Input {
    let mut rng = SplitMix(20261204);
    let mut d = Input {
        time: Vec::with_capacity(n),
        event: Vec::with_capacity(n),
        left: Vec::with_capacity(n),
        right: Vec::with_capacity(n),
        x: (0..5).map(|_| Vec::with_capacity(n)).collect(),
    };
    for _ in 0..n {
        let row = [
            rng.normal(),
            rng.normal(),
            f64::from(rng.uniform() < 0.4),
            (18 + rng.next() % 63) as f64,
            rng.uniform(),
        ];
        let eta = 6.0 + 0.3 * row[0] - 0.2 * row[1] + 0.5 * row[2] - 0.01 * (row[3] - 45.0)
            + 0.1 * row[4];
        // W = log(−log U) is standard extreme value (minimum)
        let w = (-rng.uniform().ln()).ln();
        let t = (eta + 0.7 * w).exp().max(0.01);
        let c = rng.uniform() * 4000.0 + 0.01;
        let (time, event) = if t <= c { (t, 1) } else { (c, 0) };
        d.time.push(time);
        d.event.push(event);
        if event == 1 {
            let k = (t / 365.0).floor();
            d.left.push(k * 365.0);
            d.right.push((k + 1.0) * 365.0);
        } else {
            d.left.push(c);
            d.right.push(f64::INFINITY);
        }
        for (v, x) in d.x.iter_mut().zip(row) {
            v.push(x);
        }
    }
    d
}

fn write_csv(dir: &str, n: usize, d: &Input) {
    let path = std::path::Path::new(dir).join(format!("aft_{n}.csv"));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("bench CSV"));
    writeln!(f, "time,event,left,right,{}", NAMES.join(",")).unwrap();
    for i in 0..n {
        let right = if d.right[i].is_finite() {
            d.right[i].to_string()
        } else {
            String::new()
        };
        write!(f, "{},{},{},{}", d.time[i], d.event[i], d.left[i], right).unwrap();
        for v in &d.x {
            write!(f, ",{}", v[i]).unwrap();
        }
        writeln!(f).unwrap();
    }
}

fn sizes() -> Vec<usize> {
    let max = std::env::var("RM_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    [100_000, 1_000_000]
        .into_iter()
        .filter(|&n| n <= max)
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("survreg_weibull");
    g.sampling_mode(SamplingMode::Flat);
    for n in sizes() {
        g.sample_size(10);
        let data = input(n);
        if let Ok(dir) = std::env::var("RM_AFT_BENCH_CSV") {
            write_csv(&dir, n, &data);
        }
        g.bench_with_input(BenchmarkId::new("right_p5", n), &data, |b, d| {
            b.iter_batched(
                || (d.time.clone(), d.event.clone(), d.x.clone()),
                |(time, event, x)| {
                    let mut builder = AftData::right_censored(time, event);
                    for (name, v) in NAMES.iter().zip(x) {
                        builder = builder.covariate(name, v);
                    }
                    let fit = builder
                        .build()
                        .and_then(|data| Survreg::new().dist(Dist::Weibull).fit(&data));
                    black_box(fit.expect("the benchmark data fit"))
                },
                BatchSize::LargeInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("waves_p5", n), &data, |b, d| {
            b.iter_batched(
                || (d.left.clone(), d.right.clone(), d.x.clone()),
                |(left, right, x)| {
                    let mut builder = AftData::interval(left, right);
                    for (name, v) in NAMES.iter().zip(x) {
                        builder = builder.covariate(name, v);
                    }
                    let fit = builder
                        .build()
                        .and_then(|data| Survreg::new().dist(Dist::Weibull).fit(&data));
                    black_box(fit.expect("the benchmark data fit"))
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
