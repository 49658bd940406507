//! Turnbull's nonparametric maximum-likelihood estimate of survival from
//! interval-censored data.

use std::fmt;
use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, invalid};
use crate::num::Convergence;

use super::data::IntervalData;
use super::innermost::Reduced;
use super::npmle::{Settings, Solution, solve};
use crate::data::{csv_field, write_blocks};
use crate::survival::curves::curve_of_group;

/// Header of the survival table written by [`TurnbullFit::write_csv`] (the
/// `icfit` pipeline's output).
pub const ICFIT_HEADER: &str = "group,time,survival";

/// Header of the table written by [`TurnbullFit::write_masses_csv`].
pub const MASSES_HEADER: &str = "group,lower,upper,point,mass";

/// The Turnbull estimator (the NPMLE of the distribution of the event time
/// from interval-censored data), fitted per group.
///
/// **Convention.** A row `(left, right]` with `left < right` says
/// `left < T ≤ right`; `left == right` says `T = left`; `right = +∞` says
/// `T > left`. At tied values exact times come first, then right ends, then
/// (open) left ends, as in R's `survfitTurnbull`. The mass of the NPMLE sits
/// on the innermost intervals: a left end followed directly by a right end
/// in that order, either a point `{t}` or `(a, b]`. Where the mass lies
/// inside `(a, b]` the likelihood does not say.
///
/// **Algorithm.** Self-consistency (EM) steps alternated with iterative
/// convex minorant steps on the cumulative masses (Wellner & Zhan 1997,
/// with a backtracking line search), plus an active-set step that sets to
/// zero masses below 1e-12 whose gradient wants them at zero. It stops when
/// the largest change of a mass over an iteration is below the tolerance
/// (1e-12) **and** the Kuhn–Tucker conditions hold: with
/// `d_j = Σ_i w_i [interval j ⊂ row i] / P_i` and `W = Σ w_i`,
/// `|d_j / W − 1| ≤ kkt_tolerance` (1e-9) on every positive mass and
/// `d_j / W − 1 ≤ kkt_tolerance` on every zero mass. Otherwise it is an
/// [`Error::NoConvergence`], never a fit. Rows are first reduced to
/// distinct ranges of innermost intervals, so an iteration costs
/// O(distinct ranges + innermost intervals).
///
/// # Example
/// ```
/// use return_migration::survival::{IntervalData, Turnbull};
/// // Two disjoint intervals and one covering both.
/// let d = IntervalData::builder(vec![0.0, 2.0, 0.0], vec![1.0, 3.0, 3.0]).build()?;
/// let fit = Turnbull::new().fit(&d)?;
/// let c = &fit.curves[0];
/// assert_eq!(c.rows.iter().map(|r| r.time).collect::<Vec<_>>(), vec![0.0, 1.0, 2.0, 3.0]);
/// assert!((c.rows[1].survival - 0.5).abs() < 1e-12);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Turnbull {
    settings: Settings,
}

impl Default for Turnbull {
    fn default() -> Self {
        Self::new()
    }
}

/// One innermost interval and its mass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InnermostMass {
    /// Lower end (excluded unless `point`).
    pub lower: f64,
    /// Upper end (included; `+∞` for a last interval `(a, ∞)`).
    pub upper: f64,
    /// Whether the interval is the single point `{lower}` (`lower == upper`).
    pub point: bool,
    /// The estimated probability of the interval.
    pub mass: f64,
}

/// The estimated survival P(T > time) at one time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnbullRow {
    /// A distinct finite `left` or `right` value of the group.
    pub time: f64,
    /// P(T > time).
    pub survival: f64,
}

/// Former name of the Turnbull convergence report, now the crate's one
/// [`Convergence`] (`max_mass_change` is `last_change`; `step_halvings` is
/// 0).
///
/// # Example
/// ```
/// #![allow(deprecated)]
/// use return_migration::survival::NpmleConvergence;
/// let c = NpmleConvergence { iterations: 3, step_halvings: 0, last_change: 0.0,
///     kkt_violation: 0.0, rounding_limited: false };
/// assert_eq!(c.iterations, 3);
/// ```
#[deprecated(note = "use return_migration::num::Convergence")]
pub type NpmleConvergence = Convergence;

