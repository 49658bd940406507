//! Estimators computed from a (merged) risk-set summary: Kaplan–Meier and
//! Nelson–Aalen ([`KaplanMeierFit`], the same code as [`KaplanMeier::fit`]), the
//! log-rank/G(ρ) test (the same code as [`LogRank::fit`]), Aalen–Johansen
//! cumulative incidence, and the actuarial life table.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::summary::{CellSummary, RiskSetSummary};
use crate::error::{Error, Result, invalid};
use crate::survival::{
    KaplanMeier, KaplanMeierFit, LifeTable, LifeTableBand, LogRank, LogRankTest, RiskSets, SurvData,
};

/// Counts at each distinct exit time of `cells`, cell `c` in column
/// `column(c)`: at risk at t = exits at or after t − entries at or after t
/// (entry < t ≤ exit), as the single-pass estimators count.
fn risk_sets(
    cells: &[&CellSummary],
    ncols: usize,
    column: impl Fn(&CellSummary) -> usize,
    weighted: bool,
) -> RiskSets {
    let mut cols = vec![CellSummary::default(); ncols];
    for c in cells {
        cols[column(c)].merge_cell(c);
    }
    let mut time: Vec<f64> = cols
        .iter()
        .flat_map(|c| c.times.iter().filter(|t| t.exits() > 0).map(|t| t.time))
        .collect();
    time.sort_unstable_by(f64::total_cmp);
    time.dedup();
    let nt = time.len();
    let mut out = RiskSets {
        ncols,
        n_risk: vec![0.0; nt * ncols],
        n_event: vec![0.0; nt * ncols],
        n_censor: vec![0.0; nt * ncols],
        time,
    };
    for (g, col) in cols.iter().enumerate() {
        let (mut k, mut exits, mut entered_later) = (col.times.len(), 0.0, 0.0);
        for j in (0..nt).rev() {
            let t = out.time[j];
            while k > 0 && col.times[k - 1].time >= t {
                let row = &col.times[k - 1];
                entered_later += row.entering.value(weighted);
                if row.time == t {
                    let d: f64 = row.events.iter().map(|e| e.value(weighted)).sum();
                    let c = row.censored.value(weighted);
                    out.n_event[j * ncols + g] = d;
                    out.n_censor[j * ncols + g] = c;
                    exits += d + c;
                }
                k -= 1;
            }
            out.n_risk[j * ncols + g] = exits - entered_later;
        }
    }
    out
}

/// One row of the cumulative incidence table (the `cuminc` pipeline's
/// columns).
///
/// # Example
/// ```
/// use return_migration::scale::RiskSetSummary;
/// let s = RiskSetSummary::from_columns(&[1.0, 2.0], &[1, 2], None, None, None, None)?;
/// let rows = s.cumulative_incidence()?;
/// assert_eq!((rows[0].cause, rows[0].time, rows[0].cif), (1, 1.0, 0.5));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CifRow {
    /// Group label (empty without groups).
    pub group: String,
    /// The cause.
    pub cause: u32,
    /// A distinct time with at least one event (any cause) in the group.
    pub time: f64,
    /// Aalen–Johansen cumulative incidence Σ_{s≤t} S(s−)·d_k(s)/n(s).
    pub cif: f64,
}

impl fmt::Display for CifRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{},{},{},{}",
            self.group, self.cause, self.time, self.cif
        )
    }
}

fn no_data() -> Error {
    Error::NoData {
        what: "the risk-set summary holds no person".to_string(),
    }
}

impl RiskSetSummary {
    fn cells_of_group(&self, group: &str) -> Vec<&CellSummary> {
        self.cells.iter().filter(|c| c.group == group).collect()
    }

