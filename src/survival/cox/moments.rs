//! Means and standard deviations of the covariates, in one pass.

/// Running moments of the covariates: sums of the values shifted by the
/// first row (no cancellation for columns far from 0), and whether each
/// column is constant (its mean is then its value, exactly).
pub(super) struct Moments {
    first: Vec<f64>,
    sum: Vec<f64>,
    sum_sq: Vec<f64>,
    constant: Vec<bool>,
    pub rows: usize,
}

impl Moments {
    pub fn new(p: usize) -> Self {
        Moments {
            first: vec![0.0; p],
            sum: vec![0.0; p],
            sum_sq: vec![0.0; p],
            constant: vec![true; p],
            rows: 0,
        }
    }

    /// Adds value `v` of covariate `j` (call `rows += 1` after each row).
    #[inline(always)]
    pub fn add(&mut self, j: usize, v: f64) {
        if self.rows == 0 {
            self.first[j] = v;
        }
        let d = v - self.first[j];
        self.sum[j] += d;
        self.sum_sq[j] += d * d;
        self.constant[j] &= d == 0.0;
    }

    /// Means and standard deviations (n − 1 denominator).
    pub fn finish(&self, n: usize) -> (Vec<f64>, Vec<f64>) {
        let nf = n as f64;
        let means = (0..self.sum.len())
            .map(|j| {
                if self.constant[j] {
                    self.first[j]
                } else {
                    self.first[j] + self.sum[j] / nf
                }
            })
            .collect();
        let sd = (0..self.sum.len())
            .map(|j| {
                let ss = self.sum_sq[j] - self.sum[j] * self.sum[j] / nf;
                if n > 1 && !self.constant[j] {
                    (ss.max(0.0) / (nf - 1.0)).sqrt()
                } else {
                    0.0
                }
            })
            .collect();
        (means, sd)
    }
}
