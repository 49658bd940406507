//! Numbers written as Rust's `{}` writes an `f64` (the shortest digits
//! that read back to the same value, never an exponent), with the digits
//! found by Żmij (the `zmij` crate), appended as bytes: several times
//! faster than the standard library's formatting. The text is the same as
//! `{}`'s except at an exact tie between two shortest digit strings (a
//! value exactly halfway, possible only when the spacing of doubles exceeds
//! the last digit, e.g. 819071642106452.25): the even digit against `{}`'s
//! upper one. Both read back to the same value.

use std::fmt;

/// An `f64` displayed as `{}` displays it (the same value on read-back;
/// the same text but at exact ties, see the module notes).
///
/// # Example
/// ```
/// use return_migration::data::ShortFloat;
/// for v in [0.1, -2.5e-7, 1e21, 123.0, -0.0, 5e-324, 0.4142135623730951] {
///     assert_eq!(ShortFloat(v).to_string(), v.to_string());
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShortFloat(pub f64);

/// Longest text of a finite non-zero `f64` written without an exponent:
/// a sign, `0.`, 323 zeros and 17 digits (5e-324 and its neighbours), or
/// 309 integer digits (near `f64::MAX`).
const LONGEST: usize = 1 + 2 + 323 + 17;

impl ShortFloat {
    /// Appends the text to `out` (the same bytes as the `Display`), without
    /// the formatting machinery: the fast path of the CSV writers.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::ShortFloat;
    /// let mut out = b"x=".to_vec();
    /// ShortFloat(7.0709e-6).push_to(&mut out);
    /// assert_eq!(out, b"x=0.0000070709");
    /// ```
    pub fn push_to(self, out: &mut Vec<u8>) {
        let v = self.0;
        if !v.is_finite() || v == 0.0 {
            out.extend_from_slice(v.to_string().as_bytes());
            return;
        }
        let mut buffer = zmij::Buffer::new();
        let text = buffer.format_finite(v).as_bytes();
        // Plain decimals (small and moderate magnitudes) are `{}`'s text but
        // for a `.0` after a whole number.
        // An exponent (`e-7`, `e308`) stands in the last five bytes.
        if !text[text.len().saturating_sub(5)..].contains(&b'e') {
            out.extend_from_slice(text.strip_suffix(b".0").unwrap_or(text));
            return;
        }
        let (negative, text) = match text.strip_prefix(b"-") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let e = text.iter().position(|&b| b == b'e').unwrap_or(text.len());
        let (mantissa, exponent) = (&text[..e], &text[(e + 1).min(text.len())..]);
        let exponent: i32 = std::str::from_utf8(exponent)
            .ok()
            .and_then(|x| x.parse().ok())
            .unwrap_or(0);
        let (int, frac) = match mantissa.iter().position(|&b| b == b'.') {
            Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
            None => (mantissa, &mantissa[..0]),
        };
        let mut digits = [0_u8; 40];
        let mut n = 0;
        for &b in int.iter().chain(frac).take(digits.len()) {
            digits[n] = b;
            n += 1;
        }
        // Digits d1 d2 ... with value 0.d1d2... × 10^point.
        let lead = digits[..n].iter().take_while(|&&d| d == b'0').count();
        let point = int.len() as i32 + exponent - lead as i32;
        let digits = &digits[lead..n];
        let trail = digits.iter().rev().take_while(|&&d| d == b'0').count();
        let digits = &digits[..digits.len() - trail];
        let len = digits.len() as i32;
        out.reserve(LONGEST);
        if negative {
            out.push(b'-');
        }
        if point <= 0 {
            out.extend_from_slice(b"0.");
            out.resize(out.len() + (-point) as usize, b'0');
            out.extend_from_slice(digits);
        } else if point < len {
            out.extend_from_slice(&digits[..point as usize]);
            out.push(b'.');
            out.extend_from_slice(&digits[point as usize..]);
        } else {
            out.extend_from_slice(digits);
            out.resize(out.len() + (point - len) as usize, b'0');
        }
    }
}

impl fmt::Display for ShortFloat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Vec::with_capacity(32);
        self.push_to(&mut out);
        f.write_str(std::str::from_utf8(&out).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_as_display_on_a_million_values() {
        let mut state = 20_261_204_u64;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let special = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1,
            0.3,
            1e-7,
            1e15,
            1e16,
            1e17,
            1e21,
            1e22,
            1e23,
            123_456_789.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            2.0_f64.powi(53),
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.95,
            1.0 / 3.0,
        ];
        for v in special {
            assert_eq!(ShortFloat(v).to_string(), v.to_string());
        }
        let mut ties = 0;
        for k in 0..1_000_000 {
            let bits = next();
            // Any bit pattern; survival-like values (probabilities, times).
            let v = match k % 3 {
                0 => f64::from_bits(bits),
                1 => (bits >> 11) as f64 / (1u64 << 53) as f64,
                _ => ((bits >> 40) as f64) / 1000.0,
            };
            let (ours, std) = (ShortFloat(v).to_string(), v.to_string());
            if v.is_nan() {
                assert_eq!(ours, "NaN");
                continue;
            }
            assert_eq!(
                ours.parse::<f64>().unwrap().to_bits(),
                v.to_bits(),
                "{ours}"
            );
            if ours != std {
                // Only a tie: same length, last digit one apart.
                let (a, b) = (ours.as_bytes(), std.as_bytes());
                let n = a.len();
                assert!(n == b.len() && a[..n - 1] == b[..n - 1], "{ours} {std}");
                assert_eq!(a[n - 1] + 1, b[n - 1], "{ours} {std}");
                assert_eq!((a[n - 1] - b'0') % 2, 0, "{ours} {std}");
                ties += 1;
            }
        }
        // Ties are rare (large magnitudes only).
        assert!(ties < 100, "{ties}");
    }
}
