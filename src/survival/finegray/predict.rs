//! Predicted cumulative incidence for a covariate pattern, as
//! `cmprsk::predict.crr`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::result::FineGrayFit;
use crate::error::{Result, invalid};

/// One time of a predicted cumulative incidence curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CifPoint {
    /// A distinct event time of the cause.
    pub time: f64,
    /// The predicted cumulative incidence of the cause by `time`.
    pub cif: f64,
}

/// The predicted cumulative incidence of the modelled cause for one
/// covariate pattern: F(t | x) = 1 − exp(−exp(xᵀβ)·Λ₀(t)) at every distinct
/// event time of the cause, Λ₀ the sum of the baseline jumps up to t.
///
/// Fits of different causes are separate models: their predicted
/// incidences for one pattern need not add up to at most 1 (the
/// proportional subdistribution hazards assumption cannot hold for every
/// cause at once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CifPrediction {
    /// The covariate pattern, in the order of the coefficient table.
    pub covariates: Vec<f64>,
    /// One point per distinct event time of the cause, ascending.
    pub points: Vec<CifPoint>,
}

impl FineGrayFit {
    /// The predicted cumulative incidence of the cause for the covariate
    /// pattern `x` (one value per covariate, in the order of the
    /// coefficient table), as `predict.crr(fit, x)`. Errors when `x` has the
    /// wrong length or a value that is not finite.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{FineGray, FineGrayData};
    /// let d = FineGrayData::builder(vec![1., 2., 3., 4., 5., 6., 7., 8.], vec![1, 2, 1, 0, 1, 2, 1, 0])
    ///     .covariate("x", vec![1., 0., 1., 0., 0., 1., 0., 1.])
    ///     .build()?;
    /// let fit = FineGray::new(1).fit(&d)?;
    /// let curve = fit.predict(&[1.0])?;
    /// assert_eq!(curve.points.len(), 4); // the four event times of cause 1
    /// assert!(curve.points.windows(2).all(|w| w[0].cif <= w[1].cif));
    /// assert!(fit.predict(&[1.0, 2.0]).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn predict(&self, x: &[f64]) -> Result<CifPrediction> {
        let p = self.terms.len();
        if x.len() != p {
            return Err(invalid(
                "covariate pattern",
                format!("{} values for {p} covariates", x.len()),
            ));
        }
        if let Some(v) = x.iter().find(|v| !v.is_finite()) {
            return Err(invalid(
                "covariate pattern",
                format!("value {v} is not finite"),
            ));
        }
        // exp((x − x̄)ᵀβ) times the jumps at the means: xᵀβ itself may be large.
        let lp: f64 = x
            .iter()
            .zip(&self.means)
            .zip(&self.terms)
            .map(|((v, m), t)| (v - m) * t.coef)
            .sum();
        let risk = lp.exp();
        let mut cumhaz = 0.0;
        let points = self
            .baseline
            .iter()
            .map(|b| {
                cumhaz += b.jump_at_means;
                CifPoint {
                    time: b.time,
                    cif: -(-risk * cumhaz).exp_m1(),
                }
            })
            .collect();
        Ok(CifPrediction {
            covariates: x.to_vec(),
            points,
        })
    }
}

impl fmt::Display for CifPrediction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:>12} {:>12}", "time", "cif")?;
        for (k, pt) in self.points.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            write!(f, "{:>12} {:>12.6}", pt.time, pt.cif)?;
        }
        Ok(())
    }
}
