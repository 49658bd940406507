//! Turnbull's nonparametric estimate of survival from interval-censored
//! rows (left, right], as CSV on standard output (`group,time,survival`).
//!
//! `cargo run --release --example icfit -- --input PATH --left COL --right COL [--group COL]`
//!
//! On bad input, or an estimate that does not converge: one error line on
//! standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match return_migration::pipeline::icfit(&argv, std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("icfit: {e}");
            ExitCode::FAILURE
        }
    }
}
