//! Numbers written as Rust's `{}` writes an `f64` (the shortest digits
//! that read back to the same value, never an exponent), with the digits
//! found by Ryū, several times faster than the standard library's
//! formatting. The text is the same as `{}`'s except at an exact tie
//! between two shortest digit strings (a value exactly halfway, possible
//! only when the spacing of doubles exceeds the last digit, e.g.
//! 819071642106452.25): Ryū takes the even digit, `{}` the upper one. Both
//! read back to the same value.

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

const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn zeros(f: &mut fmt::Formatter<'_>, mut n: usize) -> fmt::Result {
    while n > 0 {
        let k = n.min(ZEROS.len());
        f.write_str(&ZEROS[..k])?;
        n -= k;
    }
    Ok(())
}

impl fmt::Display for ShortFloat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if !v.is_finite() || v == 0.0 {
            return write!(f, "{v}");
        }
        let mut buffer = ryu::Buffer::new();
        let text = buffer.format_finite(v);
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match text.split_once('e') {
            Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        // Digits d1 d2 ... with value 0.d1d2... × 10^point.
        let mut digits = [0_u8; 40];
        let mut n = 0;
        for &b in int.as_bytes().iter().chain(frac.as_bytes()) {
            if n < digits.len() {
                digits[n] = b;
                n += 1;
            }
        }
        let mut point = int.len() as i32 + exponent;
        let lead = digits[..n].iter().take_while(|&&d| d == b'0').count();
        point -= lead as i32;
        let digits = &digits[lead..n];
        let trail = digits.iter().rev().take_while(|&&d| d == b'0').count();
        let digits = std::str::from_utf8(&digits[..digits.len() - trail]).unwrap_or("0");
        if negative {
            f.write_str("-")?;
        }
        let len = digits.len() as i32;
        if point <= 0 {
            f.write_str("0.")?;
            zeros(f, (-point) as usize)?;
            f.write_str(digits)
        } else if point < len {
            f.write_str(&digits[..point as usize])?;
            f.write_str(".")?;
            f.write_str(&digits[point as usize..])
        } else {
            f.write_str(digits)?;
            zeros(f, (point - len) as usize)
        }
    }
}

/// An optional number as a CSV field: [`ShortFloat`], or nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct OptFloat(pub Option<f64>);

impl fmt::Display for OptFloat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(v) => ShortFloat(v).fmt(f),
            None => Ok(()),
        }
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
