//! What the sweep records at every distinct exit time, at the final β, for
//! the baseline hazard, the score residuals and predicted survival.

use super::ties::TieSums;

/// Records per distinct exit time, strata in order, ascending time within a
/// stratum. Hazard quantities are in the units of the stratum's shifted
/// risk scores exp(η − shift).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct TimeTable {
    pub p: usize,
    pub time: Vec<f64>,
    pub n_risk: Vec<f64>,
    pub n_event: Vec<f64>,
    pub n_censor: Vec<f64>,
    /// Σₖ w̄/d₂ₖ: the hazard increment (tie-corrected for Efron).
    pub hazard: Vec<f64>,
    /// Σₖ w̄/d₂ₖ²: its variance term.
    pub hazard_var: Vec<f64>,
    /// Σₖ w̄·x̄ₖ/d₂ₖ (p per time).
    pub xbar_hazard: Vec<f64>,
    /// Σₖ (1 − k/d)·w̄/d₂ₖ: the hazard a tied event row is exposed to.
    pub death_hazard: Vec<f64>,
    /// Σₖ (1 − k/d)·w̄·x̄ₖ/d₂ₖ (p per time).
    pub death_xbar_hazard: Vec<f64>,
    /// The mean over k of x̄ₖ (p per time).
    pub death_xbar: Vec<f64>,
    /// The information contribution of each time (upper triangle packed by
    /// rows, p·(p + 1)/2 per time), when recorded with the information.
    pub info: Vec<f64>,
    /// Whether `info` is recorded.
    pub with_info: bool,
    /// The shift of each stratum: risk scores are exp(η − shift).
    pub shift: Vec<f64>,
    /// Records of stratum `s` are `bounds[s]..bounds[s + 1]`.
    pub bounds: Vec<usize>,
}

impl TimeTable {
    pub fn start(p: usize, shift: &[f64]) -> Self {
        TimeTable {
            p,
            shift: shift.to_vec(),
            bounds: vec![0],
            ..Default::default()
        }
    }

    /// Empties the table for a new record (as [`start`](Self::start)),
    /// keeping its buffers (the evaluations of a fit record into one
    /// table instead of a new one each).
    pub fn restart(&mut self, p: usize, shift: &[f64]) {
        self.p = p;
        let (one, by_covariate) = self.columns_mut();
        for v in one.into_iter().chain(by_covariate) {
            v.clear();
        }
        self.info.clear();
        self.with_info = false;
        self.shift.clear();
        self.shift.extend_from_slice(shift);
        self.bounds.clear();
        self.bounds.push(0);
        // every field reset: a field added later and forgotten here fails
        // this check in debug builds (the tests)
        debug_assert_eq!(*self, TimeTable::start(p, shift));
    }

    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// A time without events (its hazard terms are zero).
    pub fn push_time(&mut self, time: f64, n_risk: f64, n_event: f64, n_censor: f64) {
        let p = self.p;
        self.time.push(time);
        self.n_risk.push(n_risk);
        self.n_event.push(n_event);
        self.n_censor.push(n_censor);
        for v in [
            &mut self.hazard,
            &mut self.hazard_var,
            &mut self.death_hazard,
        ] {
            v.push(0.0);
        }
        for v in [
            &mut self.xbar_hazard,
            &mut self.death_xbar_hazard,
            &mut self.death_xbar,
        ] {
            v.extend(std::iter::repeat_n(0.0, p));
        }
        if self.with_info {
            self.info.extend(std::iter::repeat_n(0.0, p * (p + 1) / 2));
        }
    }

    /// Sets the information contribution of the last time (packed upper triangle).
    pub fn set_information(&mut self, inc: &[f64]) {
        let q = inc.len();
        let i = self.len() - 1;
        self.info[i * q..(i + 1) * q].copy_from_slice(inc);
    }

    /// Fills the hazard terms of the last time from its tie sums, with `a`
    /// and `ea` the first moments Σ r·x of the risk set and of the tied events.
    pub fn set_events(&mut self, tie: &TieSums, a: &[f64], ea: &[f64]) {
        let (p, i) = (self.p, self.len() - 1);
        let w = tie.weight;
        self.hazard[i] = w * tie.s10;
        self.hazard_var[i] = w * tie.s20;
        self.death_hazard[i] = w * (tie.s10 - tie.s11);
        for j in 0..p {
            self.xbar_hazard[i * p + j] = w * (a[j] * tie.s20 - ea[j] * tie.s21);
            self.death_xbar_hazard[i * p + j] =
                w * (a[j] * (tie.s20 - tie.s21) - ea[j] * (tie.s21 - tie.s22));
            self.death_xbar[i * p + j] = (a[j] * tie.s10 - ea[j] * tie.s11) / tie.terms as f64;
        }
    }

    /// The columns of one value per time, and those of p values per time
    /// (the information, of p·(p + 1)/2, apart).
    fn columns_mut(&mut self) -> ([&mut Vec<f64>; 7], [&mut Vec<f64>; 3]) {
        (
            [
                &mut self.time,
                &mut self.n_risk,
                &mut self.n_event,
                &mut self.n_censor,
                &mut self.hazard,
                &mut self.hazard_var,
                &mut self.death_hazard,
            ],
            [
                &mut self.xbar_hazard,
                &mut self.death_xbar_hazard,
                &mut self.death_xbar,
            ],
        )
    }

    /// Closes a stratum whose records from `first` on were pushed in
    /// descending time: puts them in ascending order.
    pub fn end_stratum(&mut self, first: usize) {
        let (p, last) = (self.p, self.len());
        let (one, by_covariate) = self.columns_mut();
        for v in one {
            v[first..last].reverse();
        }
        for v in by_covariate {
            let block = &mut v[first * p..last * p];
            block.reverse();
            for row in block.chunks_exact_mut(p) {
                row.reverse();
            }
        }
        if self.with_info {
            let q = p * (p + 1) / 2;
            let block = &mut self.info[first * q..last * q];
            block.reverse();
            for row in block.chunks_exact_mut(q) {
                row.reverse();
            }
        }
        self.bounds.push(last);
    }
}
