//! The command-line pipelines behind the examples (`survfit`, `logrank`,
//! `cuminc`, `coxph`, `icfit`, `survreg`): CSV in, CSV out, one located error on bad input.
//!
//! Each function takes the arguments (without the program name) and a
//! writer for standard output; the example's `main` is one call to
//! [`run`], which handles `--help`, prints the error with its hints and
//! sets the exit code. Keeping the logic here lets the tests drive every
//! class of bad input without spawning processes.

mod args;
mod cohort;
mod competing;
mod cox;
mod coxzph;
mod finegray;
mod help;
mod input;
mod interval;
mod run;
mod survival;
mod survreg;

pub use args::Args;
pub use cohort::{COHORT_HEADER, cohort};
pub use competing::cuminc;
pub use cox::coxph;
pub use coxzph::coxzph;
pub use finegray::finegray;
pub use help::help_text;
pub use interval::icfit;
pub use run::{explain, run, run_with};
pub use survival::{logrank, survfit};
pub use survreg::survreg;

/// A text value as a CSV field: quoted when it holds a comma, a quote or a
/// line break.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
