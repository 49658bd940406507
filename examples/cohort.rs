//! Returnee records (CSV) to one survival row per person, as CSV on
//! standard output: entry, exit, the interval of a wave-only re-migration,
//! event, channel and the person's covariates.
//!
//! `cargo run --release --example cohort -- --input PATH
//!  [--scale since-return|calendar|age] [--rule midpoint|right-end]`
//!
//! On bad input: one error line on standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_migration::pipeline::run("cohort", |argv, out| {
        return_migration::pipeline::cohort(argv, out)
    })
}
