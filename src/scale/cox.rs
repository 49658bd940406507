//! The Cox model fitted across partitions that keep their rows.
//!
//! Protocol (one round per Newton–Raphson iteration): round 0, every
//! partition sends Σx and n, and the coordinator sends back the pooled
//! means (the centring). Then, at each iteration, the coordinator sends β;
//! every partition returns its [`CoxSiteStats`]: per stratum × distinct
//! time, the sums of r = w·exp((x − x̄)'β), r·x and r·xx' over persons
//! leaving at that time, over persons entering at it, and over the events
//! at it (O(p²) numbers per distinct time, nothing per person). Merged
//! statistics give the pooled risk-set sums at every time, hence the
//! pooled partial log-likelihood, score and information (Breslow or
//! Efron), and the same Newton step as on the pooled data.
//!
//! Stratified by site (every site its own stratum), no risk set crosses a
//! site: each site evaluates its own log-likelihood, score and information
//! ([`SiteScore`], p + p² + 1 numbers) and the coordinator adds them, so
//! each iteration is a single round of O(p²) messages per site, with no
//! per-time statistics leaving the site.

use std::collections::BTreeMap;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, ValueProblem, invalid};
use crate::num::linalg::solve_spd;
use crate::survival::Ties;

/// The rows of one partition (a site, a file): exit time, event, optional
/// entry, weight and stratum, covariates row by row.
///
/// # Example
/// ```
/// use return_migration::scale::CoxPartition;
/// let p = CoxPartition::new(vec![1.0, 2.0], vec![true, false], vec![vec![0.5], vec![1.0]]);
/// assert_eq!(p.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxPartition {
    /// Exit times.
    pub time: Vec<f64>,
    /// Event (true) or censored.
    pub event: Vec<bool>,
    /// Delayed entry times (at risk on (entry, time]).
    pub entry: Option<Vec<f64>>,
    /// Case weights.
    pub weight: Option<Vec<f64>>,
    /// Stratum labels.
    pub strata: Option<Vec<String>>,
    /// Covariates, one row per person.
    pub x: Vec<Vec<f64>>,
}

impl CoxPartition {
    /// A partition without entry, weights or strata.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::CoxPartition;
    /// let p = CoxPartition::new(vec![1.0], vec![true], vec![vec![0.0, 1.0]]);
    /// assert_eq!(p.x[0].len(), 2);
    /// ```
    pub fn new(time: Vec<f64>, event: Vec<bool>, x: Vec<Vec<f64>>) -> CoxPartition {
        CoxPartition {
            time,
            event,
            entry: None,
            weight: None,
            strata: None,
            x,
        }
    }

    /// Number of persons.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::CoxPartition;
    /// assert_eq!(CoxPartition::new(vec![], vec![], vec![]).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether the partition has no person.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::CoxPartition;
    /// assert!(CoxPartition::new(vec![], vec![], vec![]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    fn check(&self, p: usize) -> Result<()> {
        let n = self.len();
        let lens = [
            ("event", Some(self.event.len())),
            ("x", Some(self.x.len())),
            ("entry", self.entry.as_ref().map(Vec::len)),
            ("weight", self.weight.as_ref().map(Vec::len)),
            ("strata", self.strata.as_ref().map(Vec::len)),
        ];
        for (column, len) in lens {
            if let Some(found) = len.filter(|&l| l != n) {
                return Err(Error::LengthMismatch {
                    column: column.to_string(),
                    expected: n,
                    found,
                });
            }
        }
        let bad = |row: usize, column: &str, problem| Error::InvalidValue {
            row,
            column: column.to_string(),
            problem,
        };
        for i in 0..n {
            crate::survival::validate_time_value(self.time[i]).map_err(|q| bad(i, "time", q))?;
            if let Some(e) = &self.entry {
                crate::survival::validate_time_value(e[i]).map_err(|q| bad(i, "entry", q))?;
                if e[i] >= self.time[i] {
                    let q = ValueProblem::EntryNotBeforeExit {
                        entry: e[i],
                        exit: self.time[i],
                    };
                    return Err(bad(i, "entry", q));
                }
            }
            if let Some(w) = &self.weight {
                crate::survival::validate_weight_value(w[i]).map_err(|q| bad(i, "weight", q))?;
            }
            if self.x[i].len() != p {
                return Err(invalid(
                    "x",
                    format!(
                        "row {} (counting from 1) has {} covariates, not {p}",
                        i + 1,
                        self.x[i].len()
                    ),
                ));
            }
            if let Some(v) = self.x[i].iter().find(|v| !v.is_finite()) {
                return Err(bad(i, "x", ValueProblem::NotFinite { value: *v }));
            }
        }
        Ok(())
    }
}

