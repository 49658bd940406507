//! The quadratic form (O − E)ᵀ V⁻¹ (O − E) over the compared groups,
//! without a k × k matrix when k is large.
//!
//! The variance is V = Σ_t κ_t (diag(n_t) − n_t n_tᵀ / N_t), κ_t = w_t²·D_t
//! (N_t − D_t)/(N_t(N_t − 1)), n_t the numbers at risk per group. Two exact
//! ways to the statistic:
//!
//! * **dense**, for up to [`LOGRANK_DENSE_MAX_GROUPS`] compared groups: V is summed
//!   per event time over the groups still at risk, then solved by Cholesky.
//! * **banded**, for many groups: with subjects mapped to the event times
//!   ("grid points", those with κ > 0) at or before their exit, and
//!   λ_s = κ_s / N_s, V = D − F K Fᵀ, where D = diag(Σ_t κ_t n_g(t)),
//!   F (groups × grid) counts each group's subjects by grid point and
//!   K_{ss'} = Σ_{u ≤ min(s,s')} λ_u is a "min" kernel whose inverse is
//!   tridiagonal. By the Schur complement of the block system
//!   [[D, −F], [−Fᵀ, K⁻¹]], with h = Fᵀ D⁻¹ z,
//!   zᵀ V⁻¹ z = zᵀ D⁻¹ z + hᵀ (K⁻¹ − Fᵀ D⁻¹ F)⁻¹ h,
//!   and K⁻¹ − Fᵀ D⁻¹ F is banded with half-bandwidth the largest spread
//!   of one group's grid points (0 for one-subject groups, so linear).
//!   Its inertia equals that of V (both blocks of the block system being
//!   positive definite when V is), so a Cholesky pivot that vanishes means
//!   V is singular.
//!
//! Above both budgets the test is refused with an error saying why.

use super::sweep::{EventTime, Run, Stratum, Sweep};
use crate::error::{Result, invalid};
use crate::num::linalg::Cholesky;
use ndarray::Array2;

/// Largest number of compared groups for the dense k × k variance.
pub const LOGRANK_DENSE_MAX_GROUPS: usize = 2000;

/// Largest number of multiply-adds either path may take (a few seconds).
const WORK_BUDGET: f64 = 2e9;

/// Which way the variance is solved (tests force one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Path {
    Auto,
    #[cfg_attr(not(test), allow(dead_code))]
    Dense,
    Banded,
}

/// `keep`: the compared groups (expected > 0, minus the first); `label`
/// names a group for messages.
pub(super) fn chisq(
    sw: &Sweep,
    keep: &[usize],
    label: &dyn Fn(usize) -> String,
    path: Path,
) -> Result<f64> {
    let k = sw.observed.len();
    let mut index = vec![usize::MAX; k];
    for (i, &g) in keep.iter().enumerate() {
        index[g] = i;
    }
    let z: Vec<f64> = keep
        .iter()
        .map(|&g| sw.observed[g] - sw.expected[g])
        .collect();
    check_connected(sw, keep, label)?;
    let dense_work = dense_work(sw, &index);
    // The band only matters when the dense sum is not cheap anyway (or a
    // test forces the banded solve): not found otherwise (with distinct
    // times, a pass over every run).
    let dense_cheap = keep.len() <= LOGRANK_DENSE_MAX_GROUPS && dense_work <= WORK_BUDGET;
    let band = if path == Path::Auto && dense_cheap {
        None
    } else {
        band_of(sw, &index)
    };
    let band_work = band.map(|(m, b)| m as f64 * ((b + 1) * (b + 1)) as f64);
    let use_dense = match path {
        Path::Dense => true,
        Path::Banded => false,
        Path::Auto => {
            dense_cheap
                || (keep.len() <= LOGRANK_DENSE_MAX_GROUPS
                    && band_work.is_none_or(|w| w > dense_work))
        }
    };
    if use_dense {
        return dense(sw, &index, keep, label);
    }
    match (band, band_work) {
        (Some((m, b)), Some(w)) if w <= WORK_BUDGET || path == Path::Banded => {
            match banded(sw, &index, &z, m, b) {
                // the banded factor loses digits when λ falls steeply (ρ ≫ 0):
                // the dense solve, when it is affordable, does not
                Err(_) if path == Path::Auto && keep.len() <= LOGRANK_DENSE_MAX_GROUPS => {
                    dense(sw, &index, keep, label)
                }
                other => other,
            }
        }
        _ => Err(invalid(
            "groups",
            format!(
                "a log-rank test of {} groups needs a {k1} × {k1} variance matrix whose structure \
                 does not allow an exact solve here (the groups' follow-up overlaps too much for \
                 the banded solve, and more than {LOGRANK_DENSE_MAX_GROUPS} groups are too many for a \
                 dense one); with so many groups a k-group test says little: merge groups into \
                 fewer, meaningful ones",
                keep.len() + 1,
                k1 = keep.len()
            ),
        )),
    }
}

