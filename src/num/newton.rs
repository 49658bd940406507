//! The crate's one Newton–Raphson driver with step-halving, iterated to
//! full convergence with every way of failing named: the partial and pseudo
//! log-likelihoods of the Cox and Fine–Gray models ([`Newton::run`], from
//! β = 0 with the score test and the identifiability check there), the AFT
//! log-likelihood and the discrete-time hazard's binomial log-likelihood
//! ([`Newton::climb`], from the model's own start). The model supplies the
//! log-likelihood, score and information at β ([`Objective`]); its stopping
//! rules are the [`Newton`] settings. The report is [`Converged::convergence`].

use crate::num::Convergence;
use crate::num::chol::{Cholesky, RANK_TOL};

/// The log-likelihood and its first two derivatives at some β.
pub(crate) trait Derivatives: Clone {
    /// The log-likelihood.
    fn loglik(&self) -> f64;
    /// Its gradient (length p).
    fn score(&self) -> &[f64];
    /// Minus its Hessian, row-major p × p.
    fn info(&self) -> &[f64];
}

/// Log-likelihood, score and information (p × p, row-major) at some β,
/// for models whose evaluation gives nothing else.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Derivs {
    pub loglik: f64,
    pub score: Vec<f64>,
    pub info: Vec<f64>,
}

impl Derivatives for Derivs {
    fn loglik(&self) -> f64 {
        self.loglik
    }
    fn score(&self) -> &[f64] {
        &self.score
    }
    fn info(&self) -> &[f64] {
        &self.info
    }
}

/// A log-likelihood to maximise.
pub(crate) trait Objective {
    /// What one evaluation gives.
    type Derivs: Derivatives;
    /// Log-likelihood, score and information at `beta`.
    fn evaluate(&mut self, beta: &[f64]) -> Self::Derivs;
}

/// Where the iterations ended, when they ended well.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Converged<D> {
    pub beta: Vec<f64>,
    /// At `beta`.
    pub derivs: D,
    /// At β = 0.
    pub null: D,
    /// U(0)ᵀ I(0)⁻¹ U(0).
    pub score_test: f64,
    pub iterations: usize,
    pub halvings: usize,
    /// Scaled size of the Newton step that was not taken.
    pub relative_step: f64,
    /// True when the step could not be brought below the tolerance because
    /// the log-likelihood no longer changes at working precision.
    pub rounding_limited: bool,
}

impl<D: Derivatives> Converged<D> {
    /// The public report of how the iterations ended.
    pub fn convergence(&self) -> Convergence {
        Convergence {
            iterations: self.iterations,
            step_halvings: self.halvings,
            last_change: self.relative_step,
            kkt_violation: self.derivs.score().iter().fold(0.0, |a, u| a.max(u.abs())),
            rounding_limited: self.rounding_limited,
        }
    }
}

/// Why the iterations did not give estimates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// At β = 0, column `index` of the information is zero or a
    /// combination of earlier columns (`no_variation`: the covariate does
    /// not vary within the risk sets, e.g. it is constant within strata).
    NotIdentifiable { index: usize, no_variation: bool },
    /// No events with positive weight: nothing to estimate from.
    NoEvents,
    /// The log-likelihood is not finite at the starting values.
    NotFinite,
    /// The log-likelihood stopped rising while these coefficients kept
    /// moving by steps that do not shrink (separation).
    Monotone {
        indices: Vec<usize>,
        iterations: usize,
        beta: Vec<f64>,
        loglik: f64,
    },
    /// The information became singular during the iterations.
    Singular { index: usize, iterations: usize },
    /// No convergence within the iteration limit.
    IterationLimit {
        iterations: usize,
        relative_step: f64,
    },
    /// Step-halving could not increase the log-likelihood.
    HalvingFailed {
        iterations: usize,
        relative_step: f64,
    },
}

/// The iteration settings: the model's stopping rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Newton {
    pub max_iter: usize,
    /// Largest scaled step (see [`step_sizes`]) that counts as converged.
    pub tolerance: f64,
    /// Take the step that meets the tolerance too, and report the point
    /// after it (its size is then the step taken last); without, the point
    /// before it is reported with the size of the step not taken.
    pub polish: bool,
    /// Where the information is not positive definite (away from the
    /// maximum of a log-likelihood that is not concave), step along a
    /// Levenberg-ridged direction instead of failing with
    /// [`Failure::Singular`].
    pub ridge: bool,
}

