//! The fitter: design from the data, null and full model, the results on
//! the covariates' original scale.

use super::data::AftData;
use super::dist::{Dist, Standard};
use super::likelihood::Design;
use super::newton::maximise;
use super::result::{AftTerm, CensoringCounts, SurvregFit};
use crate::error::{Error, Result};
use crate::num::chol::Cholesky;
use crate::num::normal::two_sided_p;
use crate::setters::setters;
use crate::survival::Censoring;
use crate::survival::ChiSquareTest;

/// Parametric accelerated-failure-time regression of log time, as R's
/// `survreg`: log T = β₀ + x·β + σ·W with W extreme value (Weibull,
/// exponential), normal (log-normal) or logistic (log-logistic). Rows may
/// be exact, right-, left- or interval-censored, mixed, with case weights.
///
/// The log-likelihood is maximised by Newton–Raphson with step-halving on
/// analytic first and second derivatives (covariates centred and scaled
/// internally), iterated until the Newton step is below 1e-9 and the
/// log-likelihood changes by less than 1e-12 relative. Standard errors
/// come from the inverse observed information.
///
/// Errors: a constant or collinear covariate ([`Error::NotIdentifiable`]);
/// every row censored on the same side, or a covariate that separates the
/// events (monotone likelihood), or no convergence in 200 iterations
/// ([`Error::NoConvergence`] or [`Error::NoData`]).
///
/// # Example
/// ```
/// use return_migration::survival::{AftData, Dist, Survreg};
/// // Re-migration seen between survey waves: (left, right] in years.
/// let d = AftData::interval(
///     vec![0.0, 1.0, 1.0, 2.0, 2.5, 3.0, 0.0, 4.0],
///     vec![1.0, 2.0, f64::INFINITY, 3.0, 2.5, f64::INFINITY, 2.0, 5.0],
/// )
/// .covariate("grant", vec![0., 1., 1., 0., 1., 1., 0., 1.])
/// .build()?;
/// let fit = Survreg::new().dist(Dist::Weibull).fit(&d)?;
/// assert_eq!(fit.terms.len(), 3); // (Intercept), grant, Log(scale)
/// assert_eq!(fit.terms[2].term, "Log(scale)");
/// println!("{fit}");
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Survreg {
    dist: Dist,
}

/// Euler's constant: −E[W] of the standard extreme-value (minimum) law.
const EULER: f64 = 0.577_215_664_901_532_9;

