//! The one pass that every estimator starts from: distinct exit times with
//! the (weighted) numbers at risk, of events and of censorings, per column
//! (a column is a group, or everything).

use super::data::{Cell, SortedTimes};

/// Counts at each distinct exit time of a set of cells, split into
/// `ncols` columns (row-major: `time index * ncols + column`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RiskSets {
    pub ncols: usize,
    pub time: Vec<f64>,
    pub n_risk: Vec<f64>,
    pub n_event: Vec<f64>,
    pub n_censor: Vec<f64>,
}

/// The distinct times of one cell with its events and censorings: a linear
/// merge of the cell's two sorted arrays.
struct Run {
    time: Vec<f64>,
    d: Vec<f64>,
    c: Vec<f64>,
}

/// Length of the run of equal keys starting at `k`.
fn run_length(bits: &[u64], k: usize) -> usize {
    let key = bits[k];
    bits[k..].iter().take_while(|&&b| b == key).count()
}

fn run_of(cell: &Cell) -> Run {
    let (e, c) = (&cell.events, &cell.censored);
    let cap = (e.len() + c.len()).min(1 << 20);
    let mut run = Run {
        time: Vec::with_capacity(cap),
        d: Vec::with_capacity(cap),
        c: Vec::with_capacity(cap),
    };
    // Sum of the weights of the run of `t` starting at `*k` (its length when unweighted).
    let take = |s: &SortedTimes, k: &mut usize, t: u64| -> f64 {
        if *k >= s.len() || s.bits[*k] != t {
            return 0.0;
        }
        let len = run_length(&s.bits, *k);
        let total = match &s.weight {
            None => len as f64,
            Some(w) => w[*k..*k + len].iter().sum(),
        };
        *k += len;
        total
    };
    let (mut i, mut j) = (0, 0);
    loop {
        let t = match (e.bits.get(i), c.bits.get(j)) {
            (Some(&a), Some(&b)) => a.min(b),
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (None, None) => break,
        };
        run.time.push(f64::from_bits(t));
        run.d.push(take(e, &mut i, t));
        run.c.push(take(c, &mut j, t));
    }
    run
}

impl RiskSets {
    /// Builds the risk sets of `cells`, cell `c` counting in column
    /// `column(c)`. A subject is at risk at t when entry < t ≤ exit: at each
    /// time, events and censorings at t are counted in the risk set, a
    /// subject entering at t is not. Numbers at risk are accumulated in
    /// reverse time order. Cost: linear in the number of subjects, times the
    /// number of cells for the merge of their distinct times.
    pub fn build(cells: &[&Cell], ncols: usize, column: impl Fn(&Cell) -> usize) -> RiskSets {
        let runs: Vec<Run> = cells.iter().map(|c| run_of(c)).collect();
        let cols: Vec<usize> = cells.iter().map(|c| column(c)).collect();
        let mut out = if runs.len() == 1 && ncols == 1 {
            let Run { time, d, c } = runs.into_iter().next().unwrap_or(Run {
                time: Vec::new(),
                d: Vec::new(),
                c: Vec::new(),
            });
            RiskSets {
                ncols,
                time,
                n_risk: Vec::new(),
                n_event: d,
                n_censor: c,
            }
        } else {
            let mut out = RiskSets {
                ncols,
                time: Vec::new(),
                n_risk: Vec::new(),
                n_event: Vec::new(),
                n_censor: Vec::new(),
            };
            let mut head = vec![0_usize; runs.len()];
            loop {
                let mut t = f64::INFINITY;
                let mut any = false;
                for (r, run) in runs.iter().enumerate() {
                    if let Some(&x) = run.time.get(head[r]) {
                        any = true;
                        if x < t {
                            t = x;
                        }
                    }
                }
                if !any {
                    break;
                }
                out.time.push(t);
                let base = out.n_event.len();
                out.n_event.extend(std::iter::repeat_n(0.0, ncols));
                out.n_censor.extend(std::iter::repeat_n(0.0, ncols));
                for (r, run) in runs.iter().enumerate() {
                    if run.time.get(head[r]) == Some(&t) {
                        out.n_event[base + cols[r]] += run.d[head[r]];
                        out.n_censor[base + cols[r]] += run.c[head[r]];
                        head[r] += 1;
                    }
                }
            }
            out
        };
        // Backward: at risk = exits at or after t − entries at or after t.
        let nt = out.time.len();
        out.n_risk = vec![0.0; nt * ncols];
        let mut exits = vec![0.0; ncols];
        let mut entered_later = vec![0.0; ncols];
        let mut entry_pos: Vec<usize> = cells
            .iter()
            .map(|c| c.entries.as_ref().map_or(0, SortedTimes::len))
            .collect();
        for j in (0..nt).rev() {
            let t = out.time[j];
            for (r, cell) in cells.iter().enumerate() {
                if let Some(entries) = &cell.entries {
                    let k = &mut entry_pos[r];
                    while *k > 0 && entries.time(*k - 1) >= t {
                        entered_later[cols[r]] += entries.weight(*k - 1);
                        *k -= 1;
                    }
                }
            }
            for g in 0..ncols {
                let cell = j * ncols + g;
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
