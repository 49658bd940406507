//! The one survival input core. Every kind of survival data (`SurvData`,
//! `CompetingData`, `RecurrentData`, `CoxData`, `FineGrayData`,
//! `IntervalData`, `AftData`) is a thin view over these pieces:
//!
//! - [`core`]: the shared columns (exit, code, entry, weight, groups,
//!   strata, clusters) and their one validation, with located errors;
//! - [`check`]: the value checks and their error texts;
//! - [`causes`]: cause codes of competing-risks input;
//! - [`codes`]: the code column, one byte a row when every code fits;
//! - [`labels`]: label encoding (byte order of the label);
//! - [`label_column`]: labels of a table column as codes, no string per row;
//! - [`read`]: the one adapter reading fields of a CSV table;
//! - [`table`]: one reading of the shared columns from a CSV table, first
//!   bad line in file order;
//! - [`cells`]: rows split into cells, each sorted once;
//! - [`setters`]: the shared builder and `*Columns` setters, written once.

pub(crate) mod causes;
pub(crate) mod cells;
pub(crate) mod check;
pub(crate) mod codes;
pub(crate) mod core;
pub(crate) mod label_column;
pub(crate) mod labels;
pub(crate) mod read;
pub(crate) mod setters;
pub(crate) mod table;
