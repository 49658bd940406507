//! The robust (sandwich) variance of Fine & Gray (1999, section 3), as
//! `cmprsk::crr`'s `var`: I⁻¹·(Σᵢ rᵢ·rᵢᵀ)·I⁻¹ with rᵢ = ηᵢ + ψᵢ.
//!
//! ηᵢ is subject i's score residual: its event of the cause (xᵢ − x̄(tᵢ))
//! minus its share of the hazard, Σ_t (xᵢ − x̄(t))·wᵢ(t)·exp(ηᵢ)·dΛ(t) over
//! the failure times t at which it is in the risk set (weight 1 while
//! observed, G(t−)/G(Xᵢ−) after a competing failure).
//!
//! ψᵢ accounts for the estimated censoring weights: with
//! q(u) = Σ_{t ≥ u} dΛ(t)·G(t−)·Σ_{competing j, Xⱼ < u} (xⱼ − x̄(t))·exp(ηⱼ)/G(Xⱼ−)
//! and n(u), c(u) the numbers at risk and censored at u,
//! ψᵢ = [i censored]·q(Xᵢ)/n(Xᵢ) − Σ_{censoring times u ≤ Xᵢ} q(u)·c(u)/n(u)².
//! Every sum is a prefix or suffix sum over the failure times, so the
//! whole is O(n·p + K·p), and O(n·p²) for the cross-products.

use super::sweep::{CAUSE, CENSORED, COMPETING, Design, Record};

/// Σᵢ rᵢ·rᵢᵀ (p × p, row-major).
pub(super) fn score_crossproduct(design: &Design, record: &Record) -> Vec<f64> {
    let data = design.data;
    let (n, p) = (data.len(), data.p());
    let k_total = design.failures.len();
    // prefix[k] = Σ_{k' < k} (dΛ, x̄·dΛ); suffix[k] = Σ_{k' ≥ k} G·(dΛ, x̄·dΛ).
    let w = p + 1;
    let mut prefix = vec![0.0; (k_total + 1) * w];
    for k in 0..k_total {
        let h = record.hazard[k];
        prefix[(k + 1) * w] = prefix[k * w] + h;
        for j in 0..p {
            prefix[(k + 1) * w + 1 + j] = prefix[k * w + 1 + j] + record.xbar[k * p + j] * h;
        }
    }
    let mut suffix = vec![0.0; (k_total + 1) * w];
    for k in (0..k_total).rev() {
        let gh = design.failures[k].g * record.hazard[k];
        suffix[k * w] = suffix[(k + 1) * w] + gh;
        for j in 0..p {
            suffix[k * w + 1 + j] = suffix[(k + 1) * w + 1 + j] + record.xbar[k * p + j] * gh;
        }
    }
    // Competing failures before the current time: Σ exp(η)/G, Σ x·exp(η)/G.
    let mut b0 = 0.0;
    let mut b1 = vec![0.0; p];
    // Σ over censoring times so far of q(u)·c(u)/n(u)².
    let mut h_cens = vec![0.0; p];
    let mut q = vec![0.0; p];
    let mut r = vec![0.0; p];
    let mut cross = vec![0.0; p * p];
    // Failure times before the current time.
    let mut before = 0;
    let mut start = 0;
    while start < n {
        let t = data.time[start];
        let end = start + data.time[start..].iter().take_while(|&&u| u == t).count();
        let is_failure = before < k_total && design.failures[before].time == t;
        let through = before + usize::from(is_failure);
        let censored = (start..end)
            .filter(|&i| design.class[i] == CENSORED)
            .count();
        if censored > 0 {
            // q(t) with the failure times ≥ t and competing failures < t.
            let (e0, e1) = (
                suffix[before * w],
                &suffix[before * w + 1..(before + 1) * w],
            );
            let at_risk = (n - start) as f64;
            for j in 0..p {
                q[j] = b1[j] * e0 - b0 * e1[j];
                h_cens[j] += q[j] * censored as f64 / (at_risk * at_risk);
            }
        }
        let (c0, c1) = (
            prefix[through * w],
            &prefix[through * w + 1..(through + 1) * w],
        );
        let (d0, d1) = (
            suffix[through * w],
            &suffix[through * w + 1..(through + 1) * w],
        );
        for i in start..end {
            let x = data.row(i);
            let e = record.risk[i];
            for j in 0..p {
                r[j] = -e * (x[j] * c0 - c1[j]) - h_cens[j];
            }
            match design.class[i] {
                CAUSE => {
                    let xbar = &record.xbar[before * p..(before + 1) * p];
                    for j in 0..p {
                        r[j] += x[j] - xbar[j];
                    }
                }
                COMPETING => {
                    let scale = e / design.g[i];
                    for j in 0..p {
                        r[j] -= scale * (x[j] * d0 - d1[j]);
                    }
                }
                _ => {
                    let at_risk = (n - start) as f64;
                    for j in 0..p {
                        r[j] += q[j] / at_risk;
                    }
                }
            }
            for j in 0..p {
                for l in j..p {
                    cross[j * p + l] += r[j] * r[l];
                }
            }
        }
        for i in start..end {
            if design.class[i] == COMPETING {
                let s = record.risk[i] / design.g[i];
                b0 += s;
                for (b, x) in b1.iter_mut().zip(data.row(i)) {
                    *b += s * x;
                }
            }
        }
        before = through;
        start = end;
    }
    for j in 0..p {
        for l in 0..j {
            cross[j * p + l] = cross[l * p + j];
        }
    }
    cross
}

/// V·B·V for symmetric p × p matrices (row-major).
pub(super) fn sandwich(v: &[f64], b: &[f64], p: usize) -> Vec<f64> {
    let mut vb = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..p {
            vb[i * p + j] = (0..p).map(|k| v[i * p + k] * b[k * p + j]).sum();
        }
    }
    let mut out = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..p {
            out[i * p + j] = (0..p).map(|k| vb[i * p + k] * v[k * p + j]).sum();
        }
    }
    for i in 0..p {
        for j in 0..i {
            let m = 0.5 * (out[i * p + j] + out[j * p + i]);
            out[i * p + j] = m;
            out[j * p + i] = m;
        }
    }
    out
}
