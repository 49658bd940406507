//! Log-rank / Fleming–Harrington G(ρ) test from a CSV file, as CSV `chisq,df,p`.
//!
//! `cargo run --release --example logrank -- --input PATH --time COL --event COL
//!  --group COL [--rho 0] [--strata COL]`
//!
//! On bad input: one error line on standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_migration::pipeline::run("logrank", |argv, out| {
        return_migration::pipeline::logrank(argv, out)
    })
}
