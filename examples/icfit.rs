//! Turnbull's nonparametric estimate of survival from interval-censored
//! rows (left, right], as CSV on standard output (`group,time,survival`).
//!
//! `cargo run --release --example icfit -- --input PATH --left COL --right COL [--group COL]`
//!
//! On bad input, or an estimate that does not converge: one error line on
//! standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_migration::pipeline::run("icfit", |argv, out| {
        return_migration::pipeline::icfit(argv, out)
    })
}
