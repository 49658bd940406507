//! The fast paths against a direct transcription of the definition
//! (per event time, dense k × k), on data with ties, strata and groups of
//! every size, for ρ from −1000 to 1000.

use super::*;
use crate::num::linalg::solve_spd;
use ndarray::Array2;

/// The definition, O(times × k²): weights exp(ρ ln S(t−) − shift), with a
/// shift chosen by the caller (the statistic must not depend on it).
fn reference(data: &[(f64, i64, u32, u32)], k: usize, rho: f64, shift: f64) -> Option<f64> {
    let nstrata = data.iter().map(|r| r.3).max().unwrap() as usize + 1;
    let mut o = vec![0.0; k];
    let mut e = vec![0.0; k];
    let mut v = Array2::<f64>::zeros((k, k));
    for s in 0..nstrata {
        let rows: Vec<_> = data.iter().filter(|r| r.3 as usize == s).collect();
        let mut times: Vec<f64> = rows.iter().filter(|r| r.1 == 1).map(|r| r.0).collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let mut log_s = 0.0_f64;
        for &t in &times {
            let mut nr = vec![0.0; k];
            let mut dg = vec![0.0; k];
            for r in &rows {
                if r.0 >= t {
                    nr[r.2 as usize] += 1.0;
                }
                if r.0 == t && r.1 == 1 {
                    dg[r.2 as usize] += 1.0;
                }
            }
            let n: f64 = nr.iter().sum();
            let d: f64 = dg.iter().sum();
            let w = (rho * log_s - shift).exp();
            for g in 0..k {
                o[g] += w * dg[g];
                e[g] += w * d * nr[g] / n;
            }
            if n > 1.0 {
                let kt = w * w * d * (n - d) / (n * (n - 1.0));
                for a in 0..k {
                    for b in 0..k {
                        let delta = if a == b { n } else { 0.0 };
                        v[[a, b]] += kt * nr[a] * (delta - nr[b]) / n;
                    }
                }
            }
            log_s += (-d / n).ln_1p();
        }
    }
    let used: Vec<usize> = (0..k).filter(|&g| e[g] > 0.0).collect();
    if used.len() < 2 {
        return Some(0.0);
    }
    let keep = &used[1..];
    let z: Vec<f64> = keep.iter().map(|&g| o[g] - e[g]).collect();
    let vk = Array2::from_shape_fn((keep.len(), keep.len()), |(a, b)| v[[keep[a], keep[b]]]);
    let x = solve_spd(&vk, &z).ok()?;
    Some(z.iter().zip(&x).map(|(a, b)| a * b).sum())
}

/// A small deterministic generator (no dependency on a seed crate here).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, m: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % m
    }
}

fn random_rows(seed: u64, n: usize, k: u32, strata: u32, tmax: u64) -> Vec<(f64, i64, u32, u32)> {
    let mut r = Lcg(seed);
    (0..n)
        .map(|i| {
            // every group appears in stratum 0, so that all groups are linked
            let g = if (i as u32) < k {
                i as u32
            } else {
                r.next(k as u64) as u32
            };
            let s = if (i as u32) < k {
                0
            } else {
                r.next(strata as u64) as u32
            };
            (1.0 + r.next(tmax) as f64, (r.next(3) > 0) as i64, g, s)
        })
        .collect()
}

fn build(rows: &[(f64, i64, u32, u32)], strata: bool) -> SurvData {
    let b = SurvData::builder(
        rows.iter().map(|r| r.0).collect(),
        rows.iter().map(|r| r.1).collect(),
    )
    .groups(rows.iter().map(|r| format!("g{:04}", r.2)).collect());
    let b = if strata {
        b.strata(rows.iter().map(|r| format!("s{}", r.3)).collect())
    } else {
        b
    };
    b.build().unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1e-300)
}

