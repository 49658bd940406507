//! Logarithms of the standard normal tail probabilities to full double
//! precision far into the tails, where Φ itself underflows.
//!
//! ln Q(x) for x ≥ 0 (Q = 1 − Φ): below 2.5 from the Maclaurin series of
//! erf (as [`crate::cohort`]'s two-sided p-values); above, from Laplace's
//! continued fraction Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))),
//! evaluated by the modified Lentz method and kept on the log scale, so
//! ln Q(40) = −804.6… is exact instead of −∞.

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;

/// erf(x) for 0 ≤ x < 2.5 from its Maclaurin series.
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

/// ln of the continued fraction denominator x + 1/(x + 2/(x + …)), x ≥ 2.5.
fn ln_mills_denominator(x: f64) -> f64 {
    let tiny = 1e-300;
    let mut f = x;
    let (mut c, mut d) = (f, 0.0);
    for k in 1..5000 {
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
    f.ln()
}

/// ln Q(x) = ln(1 − Φ(x)) for x ≥ 0.
fn ln_upper_nonneg(x: f64) -> f64 {
    if x < 2.5 {
        // Q(x) = erfc(x/√2)/2 = (1 − erf(x/√2))/2; erf ≤ 0.988 here, no cancellation worth noting.
        (0.5 * (1.0 - erf_series(x / std::f64::consts::SQRT_2))).ln()
    } else {
        -0.5 * x * x - LN_SQRT_2PI - ln_mills_denominator(x)
    }
}

/// ln Φ(x) for any x (−∞ at −∞, 0 at +∞).
pub(super) fn ln_normal_cdf(x: f64) -> f64 {
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
        (-ln_upper_nonneg(x).exp()).ln_1p()
    }
}

/// ln(1 − Φ(x)).
pub(super) fn ln_normal_sf(x: f64) -> f64 {
    ln_normal_cdf(-x)
}

/// Two-sided p-value of a standard normal statistic, 2·Φ(−|z|), accurate
/// far into the tail.
pub(super) fn two_sided_p(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    2.0 * ln_normal_cdf(-z.abs()).exp()
}

/// The p-quantile of the standard normal for 0 < p < 1: statrs' value
/// refined by Newton steps on ln Φ (or ln Q above the median) until the
/// step is below 1e-15 relative.
pub(super) fn normal_quantile(p: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    if p == 0.5 {
        return 0.0;
    }
    let mut x = Normal::standard().inverse_cdf(p);
    let upper = p > 0.5;
    let target = if upper { (1.0 - p).ln() } else { p.ln() };
    for _ in 0..20 {
        let (lp, ld) = if upper {
            (ln_normal_sf(x), -0.5 * x * x - LN_SQRT_2PI)
        } else {
            (ln_normal_cdf(x), -0.5 * x * x - LN_SQRT_2PI)
        };
        // d ln P / dx = ±φ/P
        let slope = (ld - lp).exp() * if upper { -1.0 } else { 1.0 };
        let step = (lp - target) / slope;
        x -= step;
        if step.abs() <= 1e-15 * x.abs().max(1e-300) {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::excessive_precision)] // R's %.17g output, kept as printed
    fn log_tails_match_r() {
        // R: pnorm(x, log.p = TRUE), printed with %.17g
        let cases = [
            (-40.0, -804.6084420137538),
            (-10.0, -53.23128515051247),
            (-3.0, -6.6077262215103492),
            (-1.0, -1.8410216450092636),
            (0.0, -std::f64::consts::LN_2),
            (1.5, -0.069143455612233992),
            (6.0, -9.8658764552437559e-10),
        ];
        for (x, r) in cases {
            let ours = ln_normal_cdf(x);
            assert!((ours - r).abs() <= 2e-15 * r.abs(), "x {x}: {ours} vs {r}");
        }
        assert_eq!(ln_normal_sf(f64::INFINITY), f64::NEG_INFINITY);
    }

    #[test]
    #[allow(clippy::excessive_precision)]
    fn quantiles_match_r() {
        // R: qnorm(p), %.17g
        for (p, r) in [
            (0.1, -1.2815515655446008),
            (0.9, 1.2815515655446008),
            (0.975, 1.9599639845400536),
            (1e-10, -6.3613409024040557),
        ] {
            let q = normal_quantile(p);
            assert!((q - r).abs() <= 1e-14 * r.abs(), "p {p}: {q} vs {r}");
        }
    }
}
