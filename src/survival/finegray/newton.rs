//! Newton–Raphson with step-halving on the log pseudo-likelihood, iterated
//! to full convergence; every way of failing is named.

use super::sweep::{Derivs, Design};
use crate::survival::cox::chol::Cholesky;

/// Where the iterations ended well.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Converged {
    pub beta: Vec<f64>,
    pub derivs: Derivs,
    pub null: Derivs,
    pub iterations: usize,
    pub halvings: usize,
    /// Scaled size of the last Newton step (not taken).
    pub relative_step: f64,
    /// The step could not be brought below the tolerance because the
    /// pseudo-likelihood no longer changes at working precision.
    pub rounding_limited: bool,
}

/// Why the iterations did not give estimates.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Failure {
    /// At β = 0, column `index` of the information is zero or a
    /// combination of the columns before it.
    NotIdentifiable { index: usize, no_variation: bool },
    /// The pseudo-likelihood stopped rising while these coefficients kept
    /// moving (separation: an infinite estimate).
    Monotone {
        indices: Vec<usize>,
        iterations: usize,
        beta: Vec<f64>,
    },
    /// The information became singular during the iterations.
    Singular { index: usize, iterations: usize },
    /// No convergence within the iteration limit.
    IterationLimit {
        iterations: usize,
        relative_step: f64,
    },
    /// Step-halving could not increase the pseudo-likelihood.
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

const ROUNDING_STEP: f64 = 1e-8;
const LOGLIK_NOISE: f64 = 1e-12;
const STALLS: usize = 3;
const MAX_HALVINGS: usize = 40;

fn noise(loglik: f64) -> f64 {
    LOGLIK_NOISE * loglik.abs().max(1.0)
}

/// Each coefficient's step on the scale of its covariate's standard
/// deviation, relative to the coefficient when that is larger.
fn step_sizes(delta: &[f64], beta: &[f64], sd: &[f64]) -> Vec<f64> {
    delta
        .iter()
        .zip(beta)
        .zip(sd)
        .map(|((d, b), s)| (d * s).abs() / (b * s).abs().max(1.0))
        .collect()
}

fn largest(v: &[f64]) -> f64 {
    v.iter().copied().fold(0.0, f64::max)
}

impl Newton {
    pub fn run(&self, design: &Design, sd: &[f64]) -> Result<Converged, Failure> {
        let p = sd.len();
        let zeros = vec![0.0; p];
        let null = design.evaluate(&zeros);
        // At β = 0 a column must vary within the risk sets by more than
        // round-off against its variation over all subjects.
        let events = design.n_events() as f64;
        let reference: Vec<f64> = sd.iter().map(|s| events * s * s).collect();
        let chol =
            Cholesky::factor(&null.info, p, &reference).map_err(|e| Failure::NotIdentifiable {
                index: e.index,
                no_variation: null.info[e.index * p + e.index]
                    <= crate::survival::cox::chol::RANK_TOL * reference[e.index],
            })?;
        let mut delta = chol.solve(&null.score);
        let mut beta = zeros;
        let mut current = null.clone();
        let (mut iterations, mut halvings, mut stalls) = (0, 0, 0);
        let done = |beta, derivs, iterations, halvings, step, rounding| Converged {
            beta,
            derivs,
            null: null.clone(),
            iterations,
            halvings,
            relative_step: step,
            rounding_limited: rounding,
        };
        loop {
            let sizes = step_sizes(&delta, &beta, sd);
            let step = largest(&sizes);
            if step <= self.tolerance {
                return Ok(done(beta, current, iterations, halvings, step, false));
            }
            if stalls >= STALLS {
                if step <= ROUNDING_STEP {
                    return Ok(done(beta, current, iterations, halvings, step, true));
                }
                return Err(Failure::Monotone {
                    indices: (0..p).filter(|&j| sizes[j] >= 0.01 * step).collect(),
                    iterations,
                    beta,
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
                let trial = design.evaluate(&candidate);
                if trial.loglik.is_finite()
                    && trial.loglik >= current.loglik - noise(current.loglik)
                {
                    break (candidate, trial);
                }
                halved += 1;
                halvings += 1;
                if halved > MAX_HALVINGS {
                    if step <= ROUNDING_STEP {
                        return Ok(done(beta, current, iterations, halvings, step, true));
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
            let chol = Cholesky::factor(&current.info, p, &vec![0.0; p]).map_err(|e| {
                Failure::Singular {
                    index: e.index,
                    iterations,
                }
            })?;
            delta = chol.solve(&current.score);
        }
    }
}
