//! Bootstrap standard errors and percentile intervals of the Turnbull
//! survival estimate at chosen times.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, invalid};
use crate::num::rng::Rng;
use crate::setters::setters;

use super::data::IntervalData;
use super::npmle::solve_from;
use super::turnbull::{Turnbull, converged, quantile_from, share_above};

/// The nonparametric bootstrap over subjects of the Turnbull estimate
/// P(T > t) at chosen times, per group.
///
/// Each replicate draws, within each group, as many subjects as the group
/// has, uniformly with replacement (a subject keeps its case weight), and
/// refits the NPMLE on the full data's innermost intervals (which carry a
/// maximiser of every resample's likelihood), started from the full
/// estimate. The random draws come from the crate's seeded generator
/// ([`Rng`], xoshiro256**), so a seed gives the same result everywhere.
/// Reported per group and time: the estimate from the full data, the
/// bootstrap standard error (standard deviation of the replicates,
/// divisor B − 1) and the percentile interval (R's `quantile` type 7 at
/// (1 ± level)/2). Survival at a time inside an innermost interval is
/// interpolated as in [`TurnbullCurve::survival_at`](super::TurnbullCurve::survival_at).
/// A replicate that does not converge is an error.
///
/// # Example
/// ```
/// use return_migration::survival::{IntervalData, TurnbullBootstrap};
/// let inf = f64::INFINITY;
/// let d = IntervalData::builder(
///     vec![0.0, 1.0, 2.0, 0.0, 3.0, 1.0, 2.0, 0.0],
///     vec![1.0, 2.0, 3.0, 2.0, inf, 3.0, inf, 3.0],
/// ).build()?;
/// let b = TurnbullBootstrap::new(vec![1.0, 2.0]).replicates(50).seed(7).fit(&d)?;
/// assert_eq!(b.rows.len(), 2);
/// assert!(b.rows[0].lower <= b.rows[0].survival && b.rows[0].survival <= b.rows[0].upper);
/// // Same seed, same answer.
/// assert_eq!(b, TurnbullBootstrap::new(vec![1.0, 2.0]).replicates(50).seed(7).fit(&d)?);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TurnbullBootstrap {
    times: Vec<f64>,
    probs: Vec<f64>,
    replicates: usize,
    seed: u64,
    conf_level: f64,
    turnbull: Turnbull,
}

/// Bootstrap summary of the survival at one time in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapRow {
    /// Group label (empty without groups).
    pub group: String,
    /// The time.
    pub time: f64,
    /// The estimate P(T > time) from the full data.
    pub survival: f64,
    /// Bootstrap standard error.
    pub std_err: f64,
    /// Lower percentile limit.
    pub lower: f64,
    /// Upper percentile limit.
    pub upper: f64,
}

/// Bootstrap summary of a quantile of the event time in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapQuantileRow {
    /// Group label (empty without groups).
    pub group: String,
    /// The probability p (0.5: the median).
    pub prob: f64,
    /// The estimate from the full data ([`TurnbullCurve::quantile`](super::TurnbullCurve::quantile)).
    pub quantile: Option<f64>,
    /// Bootstrap standard error; `None` when a replicate has no quantile.
    pub std_err: Option<f64>,
    /// Lower percentile limit (`None` when undefined in too many replicates).
    pub lower: Option<f64>,
    /// Upper percentile limit (`None` when undefined in too many replicates).
    pub upper: Option<f64>,
}

/// The bootstrap table (groups in byte order, times as given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapSurvival {
    /// Number of replicates.
    pub replicates: usize,
    /// The seed.
    pub seed: u64,
    /// Level of the percentile intervals.
    pub conf_level: f64,
    /// One row per group and time.
    pub rows: Vec<BootstrapRow>,
    /// One row per group and probability asked for with
    /// [`TurnbullBootstrap::quantiles`].
    pub quantiles: Vec<BootstrapQuantileRow>,
}

impl TurnbullBootstrap {
    /// Survival at `times`; defaults: 200 replicates, seed 1, level 0.95,
    /// the default [`Turnbull`] settings.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::TurnbullBootstrap;
    /// let _ = TurnbullBootstrap::new(vec![1.0, 2.0, 3.0]);
    /// ```
    pub fn new(times: Vec<f64>) -> Self {
        TurnbullBootstrap {
            times,
            probs: Vec::new(),
            replicates: 200,
            seed: 1,
            conf_level: 0.95,
            turnbull: Turnbull::new(),
        }
    }

