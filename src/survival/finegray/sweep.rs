//! The risk-set sweep of the Fine–Gray pseudo-likelihood: log
//! pseudo-likelihood, score and information at β in one backward pass.
//!
//! At a time t with events of the cause of interest the risk set holds
//! everyone still under observation (exit ≥ t) with weight 1, and every
//! subject who failed earlier from a competing cause with weight
//! G(t−)/G(Xⱼ−) (G the censoring Kaplan–Meier). Tied events of the cause
//! share one risk set (Breslow). Walking the subjects in reverse time adds
//! each one to the running sums of the observed; the competing failures
//! before t are the sum over all competing failures minus those already
//! walked. Cost per evaluation: O(n·p²).

use super::data::FineGrayData;
use super::weights::censoring_survival;

/// A distinct exit time with events of the cause of interest.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FailureTime {
    pub time: f64,
    /// First sorted position with exit ≥ `time`.
    pub start: usize,
    /// One past the last sorted position with exit = `time`.
    pub end: usize,
    /// Number of events of the cause at `time`.
    pub d: f64,
    /// G(time−).
    pub g: f64,
}

/// Log pseudo-likelihood, score and information (p × p, row-major) at β.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Derivs {
    pub loglik: f64,
    pub score: Vec<f64>,
    pub info: Vec<f64>,
}

/// Per failure time at β: the hazard increment d/S₀ and the weighted mean
/// of the (centred) covariates in the risk set, with risk scores
/// exp(η − shift).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record {
    pub shift: f64,
    pub hazard: Vec<f64>,
    /// K × p, row-major.
    pub xbar: Vec<f64>,
    /// exp(η − shift) of each sorted position.
    pub risk: Vec<f64>,
}

/// Subject classes for one cause.
pub(super) const CENSORED: u8 = 0;
pub(super) const CAUSE: u8 = 1;
pub(super) const COMPETING: u8 = 2;

/// The data seen from one cause: classes, censoring weights, failure times.
#[derive(Debug, Clone)]
pub(super) struct Design<'a> {
    pub data: &'a FineGrayData,
    pub class: Vec<u8>,
    /// G(tᵢ−) of each sorted position.
    pub g: Vec<f64>,
    pub failures: Vec<FailureTime>,
}

/// Σ r, Σ r·x and Σ r·x·xᵀ (upper triangle packed by rows).
#[derive(Debug, Clone)]
struct Sums {
    s0: f64,
    s1: Vec<f64>,
    s2: Vec<f64>,
}

impl Sums {
    fn new(p: usize) -> Self {
        Sums {
            s0: 0.0,
            s1: vec![0.0; p],
            s2: vec![0.0; p * (p + 1) / 2],
        }
    }

    fn add(&mut self, r: f64, x: &[f64]) {
        self.s0 += r;
        let mut idx = 0;
        for (j, &xj) in x.iter().enumerate() {
            let rx = r * xj;
            self.s1[j] += rx;
            for &xl in &x[j..] {
                self.s2[idx] += rx * xl;
                idx += 1;
            }
        }
    }
}

impl<'a> Design<'a> {
    pub fn new(data: &'a FineGrayData, cause: u32) -> Self {
        let class: Vec<u8> = data
            .status
            .iter()
            .map(|&s| match s {
                0 => CENSORED,
                s if s == cause => CAUSE,
                _ => COMPETING,
            })
            .collect();
        let g = censoring_survival(&data.time, |i| class[i] == CENSORED);
        let n = data.len();
        let mut failures = Vec::new();
        let mut start = 0;
        while start < n {
            let t = data.time[start];
            let end = start + data.time[start..].iter().take_while(|&&u| u == t).count();
            let d = class[start..end].iter().filter(|&&c| c == CAUSE).count();
            if d > 0 {
                failures.push(FailureTime {
                    time: t,
                    start,
                    end,
                    d: d as f64,
                    g: g[start],
                });
            }
            start = end;
        }
        Design {
            data,
            class,
            g,
            failures,
        }
    }

    /// Number of events of the cause.
    pub fn n_events(&self) -> usize {
        self.failures.iter().map(|f| f.d as usize).sum()
    }

    /// Derivatives at β.
    pub fn evaluate(&self, beta: &[f64]) -> Derivs {
        self.sweep(beta).0
    }

    /// Derivatives and the per-time record at β.
    pub fn sweep(&self, beta: &[f64]) -> (Derivs, Record) {
        let data = self.data;
        let (n, p) = (data.len(), data.p());
        let eta: Vec<f64> = (0..n)
            .map(|i| data.row(i).iter().zip(beta).map(|(x, b)| x * b).sum())
            .collect();
        // Risk scores relative to the largest: no overflow; the
        // pseudo-likelihood does not change when every η moves together.
        let shift = eta.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let risk: Vec<f64> = eta.iter().map(|e| (e - shift).exp()).collect();
        let mut competing_all = Sums::new(p);
        for (i, (&class, &g)) in self.class.iter().zip(&self.g).enumerate() {
            if class == COMPETING {
                competing_all.add(risk[i] / g, data.row(i));
            }
        }
        let mut observed = Sums::new(p);
        let mut competing_later = Sums::new(p);
        let mut loglik = 0.0;
        let mut score = vec![0.0; p];
        let mut info = vec![0.0; p * p];
        let k_total = self.failures.len();
        let mut hazard = vec![0.0; k_total];
        let mut xbar_all = vec![0.0; k_total * p];
        let mut s1 = vec![0.0; p];
        let mut s2 = vec![0.0; p * (p + 1) / 2];
        let mut next = n;
        for (k, f) in self.failures.iter().enumerate().rev() {
            while next > f.start {
                next -= 1;
                observed.add(risk[next], data.row(next));
                if self.class[next] == COMPETING {
                    competing_later.add(risk[next] / self.g[next], data.row(next));
                }
            }
            let s0 = observed.s0 + f.g * (competing_all.s0 - competing_later.s0);
            for (j, v) in s1.iter_mut().enumerate() {
                *v = observed.s1[j] + f.g * (competing_all.s1[j] - competing_later.s1[j]);
            }
            for (m, v) in s2.iter_mut().enumerate() {
                *v = observed.s2[m] + f.g * (competing_all.s2[m] - competing_later.s2[m]);
            }
            let xbar = &mut xbar_all[k * p..(k + 1) * p];
            for j in 0..p {
                xbar[j] = s1[j] / s0;
            }
            for (i, &e) in eta.iter().enumerate().take(f.end).skip(f.start) {
                if self.class[i] == CAUSE {
                    loglik += e;
                    for (u, x) in score.iter_mut().zip(data.row(i)) {
                        *u += x;
                    }
                }
            }
            loglik -= f.d * (s0.ln() + shift);
            let mut idx = 0;
            for j in 0..p {
                score[j] -= f.d * xbar[j];
                for l in j..p {
                    let v = f.d * (s2[idx] / s0 - xbar[j] * xbar[l]);
                    info[j * p + l] += v;
                    if l != j {
                        info[l * p + j] += v;
                    }
                    idx += 1;
                }
            }
            hazard[k] = f.d / s0;
        }
        (
            Derivs {
                loglik,
                score,
                info,
            },
            Record {
                shift,
                hazard,
                xbar: xbar_all,
                risk,
            },
        )
    }
}
