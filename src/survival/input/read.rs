//! The one adapter between a [`CsvTable`] and survival input: every read
//! of a time, weight, code or label field goes through here, with errors
//! at the field's file, line and column. A faster (columnar) table can be
//! plugged in by changing only these functions.

use super::check::{
    CodeRule, check_interval, check_weight, validate_entry, validate_time, validate_weight,
};
use std::borrow::Cow;

use crate::data::CsvTable;
use crate::error::{CsvProblem, Error, Result};

/// A time field: a finite, non-negative number.
#[inline]
pub(crate) fn time(table: &CsvTable, i: usize, column: &str) -> Result<f64> {
    let t = table.parse_f64(i, column)?;
    validate_time(t).map_err(|p| table.invalid_value(i, column, p))?;
    Ok(t)
}

/// A time field already parsed (`t`): checked as [`time`] checks it.
#[inline]
pub(crate) fn checked_time(table: &CsvTable, i: usize, column: &str, t: f64) -> Result<f64> {
    validate_time(t).map_err(|p| table.invalid_value(i, column, p))?;
    Ok(t)
}

/// A numeric column resolved once, before a row-by-row reading: the
/// numbers the table parsed ahead ([`CsvTable::parsed_numbers`]: a column
/// read as numbers, or with feature `parallel` one parsed on several
/// threads); a row without a number there is read as [`number`] reads it,
/// so that errors are the row-by-row ones, met in the same order.
pub(crate) struct Parsed<'t>(Option<Cow<'t, [f64]>>);

impl<'t> Parsed<'t> {
    /// Resolves `column` (nothing for a column that is absent or not read).
    pub(crate) fn new(table: &'t CsvTable, column: &str) -> Self {
        Parsed(table.parsed_numbers(column))
    }

    /// The number of row `i`: parsed, or read as [`number`] reads it.
    #[inline]
    pub(crate) fn number(&self, table: &CsvTable, i: usize, column: &str) -> Result<f64> {
        match self.0.as_deref().and_then(|v| v.get(i)) {
            Some(&v) if !v.is_nan() => Ok(v),
            _ => number(table, i, column),
        }
    }
}

/// An event or status column resolved once: a coded column's distinct
/// texts checked once each under the rule; other rows (and every row of a
/// column that is not coded) are read as [`code`] reads them.
pub(crate) struct Codes<'t>(Option<(&'t [u16], Vec<Option<i64>>)>);

impl<'t> Codes<'t> {
    /// Resolves `column` under `rule`.
    pub(crate) fn new(table: &'t CsvTable, column: &str, rule: CodeRule) -> Self {
        Codes(
            table
                .coded(column)
                .map(|(codes, values)| (codes, values.iter().map(|v| code_of(v, rule)).collect())),
        )
    }

    /// The code of row `i`, or its error as [`code`] gives it.
    #[inline]
    pub(crate) fn code(
        &self,
        table: &CsvTable,
        i: usize,
        column: &str,
        rule: CodeRule,
    ) -> Result<i64> {
        if let Some((codes, values)) = &self.0
            && let Some(Some(c)) = codes.get(i).map(|&k| values[k as usize])
        {
            return Ok(c);
        }
        code(table, i, column, rule)
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
    if text.is_empty() {
        return Err(Error::Csv {
            at: table.at(i, column),
            problem: CsvProblem::EmptyField,
        });
    }
    code_of(text, rule).ok_or_else(|| table.invalid_value(i, column, rule.problem(text)))
}

/// The code a field's text stands for under `rule` (spaces around it
/// ignored), `None` when empty or outside the rule.
fn code_of(text: &str, rule: CodeRule) -> Option<i64> {
    match (rule, text.trim()) {
        (_, "") => None,
        (CodeRule::ZeroOne, "0") => Some(0),
        (CodeRule::ZeroOne, "1") => Some(1),
        (CodeRule::ZeroOne, _) => None,
        (_, text) => text.parse::<i64>().ok().filter(|c| rule.check(*c).is_ok()),
    }
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
