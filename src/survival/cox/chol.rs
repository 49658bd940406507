//! Cholesky factorisation of a p × p information matrix with a rank
//! tolerance that names the failing column.

/// L with A = L·Lᵀ (row-major, lower triangle used).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cholesky {
    p: usize,
    l: Vec<f64>,
}

/// Column `index` of the matrix is (numerically) a combination of the
/// columns before it: its pivot fell to `pivot` against `reference`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RankDeficient {
    pub index: usize,
    pub pivot: f64,
    pub reference: f64,
}

/// Relative pivot tolerance: a pivot below `RANK_TOL` × its reference
/// means the column carries no information beyond the earlier ones.
pub(crate) const RANK_TOL: f64 = 1e-10;

impl Cholesky {
    /// Factors the symmetric matrix `a` (row-major p × p). Pivot j must
    /// exceed `RANK_TOL × reference[j]`, where `reference[j]` is a scale of
    /// column j that does not vanish when the column is collinear (its own
    /// diagonal, or a larger scale for checks of within-risk-set variation).
    pub fn factor(a: &[f64], p: usize, reference: &[f64]) -> Result<Cholesky, RankDeficient> {
        let mut l = vec![0.0; p * p];
        for j in 0..p {
            let mut d = a[j * p + j];
            for k in 0..j {
                d -= l[j * p + k] * l[j * p + k];
            }
            let reference = reference[j].max(a[j * p + j]);
            if !d.is_finite() || d <= RANK_TOL * reference {
                return Err(RankDeficient {
                    index: j,
                    pivot: d,
                    reference,
                });
            }
            let d = d.sqrt();
            l[j * p + j] = d;
            for i in j + 1..p {
                let mut s = a[i * p + j];
                for k in 0..j {
                    s -= l[i * p + k] * l[j * p + k];
                }
                l[i * p + j] = s / d;
            }
        }
        Ok(Cholesky { p, l })
    }

    /// Solves A·x = b.
    pub fn solve(&self, b: &[f64]) -> Vec<f64> {
        let (p, l) = (self.p, &self.l);
        let mut y = vec![0.0; p];
        for i in 0..p {
            let s: f64 = (0..i).map(|k| l[i * p + k] * y[k]).sum();
            y[i] = (b[i] - s) / l[i * p + i];
        }
        let mut x = vec![0.0; p];
        for i in (0..p).rev() {
            let s: f64 = (i + 1..p).map(|k| l[k * p + i] * x[k]).sum();
            x[i] = (y[i] - s) / l[i * p + i];
        }
        x
    }

    /// A⁻¹ (row-major p × p), column by column.
    pub fn inverse(&self) -> Vec<f64> {
        let p = self.p;
        let mut inv = vec![0.0; p * p];
        let mut e = vec![0.0; p];
        for j in 0..p {
            e.fill(0.0);
            e[j] = 1.0;
            let col = self.solve(&e);
            for i in 0..p {
                inv[i * p + j] = col[i];
            }
        }
        // Exact symmetry.
        for i in 0..p {
            for j in 0..i {
                let m = 0.5 * (inv[i * p + j] + inv[j * p + i]);
                inv[i * p + j] = m;
                inv[j * p + i] = m;
            }
        }
        inv
    }
}

/// xᵀ·A·x for a row-major p × p matrix.
pub(crate) fn quadratic_form(a: &[f64], x: &[f64]) -> f64 {
    let p = x.len();
    (0..p)
        .map(|i| x[i] * (0..p).map(|j| a[i * p + j] * x[j]).sum::<f64>())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_inverts() {
        // [[4, 2], [2, 3]]: det 8, inverse [[3, -2], [-2, 4]] / 8.
        let a = [4.0, 2.0, 2.0, 3.0];
        let c = Cholesky::factor(&a, 2, &[0.0, 0.0]).unwrap();
        let x = c.solve(&[2.0, 1.0]);
        assert!((x[0] - 0.5).abs() < 1e-15 && x[1].abs() < 1e-15);
        let inv = c.inverse();
        for (v, e) in inv.iter().zip([0.375, -0.25, -0.25, 0.5]) {
            assert!((v - e).abs() < 1e-15);
        }
        assert!((quadratic_form(&a, &[1.0, 1.0]) - 11.0).abs() < 1e-15);
    }

    #[test]
    fn names_the_collinear_column() {
        // Column 2 = column 0 + column 1.
        let a = [2.0, 1.0, 3.0, 1.0, 2.0, 3.0, 3.0, 3.0, 6.0];
        let err = Cholesky::factor(&a, 3, &[0.0; 3]).unwrap_err();
        assert_eq!(err.index, 2);
    }

    #[test]
    fn a_large_reference_flags_a_vanishing_column() {
        let a = [1.0, 0.0, 0.0, 1e-14];
        assert!(Cholesky::factor(&a, 2, &[0.0, 0.0]).is_ok());
        assert_eq!(Cholesky::factor(&a, 2, &[0.0, 1.0]).unwrap_err().index, 1);
    }
}
