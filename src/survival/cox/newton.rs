//! Newton–Raphson with step-halving for the log partial likelihood,
//! iterated to full convergence, with every way of failing named.

use super::sweep::{Derivs, Sweep};
use crate::num::chol::{Cholesky, RankDeficient};

/// Where the iterations ended, when they ended well.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Converged {
    pub beta: Vec<f64>,
    /// At `beta`.
    pub derivs: Derivs,
    /// At β = 0.
    pub null: Derivs,
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
pub(super) enum Failure {
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
    SingularDuringIteration { index: usize, iterations: usize },
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

/// The iteration settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Newton {
    pub max_iter: usize,
    pub tolerance: f64,
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

impl Newton {
    /// Step size of each coefficient on the scale of its covariate's
    /// standard deviation, relative to the coefficient when that is larger.
    fn step_sizes(delta: &[f64], beta: &[f64], sd: &[f64]) -> Vec<f64> {
        delta
            .iter()
            .zip(beta)
            .zip(sd)
            .map(|((d, b), s)| (d * s).abs() / (b * s).abs().max(1.0))
            .collect()
    }

    fn relative(delta: &[f64], beta: &[f64], sd: &[f64]) -> f64 {
        Self::step_sizes(delta, beta, sd)
            .into_iter()
            .fold(0.0, f64::max)
    }

    pub fn run(
        &self,
        sweep: &mut Sweep,
        sd: &[f64],
        event_weight: f64,
    ) -> Result<Converged, Failure> {
        let p = sd.len();
        let zeros = vec![0.0; p];
        let null = sweep.evaluate(&zeros);
        if event_weight.is_nan() || event_weight <= 0.0 {
            return Err(Failure::NoEvents);
        }
        // At β = 0 a column must vary within the risk sets by more than
        // round-off against its variation over all rows.
        let reference: Vec<f64> = sd.iter().map(|s| event_weight * s * s).collect();
        let chol = Cholesky::factor(&null.info, p, &reference).map_err(|e: RankDeficient| {
            Failure::NotIdentifiable {
                index: e.index,
                no_variation: null.info[e.index * p + e.index]
                    <= crate::num::chol::RANK_TOL * reference[e.index],
            }
        })?;
        let mut delta = chol.solve(&null.score);
        let score_test: f64 = null.score.iter().zip(&delta).map(|(u, d)| u * d).sum();
        let mut beta = zeros;
        let mut current = null.clone();
        let (mut iterations, mut halvings, mut stalls) = (0, 0, 0);
        let converged =
            |beta: Vec<f64>, derivs: Derivs, iterations, halvings, step, rounding| Converged {
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
            let step = Self::relative(&delta, &beta, sd);
            if step <= self.tolerance {
                return Ok(converged(beta, current, iterations, halvings, step, false));
            }
            if stalls >= STALLS {
                if step <= ROUNDING_STEP {
                    return Ok(converged(beta, current, iterations, halvings, step, true));
                }
                let sizes = Self::step_sizes(&delta, &beta, sd);
                let largest = sizes.iter().copied().fold(0.0, f64::max);
                return Err(Failure::Monotone {
                    indices: (0..p).filter(|&j| sizes[j] >= 0.01 * largest).collect(),
                    iterations,
                    beta,
                    loglik: current.loglik,
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
                let trial = sweep.evaluate(&candidate);
                if trial.loglik.is_finite()
                    && trial.loglik >= current.loglik - noise(current.loglik)
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
            if trial.loglik - current.loglik <= noise(current.loglik) {
                stalls += 1;
            } else {
                stalls = 0;
            }
            beta = candidate;
            current = trial;
            let reference = vec![0.0; p];
            let chol = Cholesky::factor(&current.info, p, &reference).map_err(|e| {
                Failure::SingularDuringIteration {
                    index: e.index,
                    iterations,
                }
            })?;
            delta = chol.solve(&current.score);
        }
    }
}
