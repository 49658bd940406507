//! The NPMLE of a distribution on innermost intervals: self-consistency
//! (EM) steps alternated with iterative convex minorant (ICM) steps
//! (Wellner & Zhan 1997), with the Kuhn–Tucker conditions checked at the end.
//!
//! Each distinct range `r` of the data covers innermost intervals
//! `lo_r..=hi_r` and has weight `w_r`; its probability is `P_r = Σ p_j`
//! over the range and the log-likelihood is `ℓ(p) = Σ_r w_r ln P_r`. With
//! `d_j = Σ_{r ∋ j} w_r / P_r` (the gradient) and `W = Σ w_r`, the maximum
//! over the simplex is characterised by `d_j ≤ W` for every `j`, with
//! equality where `p_j > 0`. Ranges are contiguous, so `P` comes from
//! prefix sums and `d` from a difference array: one EM or ICM step costs
//! O(ranges + intervals).

use super::innermost::Reduced;

/// Settings of the solver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Settings {
    pub max_iterations: usize,
    /// Largest change of a mass over one iteration, to stop.
    pub mass_tolerance: f64,
    /// Largest Kuhn–Tucker violation `|d_j/W − 1|` (positive masses) or
    /// `d_j/W − 1` (zero masses) accepted.
    pub kkt_tolerance: f64,
}

/// The solution, or the state the iterations ended in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Solution {
    pub mass: Vec<f64>,
    pub iterations: usize,
    pub loglik: f64,
    pub max_change: f64,
    pub kkt_violation: f64,
    pub converged: bool,
}

/// Masses below this, whose gradient says they should be zero (d_j < W),
/// are set to zero (an active-set step; a later ICM step revives them if
/// the gradient asks). Moving a mass ε with d_j < W onto the others raises
/// the log-likelihood by about ε (W − d_j), so the step is an ascent step;
/// it is kept only if the log-likelihood does not fall.
const PRUNE: f64 = 1e-12;

/// Masses below this whose gradient is clearly below W (by more than the
/// Kuhn–Tucker tolerance) are pruned too: EM would shrink them only by the
/// factor d_j / W per iteration.
const PRUNE_CLEAR: f64 = 1e-8;

struct Work<'a> {
    lo: &'a [u32],
    hi: &'a [u32],
    w: &'a [f64],
    total: f64,
    m: usize,
    cum: Vec<f64>,
    prob: Vec<f64>,
    d: Vec<f64>,
}

impl<'a> Work<'a> {
    /// `P_r` for every range from masses `p`; returns the log-likelihood
    /// (−∞ when a range has no mass).
    fn probs(&mut self, p: &[f64]) -> f64 {
        self.cum[0] = 0.0;
        for (j, &pj) in p.iter().enumerate() {
            self.cum[j + 1] = self.cum[j] + pj;
        }
        let mut ll = 0.0;
        for r in 0..self.lo.len() {
            let (a, b) = (self.lo[r] as usize, self.hi[r] as usize);
            let mut pr = self.cum[b + 1] - self.cum[a];
            // Differences of prefix sums lose relative precision on small
            // ranges: sum those directly.
            if pr < 1e-4 {
                pr = p[a..=b].iter().sum();
            }
            self.prob[r] = pr;
            if pr <= 0.0 {
                ll = f64::NEG_INFINITY;
            } else if ll > f64::NEG_INFINITY {
                ll += self.w[r] * pr.ln();
            }
        }
        ll
    }

    /// `d_j` from the current `prob`.
    fn gradient(&mut self) {
        self.d.iter_mut().for_each(|x| *x = 0.0);
        for r in 0..self.lo.len() {
            let g = self.w[r] / self.prob[r];
            self.d[self.lo[r] as usize] += g;
            if (self.hi[r] as usize) + 1 < self.m {
                self.d[self.hi[r] as usize + 1] -= g;
            }
        }
        let mut run = 0.0;
        for j in 0..self.m {
            run += self.d[j];
            self.d[j] = run;
        }
    }

    /// One EM (self-consistency) step; `prob` must be current.
    fn em(&mut self, p: &mut [f64]) {
        self.gradient();
        let mut s = 0.0;
        for (pj, &dj) in p.iter_mut().zip(&self.d) {
            *pj *= dj / self.total;
            s += *pj;
        }
        p.iter_mut().for_each(|x| *x /= s);
    }

