//! Means and ranges of the covariates, in one pass, without overflow for
//! any finite values.

pub(super) struct Moments {
    first: Vec<f64>,
    /// Σ (v − first)/n: never overflows, since each term is below the
    /// column's span divided by n.
    mean_shift: Vec<f64>,
    min: Vec<f64>,
    max: Vec<f64>,
    n: f64,
    pub rows: usize,
}

impl Moments {
    pub fn new(p: usize, n: usize) -> Self {
        Moments {
            first: vec![0.0; p],
            mean_shift: vec![0.0; p],
            min: vec![f64::INFINITY; p],
            max: vec![f64::NEG_INFINITY; p],
            n: n.max(1) as f64,
            rows: 0,
        }
    }

    #[inline(always)]
    pub fn add(&mut self, j: usize, v: f64) {
        if self.rows == 0 {
            self.first[j] = v;
        }
        // halves first: v − first may exceed the largest double
        self.mean_shift[j] += (0.5 * v - 0.5 * self.first[j]) / self.n * 2.0;
        self.min[j] = self.min[j].min(v);
        self.max[j] = self.max[j].max(v);
    }

    /// Adds the `rows` rows `row(i)` of all the P covariates, the same
    /// sums as [`add`](Self::add) of each value, row by row in order (the
    /// covariates' sums held in registers, without a branch per value),
    /// on moments without rows. False when some value is not finite (the
    /// moments are then meaningless).
    #[inline(always)]
    pub fn add_rows<const P: usize>(
        &mut self,
        rows: usize,
        row: impl Fn(usize) -> [f64; P],
    ) -> bool {
        debug_assert!(self.rows == 0 && self.first.len() == P);
        if rows == 0 {
            return true;
        }
        let first = row(0);
        let n = self.n;
        let mut shift = [0.0; P];
        let mut min = [f64::INFINITY; P];
        let mut max = [f64::NEG_INFINITY; P];
        let mut finite = true;
        for i in 0..rows {
            let v = row(i);
            for j in 0..P {
                finite &= v[j].is_finite();
                shift[j] += (0.5 * v[j] - 0.5 * first[j]) / n * 2.0;
                min[j] = min[j].min(v[j]);
                max[j] = max[j].max(v[j]);
            }
        }
        self.first.copy_from_slice(&first);
        self.mean_shift.copy_from_slice(&shift);
        self.min.copy_from_slice(&min);
        self.max.copy_from_slice(&max);
        self.rows = rows;
        finite
    }

    /// The first covariate whose values span more than the largest double
    /// (max − min overflows), with its min and max.
    pub fn overflowing_span(&self) -> Option<(usize, f64, f64)> {
        (0..self.min.len())
            .find(|&j| (self.max[j] - self.min[j]).is_infinite())
            .map(|j| (j, self.min[j], self.max[j]))
    }

    /// The largest |v − mean| of each covariate, for the given means: the
    /// rounded differences v − mean grow with v, so their extremes are
    /// those of the smallest and the largest value (0 without rows).
    pub fn centred_extent(&self, means: &[f64]) -> Vec<f64> {
        (0..self.min.len())
            .map(|j| {
                if self.min[j] > self.max[j] {
                    return 0.0;
                }
                (self.min[j] - means[j])
                    .abs()
                    .max((self.max[j] - means[j]).abs())
            })
            .collect()
    }

    /// Column means (the value itself for a constant column).
    pub fn means(&self) -> Vec<f64> {
        (0..self.first.len())
            .map(|j| {
                if self.min[j] == self.max[j] {
                    self.first[j]
                } else {
                    (self.first[j] + self.mean_shift[j]).clamp(self.min[j], self.max[j])
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Moments;
    use crate::num::rng::Rng;

    /// The extent from the extremes equals the pass it replaced: the
    /// largest |v − mean| over every value, bit for bit, at scales from
    /// 1e-300 to 1e300 and with values crowding the mean.
    #[test]
    fn centred_extent_equals_the_largest_centred_value() {
        let mut rng = Rng::new(9);
        for scale in [1e-300, 1e-8, 1.0, 3.7e5, 1e300] {
            for n in [1_usize, 2, 17, 500] {
                let values: Vec<[f64; 2]> = (0..n)
                    .map(|_| {
                        let u = rng.uniform() - 0.5;
                        [u * scale, 1.0 + u * 1e-15]
                    })
                    .collect();
                let mut m = Moments::new(2, n);
                for row in &values {
                    for (j, &v) in row.iter().enumerate() {
                        m.add(j, v);
                    }
                    m.rows += 1;
                }
                let means = m.means();
                let pass: Vec<f64> = (0..2)
                    .map(|j| {
                        values
                            .iter()
                            .map(|r| (r[j] - means[j]).abs())
                            .fold(0.0, f64::max)
                    })
                    .collect();
                let extent = m.centred_extent(&means);
                for j in 0..2 {
                    assert_eq!(
                        extent[j].to_bits(),
                        pass[j].to_bits(),
                        "scale {scale}, n {n}"
                    );
                }
            }
        }
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    /// The whole-row pass gives the moments of the value-by-value one, bit
    /// for bit (first values, mean shifts, minima, maxima, rows), and says
    /// whether every value was finite.
    fn rows_equal_values<const P: usize>(rng: &mut Rng) {
        for n in [1_usize, 2, 31, 400] {
            for bad in [false, true] {
                let rows: Vec<[f64; P]> = (0..n)
                    .map(|i| {
                        std::array::from_fn(|j| match (i + j) % 7 {
                            0 => -0.0,
                            1 => 1e300 * (rng.uniform() - 0.5),
                            2 => 1e-300 * rng.uniform(),
                            _ => rng.uniform() * 10.0 - 5.0,
                        })
                    })
                    .collect();
                let mut rows = rows;
                if bad {
                    rows[n / 2][P - 1] = f64::NAN;
                }
                let mut by_value = Moments::new(P, n);
                for row in &rows {
                    for (j, &v) in row.iter().enumerate() {
                        by_value.add(j, v);
                    }
                    by_value.rows += 1;
                }
                let mut by_row = Moments::new(P, n);
                assert_eq!(by_row.add_rows::<P>(n, |i| rows[i]), !bad, "P {P}, n {n}");
                if bad {
                    continue;
                }
                assert_eq!(by_row.rows, by_value.rows);
                assert_eq!(bits(&by_row.first), bits(&by_value.first));
                assert_eq!(bits(&by_row.mean_shift), bits(&by_value.mean_shift));
                assert_eq!(bits(&by_row.min), bits(&by_value.min));
                assert_eq!(bits(&by_row.max), bits(&by_value.max));
            }
        }
    }

    #[test]
    fn whole_rows_give_the_moments_of_single_values() {
        let mut rng = Rng::new(17);
        rows_equal_values::<1>(&mut rng);
        rows_equal_values::<3>(&mut rng);
        rows_equal_values::<5>(&mut rng);
        rows_equal_values::<8>(&mut rng);
    }
}