fn no_variance(group: &str) -> crate::error::Error {
    invalid(
        "groups",
        format!(
            "the log-rank variance is singular: group `{group}` has expected events but no \
             variance (at every event time where it is at risk, everyone at risk has the event \
             or only one subject is at risk); drop or merge the group"
        ),
    )
}

fn numerically_singular(k: usize) -> crate::error::Error {
    invalid(
        "groups",
        format!(
            "the log-rank variance of the {k} compared groups is numerically singular (some \
             groups' numbers at risk are, to rounding, combinations of the others' at every \
             event time, or the weights S(t−)^ρ span too many orders of magnitude for double \
             precision); merge similar groups, compare fewer, or use a ρ nearer 0"
        ),
    )
}

fn listed(names: Vec<String>) -> String {
    const SHOWN: usize = 8;
    let more = names.len().saturating_sub(SHOWN);
    let mut out: Vec<String> = names
        .into_iter()
        .take(SHOWN)
        .map(|n| format!("`{n}`"))
        .collect();
    if more > 0 {
        out.push(format!("and {more} more"));
    }
    out.join(", ")
}

/// Groups are comparable only through event times at which they are at
/// risk together (with variance, κ > 0). Without delayed entry the groups
/// at risk at later times of a stratum are a subset of those at risk at
/// its first such time, so within a stratum all these groups are linked,
/// and strata link through shared groups. More than one linked set makes
/// V singular: an error naming the sets.
fn check_connected(sw: &Sweep, keep: &[usize], label: &dyn Fn(usize) -> String) -> Result<()> {
    let k = sw.observed.len();
    let mut parent: Vec<usize> = (0..k).collect();
    let mut touched = vec![false; k];
    fn root(parent: &mut [usize], mut g: usize) -> usize {
        while parent[g] != g {
            parent[g] = parent[parent[g]];
            g = parent[g];
        }
        g
    }
    for st in &sw.strata {
        let Some(t0) = st.times.iter().find(|t| has_variance(t)) else {
            continue;
        };
        let mut first_group: Option<usize> = None;
        let mut previous = u32::MAX;
        for run in &st.runs[t0.run..] {
            let g = run.group;
            // runs of one group: its union is made at the first
            if g == previous {
                continue;
            }
            previous = g;
            let g = g as usize;
            touched[g] = true;
            match first_group {
                None => first_group = Some(g),
                Some(f) => {
                    let (a, b) = (root(&mut parent, f), root(&mut parent, g));
                    parent[a] = b;
                }
            }
        }
    }
    // a group at risk at no event time with variance: its row of V is zero
    if let Some(g) = (0..k).find(|&g| sw.used[g] && !touched[g]) {
        return Err(no_variance(&label(g)));
    }
    let first = keep[0];
    let base = root(&mut parent, first);
    let mut linked = Vec::new();
    let mut apart = Vec::new();
    // the first compared group (dropped from the statistic) is linked too
    let all: Vec<usize> = (0..k).filter(|&g| sw.used[g]).collect();
    for g in all {
        if root(&mut parent, g) == base {
            linked.push(label(g));
        } else {
            apart.push(label(g));
        }
    }
    if apart.is_empty() {
        return Ok(());
    }
    Err(invalid(
        "groups",
        format!(
            "the log-rank variance is singular: groups {} are never at risk at an event time \
             (with a survivor) together with groups {} (they are in different strata or their \
             follow-up does not overlap), so the test cannot compare them; test them separately",
            listed(apart),
            listed(linked)
        ),
    ))
}