/// Sums of r, r·x and r·xx' (upper and lower triangle, row-major p × p).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    /// Σ r.
    pub s0: f64,
    /// Σ r·x.
    pub s1: Vec<f64>,
    /// Σ r·xx'.
    pub s2: Vec<f64>,
}

impl Moments {
    fn zero(p: usize) -> Moments {
        Moments {
            s0: 0.0,
            s1: vec![0.0; p],
            s2: vec![0.0; p * p],
        }
    }

    fn add_person(&mut self, r: f64, x: &[f64]) {
        let p = x.len();
        self.s0 += r;
        for a in 0..p {
            self.s1[a] += r * x[a];
            for b in 0..p {
                self.s2[a * p + b] += r * x[a] * x[b];
            }
        }
    }

    fn add(&mut self, other: &Moments) {
        self.s0 += other.s0;
        for (a, b) in self.s1.iter_mut().zip(&other.s1) {
            *a += b;
        }
        for (a, b) in self.s2.iter_mut().zip(&other.s2) {
            *a += b;
        }
    }

    fn sub(&mut self, other: &Moments) {
        self.s0 -= other.s0;
        for (a, b) in self.s1.iter_mut().zip(&other.s1) {
            *a -= b;
        }
        for (a, b) in self.s2.iter_mut().zip(&other.s2) {
            *a -= b;
        }
    }
}

/// The statistics of one stratum × distinct time of one partition.
///
/// # Example
/// ```
/// use return_migration::scale::{CoxPartition, CoxSiteStats};
/// let part = CoxPartition::new(vec![1.0, 1.0], vec![true, false], vec![vec![1.0], vec![0.0]]);
/// let s = CoxSiteStats::compute(&part, &[0.0], &[0.0])?;
/// let t = &s.times[0];
/// assert_eq!((t.n_events, t.exits.s0, t.events.s0), (1, 2.0, 1.0));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxTimeStats {
    /// Stratum label (empty without strata).
    pub stratum: String,
    /// The time.
    pub time: f64,
    /// Persons leaving at the time (events and censorings).
    pub exits: Moments,
    /// Persons whose delayed entry is the time.
    pub entries: Moments,
    /// Persons with an event at the time.
    pub events: Moments,
    /// Number of events.
    pub n_events: u64,
    /// Σ w over the events.
    pub event_weight: f64,
    /// Σ w·x over the events.
    pub event_wx: Vec<f64>,
    /// Σ w·η over the events.
    pub event_weta: f64,
}

/// A partition's statistics at one β: per stratum × distinct time.
///
/// # Example
/// ```
/// use return_migration::scale::{CoxPartition, CoxSiteStats};
/// let a = CoxPartition::new(vec![1.0], vec![true], vec![vec![1.0]]);
/// let b = CoxPartition::new(vec![2.0], vec![false], vec![vec![0.0]]);
/// let mut s = CoxSiteStats::compute(&a, &[0.0], &[0.5])?;
/// s.merge(&CoxSiteStats::compute(&b, &[0.0], &[0.5])?)?;
/// assert_eq!(s.times.len(), 2);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxSiteStats {
    /// Number of covariates.
    pub p: usize,
    /// Per stratum × time, in order of (stratum, time).
    pub times: Vec<CoxTimeStats>,
}

