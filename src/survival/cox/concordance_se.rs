//! The standard error of the concordance, as R survival 3.x computes it:
//! the infinitesimal jackknife. Each row's influence is the derivative of
//! Somers' d = (C − D)/(C + D + T) with respect to its case weight (times
//! the weight); with clusters the influences are summed per cluster; the
//! variance of the concordance (d + 1)/2 is Σ influence²/4.
//!
//! The derivatives of C, D and T with respect to the weight of row m count
//! the pairs m belongs to: as the row with the event (the comparable rows
//! with a lower, higher or equal score) and as the row still at risk (the
//! events of its risk window with a higher, lower or equal score). The
//! concordance sweep (rows in increasing score) finds both with its
//! Fenwick trees keyed by time group, and hands each row's
//! Cₘ − Dₘ and Cₘ + Dₘ + Tₘ to [`Influences`].

use super::data::CoxData;

/// Cₘ − Dₘ and Cₘ + Dₘ + Tₘ of every row, by position in the sweep.
pub(super) struct Influences {
    difference: Vec<f64>,
    total: Vec<f64>,
}

impl Influences {
    pub fn new(n: usize) -> Self {
        Influences {
            difference: vec![0.0; n],
            total: vec![0.0; n],
        }
    }

    /// Sets the derivatives of the row at sweep position `i`.
    pub fn set(&mut self, i: usize, difference: f64, total: f64) {
        self.difference[i] = difference;
        self.total[i] = total;
    }

    /// The standard error of the concordance from the counts C, D, T.
    /// `rows`: the sorted position of each sweep position, or `None` when
    /// every weight is 1 and there are no clusters (the order then does not
    /// matter).
    pub fn std_err(
        &self,
        data: &CoxData,
        rows: Option<&[u32]>,
        concordant: f64,
        discordant: f64,
        tied_risk: f64,
    ) -> f64 {
        let npair = concordant + discordant + tied_risk;
        let somers = (concordant - discordant) / npair;
        let dfbeta =
            |i: usize, w: f64| w * (self.difference[i] / npair - somers / npair * self.total[i]);
        let sum_sq = match rows {
            None => (0..self.total.len()).map(|i| dfbeta(i, 1.0).powi(2)).sum(),
            Some(rows) => {
                let n_clusters = data
                    .cluster
                    .as_ref()
                    .map_or(rows.len(), |_| data.cluster_labels.len());
                let mut sums = vec![0.0; n_clusters];
                for (i, &k) in rows.iter().enumerate() {
                    let k = k as usize;
                    let c = data.cluster.as_ref().map_or(k, |c| c[k] as usize);
                    sums[c] += dfbeta(i, data.weight(k));
                }
                sums.iter().map(|v| v * v).sum::<f64>()
            }
        };
        (sum_sq / 4.0).sqrt()
    }
}
