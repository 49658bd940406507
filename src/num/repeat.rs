//! One floating-point addition repeated: `for _ in 0..m { x += c }`, with
//! the same result bit for bit, in time logarithmic in the binades crossed
//! rather than linear in `m`.
//!
//! While x stays in one binade [2^E, 2^(E+1)) (one spacing u) and c ≥ 0
//! is fixed, every rounded step adds the same multiple δ of u: the exact
//! sum x + c is x + q·u + r with 0 ≤ r < u, rounded to nearest up (r > u/2)
//! or down (r < u/2) the same way each time; at a tie (r = u/2) to the even
//! neighbour, and from the second step on x is even in units of u, so the
//! choice is the same again. So after two real additions inside one
//! binade (the first makes x even at a tie, the second shows δ) the next k steps
//! are one integer step of k·δ on the bits, as long as they stay inside the
//! binade; the step that leaves it is made by a real addition again.
//! Anything else (c < 0, NaN, infinities, subnormal sums) takes the
//! additions one by one.

/// Below this many additions the loop is as quick.
const SHORT: u64 = 8;

/// `x` plus `c` added `m` times one after another, rounding each sum.
#[inline]
pub(crate) fn add_repeated(mut x: f64, c: f64, m: u64) -> f64 {
    if m < SHORT {
        for _ in 0..m {
            x += c;
        }
        return x;
    }
    add_many(x, c, m)
}

/// [`add_repeated`] for `m` of [`SHORT`] or more.
#[inline(never)]
fn add_many(mut x: f64, c: f64, mut m: u64) -> f64 {
    // the exponent bits of a normal number (not all zeros or ones)
    fn normal(v: f64) -> bool {
        v > 0.0 && v.is_normal()
    }
    let exponent = |v: f64| v.to_bits() >> 52;
    while m > 0 {
        // (c NaN or negative: one by one)
        if m < SHORT || c.is_nan() || c < 0.0 {
            for _ in 0..m {
                x += c;
            }
            return x;
        }
        let x1 = x + c;
        let x2 = x1 + c;
        m -= 2;
        let same = normal(x) && normal(x2) && exponent(x) == exponent(x2);
        x = x2;
        // (x1 lies between x and x2: in their binade too)
        if !same {
            continue;
        }
        let delta = x2.to_bits() - x1.to_bits();
        if delta == 0 {
            // every further sum rounds back to x
            return x;
        }
        // steps that stay below the binade's end (its last bit pattern)
        let last = ((exponent(x2) + 1) << 52) - 1;
        let room = (last - x2.to_bits()) / delta;
        let k = room.min(m);
        x = f64::from_bits(x2.to_bits() + k * delta);
        m -= k;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(mut x: f64, c: f64, m: u64) -> f64 {
        for _ in 0..m {
            x += c;
        }
        x
    }

    #[test]
    fn equals_the_additions_one_by_one() {
        let mut rng = crate::num::rng::Rng::new(5);
        let mut cases: Vec<(f64, f64, u64)> = vec![
            (0.0, 0.0, 100),
            (-0.0, 0.0, 100),
            (0.0, 1.0, 1000),
            (1.0, 0.1, 5000),
            (0.0, 0.1, 70_000),
            (1e16, 1.0, 50),
            // ties: c is an odd number of half spacings of x
            (1.0, f64::EPSILON / 2.0, 100),
            (1.0, 3.0 * f64::EPSILON / 2.0, 100),
            (1.0 + f64::EPSILON, f64::EPSILON / 2.0, 100),
            (1.0 + f64::EPSILON, 3.0 * f64::EPSILON / 2.0, 1000),
            (1.0, f64::EPSILON / 4.0, 100),
            (f64::MIN_POSITIVE, f64::MIN_POSITIVE / 3.0, 100),
            (0.0, 4.9e-324, 100),
            (1e308, 1e307, 100),
            (5.0, -0.25, 100),
            (5.0, f64::NAN, 10),
            (f64::INFINITY, 1.0, 10),
            (3.0, 1e-300, 1 << 20),
        ];
        for _ in 0..3000 {
            let x = if rng.below(4) == 0 {
                0.0
            } else {
                rng.uniform() * 10f64.powi(rng.below(12) as i32 - 4)
            };
            let c = match rng.below(4) {
                // a tie-prone step: whole multiples of a small power of two
                0 => (1 + rng.below(7)) as f64 * 2f64.powi(-(rng.below(60) as i32)),
                1 => 0.0,
                _ => rng.uniform() * 10f64.powi(rng.below(12) as i32 - 6),
            };
            cases.push((x, c, rng.below(3000)));
        }
        // steps of a few quarter spacings of x: ties and exact sums
        for _ in 0..20_000 {
            let e = rng.below(40) as i32 - 20;
            let x = (1.0 + rng.uniform()) * 2f64.powi(e);
            let c = (rng.below(40)) as f64 * 2f64.powi(e - 52 - rng.below(4) as i32);
            cases.push((x, c, rng.below(200)));
        }
        // near the ends of binades, with steps of whole and half spacings
        for p in [-3, 0, 1, 7] {
            let b = 2f64.powi(p);
            for j in 0..6 {
                for i in 1..8 {
                    let x = b * (1.0 - j as f64 * f64::EPSILON / 2.0);
                    let c = i as f64 * b * f64::EPSILON / 4.0;
                    cases.push((x, c, 40));
                    cases.push((b * (1.0 + j as f64 * f64::EPSILON), c, 40));
                }
            }
        }
        for (x, c, m) in cases {
            let (a, b) = (add_repeated(x, c, m), plain(x, c, m));
            assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "x {x:e} c {c:e} m {m}: {a:e} vs {b:e}"
            );
        }
    }
}
