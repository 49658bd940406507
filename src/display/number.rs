//! The rounding policy of every table shown in a notebook.
//!
//! Numbers are rounded for reading only: the structs keep full precision
//! (serialize them, or use their CSV writers, to get every digit).
//!
//! | kind | rule | example |
//! |---|---|---|
//! | counts of persons | whole numbers with thousands separators; a weighted count keeps up to 2 decimals | `166,131`, `12.5` |
//! | probabilities (survival, q, limits) | 4 decimals | `0.8571` |
//! | ratios and estimates | 4 significant digits | `0.04985`, `1,477` |
//! | percentages | 2 decimals | `4.98%` |
//! | test statistics | 3 decimals | `16.793` |
//! | p-values | 3 significant digits; below 0.001 in scientific notation | `0.0734`, `4.17e-05` |
//! | times | as given, at most 6 significant digits | `6`, `12.5`, `0.333333` |

/// Inserts comma thousands separators into the integer part of a decimal text.
fn group_thousands(text: &str) -> String {
    let (sign, body) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = match body.find('.') {
        Some(i) => body.split_at(i),
        None => (body, ""),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out.push_str(frac);
    out
}

/// Drops trailing zeros (and a trailing point) of a fixed-point text.
fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Text for NaN and the infinities, so that no rule prints `NaN`.
fn non_finite(v: f64) -> Option<String> {
    if v.is_nan() {
        Some("NA".to_string())
    } else if v.is_infinite() {
        Some(if v > 0.0 { "∞" } else { "−∞" }.to_string())
    } else {
        None
    }
}

/// A count of persons: whole with thousands separators, or up to 2 decimals
/// for a weighted count.
///
/// # Example
/// ```
/// use return_migration::display::number::count;
/// assert_eq!(count(166131.0), "166,131");
/// assert_eq!(count(12.5), "12.5");
/// assert_eq!(count(2.0 / 3.0), "0.67");
/// ```
pub fn count(v: f64) -> String {
    if let Some(s) = non_finite(v) {
        return s;
    }
    group_thousands(&trim_zeros(format!("{v:.2}")))
}

/// A probability (survival, a conditional probability, a confidence limit):
/// 4 decimals.
///
/// # Example
/// ```
/// use return_migration::display::number::prob;
/// assert_eq!(prob(18.0 / 21.0), "0.8571");
/// assert_eq!(prob(1.0), "1.0000");
/// ```
pub fn prob(v: f64) -> String {
    non_finite(v).unwrap_or_else(|| format!("{v:.4}"))
}

/// A number to `digits` significant digits (at least 1), thousands separated;
/// scientific notation below 1e-4 and from 1e9 on.
///
/// # Example
/// ```
/// use return_migration::display::number::sig;
/// assert_eq!(sig(8281.0 / 166131.0, 4), "0.04985");
/// assert_eq!(sig(1477.25, 4), "1,477");
/// assert_eq!(sig(0.0, 4), "0");
/// assert_eq!(sig(3.2e-7, 3), "3.20e-7");
/// ```
pub fn sig(v: f64, digits: usize) -> String {
    if let Some(s) = non_finite(v) {
        return s;
    }
    let digits = digits.max(1);
    if v == 0.0 {
        return "0".to_string();
    }
    let magnitude = v.abs().log10().floor() as i32;
    if !(-4..9).contains(&magnitude) {
        return format!("{:.*e}", digits - 1, v);
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let text = format!("{v:.decimals$}");
    // Rounding may carry into a new digit (9.9996 → 10.000): keep it, trimmed.
    group_thousands(&trim_zeros(text))
}

/// A percentage of a proportion, 2 decimals.
///
/// # Example
/// ```
/// use return_migration::display::number::percent;
/// assert_eq!(percent(8281.0 / 166131.0), "4.98%");
/// ```
pub fn percent(v: f64) -> String {
    non_finite(v).unwrap_or_else(|| format!("{:.2}%", 100.0 * v))
}

/// A test statistic, 3 decimals.
///
/// # Example
/// ```
/// use return_migration::display::number::statistic;
/// assert_eq!(statistic(16.79315), "16.793");
/// ```
pub fn statistic(v: f64) -> String {
    non_finite(v).unwrap_or_else(|| format!("{v:.3}"))
}

/// A p-value: 3 significant digits from 0.001 up, scientific notation below.
///
/// # Example
/// ```
/// use return_migration::display::number::p_value;
/// assert_eq!(p_value(0.07339), "0.0734");
/// assert_eq!(p_value(4.169e-5), "4.17e-5");
/// assert_eq!(p_value(1.0), "1");
/// ```
pub fn p_value(p: f64) -> String {
    if let Some(s) = non_finite(p) {
        return s;
    }
    if p != 0.0 && p < 1e-3 {
        format!("{p:.2e}")
    } else {
        sig(p, 3)
    }
}

/// A time (or any value given by the user): at most 6 significant digits,
/// no trailing zeros.
///
/// # Example
/// ```
/// use return_migration::display::number::time;
/// assert_eq!(time(6.0), "6");
/// assert_eq!(time(1.0 / 3.0), "0.333333");
/// ```
pub fn time(v: f64) -> String {
    sig(v, 6)
}

/// An optional value with a rule, `missing` for `None`.
///
/// # Example
/// ```
/// use return_migration::display::number::{opt, prob};
/// assert_eq!(opt(Some(0.5), prob), "0.5000");
/// assert_eq!(opt(None, prob), "missing");
/// ```
pub fn opt(v: Option<f64>, rule: fn(f64) -> String) -> String {
    v.map_or_else(|| "missing".to_string(), rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_and_signs() {
        assert_eq!(count(-1234567.0), "-1,234,567");
        assert_eq!(count(999.0), "999");
        assert_eq!(count(1000.0), "1,000");
        assert_eq!(count(-0.001), "0");
        assert_eq!(count(f64::NAN), "NA");
        assert_eq!(count(f64::INFINITY), "∞");
    }

    #[test]
    fn significant_digits_and_carry() {
        assert_eq!(sig(9.99996, 4), "10");
        assert_eq!(sig(0.000123456, 3), "0.000123");
        assert_eq!(sig(123456789.0, 4), "123,456,789");
        assert_eq!(sig(2.5e9, 2), "2.5e9");
        assert_eq!(sig(-0.5, 2), "-0.5");
        assert_eq!(sig(0.1692307, 4), "0.1692");
    }

    #[test]
    fn p_values() {
        assert_eq!(p_value(0.0), "0");
        assert_eq!(p_value(0.001), "0.001");
        assert_eq!(p_value(0.000999), "9.99e-4");
        assert_eq!(p_value(0.5), "0.5");
    }
}
