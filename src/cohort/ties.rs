//! Times computed from dates carry rounding noise: two durations of the
//! same number of days, computed from different dates on the decimal-year
//! axis, can differ in the last bits (e.g. 0.06557377049171009 and
//! 0.06557377049193747). The estimators treat only exactly equal `f64`
//! values as tied (R's `timefix = FALSE`), so the builder merges such
//! values before it hands rows on: all times of a build are sorted once,
//! runs of values each within [`TIE_TOLERANCE`] years of the previous one
//! become one cluster, and every value takes its cluster's smallest value.
//! Dates have a resolution of a day (≈ 0.0027 years), far above the
//! tolerance, so distinct dates are never merged.

use super::rows::{CountingRow, SpellRow};

/// Largest gap, in years (≈ 0.03 s), between two times that are merged as
/// the same time.
pub const TIE_TOLERANCE: f64 = 1e-9;

/// Rows whose times can be merged.
pub(crate) trait TimedRow {
    /// The row's (start, end) times.
    fn span(&self) -> (f64, f64);
    /// Sets them.
    fn set_span(&mut self, start: f64, end: f64);
}

impl TimedRow for SpellRow {
    fn span(&self) -> (f64, f64) {
        (self.entry, self.exit)
    }
    fn set_span(&mut self, start: f64, end: f64) {
        self.entry = start;
        self.exit = end;
    }
}

impl TimedRow for CountingRow {
    fn span(&self) -> (f64, f64) {
        (self.start, self.stop)
    }
    fn set_span(&mut self, start: f64, end: f64) {
        self.start = start;
        self.stop = end;
    }
}

/// Merges times closer than [`TIE_TOLERANCE`] (see the module notes). A
/// row whose start and end would meet keeps its own times.
pub(crate) fn merge_near_ties<R: TimedRow>(rows: &mut [R]) {
    let mut values: Vec<f64> = rows
        .iter()
        .flat_map(|r| {
            let (a, b) = r.span();
            [a, b]
        })
        .collect();
    values.sort_unstable_by(f64::total_cmp);
    values.dedup();
    // representative[i]: the smallest value of the cluster of values[i]
    let mut representative = Vec::with_capacity(values.len());
    let mut needed = false;
    for (i, &v) in values.iter().enumerate() {
        let rep = if i > 0 && v - values[i - 1] <= TIE_TOLERANCE {
            needed = true;
            representative[i - 1]
        } else {
            v
        };
        representative.push(rep);
    }
    if !needed {
        return;
    }
    let snap = |t: f64| {
        let i = values.partition_point(|&v| v < t);
        representative[i]
    };
    for r in rows.iter_mut() {
        let (a, b) = r.span();
        let (a2, b2) = (snap(a), snap(b));
        if a2 < b2 {
            r.set_span(a2, b2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(entry: f64, exit: f64) -> SpellRow {
        SpellRow::spell(entry, exit, None)
    }

    #[test]
    fn noise_from_date_arithmetic_becomes_one_time() {
        let (a, b) = (0.06557377049171009, 0.06557377049193747);
        let mut rows = vec![spell(0.0, b), spell(0.0, a), spell(0.0, 1.0)];
        merge_near_ties(&mut rows);
        let exits: Vec<f64> = rows.iter().map(|r| r.exit).collect();
        assert_eq!(exits, vec![a, a, 1.0]);
    }

    #[test]
    fn times_a_day_apart_stay_distinct() {
        let day = 1.0 / 366.0;
        let mut rows = vec![spell(0.0, 0.5), spell(0.0, 0.5 + day)];
        merge_near_ties(&mut rows);
        assert_eq!((rows[0].exit, rows[1].exit), (0.5, 0.5 + day));
    }

    #[test]
    fn a_row_never_collapses() {
        let mut rows = vec![spell(1.0, 1.0 + 1e-10), spell(0.0, 1.0)];
        merge_near_ties(&mut rows);
        assert_eq!((rows[0].entry, rows[0].exit), (1.0, 1.0 + 1e-10));
    }
}