    setters! {
        /// Number of replicates (at least 2).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{IntervalData, TurnbullBootstrap};
        /// let d = IntervalData::builder(vec![0.0], vec![1.0]).build()?;
        /// assert!(TurnbullBootstrap::new(vec![0.5]).replicates(1).fit(&d).is_err());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        replicates: usize,
    }

    /// Also bootstrap the quantiles of the event time at these
    /// probabilities (0.5: the median); a replicate whose curve never falls
    /// to 1 − p counts as +∞.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, TurnbullBootstrap};
    /// let d = IntervalData::builder(vec![0.0, 1.0, 0.0, 2.0], vec![1.0, 2.0, 2.0, 3.0]).build()?;
    /// let b = TurnbullBootstrap::new(vec![]).quantiles(vec![0.5]).replicates(20).fit(&d)?;
    /// assert!(b.quantiles[0].quantile.is_some());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn quantiles(mut self, probs: Vec<f64>) -> Self {
        self.probs = probs;
        self
    }

    setters! {
        /// The seed of the random draws.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::TurnbullBootstrap;
        /// let _ = TurnbullBootstrap::new(vec![1.0]).seed(2026);
        /// ```
        seed: u64,

        /// Level of the percentile intervals, in (0, 1).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{IntervalData, TurnbullBootstrap};
        /// let d = IntervalData::builder(vec![0.0], vec![1.0]).build()?;
        /// assert!(TurnbullBootstrap::new(vec![0.5]).conf_level(1.0).fit(&d).is_err());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        conf_level: f64,

        /// The NPMLE settings used for the full fit and every replicate.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{Turnbull, TurnbullBootstrap};
        /// let _ = TurnbullBootstrap::new(vec![1.0]).turnbull(Turnbull::new().max_iterations(1000));
        /// ```
        turnbull: Turnbull,
    }

    /// Runs the bootstrap. Errors: bad settings or times (negative, NaN or
    /// infinite) as [`Error::InvalidArgument`]; [`Error::NoConvergence`]
    /// for a fit or replicate that does not converge.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{IntervalData, TurnbullBootstrap};
    /// let d = IntervalData::builder(vec![0.0, 1.0], vec![1.0, 2.0]).build()?;
    /// assert!(TurnbullBootstrap::new(vec![-1.0]).fit(&d).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &IntervalData) -> Result<BootstrapSurvival> {
        if self.replicates < 2 {
            return Err(invalid("replicates", "must be at least 2"));
        }
        if !(self.conf_level > 0.0 && self.conf_level < 1.0) {
            return Err(invalid(
                "conf_level",
                format!("{} is not strictly between 0 and 1", self.conf_level),
            ));
        }
        if let Some(t) = self.times.iter().find(|t| !(t.is_finite() && **t >= 0.0)) {
            return Err(invalid("times", format!("{t} is not a finite time >= 0")));
        }
        if let Some(p) = self.probs.iter().find(|p| !(**p > 0.0 && **p < 1.0)) {
            return Err(invalid(
                "quantiles",
                format!("{p} is not strictly between 0 and 1"),
            ));
        }
        let mut rng = Rng::new(self.seed);
        let mut rows = Vec::new();
        let mut quantiles = Vec::new();
        for d in data.split_groups() {
            let (curve, red) = self.turnbull.fit_group_reduced(&d)?;
            let full: Vec<f64> = curve.intervals.iter().map(|i| i.mass).collect();
            let scale = red.weight.iter().fold(0.0, |a: f64, &b| a.max(b));
            let at = |mass: &[f64], t: f64| -> f64 {
                let s: f64 = (0..red.m())
                    .map(|j| mass[j] * share_above(red.lower[j], red.upper[j], red.closed[j], t))
                    .sum();
                s.min(1.0)
            };
            let n = d.len();
            let mut draws: Vec<Vec<f64>> =
                vec![Vec::with_capacity(self.replicates); self.times.len()];
            let mut qdraws: Vec<Vec<f64>> =
                vec![Vec::with_capacity(self.replicates); self.probs.len()];
            let mut weight = vec![0.0; red.weight.len()];
            for b in 0..self.replicates {
                weight.iter_mut().for_each(|w| *w = 0.0);
                for _ in 0..n {
                    let i = rng.below(n as u64) as usize;
                    weight[red.row_range[i] as usize] += d.weights()[i] / scale;
                }
                let sol = solve_from(&red, &weight, self.turnbull.settings(), Some(&full));
                let sol = converged(sol, &curve.group).map_err(|e| match e {
                    Error::NoConvergence { detail } => Error::NoConvergence {
                        detail: format!("bootstrap replicate {}: {detail}", b + 1),
                    },
                    other => other,
                })?;
                for (k, &t) in self.times.iter().enumerate() {
                    draws[k].push(at(&sol.mass, t));
                }
                for (k, &p) in self.probs.iter().enumerate() {
                    let ivs = (0..red.m())
                        .map(|j| (red.lower[j], red.upper[j], red.closed[j], sol.mass[j]));
                    qdraws[k].push(quantile_from(ivs, p).unwrap_or(f64::INFINITY));
                }
            }
            let lo_p = (1.0 - self.conf_level) / 2.0;
            for (k, &t) in self.times.iter().enumerate() {
                let v = &mut draws[k];
                let mean = v.iter().sum::<f64>() / v.len() as f64;
                let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
                v.sort_by(f64::total_cmp);
                rows.push(BootstrapRow {
                    group: curve.group.clone(),
                    time: t,
                    survival: curve.survival_at(t),
                    std_err: var.sqrt(),
                    lower: quantile7(v, lo_p),
                    upper: quantile7(v, 1.0 - lo_p),
                });
            }
            for (k, &p) in self.probs.iter().enumerate() {
                let v = &mut qdraws[k];
                v.sort_by(f64::total_cmp);
                let finite = |x: f64| x.is_finite().then_some(x);
                let std_err = v.iter().all(|x| x.is_finite()).then(|| {
                    let mean = v.iter().sum::<f64>() / v.len() as f64;
                    (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64)
                        .sqrt()
                });
                quantiles.push(BootstrapQuantileRow {
                    group: curve.group.clone(),
                    prob: p,
                    quantile: curve.quantile(p),
                    std_err,
                    lower: finite(quantile7(v, lo_p)),
                    upper: finite(quantile7(v, 1.0 - lo_p)),
                });
            }
        }
        Ok(BootstrapSurvival {
            replicates: self.replicates,
            seed: self.seed,
            conf_level: self.conf_level,
            rows,
            quantiles,
        })
    }
}

