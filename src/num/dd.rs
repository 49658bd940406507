//! Double-double arithmetic (a value carried as hi + lo, about 32
//! significant digits), for variance sums whose terms cancel: a sum of
//! squares written as expanded products loses all its digits in `f64`
//! where the squares are small compared with the products.

/// A double-double number hi + lo with |lo| ≤ ulp(hi) / 2.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Dd {
    pub hi: f64,
    pub lo: f64,
}

fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// a = hi + lo with hi holding the upper 26 bits of the significand.
#[cfg(not(target_feature = "fma"))]
fn split(a: f64) -> (f64, f64) {
    let c = 134_217_729.0 * a; // 2^27 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

fn renormalise(hi: f64, lo: f64) -> Dd {
    let s = hi + lo;
    Dd {
        hi: s,
        lo: lo - (s - hi),
    }
}

impl Dd {
    /// An `f64` as a double-double.
    pub fn from(x: f64) -> Dd {
        Dd { hi: x, lo: 0.0 }
    }

    /// The exact product of two `f64` (|a|, |b| < 1e290): with a fused
    /// multiply-add where the target has one, else by Dekker's splitting
    /// (`mul_add` without hardware support is a slow library call).
    pub fn prod(a: f64, b: f64) -> Dd {
        let p = a * b;
        #[cfg(target_feature = "fma")]
        let lo = a.mul_add(b, -p);
        #[cfg(not(target_feature = "fma"))]
        let lo = {
            let (ah, al) = split(a);
            let (bh, bl) = split(b);
            ((ah * bh - p) + ah * bl + al * bh) + al * bl
        };
        Dd { hi: p, lo }
    }

    pub fn add(self, y: Dd) -> Dd {
        let (s, e) = two_sum(self.hi, y.hi);
        renormalise(s, e + self.lo + y.lo)
    }

    pub fn sub(self, y: Dd) -> Dd {
        self.add(Dd {
            hi: -y.hi,
            lo: -y.lo,
        })
    }

    pub fn mul(self, y: Dd) -> Dd {
        let p = Dd::prod(self.hi, y.hi);
        renormalise(p.hi, p.lo + self.hi * y.lo + self.lo * y.hi)
    }

    /// Product with an `f64`.
    pub fn scale(self, y: f64) -> Dd {
        let p = Dd::prod(self.hi, y);
        renormalise(p.hi, p.lo + self.lo * y)
    }

    /// Quotient by an `f64`.
    pub fn div(self, y: f64) -> Dd {
        let q = self.hi / y;
        let p = Dd::prod(q, y);
        let r = ((self.hi - p.hi) - p.lo + self.lo) / y;
        renormalise(q, r)
    }
}

#[cfg(test)]
mod tests {
    use super::Dd;

    #[test]
    fn keeps_the_digits_that_f64_loses() {
        // (1 + 2^-30)² − 1 − 2^-29 = 2^-60: 0 in f64, exact in double-double.
        let y = 1.0 + 2f64.powi(-30);
        assert_eq!(y * y - 1.0 - 2f64.powi(-29), 0.0);
        let x = Dd::from(y);
        let r = x.mul(x).sub(Dd::from(1.0)).sub(Dd::from(2f64.powi(-29)));
        assert_eq!(r.hi, 2f64.powi(-60));
        // 1/3 · 3 − 1 is 0 to 32 digits.
        let third = Dd::from(1.0).div(3.0);
        assert!(third.scale(3.0).sub(Dd::from(1.0)).hi.abs() < 1e-31);
        assert_eq!(Dd::prod(0.1, 10.0).hi, 1.0);
        assert_eq!(Dd::prod(0.1, 10.0).lo, 0.1f64.mul_add(10.0, -1.0));
        let (a, b) = (1.0 / 3.0, 7.0f64.sqrt());
        assert_eq!(Dd::prod(a, b).lo, a.mul_add(b, -(a * b)));
    }
}
