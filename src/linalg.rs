//! Small dense linear algebra: a Cholesky solve with a rank tolerance, for
//! the k × k variance matrices of tests (k = number of groups).

use ndarray::Array2;

/// A is singular to working precision: the Cholesky pivot of `row`
/// vanished, so row `row` is (numerically) a combination of the rows before
/// it, or zero when `row` is 0 (or its diagonal is zero). Callers turn this
/// into a message naming what the row stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Singular {
    pub row: usize,
}

/// Solves A x = b for a symmetric positive definite A by Cholesky
/// decomposition. A pivot below `1e-10 ×` its own diagonal element means
/// row j is, to working precision, a combination of the rows before it
/// (A singular): an error, not a number. The test is relative to each
/// row's own diagonal, so it does not depend on how the rows are scaled
/// (a log-rank variance with weights S^ρ can span many orders of magnitude).
/// `a` must be n × n with n = `b.len()` (callers build it so).
pub(crate) fn solve_spd(a: &Array2<f64>, b: &[f64]) -> std::result::Result<Vec<f64>, Singular> {
    Ok(Cholesky::factor(a)?.solve(b))
}

/// The Cholesky factor L (L Lᵀ = A) of a symmetric positive definite A,
/// to solve several right-hand sides (or refine a solution) with one
/// factorisation.
pub(crate) struct Cholesky {
    l: Array2<f64>,
}

impl Cholesky {
    /// Factors A (see [`solve_spd`] for the singularity test).
    pub(crate) fn factor(a: &Array2<f64>) -> std::result::Result<Cholesky, Singular> {
        let n = a.nrows();
        debug_assert!(a.ncols() == n);
        let mut l = Array2::<f64>::zeros((n, n));
        for j in 0..n {
            let mut d = a[[j, j]];
            for k in 0..j {
                d -= l[[j, k]] * l[[j, k]];
            }
            if d <= 1e-10 * a[[j, j]].abs() || d < f64::MIN_POSITIVE {
                return Err(Singular { row: j });
            }
            let d = d.sqrt();
            l[[j, j]] = d;
            for i in j + 1..n {
                let mut s = a[[i, j]];
                for k in 0..j {
                    s -= l[[i, k]] * l[[j, k]];
                }
                l[[i, j]] = s / d;
            }
        }
        Ok(Cholesky { l })
    }

    /// Solves A x = b.
    pub(crate) fn solve(&self, b: &[f64]) -> Vec<f64> {
        let l = &self.l;
        let n = b.len();
        let mut y = vec![0.0; n];
        for i in 0..n {
            let mut s = b[i];
            for k in 0..i {
                s -= l[[i, k]] * y[k];
            }
            y[i] = s / l[[i, i]];
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            let mut s = y[i];
            for k in i + 1..n {
                s -= l[[k, i]] * x[k];
            }
            x[i] = s / l[[i, i]];
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn solves_a_known_system() {
        let a = array![[4.0, 2.0], [2.0, 3.0]];
        let x = solve_spd(&a, &[2.0, 1.0]).unwrap();
        // 4x + 2y = 2, 2x + 3y = 1  →  x = 0.5, y = 0
        assert!((x[0] - 0.5).abs() < 1e-15 && x[1].abs() < 1e-15);
    }

    #[test]
    fn singular_is_an_error() {
        let a = array![[1.0, 1.0], [1.0, 1.0]];
        assert_eq!(solve_spd(&a, &[1.0, 1.0]), Err(Singular { row: 1 }));
        let a = array![[0.0, 0.0], [0.0, 1.0]];
        assert_eq!(solve_spd(&a, &[1.0, 1.0]), Err(Singular { row: 0 }));
    }
}
