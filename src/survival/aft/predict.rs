//! Predictions of a fitted AFT model for a covariate pattern: linear
//! predictor, quantiles of T with delta-method standard errors, survival.

use super::result::{QuantilePrediction, SurvregFit};
use crate::error::{Result, invalid};

impl SurvregFit {
    fn covariate_count(&self) -> usize {
        self.terms.len() - 1 - usize::from(self.dist.has_scale())
    }

    /// The gradient of η with respect to the estimates: (1, x, [0]).
    fn eta_gradient(&self, x: &[f64]) -> Result<Vec<f64>> {
        let p = self.covariate_count();
        if x.len() != p {
            return Err(invalid(
                "covariate pattern",
                format!("{} values given, the model has {p} covariates", x.len()),
            ));
        }
        if let Some(v) = x.iter().find(|v| !v.is_finite()) {
            return Err(invalid("covariate pattern", format!("{v} is not finite")));
        }
        let mut g = vec![1.0];
        g.extend_from_slice(x);
        if self.dist.has_scale() {
            g.push(0.0);
        }
        Ok(g)
    }

    /// The linear predictor η = β₀ + x·β (the location of log T) for
    /// covariate values `x` in the order of the coefficient table.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AftData, Survreg};
    /// let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4.], vec![1, 1, 0, 1, 1, 1])
    ///     .covariate("x", vec![0., 1., 0., 1., 1., 0.]).build()?;
    /// let fit = Survreg::new().fit(&d)?;
    /// assert_eq!(fit.linear_predictor(&[0.0])?, fit.terms[0].coef);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn linear_predictor(&self, x: &[f64]) -> Result<f64> {
        let g = self.eta_gradient(x)?;
        Ok(g.iter().zip(&self.terms).map(|(a, t)| a * t.coef).sum())
    }

    /// Quantiles of T for covariates `x`: exp(η + σ·w_p), with the
    /// delta-method standard error q·√(gᵀVg), g = (1, x, σ·w_p), as R's
    /// `predict(fit, type = "quantile", se.fit = TRUE)`.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AftData, Dist, Survreg};
    /// let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4.], vec![1, 1, 0, 1, 1, 1]).build()?;
    /// let fit = Survreg::new().dist(Dist::LogNormal).fit(&d)?;
    /// // the log-normal median is exp(η)
    /// let q = fit.quantiles(&[], &[0.5])?;
    /// assert!((q[0].quantile - fit.terms[0].coef.exp()).abs() < 1e-12);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn quantiles(&self, x: &[f64], probs: &[f64]) -> Result<Vec<QuantilePrediction>> {
        let mut g = self.eta_gradient(x)?;
        let eta = self.linear_predictor(x)?;
        let m = g.len();
        probs
            .iter()
            .map(|&p| {
                if !(p > 0.0 && p < 1.0) {
                    return Err(invalid(
                        "quantile probability",
                        format!("{p} is not strictly between 0 and 1"),
                    ));
                }
                let w = self.dist.standard().quantile(p);
                let q = (eta + self.scale * w).exp();
                if self.dist.has_scale() {
                    g[m - 1] = self.scale * w;
                }
                let var: f64 = (0..m)
                    .map(|i| g[i] * (0..m).map(|j| self.covariance[i][j] * g[j]).sum::<f64>())
                    .sum();
                Ok(QuantilePrediction {
                    p,
                    quantile: q,
                    se: q * var.max(0.0).sqrt(),
                })
            })
            .collect()
    }

    /// S(t | x) = P(T > t) for covariates `x` at each time (t ≥ 0).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AftData, Survreg};
    /// let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4.], vec![1, 1, 0, 1, 1, 1]).build()?;
    /// let fit = Survreg::new().fit(&d)?;
    /// let median = fit.quantiles(&[], &[0.5])?[0].quantile;
    /// let s = fit.survival(&[], &[0.0, median])?;
    /// assert_eq!(s[0], 1.0);
    /// assert!((s[1] - 0.5).abs() < 1e-12);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn survival(&self, x: &[f64], times: &[f64]) -> Result<Vec<f64>> {
        let eta = self.linear_predictor(x)?;
        let s = self.dist.standard();
        times
            .iter()
            .map(|&t| {
                if t.is_nan() || t < 0.0 {
                    return Err(invalid("time", format!("{t} is not a time >= 0")));
                }
                if t == 0.0 {
                    return Ok(1.0);
                }
                Ok(s.ln_sf((t.ln() - eta) / self.scale).exp())
            })
            .collect()
    }
}