/// The Turnbull estimate of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnbullCurve {
    /// Group label (empty without groups).
    pub group: String,
    /// Number of rows of the group.
    pub n: usize,
    /// Summed case weight.
    pub total_weight: f64,
    /// The innermost intervals, ascending, with their masses.
    pub intervals: Vec<InnermostMass>,
    /// Survival at every distinct finite `left` or `right` value, ascending.
    pub rows: Vec<TurnbullRow>,
    /// Weighted log-likelihood `Σ w_i ln P_i` at the estimate.
    pub loglik: f64,
    /// The convergence report.
    pub convergence: Convergence,
}

/// Turnbull estimates by group (groups in byte order of their label).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnbullFit {
    /// One curve per group.
    pub curves: Vec<TurnbullCurve>,
}

impl Turnbull {
    /// Defaults: at most 100 000 iterations, mass tolerance 1e-12,
    /// Kuhn–Tucker tolerance 1e-9.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Turnbull;
    /// let _ = Turnbull::new();
    /// ```
    pub fn new() -> Self {
        Turnbull {
            settings: Settings {
                max_iterations: 100_000,
                mass_tolerance: 1e-12,
                kkt_tolerance: 1e-9,
            },
        }
    }

    /// The iteration limit (at least 1).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, Turnbull};
    /// let d = IntervalData::builder(vec![0.0, 1.0], vec![2.0, 3.0]).build()?;
    /// assert!(Turnbull::new().max_iterations(0).fit(&d).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn max_iterations(mut self, n: usize) -> Self {
        self.settings.max_iterations = n;
        self
    }

    /// The largest change of a mass over an iteration at which to stop.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Turnbull;
    /// let _ = Turnbull::new().mass_tolerance(1e-10);
    /// ```
    pub fn mass_tolerance(mut self, tol: f64) -> Self {
        self.settings.mass_tolerance = tol;
        self
    }

    /// The largest Kuhn–Tucker violation accepted.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Turnbull;
    /// let _ = Turnbull::new().kkt_tolerance(1e-8);
    /// ```
    pub fn kkt_tolerance(mut self, tol: f64) -> Self {
        self.settings.kkt_tolerance = tol;
        self
    }

    fn check(&self) -> Result<()> {
        let s = &self.settings;
        if s.max_iterations == 0 {
            return Err(invalid("max_iterations", "must be at least 1"));
        }
        for (what, v) in [
            ("mass_tolerance", s.mass_tolerance),
            ("kkt_tolerance", s.kkt_tolerance),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(invalid(what, format!("{v} is not finite and positive")));
            }
        }
        Ok(())
    }

    /// Fits every group. Errors: [`Error::NoConvergence`] when the
    /// iteration limit is reached before the stopping rule holds;
    /// [`Error::InvalidArgument`] for bad settings.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, Turnbull};
    /// let inf = f64::INFINITY;
    /// let d = IntervalData::builder(vec![1.0, 2.0, 3.0], vec![1.0, inf, 3.0]).build()?;
    /// // Only exact and right-censored rows: the Kaplan–Meier estimate.
    /// let fit = Turnbull::new().fit(&d)?;
    /// let s: Vec<f64> = fit.curves[0].rows.iter().map(|r| r.survival).collect();
    /// assert!((s[0] - 2.0 / 3.0).abs() < 1e-12 && s[2].abs() < 1e-12);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &IntervalData) -> Result<TurnbullFit> {
        self.check()?;
        let curves = data
            .split_groups()
            .iter()
            .map(|d| self.fit_group(d))
            .collect::<Result<Vec<_>>>()?;
        Ok(TurnbullFit { curves })
    }

    /// The fit of a one-group data set, with its reduction (for the bootstrap).
    pub(crate) fn fit_group_reduced(&self, d: &IntervalData) -> Result<(TurnbullCurve, Reduced)> {
        let red = Reduced::new(d.left(), d.right(), d.weights());
        // Weights scaled to at most 1 (the estimate does not depend on
        // their scale), so that sums cannot overflow.
        let scale = red.weight.iter().fold(0.0, |a: f64, &b| a.max(b));
        let scaled: Vec<f64> = red.weight.iter().map(|w| w / scale).collect();
        let sol = solve(&red, &scaled, &self.settings);
        let group = d.group_labels()[0].clone();
        let mut sol = converged(sol, &group)?;
        sol.loglik *= scale;
        let times = endpoint_times(d);
        let curve = TurnbullCurve {
            group,
            n: d.len(),
            total_weight: d.weights().iter().sum(),
            intervals: (0..red.m())
                .map(|j| InnermostMass {
                    lower: red.lower[j],
                    upper: red.upper[j],
                    point: red.closed[j],
                    mass: sol.mass[j],
                })
                .collect(),
            rows: survival_at_ends(&red, &sol.mass, &times)
                .into_iter()
                .zip(&times)
                .map(|(survival, &time)| TurnbullRow { time, survival })
                .collect(),
            loglik: sol.loglik,
            convergence: Convergence {
                iterations: sol.iterations,
                step_halvings: 0,
                last_change: sol.max_change,
                kkt_violation: sol.kkt_violation,
                rounding_limited: false,
            },
        };
        Ok((curve, red))
    }

    fn fit_group(&self, d: &IntervalData) -> Result<TurnbullCurve> {
        Ok(self.fit_group_reduced(d)?.0)
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }
}

