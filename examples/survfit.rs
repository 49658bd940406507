//! Kaplan–Meier and Nelson–Aalen from a CSV file, as CSV on standard output.
//!
//! `cargo run --release --example survfit -- --input PATH --time COL --event COL
//!  [--entry COL] [--group COL] [--conf-type log|log-log|plain] [--conf-level 0.95]`
//!
//! On bad input: one error line on standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match return_migration::pipeline::survfit(&argv, std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("survfit: {e}");
            ExitCode::FAILURE
        }
    }
}
