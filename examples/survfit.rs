//! Kaplan–Meier and Nelson–Aalen from a CSV file, as CSV on standard output.
//!
//! `cargo run --release --example survfit -- --input PATH --time COL --event COL
//!  [--entry COL] [--group COL] [--conf-type log|log-log|plain] [--conf-level 0.95]`
//!
//! On bad input: one error line on standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_migration::pipeline::run("survfit", |argv, out| {
        return_migration::pipeline::survfit(argv, out)
    })
}