type Key = (String, u64);

fn singular(e: crate::num::linalg::Singular) -> Error {
    invalid(
        "covariates",
        format!(
            "the information matrix is singular at covariate {} (counting from 1): \
             a covariate is constant or a combination of the others",
            e.row + 1
        ),
    )
}

fn slot<'a>(
    map: &'a mut BTreeMap<Key, CoxTimeStats>,
    s: &str,
    t: f64,
    p: usize,
) -> &'a mut CoxTimeStats {
    let t = t + 0.0;
    map.entry((s.to_string(), t.to_bits()))
        .or_insert_with(|| CoxTimeStats {
            stratum: s.to_string(),
            time: t,
            exits: Moments::zero(p),
            entries: Moments::zero(p),
            events: Moments::zero(p),
            n_events: 0,
            event_weight: 0.0,
            event_wx: vec![0.0; p],
            event_weta: 0.0,
        })
}

impl CoxSiteStats {
    /// The statistics of `part` at `beta`, covariates centred at `center`.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::{CoxPartition, CoxSiteStats};
    /// let part = CoxPartition::new(vec![1.0], vec![true], vec![vec![2.0]]);
    /// let s = CoxSiteStats::compute(&part, &[1.0], &[1.0])?;
    /// assert_eq!(s.times[0].exits.s0, 1f64.exp());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn compute(part: &CoxPartition, beta: &[f64], center: &[f64]) -> Result<CoxSiteStats> {
        let p = beta.len();
        if center.len() != p {
            return Err(invalid("center", "needs one value per covariate"));
        }
        part.check(p)?;
        let mut map: BTreeMap<Key, CoxTimeStats> = BTreeMap::new();
        let label = |i: usize| part.strata.as_ref().map_or("", |s| s[i].as_str());
        let mut xc = vec![0.0; p];
        for i in 0..part.len() {
            for ((c, x), m) in xc.iter_mut().zip(&part.x[i]).zip(center) {
                *c = x - m;
            }
            let eta: f64 = xc.iter().zip(beta).map(|(x, b)| x * b).sum();
            let w = part.weight.as_ref().map_or(1.0, |w| w[i]);
            let r = w * eta.exp();
            if !r.is_finite() {
                return Err(invalid(
                    "beta",
                    format!("exp(x'β) overflows at row {} (counting from 1)", i + 1),
                ));
            }
            let st = slot(&mut map, label(i), part.time[i], p);
            st.exits.add_person(r, &xc);
            if part.event[i] {
                st.events.add_person(r, &xc);
                st.n_events += 1;
                st.event_weight += w;
                st.event_weta += w * eta;
                for (s, x) in st.event_wx.iter_mut().zip(&xc) {
                    *s += w * x;
                }
            }
            if let Some(e) = &part.entry {
                slot(&mut map, label(i), e[i], p).entries.add_person(r, &xc);
            }
        }
        Ok(CoxSiteStats {
            p,
            times: map.into_values().collect(),
        })
    }

    /// Adds another partition's statistics (same β and centring).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::{CoxPartition, CoxSiteStats};
    /// let a = CoxPartition::new(vec![1.0], vec![true], vec![vec![1.0]]);
    /// let mut s = CoxSiteStats::compute(&a, &[0.0], &[0.0])?;
    /// s.merge(&s.clone())?;
    /// assert_eq!(s.times[0].n_events, 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn merge(&mut self, other: &CoxSiteStats) -> Result<()> {
        if self.p != other.p {
            return Err(invalid("statistics", "different numbers of covariates"));
        }
        let mut map: BTreeMap<Key, CoxTimeStats> = std::mem::take(&mut self.times)
            .into_iter()
            .map(|t| ((t.stratum.clone(), t.time.to_bits()), t))
            .collect();
        for t in &other.times {
            match map.get_mut(&(t.stratum.clone(), t.time.to_bits())) {
                Some(m) => {
                    m.exits.add(&t.exits);
                    m.entries.add(&t.entries);
                    m.events.add(&t.events);
                    m.n_events += t.n_events;
                    m.event_weight += t.event_weight;
                    m.event_weta += t.event_weta;
                    for (a, b) in m.event_wx.iter_mut().zip(&t.event_wx) {
                        *a += b;
                    }
                }
                None => {
                    map.insert((t.stratum.clone(), t.time.to_bits()), t.clone());
                }
            }
        }
        self.times = map.into_values().collect();
        Ok(())
    }

    /// The partial log-likelihood, score and information of these
    /// statistics (Breslow or Efron ties): risk sets are the persons with
    /// entry < t ≤ exit of the same stratum.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::{CoxPartition, CoxSiteStats};
    /// use return_migration::survival::Ties;
    /// let part = CoxPartition::new(vec![1.0, 2.0], vec![true, true], vec![vec![1.0], vec![0.0]]);
    /// let s = CoxSiteStats::compute(&part, &[0.0], &[0.0])?.score(Ties::Breslow);
    /// assert!((s.loglik + 2f64.ln()).abs() < 1e-15);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn score(&self, ties: Ties) -> SiteScore {
        let p = self.p;
        let mut out = SiteScore::zero(p);
        let mut k = self.times.len();
        while k > 0 {
            // one stratum, backwards in time
            let stratum = &self.times[k - 1].stratum;
            let mut risk = Moments::zero(p);
            let mut entered = Moments::zero(p);
            while k > 0 && &self.times[k - 1].stratum == stratum {
                let t = &self.times[k - 1];
                risk.add(&t.exits);
                entered.add(&t.entries);
                if t.n_events > 0 {
                    let mut at = risk.clone();
                    at.sub(&entered);
                    out.add_time(&at, t, ties);
                }
                k -= 1;
            }
        }
        out
    }
}

