//! A small seeded random number generator whose every draw is the same on
//! every platform.
//!
//! [`Rng`] is xoshiro256** (Blackman & Vigna 2018) with its 256-bit state
//! filled from a 64-bit seed by SplitMix64, the seeding both authors
//! recommend. Integer output is exact by construction. Real-valued draws
//! (uniform, exponential, Poisson) use only IEEE 754 addition,
//! subtraction, multiplication, division, `floor` and square root, which
//! every conforming platform rounds identically, plus the logarithm and
//! exponential of this module ([`det_ln`], [`det_exp`]), written with those
//! operations only. The platform's `ln`/`exp` (the C library's) are never
//! used, because C libraries differ in the last bit. So a seed gives the
//! same cohort, bit for bit, on Linux, macOS and Windows.

/// SplitMix64 (Steele, Lea & Flood 2014), used to expand a seed.
///
/// # Example
/// ```
/// use return_migration::cohort::rng::SplitMix64;
/// let mut s = SplitMix64::new(0);
/// assert_eq!(s.next_u64(), 0xE220_A839_7B1D_CDAF);
/// ```
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started at `seed`.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::SplitMix64;
    /// let _ = SplitMix64::new(42);
    /// ```
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::SplitMix64;
    /// let mut s = SplitMix64::new(7);
    /// assert_ne!(s.next_u64(), s.next_u64());
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// xoshiro256** seeded by SplitMix64: the crate's one random generator (the
/// cohort simulator and the bootstrap use it).
///
/// # Example
/// ```
/// use return_migration::cohort::rng::Rng;
/// let mut a = Rng::new(2023);
/// let mut b = Rng::new(2023);
/// assert_eq!(a.uniform(), b.uniform()); // same seed, same stream
/// ```
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

const TWO_POW_M53: f64 = 1.0 / 9_007_199_254_740_992.0;

impl Rng {
    /// A generator whose state is four SplitMix64 outputs from `seed`.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// assert_eq!(Rng::new(0).next_u64(), 0x99EC_5F36_CB75_F2B4);
    /// ```
    pub fn new(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        Rng {
            s: [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()],
        }
    }