/// Σ_t (groups at risk)², the cost of the dense sum.
fn dense_work(sw: &Sweep, index: &[usize]) -> f64 {
    let mut work = 0.0;
    for st in &sw.strata {
        // last run of each compared group in the stratum
        // (a table by group code: a hash map per subject cost 10% of a test)
        // (scanned from the end, until every group of the stratum is seen)
        let mut last_of = vec![usize::MAX; index.len()];
        let mut left = st.group_n.len();
        for (p, g) in st.runs.iter().map(|r| r.group).enumerate().rev() {
            if left == 0 {
                break;
            }
            if last_of[g as usize] == usize::MAX {
                last_of[g as usize] = p;
                left -= 1;
            }
        }
        work += work_of_last(&last_of, index, st);
    }
    work
}

/// Σ over a stratum's event times of (compared groups still at risk)²,
/// from each group's last run `last_of` (`usize::MAX`: absent) and
/// `index` (`usize::MAX`: not compared).
fn work_of_last(last_of: &[usize], index: &[usize], st: &Stratum) -> f64 {
    let mut last: Vec<usize> = last_of
        .iter()
        .zip(index)
        .filter(|&(&p, &i)| p != usize::MAX && i != usize::MAX)
        .map(|(&p, _)| p)
        .collect();
    last.sort_unstable();
    let mut i = 0;
    let mut work = 0.0;
    for t in &st.times {
        while i < last.len() && last[i] < t.run {
            i += 1;
        }
        let active = (last.len() - i) as f64;
        work += active * active;
    }
    work
}

/// Calls `f(time, active, count)` at every event time with variance of
/// every stratum: `count[i]` the number at risk of compared group i,
/// `active` the compared groups with count > 0.
fn for_each_time(
    sw: &Sweep,
    index: &[usize],
    kk: usize,
    mut f: impl FnMut(&Stratum, &EventTime, &[usize], &[f64]),
) {
    let mut count = vec![0.0_f64; kk];
    let single = single_group(index, kk);
    for st in &sw.strata {
        count.iter_mut().for_each(|c| *c = 0.0);
        // whole numbers: the same values as adding 1 per subject
        for &(g, m) in &st.group_n {
            let i = index[g as usize];
            if i != usize::MAX {
                count[i] += m as f64;
            }
        }
        let mut active: Vec<usize> = (0..kk).filter(|&i| count[i] > 0.0).collect();
        let mut p = 0;
        for t in &st.times {
            let mut emptied = false;
            let leaving = &st.runs[p..t.run.max(p)];
            match single {
                // one compared group (two groups): counted in one reduction,
                // the same whole number as subtracting 1 per subject
                Some(g) => {
                    let m: usize = leaving.iter().filter(|r| r.group == g).map(Run::len).sum();
                    if m > 0 {
                        count[0] -= m as f64;
                        emptied = count[0] == 0.0;
                    }
                }
                None => {
                    for r in leaving {
                        let i = index[r.group as usize];
                        if i != usize::MAX {
                            // whole numbers: as subtracting 1 per subject
                            count[i] -= r.count as f64;
                            emptied |= count[i] == 0.0;
                        }
                    }
                }
            }
            p = p.max(t.run);
            if emptied {
                active.retain(|&i| count[i] > 0.0);
            }
            if has_variance(t) {
                f(st, t, &active, &count);
            }
        }
    }
}

