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
/// behaviour, kept for parity. Also as in `crr`, whose Kaplan–Meier call
/// keeps `survfit`'s default `timefix = TRUE`, distinct times closer than
/// about 1.5e-8 (absolute, or relative to the mean time) are one step of
/// G, placed at the earliest of them; the risk sets of the model itself use
/// exact times.
pub(super) fn censoring_survival(time: &[f64], censored: impl Fn(usize) -> bool) -> Vec<f64> {
    let n = time.len();
    // Runs of tied subjects: (first sorted position, time).
    let mut runs: Vec<(usize, f64)> = Vec::new();
    for (i, &t) in time.iter().enumerate() {
        if runs.last().is_none_or(|r| r.1 != t) {
            runs.push((i, t));
        }
    }
    let near = near_tie_starts(&runs);
    // The Kaplan–Meier over the merged times: the time of each step and
    // the survival just after it.
    let mut step_time = Vec::new();
    let mut after = Vec::new();
    let mut survival = 1.0;
    let mut r = 0;
    while r < runs.len() {
        let (start, t) = runs[r];
        let mut next = r + 1;
        while next < runs.len() && near[next] {
            next += 1;
        }
        let end = runs.get(next).map_or(n, |x| x.0);
        let c = (start..end).filter(|&i| censored(i)).count() as f64;
        survival *= 1.0 - c / (n - start) as f64;
        step_time.push(t);
        after.push(survival);
        r = next;
    }
    let mut g = Vec::with_capacity(n);
    let (mut k, mut value) = (0, 1.0);
    for &t in time {
        let x = t * SHRINK;
        while k < step_time.len() && step_time[k] <= x {
            value = after[k];
            k += 1;
        }
        g.push(value);
    }
    g
}

/// For each run of distinct times, whether R's `survfit` (through
/// `aeqSurv`, `timefix = TRUE`, which `crr` leaves on) merges it into the
/// run before: the gap to the previous distinct time is at most √ε, or at
/// most √ε times the mean of the absolute distinct times.
fn near_tie_starts(runs: &[(usize, f64)]) -> Vec<bool> {
    let tolerance = f64::EPSILON.sqrt();
    let mean = runs.iter().map(|r| r.1.abs()).sum::<f64>() / runs.len().max(1) as f64;
    let mut near = vec![false; runs.len()];
    for k in 1..runs.len() {
        let gap = runs[k].1 - runs[k - 1].1;
        near[k] = gap <= tolerance || gap / mean <= tolerance;
    }
    near
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
    fn near_ties_are_one_step_as_in_survfit() {
        // A censoring at 2 + 1e-12 is merged into the step at 2: subjects at
        // 2 see G(2−) = 1, the one just after 2 sees G(2) = 1 − 1/3.
        let time = [1.0, 2.0, 2.0 + 1e-12, 3.0];
        let cens = [false, false, true, false];
        let g = censoring_survival(&time, |i| cens[i]);
        for (a, b) in g.iter().zip([1.0, 1.0, 2.0 / 3.0, 2.0 / 3.0]) {
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
