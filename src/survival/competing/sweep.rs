//! The Aalen–Johansen estimate of one group and its infinitesimal-jackknife
//! variance, in passes that are linear in the number of subjects.
//!
//! Notation (weighted counts at the distinct exit times t_j of the group):
//! n_j at risk, d_kj events of cause k, d_j = Σ_k d_kj, h_kj = d_kj / n_j,
//! S_j the all-cause Kaplan–Meier, F_kj = Σ_{l ≤ j} S_{l−1} h_kl the
//! cumulative incidence of cause k, G_j = Σ_{l ≤ j} d_l / (n_l (n_l − d_l))
//! (Greenwood's sum), X_kj = Σ_{l ≤ j} S_{l−1} h_kl (G_{l−1} − 1 / n_l).
//!
//! The influence of subject i (weight w_i, at risk on (a_i, b_i], at risk
//! from time index e_i to exit index b_i, cause c_i or censored) is the
//! derivative of the estimate with respect to w_i. Solving the recursion of
//! the estimator gives it in closed form, for the cumulative incidence of
//! cause k at time index j:
//!
//! - while at risk (e_i ≤ j < b_i): U = X_kj + γ_k(e_i) + ε(e_i) F_kj with
//!   γ_k(e) = −X_{k,e−1} + G_{e−1} F_{k,e−1} and ε(e) = −G_{e−1};
//! - once out (j ≥ b_i): U = α_ik + β_i F_kj with β_i = −A_i,
//!   A_i = δ_i / (n_b − d_b) − G_b + G_{e−1} and
//!   α_ik = X_kb + γ_k(e_i) + [c_i = k] S_{b−1} / n_b + F_kb (δ_i / (n_b − d_b) − G_b),
//!
//! and for the event-free probability U = −S_j (G_j − G_{e−1}) while at
//! risk and U = −S_j A_i once out. The variance Σ_i v_i U_i² (v_i = w_i²
//! as R's survfit, or w_i for frequency weights) expands into sums of v,
//! vγ, vε, vγ², ... over the subjects at risk and of vα², vαβ, vβ² over the
//! subjects out, updated as subjects enter and leave, so that every time
//! costs O(causes). Where the subjects' terms nearly cancel (the variance
//! can be exactly 0, e.g. once every subject's outcome is known) those
//! expanded sums lose all their digits in `f64`, so they are carried in
//! double-double arithmetic; the sums over the subjects at risk are
//! accumulated forward (entered minus left), so that they are exactly 0
//! while every γ and ε is. Once S reaches 0 nothing changes any more, and
//! the variances are held. The result agrees with the brute-force
//! jackknife (every subject's influence updated at every time) to 1e-9 in
//! the property tests and with R to 1e-8.

use super::data::StatusCell;
use super::grid::{Grid, grid};
use crate::num::dd::Dd;

/// Per-time estimates of one group; cause arrays are row-major
/// (`time index * causes + cause index`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupEstimates {
    pub time: Vec<f64>,
    pub n_risk: Vec<f64>,
    pub n_censor: Vec<f64>,
    pub n_event: Vec<f64>,
    pub surv: Vec<f64>,
    pub surv_var: Vec<f64>,
    pub cif: Vec<f64>,
    pub cif_var: Vec<f64>,
}

/// The curves of one group at its times (cause arrays row-major), and the
/// quantities of the influence functions.
struct Curves {
    k: usize,
    surv: Vec<f64>,
    /// Greenwood's sum G_j (not advanced where S reaches 0).
    green: Vec<f64>,
    cif: Vec<f64>,
    x: Vec<f64>,
    /// The index where S reaches 0, if it does.
    zero: Option<usize>,
}

impl Curves {
    fn new(g: &Grid, k: usize) -> Curves {
        let nt = g.bits.len();
        let mut c = Curves {
            k,
            surv: vec![0.0; nt],
            green: vec![0.0; nt],
            cif: vec![0.0; nt * k],
            x: vec![0.0; nt * k],
            zero: None,
        };
        let (mut b_sum, mut c_sum) = (vec![0.0; k], vec![0.0; k]);
        let (mut s, mut gs) = (1.0_f64, 0.0_f64);
        for j in 0..nt {
            let n = g.n_risk[j];
            let events = &g.n_event[j * k..(j + 1) * k];
            let d: f64 = events.iter().sum();
            if j > 0 {
                c.cif.copy_within((j - 1) * k..j * k, j * k);
                c.x.copy_within((j - 1) * k..j * k, j * k);
            }
            if d > 0.0 && c.zero.is_none() {
                for (cause, &dk) in events.iter().enumerate() {
                    let inc = s * dk / n;
                    c.cif[j * k + cause] += inc;
                    b_sum[cause] += inc / n;
                    c_sum[cause] += inc * gs;
                    c.x[j * k + cause] = c_sum[cause] - b_sum[cause];
                }
                if d < n {
                    s *= 1.0 - d / n;
                    gs += d / (n * (n - d));
                } else {
                    s = 0.0;
                    c.zero = Some(j);
                }
            }
            c.surv[j] = s;
            c.green[j] = gs;
        }
        c
    }

