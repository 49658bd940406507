//! The value checks every kind of survival input shares, with today's
//! error texts: times, weights, entry before exit, event/status codes,
//! factor labels, column lengths.

use crate::error::{Error, Result, ValueProblem, invalid};

/// An [`Error::InvalidValue`] at a row (counting from 0) and a column.
pub(crate) fn invalid_at(row: usize, column: &str, problem: ValueProblem) -> Error {
    Error::InvalidValue {
        row,
        column: column.to_string(),
        problem,
    }
}

/// A time: finite and not negative.
#[inline]
pub(crate) fn validate_time(t: f64) -> std::result::Result<(), ValueProblem> {
    if !t.is_finite() {
        Err(ValueProblem::NotFinite { value: t })
    } else if t < 0.0 {
        Err(ValueProblem::NegativeTime { value: t })
    } else {
        Ok(())
    }
}

/// A case weight: finite and not negative.
#[inline]
pub(crate) fn validate_weight(w: f64) -> std::result::Result<(), ValueProblem> {
    if !w.is_finite() {
        Err(ValueProblem::NotFinite { value: w })
    } else if w < 0.0 {
        Err(ValueProblem::NegativeWeight { value: w })
    } else {
        Ok(())
    }
}

/// An entry time: a valid time strictly before the exit `t`.
#[inline]
pub(crate) fn validate_entry(a: f64, t: f64) -> std::result::Result<(), ValueProblem> {
    validate_time(a)?;
    if a >= t {
        Err(ValueProblem::EntryNotBeforeExit { entry: a, exit: t })
    } else {
        Ok(())
    }
}

/// What an event or status column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeRule {
    /// 0 = censored, 1 = event (column `event`).
    ZeroOne,
    /// 0 = censored, k ≥ 1 = the cause (column `status`).
    Cause,
    /// A non-negative count of events (column `event`).
    Count,
}

impl CodeRule {
    /// The generic column name used in builder errors.
    pub(crate) fn column(self) -> &'static str {
        match self {
            CodeRule::Cause => "status",
            CodeRule::ZeroOne | CodeRule::Count => "event",
        }
    }

    /// The allowed values, as shown in errors.
    pub(crate) fn allowed(self) -> &'static str {
        match self {
            CodeRule::ZeroOne => "0 or 1",
            CodeRule::Cause => "0 (censored) or a positive integer cause",
            CodeRule::Count => "a non-negative integer count",
        }
    }

    /// The error for a code outside the rule, showing the code as given.
    pub(crate) fn problem(self, code: &str) -> ValueProblem {
        ValueProblem::EventCode {
            code: code.to_string(),
            allowed: self.allowed().to_string(),
        }
    }

    /// Checks one code (inlined: it runs once per row; the error is built
    /// out of line).
    #[inline(always)]
    pub(crate) fn check(self, code: i64) -> std::result::Result<(), ValueProblem> {
        if self.accepts(code) {
            Ok(())
        } else {
            Err(self.bad_code(code))
        }
    }

    /// True when the rule allows `code`.
    #[inline(always)]
    pub(crate) fn accepts(self, code: i64) -> bool {
        match self {
            CodeRule::ZeroOne => code == 0 || code == 1,
            CodeRule::Cause | CodeRule::Count => (0..=i64::from(u32::MAX)).contains(&code),
        }
    }

    #[cold]
    #[inline(never)]
    fn bad_code(self, code: i64) -> ValueProblem {
        self.problem(&code.to_string())
    }
}

/// A column's length against the `n` rows of the time column.
pub(crate) fn check_len(column: &str, len: usize, n: usize) -> Result<()> {
    if len == n {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            column: column.to_string(),
            expected: n,
            found: len,
        })
    }
}

/// The labels of codes given as a factor: non-empty, distinct and in byte
/// order.
pub(crate) fn check_factor_labels(what: &str, labels: &[String]) -> Result<()> {
    if labels.is_empty()
        || labels.len() > (u32::MAX >> 1) as usize
        || labels
            .windows(2)
            .any(|w| w[0].as_bytes() >= w[1].as_bytes())
    {
        return Err(invalid(
            what,
            "must be non-empty, distinct and in byte order",
        ));
    }
    Ok(())
}

/// A code into `k` labels.
#[inline]
pub(crate) fn check_code(code: u32, k: usize) -> std::result::Result<(), ValueProblem> {
    if (code as usize) < k {
        Ok(())
    } else {
        Err(ValueProblem::UnknownCode {
            code: code.to_string(),
            allowed: format!("below {k}"),
        })
    }
}

/// Checks one interval: `left` finite and ≥ 0; `right` not NaN, not `−∞`,
/// and ≥ `left` (`+∞` allowed). The error names the column at fault.
pub(crate) fn check_interval(
    left: f64,
    right: f64,
) -> std::result::Result<(), (&'static str, ValueProblem)> {
    validate_time(left).map_err(|p| ("left", p))?;
    if right.is_nan() || right == f64::NEG_INFINITY {
        return Err(("right", ValueProblem::NotFinite { value: right }));
    }
    if right < left {
        return Err(("right", ValueProblem::RightBeforeLeft { left, right }));
    }
    Ok(())
}

/// Checks a case weight: finite and strictly positive.
pub(crate) fn check_weight(w: f64) -> std::result::Result<(), ValueProblem> {
    if !w.is_finite() {
        Err(ValueProblem::NotFinite { value: w })
    } else if w <= 0.0 {
        Err(ValueProblem::WeightNotPositive { value: w })
    } else {
        Ok(())
    }
}
