//! A fast exact path for the decimal numbers of a CSV field, bit-identical
//! to the standard library's parse (and so to [`parse_number`]).
//!
//! Fields written as `[spaces][+-]digits[.digits][(e|E)[+-]digits][spaces]`
//! whose significant digits fit 19 and whose value is `m × 10^e` with
//! `m ≤ 2^53` and `|e| ≤ 22` are converted by one exact multiplication or
//! division of two exactly representable doubles (Clinger's fast path):
//! IEEE arithmetic rounds that single operation correctly, which is the
//! value `f64::from_str` returns. Every other text (more digits, a larger
//! exponent, `inf`, `nan`, other spaces, anything malformed) goes to
//! [`parse_number`], so accepted texts, values and errors are the same.

use crate::error::CsvProblem;

/// 10^0 ..= 10^22: every power of ten a double holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Largest mantissa a double holds exactly (every integer up to it).
const MAX_EXACT: u64 = 1 << 53;

/// The number of a field (spaces around it ignored) as [`parse_number`]
/// reads it: the same value bit for bit, or the same problem.
#[inline]
pub(crate) fn parse_field(field: &str) -> Result<f64, CsvProblem> {
    match fast(field.as_bytes()) {
        Some(v) => Ok(v),
        None => parse_number(field),
    }
}

/// [`parse_field`] of a field's bytes (UTF-8: the text of a CSV record,
/// checked when read; other bytes are unparsable text).
#[inline]
pub(crate) fn parse_field_bytes(field: &[u8]) -> Result<f64, CsvProblem> {
    match fast(field) {
        Some(v) => Ok(v),
        None => match std::str::from_utf8(field) {
            Ok(text) => parse_number(text),
            Err(_) => Err(CsvProblem::UnparsableNumber {
                text: String::from_utf8_lossy(field).trim().to_string(),
            }),
        },
    }
}

/// The digits of `s` from `at` accumulated into `m` (wrapping: the caller
/// refuses more than 19 significant digits): the position after them.
#[inline(always)]
fn digits(s: &[u8], mut at: usize, m: &mut u64) -> usize {
    while let Some(&b) = s.get(at) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        *m = m.wrapping_mul(10).wrapping_add(u64::from(d));
        at += 1;
    }
    at
}

/// Zeros of `s` from `at`: the position after them.
#[inline(always)]
fn zeros(s: &[u8], mut at: usize) -> usize {
    while s.get(at) == Some(&b'0') {
        at += 1;
    }
    at
}

/// An optional sign at `at` (moved past it): true for `-`.
#[inline]
fn sign(s: &[u8], at: &mut usize) -> bool {
    match s.get(*at) {
        Some(b'-') => {
            *at += 1;
            true
        }
        Some(b'+') => {
            *at += 1;
            false
        }
        _ => false,
    }
}

/// The exact fast path: `None` when the text is outside its grammar or
/// range (the caller then parses with the standard library).
#[inline]
fn fast(s: &[u8]) -> Option<f64> {
    let mut at = 0;
    while s.get(at) == Some(&b' ') {
        at += 1;
    }
    let negative = sign(s, &mut at);
    // Significant digits: from the first non-zero digit on.
    let mut m = 0_u64;
    let int_start = at;
    let first = zeros(s, at);
    at = digits(s, first, &mut m);
    let mut significant = at - first;
    let int_digits = at - int_start;
    let mut frac_digits = 0;
    if s.get(at) == Some(&b'.') {
        let frac_start = at + 1;
        let first = if m == 0 {
            zeros(s, frac_start)
        } else {
            frac_start
        };
        at = digits(s, first, &mut m);
        significant += at - first;
        frac_digits = at - frac_start;
    }
    if int_digits + frac_digits == 0 || significant > 19 {
        return None;
    }
    let mut exp: i64 = 0;
    if let Some(b'e' | b'E') = s.get(at) {
        at += 1;
        let exp_negative = sign(s, &mut at);
        let start = at;
        while let Some(&b) = s.get(at) {
            let d = b.wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            // Past 4 digits the exponent is outside the fast range anyway.
            if at - start < 4 {
                exp = exp * 10 + i64::from(d);
            } else {
                return None;
            }
            at += 1;
        }
        if at == start {
            return None;
        }
        if exp_negative {
            exp = -exp;
        }
    }
    while s.get(at) == Some(&b' ') {
        at += 1;
    }
    if at != s.len() || m > MAX_EXACT {
        return None;
    }
    let e = exp - frac_digits as i64;
    let v = m as f64;
    let v = match e {
        0 => v,
        1..=22 => v * POW10[e as usize],
        -22..=-1 => v / POW10[(-e) as usize],
        // m = 0 is zero at any exponent (std agrees: 0e999 is 0).
        _ if m == 0 => 0.0,
        _ => return None,
    };
    Some(if negative { -v } else { v })
}

