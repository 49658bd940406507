//! Pointwise confidence intervals of a survival curve, as R's `survfit`.

use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};
pub(crate) use crate::num::normal::z_of_level;

/// The transformation on which a pointwise interval is symmetric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfType {
    /// S ∓ z·se·S, clipped to [0, 1].
    Plain,
    /// S·exp(∓z·se), upper clipped at 1 (R's default).
    Log,
    /// exp(−exp(log(−log S) ∓ z·se / log S)); undefined while S = 1.
    LogLog,
    /// On log(S / (1 − S)) with se·(1 + S/(1 − S)).
    Logit,
    /// On asin(√S) with ½·se·√(S/(1 − S)), limits kept in [0, π/2].
    Arcsin,
}

impl ConfType {
    /// Parses R's names: `plain`, `log`, `log-log`, `logit`, `arcsin`.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::ConfType;
    /// assert_eq!(ConfType::parse("log-log").unwrap(), ConfType::LogLog);
    /// assert!(ConfType::parse("loglog2").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<ConfType> {
        match name {
            "plain" => Ok(ConfType::Plain),
            "log" => Ok(ConfType::Log),
            "log-log" => Ok(ConfType::LogLog),
            "logit" => Ok(ConfType::Logit),
            "arcsin" => Ok(ConfType::Arcsin),
            other => Err(invalid(
                "conf-type",
                format!("`{other}` is not one of plain, log, log-log, logit, arcsin"),
            )),
        }
    }

    /// R's name of the type.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::ConfType;
    /// assert_eq!(ConfType::Log.name(), "log");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ConfType::Plain => "plain",
            ConfType::Log => "log",
            ConfType::LogLog => "log-log",
            ConfType::Logit => "logit",
            ConfType::Arcsin => "arcsin",
        }
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// R's `pmax` on two numbers: NA (NaN) if either is NaN.
fn pmax(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// R's `pmin` on two numbers: NA (NaN) if either is NaN.
fn pmin(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

/// Interval (lower, upper) for survival `s` with `se` the standard error of
/// log S (Greenwood: √Σ d/(n(n−d))); `None` where R gives NA. Follows
/// `survival:::survfit_confint` term by term.
pub(crate) fn interval(kind: ConfType, s: f64, se: f64, z: f64) -> (Option<f64>, Option<f64>) {
    let nan = f64::NAN;
    let (lo, hi) = match kind {
        ConfType::Plain => {
            let se2 = se * s * z;
            (pmax(s - se2, 0.0), pmin(s + se2, 1.0))
        }
        ConfType::Log => {
            let xx = if s == 0.0 { nan } else { s };
            let se2 = z * se;
            ((xx.ln() - se2).exp(), pmin((xx.ln() + se2).exp(), 1.0))
        }
        ConfType::LogLog => {
            let xx = if s == 0.0 || s == 1.0 { nan } else { s };
            let se2 = z * se / xx.ln();
            let c = (-xx.ln()).ln();
            ((-(c - se2).exp()).exp(), (-(c + se2).exp()).exp())
        }
        ConfType::Logit => {
            let xx = if s == 0.0 { nan } else { s };
            let se2 = z * se * (1.0 + xx / (1.0 - xx));
            let l = (s / (1.0 - s)).ln();
            (
                1.0 - 1.0 / (1.0 + (l - se2).exp()),
                1.0 - 1.0 / (1.0 + (l + se2).exp()),
            )
        }
        ConfType::Arcsin => {
            let xx = if s == 0.0 { nan } else { s };
            let se2 = 0.5 * z * se * (xx / (1.0 - xx)).sqrt();
            let a = xx.sqrt().asin();
            (
                pmax(0.0, a - se2).sin().powi(2),
                pmin(std::f64::consts::FRAC_PI_2, a + se2).sin().powi(2),
            )
        }
    };
    (finite(lo), finite(hi))
}
