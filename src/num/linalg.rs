//! The crate's Cholesky solve ([`crate::num::chol`]) on `ndarray` matrices,
//! for the k × k variance matrices of tests (k = number of groups).

use ndarray::Array2;

use crate::num::chol;

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

/// The Cholesky factor of A (see [`solve_spd`] for the singularity test),
/// to solve several right-hand sides with one factorisation: the crate's one
/// Cholesky ([`crate::num::chol`]) on an `ndarray` matrix.
pub(crate) struct Cholesky(chol::Cholesky);

impl Cholesky {
    /// Factors A (see [`solve_spd`] for the singularity test).
    pub(crate) fn factor(a: &Array2<f64>) -> std::result::Result<Cholesky, Singular> {
        let n = a.nrows();
        debug_assert!(a.ncols() == n);
        let row_major: Vec<f64> = a.iter().copied().collect();
        chol::Cholesky::factor(&row_major, n, &vec![0.0; n])
            .map(Cholesky)
            .map_err(|e| Singular { row: e.index })
    }

    /// Solves A x = b.
    pub(crate) fn solve(&self, b: &[f64]) -> Vec<f64> {
        self.0.solve(b)
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
