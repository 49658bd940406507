//! The `CoxPh` builder: options, checks, and the assembly of a `CoxFit`.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::baseline::Baseline;
use super::concordance::{Concordance, concordance};
use super::data::CoxData;
use super::diagnose::{check_variation, failure_error, singular_at_estimate};
use super::hypothesis::{ChiSquareTest, score_form, wald};
use super::newton::Newton;
use super::result::{CoxFit, CoxTerm};
use super::robust::cluster_crossproduct;
use super::sweep::Sweep;
use crate::error::{Result, invalid};
use crate::num::chol::Cholesky;
use crate::num::chol::sandwich;
use crate::num::normal::two_sided_p;
use crate::setters::setters;
use crate::survival::ci::z_of_level;

/// How tied event times enter the partial likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Ties {
    /// Efron's approximation (R's default).
    #[default]
    Efron,
    /// Breslow's approximation.
    Breslow,
}

impl Ties {
    /// Parses `efron` or `breslow`.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Ties;
    /// assert_eq!(Ties::parse("breslow").unwrap(), Ties::Breslow);
    /// assert_eq!(Ties::parse("exact").unwrap_err().to_string(),
    ///     "invalid ties: `exact` is not one of efron, breslow");
    /// ```
    pub fn parse(name: &str) -> Result<Ties> {
        match name {
            "efron" => Ok(Ties::Efron),
            "breslow" => Ok(Ties::Breslow),
            other => Err(invalid(
                "ties",
                format!("`{other}` is not one of efron, breslow"),
            )),
        }
    }
}

/// Cox proportional hazards regression, R's `coxph(Surv(entry, exit,
/// event) ~ x + strata(s) + cluster(id), weights = w, ties = ...)` iterated
/// to full convergence.
///
/// Newton–Raphson from β = 0 with step-halving, on centred covariates,
/// with the risk-set sums accumulated in reverse time (O((n + d)·p²) per
/// iteration), until the Newton step is below the tolerance (1e-12 on the
/// covariates' standard-deviation scale, relative to the coefficient when
/// that is larger). A fit that cannot converge is an error naming the
/// covariates: a constant covariate or one collinear with others
/// ([`Error::NotIdentifiable`](crate::error::Error::NotIdentifiable)), a diverging coefficient (monotone
/// likelihood, separation) or the iteration limit ([`Error::NoConvergence`](crate::error::Error::NoConvergence)).
///
/// # Example
/// ```
/// use return_migration::survival::{CoxData, CoxPh, Ties};
/// let d = CoxData::builder(vec![5., 8., 2., 9., 4., 7., 3., 6.], vec![1, 0, 1, 1, 1, 0, 1, 1])
///     .covariate("x", vec![0., 1., 0., 1., 1., 0., 0., 1.])
///     .build()?;
/// let fit = CoxPh::new().ties(Ties::Breslow).fit(&d)?;
/// assert!(fit.terms[0].coef < 0.0); // x = 1 re-migrates later
/// assert!(fit.loglik >= fit.loglik_null);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoxPh {
    ties: Ties,
    conf_level: f64,
    max_iter: usize,
    tolerance: f64,
    robust: bool,
}

impl Default for CoxPh {
    fn default() -> Self {
        CoxPh {
            ties: Ties::Efron,
            conf_level: 0.95,
            max_iter: 100,
            tolerance: 1e-12,
            robust: false,
        }
    }
}

impl CoxPh {
    /// Efron ties, 95% intervals, at most 100 iterations, tolerance 1e-12.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxPh;
    /// let _ = CoxPh::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Sets the tie handling.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{CoxPh, Ties};
        /// let _ = CoxPh::new().ties(Ties::Breslow);
        /// ```
        ties: Ties,

        /// Sets the confidence level of the hazard-ratio intervals (in (0, 1)).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{CoxData, CoxPh};
        /// let d = CoxData::builder(vec![1.0, 2.0], vec![1, 1]).covariate("x", vec![0.0, 1.0]).build()?;
        /// assert!(CoxPh::new().conf_level(1.5).fit(&d).is_err());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        conf_level: f64,

        /// Sets the maximum number of Newton iterations (at least 1).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::CoxPh;
        /// let _ = CoxPh::new().max_iter(50);
        /// ```
        max_iter: usize,

        /// Sets the convergence tolerance on the Newton step (in (0, 1e-4]).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{CoxData, CoxPh};
        /// let d = CoxData::builder(vec![1.0, 2.0], vec![1, 1]).covariate("x", vec![0.0, 1.0]).build()?;
        /// assert!(CoxPh::new().tolerance(0.1).fit(&d).is_err());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        tolerance: f64,