/// The code of the one compared group, when there is one (a test of two
/// groups).
fn single_group(index: &[usize], kk: usize) -> Option<u32> {
    if kk != 1 {
        return None;
    }
    index.iter().position(|&i| i == 0).map(|g| g as u32)
}

/// An event time contributes to the variance: N > 1 and N > D (whatever
/// the weight, which may underflow in double precision).
fn has_variance(t: &EventTime) -> bool {
    t.n_risk > 1.0 && t.deaths < t.n_risk
}

/// ln κ_t, computed from ln w so that it neither overflows nor underflows.
fn log_kappa(t: &EventTime) -> f64 {
    let (n, d) = (t.n_risk, t.deaths);
    2.0 * t.log_weight + (d * (n - d) / (n * (n - 1.0))).ln()
}

/// ln Σ exp(x): accumulated as (max, Σ exp(x − max)).
#[derive(Clone, Copy)]
struct LogSum {
    max: f64,
    sum: f64,
}

impl LogSum {
    const EMPTY: LogSum = LogSum {
        max: f64::NEG_INFINITY,
        sum: 0.0,
    };

    fn add(&mut self, x: f64) {
        if x > self.max {
            self.sum = self.sum * (self.max - x).exp() + 1.0;
            self.max = x;
        } else {
            self.sum += (x - self.max).exp();
        }
    }

    fn ln(&self) -> f64 {
        self.max + self.sum.ln()
    }
}

