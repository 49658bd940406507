//! Fine–Gray competing-risks regression from a CSV file, as CSV on standard
//! output (`term,coef,se,z,p`).
//!
//! `cargo run --release --example finegray -- --input PATH --time COL --status COL
//!  --cause K --covariates A,B`
//!
//! Status 0 = censored, 1, 2, ... = causes; `se` is the robust (sandwich)
//! standard error of `cmprsk::crr`.
//!
//! On bad input, or a fit that does not converge: one error line on
//! standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_migration::pipeline::run("finegray", |argv, out| {
        return_migration::pipeline::finegray(argv, out)
    })
}
