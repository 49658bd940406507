//! The one pass that every estimator starts from: distinct exit times with
//! the (weighted) numbers at risk, of events and of censorings, per group.

use super::data::SurvData;

/// Counts at each distinct exit time of a set of subjects, split into
/// `ngroups` columns (row-major: `time index * ngroups + group`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RiskSets {
    pub ngroups: usize,
    pub time: Vec<f64>,
    pub n_risk: Vec<f64>,
    pub n_event: Vec<f64>,
    pub n_censor: Vec<f64>,
}

impl RiskSets {
    /// Builds the risk sets of the subjects at `positions` (ascending exit
    /// order, as stored in `SurvData`), with `entries` the same subjects in
    /// ascending entry order (when the data have entries), and `column`
    /// giving each position's group column in `0..ngroups`.
    ///
    /// A subject is at risk at t when entry < t ≤ exit: at each time, events
    /// and censorings at t are counted in the risk set, a subject entering at
    /// t is not. Numbers at risk are accumulated in reverse time order.
    pub fn build(
        data: &SurvData,
        positions: &[u32],
        entries: Option<&[u32]>,
        ngroups: usize,
        column: impl Fn(usize) -> usize,
    ) -> RiskSets {
        let times = data.times();
        let events = data.events();
        let mut out = RiskSets {
            ngroups,
            time: Vec::new(),
            n_risk: Vec::new(),
            n_event: Vec::new(),
            n_censor: Vec::new(),
        };
        // Forward: aggregate events and censorings per distinct time.
        let mut last = f64::NAN;
        for &p in positions {
            let p = p as usize;
            let t = times[p];
            if t != last {
                out.time.push(t);
                out.n_event.extend(std::iter::repeat_n(0.0, ngroups));
                out.n_censor.extend(std::iter::repeat_n(0.0, ngroups));
                last = t;
            }
            let cell = (out.time.len() - 1) * ngroups + column(p);
            let w = data.weight_at(p);
            if events[p] {
                out.n_event[cell] += w;
            } else {
                out.n_censor[cell] += w;
            }
        }
        // Backward: at risk = exits at or after t − entries at or after t.
        let nt = out.time.len();
        out.n_risk = vec![0.0; nt * ngroups];
        let mut exits = vec![0.0; ngroups];
        let mut entered_later = vec![0.0; ngroups];
        let entry_times = data.entries();
        let mut k = entries.map_or(0, <[u32]>::len);
        for j in (0..nt).rev() {
            let t = out.time[j];
            if let (Some(order), Some(entry_times)) = (entries, entry_times) {
                while k > 0 && entry_times[order[k - 1] as usize] >= t {
                    let p = order[k - 1] as usize;
                    entered_later[column(p)] += data.weight_at(p);
                    k -= 1;
                }
            }
            for g in 0..ngroups {
                let cell = j * ngroups + g;
                exits[g] += out.n_event[cell] + out.n_censor[cell];
                out.n_risk[cell] = exits[g] - entered_later[g];
            }
        }
        out
    }

    /// Number of distinct times.
    pub fn len(&self) -> usize {
        self.time.len()
    }
}