    /// The next 64 random bits.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// let mut r = Rng::new(1);
    /// assert_ne!(r.next_u64(), r.next_u64());
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform draw on [0, 1) with 53 random bits.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// let u = Rng::new(5).uniform();
    /// assert!((0.0..1.0).contains(&u));
    /// ```
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * TWO_POW_M53
    }

    /// A uniform draw on (0, 1] (never 0, so its logarithm is finite).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// let u = Rng::new(5).uniform_pos();
    /// assert!(u > 0.0 && u <= 1.0);
    /// ```
    pub fn uniform_pos(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * TWO_POW_M53
    }

    /// True with probability `p` (p outside [0, 1] acts as 0 or 1).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// let mut r = Rng::new(3);
    /// assert!(!r.bernoulli(0.0) && r.bernoulli(1.0));
    /// ```
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A uniform integer in 0..n, without modulo bias (rejection); 0 when n = 0.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// let mut r = Rng::new(9);
    /// assert!((0..10).all(|_| r.below(6) < 6));
    /// ```
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // accept x < zone, the largest multiple of n that fits
        let zone = u64::MAX - (u64::MAX - n + 1) % n;
        loop {
            let x = self.next_u64();
            if x <= zone {
                return x % n;
            }
        }
    }

    /// An exponential draw with the given rate, −ln(U)/rate with U on (0, 1];
    /// `f64::INFINITY` when the rate is 0.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// let mut r = Rng::new(4);
    /// assert!(r.exponential(2.0) >= 0.0);
    /// assert_eq!(r.exponential(0.0), f64::INFINITY);
    /// ```
    pub fn exponential(&mut self, rate: f64) -> f64 {
        let e = -det_ln(self.uniform_pos());
        if rate > 0.0 { e / rate } else { f64::INFINITY }
    }

    /// An index drawn with probabilities proportional to `weights` (which
    /// must be non-negative with a positive sum; otherwise 0).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// let mut r = Rng::new(11);
    /// assert_eq!(r.categorical(&[0.0, 1.0, 0.0]), 1);
    /// ```
    pub fn categorical(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        if total.is_nan() || total <= 0.0 {
            return 0;
        }
        let u = self.uniform() * total;
        let mut acc = 0.0;
        for (i, w) in weights.iter().enumerate() {
            acc += w;
            if u < acc {
                return i;
            }
        }
        // rounding can leave u at the very top: the last positive weight
        weights.iter().rposition(|&w| w > 0.0).unwrap_or(0)
    }

    /// A Poisson draw: by inversion for means below 10, by Hörmann's (1993)
    /// transformed rejection (PTRS) above. Means that are negative or not
    /// finite give 0.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::rng::Rng;
    /// let mut r = Rng::new(8);
    /// let n = 20_000;
    /// let mean = (0..n).map(|_| r.poisson(8281.0)).sum::<u64>() as f64 / n as f64;
    /// assert!((mean - 8281.0).abs() < 3.0); // se of the mean ≈ 0.64
    /// ```
    pub fn poisson(&mut self, mean: f64) -> u64 {
        if !(mean > 0.0 && mean.is_finite()) {
            return 0;
        }
        if mean < 10.0 {
            let mut p = det_exp(-mean);
            let mut cdf = p;
            let u = self.uniform();
            let mut k = 0_u64;
            while u > cdf && k < 1000 {
                k += 1;
                p *= mean / k as f64;
                cdf += p;
            }
            return k;
        }
        let smu = mean.sqrt();
        let b = 0.931 + 2.53 * smu;
        let a = -0.059 + 0.02483 * b;
        let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        let vr = 0.9277 - 3.6224 / (b - 2.0);
        let log_mean = det_ln(mean);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + mean + 0.43).floor();
            if us >= 0.07 && v <= vr {
                return k as u64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            let lhs = det_ln(v) + det_ln(inv_alpha) - det_ln(a / (us * us) + b);
            let rhs = -mean + k * log_mean - ln_factorial(k as u64);
            if lhs <= rhs {
                return k as u64;
            }
        }
    }
}

const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
const SQRT2: f64 = std::f64::consts::SQRT_2;

/// Natural logarithm from IEEE basic operations only, so that it gives the
/// same bits on every platform (within about 1 ulp of the true value).
/// `x ≤ 0` gives −∞ (0) or NaN; +∞ gives +∞.
///
/// Method: x = m·2^e with m in [√½, √2); ln m = 2·atanh(s), s = (m−1)/(m+1),
/// by its odd series to s^29; ln 2 split in two parts so that e·ln 2 is exact.
///
/// # Example
/// ```
/// use return_migration::cohort::rng::det_ln;
/// assert!((det_ln(10.0) - 10f64.ln()).abs() < 4e-16 * 10f64.ln());
/// assert_eq!(det_ln(1.0), 0.0);
/// ```
pub fn det_ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x == f64::INFINITY {
        return x;
    }
    let (mut m, mut e) = (x, 0_i32);
    if m < f64::MIN_POSITIVE {
        m *= 18_014_398_509_481_984.0; // 2^54
        e -= 54;
    }
    let bits = m.to_bits();
    e += ((bits >> 52) & 0x7ff) as i32 - 1023;
    m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > SQRT2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    // Σ s^(2k+1)/(2k+1) for k = 0..14, by Horner in s².
    let mut poly = 1.0 / 29.0;
    let mut k = 27.0;
    while k > 0.0 {
        poly = poly * s2 + 1.0 / k;
        k -= 2.0;
    }
    let ln_m = 2.0 * s * poly;
    let e = f64::from(e);
    e * LN2_HI + (e * LN2_LO + ln_m)
}

