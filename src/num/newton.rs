//! One Newton–Raphson driver with step-halving for the partial and pseudo
//! log-likelihoods of the Cox and Fine–Gray models, iterated to full
//! convergence, with every way of failing named. The model supplies the
//! log-likelihood, score and information at β ([`Objective`]); its stopping
//! rules are the [`Newton`] settings.

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

/// Why the iterations did not give estimates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// At β = 0, column `index` of the information is zero or a
    /// combination of earlier columns (`no_variation`: the covariate does
    /// not vary within the risk sets, e.g. it is constant within strata).
    NotIdentifiable { index: usize, no_variation: bool },
    /// No events with positive weight: nothing to estimate from.
    NoEvents,
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
}

impl Newton {
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
        let mut delta = chol.solve(null.score());
        let score_test: f64 = null.score().iter().zip(&delta).map(|(u, d)| u * d).sum();
        let mut beta = zeros;
        let mut current = null.clone();
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
            let chol = Cholesky::factor(current.info(), p, &vec![0.0; p]).map_err(|e| {
                Failure::Singular {
                    index: e.index,
                    iterations,
                }
            })?;
            delta = chol.solve(current.score());
        }
    }
}
