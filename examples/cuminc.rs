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
    return_migration::pipeline::run("cuminc", |argv, out| {
        return_migration::pipeline::cuminc(argv, out)
    })
}
