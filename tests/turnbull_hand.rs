//! Turnbull NPMLE on data whose estimate is known in closed form.

use return_migration::cohort::rng::Rng;
use return_migration::error::Error;
use return_migration::survival::{IntervalData, KaplanMeier, SurvData, Turnbull, TurnbullFit};

const INF: f64 = f64::INFINITY;

fn fit(left: &[f64], right: &[f64], w: Option<&[f64]>) -> TurnbullFit {
    let mut b = IntervalData::builder(left.to_vec(), right.to_vec());
    if let Some(w) = w {
        b = b.weights(w.to_vec());
    }
    Turnbull::new().fit(&b.build().unwrap()).unwrap()
}

fn survival(f: &TurnbullFit) -> Vec<(f64, f64)> {
    f.curves[0]
        .rows
        .iter()
        .map(|r| (r.time, r.survival))
        .collect()
}

fn assert_close(got: &[(f64, f64)], want: &[(f64, f64)], tol: f64) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.0, w.0);
        assert!((g.1 - w.1).abs() <= tol, "{got:?} vs {want:?}");
    }
}

/// Disjoint intervals: each is its own innermost interval and gets the
/// share w_i / W of the weight.
#[test]
fn disjoint_intervals_get_weight_shares() {
    let f = fit(&[0.0, 1.0, 3.0], &[1.0, 2.0, 5.0], Some(&[1.0, 3.0, 4.0]));
    let m: Vec<f64> = f.curves[0].intervals.iter().map(|i| i.mass).collect();
    assert_eq!(m.len(), 3);
    for (a, b) in m.iter().zip([0.125, 0.375, 0.5]) {
        assert!((a - b).abs() < 1e-14);
    }
    // Ends 0, 1, 2, 3, 5: S = 1, 7/8, 1/2, 1/2, 0.
    assert_close(
        &survival(&f),
        &[(0.0, 1.0), (1.0, 0.875), (2.0, 0.5), (3.0, 0.5), (5.0, 0.0)],
        1e-14,
    );
}

/// (0,2], (1,3], (2,4] with weights a, b, c: innermost (1,2] and (2,3];
/// the likelihood is p^a (1-p)^c, so p = a / (a + c), whatever b is.
#[test]
fn overlapping_chain_has_closed_form() {
    let (a, b, c) = (2.0, 5.0, 1.0);
    let f = fit(&[0.0, 1.0, 2.0], &[2.0, 3.0, 4.0], Some(&[a, b, c]));
    let iv = &f.curves[0].intervals;
    assert_eq!(
        iv.iter().map(|i| (i.lower, i.upper)).collect::<Vec<_>>(),
        vec![(1.0, 2.0), (2.0, 3.0)]
    );
    let p = a / (a + c);
    assert_close(
        &survival(&f),
        &[
            (0.0, 1.0),
            (1.0, 1.0),
            (2.0, 1.0 - p),
            (3.0, 0.0),
            (4.0, 0.0),
        ],
        1e-12,
    );
    let ll = a * p.ln() + b * 1.0_f64.ln() + c * (1.0 - p).ln();
    assert!((f.curves[0].loglik - ll).abs() < 1e-12);
}

/// Nested intervals: (0,4] and (1,2]: all mass on (1,2].
#[test]
fn nested_intervals_put_all_mass_inside() {
    let f = fit(&[0.0, 1.0], &[4.0, 2.0], None);
    assert_close(
        &survival(&f),
        &[(0.0, 1.0), (1.0, 1.0), (2.0, 0.0), (4.0, 0.0)],
        0.0,
    );
}

/// Current-status data (one check per person: (0, c] if the event had
/// happened, (c, ∞) if not): the NPMLE of F at the checks is the isotonic
/// regression of the indicators. δ = 0,1,0,1,1 at c = 1..5 pools the
/// middle pair: F = 0, .5, .5, 1, 1.
#[test]
fn current_status_is_isotonic_regression() {
    let c = [1.0, 2.0, 3.0, 4.0, 5.0];
    let d = [false, true, false, true, true];
    let left: Vec<f64> = c
        .iter()
        .zip(&d)
        .map(|(&c, &d)| if d { 0.0 } else { c })
        .collect();
    let right: Vec<f64> = c
        .iter()
        .zip(&d)
        .map(|(&c, &d)| if d { c } else { INF })
        .collect();
    let f = fit(&left, &right, None);
    assert_close(
        &survival(&f),
        &[
            (0.0, 1.0),
            (1.0, 1.0),
            (2.0, 0.5),
            (3.0, 0.5),
            (4.0, 0.0),
            (5.0, 0.0),
        ],
        1e-12,
    );
}

