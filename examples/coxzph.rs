//! The proportional-hazards test of a Cox model (R's `cox.zph`) from a CSV
//! file, as CSV on standard output (`term,chisq,df,p`, then `GLOBAL`).
//!
//! `cargo run --release --example coxzph -- --input PATH --time COL --event COL
//!  --covariates A,B [--strata COL] [--ties efron|breslow] [--transform km|rank|identity]`
//!
//! On bad input, or a fit that does not converge: one error line on
//! standard error and exit code 1.

use std::process::ExitCode;

fn main() -> ExitCode {
    return_migration::pipeline::run("coxzph", |argv, out| {
        return_migration::pipeline::coxzph(argv, out)
    })
}