/// The dense solve on the equilibrated variance: with s_a = √V_aa (found
/// in logs first), Ṽ = S⁻¹ V S⁻¹ has a unit diagonal and z̃ = S⁻¹ z, both
/// accumulated term by term from logs, so that weights S^ρ spanning any
/// range neither overflow nor vanish (ρ = −1000: weights of early times
/// are e^−176 of the last ones and their squares below any double, yet they
/// may carry the whole test). chisq = z̃ᵀ Ṽ⁻¹ z̃.
fn dense(
    sw: &Sweep,
    index: &[usize],
    keep: &[usize],
    label: &dyn Fn(usize) -> String,
) -> Result<f64> {
    let kk = keep.len();
    let mut log_diag = vec![LogSum::EMPTY; kk];
    // One compared group (a test of two groups): no off-diagonal terms, and
    // the logs of the first pass, ln κ and ln(n_a (N − n_a)/N), are kept for
    // the second (the same values, in the same order of times).
    let one = kk == 1;
    let mut logs: Vec<(f64, f64)> = Vec::new();
    for_each_time(sw, index, kk, |_, t, active, count| {
        let (lk, n) = (log_kappa(t), t.n_risk);
        for &a in active {
            if count[a] < n {
                let ld = (count[a] * (n - count[a]) / n).ln();
                log_diag[a].add(lk + ld);
                if one {
                    logs.push((lk, ld));
                }
            }
        }
    });
    let mut logs = logs.into_iter();
    let ls: Vec<f64> = log_diag.iter().map(|d| 0.5 * d.ln()).collect();
    if let Some(i) = (0..kk).find(|&i| !ls[i].is_finite()) {
        return Err(no_variance(&label(keep[i])));
    }
    let mut v = Array2::<f64>::zeros((kk, kk));
    let mut z = vec![0.0_f64; kk];
    let mut u = vec![0.0_f64; kk];
    let mut events = vec![0.0_f64; kk];
    let single = single_group(index, kk);
    for_each_time(sw, index, kk, |st, t, active, count| {
        let (n, d) = (t.n_risk, t.deaths);
        let lk = if one { 0.0 } else { log_kappa(t) };
        // the event runs at t come first among its runs
        let dying = st.runs[t.run..]
            .iter()
            .take_while(|r| r.key >> 1 == t.bits && r.is_event());
        match single {
            // whole numbers: the same as adding 1 per event
            Some(g) => {
                events[0] += dying.filter(|r| r.group == g).map(Run::len).sum::<usize>() as f64
            }
            None => {
                for r in dying {
                    let i = index[r.group as usize];
                    if i != usize::MAX {
                        events[i] += r.count as f64;
                    }
                }
            }
        }
        for &a in active {
            if !one {
                // u_a = √(κ/N)·n_a / s_a: Ṽ_ab −= u_a u_b off the diagonal
                u[a] = (0.5 * (lk - n.ln()) + count[a].ln() - ls[a]).exp();
            }
            if count[a] < n {
                // One compared group: the first pass's logs, one a time
                // in the same order (lk above is not computed then).
                let kept = if one { logs.next() } else { None };
                debug_assert_eq!(one, kept.is_some(), "a kept log for every time");
                let (lk, ld) = kept.unwrap_or_else(|| (lk, (count[a] * (n - count[a]) / n).ln()));
                v[[a, a]] += (lk + ld - 2.0 * ls[a]).exp();
            }
            let oe = events[a] - d * count[a] / n;
            if oe != 0.0 {
                z[a] += oe.signum() * (t.log_weight + oe.abs().ln() - ls[a]).exp();
            }
        }
        for &a in active {
            for &b in active {
                if a != b {
                    v[[a, b]] -= u[a] * u[b];
                }
            }
            events[a] = 0.0;
        }
    });
    let fail = |e: crate::num::linalg::Singular| {
        if v[[e.row, e.row]] <= 0.0 {
            no_variance(&label(keep[e.row]))
        } else {
            numerically_singular(kk + 1)
        }
    };
    let factor = Cholesky::factor(&v).map_err(fail)?;
    let mut x = factor.solve(&z);
    // two steps of iterative refinement: V can be ill-conditioned
    for _ in 0..2 {
        let r: Vec<f64> = (0..kk)
            .map(|i| z[i] - (0..kk).map(|j| v[[i, j]] * x[j]).sum::<f64>())
            .collect();
        let dx = factor.solve(&r);
        x.iter_mut().zip(&dx).for_each(|(x, d)| *x += d);
    }
    Ok(z.iter().zip(&x).map(|(a, b)| a * b).sum())
}

/// Grid points of every stratum (event times with κ > 0, concatenated) and
/// the half-bandwidth of K⁻¹ − Fᵀ D⁻¹ F: `None` when the groups span
/// too much to be worth counting.
fn band_of(sw: &Sweep, index: &[usize]) -> Option<(usize, usize)> {
    let k = index.len();
    let floor = LAMBDA_FLOOR * lambda_max(sw);
    let mut lo = vec![usize::MAX; k];
    let mut hi = vec![0_usize; k];
    // The grid point of a run does not decrease along the stratum, so
    // each group's lowest is at its first run at risk at a grid point
    // and its highest at its last run: found by scanning from either
    // end until every group of the stratum is seen (as visiting every
    // run, as `for_each_run_grid` does, would give).
    let mut offset = 0;
    let mut seen = vec![false; k];
    for st in &sw.strata {
        // grid points among the event times with `run` ≤ p
        let mut upto = Vec::with_capacity(st.times.len() + 1);
        upto.push(0_usize);
        for t in &st.times {
            upto.push(upto[upto.len() - 1] + usize::from(is_grid(t, floor)));
        }
        let grid_of = |p: usize| upto[st.times.partition_point(|t| t.run <= p)];
        if let Some(p0) = st.times.iter().find(|t| is_grid(t, floor)).map(|t| t.run) {
            for scan in [true, false] {
                seen.iter_mut().for_each(|x| *x = false);
                let mut left = st.group_n.len();
                let mut visit = |p: usize| {
                    let g = st.runs[p].group as usize;
                    if !seen[g] {
                        seen[g] = true;
                        left -= 1;
                        if index[g] != usize::MAX {
                            let s = offset + grid_of(p) - 1;
                            lo[g] = lo[g].min(s);
                            hi[g] = hi[g].max(s);
                        }
                    }
                    left == 0
                };
                if scan {
                    (p0..st.runs.len()).any(&mut visit);
                } else {
                    (p0..st.runs.len()).rev().any(&mut visit);
                }
            }
        }
        offset += upto[upto.len() - 1];
    }
    let b = (0..k)
        .filter(|&g| lo[g] != usize::MAX)
        .map(|g| hi[g] - lo[g])
        .max()
        .unwrap_or(0)
        .max(1);
    Some((offset, b))
}