/// Log-likelihood, score and information (row-major p × p) of one site or
/// of everything; they add across sites when no risk set crosses a site.
///
/// # Example
/// ```
/// use return_migration::scale::SiteScore;
/// let mut a = SiteScore::zero(1);
/// a.merge(&SiteScore { loglik: -1.0, score: vec![0.5], information: vec![2.0] });
/// assert_eq!(a.information, vec![2.0]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteScore {
    /// Partial log-likelihood.
    pub loglik: f64,
    /// Score (gradient).
    pub score: Vec<f64>,
    /// Information (minus the Hessian), row-major p × p.
    pub information: Vec<f64>,
}

impl SiteScore {
    /// All zero, for p covariates.
    ///
    /// # Example
    /// ```
    /// assert_eq!(return_migration::scale::SiteScore::zero(2).score, vec![0.0, 0.0]);
    /// ```
    pub fn zero(p: usize) -> SiteScore {
        SiteScore {
            loglik: 0.0,
            score: vec![0.0; p],
            information: vec![0.0; p * p],
        }
    }

    /// Adds another site's contribution.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::SiteScore;
    /// let mut a = SiteScore::zero(1);
    /// a.merge(&a.clone());
    /// assert_eq!(a.loglik, 0.0);
    /// ```
    pub fn merge(&mut self, other: &SiteScore) {
        self.loglik += other.loglik;
        for (a, b) in self.score.iter_mut().zip(&other.score) {
            *a += b;
        }
        for (a, b) in self.information.iter_mut().zip(&other.information) {
            *a += b;
        }
    }

