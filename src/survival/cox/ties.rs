//! The tie correction at one event time, reduced to scalar sums.
//!
//! With d tied events at a time, Efron's approximation has d terms
//! k = 0..d−1, each with the denominator d₂ₖ = D − (k/d)·E (D the risk-set
//! sum, E the tied events' part of it) and the mean event weight. Every
//! quantity of the sweep is linear in fₖ = k/d over d₂ₖ or d₂ₖ², so the d
//! terms collapse to five scalar sums and one sum of logarithms: the
//! p-dimensional work per event time is then O(p²), not O(d·p²).
//! Breslow's approximation is the single term k = 0 with the total weight.

/// Σₖ ln d₂ₖ, Σ 1/d₂, Σ f/d₂, Σ 1/d₂², Σ f/d₂², Σ f²/d₂² of one event time,
/// with the weight of each term and the number of terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TieSums {
    pub ln_sum: f64,
    pub s10: f64,
    pub s11: f64,
    pub s20: f64,
    pub s21: f64,
    pub s22: f64,
    /// The weight of each term: the mean event weight (Efron) or the total (Breslow).
    pub weight: f64,
    /// The number of terms: d (Efron) or 1 (Breslow).
    pub terms: usize,
}

impl TieSums {
    /// `total`: D (tied events included); `events`: E; `nd` tied event
    /// rows of total weight `dw`.
    pub fn new(total: f64, events: f64, nd: usize, dw: f64, efron: bool) -> Self {
        if !efron || nd == 1 {
            let inv = 1.0 / total;
            return TieSums {
                ln_sum: total.ln(),
                s10: inv,
                s11: 0.0,
                s20: inv * inv,
                s21: 0.0,
                s22: 0.0,
                weight: dw,
                terms: 1,
            };
        }
        let mut s = TieSums {
            ln_sum: 0.0,
            s10: 0.0,
            s11: 0.0,
            s20: 0.0,
            s21: 0.0,
            s22: 0.0,
            weight: dw / nd as f64,
            terms: nd,
        };
        let mut logs = LnProduct::default();
        for k in 0..nd {
            let f = k as f64 / nd as f64;
            let d2 = total - f * events;
            logs.push(d2);
            let inv = 1.0 / d2;
            let inv2 = inv * inv;
            s.s10 += inv;
            s.s11 += f * inv;
            s.s20 += inv2;
            s.s21 += f * inv2;
            s.s22 += f * f * inv2;
        }
        s.ln_sum = logs.finish();
        s
    }
}

/// Σ ln vᵢ with one logarithm per 32 values: the mantissas (in [1, 2)) are
/// multiplied and the binary exponents summed, so nothing overflows.
#[derive(Debug, Default)]
struct LnProduct {
    sum: f64,
    mantissas: f64,
    exponents: i64,
    count: u32,
}

impl LnProduct {
    fn push(&mut self, v: f64) {
        const EXP: u64 = 0x7ff << 52;
        let bits = v.to_bits();
        let e = ((bits & EXP) >> 52) as i64;
        if v.is_sign_negative() || e == 0 || e == 0x7ff {
            // Zero, negative, subnormal, infinite or NaN: the plain logarithm.
            self.sum += v.ln();
            return;
        }
        if self.count == 0 {
            self.mantissas = 1.0;
        }
        self.mantissas *= f64::from_bits((bits & !EXP) | (1023 << 52));
        self.exponents += e - 1023;
        self.count += 1;
        if self.count == 32 {
            self.sum += self.mantissas.ln();
            self.count = 0;
        }
    }

    fn finish(self) -> f64 {
        let rest = if self.count > 0 {
            self.mantissas.ln()
        } else {
            0.0
        };
        self.sum + rest + self.exponents as f64 * std::f64::consts::LN_2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_product_equals_the_sum_of_logs() {
        let values: Vec<f64> = (1..200)
            .map(|k| 1e-3 * k as f64 * k as f64 + 1e-200 * k as f64)
            .collect();
        let mut l = LnProduct::default();
        values.iter().for_each(|&v| l.push(v));
        let direct: f64 = values.iter().map(|v| v.ln()).sum();
        assert!((l.finish() - direct).abs() < 1e-12 * direct.abs());
        let mut z = LnProduct::default();
        z.push(2.0);
        z.push(0.0);
        assert_eq!(z.finish(), f64::NEG_INFINITY);
    }

    #[test]
    fn efron_sums_match_the_terms() {
        // D = 10, E = 4, three tied events of total weight 3.
        let s = TieSums::new(10.0, 4.0, 3, 3.0, true);
        let d2 = [10.0, 10.0 - 4.0 / 3.0, 10.0 - 8.0 / 3.0];
        let f = [0.0, 1.0 / 3.0, 2.0 / 3.0];
        let close = |a: f64, b: f64| (a - b).abs() < 1e-15 * b.abs().max(1e-300);
        assert!(close(s.ln_sum, d2.iter().map(|v: &f64| v.ln()).sum()));
        assert!(close(s.s10, d2.iter().map(|v| 1.0 / v).sum()));
        assert!(close(s.s11, (0..3).map(|k| f[k] / d2[k]).sum()));
        assert!(close(
            s.s22,
            (0..3).map(|k| f[k] * f[k] / (d2[k] * d2[k])).sum()
        ));
        assert_eq!((s.weight, s.terms), (1.0, 3));
        let b = TieSums::new(10.0, 4.0, 3, 3.0, false);
        assert_eq!((b.s10, b.s11, b.weight, b.terms), (0.1, 0.0, 3.0, 1));
    }
}