    /// One ICM step on the cumulative masses with a backtracking line
    /// search; `prob` must be current for `p`, `ll` its log-likelihood.
    /// Returns the new log-likelihood.
    fn icm(&mut self, p: &mut [f64], ll: f64) -> f64 {
        let m = self.m;
        if m < 2 {
            return ll;
        }
        // F_k = p_0 + ... + p_k, k = 0..m-2 (F_{m-1} = 1 is fixed).
        let k_max = m - 1;
        let mut g = vec![0.0; k_max];
        let mut h = vec![0.0; k_max];
        for r in 0..self.lo.len() {
            let a = self.w[r] / self.prob[r];
            let b = a / self.prob[r];
            let hi = self.hi[r] as usize;
            if hi < k_max {
                g[hi] += a;
                h[hi] += b;
            }
            let lo = self.lo[r] as usize;
            if lo > 0 {
                g[lo - 1] -= a;
                h[lo - 1] += b;
            }
        }
        let mut f = vec![0.0; k_max];
        let mut run = 0.0;
        for k in 0..k_max {
            run += p[k];
            f[k] = run;
        }
        let y: Vec<f64> = (0..k_max)
            .map(|k| if h[k] > 0.0 { f[k] + g[k] / h[k] } else { f[k] })
            .collect();
        let wts: Vec<f64> = h
            .iter()
            .map(|&x| if x > 0.0 { x } else { 1e-300 })
            .collect();
        let mut target = isotonic(&y, &wts);
        target.iter_mut().for_each(|x| *x = x.clamp(0.0, 1.0));
        let slope: f64 = (0..k_max).map(|k| g[k] * (target[k] - f[k])).sum();
        if slope.is_nan() || slope <= 0.0 {
            return ll;
        }
        let mut lambda = 1.0;
        let mut trial = vec![0.0; m];
        for _ in 0..40 {
            let mut prev = 0.0;
            for k in 0..k_max {
                let fk = if lambda == 1.0 {
                    target[k]
                } else {
                    f[k] + lambda * (target[k] - f[k])
                };
                let fk = fk.max(prev);
                trial[k] = fk - prev;
                prev = fk;
            }
            trial[k_max] = (1.0 - prev).max(0.0);
            let new_ll = self.probs(&trial);
            if new_ll >= ll + 1e-4 * lambda * slope
                || (new_ll >= ll && lambda * slope <= 1e-13 * ll.abs().max(1.0))
            {
                p.copy_from_slice(&trial);
                return new_ll;
            }
            lambda *= 0.5;
        }
        // No improving step: restore `prob` for `p`.
        self.probs(p)
    }
}

/// Weighted least-squares isotonic (non-decreasing) regression: pool
/// adjacent violators.
fn isotonic(y: &[f64], w: &[f64]) -> Vec<f64> {
    let mut val: Vec<f64> = Vec::with_capacity(y.len());
    let mut wt: Vec<f64> = Vec::with_capacity(y.len());
    let mut len: Vec<usize> = Vec::with_capacity(y.len());
    for i in 0..y.len() {
        val.push(y[i]);
        wt.push(w[i]);
        len.push(1);
        while val.len() > 1 && val[val.len() - 2] >= val[val.len() - 1] {
            let (v2, w2, l2) = (
                val.pop().unwrap_or(0.0),
                wt.pop().unwrap_or(0.0),
                len.pop().unwrap_or(0),
            );
            let k = val.len() - 1;
            let wsum = wt[k] + w2;
            val[k] = (val[k] * wt[k] + v2 * w2) / wsum;
            wt[k] = wsum;
            len[k] += l2;
        }
    }
    let mut out = Vec::with_capacity(y.len());
    for (v, l) in val.iter().zip(&len) {
        out.extend(std::iter::repeat_n(*v, *l));
    }
    out
}

/// Maximises the likelihood from the uniform start; `weight` are the range
/// weights (a bootstrap passes its own, zero for ranges not drawn).
pub(crate) fn solve(red: &Reduced, weight: &[f64], settings: &Settings) -> Solution {
    solve_from(red, weight, settings, None)
}

