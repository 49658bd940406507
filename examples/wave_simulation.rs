//! The wave-panel simulation study of the README: bias and coverage of
//! midpoint-imputed Kaplan–Meier against Turnbull's NPMLE (bootstrap
//! percentile intervals) and the intercept-only Weibull AFT model for S(1), S(2), S(3) and the median, with yearly
//! and with irregular waves (hazard 0.8, 0.3, then 0.15 per year since
//! return), and with yearly waves and a constant hazard 0.3 (where the
//! Weibull AFT model is right). Prints Markdown tables.
//!
//! `cargo run --release --example wave_simulation -- [REPLICATIONS] [PERSONS] [BOOTSTRAP]`
//! (defaults 200, 300, 200; seeded, so the table is the same on every run).

use std::process::ExitCode;

use return_migration::cohort::WaveStudy;

fn main() -> ExitCode {
    let arg = |k: usize, default: usize| {
        std::env::args()
            .nth(k)
            .map_or(Ok(default), |a| a.parse::<usize>().map_err(|_| a))
    };
    let (reps, persons, boot) = match (arg(1, 200), arg(2, 300), arg(3, 200)) {
        (Ok(r), Ok(p), Ok(b)) => (r, p, b),
        _ => {
            eprintln!(
                "wave_simulation: arguments are whole numbers: REPLICATIONS PERSONS BOOTSTRAP"
            );
            return ExitCode::FAILURE;
        }
    };
    for study in [
        WaveStudy::yearly(persons, reps, 20261204),
        WaveStudy::irregular(persons, reps, 20261204),
        WaveStudy::yearly(persons, reps, 20261204).hazard("yearly, constant hazard", vec![0.3]),
    ] {
        match study.bootstrap(boot).run() {
            Ok(table) => {
                println!(
                    "{} waves, {} persons, {} replications, bootstrap {}:\n",
                    table.rows[0].design, persons, reps, boot
                );
                println!("{table}");
            }
            Err(e) => {
                eprintln!("wave_simulation: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