impl Survreg {
    /// The Weibull model.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Survreg;
    /// let _ = Survreg::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Sets the distribution.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{Dist, Survreg};
        /// let _ = Survreg::new().dist(Dist::LogLogistic);
        /// ```
        dist: Dist,
    }

    /// Fits the model (see [`Survreg`] for the errors).
    ///
    /// # Example
    /// See [`Survreg`].
    pub fn fit(&self, data: &AftData) -> Result<SurvregFit> {
        let (design, means, sds) = design(self.dist, data)?;
        let counts = count(data);
        if counts.exact + counts.interval == 0 && (counts.left == 0 || counts.right == 0) {
            return Err(Error::NoData {
                what: format!(
                    "survreg: every row is {}-censored, so the likelihood has no maximum",
                    if counts.left == 0 { "right" } else { "left" }
                ),
            });
        }
        let with_scale = self.dist.has_scale();
        let (mu, tau) = start(&design, with_scale);
        let null = Design {
            standard: design.standard,
            lower: design.lower.clone(),
            upper: design.upper.clone(),
            x: Vec::new(),
            p: 0,
            weight: design.weight.clone(),
            log_jacobian: design.log_jacobian,
        };
        let theta0: Vec<f64> = if with_scale { vec![mu, tau] } else { vec![mu] };
        let null_max = maximise(&null, theta0, with_scale, "intercept-only model")?;
        let p = design.p;
        let mut theta = vec![null_max.theta[0]];
        theta.extend(std::iter::repeat_n(0.0, p));
        if with_scale {
            theta.push(null_max.theta[1]);
        }
        let null_loglik = null_max.loglik;
        let full = if p == 0 {
            null_max
        } else {
            maximise(&design, theta, with_scale, "model")?
        };
        let m = full.theta.len();
        let info = full.info;
        let v_internal = Cholesky::factor(&info, m, &vec![0.0; m])
            .map_err(|e| Error::NoConvergence {
                detail: format!(
                    "survreg: the information matrix at the maximum is singular (column {})",
                    e.index
                ),
            })?
            .inverse();
        // back to the original covariates: b0 = b0* − Σ b*_j m_j/s_j, b_j = b*_j/s_j
        let mut a = vec![0.0; m * m];
        for i in 0..m {
            a[i * m + i] = 1.0;
        }
        for j in 0..p {
            a[1 + j] = -means[j] / sds[j];
            a[(1 + j) * m + 1 + j] = 1.0 / sds[j];
        }
        let coef: Vec<f64> = (0..m)
            .map(|i| (0..m).map(|k| a[i * m + k] * full.theta[k]).sum())
            .collect();
        let mut av = vec![0.0; m * m];
        for i in 0..m {
            for j in 0..m {
                av[i * m + j] = (0..m).map(|k| a[i * m + k] * v_internal[k * m + j]).sum();
            }
        }
        // A·V·Aᵀ, exactly symmetric
        let mut cov = vec![vec![0.0; m]; m];
        for i in 0..m {
            for j in 0..=i {
                let v: f64 = (0..m).map(|k| av[i * m + k] * a[j * m + k]).sum();
                let w: f64 = (0..m).map(|k| av[j * m + k] * a[i * m + k]).sum();
                cov[i][j] = 0.5 * (v + w);
                cov[j][i] = 0.5 * (v + w);
            }
        }
        let names = std::iter::once("(Intercept)".to_string())
            .chain(data.covariates.iter().map(|(n, _)| n.clone()))
            .chain(with_scale.then(|| "Log(scale)".to_string()));
        let terms: Vec<AftTerm> = names
            .enumerate()
            .map(|(i, term)| {
                let se = cov[i][i].sqrt();
                let z = coef[i] / se;
                AftTerm {
                    term,
                    coef: coef[i],
                    se,
                    z,
                    p: two_sided_p(z),
                }
            })
            .collect();
        let loglik = full.loglik;
        let likelihood_ratio = ChiSquareTest::new(2.0 * (loglik - null_loglik), p);
        let wald = if p == 0 {
            ChiSquareTest::new(0.0, 0)
        } else {
            let vb: Vec<f64> = (1..=p)
                .flat_map(|i| (1..=p).map(move |j| (i, j)))
                .map(|(i, j)| cov[i][j])
                .collect();
            let b = &coef[1..=p];
            let stat = Cholesky::factor(&vb, p, &vec![0.0; p])
                .map(|c| {
                    let x = c.solve(b);
                    b.iter().zip(&x).map(|(a, b)| a * b).sum()
                })
                .unwrap_or(f64::NAN);
            ChiSquareTest::new(stat, p)
        };
        Ok(SurvregFit {
            dist: self.dist,
            scale: if with_scale { coef[m - 1].exp() } else { 1.0 },
            terms,
            covariance: cov,
            log_likelihood: loglik,
            null_log_likelihood: null_loglik,
            likelihood_ratio,
            wald,
            n: data.len(),
            censoring: counts,
            convergence: full.convergence,
        })
    }
}

fn count(d: &AftData) -> CensoringCounts {
    let mut c = CensoringCounts::default();
    for i in 0..d.len() {
        if d.weight[i] == 0.0 {
            continue;
        }
        match d.censoring(i) {
            Censoring::Exact => c.exact += 1,
            Censoring::Right => c.right += 1,
            Censoring::Left => c.left += 1,
            Censoring::Interval => c.interval += 1,
        }
    }
    c
}