    fn add_time(&mut self, risk: &Moments, t: &CoxTimeStats, ties: Ties) {
        let p = self.score.len();
        self.loglik += t.event_weta;
        for a in 0..p {
            self.score[a] += t.event_wx[a];
        }
        let (m, efron) = match ties {
            Ties::Efron if t.n_events > 1 => (t.n_events, true),
            _ => (1, false),
        };
        let share = t.event_weight / m as f64;
        for j in 0..m {
            let f = if efron { j as f64 / m as f64 } else { 0.0 };
            let s0 = risk.s0 - f * t.events.s0;
            let mean: Vec<f64> = (0..p)
                .map(|a| (risk.s1[a] - f * t.events.s1[a]) / s0)
                .collect();
            self.loglik -= share * s0.ln();
            for a in 0..p {
                self.score[a] -= share * mean[a];
                for b in 0..p {
                    let s2 = (risk.s2[a * p + b] - f * t.events.s2[a * p + b]) / s0;
                    self.information[a * p + b] += share * (s2 - mean[a] * mean[b]);
                }
            }
        }
    }
}

/// The Cox fit from partitions (simulated rounds, in one process).
///
/// # Example
/// ```
/// use return_migration::scale::{CoxPartition, DistributedCox};
/// let a = CoxPartition::new(vec![1.0, 3.0, 4.0], vec![true, true, false], vec![vec![1.0], vec![0.0], vec![1.0]]);
/// let b = CoxPartition::new(vec![2.0, 5.0], vec![true, true], vec![vec![0.0], vec![1.0]]);
/// let fit = DistributedCox::new().fit(&[a, b])?;
/// assert_eq!(fit.coef.len(), 1);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistributedCox {
    ties: Ties,
    max_iter: usize,
}

impl Default for DistributedCox {
    fn default() -> Self {
        DistributedCox {
            ties: Ties::Efron,
            max_iter: 100,
        }
    }
}

/// The result of a distributed Cox fit.
///
/// # Example
/// ```
/// use return_migration::scale::DistributedCoxFit;
/// let f = DistributedCoxFit { coef: vec![0.1], se: vec![0.2], loglik: -3.0, iterations: 4, rounds: 5 };
/// assert_eq!(f.rounds, 5);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistributedCoxFit {
    /// Coefficients.
    pub coef: Vec<f64>,
    /// Standard errors (inverse information).
    pub se: Vec<f64>,
    /// Partial log-likelihood at the estimate.
    pub loglik: f64,
    /// Newton iterations.
    pub iterations: usize,
    /// Rounds of messages (centring, then one per evaluation of β).
    pub rounds: usize,
}

impl DistributedCox {
    /// Efron ties, at most 100 iterations.
    ///
    /// # Example
    /// ```
    /// let _ = return_migration::scale::DistributedCox::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the tie handling.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Ties;
    /// let _ = return_migration::scale::DistributedCox::new().ties(Ties::Breslow);
    /// ```
    pub fn ties(mut self, ties: Ties) -> Self {
        self.ties = ties;
        self
    }