/// Grid points of the banded solve: event times whose λ = κ/N is at least
/// [`LAMBDA_FLOOR`] times the largest (K⁻¹ holds 1/λ; a time below the
/// floor changes V by less than that relative amount, and is left out of
/// both D and F K Fᵀ, so the banded V is still a variance).
const LAMBDA_FLOOR: f64 = 1e-250;

fn lambda(t: &EventTime) -> f64 {
    t.kappa() / t.n_risk
}

fn lambda_max(sw: &Sweep) -> f64 {
    sw.strata
        .iter()
        .flat_map(|st| st.times.iter().map(lambda))
        .fold(0.0, f64::max)
}

fn is_grid(t: &EventTime, floor: f64) -> bool {
    let l = lambda(t);
    l > 0.0 && l >= floor
}

fn grid_len(st: &Stratum, floor: f64) -> usize {
    st.times.iter().filter(|t| is_grid(t, floor)).count()
}

/// Calls `f(group, global grid index, subjects)` for every run at risk at
/// one grid point at least (its grid point: the last one at or before its
/// exit), in the stratum's order.
fn for_each_run_grid(sw: &Sweep, floor: f64, mut f: impl FnMut(usize, usize, u32)) {
    let mut offset = 0;
    for st in &sw.strata {
        let (mut j, mut s) = (0, 0_usize);
        for (p, r) in st.runs.iter().enumerate() {
            while j < st.times.len() && st.times[j].run <= p {
                if is_grid(&st.times[j], floor) {
                    s += 1;
                }
                j += 1;
            }
            if s > 0 {
                f(r.group as usize, offset + s - 1, r.count);
            }
        }
        offset += grid_len(st, floor);
    }
}