/// Exact and right-censored rows only: the NPMLE is the Kaplan–Meier
/// estimate (Efron's self-consistency), here against the crate's
/// KaplanMeier, with heavy ties, weights and groups, at every distinct
/// time (the two estimators report the same times).
#[test]
fn right_censored_only_equals_kaplan_meier() {
    let mut rng = Rng::new(11);
    let n = 300;
    let mut time = Vec::new();
    let mut event = Vec::new();
    let mut w = Vec::new();
    let mut g = Vec::new();
    for _ in 0..n {
        time.push((1 + rng.below(25)) as f64);
        event.push(i64::from(rng.bernoulli(0.6)));
        w.push([0.5, 1.0, 2.5][rng.below(3) as usize]);
        g.push(["g1", "g10", "g2"][rng.below(3) as usize].to_string());
    }
    let km = KaplanMeier::new()
        .fit(
            &SurvData::builder(time.clone(), event.clone())
                .weights(w.clone())
                .groups(g.clone())
                .build()
                .unwrap(),
        )
        .unwrap();
    let right: Vec<f64> = time
        .iter()
        .zip(&event)
        .map(|(&t, &e)| if e == 1 { t } else { INF })
        .collect();
    let tb = Turnbull::new()
        .fit(
            &IntervalData::builder(time, right)
                .weights(w)
                .groups(g)
                .build()
                .unwrap(),
        )
        .unwrap();
    assert_eq!(km.curves.len(), 3);
    for (k, t) in km.curves.iter().zip(&tb.curves) {
        assert_eq!(k.group, t.group);
        let want: Vec<(f64, f64)> = k.rows.iter().map(|r| (r.time, r.survival)).collect();
        let got: Vec<(f64, f64)> = t.rows.iter().map(|r| (r.time, r.survival)).collect();
        assert_close(&got, &want, 1e-10);
    }
}

/// Edge cases: all right-censored (S = 1), one exact time at 0 (S(0) = 0),
/// right-censored at 0 only, one row.
#[test]
fn degenerate_groups() {
    assert_close(
        &survival(&fit(&[1.0, 2.0], &[INF, INF], None)),
        &[(1.0, 1.0), (2.0, 1.0)],
        0.0,
    );
    assert_close(&survival(&fit(&[0.0], &[0.0], None)), &[(0.0, 0.0)], 0.0);
    assert_close(&survival(&fit(&[0.0], &[INF], None)), &[(0.0, 1.0)], 0.0);
    assert_close(
        &survival(&fit(&[3.0], &[7.0], None)),
        &[(3.0, 1.0), (7.0, 0.0)],
        0.0,
    );
    // Large times keep their exact values.
    assert_close(
        &survival(&fit(&[1e300, 0.0], &[INF, 1e-300], None)),
        &[(0.0, 1.0), (1e-300, 0.5), (1e300, 0.5)],
        1e-15,
    );
}

/// Inside an innermost interval the estimate is interpolated linearly;
/// beyond an interval (a, ∞) its mass counts as surviving.
#[test]
fn survival_between_ends_is_interpolated() {
    let f = fit(&[0.0, 2.0], &[2.0, INF], None);
    let c = &f.curves[0];
    assert_eq!(c.survival_at(1.0), 0.75);
    assert_eq!(c.survival_at(2.0), 0.5);
    assert_eq!(c.survival_at(50.0), 0.5);
    assert_eq!(c.survival_at(-1.0), 1.0);
}

/// Hitting the iteration limit is an error describing the state, not a fit.
#[test]
fn non_convergence_is_an_error() {
    let d = IntervalData::builder(vec![0.0, 1.0, 2.0, 0.5], vec![2.0, 3.0, 4.0, 2.5])
        .weights(vec![2.0, 5.0, 1.0, 0.5])
        .build()
        .unwrap();
    match Turnbull::new().max_iterations(1).fit(&d) {
        Err(Error::NoConvergence { detail }) => {
            assert!(
                detail.starts_with("Turnbull NPMLE: after 1 iterations"),
                "{detail}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(Turnbull::new().mass_tolerance(f64::NAN).fit(&d).is_err());
}
