//! The four distributions of log time: Weibull and exponential (extreme
//! value), log-normal (normal), log-logistic (logistic), as R's `survreg`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::tails::{ln_normal_cdf, ln_normal_sf, normal_quantile};
use crate::error::{Result, invalid};

/// The distribution of survival time T in the accelerated failure time
/// model log T = x·β + σ·W, named as in R's `survreg(dist = ...)`.
///
/// | `Dist` | W (standardised log time) | scale σ |
/// |---|---|---|
/// | `Weibull` | extreme value (minimum), S(w) = exp(−eʷ) | estimated |
/// | `Exponential` | extreme value | fixed at 1 |
/// | `LogNormal` | standard normal | estimated |
/// | `LogLogistic` | logistic, S(w) = 1/(1 + eʷ) | estimated |
///
/// # Example
/// ```
/// use return_migration::survival::Dist;
/// assert_eq!(Dist::parse("lognormal")?, Dist::LogNormal);
/// assert_eq!(Dist::Weibull.to_string(), "weibull");
/// assert!(!Dist::Exponential.has_scale());
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Dist {
    /// Weibull: extreme-value log time, scale estimated.
    #[default]
    Weibull,
    /// Exponential: the Weibull with scale 1.
    Exponential,
    /// Log-normal: normal log time.
    LogNormal,
    /// Log-logistic: logistic log time.
    LogLogistic,
}

/// The standardised distribution of W = (log T − η)/σ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Standard {
    ExtremeValue,
    Normal,
    Logistic,
}

impl Dist {
    /// All four, in the order of the `--dist` help text.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Dist;
    /// assert_eq!(Dist::ALL.len(), 4);
    /// ```
    pub const ALL: [Dist; 4] = [
        Dist::Weibull,
        Dist::Exponential,
        Dist::LogNormal,
        Dist::LogLogistic,
    ];

