//! Kaplan–Meier at one time for bootstrap replicates: rows sorted once,
//! each replicate a vector of multiplicities, each evaluation one linear pass.

use super::rows::SpellRow;
use crate::num::rng::Rng;

/// Spell rows prepared for repeated evaluation of S(h) under integer
/// case weights (bootstrap multiplicities).
#[derive(Debug, Clone)]
pub(crate) struct KmAtHorizon {
    /// (exit, event, row) of rows exiting by the horizon, by exit.
    exits: Vec<(f64, bool, u32)>,
    /// (entry, row) of all rows, by entry (empty when every entry is 0).
    entries: Vec<(f64, u32)>,
}

impl KmAtHorizon {
    pub(crate) fn new(rows: &[SpellRow], horizon: f64) -> Self {
        let mut exits: Vec<(f64, bool, u32)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.exit <= horizon)
            .map(|(i, r)| (r.exit, r.event(), i as u32))
            .collect();
        exits.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut entries: Vec<(f64, u32)> = Vec::new();
        if rows.iter().any(|r| r.entry != 0.0) {
            entries = rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.entry, i as u32))
                .collect();
            entries.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        KmAtHorizon { exits, entries }
    }

    /// S(horizon) with case weights `w` (one per row): the product over
    /// event times t ≤ horizon of 1 − d(t)/n(t), n(t) the weight with
    /// entry < t ≤ exit, d(t) the weight of events at t (R's tie rules).
    pub(crate) fn survival(&self, w: &[u32]) -> f64 {
        let total: u64 = if self.entries.is_empty() {
            w.iter().map(|&c| u64::from(c)).sum()
        } else {
            0
        };
        let (mut entered, mut exited) = (total, 0_u64);
        let (mut e, mut i) = (0, 0);
        let mut s = 1.0;
        while i < self.exits.len() {
            let t = self.exits[i].0;
            while e < self.entries.len() && self.entries[e].0 < t {
                entered += u64::from(w[self.entries[e].1 as usize]);
                e += 1;
            }
            let (mut d, mut out) = (0_u64, 0_u64);
            let mut j = i;
            while j < self.exits.len() && self.exits[j].0 == t {
                let c = u64::from(w[self.exits[j].2 as usize]);
                out += c;
                if self.exits[j].1 {
                    d += c;
                }
                j += 1;
            }
            let at_risk = entered - exited;
            if d > 0 && at_risk > 0 {
                s *= 1.0 - d as f64 / at_risk as f64;
            }
            exited += out;
            i = j;
        }
        s
    }
}

/// Multiplicities of a bootstrap resample of n units (n draws with replacement).
pub(crate) fn multiplicities(rng: &mut Rng, n: usize, out: &mut Vec<u32>) {
    out.clear();
    out.resize(n, 0);
    for _ in 0..n {
        out[rng.below(n as u64) as usize] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::Channel;
    use crate::survival::{KaplanMeier, SurvData};

    fn row(entry: f64, exit: f64, event: bool) -> SpellRow {
        SpellRow::spell(entry, exit, event.then_some(Channel::Irregular))
    }

    #[test]
    fn weighted_survival_equals_kaplan_meier_with_case_weights() {
        let rows = vec![
            row(0.0, 0.5, true),
            row(0.0, 1.0, false),
            row(0.0, 1.0, true),
            row(0.5, 1.5, true),
            row(0.0, 2.0, true),
            row(1.0, 2.0, false),
            row(0.0, 3.0, false),
            row(2.0, 2.5, true),
        ];
        let mut rng = Rng::new(17);
        let mut w = Vec::new();
        for h in [0.75, 1.0, 1.5, 2.0, 2.75] {
            let km = KmAtHorizon::new(&rows, h);
            for _ in 0..20 {
                multiplicities(&mut rng, rows.len(), &mut w);
                let keep: Vec<usize> = (0..rows.len()).filter(|&i| w[i] > 0).collect();
                let data = SurvData::builder(
                    keep.iter().map(|&i| rows[i].exit).collect(),
                    keep.iter().map(|&i| i64::from(rows[i].event())).collect(),
                )
                .entry(keep.iter().map(|&i| rows[i].entry).collect())
                .weights(keep.iter().map(|&i| f64::from(w[i])).collect())
                .build()
                .unwrap();
                let fit = KaplanMeier::new().fit(&data).unwrap();
                let want = fit.curves[0].at_times(&[h]).unwrap()[0].survival;
                assert!((km.survival(&w) - want).abs() < 1e-15, "h {h} w {w:?}");
            }
        }
    }
}