#[test]
fn dense_and_banded_paths_agree_with_the_definition() {
    let mut compared = 0;
    for (seed, n, k, strata, tmax) in [
        (1, 60, 3, 1, 10),   // heavy ties, few groups
        (2, 80, 80, 1, 200), // one-subject groups
        (3, 120, 40, 1, 30), // small groups, ties
        (4, 150, 5, 3, 20),  // strata
        (5, 90, 30, 2, 500), // strata, small groups
    ] {
        let rows = random_rows(seed, n, k, strata, tmax);
        let rows_nostrata: Vec<_> = rows.iter().map(|r| (r.0, r.1, r.2, 0)).collect();
        for (use_strata, data_rows) in [(false, &rows_nostrata), (strata > 1, &rows)] {
            let data = build(data_rows, use_strata);
            for rho in [0.0, 1.0, -0.5, 3.0] {
                let want = reference(data_rows, k as usize, rho, 0.0).unwrap();
                for path in [Path::Auto, Path::Dense, Path::Banded] {
                    let got = LogRank::new().rho(rho).fit_by(&data, path).unwrap();
                    assert!(
                        close(got.statistic, want, 1e-9),
                        "seed {seed} rho {rho} {path:?}: {} vs {want}",
                        got.statistic
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 100);
}

#[test]
fn extreme_rho_is_finite_and_scale_free() {
    let rows = random_rows(7, 200, 2, 1, 50);
    let data = build(&rows, false);
    for rho in [-1000.0, -200.0, 1000.0, 300.0] {
        // the reference, with its own shift: the largest ρ ln S(t−) overall
        // for ρ < 0 (≈ the last event time), 0 for ρ > 0
        let t = LogRank::new().rho(rho).fit(&data).unwrap();
        let shift = if rho < 0.0 { t.log_weight_scale } else { 0.0 };
        let want = reference(&rows, 2, rho, shift).unwrap();
        assert!(t.statistic.is_finite() && t.p.is_finite() && (0.0..=1.0).contains(&t.p));
        assert!(
            close(t.statistic, want, 1e-9),
            "rho {rho}: {} vs {want}",
            t.statistic
        );
        for path in [Path::Dense, Path::Banded] {
            let u = match LogRank::new().rho(rho).fit_by(&data, path) {
                // documented: the banded factor may refuse when λ falls
                // steeply (ρ ≫ 0); Auto then takes the dense solve
                Err(e) if path == Path::Banded && rho > 0.0 => {
                    assert!(e.to_string().contains("numerically singular"), "{e}");
                    continue;
                }
                r => r.unwrap(),
            };
            // the banded solve leaves out times whose λ is below 1e-10 of the
            // largest: with ρ ≫ 0 (weights falling steeply) that costs digits
            let tol = if path == Path::Banded && rho == 300.0 {
                1e-6
            } else {
                1e-9
            };
            assert!(
                close(u.statistic, want, tol),
                "rho {rho} {path:?}: {} vs {want}",
                u.statistic
            );
        }
    }
    // moderate ρ: no rescaling, and the reference with an arbitrary shift
    // gives the same statistic (invariance to a common factor)
    let t = LogRank::new().rho(-5.0).fit(&data).unwrap();
    assert_eq!(t.log_weight_scale, 0.0);
    let shifted = reference(&rows, 2, -5.0, 7.5).unwrap();
    assert!(close(t.statistic, shifted, 1e-10));
    // ρ = −1000 did overflow before: S(t−)^−1000 is far beyond f64
    let big = LogRank::new().rho(-1000.0).fit(&data).unwrap();
    assert!(big.log_weight_scale > 300.0);
}

#[test]
fn one_group_is_labelled_no_test() {
    let d = SurvData::builder(vec![1.0, 2.0, 3.0], vec![1, 0, 1])
        .build()
        .unwrap();
    let t = LogRank::new().fit(&d).unwrap();
    assert_eq!(
        (t.statistic, t.df, t.p, t.groups_compared),
        (0.0, 0, 1.0, 1)
    );
    assert!(!t.is_test());
    assert!(
        t.to_string()
            .contains("1 group with expected events: no test"),
        "{t}"
    );
    // a second group whose subjects all leave before the first event: no test either
    let d = SurvData::builder(vec![2.0, 3.0, 1.0], vec![1, 1, 0])
        .groups(vec!["a".into(), "a".into(), "b".into()])
        .build()
        .unwrap();
    let t = LogRank::new().fit(&d).unwrap();
    assert!(!t.is_test() && t.groups_compared == 1);
}

#[test]
fn groups_in_different_strata_are_named() {
    let d = SurvData::builder(
        vec![1., 2., 3., 4., 1., 2., 3., 4.],
        vec![1, 0, 1, 0, 1, 1, 0, 0],
    )
    .groups(
        ["a", "a", "b", "b", "c", "c", "d", "d"]
            .map(String::from)
            .to_vec(),
    )
    .strata(
        ["x", "x", "x", "x", "y", "y", "y", "y"]
            .map(String::from)
            .to_vec(),
    )
    .build()
    .unwrap();
    for path in [Path::Auto, Path::Banded] {
        let e = LogRank::new().fit_by(&d, path).unwrap_err().to_string();
        assert!(
            e.contains("groups `c`, `d` are never at risk") && e.contains("`a`, `b`"),
            "{e}"
        );
        assert!(!e.contains("pivot"), "{e}");
    }
}

#[test]
fn a_group_without_variance_is_named() {
    // at t = 1 both subjects at risk die (N = D = 2): no variance at all
    let d = SurvData::builder(vec![1.0, 1.0], vec![1, 1])
        .groups(vec!["a".into(), "b".into()])
        .build()
        .unwrap();
    let e = LogRank::new().fit(&d).unwrap_err().to_string();
    assert!(
        e.contains("group `a` has expected events but no variance"),
        "{e}"
    );
}

/// 40 one-subject groups (tests/fixtures/survival/one_subject_groups),
/// through both solves, against the chisq in exact rational arithmetic
/// (survdiff_exact.py; R's survdiff agrees with it to 1.3e-8 at ρ = −5 and
/// refuses ρ = −20 as computationally singular).
#[test]
fn both_paths_match_exact_arithmetic_on_one_subject_groups() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/survival/one_subject_groups");
    let table = crate::data::CsvTable::from_path(dir.join("data.csv")).unwrap();
    let data = SurvData::from_table(
        &table,
        &crate::survival::SurvColumns::new("time", "event").group("group"),
    )
    .unwrap();
    let reference = std::fs::read_to_string(dir.join("survdiff_exact.csv")).unwrap();
    let mut compared = 0;
    for line in reference.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (rho, chisq): (f64, f64) = (f[0].parse().unwrap(), f[2].parse().unwrap());
        // V's condition grows with the spread of the weights S^ρ
        let tol = match rho {
            r if r >= 0.0 => 1e-11,
            // measured: dense 2.5e-8, banded 2.5e-7
            r if r >= -5.0 => 1e-6,
            _ => 1e-4,
        };
        for path in [Path::Dense, Path::Banded] {
            compared += 1;
            let t = match LogRank::new().rho(rho).fit_by(&data, path) {
                // at ρ = −20 V's condition number is ~1e41 (R refuses it too):
                // an error saying so is the right answer in double precision
                Err(e) if rho <= -20.0 => {
                    assert!(e.to_string().contains("numerically singular"), "{e}");
                    continue;
                }
                r => r.unwrap(),
            };
            assert!(
                close(t.statistic, chisq, tol),
                "rho {rho} {path:?}: {} exact {chisq}",
                t.statistic
            );
        }
    }
    assert_eq!(compared, 8);
}