/// As [`solve`], starting from `start` (masses summing to 1) when given.
pub(crate) fn solve_from(
    red: &Reduced,
    weight: &[f64],
    settings: &Settings,
    start: Option<&[f64]>,
) -> Solution {
    // Ranges with zero weight play no part.
    let keep: Vec<usize> = (0..weight.len()).filter(|&r| weight[r] > 0.0).collect();
    let lo: Vec<u32> = keep.iter().map(|&r| red.lo[r]).collect();
    let hi: Vec<u32> = keep.iter().map(|&r| red.hi[r]).collect();
    let w: Vec<f64> = keep.iter().map(|&r| weight[r]).collect();
    let m = red.m();
    let total: f64 = w.iter().sum();
    let mut work = Work {
        lo: &lo,
        hi: &hi,
        w: &w,
        total,
        m,
        cum: vec![0.0; m + 1],
        prob: vec![0.0; lo.len()],
        d: vec![0.0; m],
    };
    // Start: uniform over the intervals some range covers.
    let mut covered = vec![false; m];
    for r in 0..lo.len() {
        covered[lo[r] as usize..=hi[r] as usize]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    let mut p: Vec<f64> = match start {
        Some(s) => s
            .iter()
            .zip(&covered)
            .map(|(&x, &c)| if c { x.max(1e-3 / m as f64) } else { 0.0 })
            .collect(),
        None => covered.iter().map(|&c| if c { 1.0 } else { 0.0 }).collect(),
    };
    let s: f64 = p.iter().sum();
    p.iter_mut().for_each(|x| *x /= s);
    let mut ll = work.probs(&p);
    let mut old = p.clone();
    let mut before_pruning = p.clone();
    let mut iterations = 0;
    let mut max_change = f64::INFINITY;
    let mut kkt = f64::INFINITY;
    while iterations < settings.max_iterations {
        iterations += 1;
        old.copy_from_slice(&p);
        work.em(&mut p);
        ll = work.probs(&p);
        ll = work.icm(&mut p, ll);
        // Active set: drop negligible masses that the gradient wants at zero.
        work.gradient();
        before_pruning.copy_from_slice(&p);
        let mut pruned = false;
        for (pj, &dj) in p.iter_mut().zip(&work.d) {
            let small = *pj < PRUNE && dj < total
                || *pj < PRUNE_CLEAR && dj < total * (1.0 - settings.kkt_tolerance);
            if *pj > 0.0 && small {
                *pj = 0.0;
                pruned = true;
            }
        }
        if pruned {
            let s: f64 = p.iter().sum();
            p.iter_mut().for_each(|x| *x /= s);
            let pruned_ll = work.probs(&p);
            if pruned_ll.is_finite() && pruned_ll >= ll - 1e-13 * ll.abs().max(1.0) {
                ll = pruned_ll;
            } else {
                // A range lost all its mass (extreme weights), or the
                // likelihood fell: undo.
                p.copy_from_slice(&before_pruning);
                ll = work.probs(&p);
            }
            work.gradient();
        }
        max_change = p
            .iter()
            .zip(&old)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        if max_change < settings.mass_tolerance {
            kkt = kkt_violation(&p, &work.d, total);
            if kkt <= settings.kkt_tolerance {
                return Solution {
                    mass: p,
                    iterations,
                    loglik: ll,
                    max_change,
                    kkt_violation: kkt,
                    converged: true,
                };
            }
        }
    }
    work.probs(&p);
    work.gradient();
    if kkt.is_infinite() {
        kkt = kkt_violation(&p, &work.d, total);
    }
    Solution {
        mass: p,
        iterations,
        loglik: ll,
        max_change,
        kkt_violation: kkt,
        converged: false,
    }
}

/// The largest violation of the Kuhn–Tucker conditions: `|d_j/W − 1|` on
/// positive masses, `max(d_j/W − 1, 0)` on zero masses.
fn kkt_violation(p: &[f64], d: &[f64], total: f64) -> f64 {
    p.iter()
        .zip(d)
        .map(|(&pj, &dj)| {
            let g = dj / total - 1.0;
            if pj > 0.0 { g.abs() } else { g.max(0.0) }
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            max_iterations: 10_000,
            mass_tolerance: 1e-12,
            kkt_tolerance: 1e-9,
        }
    }

    #[test]
    fn pava_pools_violators() {
        assert_eq!(
            isotonic(&[1.0, 3.0, 2.0], &[1.0, 1.0, 1.0]),
            vec![1.0, 2.5, 2.5]
        );
        assert_eq!(isotonic(&[3.0, 1.0], &[1.0, 3.0]), vec![1.5, 1.5]);
    }

    #[test]
    fn disjoint_intervals_get_their_weight_share() {
        let red = Reduced::new(&[0.0, 1.0, 2.0], &[1.0, 2.0, 3.0], &[1.0, 2.0, 1.0]);
        let s = solve(&red, &red.weight, &settings());
        assert!(s.converged);
        for (a, b) in s.mass.iter().zip([0.25, 0.5, 0.25]) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn nested_intervals() {
        // (0,2] and (1,3]: innermost (1,2]; all mass there.
        let red = Reduced::new(&[0.0, 1.0], &[2.0, 3.0], &[1.0, 1.0]);
        assert_eq!(red.m(), 1);
        let s = solve(&red, &red.weight, &settings());
        assert_eq!(s.mass, vec![1.0]);
    }
}
