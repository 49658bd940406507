//! The log-likelihood of the AFT model with its analytic first and second
//! derivatives in (β, log σ), summed over the rows.
//!
//! With W = (log T − η)/σ standardised (density f, g = (ln f)', survival
//! S, distribution function F), a row contributes
//! - exact: ln f(w) − ln σ (− ln t, a constant added to the total),
//! - censored in (l, r]: ln A with A = F(w_r) − F(w_l) (S(w_l) when
//!   right-censored, F(w_r) when left-censored).
//!
//! The derivatives of ln A use the ratios f(w)/A computed as
//! exp(ln f(w) − ln A), and ln A itself is computed on the side of the
//! median where it does not cancel (ln S(w_l) + ln(1 − S(w_r)/S(w_l))
//! above it, the mirror image below), so rows far in a tail keep their
//! full precision instead of becoming 0/0.

use super::dist::{Standard, ln_one_minus_exp};

/// The rows as the iterations use them: log-time ends, centred and scaled
/// covariates (row-major), weights.
#[derive(Debug, Clone)]
pub(super) struct Design {
    pub standard: Standard,
    /// ln left (−∞ when left-censored).
    pub lower: Vec<f64>,
    /// ln right (+∞ when right-censored; equal to `lower` when exact).
    pub upper: Vec<f64>,
    /// Covariates, n × p row-major, already centred and scaled.
    pub x: Vec<f64>,
    pub p: usize,
    pub weight: Vec<f64>,
    /// −Σ w·ln t over the exact rows: the Jacobian of t ↦ ln t, so that
    /// the log-likelihood is that of T (as R reports it).
    pub log_jacobian: f64,
}

/// Log-likelihood, gradient and Hessian at θ = (intercept, β…, [log σ]).
#[derive(Debug, Clone)]
pub(super) struct Evaluation {
    pub loglik: f64,
    pub gradient: Vec<f64>,
    /// Row-major m × m, m = θ's length.
    pub hessian: Vec<f64>,
}

/// One row's ln L and its derivatives in η and τ = ln σ.
#[derive(Debug, Clone, Copy, Default)]
struct RowTerms {
    ll: f64,
    d_eta: f64,
    d_tau: f64,
    d_eta2: f64,
    d_eta_tau: f64,
    d_tau2: f64,
}

/// ln A for a censored row (w_l < w_r; either may be infinite).
fn ln_probability(s: Standard, wl: f64, wr: f64) -> f64 {
    if wr == f64::INFINITY {
        return s.ln_sf(wl);
    }
    if wl == f64::NEG_INFINITY {
        return s.ln_cdf(wr);
    }
    let m = s.median();
    let ln_a = if wl >= m {
        let (a, b) = (s.ln_sf(wl), s.ln_sf(wr));
        a + ln_one_minus_exp(b - a)
    } else if wr <= m {
        let (a, b) = (s.ln_cdf(wr), s.ln_cdf(wl));
        a + ln_one_minus_exp(b - a)
    } else {
        (1.0 - s.ln_cdf(wl).exp() - s.ln_sf(wr).exp()).ln()
    };
    if ln_a.is_finite() || wr <= wl {
        ln_a
    } else {
        // an interval so narrow that the difference rounds to 0: f(mid)·width
        s.ln_density(0.5 * (wl + wr)) + (wr - wl).ln()
    }
}

fn exact_row(s: Standard, y: f64, eta: f64, tau: f64, sigma: f64) -> RowTerms {
    let w = (y - eta) / sigma;
    let (ln_f, (g, gp)) = if s == Standard::ExtremeValue {
        // one exponential: ln f = w − eʷ, g = 1 − eʷ, g' = −eʷ
        let u = w.exp();
        (w - u, (1.0 - u, -u))
    } else {
        (s.ln_density(w), s.score(w))
    };
    RowTerms {
        ll: ln_f - tau,
        d_eta: -g / sigma,
        d_tau: -w * g - 1.0,
        d_eta2: gp / (sigma * sigma),
        d_eta_tau: (gp * w + g) / sigma,
        d_tau2: w * g + w * w * gp,
    }
}

