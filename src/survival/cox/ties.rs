//! The tie correction at one event time, reduced to scalar sums.
//!
//! With d tied events at a time, Efron's approximation has d terms
//! k = 0..d−1, each with the denominator d₂ₖ = D − (k/d)·E (D the risk-set
//! sum, E the tied events' part of it) and the mean event weight. Every
//! quantity of the sweep is linear in fₖ = k/d over d₂ₖ or d₂ₖ², so the d
//! terms collapse to five scalar sums and one sum of logarithms: the
//! p-dimensional work per event time is then O(p²), not O(d·p²).
//! Breslow's approximation is the single term k = 0 with the total weight.

/// Terms of a time computed together (see [`TieSums::new`]).
const BLOCK: usize = 8;

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
        let n = nd as f64;
        // The terms in blocks: first every fraction, denominator and
        // inverse of the block (independent divisions, which the processor
        // runs side by side), then the sums, term by term in order.
        for first in (0..nd).step_by(BLOCK) {
            let (mut f, mut d2, mut inv) = ([0.0; BLOCK], [0.0; BLOCK], [0.0; BLOCK]);
            // k = first + i, exactly (whole numbers below 2^53).
            let k0 = first as f64;
            for i in 0..BLOCK {
                f[i] = (k0 + i as f64) / n;
                d2[i] = total - f[i] * events;
                inv[i] = 1.0 / d2[i];
            }
            // The lanes past the last term (computed, unused) are dropped here.
            let terms = BLOCK.min(nd - first);
            logs.push_all(&d2[..terms]);
            for i in 0..terms {
                let inv2 = inv[i] * inv[i];
                s.s10 += inv[i];
                s.s11 += f[i] * inv[i];
                s.s20 += inv2;
                s.s21 += f[i] * inv2;
                s.s22 += f[i] * f[i] * inv2;
            }
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
    #[cfg(test)]
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

    /// [`push`](Self::push) of each value in turn (the same sums), with
    /// the products between two logarithms in a loop without a call (so
    /// the running product stays in a register).
    fn push_all(&mut self, values: &[f64]) {
        const EXP: u64 = 0x7ff << 52;
        let mut i = 0;
        while i < values.len() {
            let (mut m, mut e, mut c) = (self.mantissas, self.exponents, self.count);
            if c == 0 {
                m = 1.0;
            }
            while i < values.len() && c < 32 {
                let v = values[i];
                let bits = v.to_bits();
                let ev = ((bits & EXP) >> 52) as i64;
                if v.is_sign_negative() || ev == 0 || ev == 0x7ff {
                    break;
                }
                m *= f64::from_bits((bits & !EXP) | (1023 << 52));
                e += ev - 1023;
                c += 1;
                i += 1;
            }
            (self.mantissas, self.exponents, self.count) = (m, e, c);
            if c == 32 {
                self.sum += m.ln();
                self.count = 0;
            } else if i < values.len() {
                // Zero, negative, subnormal, infinite or NaN: the plain logarithm.
                self.sum += values[i].ln();
                i += 1;
            }
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
    fn blocked_terms_are_the_term_by_term_sums_bit_for_bit() {
        for nd in [2_usize, 7, 8, 9, 16, 17, 250] {
            let (total, events) = (1234.5 + nd as f64 / 3.0, 0.37 * nd as f64);
            let got = TieSums::new(total, events, nd, nd as f64, true);
            let mut s = [0.0_f64; 5];
            let mut logs = LnProduct::default();
            for k in 0..nd {
                let f = k as f64 / nd as f64;
                let d2 = total - f * events;
                logs.push(d2);
                let inv = 1.0 / d2;
                let inv2 = inv * inv;
                s[0] += inv;
                s[1] += f * inv;
                s[2] += inv2;
                s[3] += f * inv2;
                s[4] += f * f * inv2;
            }
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            let got_sums = [got.s10, got.s11, got.s20, got.s21, got.s22];
            assert_eq!(bits(&got_sums), bits(&s));
            assert_eq!(got.ln_sum.to_bits(), logs.finish().to_bits());
        }
    }

    #[test]
    fn pushing_a_slice_is_pushing_each_value() {
        let mut values: Vec<f64> = (1..150).map(|k| 0.37 * k as f64 + 1e-3).collect();
        for (at, v) in [
            (5, 0.0),
            (31, -2.0),
            (32, 1e-310),
            (70, f64::INFINITY),
            (100, 0.0),
        ] {
            values[at] = v;
        }
        for cut in [0, 1, 7, 33, 64, 149] {
            let (mut one, mut all) = (LnProduct::default(), LnProduct::default());
            values.iter().for_each(|&v| one.push(v));
            all.push_all(&values[..cut]);
            all.push_all(&values[cut..]);
            assert_eq!(all.finish().to_bits(), one.finish().to_bits());
        }
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
