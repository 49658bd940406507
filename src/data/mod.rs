//! Typed flow data: year series, panels, multi-source candidates, CSV input.
//!
//! - [`YearSeries`]: one value per year with provenance; missing years explicit.
//! - [`Panel`]: entities × years (ndarray), with alignment, totals, windows, lags.
//! - [`Candidate`], [`SelectionPolicy`]: several sources or vintages for one
//!   cell, and the documented rule that picks one.
//! - [`CsvTable`] and the loaders: user CSV files with located errors.

#[cfg(feature = "parquet")]
pub mod arrow_input;
mod breakdown;
mod csv_columns;
pub(crate) use csv_columns::{SHAPES, label_shape};
mod csv_input;
mod csv_lines;
mod csv_numbers;
mod csv_output;
#[cfg(feature = "parallel")]
mod csv_parallel;
mod csv_read;
mod csv_split;
mod csv_typed;
mod float_parse;
mod float_text;
mod load;
mod panel;
mod select;
mod series;

#[cfg(feature = "parquet")]
pub use arrow_input::{read_parquet_batches, table_to_record_batch, write_parquet};
pub use breakdown::Breakdown;
pub use csv_input::{CsvOptions, CsvTable};
pub(crate) use csv_output::{CsvLine, csv_field, csv_number, write_blocks};
pub use csv_typed::earliest_error;
pub(crate) use csv_typed::{Field, is_number_marker};
pub use float_text::ShortFloat;
pub use load::{
    SeriesColumns, candidates_from_table, panel_from_table, series_from_csv, series_from_table,
};
pub use panel::Panel;
pub use select::{Candidate, SelectionPolicy, SelectionReport, SetAside, YearChoice, release_year};
pub(crate) use series::span_width as check_span;
pub use series::{Observation, WindowSummary, YearSeries};