/// R's `quantile(type = 7)` of sorted values (+∞ values allowed).
fn quantile7(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = h - lo as f64;
    if frac == 0.0 || sorted[hi] == sorted[lo] {
        sorted[lo]
    } else {
        sorted[lo] + frac * (sorted[hi] - sorted[lo])
    }
}

impl fmt::Display for BootstrapSurvival {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Turnbull survival, bootstrap over subjects ({} replicates, seed {}), {}% percentile intervals",
            self.replicates,
            self.seed,
            self.conf_level * 100.0
        )?;
        writeln!(
            f,
            "{:>10} {:>10} {:>10} {:>9} {:>9} {:>9}",
            "group", "time", "survival", "std_err", "lower", "upper"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:>10} {:>10} {:>10.4} {:>9.4} {:>9.4} {:>9.4}",
                r.group, r.time, r.survival, r.std_err, r.lower, r.upper
            )?;
        }
        if !self.quantiles.is_empty() {
            let o = |v: Option<f64>| v.map_or("".to_string(), |v| format!("{v:.4}"));
            writeln!(
                f,
                "{:>10} {:>10} {:>10} {:>9} {:>9} {:>9}",
                "group", "prob", "quantile", "std_err", "lower", "upper"
            )?;
            for q in &self.quantiles {
                writeln!(
                    f,
                    "{:>10} {:>10} {:>10} {:>9} {:>9} {:>9}",
                    q.group,
                    q.prob,
                    o(q.quantile),
                    o(q.std_err),
                    o(q.lower),
                    o(q.upper)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::quantile7;

    #[test]
    fn quantile_type_7() {
        // R: quantile(c(1, 2, 4, 8), c(0.025, 0.5, 0.975), type = 7)
        let v = [1.0, 2.0, 4.0, 8.0];
        assert!((quantile7(&v, 0.025) - 1.075).abs() < 1e-12);
        assert!((quantile7(&v, 0.5) - 3.0).abs() < 1e-12);
        assert!((quantile7(&v, 0.975) - 7.7).abs() < 1e-12);
    }
}
