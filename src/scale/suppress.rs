//! Small-cell suppression of a risk-set summary, for disclosure control.
//!
//! The rule, with threshold k: within each stratum × group, consecutive
//! distinct times are pooled into blocks, each block released at its last
//! time, so that every released count of leaving persons (events of all
//! causes plus censorings) is at least k, and every released count of
//! entering persons is 0 or at least k; a last block short of k joins the
//! one before it; a stratum × group with fewer than k persons in all is
//! withheld (named, without counts). Counts by cause within a released
//! block are released as they are.
//!
//! What this does to the estimates: they are the estimates of the same
//! data with every time moved up to the end of its block, i.e. on a
//! coarser time grid. Kaplan–Meier and Nelson–Aalen are then exact at the
//! block ends only when no one is censored inside a block before an event
//! of the same block (otherwise the censored count as at risk at the
//! pooled events, as R does for ties: the curve is slightly higher); the
//! log-rank test and Aalen–Johansen are those of the coarsened times;
//! persons who enter and leave within one block are not counted at risk
//! at any released time; a withheld cell is absent from every estimate.
//! Suppressed summaries still merge exactly, but the merged estimate is
//! that of the coarsened data, not of the original.

use serde::{Deserialize, Serialize};

use super::summary::{CellSummary, RiskSetSummary, TimeTally};

/// A cell left out by [`RiskSetSummary::suppress`].
///
/// # Example
/// ```
/// let w = return_migration::scale::WithheldCell { stratum: String::new(), group: "a".into() };
/// assert_eq!(w.group, "a");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WithheldCell {
    /// Stratum label.
    pub stratum: String,
    /// Group label.
    pub group: String,
}

/// A summary after small-cell suppression, with what was withheld.
///
/// # Example
/// ```
/// use return_migration::scale::RiskSetSummary;
/// let s = RiskSetSummary::from_columns(&[1.0, 2.0], &[1, 1], None, None, None, None)?;
/// let out = s.suppress(5);
/// assert_eq!(out.withheld.len(), 1);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suppressed {
    /// The threshold k.
    pub min_count: u64,
    /// The releasable summary.
    pub summary: RiskSetSummary,
    /// Cells with fewer than k persons, left out.
    pub withheld: Vec<WithheldCell>,
}

fn block_ok(b: &TimeTally, k: u64) -> bool {
    b.exits() >= k && (b.entering.count == 0 || b.entering.count >= k)
}

fn pool(cell: &CellSummary, k: u64) -> Vec<TimeTally> {
    let mut out: Vec<TimeTally> = Vec::new();
    let mut open: Option<TimeTally> = None;
    for row in &cell.times {
        let mut b = open.take().unwrap_or_default();
        b.merge(row);
        b.time = row.time;
        if block_ok(&b, k) {
            out.push(b);
        } else {
            open = Some(b);
        }
    }
    if let Some(rest) = open {
        match out.last_mut() {
            Some(last) => {
                last.merge(&rest);
                last.time = rest.time;
            }
            None => out.push(rest),
        }
    }
    out
}

impl RiskSetSummary {
    /// Applies the small-cell rule with threshold `min_count` (k): within
    /// each stratum × group, consecutive distinct times are pooled into
    /// blocks released at their last time, so that no released count of
    /// persons leaving (events + censorings) or entering lies in 1..k−1; a
    /// last block short of k joins the one before; a stratum × group of
    /// fewer than k persons is withheld. The estimates become those of the
    /// data with times moved up to the end of their block (see the README
    /// section *Scale*). `min_count` 0 or 1 changes nothing.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let t: Vec<f64> = (1..=10).map(f64::from).collect();
    /// let s = RiskSetSummary::from_columns(&t, &[1; 10], None, None, None, None)?;
    /// let out = s.suppress(3);
    /// let released: Vec<(f64, u64)> =
    ///     out.summary.cells[0].times.iter().map(|r| (r.time, r.exits())).collect();
    /// assert_eq!(released, vec![(3.0, 3), (6.0, 3), (10.0, 4)]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn suppress(&self, min_count: u64) -> Suppressed {
        let mut summary = RiskSetSummary {
            weighted: self.weighted,
            cells: Vec::new(),
        };
        let mut withheld = Vec::new();
        for cell in &self.cells {
            if cell.persons() < min_count {
                withheld.push(WithheldCell {
                    stratum: cell.stratum.clone(),
                    group: cell.group.clone(),
                });
                continue;
            }
            summary.cells.push(CellSummary {
                stratum: cell.stratum.clone(),
                group: cell.group.clone(),
                initial: cell.initial.clone(),
                times: pool(cell, min_count),
            });
        }
        Suppressed {
            min_count,
            summary,
            withheld,
        }
    }
}
