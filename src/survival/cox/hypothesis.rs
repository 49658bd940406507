//! Chi-square tests of the global null β = 0: likelihood ratio, Wald, score.

use std::fmt;

use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};

use crate::num::chol::Cholesky;

/// A chi-square test statistic with its degrees of freedom and p-value.
///
/// # Example
/// ```
/// use return_migration::survival::ChiSquareTest;
/// let t = ChiSquareTest::new(3.841458820694124, 1);
/// assert!((t.p - 0.05).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChiSquareTest {
    /// The statistic.
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// Upper-tail probability (1 when df = 0).
    pub p: f64,
}

impl ChiSquareTest {
    /// The test of `statistic` on `df` degrees of freedom.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::ChiSquareTest;
    /// assert_eq!(ChiSquareTest::new(0.0, 0).p, 1.0);
    /// ```
    pub fn new(statistic: f64, df: usize) -> Self {
        let p = match ChiSquared::new(df as f64) {
            Ok(chi) if statistic.is_finite() => chi.sf(statistic.max(0.0)),
            _ => 1.0,
        };
        ChiSquareTest { statistic, df, p }
    }
}

impl fmt::Display for ChiSquareTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.4} on {} df, p = {:.4e}",
            self.statistic, self.df, self.p
        )
    }
}

/// βᵀ·V⁻¹·β for a variance V, or `None` when V is singular.
pub(super) fn wald(beta: &[f64], variance: &[f64]) -> Option<f64> {
    let p = beta.len();
    let chol = Cholesky::factor(variance, p, &vec![0.0; p]).ok()?;
    let x = chol.solve(beta);
    Some(beta.iter().zip(&x).map(|(b, x)| b * x).sum())
}

/// Uᵀ·M⁻¹·U, or `None` when M is singular.
pub(super) fn score_form(u: &[f64], m: &[f64]) -> Option<f64> {
    wald(u, m)
}