/// A finite number from a field's text (spaces around it ignored): the
/// problem of an empty field, unparsable text, NaN or infinity.
pub(super) fn parse_number(text: &str) -> std::result::Result<f64, CsvProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CsvProblem::EmptyField);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(CsvProblem::NotFinite {
            text: text.to_string(),
        }),
        Err(_) => Err(CsvProblem::UnparsableNumber {
            text: text.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(text: &str) {
        let want = parse_number(text);
        for got in [parse_field(text), parse_field_bytes(text.as_bytes())] {
            match (&want, &got) {
                (Ok(a), Ok(b)) => assert_eq!(a.to_bits(), b.to_bits(), "`{text}`: {a} vs {b}"),
                _ => assert_eq!(want, got, "`{text}`"),
            }
        }
    }

    #[test]
    fn typical_fields_take_the_fast_path() {
        for (t, v) in [
            ("2.475414", 2.475414),
            ("-0.551679", -0.551679),
            ("381", 381.0),
            (" 1e3 ", 1000.0),
            ("+.5", 0.5),
        ] {
            assert_eq!(fast(t.as_bytes()), Some(v), "{t}");
        }
        for t in [
            "inf",
            "1e23",
            "12345678901234567890",
            "\t1",
            "1.5x",
            "",
            ".",
        ] {
            assert_eq!(fast(t.as_bytes()), None, "{t}");
        }
    }

    #[test]
    fn edge_cases_match_the_standard_parse() {
        for t in [
            "",
            " ",
            "0",
            "-0",
            "+0",
            "-0.0",
            "00",
            "007",
            "1",
            "-1",
            "+1",
            " 2 ",
            "\t3\t",
            "3 ",
            " -4.5",
            ".5",
            "5.",
            "-.5",
            "+.5",
            "-5.",
            ".",
            "-",
            "+",
            "+-1",
            "--1",
            "1.2.3",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "1e",
            "1e+",
            "e5",
            ".e5",
            "1.e5",
            ".5e1",
            "1e22",
            "1e23",
            "1e-22",
            "1e-23",
            "9007199254740992",
            "9007199254740993",
            "9007199254740993e-3",
            "123456789012345678",
            "1234567890123456789",
            "12345678901234567890",
            "0.000000000000000000001234",
            "00000000000000000000000001.5",
            "1_000",
            "1,5",
            "inf",
            "-inf",
            "Infinity",
            "NaN",
            "nan",
            "1e400",
            "-1e400",
            "1e-400",
            "0e999",
            "0e99999",
            "4.9e-324",
            "1.7976931348623157e308",
            "2.475414",
            "-2.339331",
            "0.123456",
            "\u{a0}1",
            "1\u{a0}",
            "\u{3000}7",
            "\u{b}1",
            "1\r",
            "\n1",
            "0x10",
            "1f",
            "1d",
            "１",
            "1e0000001",
            "1e00005",
            "-0e5",
            "12345678901234567890e-5",
            "0.1e-400",
        ] {
            same(t);
        }
    }

    proptest! {
        #[test]
        fn random_decimals_match(
            lead in "[ \t]{0,2}",
            sign in "[+-]?",
            int in "[0-9]{0,22}",
            dot in "\\.?",
            frac in "[0-9]{0,22}",
            exp in "([eE][+-]?[0-9]{1,4})?",
            trail in "[ \t]{0,2}",
        ) {
            same(&format!("{lead}{sign}{int}{dot}{frac}{exp}{trail}"));
        }

        #[test]
        fn random_texts_match(text in "[-+0-9.eEinfaINFA \t]{0,24}") {
            same(&text);
        }

        #[test]
        fn printed_doubles_match(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            same(&v.to_string());
            same(&format!("{v:e}"));
            same(&format!("{v:.6}"));
        }
    }
}