    /// ε(e) = −G_{e−1}.
    fn eps(&self, e: usize) -> f64 {
        if e == 0 { 0.0 } else { -self.green[e - 1] }
    }

    /// γ_k(e) = −X_{k,e−1} + G_{e−1} F_{k,e−1}.
    fn gamma(&self, e: usize, c: usize) -> f64 {
        if e == 0 {
            0.0
        } else {
            let at = (e - 1) * self.k + c;
            -self.x[at] + self.green[e - 1] * self.cif[at]
        }
    }
}

/// Per exit index b, double-double sums over the subjects leaving at b: of
/// their at-risk terms (v, vε, vε², vγ_k, vγ_k², vγ_kε) and of their terms
/// once out (vα_k², vα_kβ, vβ²); and Σ v of the entries per slot.
struct ExitSums {
    out1: Vec<f64>,
    out_e: Vec<Dd>,
    out_ee: Vec<Dd>,
    out_g: Vec<Dd>,
    out_gg: Vec<Dd>,
    out_ge: Vec<Dd>,
    d0: Vec<Dd>,
    d1: Vec<Dd>,
    d2: Vec<Dd>,
    enter_v: Vec<f64>,
}

/// What is common to the subjects leaving at one time with one status.
struct Leaving {
    b: usize,
    /// 0 = censored, k = the k-th cause.
    status: usize,
    /// S_{b−1} / n_b: the jump of the own cause's influence.
    own: f64,
    /// δ / (n_b − d_b) − G_b (0 where S reaches 0).
    tail: f64,
    at_zero: bool,
}

impl ExitSums {
    fn new(nt: usize, k: usize) -> ExitSums {
        let z = Dd::default();
        ExitSums {
            out1: vec![0.0; nt],
            out_e: vec![z; nt],
            out_ee: vec![z; nt],
            out_g: vec![z; nt * k],
            out_gg: vec![z; nt * k],
            out_ge: vec![z; nt * k],
            d0: vec![z; nt * k],
            d1: vec![z; nt * k],
            d2: vec![z; nt],
            enter_v: vec![0.0; nt + 1],
        }
    }

    /// Adds subjects (total v) entering at slot e and leaving as `l` says.
    fn add(&mut self, cv: &Curves, l: &Leaving, e: usize, v: f64) {
        let (b, k) = (l.b, cv.k);
        self.enter_v[e] += v;
        let ee = cv.eps(e);
        // β = −A_i = ε − tail; where S reaches 0 the term in 1/(n − d) is
        // infinite but F is constant from there on: β is irrelevant.
        let beta = if l.at_zero { 0.0 } else { ee - l.tail };
        let ve = Dd::prod(v, ee);
        self.out1[b] += v;
        self.out_e[b] = self.out_e[b].add(ve);
        self.out_ee[b] = self.out_ee[b].add(ve.scale(ee));
        self.d2[b] = self.d2[b].add(Dd::prod(v, beta).scale(beta));
        for c in 0..k {
            let at = b * k + c;
            let gk = cv.gamma(e, c);
            let own = if l.status == c + 1 { l.own } else { 0.0 };
            let f = cv.cif[at];
            let alpha = if l.at_zero {
                cv.x[at] + gk + ee * f + own
            } else {
                cv.x[at] + gk + own + f * l.tail
            };
            if gk != 0.0 {
                let vg = Dd::prod(v, gk);
                self.out_g[at] = self.out_g[at].add(vg);
                self.out_gg[at] = self.out_gg[at].add(vg.scale(gk));
                self.out_ge[at] = self.out_ge[at].add(vg.scale(ee));
            }
            let va = Dd::prod(v, alpha);
            self.d0[at] = self.d0[at].add(va.scale(alpha));
            self.d1[at] = self.d1[at].add(va.scale(beta));
        }
    }
}