/// The solution if it converged, else the error describing where it stopped.
pub(crate) fn converged(sol: Solution, group: &str) -> Result<Solution> {
    if sol.converged {
        return Ok(sol);
    }
    let which = if group.is_empty() {
        String::new()
    } else {
        format!(" (group `{group}`)")
    };
    Err(Error::NoConvergence {
        detail: format!(
            "Turnbull NPMLE{which}: after {} iterations the largest mass change is {:e} and the Kuhn–Tucker violation {:e}",
            sol.iterations, sol.max_change, sol.kkt_violation
        ),
    })
}

/// Distinct finite values of `left` and `right`, ascending.
fn endpoint_times(d: &IntervalData) -> Vec<f64> {
    let mut bits: Vec<u64> = d
        .left()
        .iter()
        .chain(d.right().iter().filter(|r| r.is_finite()))
        .map(|t| t.to_bits())
        .collect();
    bits.sort_unstable();
    bits.dedup();
    bits.into_iter().map(f64::from_bits).collect()
}

/// P(T > t) at ascending times `t`, each an endpoint (so no innermost
/// interval has `t` inside): the mass of the intervals lying above `t`,
/// summed from the top.
pub(crate) fn survival_at_ends(red: &Reduced, mass: &[f64], times: &[f64]) -> Vec<f64> {
    let m = red.m();
    let mut tail = vec![0.0; m + 1];
    for j in (0..m).rev() {
        tail[j] = tail[j + 1] + mass[j];
    }
    let mut j = 0;
    times
        .iter()
        .map(|&t| {
            while j < m && !red.above(j, t) {
                j += 1;
            }
            tail[j].min(1.0)
        })
        .collect()
}

impl TurnbullCurve {
    /// The time by which a fraction `p` has had the event (`p = 0.5`: the
    /// median), read on the curve of [`survival_at`](Self::survival_at):
    /// the first `t` with S(t) ≤ 1 − p, interpolated inside an innermost
    /// interval; `None` when the curve stays above 1 − p (or reaches it
    /// only inside a last interval `(a, ∞)`).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, Turnbull};
    /// let d = IntervalData::builder(vec![0.0, 2.0], vec![2.0, f64::INFINITY]).build()?;
    /// let c = &Turnbull::new().fit(&d)?.curves[0];
    /// assert!((c.quantile(0.25).unwrap() - 1.0).abs() < 1e-9);
    /// assert_eq!(c.quantile(0.75), None);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn quantile(&self, p: f64) -> Option<f64> {
        quantile_from(
            self.intervals
                .iter()
                .map(|i| (i.lower, i.upper, i.point, i.mass)),
            p,
        )
    }

    /// P(T > t): exact (unique) at the endpoints of the data; inside an
    /// innermost interval `(a, b]`, where the NPMLE is not unique, its mass
    /// is taken as spread uniformly over it (linear interpolation); inside a
    /// last interval `(a, ∞)` its mass counts as surviving.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, Turnbull};
    /// let d = IntervalData::builder(vec![0.0], vec![2.0]).build()?;
    /// let fit = Turnbull::new().fit(&d)?;
    /// assert!((fit.curves[0].survival_at(0.5) - 0.75).abs() < 1e-12);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn survival_at(&self, t: f64) -> f64 {
        let mut s = 0.0;
        for iv in &self.intervals {
            s += iv.mass * share_above(iv.lower, iv.upper, iv.point, t);
        }
        s.min(1.0)
    }
}

