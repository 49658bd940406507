//! Competing risks from a CSV file: the Aalen–Johansen cumulative incidence
//! of every cause by group, as CSV `group,cause,time,cif` on standard output.
//!
//! `cargo run --release --example cuminc -- --input PATH --time COL --status COL
//!  [--group COL]`
//!
//! status: 0 = censored, 1, 2, ... = causes (e.g. 1 = re-migrated
//! irregularly, 2 = moved on through a legal channel).
//!
//! On bad input: one error line on standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match return_migration::pipeline::cuminc(&argv, std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cuminc: {e}");
            ExitCode::FAILURE
        }
    }
}
