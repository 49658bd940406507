//! A simulation study of wave panels: midpoint-imputed Kaplan–Meier against
//! Turnbull's NPMLE, on seeded cohorts with known survival.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::builder::CohortBuilder;
use super::date::Date;
use super::measures::CohortSurvival;
use super::simulate::CohortSimulator;
use super::vectors::Stratify;
use crate::error::{Result, invalid};
use crate::survival::{AftData, Survreg, SurvregFit, Turnbull, TurnbullBootstrap};

/// A simulation study of interval-censored first re-migrations.
///
/// Each replication simulates a cohort with [`CohortSimulator`] (returns
/// spread over 2020, a hazard per year since return, re-migrations known
/// only from the wave that reports them, missed waves and dropout), builds
/// it with [`CohortBuilder::first_events`], and estimates S(1), S(2), S(3)
/// (years since return) and the median:
/// - **midpoint KM**: Kaplan–Meier with each re-migration placed at the
///   midpoint of its interval (the builder's default), log intervals
///   (Greenwood) for S(t), R's quantile interval for the median;
/// - **Turnbull**: the NPMLE from [`Built::interval_data`](super::Built::interval_data),
///   survival read by [`TurnbullCurve::survival_at`](crate::survival::TurnbullCurve::survival_at),
///   the median by [`TurnbullCurve::quantile`](crate::survival::TurnbullCurve::quantile),
///   percentile intervals from [`TurnbullBootstrap`] (when `bootstrap ≥ 2`);
/// - **Weibull AFT**: the intercept-only Weibull model ([`Survreg`]) fitted
///   to the same intervals by maximum likelihood; intervals by the delta
///   method from the inverse observed information, for S(t) on the
///   log(−log S) scale, for the median on the log scale. (Misspecified
///   when the true hazard is not Weibull: it shows what a wrong parametric
///   shape costs.)
///
/// The truth is the simulator's [`CohortSimulator::true_survival`] (the
/// median by bisection). Reported per method and target: the mean estimate,
/// its bias with the Monte Carlo standard error, and the coverage of the
/// 95% interval. Replication `r` uses seed `seed + r` (bootstrap seed too).
///
/// # Example
/// ```
/// use return_migration::cohort::WaveStudy;
/// let study = WaveStudy::yearly(60, 3, 1).run()?;
/// assert_eq!(study.rows.len(), 12); // 3 methods × 4 targets
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaveStudy {
    /// Name of the wave design (shown in the table).
    pub design: String,
    /// Persons per cohort.
    pub persons: usize,
    /// Number of replications.
    pub replications: usize,
    /// Seed of the first replication.
    pub seed: u64,
    /// Bootstrap replicates for the Turnbull intervals (0: no intervals).
    pub bootstrap: usize,
    /// Hazard per year since return (the last continues).
    pub hazard_by_year: Vec<f64>,
    /// Wave dates.
    pub waves: Vec<Date>,
    /// Probability of missing a wave.
    pub missed_wave: f64,
    /// Probability of dropping out after a wave seen.
    pub dropout: f64,
}

/// Results for one method and one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaveStudyRow {
    /// Wave design.
    pub design: String,
    /// `midpoint KM`, `Turnbull` or `Weibull AFT`.
    pub method: String,
    /// `S(1)`, `S(2)`, `S(3)` or `median`.
    pub target: String,
    /// The true value.
    pub truth: f64,
    /// Mean estimate over the replications where it exists.
    pub mean: f64,
    /// Mean minus truth.
    pub bias: f64,
    /// Monte Carlo standard error of the bias (sd / sqrt(replications used)).
    pub bias_se: f64,
    /// Share of 95% intervals that contain the truth (`None` without intervals).
    pub coverage: Option<f64>,
    /// Replications where the estimate exists (a median may not).
    pub used: usize,
}

