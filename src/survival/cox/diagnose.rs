//! What went wrong, in words: a constant or collinear covariate, a
//! diverging coefficient, no convergence, each naming the covariates.

use super::Ties;
use super::data::CoxData;
use super::newton::Failure;
use crate::error::{Error, Result};

/// A constant covariate, overall or within every stratum, checked exactly.
pub(super) fn check_variation(data: &CoxData) -> Result<()> {
    let p = data.p();
    let x = data.x_values();
    for j in 0..p {
        let varies_in = |lo: usize, hi: usize| (lo..hi).any(|k| x[k * p + j] != x[lo * p + j]);
        let n_strata = data.bounds.len() - 1;
        if !varies_in(0, data.len()) {
            let value = data.means[j];
            return Err(not_identifiable(
                data,
                j,
                format!("it is constant (every row has the value {value})"),
            ));
        }
        if n_strata > 1 && !(0..n_strata).any(|s| varies_in(data.bounds[s], data.bounds[s + 1])) {
            return Err(not_identifiable(
                data,
                j,
                "it is constant within every stratum".to_string(),
            ));
        }
    }
    Ok(())
}

fn not_identifiable(data: &CoxData, j: usize, reason: String) -> Error {
    Error::NotIdentifiable {
        term: data.names[j].clone(),
        reason,
    }
}

fn earlier(data: &CoxData, j: usize) -> String {
    data.names[..j]
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn singular_at_estimate(data: &CoxData, j: usize) -> Error {
    Error::NoConvergence {
        detail: format!(
            "Cox model: the information matrix is singular at the estimates, at covariate `{}`",
            data.names[j]
        ),
    }
}

pub(super) fn failure_error(failure: Failure, data: &CoxData, ties: Ties) -> Error {
    let ties = match ties {
        Ties::Efron => "Efron",
        Ties::Breslow => "Breslow",
    };
    let name = |j: usize| format!("`{}`", data.names[j]);
    match failure {
        Failure::NoEvents => Error::NoData {
            what: "Cox model: no events with a positive weight".to_string(),
        },
        Failure::NotFinite => Error::NoConvergence {
            detail: "Cox model: the partial likelihood is not finite at β = 0".to_string(),
        },
        Failure::NotIdentifiable {
            index,
            no_variation: true,
        } => not_identifiable(
            data,
            index,
            "it does not vary within the risk sets of the events".to_string(),
        ),
        // the first covariate has no covariates before it: its own
        // information vanished (no variation within the risk sets, to rounding)
        Failure::NotIdentifiable { index: 0, .. } => not_identifiable(
            data,
            0,
            "it does not vary within the risk sets of the events (to rounding)".to_string(),
        ),
        Failure::NotIdentifiable { index, .. } => not_identifiable(
            data,
            index,
            format!(
                "it is collinear with the covariates before it ({}) within the risk sets",
                earlier(data, index)
            ),
        ),
        Failure::Monotone {
            indices,
            iterations,
            beta,
            loglik,
        } => {
            let names: Vec<String> = indices
                .iter()
                .map(|&j| format!("{} (coef {:.3} and growing)", name(j), beta[j]))
                .collect();
            let (subject, verb, what) = match names.len() {
                1 => (
                    format!("the coefficient of {}", names[0]),
                    "diverges",
                    "the covariate predicts the event order perfectly, so its estimate is infinite",
                ),
                _ => (
                    format!("the coefficients of {}", names.join(" and ")),
                    "diverge",
                    "together these covariates predict the event order perfectly, so the estimates are infinite",
                ),
            };
            let loglik = if loglik.abs() >= 1e-3 {
                format!("{loglik:.6}")
            } else {
                format!("{loglik:.3e}")
            };
            Error::NoConvergence {
                detail: format!(
                    "Cox model ({ties} ties): monotone likelihood (separation): {subject} {verb}; after {iterations} iterations the log-likelihood ({loglik}) no longer rises while the coefficients keep moving: {what}"
                ),
            }
        }
        Failure::Singular { index, iterations } => Error::NoConvergence {
            detail: format!(
                "Cox model ({ties} ties): the information matrix became singular at iteration {iterations}, at covariate {} ({} as the coefficients diverge: monotone likelihood?)",
                name(index),
                if index == 0 {
                    "its information vanished".to_string()
                } else {
                    format!("collinear with {}", earlier(data, index))
                }
            ),
        },
        Failure::IterationLimit {
            iterations,
            relative_step,
        } => Error::NoConvergence {
            detail: format!(
                "Cox model ({ties} ties): no convergence in {iterations} iterations (last Newton step {relative_step:.2e})"
            ),
        },
        Failure::HalvingFailed {
            iterations,
            relative_step,
        } => Error::NoConvergence {
            detail: format!(
                "Cox model ({ties} ties): step-halving could not increase the log-likelihood at iteration {iterations} (Newton step {relative_step:.2e})"
            ),
        },
    }
}