    /// Fits across partitions whose risk sets may overlap (a person's
    /// stratum, not its partition, decides the risk set): each round merges
    /// the per-time statistics of every partition.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::{CoxPartition, DistributedCox};
    /// let a = CoxPartition::new(vec![1.0, 2.0], vec![true, true], vec![vec![1.0], vec![0.0]]);
    /// let b = CoxPartition::new(vec![3.0], vec![true], vec![vec![1.0]]);
    /// assert!(DistributedCox::new().fit(&[a, b])?.coef[0].is_finite());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, parts: &[CoxPartition]) -> Result<DistributedCoxFit> {
        let ties = self.ties;
        self.newton(parts, |beta, center| {
            let mut merged: Option<CoxSiteStats> = None;
            for part in parts {
                let s = CoxSiteStats::compute(part, beta, center)?;
                match merged.as_mut() {
                    Some(m) => m.merge(&s)?,
                    None => merged = Some(s),
                }
            }
            Ok(merged.map_or(SiteScore::zero(beta.len()), |m| m.score(ties)))
        })
    }

    /// Fits the model stratified by site: partition `k` is site `k` and
    /// its own stratum (any strata inside a site are ignored), so every
    /// site evaluates its own [`SiteScore`] and the coordinator only adds
    /// them: one round of p² + p + 1 numbers per site per iteration.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::{CoxPartition, DistributedCox};
    /// let a = CoxPartition::new(vec![1.0, 2.0], vec![true, true], vec![vec![1.0], vec![0.0]]);
    /// let b = CoxPartition::new(vec![1.0, 2.0, 3.0], vec![true, false, true], vec![vec![0.0], vec![1.0], vec![0.5]]);
    /// assert!(DistributedCox::new().fit_stratified_by_site(&[a, b]).is_ok());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit_stratified_by_site(&self, parts: &[CoxPartition]) -> Result<DistributedCoxFit> {
        let ties = self.ties;
        self.newton(parts, |beta, center| {
            let mut total = SiteScore::zero(beta.len());
            for part in parts {
                let mut own = part.clone();
                own.strata = None;
                total.merge(&CoxSiteStats::compute(&own, beta, center)?.score(ties));
            }
            Ok(total)
        })
    }

    fn newton(
        &self,
        parts: &[CoxPartition],
        evaluate: impl Fn(&[f64], &[f64]) -> Result<SiteScore>,
    ) -> Result<DistributedCoxFit> {
        let p = parts
            .iter()
            .find_map(|q| q.x.first().map(Vec::len))
            .ok_or_else(|| Error::NoData {
                what: "no partition holds a person".to_string(),
            })?;
        // Round 0: the pooled means.
        let (mut sum, mut n) = (vec![0.0; p], 0.0);
        for part in parts {
            for row in &part.x {
                for (s, v) in sum.iter_mut().zip(row) {
                    *s += v;
                }
                n += 1.0;
            }
        }
        let center: Vec<f64> = sum.iter().map(|s| s / n).collect();
        let mut rounds = 1;
        let mut beta = vec![0.0; p];
        let mut current = evaluate(&beta, &center)?;
        rounds += 1;
        for iteration in 1..=self.max_iter {
            let info = Array2::from_shape_vec((p, p), current.information.clone())
                .map_err(|e| invalid("information", e.to_string()))?;
            let step = solve_spd(&info, &current.score).map_err(singular)?;
            let mut scale = 1.0;
            let (next_beta, next) = loop {
                let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + scale * s).collect();
                let at = evaluate(&trial, &center);
                rounds += 1;
                match at {
                    Ok(at)
                        if at.loglik.is_finite()
                            && at.loglik >= current.loglik - 1e-12 * current.loglik.abs() =>
                    {
                        break (trial, at);
                    }
                    _ if scale > 1e-10 => scale /= 2.0,
                    Ok(_) | Err(_) => {
                        return Err(Error::NoConvergence {
                            detail: "distributed Cox fit: step-halving failed".to_string(),
                        });
                    }
                }
            };
            let change = next_beta
                .iter()
                .zip(&beta)
                .map(|(a, b)| (a - b).abs() / (1.0 + b.abs()))
                .fold(0.0, f64::max);
            beta = next_beta;
            current = next;
            if change <= 1e-13 {
                let info = Array2::from_shape_vec((p, p), current.information.clone())
                    .map_err(|e| invalid("information", e.to_string()))?;
                let se = (0..p)
                    .map(|j| {
                        let mut e = vec![0.0; p];
                        e[j] = 1.0;
                        solve_spd(&info, &e)
                            .map(|col| col[j].sqrt())
                            .map_err(singular)
                    })
                    .collect::<Result<Vec<f64>>>()?;
                return Ok(DistributedCoxFit {
                    coef: beta,
                    se,
                    loglik: current.loglik,
                    iterations: iteration,
                    rounds,
                });
            }
        }
        Err(Error::NoConvergence {
            detail: format!(
                "distributed Cox fit: no convergence in {} iterations",
                self.max_iter
            ),
        })
    }
}
