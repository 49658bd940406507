//! Time and peak memory of panel → per-cohort Kaplan–Meier tables, for the
//! README. Usage: `cargo run --release --example cohort_memory -- [persons]`
//! (default 1,000,000), ideally under `/usr/bin/time -v`.
//!
//! The panel (the input) is simulated first, as in `benches/cohort.rs`;
//! the peak resident memory (VmHWM of /proc/self/status, Linux) is read
//! after the simulation and again after the pipeline, and compared with
//! the bytes the panel holds.

use std::time::Instant;

use return_migration::cohort::{CohortBuilder, CohortSimulator, CohortSurvival, Date, Stratify};

/// A field of /proc/self/status in kB (0 where unavailable).
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = match std::env::args().nth(1) {
        Some(a) => a.parse()?,
        None => 1_000_000,
    };
    let before = status_kb("VmHWM:");
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
    let panel = sim.panel()?;
    let input = panel.heap_bytes() as f64 / 1024.0;
    let after_input = status_kb("VmHWM:");
    let start = Instant::now();
    let built = CohortBuilder::new().first_events(&panel)?;
    let fit = CohortSurvival::new(Stratify::Cohort).fit(&built)?;
    let elapsed = start.elapsed();
    let peak = status_kb("VmHWM:");
    println!("persons {n}, waves {}", panel.wave_times().len());
    println!("input (panel arrays): {:.1} MB", input / 1024.0);
    println!(
        "peak RSS before the input: {:.1} MB",
        before as f64 / 1024.0
    );
    println!(
        "peak RSS with the input built: {:.1} MB",
        after_input as f64 / 1024.0
    );
    println!(
        "peak RSS after the pipeline: {:.1} MB ({:.2} × the input)",
        peak as f64 / 1024.0,
        peak as f64 / input
    );
    println!(
        "pipeline (validate, rows, report, per-cohort Kaplan–Meier): {:.3} s",
        elapsed.as_secs_f64()
    );
    println!(
        "rows {}, cohorts {}, accounted {}",
        built.rows.len(),
        fit.curves.len(),
        built.report.accounted()
    );
    Ok(())
}
