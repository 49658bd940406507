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

/// How one derivative is stored: as the `f64` it is, or, when every
/// weight is 1, as the whole number it then is (`i32`: exact, half the
/// memory; the caller keeps |value| within 3n and n below
/// [`COUNT_ROWS_MAX`]).
pub(super) trait Slot: Copy + Default {
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
}

impl Slot for f64 {
    #[inline(always)]
    fn from_f64(v: f64) -> f64 {
        v
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
}

impl Slot for i32 {
    /// Only for whole numbers within `i32` (counts of rows).
    #[inline(always)]
    fn from_f64(v: f64) -> i32 {
        v as i32
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// Most rows whose derivatives (at most 3n in magnitude: pairs counted
/// from both sides) are kept as `i32` counts.
pub(super) const COUNT_ROWS_MAX: usize = (i32::MAX / 4) as usize;

/// Cₘ − Dₘ and Cₘ + Dₘ + Tₘ of every row, by position in the sweep. The
/// slots may hold a row's intermediate counts until its derivatives are
/// set ([`stash`](Self::stash)), so a block of tied scores needs no
/// buffers of its own.
pub(super) struct Influences<S> {
    difference: Vec<S>,
    total: Vec<S>,
}

impl<S: Slot> Influences<S> {
    pub fn new(n: usize) -> Self {
        Influences {
            difference: vec![S::default(); n],
            total: vec![S::default(); n],
        }
    }

    /// Sets the derivatives of the row at sweep position `i`.
    #[inline(always)]
    pub fn set(&mut self, i: usize, difference: f64, total: f64) {
        self.difference[i] = S::from_f64(difference);
        self.total[i] = S::from_f64(total);
    }

    /// Keeps two intermediate values of the row at position `i` in its
    /// slots (whole numbers when the slots are counts), until
    /// [`stashed`](Self::stashed) reads them back and `set` overwrites them.
    #[inline(always)]
    pub fn stash(&mut self, i: usize, a: f64, b: f64) {
        self.set(i, a, b);
    }

    /// The two values [`stash`](Self::stash)ed at `i`.
    #[inline(always)]
    pub fn stashed(&self, i: usize) -> (f64, f64) {
        (self.difference[i].to_f64(), self.total[i].to_f64())
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
        let dfbeta = |i: usize, w: f64| {
            w * (self.difference[i].to_f64() / npair - somers / npair * self.total[i].to_f64())
        };
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