/// f(w)/A, w·f(w)/A, f'(w)/A and w·f'(w)/A at one end (all 0 at ±∞).
fn end_ratios(s: Standard, w: f64, ln_a: f64) -> (f64, f64, f64, f64) {
    if !w.is_finite() {
        return (0.0, 0.0, 0.0, 0.0);
    }
    let r = (s.ln_density(w) - ln_a).exp();
    let rp = s.score(w).0 * r;
    (r, w * r, rp, w * rp)
}

fn censored_row(s: Standard, yl: f64, yr: f64, eta: f64, sigma: f64) -> RowTerms {
    let (wl, wr) = ((yl - eta) / sigma, (yr - eta) / sigma);
    let (ln_a, (rl, wrl, rpl, wrpl), (ru, wru, rpu, wrpu)) =
        if s == Standard::ExtremeValue && wr == f64::INFINITY {
            // right-censored extreme value, one exponential: ln S = −eʷ,
            // f/S = eʷ, f'/S = (1 − eʷ)eʷ
            let u = wl.exp();
            let rp = (1.0 - u) * u;
            (-u, (u, wl * u, rp, wl * rp), (0.0, 0.0, 0.0, 0.0))
        } else if s == Standard::ExtremeValue {
            extreme_value_interval(wl, wr)
        } else {
            let ln_a = ln_probability(s, wl, wr);
            (ln_a, end_ratios(s, wl, ln_a), end_ratios(s, wr, ln_a))
        };
    let d_eta = -(ru - rl) / sigma;
    let d_tau = -(wru - wrl);
    let a_eta2 = (rpu - rpl) / (sigma * sigma);
    let a_eta_tau = (ru - rl + wrpu - wrpl) / sigma;
    let a_tau2 = wr_times(wr, ru + wrpu) - wr_times(wl, rl + wrpl);
    RowTerms {
        ll: ln_a,
        d_eta,
        d_tau,
        d_eta2: a_eta2 - d_eta * d_eta,
        d_eta_tau: a_eta_tau - d_eta * d_tau,
        d_tau2: a_tau2 - d_tau * d_tau,
    }
}

type Ends = (f64, f64, f64, f64);

/// ln A and the end ratios of an extreme-value row with a finite right end,
/// from u = eʷ at each end: A = e^(−u_l)·(1 − e^(−(u_r − u_l))), exact on
/// both sides of the median (u_r − u_l is a difference of accurate values;
/// 1 − e^(−x) is `-expm1(-x)`).
fn extreme_value_interval(wl: f64, wr: f64) -> (f64, Ends, Ends) {
    let ur = wr.exp();
    let (ul, ln_a) = if wl == f64::NEG_INFINITY {
        (0.0, (-(-ur).exp_m1()).ln())
    } else {
        let ul = wl.exp();
        (ul, -ul + (-(ul - ur).exp_m1()).ln())
    };
    let end = |w: f64, u: f64| -> Ends {
        if !w.is_finite() {
            return (0.0, 0.0, 0.0, 0.0);
        }
        let r = (w - u - ln_a).exp();
        let rp = (1.0 - u) * r;
        (r, w * r, rp, w * rp)
    };
    (ln_a, end(wl, ul), end(wr, ur))
}

/// w·v, taken as 0 at an infinite end (where v is 0).
fn wr_times(w: f64, v: f64) -> f64 {
    if w.is_finite() { w * v } else { 0.0 }
}

