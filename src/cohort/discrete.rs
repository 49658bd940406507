//! Discrete-time hazard of the first re-migration: a binary regression on
//! person-period rows, link(h) = α(period) + β·x, fitted by Fisher scoring
//! (IRLS) to full convergence, as R's
//! `glm(event ~ 0 + factor(period) + x, family = binomial(link = ...))`,
//! with the logit link (the default) or the complementary log-log link
//! ([`Link::Cloglog`]: log(−log(1 − h)) = α + β·x, the grouped-time
//! proportional hazards model, Cox's model for data seen only per wave:
//! exp(β) is a hazard ratio of the underlying continuous time).

use ndarray::Array2;

use super::discrete_fit::{Coefficient, DiscreteHazardFit, Link, PeriodHazard, expit};
use super::rows::PersonPeriodRow;
use crate::error::{Error, Result, ValueProblem, invalid};
use crate::num::linalg::solve_spd;
use crate::num::newton::{Derivs, Failure, Newton, Objective};
use crate::num::normal::{two_sided_p, z_of_level};

/// The fitter. Covariates are given per person (indexed by
/// [`PersonPeriodRow::person`]); they are centred for the iterations and
/// the results transformed back.
///
/// Errors: no rows; a period with no first re-migration or with nothing
/// but (no finite estimate: merge or drop it); a covariate without a value
/// for some row's person, or not finite; a singular information matrix (a
/// constant or collinear covariate); [`Error::NoConvergence`] when 100
/// iterations do not bring every relative step below 1e-10 (e.g. a
/// covariate that separates the outcomes).
///
/// # Example
/// ```
/// use return_migration::cohort::{DiscreteHazard, PersonPeriodRow, Channel};
/// let row = |person, period, event: bool| PersonPeriodRow {
///     person, cohort: 2020, group: 0, period, channel: event.then_some(Channel::Irregular) };
/// // period 1: 1 of 4 re-migrate; period 2: 1 of 3
/// let rows = vec![row(0, 1, true), row(1, 1, false), row(1, 2, true), row(2, 1, false),
///                 row(2, 2, false), row(3, 1, false), row(3, 2, false)];
/// let fit = DiscreteHazard::new().fit(&rows)?;
/// assert!((fit.periods[0].hazard - 0.25).abs() < 1e-12);
/// assert!((fit.periods[1].hazard - 1.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DiscreteHazard {
    covariates: Vec<(String, Vec<f64>)>,
    conf_level: f64,
    link: Link,
}

impl Default for DiscreteHazard {
    fn default() -> Self {
        DiscreteHazard {
            covariates: Vec::new(),
            conf_level: 0.95,
            link: Link::Logit,
        }
    }
}

const MAX_ITERATIONS: usize = 100;
const TOLERANCE: f64 = 1e-10;

/// log(1 + e^η) without overflow.
fn softplus(eta: f64) -> f64 {
    eta.max(0.0) + (-eta.abs()).exp().ln_1p()
}

/// One row's log-likelihood, score factor ∂ℓ/∂η and Fisher weight
/// E[−∂²ℓ/∂η²] = (∂μ/∂η)² / (μ(1 − μ)) at the linear predictor η.
fn row_terms(link: Link, eta: f64, y: bool) -> (f64, f64, f64) {
    let yf = f64::from(u8::from(y));
    match link {
        Link::Logit => {
            let mu = expit(eta);
            (yf * eta - softplus(eta), yf - mu, mu * (1.0 - mu))
        }
        Link::Cloglog => {
            // μ = 1 − exp(−eᵉᵗᵃ); 1 − μ = exp(−eᵉᵗᵃ); ∂μ/∂η = eᵉᵗᵃ(1 − μ)
            let e = eta.exp();
            let mu = -(-e).exp_m1();
            let ll = if y { mu.ln() } else { -e };
            // score (y − μ)·eᵉᵗᵃ/μ; weight e²ᵉᵗᵃ(1 − μ)/μ, written with e/μ → 1 as e → 0
            let ratio = if e < 1e-8 { 1.0 + 0.5 * e } else { e / mu };
            (ll, (yf - mu) * ratio, e * (1.0 - mu) * ratio)
        }
    }
}

/// The rows as the iterations use them.
struct Design {
    period: Vec<u32>,
    y: Vec<bool>,
    /// Centred covariates, row-major (rows × p).
    z: Vec<f64>,
    p: usize,
    k: usize,
    link: Link,
}