        /// Reports the robust variance even without clusters (each row its own
        /// cluster, R's `robust = TRUE`). With clusters, and (as R) with case
        /// weights that are not all whole numbers (sampling weights), it is
        /// always reported, and z, p, intervals and the Wald test use it.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{CoxData, CoxPh};
        /// let d = CoxData::builder(vec![1., 2., 3.], vec![1, 1, 0]).covariate("x", vec![0., 1., 0.5]).build()?;
        /// assert!(CoxPh::new().robust(true).fit(&d)?.robust_variance.is_some());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        robust: bool,
    }

    /// The Newton driver with this model's stopping rules.
    fn newton(&self) -> Newton {
        Newton::plain(self.max_iter, self.tolerance)
    }

    fn check_options(&self) -> Result<()> {
        if !(self.conf_level > 0.0 && self.conf_level < 1.0) {
            return Err(invalid(
                "conf_level",
                format!("{} is not strictly between 0 and 1", self.conf_level),
            ));
        }
        self.newton().check()?;
        Ok(())
    }

    /// Fits the model. Errors: invalid options; [`Error::NoData`](crate::error::Error::NoData) without
    /// events; [`Error::NotIdentifiable`](crate::error::Error::NotIdentifiable) naming a covariate that is
    /// constant (overall or within every stratum) or collinear with the
    /// covariates before it; [`Error::NoConvergence`](crate::error::Error::NoConvergence) naming the diverging
    /// covariates (monotone likelihood), or when the iteration limit is hit.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh};
    /// let d = CoxData::builder(vec![1., 2., 3.], vec![1, 0, 1]).covariate("x", vec![2., 2., 2.]).build()?;
    /// assert_eq!(CoxPh::new().fit(&d).unwrap_err().to_string(),
    ///     "covariate `x` cannot be estimated: it is constant (every row has the value 2)");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &CoxData) -> Result<CoxFit> {
        self.fit_keeping(data, true)
    }

    /// [`fit`](Self::fit) without what only users of the whole fit read,
    /// for callers that print only the terms and tests (the `coxph` and
    /// `coxzph` pipelines): the per-time table that predicted survival
    /// needs ((7 + 3p) values a time, the largest part of a fit with
    /// distinct times; recorded only when the robust variance needs it) and
    /// the concordance (a quarter of the fit's time with distinct times).
    /// The fit's [`survival`](CoxFit::survival) is then an error, its
    /// [`baseline_hazard`](CoxFit::baseline_hazard) has no curves and its
    /// concordance is NaN: it is never handed to users.
    pub(crate) fn fit_terms(&self, data: &CoxData) -> Result<CoxFit> {
        self.fit_keeping(data, false)
    }

    /// The fit, with the baseline table and the concordance or without.
    fn fit_keeping(&self, data: &CoxData, whole: bool) -> Result<CoxFit> {
        self.check_options()?;
        check_variation(data)?;
        let p = data.p();
        let event_weight: f64 = (0..data.len())
            .filter(|&k| data.event[k])
            .map(|k| data.weight(k))
            .sum();
        let robust = data.cluster.is_some() || self.robust || data.has_fractional_weights();
        let mut sweep = Sweep::new(data, self.ties);
        if !(robust || whole) {
            // No table at β̂ is wanted: the evaluations need not record one.
            sweep.stop_recording();
        }
        let newton = self.newton();
        let fit = newton
            .run(&mut sweep, &data.sd, event_weight)
            .map_err(|f| failure_error(f, data, self.ties))?;
        let variance = Cholesky::factor(&fit.derivs.info, p, &vec![0.0; p])
            .map_err(|e| singular_at_estimate(data, e.index))?
            .inverse();
        if robust {
            check_clusters(data)?;
        }
        // Score residuals at β = 0 for the robust score test, then the final
        // sweep at the estimates (leaving `sweep` at β̂).
        let robust_score = if robust {
            let table0 = sweep.record(&vec![0.0; p]);
            let b0 = cluster_crossproduct(data, &sweep, &table0);
            score_form(&fit.null.score, &b0).map(|s| ChiSquareTest::new(s, p))
        } else {
            None
        };
        let table = (robust || whole).then(|| sweep.record(&fit.beta));
        let robust_variance = match (robust, &table) {
            (true, Some(table)) => {
                let bb = cluster_crossproduct(data, &sweep, table);
                Some(sandwich(&variance, &bb, p))
            }
            _ => None,
        };
        let table = table.filter(|_| whole);
        let reported = robust_variance.as_ref().unwrap_or(&variance);
        // The fit ran on covariates divided by `scale`: back to the original
        // scale, β_j = β̃_j / s_j and V_ij = Ṽ_ij / (s_i s_j).
        let s = &data.scale;
        let original = |v: &[f64]| -> Vec<f64> {
            (0..p * p)
                .map(|ij| v[ij] / (s[ij / p] * s[ij % p]))
                .collect()
        };
        let beta: Vec<f64> = fit.beta.iter().zip(s).map(|(b, s)| b / s).collect();
        let z = z_of_level(self.conf_level)?;
        let terms = (0..p)
            .map(|j| {
                let coef = beta[j];
                let se = variance[j * p + j].sqrt() / s[j];
                let robust_se = robust_variance.as_ref().map(|v| v[j * p + j].sqrt() / s[j]);
                let used = robust_se.unwrap_or(se);
                let zj = coef / used;
                CoxTerm {
                    term: data.names[j].clone(),
                    coef,
                    exp_coef: coef.exp(),
                    se,
                    robust_se,
                    z: zj,
                    p: two_sided_p(zj),
                    lower: (coef - z * used).exp(),
                    upper: (coef + z * used).exp(),
                }
            })
            .collect();
        // The sweep is not used again: η at the estimate moves to the
        // concordance.
        let concordance = if whole {
            concordance(data, sweep.into_eta(&fit.beta))
        } else {
            drop(sweep);
            Concordance::not_computed()
        };
        let wald = wald(&fit.beta, reported).map(|w| ChiSquareTest::new(w, p));
        // Cannot fail: every variance buffer of the fit holds exactly p·p values.
        let matrix = |v: &[f64]| Array2::from_shape_vec((p, p), v.to_vec()).expect("p × p");
        let baseline = table.map_or_else(Baseline::default, |table| Baseline {
            table,
            beta: fit.beta.clone(),
            means: data.means.clone(),
            scale: data.scale.clone(),
            variance: reported.clone(),
            strata: data.strata_labels.clone(),
            z,
            conf_level: self.conf_level,
        });
        Ok(CoxFit {
            ties: self.ties,
            n: data.len(),
            n_events: data.n_events(),
            terms,
            conf_level: self.conf_level,
            loglik_null: fit.null.loglik,
            loglik: fit.derivs.loglik,
            likelihood_ratio: ChiSquareTest::new(2.0 * (fit.derivs.loglik - fit.null.loglik), p),
            wald,
            score: ChiSquareTest::new(fit.score_test, p),
            robust_score,
            concordance,
            convergence: fit.convergence(),
            variance: matrix(&original(&variance)),
            robust_variance: robust_variance.as_deref().map(|v| matrix(&original(v))),
            means: data.means.clone(),
            strata: data.strata_labels.clone(),
            baseline,
        })
    }
}

