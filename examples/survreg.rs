//! Parametric accelerated-failure-time regression (R's `survreg`) from a
//! CSV file, as CSV on standard output (`term,coef,se,z,p`).
//!
//! `cargo run --release --example survreg -- --input PATH
//!  (--time COL --event COL | --left COL --right COL) [--covariates A,B]
//!  [--dist weibull|exponential|lognormal|loglogistic]`
//!
//! On bad input, or a fit that does not converge: one error line on
//! standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_migration::pipeline::run("survreg", |argv, out| {
        return_migration::pipeline::survreg(argv, out)
    })
}