    /// R's name: `weibull`, `exponential`, `lognormal`, `loglogistic`.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Dist;
    /// assert_eq!(Dist::LogLogistic.name(), "loglogistic");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Dist::Weibull => "weibull",
            Dist::Exponential => "exponential",
            Dist::LogNormal => "lognormal",
            Dist::LogLogistic => "loglogistic",
        }
    }

    /// The distribution of an R name (see [`Dist::name`]); an error otherwise.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Dist;
    /// assert!(Dist::parse("gamma").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<Dist> {
        Dist::ALL
            .into_iter()
            .find(|d| d.name() == name)
            .ok_or_else(|| {
                invalid(
                    "dist",
                    format!("`{name}` is not one of weibull, exponential, lognormal, loglogistic"),
                )
            })
    }

    /// Whether the scale σ is estimated (false for the exponential).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Dist;
    /// assert!(Dist::Weibull.has_scale());
    /// ```
    pub fn has_scale(&self) -> bool {
        !matches!(self, Dist::Exponential)
    }

    pub(super) fn standard(&self) -> Standard {
        match self {
            Dist::Weibull | Dist::Exponential => Standard::ExtremeValue,
            Dist::LogNormal => Standard::Normal,
            Dist::LogLogistic => Standard::Logistic,
        }
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// ln(1 + eˣ) without overflow.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// ln(1 − eᵃ) for a ≤ 0, accurate on both sides of a = −ln 2.
pub(super) fn ln_one_minus_exp(a: f64) -> f64 {
    if a > -std::f64::consts::LN_2 {
        (-a.exp_m1()).ln()
    } else {
        (-a.exp()).ln_1p()
    }
}

impl Standard {
    /// The median of W (where S = F = ½).
    pub fn median(self) -> f64 {
        match self {
            Standard::ExtremeValue => std::f64::consts::LN_2.ln(),
            Standard::Normal | Standard::Logistic => 0.0,
        }
    }

    /// ln f(w).
    pub fn ln_density(self, w: f64) -> f64 {
        match self {
            Standard::ExtremeValue => w - w.exp(),
            Standard::Normal => -0.5 * w * w - LN_SQRT_2PI,
            Standard::Logistic => -softplus(w) - softplus(-w),
        }
    }

    /// g(w) = d ln f / dw and g'(w).
    pub fn score(self, w: f64) -> (f64, f64) {
        match self {
            Standard::ExtremeValue => {
                let e = w.exp();
                (1.0 - e, -e)
            }
            Standard::Normal => (-w, -1.0),
            Standard::Logistic => {
                // F = expit(w); g = 1 − 2F; g' = −2F(1 − F)
                let (f, s) = if w >= 0.0 {
                    let e = (-w).exp();
                    (1.0 / (1.0 + e), e / (1.0 + e))
                } else {
                    let e = w.exp();
                    (e / (1.0 + e), 1.0 / (1.0 + e))
                };
                (s - f, -2.0 * f * s)
            }
        }
    }

    /// ln S(w) = ln P(W > w).
    pub fn ln_sf(self, w: f64) -> f64 {
        match self {
            Standard::ExtremeValue => -w.exp(),
            Standard::Normal => ln_normal_sf(w),
            Standard::Logistic => -softplus(w),
        }
    }

    /// ln F(w) = ln P(W ≤ w).
    pub fn ln_cdf(self, w: f64) -> f64 {
        match self {
            Standard::ExtremeValue => ln_one_minus_exp(-w.exp()),
            Standard::Normal => ln_normal_cdf(w),
            Standard::Logistic => -softplus(-w),
        }
    }

    /// The p-quantile of W, 0 < p < 1.
    pub fn quantile(self, p: f64) -> f64 {
        match self {
            Standard::ExtremeValue => (-(-p).ln_1p()).ln(),
            Standard::Normal => normal_quantile(p),
            Standard::Logistic => (p / (1.0 - p)).ln(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn densities_integrate_to_the_cdf_and_scores_are_derivatives() {
        for s in [Standard::ExtremeValue, Standard::Normal, Standard::Logistic] {
            for &w in &[-3.0, -0.7, 0.0, 0.4, 1.9] {
                let h = 1e-5;
                // d ln F / dw = f / F
                let num = (s.ln_cdf(w + h) - s.ln_cdf(w - h)) / (2.0 * h);
                let exact = (s.ln_density(w) - s.ln_cdf(w)).exp();
                assert!((num - exact).abs() < 1e-8, "{s:?} {w}");
                // d ln f / dw = g
                let num = (s.ln_density(w + h) - s.ln_density(w - h)) / (2.0 * h);
                let (g, gp) = s.score(w);
                assert!((num - g).abs() < 1e-8, "{s:?} {w}");
                let num = (s.score(w + h).0 - s.score(w - h).0) / (2.0 * h);
                assert!((num - gp).abs() < 1e-8, "{s:?} {w}");
                // S + F = 1
                assert!((s.ln_sf(w).exp() + s.ln_cdf(w).exp() - 1.0).abs() < 1e-15);
                // quantile inverts F
                let p = s.ln_cdf(w).exp();
                assert!((s.quantile(p) - w).abs() < 1e-12, "{s:?} {w}");
            }
            assert!((s.ln_cdf(s.median()) - 0.5f64.ln()).abs() < 1e-15);
        }
    }

    #[test]
    fn far_tails_stay_finite() {
        // ln S of the extreme value at w = 5 is −e⁵; ln F at w = −40 is ≈ w.
        assert_eq!(Standard::ExtremeValue.ln_sf(5.0), -5f64.exp());
        assert!((Standard::ExtremeValue.ln_cdf(-40.0) + 40.0).abs() < 1e-15);
        assert!((Standard::Logistic.ln_sf(800.0) + 800.0).abs() < 1e-12);
        assert!(Standard::Normal.ln_sf(40.0).is_finite());
        assert_eq!(Dist::parse("weibull").unwrap(), Dist::Weibull);
    }
}