/// A robust (sandwich) variance sums score residuals by cluster: with one
/// cluster the sum is the total score, 0 at the estimate, and the "standard
/// errors" are 0 or rounding noise. At least two clusters are needed.
fn check_clusters(data: &CoxData) -> Result<()> {
    let (count, what) = match data.cluster_labels() {
        Some(labels) => (labels.len(), "cluster"),
        None => (data.len(), "row (each its own cluster)"),
    };
    if count >= 2 {
        return Ok(());
    }
    let only = data
        .cluster_labels()
        .and_then(|l| l.first())
        .map_or(String::new(), |l| format!(" (`{l}`)"));
    Err(invalid(
        "cluster",
        format!(
            "a robust (sandwich) variance needs at least two clusters, the data have {count} \
             {what}{only}: with one cluster the summed score residuals are the total score, \
             which is 0 at the estimate; drop the cluster column or give the subjects' ids"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whole and distinct times, weights, strata and clusters, Efron and
    /// Breslow: the fit without its baseline table and concordance has the
    /// same terms, tests and variances, bit for bit, and no curves.
    #[test]
    fn a_fit_without_its_baseline_has_the_same_terms() {
        let n = 120;
        let time: Vec<f64> = (0..n)
            .map(|i| {
                if i % 2 == 0 {
                    ((i * 7) % 13 + 1) as f64
                } else {
                    1.0 + i as f64 / 7.0
                }
            })
            .collect();
        let event: Vec<i64> = (0..n).map(|i| i64::from(i % 3 != 0)).collect();
        let x: Vec<f64> = (0..n).map(|i| ((i * 5) % 11) as f64 / 4.0 - 1.0).collect();
        let z: Vec<f64> = (0..n).map(|i| f64::from(i % 4 < 2)).collect();
        for (p, clustered) in [(1, false), (2, false), (1, true), (2, true)] {
            let mut b = CoxData::builder(time.clone(), event.clone())
                .weights((0..n).map(|i| 1.0 + (i % 3) as f64).collect())
                .strata((0..n).map(|i| format!("s{}", i % 2)).collect())
                .covariate("x", x.clone());
            if p == 2 {
                b = b.covariate("z", z.clone());
            }
            if clustered {
                b = b.clusters((0..n).map(|i| format!("c{}", i % 17)).collect());
            }
            let data = b.build().unwrap();
            for ties in [Ties::Efron, Ties::Breslow] {
                let model = CoxPh::new().ties(ties);
                let full = model.fit(&data).unwrap();
                let terms = model.fit_terms(&data).unwrap();
                assert!(!full.baseline_hazard().curves.is_empty());
                assert!(terms.baseline_hazard().curves.is_empty());
                assert!(terms.survival(&vec![0.0; p]).is_err());
                assert!(terms.concordance.value.is_nan());
                let mut without = full.clone();
                without.baseline = Baseline::default();
                without.concordance = Concordance::not_computed();
                assert_eq!(format!("{without:?}"), format!("{terms:?}"));
                assert_eq!(clustered, terms.robust_variance.is_some());
            }
        }
    }
}