impl Design {
    /// Deviance, score and (expected) information at θ = (α, β).
    fn evaluate(&self, theta: &[f64]) -> (f64, Vec<f64>, Array2<f64>) {
        let (k, p) = (self.k, self.p);
        let mut score = vec![0.0; k + p];
        let mut info = Array2::<f64>::zeros((k + p, k + p));
        let mut loglik = 0.0;
        for (r, (&a, &y)) in self.period.iter().zip(&self.y).enumerate() {
            let a = a as usize;
            let z = &self.z[r * p..(r + 1) * p];
            let eta = theta[a] + z.iter().zip(&theta[k..]).map(|(x, b)| x * b).sum::<f64>();
            let (ll, res, w) = row_terms(self.link, eta, y);
            loglik += ll;
            score[a] += res;
            info[[a, a]] += w;
            for i in 0..p {
                score[k + i] += res * z[i];
                info[[a, k + i]] += w * z[i];
                for j in 0..=i {
                    info[[k + i, k + j]] += w * z[i] * z[j];
                }
            }
        }
        for i in 0..k + p {
            for j in 0..i {
                let v = if i >= k && j >= k {
                    info[[i, j]]
                } else {
                    info[[j, i]]
                };
                info[[i, j]] = v;
                info[[j, i]] = v;
            }
        }
        (-2.0 * loglik, score, info)
    }
}

/// The binomial log-likelihood (ℓ = −deviance/2) with the Fisher
/// information, for the crate's one Newton–Raphson driver (Fisher scoring
/// for the cloglog link, Newton for the logit, where both coincide).
impl Objective for Design {
    type Derivs = Derivs;
    fn evaluate(&mut self, theta: &[f64]) -> Derivs {
        let (dev, score, info) = Design::evaluate(self, theta);
        Derivs {
            loglik: -dev / 2.0,
            score,
            info: info.iter().copied().collect(),
        }
    }
}

impl DiscreteHazard {
    /// No covariates, 95% intervals.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::DiscreteHazard;
    /// let _ = DiscreteHazard::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a covariate: one value per input person (position = `person`).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::DiscreteHazard;
    /// let _ = DiscreteHazard::new().covariate("grant", vec![1.0, 0.0, 1.0]);
    /// ```
    pub fn covariate(mut self, name: &str, per_person: Vec<f64>) -> Self {
        self.covariates.push((name.to_string(), per_person));
        self
    }