fn banded(sw: &Sweep, index: &[usize], z: &[f64], m: usize, b: usize) -> Result<f64> {
    let w = b + 1;
    let floor = LAMBDA_FLOOR * lambda_max(sw);
    // a[s * w + d] holds A[s][s + d], d = 0..=b; cum_kappa[s] = Σ_{u ≤ s} κ_u
    let mut a = vec![0.0_f64; m * w];
    let mut cum_kappa = vec![0.0_f64; m];
    let mut offset = 0;
    for st in &sw.strata {
        let grid: Vec<&EventTime> = st.times.iter().filter(|t| is_grid(t, floor)).collect();
        let mut acc = 0.0;
        for (i, t) in grid.iter().enumerate() {
            let s = offset + i;
            acc += t.kappa();
            cum_kappa[s] = acc;
            a[s * w] += 1.0 / lambda(t);
            if let Some(next) = grid.get(i + 1) {
                a[s * w] += 1.0 / lambda(next);
                a[s * w + 1] -= 1.0 / lambda(next);
            }
        }
        offset += grid.len();
    }
    let kk = z.len();
    let mut points: Vec<Vec<(usize, u32)>> = vec![Vec::new(); kk];
    // D of the grid times only: Σ over the group's subjects of κ up to their
    // grid point (one addition per subject)
    let mut diag = vec![0.0_f64; kk];
    for_each_run_grid(sw, floor, |g, s, m| {
        let i = index[g];
        if i != usize::MAX {
            points[i].push((s, m));
            for _ in 0..m {
                diag[i] += cum_kappa[s];
            }
        }
    });
    let mut h = vec![0.0_f64; m];
    let mut base = 0.0;
    for (i, pts) in points.iter_mut().enumerate() {
        let dg = diag[i];
        if dg <= 0.0 {
            return Err(numerically_singular_band());
        }
        base += z[i] * z[i] / dg;
        pts.sort_unstable();
        // whole numbers: the same as counting 1 per subject
        let mut distinct: Vec<(usize, f64)> = Vec::new();
        for &(s, m) in pts.iter() {
            match distinct.last_mut() {
                Some((t, c)) if *t == s => *c += m as f64,
                _ => distinct.push((s, m as f64)),
            }
        }
        for (x, &(s, cs)) in distinct.iter().enumerate() {
            h[s] += cs * z[i] / dg;
            for &(t, ct) in &distinct[x..] {
                a[s * w + (t - s)] -= cs * ct / dg;
            }
        }
    }
    let band = Band { m, b, a };
    let factor = band.cholesky()?;
    // y = A⁻¹ h, with two steps of iterative refinement against A itself
    // (the factor loses digits when λ falls steeply over time, ρ ≫ 0)
    let mut y = factor.solve(&h);
    for _ in 0..2 {
        let r: Vec<f64> = band
            .times(&y)
            .iter()
            .zip(&h)
            .map(|(ay, h)| h - ay)
            .collect();
        let dy = factor.solve(&r);
        y.iter_mut().zip(&dy).for_each(|(y, d)| *y += d);
    }
    let quad: f64 = h.iter().zip(&y).map(|(h, y)| h * y).sum();
    Ok(base + quad)
}

/// A symmetric band matrix: `a[s * (b + 1) + d]` = A[s][s + d].
struct Band {
    m: usize,
    b: usize,
    a: Vec<f64>,
}

impl Band {
    fn at(&self, i: usize, j: usize) -> f64 {
        let (i, j) = if i <= j { (i, j) } else { (j, i) };
        self.a[i * (self.b + 1) + (j - i)]
    }

    fn times(&self, x: &[f64]) -> Vec<f64> {
        (0..self.m)
            .map(|i| {
                let lo = i.saturating_sub(self.b);
                let hi = (i + self.b + 1).min(self.m);
                (lo..hi).map(|j| self.at(i, j) * x[j]).sum()
            })
            .collect()
    }

    /// L with L Lᵀ = A, stored like A (`l[s * w + d]` = L[s + d][s]); a
    /// pivot below 1e-10 of its diagonal means A (so V) is singular.
    fn cholesky(&self) -> Result<Band> {
        let (m, b, w) = (self.m, self.b, self.b + 1);
        let mut a = self.a.clone();
        for j in 0..m {
            let mut d = a[j * w];
            for q in j.saturating_sub(b)..j {
                let l = a[q * w + (j - q)];
                d -= l * l;
            }
            if d <= 1e-10 * self.a[j * w].abs() {
                return Err(numerically_singular_band());
            }
            let d = d.sqrt();
            a[j * w] = d;
            for i in j + 1..(j + w).min(m) {
                let mut s = a[j * w + (i - j)];
                for q in i.saturating_sub(b)..j {
                    s -= a[q * w + (i - q)] * a[q * w + (j - q)];
                }
                a[j * w + (i - j)] = s / d;
            }
        }
        Ok(Band { m, b, a })
    }