/// Estimates and variances of one group; `frequency` selects v = w.
pub(crate) fn estimate(cells: &[&StatusCell], k: usize, frequency: bool) -> GroupEstimates {
    let g = grid(cells, k);
    let nt = g.bits.len();
    let delayed = cells.iter().any(|c| c.entry.is_some());
    let v_of = |w: f64| if frequency { w } else { w * w };
    let cv = Curves::new(&g, k);
    let last = cv.zero.unwrap_or(nt.saturating_sub(1));

    let mut sums = ExitSums::new(nt, k);
    for (ci, cell) in cells.iter().enumerate() {
        let delta = if cell.status > 0 { 1.0 } else { 0.0 };
        let (mut b, mut i) = (0, 0);
        while i < cell.exit.len() {
            while g.bits[b] < cell.exit[i] {
                b += 1;
            }
            let end = i + cell.exit[i..]
                .iter()
                .take_while(|&&t| t == cell.exit[i])
                .count();
            let n = g.n_risk[b];
            let d: f64 = g.n_event[b * k..(b + 1) * k].iter().sum();
            let at_zero = Some(b) == cv.zero;
            let leaving = Leaving {
                b,
                status: cell.status as usize,
                own: if b == 0 { 1.0 } else { cv.surv[b - 1] } / n,
                tail: if at_zero {
                    0.0
                } else {
                    delta / (n - d) - cv.green[b]
                },
                at_zero,
            };
            if delayed {
                // The run is sorted by entry, so subjects with the same
                // slot are adjacent and share their terms: one call each.
                let slots = &g.slots[ci];
                let mut m = i;
                while m < end {
                    let e = slots[m] as usize;
                    let same = slots[m..end]
                        .iter()
                        .take_while(|&&x| x as usize == e)
                        .count();
                    let v: f64 = (m..m + same).map(|q| v_of(cell.weight(q))).sum();
                    m += same;
                    // Subjects entering after S reached 0 have no influence,
                    // nor have those of weight 0 (whose time may have n = 0).
                    if e <= last && v > 0.0 {
                        sums.add(&cv, &leaving, e, v);
                    }
                }
            } else {
                // Every subject of the run has the same terms (e = 0).
                let v: f64 = (i..end).map(|m| v_of(cell.weight(m))).sum();
                if v > 0.0 {
                    sums.add(&cv, &leaving, 0, v);
                }
            }
            i = end;
        }
    }
    let (surv_var, cif_var) = variances(&cv, &sums, last, delayed);
    GroupEstimates {
        time: g.bits.iter().map(|&b| f64::from_bits(b)).collect(),
        n_risk: g.n_risk,
        n_censor: g.n_censor,
        n_event: g.n_event,
        surv: cv.surv,
        surv_var,
        cif: cv.cif,
        cif_var,
    }
}

/// The variances at every time: sums over the subjects at risk after t_j
/// (e ≤ j < b) and over the subjects out (b ≤ j); held after S reaches 0.
/// Without delayed entry every γ and ε is 0 and their sums are skipped.
fn variances(cv: &Curves, sums: &ExitSums, last: usize, delayed: bool) -> (Vec<f64>, Vec<f64>) {
    let (nt, k) = (cv.surv.len(), cv.k);
    // Σ v at risk after t_j: leaving after t_j minus entering after t_j,
    // accumulated in reverse.
    let mut r1_after = vec![0.0; nt];
    let mut r1 = 0.0;
    for j in (0..nt).rev() {
        if j + 1 < nt {
            r1 += sums.out1[j + 1] - sums.enter_v[j + 1];
        }
        r1_after[j] = r1;
    }
    // The other at-risk sums forward, entered (e ≤ j) minus left (b ≤ j),
    // so that they are exactly 0 while every γ and ε is.
    let z = Dd::default();
    let mut surv_var = vec![0.0; nt];
    let mut cif_var = vec![0.0; nt * k];
    let (mut re, mut ree) = (z, z);
    let (mut rg, mut rgg, mut rge) = (vec![z; k], vec![z; k], vec![z; k]);
    let (mut s0, mut s1, mut s2) = (vec![z; k], vec![z; k], z);
    for j in 0..nt {
        if j > last {
            cif_var.copy_within(last * k..(last + 1) * k, j * k);
            continue;
        }
        let (ve, ee) = (sums.enter_v[j], cv.eps(j));
        if delayed {
            let vee = Dd::prod(ve, ee);
            re = re.add(vee).sub(sums.out_e[j]);
            ree = ree.add(vee.scale(ee)).sub(sums.out_ee[j]);
        }
        s2 = s2.add(sums.d2[j]);
        let (gj, r1j, sj) = (cv.green[j], Dd::from(r1_after[j]), cv.surv[j]);
        if sj > 0.0 {
            let risk = r1j.scale(gj).scale(gj).add(re.scale(2.0 * gj)).add(ree);
            surv_var[j] = risk.add(s2).scale(sj).scale(sj).hi.max(0.0);
        }
        for c in 0..k {
            let at = j * k + c;
            let (xj, fj) = (cv.x[at], cv.cif[at]);
            s0[c] = s0[c].add(sums.d0[at]);
            s1[c] = s1[c].add(sums.d1[at]);
            // Σ v (α + βF)² over those out, Σ v (X + γ + εF)² over those at risk.
            let mut var = s0[c]
                .add(s1[c].scale(2.0 * fj))
                .add(s2.scale(fj).scale(fj))
                .add(r1j.scale(xj).scale(xj));
            if delayed {
                let gk = cv.gamma(j, c);
                if gk != 0.0 {
                    let vg = Dd::prod(ve, gk);
                    rg[c] = rg[c].add(vg);
                    rgg[c] = rgg[c].add(vg.scale(gk));
                    rge[c] = rge[c].add(vg.scale(ee));
                }
                rg[c] = rg[c].sub(sums.out_g[at]);
                rgg[c] = rgg[c].sub(sums.out_gg[at]);
                rge[c] = rge[c].sub(sums.out_ge[at]);
                var = var
                    .add(rgg[c])
                    .add(ree.scale(fj).scale(fj))
                    .add(rg[c].scale(2.0 * xj))
                    .add(re.scale(2.0 * xj).scale(fj))
                    .add(rge[c].scale(2.0 * fj));
            }
            cif_var[at] = var.hi.max(0.0);
        }
    }
    (surv_var, cif_var)
}