/// The table of a [`WaveStudy`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaveStudyTable {
    /// Persons per cohort.
    pub persons: usize,
    /// Replications.
    pub replications: usize,
    /// Rows: methods × targets.
    pub rows: Vec<WaveStudyRow>,
}

const TIMES: [f64; 3] = [1.0, 2.0, 3.0];

fn dec31(year: i32) -> Date {
    Date::Day {
        year,
        month: 12,
        day: 31,
    }
}

impl WaveStudy {
    /// Yearly waves on 31 December 2020–2024; hazard 0.8, 0.3, then 0.15
    /// per year; 10% missed waves, 5% dropout per wave; no bootstrap.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WaveStudy;
    /// assert_eq!(WaveStudy::yearly(100, 10, 1).waves.len(), 5);
    /// ```
    pub fn yearly(persons: usize, replications: usize, seed: u64) -> Self {
        WaveStudy {
            design: "yearly".to_string(),
            persons,
            replications,
            seed,
            bootstrap: 0,
            hazard_by_year: vec![0.8, 0.3, 0.15],
            waves: (2020..=2024).map(dec31).collect(),
            missed_wave: 0.1,
            dropout: 0.05,
        }
    }

    /// As [`yearly`](Self::yearly) but with irregular waves: 2020-12-31,
    /// 2021-05-15, 2022-03-01, 2022-10-20, 2023-09-30, 2024-06-30,
    /// 2024-12-31.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WaveStudy;
    /// assert_eq!(WaveStudy::irregular(100, 10, 1).waves.len(), 7);
    /// ```
    pub fn irregular(persons: usize, replications: usize, seed: u64) -> Self {
        let d = |year, month, day| Date::Day { year, month, day };
        WaveStudy {
            design: "irregular".to_string(),
            waves: vec![
                d(2020, 12, 31),
                d(2021, 5, 15),
                d(2022, 3, 1),
                d(2022, 10, 20),
                d(2023, 9, 30),
                d(2024, 6, 30),
                d(2024, 12, 31),
            ],
            ..Self::yearly(persons, replications, seed)
        }
    }

    /// Sets the hazard per year since return and the design's name.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WaveStudy;
    /// let s = WaveStudy::yearly(100, 10, 1).hazard("yearly, constant hazard", vec![0.3]);
    /// assert_eq!(s.hazard_by_year, vec![0.3]);
    /// ```
    pub fn hazard(mut self, design: &str, hazard_by_year: Vec<f64>) -> Self {
        self.design = design.to_string();
        self.hazard_by_year = hazard_by_year;
        self
    }

    /// Bootstrap replicates for the Turnbull intervals (0: none).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WaveStudy;
    /// assert_eq!(WaveStudy::yearly(100, 10, 1).bootstrap(200).bootstrap, 200);
    /// ```
    pub fn bootstrap(mut self, replicates: usize) -> Self {
        self.bootstrap = replicates;
        self
    }

    fn simulator(&self, seed: u64) -> CohortSimulator {
        CohortSimulator::new(self.persons, seed)
            .hazard_by_year(self.hazard_by_year.clone())
            .waves(self.waves.clone())
            .observation(self.missed_wave, self.dropout, 0.0)
    }

    /// True S(t) and median.
    fn truth(&self) -> [f64; 4] {
        let sim = self.simulator(0);
        let (mut lo, mut hi) = (0.0, 1.0);
        while sim.true_survival(hi) > 0.5 && hi < 1e6 {
            hi *= 2.0;
        }
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if sim.true_survival(mid) > 0.5 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        [
            sim.true_survival(1.0),
            sim.true_survival(2.0),
            sim.true_survival(3.0),
            0.5 * (lo + hi),
        ]
    }

