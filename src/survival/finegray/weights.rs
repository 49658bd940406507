//! The censoring distribution: the Kaplan–Meier of the censorings, on all
//! subjects, evaluated just before each subject's exit time.

/// G(tᵢ−) for each subject of `time` (ascending): the Kaplan–Meier
/// estimate of the censoring survival just before tᵢ, treating the
/// censorings (`censored(i)`) as the events and every event of any cause
/// as a censoring of the censoring time.
///
/// At a time t, everyone with exit ≥ t is at risk of being censored at t
/// (an event at t does not shield a censoring at t, as in R's `survfit`),
/// and G(t−) counts only the censorings strictly before t — the value
/// `cmprsk::crr` evaluates (at t·(1 − 100ε)).
pub(super) fn censoring_survival_before(
    time: &[f64],
    censored: impl Fn(usize) -> bool,
) -> Vec<f64> {
    let n = time.len();
    let mut g = vec![1.0; n];
    let mut survival = 1.0;
    let mut start = 0;
    while start < n {
        let end = start
            + time[start..]
                .iter()
                .take_while(|&&t| t == time[start])
                .count();
        let at_risk = (n - start) as f64;
        let c = (start..end).filter(|&i| censored(i)).count() as f64;
        g[start..end].fill(survival);
        survival *= 1.0 - c / at_risk;
        start = end;
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
        let g = censoring_survival_before(&time, |i| cens[i]);
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
}
