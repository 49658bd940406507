//! The one adapter between a [`CsvTable`] and survival input: every read
//! of a time, weight, code or label field goes through here, with errors
//! at the field's file, line and column. A faster (columnar) table can be
//! plugged in by changing only these functions.

use super::check::{
    CodeRule, check_interval, check_weight, validate_entry, validate_time, validate_weight,
};
use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result};

/// A time field: a finite, non-negative number.
#[inline]
pub(crate) fn time(table: &CsvTable, i: usize, column: &str) -> Result<f64> {
    let t = table.parse_f64(i, column)?;
    validate_time(t).map_err(|p| table.invalid_value(i, column, p))?;
    Ok(t)
}

/// A time field already parsed (`t`, feature `parallel`): checked as
/// [`time`] checks it.
#[cfg(feature = "parallel")]
#[inline]
pub(crate) fn checked_time(table: &CsvTable, i: usize, column: &str, t: f64) -> Result<f64> {
    validate_time(t).map_err(|p| table.invalid_value(i, column, p))?;
    Ok(t)
}

/// A numeric column parsed on several threads (feature `parallel`) up to
/// its first bad row; the rows from there on are read one by one, so that
/// errors are the row-by-row ones, met in the same order.
#[cfg(feature = "parallel")]
pub(crate) struct Parsed(Option<Vec<f64>>);

#[cfg(feature = "parallel")]
impl Parsed {
    /// Parses `column` (nothing for a column that is absent or not read).
    pub(crate) fn new(table: &CsvTable, column: &str) -> Self {
        Parsed(table.number_prefix(column))
    }

    /// The number of row `i`: parsed, or read as [`number`] reads it.
    #[inline]
    pub(crate) fn number(&self, table: &CsvTable, i: usize, column: &str) -> Result<f64> {
        match self.0.as_ref().and_then(|v| v.get(i)) {
            Some(&v) => Ok(v),
            None => number(table, i, column),
        }
    }
}

/// An entry field: a time strictly before the row's exit `exit`.
#[inline]
pub(crate) fn entry(table: &CsvTable, i: usize, column: &str, exit: f64) -> Result<f64> {
    let a = table.parse_f64(i, column)?;
    validate_entry(a, exit).map_err(|p| table.invalid_value(i, column, p))?;
    Ok(a)
}

/// A case weight field: finite and not negative.
#[inline]
pub(crate) fn weight(table: &CsvTable, i: usize, column: &str) -> Result<f64> {
    let w = table.parse_f64(i, column)?;
    validate_weight(w).map_err(|p| table.invalid_value(i, column, p))?;
    Ok(w)
}

/// A numeric field (a covariate), any finite or infinite value.
#[inline]
pub(crate) fn number(table: &CsvTable, i: usize, column: &str) -> Result<f64> {
    table.parse_f64(i, column)
}

/// A label field, as written.
#[inline]
pub(crate) fn label(table: &CsvTable, i: usize, column: &str) -> Result<String> {
    Ok(label_text(table, i, column)?.to_string())
}

/// A label field, as written, borrowed from the table.
#[inline]
pub(crate) fn label_text<'t>(table: &'t CsvTable, i: usize, column: &str) -> Result<&'t str> {
    table.text(i, column)
}

/// An event or status code under `rule`: an empty field and a code
/// outside the rule are errors at the field (the code shown as written).
/// 0/1 events are exactly `0` or `1`; causes and counts are integers up
/// to 2^32 − 1.
#[inline]
pub(crate) fn code(table: &CsvTable, i: usize, column: &str, rule: CodeRule) -> Result<i64> {
    let text = table.text(i, column)?.trim();
    let parsed = match (rule, text) {
        (_, "") => {
            return Err(Error::Csv {
                at: table.at(i, column),
                problem: CsvProblem::EmptyField,
            });
        }
        (CodeRule::ZeroOne, "0") => Some(0),
        (CodeRule::ZeroOne, "1") => Some(1),
        (CodeRule::ZeroOne, _) => None,
        (_, text) => text.parse::<i64>().ok().filter(|c| rule.check(*c).is_ok()),
    };
    parsed.ok_or_else(|| table.invalid_value(i, column, rule.problem(text)))
}

/// A positive case weight field (interval-censored data: finite, > 0).
#[inline]
pub(crate) fn positive_weight(table: &CsvTable, i: usize, column: &str) -> Result<f64> {
    let w = table.parse_f64(i, column)?;
    check_weight(w).map_err(|p| table.invalid_value(i, column, p))?;
    Ok(w)
}

/// An interval `(left, right]` of line `i`: left a finite non-negative
/// number, right a number ≥ left, `Inf` or empty for right-censored (+∞).
pub(crate) fn interval(
    table: &CsvTable,
    i: usize,
    left_column: &str,
    right_column: &str,
) -> Result<(f64, f64)> {
    let l = table.parse_f64(i, left_column)?;
    let text = table.text(i, right_column)?.trim();
    let r = if text.is_empty() {
        f64::INFINITY
    } else {
        match text.parse::<f64>() {
            Ok(v) if v.is_nan() || v == f64::NEG_INFINITY => {
                return Err(Error::Csv {
                    at: table.at(i, right_column),
                    problem: CsvProblem::NotFinite {
                        text: text.to_string(),
                    },
                });
            }
            Ok(v) => v,
            Err(_) => {
                return Err(Error::Csv {
                    at: table.at(i, right_column),
                    problem: CsvProblem::UnparsableNumber {
                        text: text.to_string(),
                    },
                });
            }
        }
    };
    check_interval(l, r).map_err(|(c, p)| {
        let column = if c == "left" {
            left_column
        } else {
            right_column
        };
        table.invalid_value(i, column, p)
    })?;
    Ok((l, r))
}
