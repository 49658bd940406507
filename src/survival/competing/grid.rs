//! The distinct exit times of one group with the weighted numbers at risk,
//! of events per cause and of censorings, and every subject's entry slot.

use super::data::StatusCell;

/// Distinct exit times of the group's cells with the weighted counts.
pub(crate) struct Grid {
    /// The times as bits, ascending.
    pub bits: Vec<u64>,
    /// At risk just before each time.
    pub n_risk: Vec<f64>,
    /// Censorings at each time.
    pub n_censor: Vec<f64>,
    /// Events, `time index * causes + cause index`.
    pub n_event: Vec<f64>,
    /// Entry slot of every subject (time index from which it is at risk),
    /// per cell; empty without delayed entry (all slots are 0).
    pub slots: Vec<Vec<u32>>,
}

pub(crate) fn grid(cells: &[&StatusCell], k: usize) -> Grid {
    let mut head = vec![0_usize; cells.len()];
    let (mut bits, mut n_censor, mut n_event, mut exit_w) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    loop {
        let t = cells
            .iter()
            .zip(&head)
            .filter_map(|(c, &h)| c.exit.get(h).copied())
            .min();
        let Some(t) = t else { break };
        bits.push(t);
        n_censor.push(0.0);
        n_event.extend(std::iter::repeat_n(0.0, k));
        let mut out = 0.0;
        for (c, h) in cells.iter().zip(head.iter_mut()) {
            let len = c.exit[*h..].iter().take_while(|&&b| b == t).count();
            if len == 0 {
                continue;
            }
            let w = match &c.weight {
                None => len as f64,
                Some(w) => w[*h..*h + len].iter().sum(),
            };
            *h += len;
            out += w;
            // Cannot fail: a zero was pushed to `n_censor` for this time above.
            match c.status {
                0 => *n_censor.last_mut().expect("pushed") += w,
                s => {
                    let at = n_event.len() - k + s as usize - 1;
                    n_event[at] += w;
                }
            }
        }
        exit_w.push(out);
    }
    let nt = bits.len();
    let mut enter_w = vec![0.0; nt + 1];
    let slots: Vec<Vec<u32>> = cells
        .iter()
        .map(|c| match &c.entry {
            None => Vec::new(),
            Some(entry) => entry
                .iter()
                .enumerate()
                .map(|(i, &a)| {
                    let e = bits.partition_point(|&b| b <= a);
                    enter_w[e] += c.weight(i);
                    e as u32
                })
                .collect(),
        })
        .collect();
    // At risk at t_j: exits at or after t_j minus entries at or after t_j
    // (slot > j), accumulated in reverse.
    let mut n_risk = vec![0.0; nt];
    let (mut exits, mut later) = (0.0, 0.0);
    for j in (0..nt).rev() {
        later += enter_w[j + 1];
        exits += exit_w[j];
        n_risk[j] = exits - later;
    }
    Grid {
        bits,
        n_risk,
        n_censor,
        n_event,
        slots,
    }
}
