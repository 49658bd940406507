//! The one pass that every estimator starts from: distinct exit times with
//! the (weighted) numbers at risk, of events and of censorings, per column
//! (a column is a group, or everything).

use super::data::{Cell, SortedTimes};

/// Above this many cells into one column, the cells are merged first.
const MERGE_ABOVE: usize = 8;

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

/// The distinct times of one cell with its events and censorings: one
/// linear pass over the cell's sorted exit keys.
struct Run {
    time: Vec<f64>,
    d: Vec<f64>,
    c: Vec<f64>,
}

fn run_of(cell: &Cell) -> Run {
    let exits = &cell.exits;
    let keys = &exits.keys;
    let cap = keys.len().min(1 << 20);
    let mut run = Run {
        time: Vec::with_capacity(cap),
        d: Vec::with_capacity(cap),
        c: Vec::with_capacity(cap),
    };
    let mut k = 0;
    while k < keys.len() {
        let t = keys[k] >> 1;
        let (mut d, mut c) = (0.0, 0.0);
        match &exits.weight {
            None => {
                // Keys of a time are its events (flag 0) then its censorings.
                let start = k;
                while k < keys.len() && keys[k] == t << 1 {
                    k += 1;
                }
                d = (k - start) as f64;
                let start = k;
                while k < keys.len() && keys[k] == (t << 1) | 1 {
                    k += 1;
                }
                c = (k - start) as f64;
            }
            Some(w) => {
                while k < keys.len() && keys[k] >> 1 == t {
                    if keys[k] & 1 == 0 {
                        d += w[k];
                    } else {
                        c += w[k];
                    }
                    k += 1;
                }
            }
        }
        run.time.push(f64::from_bits(t));
        run.d.push(d);
        run.c.push(c);
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
        // Many cells into one column (a group over many strata): merge them
        // into one sorted cell first (n log n), rather than scanning every
        // cell at every time (times × cells).
        if ncols == 1 && cells.len() > MERGE_ABOVE {
            let mut merged = cells[0].clone();
            for c in &cells[1..] {
                merged.exits.extend(&c.exits);
                if let (Some(a), Some(b)) = (merged.entries.as_mut(), c.entries.as_ref()) {
                    a.extend(b);
                }
            }
            merged.exits.sort();
            if let Some(e) = merged.entries.as_mut() {
                e.sort();
            }
            let one: fn(&Cell) -> usize = |_| 0;
            return RiskSets::build(&[&merged], 1, one);
        }
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