    /// Runs the study. Errors: fewer than 2 replications, a bootstrap of
    /// exactly 1 replicate, bad simulator settings, a fit that does not
    /// converge.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WaveStudy;
    /// assert!(WaveStudy::yearly(50, 1, 1).run().is_err());
    /// ```
    pub fn run(&self) -> Result<WaveStudyTable> {
        if self.replications < 2 {
            return Err(invalid("replications", "must be at least 2"));
        }
        if self.bootstrap == 1 {
            return Err(invalid("bootstrap", "give 0 (no intervals) or at least 2"));
        }
        let truth = self.truth();
        // [method][target] → (estimates, covered count, intervals seen)
        let mut est: [[Vec<f64>; 4]; 3] = Default::default();
        let mut covered = [[0_usize; 4]; 3];
        let inside = |t: f64, lo: Option<f64>, hi: Option<f64>| {
            lo.is_none_or(|l| l <= t) && hi.is_none_or(|h| t <= h)
        };
        for r in 0..self.replications {
            let seed = self.seed.wrapping_add(r as u64);
            let records = self.simulator(seed).records()?;
            let built = CohortBuilder::new().first_events(&records)?;
            // Midpoint-imputed Kaplan–Meier.
            let km = CohortSurvival::new(Stratify::Pooled).fit(&built)?;
            for (k, a) in km.at_times(&TIMES)?.iter().enumerate() {
                est[0][k].push(a.survival);
                covered[0][k] += usize::from(inside(truth[k], a.lower, a.upper));
            }
            let q = &km.quantiles(&[0.5])?[0];
            if let Some(m) = q.quantile {
                est[0][3].push(m);
            }
            covered[0][3] +=
                usize::from(q.quantile.is_some() && inside(truth[3], q.lower, q.upper));
            // Turnbull.
            let data = built.interval_data()?;
            if self.bootstrap >= 2 {
                let b = TurnbullBootstrap::new(TIMES.to_vec())
                    .quantiles(vec![0.5])
                    .replicates(self.bootstrap)
                    .seed(seed)
                    .fit(&data)?;
                for (k, row) in b.rows.iter().enumerate() {
                    est[1][k].push(row.survival);
                    covered[1][k] +=
                        usize::from(inside(truth[k], Some(row.lower), Some(row.upper)));
                }
                let q = &b.quantiles[0];
                if let Some(m) = q.quantile {
                    est[1][3].push(m);
                }
                covered[1][3] +=
                    usize::from(q.quantile.is_some() && inside(truth[3], q.lower, q.upper));
            } else {
                let fit = Turnbull::new().fit(&data)?;
                let c = &fit.curves[0];
                for (k, &t) in TIMES.iter().enumerate() {
                    est[1][k].push(c.survival_at(t));
                }
                if let Some(m) = c.quantile(0.5) {
                    est[1][3].push(m);
                }
            }
            // Weibull AFT (intercept only).
            let aft = Survreg::new().fit(&AftData::from_interval_data(&data).build()?)?;
            for (k, (s, lo, hi)) in weibull_estimates(&aft)?.into_iter().enumerate() {
                est[2][k].push(s);
                covered[2][k] += usize::from(inside(truth[k], Some(lo), Some(hi)));
            }
        }
        let targets = ["S(1)", "S(2)", "S(3)", "median"];
        let mut rows = Vec::new();
        for (mi, method) in ["midpoint KM", "Turnbull", "Weibull AFT"]
            .iter()
            .enumerate()
        {
            for (k, target) in targets.iter().enumerate() {
                let v = &est[mi][k];
                let n = v.len();
                let mean = v.iter().sum::<f64>() / n.max(1) as f64;
                let sd = if n > 1 {
                    (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
                } else {
                    f64::NAN
                };
                let has_ci = mi != 1 || self.bootstrap >= 2;
                rows.push(WaveStudyRow {
                    design: self.design.clone(),
                    method: method.to_string(),
                    target: target.to_string(),
                    truth: truth[k],
                    mean,
                    bias: mean - truth[k],
                    bias_se: sd / (n as f64).sqrt(),
                    coverage: has_ci.then(|| covered[mi][k] as f64 / self.replications as f64),
                    used: n,
                });
            }
        }
        Ok(WaveStudyTable {
            persons: self.persons,
            replications: self.replications,
            rows,
        })
    }
}

/// S(1), S(2), S(3) and the median of an intercept-only Weibull fit, each
/// with its 95% delta-method interval: for S(t) on z = (ln t − β₀)/σ =
/// log(−log S), for the median on the log scale.
fn weibull_estimates(fit: &SurvregFit) -> Result<[(f64, f64, f64); 4]> {
    let z95 = 1.959_963_984_540_054;
    let (b0, sigma) = (fit.terms[0].coef, fit.scale);
    let v = &fit.covariance;
    if v.len() != 2 || v[0].len() != 2 || v[1].len() != 2 {
        return Err(invalid(
            "Weibull fit",
            "expected intercept and log(scale) only",
        ));
    }
    let var =
        |g: [f64; 2]| g[0] * g[0] * v[0][0] + 2.0 * g[0] * g[1] * v[0][1] + g[1] * g[1] * v[1][1];
    let surv = |z: f64| (-z.exp()).exp();
    let mut out = [(0.0, 0.0, 0.0); 4];
    for (k, &t) in TIMES.iter().enumerate() {
        let z = (t.ln() - b0) / sigma;
        // ∂z/∂β₀ = −1/σ, ∂z/∂log σ = −z.
        let se = var([-1.0 / sigma, -z]).sqrt();
        out[k] = (surv(z), surv(z + z95 * se), surv(z - z95 * se));
    }
    let q = &fit.quantiles(&[], &[0.5])?[0];
    let se_log = q.se / q.quantile;
    out[3] = (
        q.quantile,
        q.quantile * (-z95 * se_log).exp(),
        q.quantile * (z95 * se_log).exp(),
    );
    Ok(out)
}

impl fmt::Display for WaveStudyTable {
    /// A Markdown table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "| design | method | target | truth | mean | bias (MC se) | 95% coverage |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|")?;
        for r in &self.rows {
            let cov = r
                .coverage
                .map_or("–".to_string(), |c| format!("{:.1}%", 100.0 * c));
            let used = if r.used < self.replications {
                format!(" ({} of {})", r.used, self.replications)
            } else {
                String::new()
            };
            writeln!(
                f,
                "| {} | {} | {} | {:.4} | {:.4}{used} | {:+.4} ({:.4}) | {cov} |",
                r.design, r.method, r.target, r.truth, r.mean, r.bias, r.bias_se
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against R: `survreg(Surv(t, s) ~ 1)` on t = 3,5,2,8,6,4,9,7,
    /// s = 1,1,0,1,1,1,0,1; S(t) and its interval from `vcov(fit)` on
    /// z = (log t − β₀)/σ, the median from `predict(type = "quantile",
    /// se.fit = TRUE)` with a log-scale interval.
    #[test]
    fn weibull_intervals_match_r() {
        let d = AftData::right_censored(
            vec![3., 5., 2., 8., 6., 4., 9., 7.],
            vec![1, 1, 0, 1, 1, 1, 0, 1],
        )
        .build()
        .unwrap();
        let fit = Survreg::new().fit(&d).unwrap();
        let got = weibull_estimates(&fit).unwrap();
        let want = [
            (0.996536308970535, 0.848861288500449, 0.999926532175631),
            (0.974060643994945, 0.705163809438742, 0.998024631009199),
            (0.917676205694862, 0.571703816536492, 0.986886612522872),
            (6.13107840292127, 4.55162270409818, 8.25862001894892),
        ];
        for (g, w) in got.iter().zip(want) {
            for (a, b) in [(g.0, w.0), (g.1, w.1), (g.2, w.2)] {
                assert!((a - b).abs() <= 1e-6 * b.abs(), "{g:?} vs {w:?}");
            }
        }
    }
}