/// Exponential from IEEE basic operations only (see [`det_ln`]); within
/// about 1 ulp. Overflows to +∞ above 709.78, underflows to 0 below −745.2.
///
/// Method: x = k·ln 2 + r with |r| ≤ ½ln 2; exp(r) by its Taylor series to
/// r^17 in nested form; the result scaled by 2^k through the exponent bits.
///
/// # Example
/// ```
/// use return_migration::cohort::rng::det_exp;
/// assert!((det_exp(1.0) - std::f64::consts::E).abs() < 5e-16 * std::f64::consts::E);
/// assert_eq!(det_exp(0.0), 1.0);
/// ```
pub fn det_exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.782_712_893_384 {
        return f64::INFINITY;
    }
    if x < -745.2 {
        return 0.0;
    }
    let k = (x * std::f64::consts::LOG2_E + 0.5).floor();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // 1 + r(1 + r/2(1 + r/3(…))), innermost first
    let mut sum = 1.0;
    for i in (1..=17).rev() {
        sum = 1.0 + sum * r / f64::from(i);
    }
    let k = k as i32;
    // 2^k in two factors keeps every intermediate a normal number
    let half = k / 2;
    sum * pow2(half) * pow2(k - half)
}

fn pow2(k: i32) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// ln(k!) exactly summed for k < 20, by Stirling's series (terms to k⁻⁵,
/// error below 1e-13) above.
fn ln_factorial(k: u64) -> f64 {
    if k < 20 {
        return (2..=k).map(|i| det_ln(i as f64)).sum();
    }
    let x = k as f64;
    let half_ln_2pi = 0.918_938_533_204_672_7;
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    (x + 0.5) * det_ln(x) - x
        + half_ln_2pi
        + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn det_ln_and_exp_are_within_a_few_ulps_of_the_platform() {
        let mut r = Rng::new(1);
        for _ in 0..20_000 {
            let x = det_exp((r.uniform() - 0.5) * 80.0);
            let (ours, libm) = (det_ln(x), x.ln());
            assert!((ours - libm).abs() <= 3.0 * f64::EPSILON * libm.abs().max(1e-300));
            let y = (r.uniform() - 0.5) * 1400.0;
            let (ours, libm) = (det_exp(y), y.exp());
            assert!((ours - libm).abs() <= 2.0 * f64::EPSILON * libm, "{y}");
        }
        assert!((det_ln(5e-324) - (5e-324f64).ln()).abs() < 1e-12);
        assert!(det_ln(-1.0).is_nan() && det_exp(f64::NAN).is_nan());
        assert_eq!(det_exp(-800.0), 0.0);
    }

    #[test]
    fn ln_factorial_matches_summed_logs() {
        for k in [20_u64, 25, 100, 1000] {
            let sum: f64 = (2..=k).map(|i| (i as f64).ln()).sum();
            assert!((ln_factorial(k) - sum).abs() < 1e-10 * sum, "{k}");
        }
        assert_eq!(ln_factorial(0), 0.0);
        assert_eq!(ln_factorial(1), 0.0);
    }

    #[test]
    fn poisson_small_and_large_means_have_the_right_moments() {
        let mut r = Rng::new(99);
        for mean in [0.5, 3.0, 9.5, 10.0, 40.0, 1e5] {
            let n = 40_000;
            let draws: Vec<f64> = (0..n).map(|_| r.poisson(mean) as f64).collect();
            let m = draws.iter().sum::<f64>() / n as f64;
            let v = draws.iter().map(|d| (d - m).powi(2)).sum::<f64>() / (n - 1) as f64;
            // mean within 4.5 se; variance within 5% (its se is ≈ 0.7% here)
            assert!(
                (m - mean).abs() < 4.5 * (mean / n as f64).sqrt(),
                "{mean}: {m}"
            );
            assert!((v / mean - 1.0).abs() < 0.05, "{mean}: {v}");
        }
        assert_eq!(r.poisson(0.0), 0);
        assert_eq!(r.poisson(f64::NAN), 0);
    }

    #[test]
    fn below_is_in_range_and_uniform() {
        let mut r = Rng::new(5);
        let mut counts = [0_u32; 7];
        for _ in 0..70_000 {
            counts[r.below(7) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
    }
}
