//! Benchmark of the Cox model (Efron ties, p = 5) at n = 1e4, 1e5, 1e6.
//!
//! Data (synthetic, seeded): five covariates (two standard normal, one
//! binary, one age-like integer 18..=80, one uniform), exit times in whole
//! days 1..=3650 drawn from a proportional-hazards model (heavy ties), about
//! 18% censored. Every measurement starts from the unsorted vectors: it
//! includes validating and sorting (`CoxData::build`) and the whole fit
//! (Newton–Raphson to full convergence, variance, tests, concordance,
//! baseline hazard), as a user call does; reading a file is excluded.
//!
//! Run: `cargo bench --bench cox` (RM_BENCH_MAX=100000 to skip 1e6).

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use ndarray::Array2;
use return_migration::survival::{CoxData, CoxPh, Ties};

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

struct Input {
    time: Vec<f64>,
    event: Vec<i64>,
    x: Array2<f64>,
}

const NAMES: [&str; 5] = ["x1", "x2", "treated", "age", "u"];

fn input(n: usize) -> Input {
    let mut rng = SplitMix(20261124);
    let mut time = Vec::with_capacity(n);
    let mut event = Vec::with_capacity(n);
    let mut x = Array2::zeros((n, 5));
    for i in 0..n {
        let row = [
            rng.normal(),
            rng.normal(),
            f64::from(rng.uniform() < 0.4),
            (18 + rng.next() % 63) as f64,
            rng.uniform(),
        ];
        let lin =
            0.3 * row[0] - 0.2 * row[1] + 0.5 * row[2] + 0.01 * (row[3] - 45.0) + 0.1 * row[4];
        // Exponential with mean 900·exp(−lin) days, censored at a uniform time.
        let t = -rng.uniform().ln() * 900.0 * (-lin).exp();
        let c = rng.uniform() * 4000.0;
        let exit = t.min(c).ceil().clamp(1.0, 3650.0);
        time.push(exit);
        event.push(i64::from(t <= c && t <= 3650.0));
        for (j, v) in row.into_iter().enumerate() {
            x[[i, j]] = v;
        }
    }
    Input { time, event, x }
}

fn sizes() -> Vec<usize> {
    let max = std::env::var("RM_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    [10_000, 100_000, 1_000_000]
        .into_iter()
        .filter(|&n| n <= max)
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("cox");
    g.sampling_mode(SamplingMode::Flat);
    for n in sizes() {
        g.sample_size(if n >= 1_000_000 { 10 } else { 20 });
        let data = input(n);
        g.bench_with_input(BenchmarkId::new("efron_p5", n), &data, |b, d| {
            // The copy of the input (what a reader would hand over) is set-up,
            // not measured; validation, sorting and the fit are measured.
            b.iter_batched(
                || (d.time.clone(), d.event.clone(), d.x.clone()),
                |(time, event, x)| {
                    let fit = CoxData::builder(time, event)
                        .covariates(&NAMES, x)
                        .build()
                        .and_then(|data| CoxPh::new().ties(Ties::Efron).fit(&data));
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
