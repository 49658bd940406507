//! An exact sum of floating-point numbers: the running sum is kept as a
//! short list of non-overlapping partial sums (Shewchuk's expansions), so
//! that adding and merging lose nothing and the value — the exact sum
//! rounded once to the nearest double — does not depend on the order in
//! which numbers were added or sums merged.

use serde::{Deserialize, Serialize};

/// The exact sum of the numbers added to it (finite numbers; the sum of a
/// register's weights never comes near overflow).
///
/// # Example
/// ```
/// use return_migration::scale::ExactSum;
/// let (mut a, mut b) = (ExactSum::default(), ExactSum::default());
/// for x in [1e16, 1.0, -1e16] { a.add(x); }   // plain f64 summation gives 0
/// for x in [0.1, 0.2] { b.add(x); }
/// a.merge(&b);
/// assert_eq!(a.value(), 1.3); // 1 + 0.1 + 0.2 rounded once (plain f64: 0.30000000000000004)
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExactSum {
    /// Non-overlapping partial sums in increasing magnitude.
    partials: Vec<f64>,
}

/// Adds `x` to the expansion exactly (error-free transformations).
fn grow(partials: &mut Vec<f64>, mut x: f64) {
    let mut i = 0;
    for j in 0..partials.len() {
        let mut y = partials[j];
        if x.abs() < y.abs() {
            std::mem::swap(&mut x, &mut y);
        }
        let hi = x + y;
        let lo = y - (hi - x);
        if lo != 0.0 {
            partials[i] = lo;
            i += 1;
        }
        x = hi;
    }
    partials.truncate(i);
    partials.push(x);
}

/// The expansion rounded once to the nearest double (ties to even).
fn rounded(p: &[f64]) -> f64 {
    let Some(&last) = p.last() else {
        return 0.0;
    };
    let mut n = p.len() - 1;
    let (mut hi, mut lo) = (last, 0.0);
    while n > 0 {
        let x = hi;
        n -= 1;
        let y = p[n];
        hi = x + y;
        let yr = hi - x;
        lo = y - yr;
        if lo != 0.0 {
            break;
        }
    }
    if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if x - hi == y {
            hi = x;
        }
    }
    hi
}

impl ExactSum {
    /// Adds a number.
    ///
    /// # Example
    /// ```
    /// let mut s = return_migration::scale::ExactSum::default();
    /// s.add(0.5);
    /// assert_eq!(s.value(), 0.5);
    /// ```
    pub fn add(&mut self, x: f64) {
        grow(&mut self.partials, x);
    }

    /// Adds another exact sum (exact: the result is the sum of every number
    /// added to either).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::ExactSum;
    /// let mut a = ExactSum::from_values(&[0.1, 0.7]);
    /// a.merge(&ExactSum::from_values(&[0.2]));
    /// assert_eq!(a, ExactSum::from_values(&[0.2, 0.7, 0.1]));
    /// ```
    pub fn merge(&mut self, other: &ExactSum) {
        for &x in &other.partials {
            grow(&mut self.partials, x);
        }
        self.normalize();
    }

    /// The exact sum of `values`.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::ExactSum;
    /// assert_eq!(ExactSum::from_values(&[0.1; 10]).value(), 1.0);
    /// ```
    pub fn from_values(values: &[f64]) -> ExactSum {
        let mut s = ExactSum::default();
        for &v in values {
            s.add(v);
        }
        s.normalize();
        s
    }

    /// The sum rounded once to the nearest double: the same whatever the
    /// order of additions and merges.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::ExactSum;
    /// assert_eq!(ExactSum::from_values(&[1.0, 1e-17, 1e-17]).value(), 1.0);
    /// ```
    pub fn value(&self) -> f64 {
        rounded(&self.partials)
    }

    /// Rewrites the partials in the one form that depends only on the exact
    /// value (greedy: the rounded value, then the rounded remainder, ...),
    /// so that equal sums compare and serialize equal.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::ExactSum;
    /// let mut s = ExactSum::default();
    /// s.add(1.0);
    /// s.add(-1.0);
    /// s.normalize();
    /// assert_eq!(s, ExactSum::default());
    /// ```
    pub fn normalize(&mut self) {
        let mut rest = std::mem::take(&mut self.partials);
        let mut out = Vec::new();
        loop {
            let v = rounded(&rest);
            if v == 0.0 {
                break;
            }
            out.push(v);
            grow(&mut rest, -v);
        }
        out.reverse();
        self.partials = out;
    }

    /// The partial sums (non-overlapping, increasing magnitude), whose
    /// exact sum is the value.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::ExactSum;
    /// assert_eq!(ExactSum::from_values(&[1.0, 1e-30]).partials(), &[1e-30, 1.0]);
    /// ```
    pub fn partials(&self) -> &[f64] {
        &self.partials
    }

    fn canonical(&self) -> Vec<f64> {
        let mut c = self.clone();
        c.normalize();
        c.partials
    }
}

/// Equal when the exact sums are equal.
impl PartialEq for ExactSum {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}
