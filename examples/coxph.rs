//! Cox proportional hazards regression from a CSV file, as CSV on standard
//! output (`term,coef,se,z,p`).
//!
//! `cargo run --release --example coxph -- --input PATH --time COL --event COL
//!  --covariates A,B,C [--entry COL] [--ties efron|breslow] [--strata COL] [--cluster COL]`
//!
//! On bad input, or a fit that does not converge: one error line on
//! standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_migration::pipeline::run("coxph", |argv, out| {
        return_migration::pipeline::coxph(argv, out)
    })
}