    /// Solves L Lᵀ x = r with `self` the factor L.
    fn solve(&self, r: &[f64]) -> Vec<f64> {
        let (m, b, w) = (self.m, self.b, self.b + 1);
        let a = &self.a;
        let mut y = r.to_vec();
        for j in 0..m {
            let mut s = y[j];
            for q in j.saturating_sub(b)..j {
                s -= a[q * w + (j - q)] * y[q];
            }
            y[j] = s / a[j * w];
        }
        for j in (0..m).rev() {
            let mut s = y[j];
            for i in j + 1..(j + w).min(m) {
                s -= a[j * w + (i - j)] * y[i];
            }
            y[j] = s / a[j * w];
        }
        y
    }
}

fn numerically_singular_band() -> crate::error::Error {
    invalid(
        "groups",
        "the log-rank variance of the compared groups is numerically singular for the banded \
         solve used above 2000 groups (some groups' numbers at risk are, to rounding, \
         combinations of the others' at every event time, or the weights S(t−)^ρ span too \
         many orders of magnitude for it); merge groups into fewer, or use a ρ nearer 0",
    )
}

#[cfg(test)]
mod scan_tests {
    use super::super::sweep::sweep;
    use super::*;
    use crate::survival::SurvData;

    /// `band_of` and the last runs of `dense_work` as they were: one
    /// visit per run.
    fn band_by_subjects(sw: &Sweep, index: &[usize]) -> (usize, usize) {
        let k = index.len();
        let floor = LAMBDA_FLOOR * lambda_max(sw);
        let mut lo = vec![usize::MAX; k];
        let mut hi = vec![0_usize; k];
        for_each_run_grid(sw, floor, |g, s, _| {
            if index[g] != usize::MAX {
                lo[g] = lo[g].min(s);
                hi[g] = hi[g].max(s);
            }
        });
        let offset: usize = sw.strata.iter().map(|st| grid_len(st, floor)).sum();
        let b = (0..k)
            .filter(|&g| lo[g] != usize::MAX)
            .map(|g| hi[g] - lo[g])
            .max()
            .unwrap_or(0)
            .max(1);
        (offset, b)
    }

    fn work_by_subjects(sw: &Sweep, index: &[usize]) -> f64 {
        let mut work = 0.0;
        for st in &sw.strata {
            let mut last_of = vec![usize::MAX; index.len()];
            for (p, r) in st.runs.iter().enumerate() {
                last_of[r.group as usize] = p;
            }
            work += work_of_last(&last_of, index, st);
        }
        work
    }

    #[test]
    fn scans_from_the_ends_equal_visits_of_every_run() {
        let mut rng = crate::num::rng::Rng::new(3);
        let mut next = |m: u64| rng.below(m);
        for case in 0..60_u64 {
            let n = 20 + (case as usize % 7) * 40;
            let k = 2 + case % 9;
            let strata = 1 + case % 3;
            let tmax = [5, 40, 1000][case as usize % 3];
            let mut time = Vec::new();
            let mut event = Vec::new();
            let mut group = Vec::new();
            let mut stratum = Vec::new();
            for _ in 0..n {
                // groups that stop early: follow-up shrinking with the group
                let g = next(k);
                time.push((1 + next(tmax / (1 + g % 3) + 1)) as f64);
                event.push(i64::from(next(3) != 0));
                group.push(format!("g{g:02}"));
                stratum.push(format!("s{}", next(strata)));
            }
            let data = SurvData::builder(time, event)
                .groups(group)
                .strata(stratum)
                .build()
                .expect("valid rows");
            for rho in [0.0, 1.0, -3.0] {
                let sw = sweep(&data, rho);
                let ng = data.group_labels().len();
                // every group compared, and all but the first
                for skip in [usize::MAX, 0] {
                    let index: Vec<usize> = (0..ng)
                        .map(|g| if g == skip { usize::MAX } else { g })
                        .collect();
                    assert_eq!(band_of(&sw, &index), Some(band_by_subjects(&sw, &index)));
                    assert_eq!(
                        dense_work(&sw, &index).to_bits(),
                        work_by_subjects(&sw, &index).to_bits()
                    );
                }
            }
        }
    }
}
