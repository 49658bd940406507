//! Model frames: covariates taken by name from a table (a CSV file, the
//! rows of a built cohort, or vectors), numeric or categorical, with
//! optional interactions and a missing-value policy, turned into the
//! design matrix that Cox, Fine–Gray, parametric (AFT) and discrete-time
//! hazard models share — R's `model.frame` + `model.matrix` with treatment
//! contrasts.
//!
//! - [`FrameSpec`]: the terms (`age`, `sex`, `age:sex`), which columns are
//!   factors and their reference levels, the [`Missing`] policy.
//! - [`FrameColumns`]: named columns of numbers or text held in memory.
//! - [`ModelFrame`]: the design matrix with R's column names (`sexM`,
//!   `age:sexM`), the input rows it kept, the rows it dropped (with their
//!   file lines) and the coding of every factor.
//!
//! Coding rules (R's defaults): a factor's levels are its distinct values
//! in byte order; the reference is the first unless chosen; each other
//! level gets a 0/1 column named column + level. A column whose values are
//! all `yes`/`no` or all `TRUE`/`FALSE` (any case) is a two-level factor
//! without being named one. An interaction `a:b` multiplies every column of
//! `a` with every column of `b` (name `a:b`, factor columns as above); like
//! R with both main effects in the model, it uses treatment coding for each
//! factor, so give the main effects too.
//!
//! ```
//! use return_migration::frame::{FrameColumns, FrameSpec};
//! let cols = FrameColumns::new()
//!     .numbers("age", vec![30.0, 41.0, 25.0, 36.0])
//!     .text("sex", ["F", "M", "M", "F"].map(String::from).to_vec());
//! let frame = FrameSpec::new(&["age", "sex", "age:sex"]).factor("sex").from_columns(&cols)?;
//! assert_eq!(frame.names, vec!["age", "sexM", "age:sexM"]);
//! assert_eq!(frame.x.row(1).to_vec(), vec![41.0, 1.0, 41.0]);
//! # Ok::<(), return_migration::error::Error>(())
//! ```

mod build;
mod columns;
mod kept_rows;
mod spec;

pub(crate) use build::{Design, FramedRows};
pub use build::{DroppedRow, FactorCoding, ModelFrame};
pub use columns::{ColumnValues, FrameColumns};
pub(crate) use kept_rows::KeptRows;
pub use spec::{FrameSpec, Missing};
