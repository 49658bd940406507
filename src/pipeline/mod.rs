//! The command-line pipelines behind the examples (`survfit`, `logrank`,
//! `cuminc`, `coxph`, `icfit`, `survreg`): CSV in, CSV out, one located error on bad input.
//!
//! Each function takes the arguments (without the program name) and a
//! writer for standard output; the example's `main` only prints the error
//! and sets the exit code. Keeping the logic here lets the tests drive every
//! class of bad input without spawning processes.

mod args;
mod competing;
mod cox;
mod interval;
mod survival;
mod survreg;

pub use args::Args;
pub use competing::cuminc;
pub use cox::coxph;
pub use interval::icfit;
pub use survival::{logrank, survfit};
pub use survreg::survreg;
