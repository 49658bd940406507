//! Small dense linear algebra: a Cholesky solve with a rank tolerance, for
//! the k × k variance matrices of tests (k = number of groups).

use ndarray::Array2;

use crate::error::{Result, invalid};

/// Solves A x = b for a symmetric positive definite A by Cholesky
/// decomposition. A pivot below `1e-10 ×` the largest diagonal element
/// means A is singular to working precision: an error, not a number.
pub(crate) fn solve_spd(a: &Array2<f64>, b: &[f64]) -> Result<Vec<f64>> {
    let n = b.len();
    if a.nrows() != n || a.ncols() != n {
        return Err(invalid(
            "matrix",
            "dimensions do not match the right-hand side",
        ));
    }
    let scale = (0..n).map(|i| a[[i, i]].abs()).fold(0.0, f64::max);
    let tol = 1e-10 * scale.max(f64::MIN_POSITIVE);
    let mut l = Array2::<f64>::zeros((n, n));
    for j in 0..n {
        let mut d = a[[j, j]];
        for k in 0..j {
            d -= l[[j, k]] * l[[j, k]];
        }
        if d <= tol {
            return Err(invalid(
                "variance matrix",
                format!("singular (pivot {d:e} at row {j})"),
            ));
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
    Ok(x)
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
        assert!(solve_spd(&a, &[1.0, 1.0]).is_err());
    }
}