    /// Kaplan–Meier with Greenwood intervals and Nelson–Aalen by group
    /// (strata pooled), as [`KaplanMeier::fit`] on the pooled data: the
    /// same table, bit for bit for unweighted data.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// use return_migration::survival::KaplanMeier;
    /// let s = RiskSetSummary::from_columns(&[1.0, 2.0, 2.0], &[1, 1, 0], None, None, None, None)?;
    /// let fit = s.kaplan_meier(&KaplanMeier::new())?;
    /// assert_eq!(fit.curves[0].rows[1].n_risk, 2.0);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn kaplan_meier(&self, km: &KaplanMeier) -> Result<KaplanMeierFit> {
        let z = km.z()?;
        if self.cells.is_empty() {
            return Err(no_data());
        }
        let curves = self
            .group_labels()
            .iter()
            .map(|g| {
                let risk = risk_sets(&self.cells_of_group(g), 1, |_| 0, self.weighted);
                km.curve_from_risk(&risk, g, z)
            })
            .collect();
        Ok(km.survfit(curves))
    }

    /// The log-rank / G(ρ) test across groups, stratified by the summary's
    /// strata, as [`LogRank::fit`] (which, like R's `survdiff`, takes
    /// neither delayed entry nor weights).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// use return_migration::survival::LogRank;
    /// let s = RiskSetSummary::from_columns(&[1.0, 2.0, 3.0, 4.0], &[1, 1, 1, 0], None, None,
    ///     Some(&["a", "b", "a", "b"]), None)?;
    /// assert_eq!(s.log_rank(&LogRank::new())?.df, 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn log_rank(&self, test: &LogRank) -> Result<LogRankTest> {
        if self.has_entries() || self.weighted {
            return Err(invalid(
                "data",
                "the log-rank test here (as R's survdiff) takes neither delayed entry nor case weights",
            ));
        }
        if self.cells.is_empty() {
            return Err(no_data());
        }
        // The test needs only per-time counts; without entries and
        // weights the summary is the data up to row order, so the rows are
        // laid out again and the crate's own test runs on them.
        let labels = self.group_labels();
        let strata_used = self.strata_labels().iter().any(|s| !s.is_empty());
        let (mut time, mut event, mut codes, mut strata) = (vec![], vec![], vec![], vec![]);
        for c in &self.cells {
            let code = labels.partition_point(|l| l < &c.group) as u32;
            for t in &c.times {
                let d = t.event_count() as usize;
                let n = d + t.censored.count as usize;
                time.extend(std::iter::repeat_n(t.time, n));
                event.extend(std::iter::repeat_n(1_i64, d));
                event.extend(std::iter::repeat_n(0_i64, n - d));
                codes.extend(std::iter::repeat_n(code, n));
                if strata_used {
                    strata.extend(std::iter::repeat_n(c.stratum.clone(), n));
                }
            }
        }
        let mut b = SurvData::builder(time, event).group_codes(codes, labels);
        if strata_used {
            b = b.strata(strata);
        }
        test.fit(&b.build()?)
    }

    /// Aalen–Johansen cumulative incidence of every cause by group (strata
    /// pooled), with S the all-cause Kaplan–Meier of the group: the rows of
    /// the `cuminc` pipeline (group, cause, time with any event).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[1.0, 2.0, 3.0], &[2, 1, 0], None, None, None, None)?;
    /// let rows = s.cumulative_incidence()?;
    /// // cause 1 at time 2: S(2−) = 2/3, one event of 2 at risk
    /// assert!((rows[1].cif - 2.0 / 3.0 * 0.5).abs() < 1e-15);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn cumulative_incidence(&self) -> Result<Vec<CifRow>> {
        if self.cells.is_empty() {
            return Err(no_data());
        }
        let causes = self.causes();
        let mut out = Vec::new();
        for g in self.group_labels() {
            let cells = self.cells_of_group(&g);
            let mut merged = CellSummary::default();
            for c in &cells {
                merged.merge_cell(c);
            }
            let risk = risk_sets(&[&merged], 1, |_| 0, self.weighted);
            let exits: Vec<_> = merged.times.iter().filter(|t| t.exits() > 0).collect();
            let mut s = 1.0_f64;
            let mut cif = vec![0.0_f64; causes.len()];
            let mut rows: Vec<Vec<CifRow>> = vec![Vec::new(); causes.len()];
            for (j, row) in exits.iter().enumerate() {
                if row.event_count() == 0 {
                    continue;
                }
                let n = risk.n_risk[j];
                let d = risk.n_event[j];
                for (k, &cause) in causes.iter().enumerate() {
                    let dk = row
                        .events
                        .get(cause as usize - 1)
                        .map_or(0.0, |e| e.value(self.weighted));
                    cif[k] += s * dk / n;
                    rows[k].push(CifRow {
                        group: g.clone(),
                        cause,
                        time: row.time,
                        cif: cif[k],
                    });
                }
                s *= 1.0 - d / n;
            }
            out.extend(rows.into_iter().flatten());
        }
        Ok(out)
    }

    /// The actuarial life table of everybody (groups and strata pooled) on
    /// `breaks`, as [`Actuarial::fit`](crate::survival::Actuarial::fit).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[0.5, 1.5, 1.7, 3.0], &[1, 0, 1, 1], None, None, None, None)?;
    /// let lt = s.life_table(&[0.0, 1.0, 2.0])?;
    /// assert_eq!((lt.rows[1].events, lt.rows[1].withdrawn), (1.0, 1.0));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn life_table(&self, breaks: &[f64]) -> Result<LifeTable> {
        if self.has_entries() {
            return Err(invalid(
                "data",
                "the actuarial life table here does not take delayed entry",
            ));
        }
        if breaks.is_empty() || breaks.iter().any(|b| !b.is_finite()) {
            return Err(invalid("breaks", "need at least one finite break"));
        }
        if breaks.windows(2).any(|w| w[1] <= w[0]) {
            return Err(invalid("breaks", "must be strictly increasing"));
        }
        if self.cells.is_empty() {
            return Err(no_data());
        }
        let mut merged = CellSummary::default();
        for c in &self.cells {
            merged.merge_cell(c);
        }
        let mut bands: Vec<LifeTableBand> = breaks
            .iter()
            .enumerate()
            .map(|(j, &start)| LifeTableBand {
                start,
                end: breaks.get(j + 1).copied(),
                events: 0.0,
                withdrawn: 0.0,
            })
            .collect();
        let mut total = 0.0;
        for row in merged.times.iter().filter(|t| t.exits() > 0) {
            let t = row.time;
            if t < breaks[0] {
                return Err(invalid(
                    "breaks",
                    format!("time {t} is before the first break {}", breaks[0]),
                ));
            }
            let j = breaks.partition_point(|&b| b <= t) - 1;
            let d: f64 = row.events.iter().map(|e| e.value(self.weighted)).sum();
            let c = row.censored.value(self.weighted);
            bands[j].events += d;
            bands[j].withdrawn += c;
            total += d + c;
        }
        LifeTable::from_counts(total, &bands)
    }
}
