//! The censoring distribution: the Kaplan–Meier of the censorings, on all
//! subjects, evaluated just before each subject's exit time as
//! `cmprsk::crr` does.

/// The factor by which `crr` shrinks a time before evaluating the censoring
/// survival at it (`1 - 100 * .Machine$double.eps`).
const SHRINK: f64 = 1.0 - 100.0 * f64::EPSILON;

/// The censoring survival for each subject of `time` (ascending), as
/// `crr`'s `uuu`: the Kaplan–Meier estimate G of the censoring times
/// (censorings, `censored(i)`, are its events; events of any cause censor
/// it), evaluated at tᵢ·(1 − 100ε).
///
/// At a time s everyone with exit ≥ s is at risk of being censored at s
/// (an event at s does not shield a censoring at s, as in R's `survfit`).
/// For t > 0 the value is G(t−): censorings at t do not count. At t = 0 the
/// shrunk time is 0 itself, so censorings at time 0 do count — `crr`'s
/// behaviour, kept for parity.
pub(super) fn censoring_survival(time: &[f64], censored: impl Fn(usize) -> bool) -> Vec<f64> {
    let n = time.len();
    // Distinct times with the survival just after each.
    let mut distinct = Vec::new();
    let mut after = Vec::new();
    let mut survival = 1.0;
    let mut start = 0;
    while start < n {
        let t = time[start];
        let end = start + time[start..].iter().take_while(|&&u| u == t).count();
        let c = (start..end).filter(|&i| censored(i)).count() as f64;
        survival *= 1.0 - c / (n - start) as f64;
        distinct.push(t);
        after.push(survival);
        start = end;
    }
    let mut g = Vec::with_capacity(n);
    let (mut k, mut value) = (0, 1.0);
    for &t in time {
        let x = t * SHRINK;
        while k < distinct.len() && distinct[k] <= x {
            value = after[k];
            k += 1;
        }
        g.push(value);
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_limits_of_the_censoring_km() {
        // times 1 1 2 3 3 4, censored: one at 1, the one at 3 (of two at 3).
        let time = [1.0, 1.0, 2.0, 3.0, 3.0, 4.0];
        let cens = [false, true, false, true, false, false];
        let g = censoring_survival(&time, |i| cens[i]);
        // G(1−) = 1; G(2−) = 1 − 1/6; G(3−) = G(2−); G(4−) = 5/6 · (1 − 1/3).
        let expected = [
            1.0,
            1.0,
            5.0 / 6.0,
            5.0 / 6.0,
            5.0 / 6.0,
            5.0 / 6.0 * (2.0 / 3.0),
        ];
        for (a, b) in g.iter().zip(expected) {
            assert!((a - b).abs() < 1e-15, "{g:?}");
        }
    }

    #[test]
    fn censorings_at_time_zero_count_at_zero() {
        // times 0 0 0 1 with one censoring at 0: G at 0 is already 1 − 1/4.
        let time = [0.0, 0.0, 0.0, 1.0];
        let cens = [true, false, false, false];
        let g = censoring_survival(&time, |i| cens[i]);
        assert_eq!(g, vec![0.75, 0.75, 0.75, 0.75]);
    }
}