    /// Adds the covariates of a model frame over the persons (sex, age at
    /// return, assistance, return year, extra record columns; factors and
    /// interactions as `spec` says), one value per record: no hand-written
    /// joins. A missing value is an error here (a person-period model
    /// cannot drop a person's rows silently): filter the records first.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, DiscreteHazard};
    /// use return_migration::datasets::barone_simulator;
    /// use return_migration::frame::FrameSpec;
    /// let records = barone_simulator(8)?.records()?;
    /// let periods = CohortBuilder::new().person_periods(&records)?;
    /// let fit = DiscreteHazard::new()
    ///     .frame(&records, &FrameSpec::new(&["assistance"]).factor("assistance"))?
    ///     .fit(&periods.rows)?;
    /// assert_eq!(fit.coefficients.last().unwrap().term, "assistancereintegration grant");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn frame(
        mut self,
        records: &[super::records::ReturneeRecord],
        spec: &crate::frame::FrameSpec,
    ) -> Result<Self> {
        let frame = spec.from_columns(&super::model::person_covariates(records))?;
        if let Some(d) = frame.dropped.first() {
            return Err(invalid(
                "discrete-time hazard",
                format!(
                    "person {} (row {} counting from 1) has a missing `{}`: filter the records \
                     first, a person-period model cannot drop a person's rows silently",
                    records[d.row].id,
                    d.row + 1,
                    d.column
                ),
            ));
        }
        for (j, name) in frame.names.iter().enumerate() {
            self = self.covariate(name, frame.x.column(j).to_vec());
        }
        Ok(self)
    }

    /// Sets the link: [`Link::Logit`] (default) or [`Link::Cloglog`]
    /// (grouped-time proportional hazards).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, DiscreteHazard, Link, PersonPeriodRow};
    /// let row = |person, period, event: bool| PersonPeriodRow {
    ///     person, cohort: 2020, group: 0, period, channel: event.then_some(Channel::Legal) };
    /// let rows = vec![row(0, 1, true), row(1, 1, false), row(1, 2, true), row(2, 1, false),
    ///                 row(2, 2, false), row(3, 1, false), row(3, 2, false)];
    /// let fit = DiscreteHazard::new().link(Link::Cloglog).fit(&rows)?;
    /// // without covariates the hazard of a period is still events / at risk
    /// assert!((fit.periods[0].hazard - 0.25).abs() < 1e-12);
    /// assert!((fit.coefficients[0].coef - (-(0.75f64).ln()).ln()).abs() < 1e-12);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn link(mut self, link: Link) -> Self {
        self.link = link;
        self
    }

    /// Sets the confidence level of the hazards' intervals (checked when fitting).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::DiscreteHazard;
    /// let _ = DiscreteHazard::new().conf_level(0.9);
    /// ```
    pub fn conf_level(mut self, level: f64) -> Self {
        self.conf_level = level;
        self
    }

    /// The information matrix is singular at `row` (periods first, then
    /// covariates): that term is constant or a combination of those before.
    fn not_identifiable(&self, row: usize, periods: &[u32]) -> Error {
        let names: Vec<String> = periods
            .iter()
            .map(|q| format!("period {q}"))
            .chain(self.covariates.iter().map(|c| c.0.clone()))
            .collect();
        let term = names.get(row).cloned().unwrap_or_default();
        let before = &names[..row.min(names.len())];
        Error::NotIdentifiable {
            term,
            reason: if before.is_empty() {
                "it has no variation among the person-periods".to_string()
            } else {
                format!(
                    "it is constant within periods or a linear combination of the terms before it ({})",
                    before.join(", ")
                )
            },
        }
    }

    fn design(&self, rows: &[PersonPeriodRow]) -> Result<(Design, Vec<u32>, Vec<f64>)> {
        let mut periods: Vec<u32> = rows.iter().map(|r| r.period).collect();
        periods.sort_unstable();
        periods.dedup();
        let index = |p: u32| periods.binary_search(&p).unwrap_or(0) as u32;
        let p = self.covariates.len();
        let mut z = Vec::with_capacity(rows.len() * p);
        for (row, r) in rows.iter().enumerate() {
            for (name, values) in &self.covariates {
                let Some(&v) = values.get(r.person as usize) else {
                    return Err(invalid(
                        name,
                        format!(
                            "{} values, but row {row} is person {}",
                            values.len(),
                            r.person
                        ),
                    ));
                };
                if !v.is_finite() {
                    return Err(Error::InvalidValue {
                        row: r.person as usize,
                        column: name.clone(),
                        problem: ValueProblem::NotFinite { value: v },
                    });
                }
                z.push(v);
            }
        }
        let n = rows.len() as f64;
        let means: Vec<f64> = (0..p)
            .map(|j| z.iter().skip(j).step_by(p).sum::<f64>() / n)
            .collect();
        for (i, v) in z.iter_mut().enumerate() {
            *v -= means[i % p];
        }
        let design = Design {
            period: rows.iter().map(|r| index(r.period)).collect(),
            y: rows.iter().map(PersonPeriodRow::event).collect(),
            z,
            p,
            k: periods.len(),
            link: self.link,
        };
        Ok((design, periods, means))
    }

    /// The error of iterations that did not converge.
    fn failure_error(&self, f: Failure, periods: &[u32]) -> Error {
        let detail = match f {
            // singular at the start: a constant or collinear covariate
            Failure::Singular {
                index,
                iterations: 0,
            }
            | Failure::NotIdentifiable { index, .. } => {
                return self.not_identifiable(index, periods);
            }
            Failure::Singular { iterations, .. } => format!(
                "the information matrix became singular at iteration {iterations} \
                 (coefficients diverging: a covariate may separate re-migrants from the others)"
            ),
            Failure::IterationLimit { relative_step, .. } => format!(
                "{MAX_ITERATIONS} Newton iterations, last relative step {relative_step:e} \
                 (a covariate may separate re-migrants from the others)"
            ),
            Failure::Monotone { iterations, .. } => format!(
                "after {iterations} iterations the likelihood no longer rises while the \
                 coefficients keep moving (a covariate separates re-migrants from the others)"
            ),
            Failure::HalvingFailed { relative_step, .. } => format!(
                "no step along the Newton direction increases the likelihood (step {relative_step:e})"
            ),
            Failure::NoEvents | Failure::NotFinite => {
                "the likelihood is not finite at the crude hazards".to_string()
            }
        };
        Error::NoConvergence {
            detail: format!("discrete-time hazard: {detail}"),
        }
    }

    /// Fits the model (see [`DiscreteHazard`] for the errors).
    ///
    /// # Example
    /// See [`DiscreteHazard`].
    pub fn fit(&self, rows: &[PersonPeriodRow]) -> Result<DiscreteHazardFit> {
        let z_level = z_of_level(self.conf_level)?;
        if rows.is_empty() {
            return Err(Error::EmptyInput);
        }
        let (d, periods, means) = self.design(rows)?;
        let (k, p) = (d.k, d.p);
        let mut at_risk = vec![0_u64; k];
        let mut events = vec![0_u64; k];
        for (&a, &y) in d.period.iter().zip(&d.y) {
            at_risk[a as usize] += 1;
            events[a as usize] += u64::from(y);
        }
        if let Some(j) = (0..k).find(|&j| events[j] == 0 || events[j] == at_risk[j]) {
            return Err(invalid(
                "periods",
                format!(
                    "period {} has {} first re-migrations among {} at risk: its hazard is {} and \
                     has no finite log-odds; merge it with a neighbour or leave it out",
                    periods[j],
                    events[j],
                    at_risk[j],
                    if events[j] == 0 { 0 } else { 1 }
                ),
            ));
        }
        let theta: Vec<f64> = (0..k)
            .map(|j| {
                let h = events[j] as f64 / at_risk[j] as f64;
                self.link.of_hazard(h)
            })
            .chain(std::iter::repeat_n(0.0, p))
            .collect();
        let newton = Newton {
            max_iter: MAX_ITERATIONS,
            tolerance: TOLERANCE,
            polish: true,
            ridge: false,
        };
        let scale = vec![1.0; theta.len()];
        let mut d = d;
        let fit = newton
            .climb(&mut d, theta, &scale)
            .map_err(|f| self.failure_error(f, &periods))?;
        let convergence = fit.convergence();
        let (theta, dev) = (fit.beta, -2.0 * fit.derivs.loglik);
        // Cannot fail: the Newton driver returns the (k + p)² information it
        // was given by `evaluate`, which builds it with that length.
        let info = Array2::from_shape_vec((k + p, k + p), fit.derivs.info)
            .expect("the driver keeps the information's shape");
        // covariance: inverse information, then back from the centred covariates
        let m = k + p;
        let mut centred = Array2::<f64>::zeros((m, m));
        for j in 0..m {
            let mut e = vec![0.0; m];
            e[j] = 1.0;
            let col = solve_spd(&info, &e).map_err(|e| self.not_identifiable(e.row, &periods))?;
            for i in 0..m {
                centred[[i, j]] = col[i];
            }
        }
        // α = α_c − β·x̄: A = [[I, −x̄ᵀ], [0, I]]
        let mut a = Array2::<f64>::eye(m);
        for i in 0..k {
            for j in 0..p {
                a[[i, k + j]] = -means[j];
            }
        }
        let cov = a.dot(&centred).dot(&a.t());
        let estimates: Vec<f64> = a.dot(&ndarray::Array1::from(theta.clone())).to_vec();
        let names = periods
            .iter()
            .map(|q| format!("period {q}"))
            .chain(self.covariates.iter().map(|c| c.0.clone()));
        let coefficients: Vec<Coefficient> = names
            .enumerate()
            .map(|(i, term)| {
                let se = cov[[i, i]].sqrt();
                let z = estimates[i] / se;
                Coefficient {
                    term,
                    coef: estimates[i],
                    se,
                    z,
                    p: two_sided_p(z),
                }
            })
            .collect();
        let hazards = (0..k)
            .map(|j| {
                let (alpha, se) = (estimates[j], coefficients[j].se);
                let link = self.link;
                PeriodHazard {
                    period: periods[j],
                    at_risk: at_risk[j],
                    events: events[j],
                    hazard: link.hazard(alpha),
                    std_err: link.hazard_slope(alpha) * se,
                    lower: link.hazard(alpha - z_level * se),
                    upper: link.hazard(alpha + z_level * se),
                }
            })
            .collect();
        Ok(DiscreteHazardFit {
            coefficients,
            periods: hazards,
            covariance: cov.outer_iter().map(|r| r.to_vec()).collect(),
            deviance: dev,
            log_likelihood: -dev / 2.0,
            rows: rows.len(),
            conf_level: self.conf_level,
            link: self.link,
            convergence,
        })
    }
}
