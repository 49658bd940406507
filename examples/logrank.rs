//! Log-rank / Fleming–Harrington G(ρ) test from a CSV file, as CSV `chisq,df,p`.
//!
//! `cargo run --release --example logrank -- --input PATH --time COL --event COL
//!  --group COL [--rho 0] [--strata COL]`
//!
//! On bad input: one error line on standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match return_migration::pipeline::logrank(&argv, std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("logrank: {e}");
            ExitCode::FAILURE
        }
    }
}
