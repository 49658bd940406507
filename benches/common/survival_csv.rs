//! The seeded synthetic survival table of the read benchmarks
//! (`benches/read.rs`, `examples/gen_survival_csv.rs`): `time,status,group,
//! x1,x2,x3,x4,x5` (two groups `A`/`B`, five covariates: two normal with
//! four decimals, one 0/1, one integer age 18–70, one uniform with three
//! decimals; exponential times with a log-hazard linear in the covariates,
//! about 30% censored; times with three decimals). The same rows and seed
//! always write the same bytes.

use std::io::Write;

/// SplitMix64: small, seeded, good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform on (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller, one of the pair).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Writes the table of `rows` rows drawn with `seed`.
pub fn write_table(rows: u64, seed: u64, mut out: impl Write) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    writeln!(out, "time,status,group,x1,x2,x3,x4,x5")?;
    for _ in 0..rows {
        let group = rng.uniform() < 0.5;
        let x1 = rng.normal();
        let x2 = u8::from(rng.uniform() < 0.4);
        let x3 = 18 + (rng.uniform() * 53.0) as u32;
        let x4 = rng.normal();
        let x5 = rng.uniform();
        let lp = 0.3 * f64::from(u8::from(group)) + 0.2 * x1 - 0.4 * f64::from(x2)
            + 0.01 * (f64::from(x3) - 40.0)
            + 0.1 * x4
            - 0.5 * x5;
        let event_time = -rng.uniform().ln() / (0.1 * lp.exp());
        let censor_time = -rng.uniform().ln() / 0.04;
        let (time, status) = if event_time <= censor_time {
            (event_time, 1)
        } else {
            (censor_time, 0)
        };
        writeln!(
            out,
            "{:.3},{status},{},{x1:.4},{x2},{x3},{x4:.4},{x5:.3}",
            time.max(0.001),
            if group { "B" } else { "A" }
        )?;
    }
    out.flush()
}