impl Design {
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    /// Evaluates at θ; `with_scale` says whether θ ends with ln σ (else σ = 1).
    /// `derivatives = false` computes the log-likelihood only.
    pub fn evaluate(&self, theta: &[f64], with_scale: bool, derivatives: bool) -> Evaluation {
        let p = self.p;
        let m = theta.len();
        let tau = if with_scale { theta[p + 1] } else { 0.0 };
        let sigma = tau.exp();
        let beta = &theta[1..=p];
        let mut loglik = self.log_jacobian;
        let mut gradient = vec![0.0; m];
        let mut hessian = vec![0.0; m * m];
        let s = self.standard;
        for i in 0..self.len() {
            let x = &self.x[i * p..(i + 1) * p];
            let eta = theta[0] + x.iter().zip(beta).map(|(a, b)| a * b).sum::<f64>();
            let (yl, yr) = (self.lower[i], self.upper[i]);
            if yl == f64::NEG_INFINITY && yr == f64::INFINITY {
                continue; // right-censored at 0: probability 1 under every model
            }
            let t = if yl == yr {
                exact_row(s, yl, eta, tau, sigma)
            } else {
                censored_row(s, yl, yr, eta, sigma)
            };
            let w = self.weight[i];
            loglik += w * t.ll;
            if !derivatives {
                continue;
            }
            let (de, de2, det) = (w * t.d_eta, w * t.d_eta2, w * t.d_eta_tau);
            gradient[0] += de;
            hessian[0] += de2;
            for a in 0..p {
                gradient[1 + a] += de * x[a];
                let hx = de2 * x[a];
                hessian[(1 + a) * m] += hx;
                let row = &mut hessian[(1 + a) * m + 1..(1 + a) * m + 2 + a];
                for (h, xb) in row.iter_mut().zip(&x[..=a]) {
                    *h += hx * xb;
                }
            }
            if with_scale {
                gradient[p + 1] += w * t.d_tau;
                let r = (p + 1) * m;
                hessian[r] += det;
                for a in 0..p {
                    hessian[r + 1 + a] += det * x[a];
                }
                hessian[r + p + 1] += w * t.d_tau2;
            }
        }
        // the lower triangle was filled; mirror it
        for i in 0..m {
            for j in 0..i {
                hessian[j * m + i] = hessian[i * m + j];
            }
        }
        Evaluation {
            loglik,
            gradient,
            hessian,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of row, every distribution: the analytic derivatives
    /// equal central differences of the log-likelihood.
    #[test]
    fn derivatives_match_finite_differences() {
        let inf = f64::INFINITY;
        for s in [Standard::ExtremeValue, Standard::Normal, Standard::Logistic] {
            let d = Design {
                standard: s,
                lower: vec![1.0, 0.5, -inf, 0.2, 2.5],
                upper: vec![1.0, inf, 0.7, 0.9, inf],
                x: vec![0.3, -1.2, 0.8, 1.5, -0.4],
                p: 1,
                weight: vec![1.0, 2.0, 0.5, 1.0, 1.5],
                log_jacobian: 0.0,
            };
            let theta = [0.4, 0.3, -0.2];
            let e = d.evaluate(&theta, true, true);
            let h = 1e-6;
            for k in 0..3 {
                let mut up = theta;
                let mut dn = theta;
                up[k] += h;
                dn[k] -= h;
                let (eu, ed) = (d.evaluate(&up, true, true), d.evaluate(&dn, true, true));
                let g = (eu.loglik - ed.loglik) / (2.0 * h);
                assert!((g - e.gradient[k]).abs() < 1e-7, "{s:?} grad {k}");
                for j in 0..3 {
                    let hk = (eu.gradient[j] - ed.gradient[j]) / (2.0 * h);
                    assert!(
                        (hk - e.hessian[k * 3 + j]).abs() < 1e-6,
                        "{s:?} hess {k},{j}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_nearly_exact_interval_is_density_times_width() {
        for s in [Standard::Normal, Standard::Logistic] {
            let (wl, wr) = (0.3, 0.3 + 1e-17 * 4.0);
            let ln_a = ln_probability(s, wl, wr);
            assert!(ln_a.is_finite(), "{s:?}");
        }
        let ln_a = ln_probability(Standard::Normal, 0.1, 0.1 + 1e-9);
        let exact = Standard::Normal.ln_density(0.1 + 5e-10) + 1e-9f64.ln();
        assert!((ln_a - exact).abs() < 1e-6);
    }

    #[test]
    fn far_tail_rows_keep_finite_logliks() {
        // a right-censored normal row 40 σ above η, an interval 30 σ below
        let d = Design {
            standard: Standard::Normal,
            lower: vec![40.0, -31.0],
            upper: vec![f64::INFINITY, -30.0],
            x: vec![],
            p: 0,
            weight: vec![1.0, 1.0],
            log_jacobian: 0.0,
        };
        let e = d.evaluate(&[0.0, 0.0], true, true);
        assert!(e.loglik.is_finite() && e.gradient.iter().all(|g| g.is_finite()));
        // d ln S(w)/dη = f(w)/S(w) ≈ 40 (Mills ratio), d ln F(w)/dη ≈ −30
        assert!((e.gradient[0] - 10.0).abs() < 0.2, "{}", e.gradient[0]);
    }
}