/// Starting intercept and log σ from the moments of a point per row
/// (the exact time, the censoring time, or the interval's log midpoint).
fn start(d: &Design, with_scale: bool) -> (f64, f64) {
    let (mut sw, mut s1, mut s2) = (0.0, 0.0, 0.0);
    for i in 0..d.len() {
        let (l, r) = (d.lower[i], d.upper[i]);
        if l == f64::NEG_INFINITY && r == f64::INFINITY {
            continue; // right-censored at 0: no information
        }
        let y = if r == f64::INFINITY {
            l
        } else if l == f64::NEG_INFINITY {
            r
        } else {
            0.5 * (l + r)
        };
        let w = d.weight[i];
        sw += w;
        s1 += w * y;
        s2 += w * y * y;
    }
    let mean = s1 / sw;
    let var = (s2 / sw - mean * mean).max(0.0);
    let factor = match d.standard {
        Standard::ExtremeValue => 6f64.sqrt() / std::f64::consts::PI,
        Standard::Normal => 1.0,
        Standard::Logistic => 3f64.sqrt() / std::f64::consts::PI,
    };
    let sigma = if with_scale && var > 0.0 {
        factor * var.sqrt()
    } else {
        1.0
    };
    let mu = match d.standard {
        Standard::ExtremeValue => mean + EULER * sigma,
        _ => mean,
    };
    (mu, sigma.ln())
}

/// The internal design: log times, covariates centred and scaled (their
/// means and standard deviations returned), and a check that they are
/// identifiable.
fn design(dist: Dist, data: &AftData) -> Result<(Design, Vec<f64>, Vec<f64>)> {
    let n = data.len();
    let p = data.covariates.len();
    let mut lower = Vec::with_capacity(n);
    let mut upper = Vec::with_capacity(n);
    let mut log_jacobian = 0.0;
    for i in 0..n {
        let (l, r) = (data.left[i], data.right[i]);
        if l == r {
            let y = l.ln();
            lower.push(y);
            upper.push(y);
            log_jacobian -= data.weight[i] * y;
        } else {
            lower.push(if l == 0.0 { f64::NEG_INFINITY } else { l.ln() });
            upper.push(r.ln());
        }
    }
    let mut means = Vec::with_capacity(p);
    let mut sds = Vec::with_capacity(p);
    for (name, v) in &data.covariates {
        let mean = v.iter().sum::<f64>() / n as f64;
        let ss = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>();
        let sd = (ss / n as f64).sqrt();
        if sd.is_nan() || sd <= 1e-12 * mean.abs().max(f64::MIN_POSITIVE) {
            return Err(Error::NotIdentifiable {
                term: name.clone(),
                reason: "it is constant".into(),
            });
        }
        means.push(mean);
        sds.push(sd);
    }
    let mut x = vec![0.0; n * p];
    for (j, (_, v)) in data.covariates.iter().enumerate() {
        for i in 0..n {
            x[i * p + j] = (v[i] - means[j]) / sds[j];
        }
    }
    // collinearity: the correlation matrix of the covariates must be of full rank
    let mut corr = vec![0.0; p * p];
    for i in 0..n {
        let row = &x[i * p..(i + 1) * p];
        for a in 0..p {
            for b in 0..=a {
                corr[a * p + b] += row[a] * row[b];
            }
        }
    }
    for a in 0..p {
        for b in 0..a {
            corr[b * p + a] = corr[a * p + b];
        }
    }
    if let Err(e) = Cholesky::factor(&corr, p, &vec![n as f64; p]) {
        return Err(Error::NotIdentifiable {
            term: data.covariates[e.index].0.clone(),
            reason: "it is (numerically) a linear combination of the covariates before it".into(),
        });
    }
    Ok((
        Design {
            standard: dist.standard(),
            lower,
            upper,
            x,
            p,
            weight: data.weight.clone(),
            log_jacobian,
        },
        means,
        sds,
    ))
}