impl Newton {
    /// Plain Newton–Raphson with step-halving (no polishing step, no ridge):
    /// the driver of the Cox and Fine–Gray partial likelihoods.
    pub fn plain(max_iter: usize, tolerance: f64) -> Newton {
        Newton {
            max_iter,
            tolerance,
            polish: false,
            ridge: false,
        }
    }

    /// Checks the settings a model was given: a tolerance in (0, 1e-4] and
    /// at least one iteration.
    pub fn check(&self) -> crate::error::Result<()> {
        if !(self.tolerance > 0.0 && self.tolerance <= 1e-4) {
            return Err(crate::error::invalid(
                "tolerance",
                format!("{} is not in (0, 1e-4]", self.tolerance),
            ));
        }
        if self.max_iter == 0 {
            return Err(crate::error::invalid("max_iter", "must be at least 1"));
        }
        Ok(())
    }
}

/// A step below this (scaled) size is at the noise floor when the
/// log-likelihood no longer changes.
const ROUNDING_STEP: f64 = 1e-8;
/// Log-likelihood changes below this fraction of |loglik| are round-off.
const LOGLIK_NOISE: f64 = 1e-12;
/// Consecutive steps without a gain above round-off before the
/// coefficients still moving are declared diverging.
const STALLS: usize = 3;
const MAX_HALVINGS: usize = 40;

fn noise(loglik: f64) -> f64 {
    LOGLIK_NOISE * loglik.abs().max(1.0)
}

/// Step size of each coefficient on the scale of its covariate's standard
/// deviation, relative to the coefficient when that is larger.
fn step_sizes(delta: &[f64], beta: &[f64], sd: &[f64]) -> Vec<f64> {
    delta
        .iter()
        .zip(beta)
        .zip(sd)
        .map(|((d, b), s)| (d * s).abs() / (b * s).abs().max(1.0))
        .collect()
}

impl Newton {
    /// Maximises `f` from β = 0. `sd` are the covariates' standard
    /// deviations (the scale of the steps); `event_weight` (the number or
    /// weight of events) sets, with them, the scale against which a column
    /// of the information at β = 0 counts as not varying. A NaN or
    /// non-positive `event_weight` is [`Failure::NoEvents`].
    pub fn run<F: Objective>(
        &self,
        f: &mut F,
        sd: &[f64],
        event_weight: f64,
    ) -> Result<Converged<F::Derivs>, Failure> {
        let p = sd.len();
        let zeros = vec![0.0; p];
        let null = f.evaluate(&zeros);
        if event_weight.is_nan() || event_weight <= 0.0 {
            return Err(Failure::NoEvents);
        }
        // At β = 0 a column must vary within the risk sets by more than
        // round-off against its variation over all rows.
        let reference: Vec<f64> = sd.iter().map(|s| event_weight * s * s).collect();
        let chol =
            Cholesky::factor(null.info(), p, &reference).map_err(|e| Failure::NotIdentifiable {
                index: e.index,
                no_variation: null.info()[e.index * p + e.index] <= RANK_TOL * reference[e.index],
            })?;
        let delta = chol.solve(null.score());
        let score_test: f64 = null.score().iter().zip(&delta).map(|(u, d)| u * d).sum();
        self.iterate(f, zeros, null, delta, score_test, sd)
    }

    /// Maximises `f` from `start` (no identifiability check there beyond
    /// the information being positive definite: a singular one is
    /// [`Failure::Singular`] at iteration 0). Steps are measured on the
    /// scale `sd` as in [`Newton::run`]. The reported `null` is the start
    /// and `score_test` the score statistic there.
    pub fn climb<F: Objective>(
        &self,
        f: &mut F,
        start: Vec<f64>,
        sd: &[f64],
    ) -> Result<Converged<F::Derivs>, Failure> {
        let at = f.evaluate(&start);
        if !at.loglik().is_finite() {
            return Err(Failure::NotFinite);
        }
        let delta = self.direction(&at, 0)?;
        let score_test: f64 = at.score().iter().zip(&delta).map(|(u, d)| u * d).sum();
        self.iterate(f, start, at, delta, score_test, sd)
    }

