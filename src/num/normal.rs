//! Standard normal tails, their logarithms and quantiles: the crate's one
//! precision policy for the normal distribution (checked against R's
//! `pnorm`/`qnorm` to 1e-14 relative, `tests/fixtures/normal/`).
//!
//! The upper tail Q(x) = 1 − Φ(x), x ≥ 0, comes from the Maclaurin series
//! of erf below [`SERIES_BELOW`], where Q ≥ 0.08 and the subtraction
//! 1 − erf loses at most one digit; above, from Laplace's continued fraction
//! Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), evaluated by the modified
//! Lentz method to convergence. φ(x) is computed as e^(−xₕ²/2)·e^(−(x−xₕ)(x+xₕ)/2)
//! with xₕ = x rounded down to a sixteenth, so that the rounding of x² does
//! not cost digits far into the tail. The logarithms stay on the log scale,
//! so ln Q(40) = −804.6… is exact where Q itself underflows. Quantiles are
//! statrs' (within 6e-16 of R's `qnorm`; refining them by Newton steps on
//! ln Φ moved them by an ulp either way, no closer to R).

use crate::error::{Result, invalid};

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;
const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;

/// Below this x the upper tail comes from the erf series, above from the
/// continued fraction.
const SERIES_BELOW: f64 = 1.4;

/// erf(x) for 0 ≤ x < 1 from its Maclaurin series.
fn erf_series(x: f64) -> f64 {
    let x2 = x * x;
    let (mut term, mut sum) = (x, x);
    for n in 1..200 {
        term *= -x2 / f64::from(n);
        let add = term / f64::from(2 * n + 1);
        sum += add;
        if add.abs() < 1e-17 * sum.abs() {
            break;
        }
    }
    2.0 * FRAC_1_SQRT_PI * sum
}

/// The continued fraction denominator x + 1/(x + 2/(x + …)) for x ≥ 1.
fn mills_denominator(x: f64) -> f64 {
    let tiny = 1e-300;
    let mut f = x;
    let (mut c, mut d) = (f, 0.0);
    for k in 1..10_000 {
        let a = f64::from(k);
        d = x + a * d;
        if d == 0.0 {
            d = tiny;
        }
        c = x + a / c;
        if c == 0.0 {
            c = tiny;
        }
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    f
}

/// Q(x) = 1 − Φ(x) for x ≥ 0.
fn upper_nonneg(x: f64) -> f64 {
    if x < SERIES_BELOW {
        0.5 * (1.0 - erf_series(x / std::f64::consts::SQRT_2))
    } else if x > 40.0 {
        0.0 // below the smallest subnormal
    } else {
        let xh = (x * 16.0).trunc() / 16.0;
        let del = (x - xh) * (x + xh);
        FRAC_1_SQRT_2PI * (-0.5 * xh * xh).exp() * (-0.5 * del).exp() / mills_denominator(x)
    }
}

/// ln Q(x) = ln(1 − Φ(x)) for x ≥ 0.
fn ln_upper_nonneg(x: f64) -> f64 {
    if x < SERIES_BELOW {
        upper_nonneg(x).ln()
    } else {
        -0.5 * x * x - LN_SQRT_2PI - mills_denominator(x).ln()
    }
}

/// ln Φ(x) for any x (−∞ at −∞, 0 at +∞).
pub(crate) fn ln_normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    if x == f64::INFINITY {
        return 0.0;
    }
    if x < 0.0 {
        ln_upper_nonneg(-x)
    } else {
        // ln(1 − Q(x)), Q(x) ≤ ½
        (-upper_nonneg(x)).ln_1p()
    }
}

/// ln(1 − Φ(x)).
pub(crate) fn ln_normal_sf(x: f64) -> f64 {
    ln_normal_cdf(-x)
}

/// Two-sided p-value of a standard normal statistic, 2·Φ(−|z|), accurate
/// far into the tail.
pub(crate) fn two_sided_p(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    2.0 * upper_nonneg(z.abs())
}

/// The p-quantile of the standard normal for 0 < p < 1 (R's `qnorm(p)`):
/// statrs' inverse, which is within 6e-16 relative of R on the committed grid
/// from 1e-300 to 1 − 2⁻⁵² (Newton refinement on ln Φ brings nothing more).
pub(crate) fn normal_quantile(p: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().inverse_cdf(p)
}

/// The two-sided normal quantile of a confidence level, Φ⁻¹(1 − (1 − level)/2);
/// errors outside (0, 1).
pub(crate) fn z_of_level(level: f64) -> Result<f64> {
    if !(level > 0.0 && level < 1.0) {
        return Err(invalid(
            "conf_level",
            format!("{level} is not strictly between 0 and 1"),
        ));
    }
    Ok(normal_quantile(1.0 - (1.0 - level) / 2.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative 1e-14 against R; where R prints 0 (underflow) ours must be
    /// below 1e-300 too.
    fn close(what: &str, at: f64, ours: f64, r: f64) {
        let ok = if r == 0.0 {
            ours.abs() < 1e-300
        } else {
            (ours - r).abs() <= 1e-14 * r.abs()
        };
        assert!(ok, "{what}({at}): {ours:e} vs R {r:e}");
    }

    /// Φ(x), the standard normal distribution function (R's `pnorm(x)`).
    fn normal_cdf(x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        if x < 0.0 {
            upper_nonneg(-x)
        } else {
            1.0 - upper_nonneg(x)
        }
    }

    /// 1 − Φ(x) (R's `pnorm(x, lower.tail = FALSE)`).
    fn normal_sf(x: f64) -> f64 {
        normal_cdf(-x)
    }

    fn rows(csv: &str) -> impl Iterator<Item = Vec<f64>> + '_ {
        csv.lines()
            .skip(1)
            .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
    }

    #[test]
    fn tails_match_r_pnorm() {
        let csv = include_str!("../../tests/fixtures/normal/pnorm.csv");
        let mut n = 0;
        for r in rows(csv) {
            let x = r[0];
            close("pnorm", x, normal_cdf(x), r[1]);
            close("sf", x, normal_sf(x), r[2]);
            close("log pnorm", x, ln_normal_cdf(x), r[3]);
            close("log sf", x, ln_normal_sf(x), r[4]);
            if x >= 0.0 {
                close("2 pnorm(-|z|)", x, two_sided_p(x), 2.0 * r[2]);
            }
            n += 1;
        }
        assert_eq!(n, 87);
    }

    #[test]
    fn quantiles_match_r_qnorm() {
        let csv = include_str!("../../tests/fixtures/normal/qnorm.csv");
        let mut n = 0;
        for r in rows(csv) {
            close("qnorm", r[0], normal_quantile(r[0]), r[1]);
            if r[0] >= 0.5 {
                // the upper quantile of p is the quantile of 1 − p, exact here
                close("qnorm upper", r[0], normal_quantile(1.0 - r[0]), r[2]);
            }
            n += 1;
        }
        assert_eq!(n, 29);
    }

    #[test]
    fn special_values() {
        assert!(two_sided_p(f64::NAN).is_nan());
        assert_eq!(two_sided_p(f64::INFINITY), 0.0);
        assert_eq!(two_sided_p(0.0), 1.0);
        assert_eq!(ln_normal_sf(f64::INFINITY), f64::NEG_INFINITY);
        assert_eq!(ln_normal_cdf(f64::INFINITY), 0.0);
        assert_eq!(normal_cdf(f64::NEG_INFINITY), 0.0);
        assert_eq!(normal_cdf(f64::INFINITY), 1.0);
        assert_eq!(normal_quantile(0.5), 0.0);
    }
}