/// The time by which a fraction `p` has had the event on the curve of
/// [`TurnbullCurve::survival_at`]: the first `t` with S(t) ≤ 1 − p (up to
/// 1e-12); inside an innermost interval `(a, b]` by linear interpolation;
/// `None` when S stays above 1 − p or falls there only inside `(a, ∞)`.
pub(crate) fn quantile_from(
    intervals: impl Iterator<Item = (f64, f64, bool, f64)>,
    p: f64,
) -> Option<f64> {
    let target = 1.0 - p + 1e-12;
    let mut s = 1.0;
    for (lower, upper, point, mass) in intervals {
        if mass <= 0.0 {
            continue;
        }
        let after = s - mass;
        if after <= target {
            if point {
                return Some(lower);
            }
            if upper.is_infinite() {
                return None;
            }
            let frac = ((s - target) / mass).clamp(0.0, 1.0);
            return Some(lower + frac * (upper - lower));
        }
        s = after;
    }
    None
}

/// The share of an innermost interval's mass counted in P(T > t): 1 when
/// the interval lies above `t`, 0 when below, and inside `(a, b]` the
/// fraction `(b − t)/(b − a)` (mass spread uniformly), 1 inside `(a, ∞)`.
pub(crate) fn share_above(lower: f64, upper: f64, point: bool, t: f64) -> f64 {
    let above = if point { lower > t } else { lower >= t };
    if above {
        1.0
    } else if !point && t < upper {
        if upper.is_infinite() {
            1.0
        } else {
            (upper - t) / (upper - lower)
        }
    } else {
        0.0
    }
}

impl TurnbullFit {
    /// Writes the survival table as CSV ([`ICFIT_HEADER`]), numbers with
    /// Rust's shortest round-trip formatting.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, Turnbull};
    /// let d = IntervalData::builder(vec![0.0, 2.0], vec![1.0, 3.0]).build()?;
    /// let mut out = Vec::new();
    /// Turnbull::new().fit(&d)?.write_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap(), "group,time,survival\n,0,1\n,1,0.5\n,2,0.5\n,3,0\n");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        let blocks = self
            .curves
            .iter()
            .map(|c| (csv_field(&c.group), &c.rows[..]));
        write_blocks(out, ICFIT_HEADER, blocks, |line, r| {
            line.numbers(&[r.time, r.survival]);
        })
    }

    /// Writes the innermost intervals and their masses as CSV
    /// ([`MASSES_HEADER`]; `point` is 1 for a point `{lower}`, else the
    /// interval is `(lower, upper]`; `upper` is `inf` for `(a, ∞)`).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, Turnbull};
    /// let d = IntervalData::builder(vec![1.0, 2.0], vec![1.0, f64::INFINITY]).build()?;
    /// let mut out = Vec::new();
    /// Turnbull::new().fit(&d)?.write_masses_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap(), "group,lower,upper,point,mass\n,1,1,1,0.5\n,2,inf,0,0.5\n");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_masses_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        let blocks = (self.curves.iter()).map(|c| (csv_field(&c.group), &c.intervals[..]));
        write_blocks(out, MASSES_HEADER, blocks, |line, iv| {
            line.number(iv.lower)
                .number(iv.upper)
                .number(f64::from(u8::from(iv.point)))
                .number(iv.mass);
        })
    }

    /// The curve of a group.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, Turnbull};
    /// let d = IntervalData::builder(vec![0.0], vec![1.0]).groups(vec!["a".into()]).build()?;
    /// assert!(Turnbull::new().fit(&d)?.curve("b").is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn curve(&self, group: &str) -> Result<&TurnbullCurve> {
        curve_of_group(&self.curves, group, |c| &c.group)
    }
}

impl fmt::Display for TurnbullFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Turnbull NPMLE of survival (interval-censored)")?;
        for c in &self.curves {
            if !c.group.is_empty() {
                writeln!(f, "group {}", c.group)?;
            }
            writeln!(
                f,
                "n = {}, log-likelihood {:.6}, {} iterations, KKT violation {:.1e}",
                c.n, c.loglik, c.convergence.iterations, c.convergence.kkt_violation
            )?;
            writeln!(f, "{:>12} {:>10}", "time", "survival")?;
            for r in &c.rows {
                writeln!(f, "{:>12} {:>10.6}", r.time, r.survival)?;
            }
        }
        Ok(())
    }
}