    /// The Newton direction I⁻¹U at `at` (ridged if so set and needed).
    fn direction<D: Derivatives>(&self, at: &D, iterations: usize) -> Result<Vec<f64>, Failure> {
        let p = at.score().len();
        let zero = vec![0.0; p];
        let err = match Cholesky::factor(at.info(), p, &zero) {
            Ok(c) => return Ok(c.solve(at.score())),
            Err(e) => e,
        };
        if self.ridge {
            let info = at.info();
            let scale = (0..p)
                .map(|i| info[i * p + i].abs())
                .fold(0.0, f64::max)
                .max(1e-8);
            let mut ridge = 1e-6 * scale;
            for _ in 0..40 {
                let mut a = info.to_vec();
                for i in 0..p {
                    a[i * p + i] += ridge;
                }
                if let Ok(c) = Cholesky::factor(&a, p, &zero) {
                    return Ok(c.solve(at.score()));
                }
                ridge *= 10.0;
            }
        }
        Err(Failure::Singular {
            index: err.index,
            iterations,
        })
    }

    /// The iterations from `beta`, where the log-likelihood, score and
    /// information are `start` and the Newton direction is `delta`.
    fn iterate<F: Objective>(
        &self,
        f: &mut F,
        mut beta: Vec<f64>,
        start: F::Derivs,
        mut delta: Vec<f64>,
        score_test: f64,
        sd: &[f64],
    ) -> Result<Converged<F::Derivs>, Failure> {
        let p = sd.len();
        let null = start.clone();
        let mut current = start;
        let (mut iterations, mut halvings, mut stalls) = (0, 0, 0);
        let converged = |beta, derivs, iterations, halvings, step, rounding| Converged {
            beta,
            derivs,
            null: null.clone(),
            score_test,
            iterations,
            halvings,
            relative_step: step,
            rounding_limited: rounding,
        };
        loop {
            let sizes = step_sizes(&delta, &beta, sd);
            let step = sizes.iter().copied().fold(0.0, f64::max);
            if step <= self.tolerance {
                if self.polish {
                    // take the (tiny) step too: it polishes to rounding
                    let candidate: Vec<f64> = beta.iter().zip(&delta).map(|(b, d)| b + d).collect();
                    let trial = f.evaluate(&candidate);
                    if trial.loglik().is_finite()
                        && trial.loglik() >= current.loglik() - noise(current.loglik())
                    {
                        iterations += 1;
                        return Ok(converged(
                            candidate, trial, iterations, halvings, step, false,
                        ));
                    }
                }
                return Ok(converged(beta, current, iterations, halvings, step, false));
            }
            if stalls >= STALLS {
                if step <= ROUNDING_STEP {
                    return Ok(converged(beta, current, iterations, halvings, step, true));
                }
                return Err(Failure::Monotone {
                    indices: (0..p).filter(|&j| sizes[j] >= 0.01 * step).collect(),
                    iterations,
                    beta,
                    loglik: current.loglik(),
                });
            }
            if iterations >= self.max_iter {
                return Err(Failure::IterationLimit {
                    iterations,
                    relative_step: step,
                });
            }
            iterations += 1;
            let mut trial_step = delta.clone();
            let mut halved = 0;
            let (candidate, trial) = loop {
                let candidate: Vec<f64> =
                    beta.iter().zip(&trial_step).map(|(b, d)| b + d).collect();
                let trial = f.evaluate(&candidate);
                if trial.loglik().is_finite()
                    && trial.loglik() >= current.loglik() - noise(current.loglik())
                {
                    break (candidate, trial);
                }
                halved += 1;
                halvings += 1;
                if halved > MAX_HALVINGS {
                    if step <= ROUNDING_STEP {
                        return Ok(converged(beta, current, iterations, halvings, step, true));
                    }
                    return Err(Failure::HalvingFailed {
                        iterations,
                        relative_step: step,
                    });
                }
                trial_step.iter_mut().for_each(|d| *d *= 0.5);
            };
            if trial.loglik() - current.loglik() <= noise(current.loglik()) {
                stalls += 1;
            } else {
                stalls = 0;
            }
            beta = candidate;
            current = trial;
            delta = self.direction(&current, iterations)?;
        }
    }
}
