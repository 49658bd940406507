//! Cox regression where it must refuse (separation, constant or collinear
//! covariates, no events) and identities that hold exactly (no ties:
//! Efron = Breslow; integer weights = replicated rows; row order and
//! covariate shifts do not matter; splitting a row in two).

use return_migration::error::Error;
use return_migration::survival::{CoxData, CoxPh, Ties};

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// 12 rows; `x` = 1 exactly for the six earliest events: every event of a
/// row with x = 1 comes before any time of a row with x = 0, so the
/// partial likelihood rises for ever as β_x → ∞. `z` is unrelated noise.
fn separated() -> CoxData {
    CoxData::builder(
        vec![1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.],
        vec![1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1],
    )
    .covariate(
        "z",
        vec![
            0.3, -1.2, 0.8, 0.1, -0.5, 1.4, 0.9, -0.7, 0.2, -0.1, 1.1, -0.9,
        ],
    )
    .covariate("x", vec![1., 1., 1., 1., 1., 1., 0., 0., 0., 0., 0., 0.])
    .build()
    .unwrap()
}

#[test]
fn separation_is_a_non_convergence_error_naming_the_covariate() {
    for ties in [Ties::Efron, Ties::Breslow] {
        let err = CoxPh::new().ties(ties).fit(&separated()).unwrap_err();
        let Error::NoConvergence { detail } = &err else {
            panic!("expected NoConvergence, got {err:?}");
        };
        assert!(
            detail.contains("monotone likelihood (separation): the coefficient of `x`"),
            "{detail}"
        );
        assert!(!detail.contains("`z`"), "{detail}");
        assert!(err.to_string().starts_with("did not converge: Cox model"));
    }
}

#[test]
fn separation_is_found_with_strata_and_delayed_entry_too() {
    let d = CoxData::builder(
        vec![1., 2., 3., 4., 5., 6., 7., 8.],
        vec![1, 1, 1, 0, 1, 1, 1, 0],
    )
    .entry(vec![0., 0.5, 0., 1., 0., 0.5, 0., 1.])
    .covariate("w", vec![0.5, 1.5, -0.3, 0.2, 0.7, -1.0, 0.4, 0.1])
    .covariate("fast", vec![1., 1., 0., 0., 1., 1., 0., 0.])
    .strata(strings(&["a", "a", "a", "a", "b", "b", "b", "b"]))
    .build()
    .unwrap();
    let err = CoxPh::new().fit(&d).unwrap_err();
    assert!(
        err.to_string().contains("the coefficient of `fast`"),
        "{err}"
    );
}

#[test]
fn a_constant_covariate_is_named() {
    let d = CoxData::builder(vec![1., 2., 3., 4.], vec![1, 0, 1, 1])
        .covariate("age", vec![30., 41., 25., 38.])
        .covariate("cohort", vec![0.1, 0.1, 0.1, 0.1])
        .build()
        .unwrap();
    assert_eq!(
        CoxPh::new().fit(&d).unwrap_err(),
        Error::NotIdentifiable {
            term: "cohort".into(),
            reason: "it is constant (every row has the value 0.1)".into()
        }
    );
}

#[test]
fn a_covariate_constant_within_every_stratum_is_named() {
    let d = CoxData::builder(vec![1., 2., 3., 4., 5., 6.], vec![1, 0, 1, 1, 1, 0])
        .covariate("age", vec![30., 41., 25., 38., 33., 29.])
        .covariate("country", vec![1., 1., 1., 2., 2., 2.])
        .strata(strings(&["ma", "ma", "ma", "sn", "sn", "sn"]))
        .build()
        .unwrap();
    assert_eq!(
        CoxPh::new().fit(&d).unwrap_err().to_string(),
        "covariate `country` cannot be estimated: it is constant within every stratum"
    );
}

#[test]
fn a_collinear_covariate_is_named_with_the_ones_it_depends_on() {
    let a = vec![1., 3., 2., 5., 4., 7., 6., 2.];
    let b = vec![0., 1., 1., 0., 1., 0., 0., 1.];
    let sum: Vec<f64> = a.iter().zip(&b).map(|(x, y)| 2.0 * x - y).collect();
    let d = CoxData::builder(
        vec![1., 2., 3., 4., 5., 6., 7., 8.],
        vec![1, 1, 0, 1, 1, 0, 1, 1],
    )
    .covariate("a", a)
    .covariate("b", b)
    .covariate("a2_minus_b", sum)
    .build()
    .unwrap();
    let err = CoxPh::new().fit(&d).unwrap_err();
    assert_eq!(
        err.to_string(),
        "covariate `a2_minus_b` cannot be estimated: it is collinear with the covariates before it (`a`, `b`) within the risk sets"
    );
}

#[test]
fn no_events_is_an_error() {
    let d = CoxData::builder(vec![1., 2., 3.], vec![0, 0, 0])
        .covariate("x", vec![1., 2., 3.])
        .build()
        .unwrap();
    assert_eq!(
        CoxPh::new().fit(&d).unwrap_err().to_string(),
        "no usable data: Cox model: no events with a positive weight"
    );
}

fn small() -> (Vec<f64>, Vec<i64>, Vec<f64>, Vec<f64>) {
    (
        vec![2.5, 7.0, 1.0, 4.0, 9.5, 3.0, 6.0, 8.0, 5.5, 10.0],
        vec![1, 0, 1, 1, 0, 1, 1, 1, 0, 1],
        vec![0.5, 1.2, -0.3, 0.8, 2.0, -1.1, 0.0, 1.5, -0.6, 0.9],
        vec![1., 0., 1., 1., 0., 0., 1., 0., 1., 0.],
    )
}

#[test]
fn without_ties_efron_equals_breslow() {
    let (t, e, x1, x2) = small();
    let d = CoxData::builder(t, e)
        .covariate("x1", x1)
        .covariate("x2", x2)
        .build()
        .unwrap();
    let a = CoxPh::new().ties(Ties::Efron).fit(&d).unwrap();
    let b = CoxPh::new().ties(Ties::Breslow).fit(&d).unwrap();
    for (s, r) in a.terms.iter().zip(&b.terms) {
        assert_eq!(s.coef, r.coef);
        assert_eq!(s.se, r.se);
    }
    assert_eq!(a.loglik, b.loglik);
}

#[test]
fn integer_weights_equal_replicated_rows() {
    let (t, e, x1, x2) = small();
    let w = [1., 2., 3., 1., 2., 1., 1., 3., 2., 1.];
    let weighted = CoxData::builder(t.clone(), e.clone())
        .covariate("x1", x1.clone())
        .covariate("x2", x2.clone())
        .weights(w.to_vec())
        .build()
        .unwrap();
    let rep = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .zip(&w)
            .flat_map(|(x, &k)| std::iter::repeat_n(*x, k as usize))
            .collect()
    };
    let ev: Vec<i64> = e
        .iter()
        .zip(&w)
        .flat_map(|(x, &k)| std::iter::repeat_n(*x, k as usize))
        .collect();
    let replicated = CoxData::builder(rep(&t), ev)
        .covariate("x1", rep(&x1))
        .covariate("x2", rep(&x2))
        .build()
        .unwrap();
    // Breslow only: Efron's correction counts tied event rows, so a row of
    // weight 3 is one event there but three tied events once replicated
    // (as in R).
    {
        let a = CoxPh::new().ties(Ties::Breslow).fit(&weighted).unwrap();
        let b = CoxPh::new().ties(Ties::Breslow).fit(&replicated).unwrap();
        assert!(
            a.terms[0].robust_se.is_none(),
            "whole weights: model-based se"
        );
        for (s, r) in a.terms.iter().zip(&b.terms) {
            assert!((s.coef - r.coef).abs() < 1e-12 * r.coef.abs().max(1.0));
            assert!((s.se - r.se).abs() < 1e-12 * r.se);
        }
        assert!((a.loglik - b.loglik).abs() < 1e-11 * b.loglik.abs());
        assert!((a.concordance.value - b.concordance.value).abs() < 1e-14);
    }
}

#[test]
fn row_order_and_covariate_shifts_do_not_change_the_fit() {
    let (t, e, x1, x2) = small();
    let base = CoxData::builder(t.clone(), e.clone())
        .covariate("x1", x1.clone())
        .covariate("x2", x2.clone())
        .build()
        .unwrap();
    let perm = [3, 7, 0, 9, 1, 5, 8, 2, 6, 4];
    let pick = |v: &[f64]| perm.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let shifted: Vec<f64> = pick(&x1).iter().map(|v| v + 1000.0).collect();
    let other = CoxData::builder(pick(&t), perm.iter().map(|&i| e[i]).collect())
        .covariate("x1", shifted)
        .covariate("x2", pick(&x2))
        .build()
        .unwrap();
    let a = CoxPh::new().fit(&base).unwrap();
    let b = CoxPh::new().fit(&other).unwrap();
    for (s, r) in a.terms.iter().zip(&b.terms) {
        assert!((s.coef - r.coef).abs() < 1e-10 * r.coef.abs().max(1.0));
        assert!((s.se - r.se).abs() < 1e-10 * r.se);
    }
    assert!((a.loglik - b.loglik).abs() < 1e-11 * a.loglik.abs());
    assert_eq!(a.concordance, b.concordance);
    // The prediction for the same (shifted) profile is the same curve.
    let sa = a.survival(&[0.5, 1.0]).unwrap();
    let sb = b.survival(&[1000.5, 1.0]).unwrap();
    for (ra, rb) in sa.curves[0].rows.iter().zip(&sb.curves[0].rows) {
        assert!((ra.cumhaz - rb.cumhaz).abs() < 1e-10 * ra.cumhaz.max(1e-300));
    }
}

#[test]
fn splitting_a_row_at_a_time_without_events_changes_nothing() {
    // Row 0 at risk (0, 7] becomes (0, 3.5] + (3.5, 7] of the same subject:
    // the partial likelihood is the same, and with the subject as the
    // cluster the robust variance is the same too.
    let (t, e, x1, _) = small();
    let ids: Vec<String> = (0..t.len()).map(|i| format!("s{i}")).collect();
    let whole = CoxData::builder(t.clone(), e.clone())
        .covariate("x1", x1.clone())
        .clusters(ids.clone())
        .build()
        .unwrap();
    let mut t2 = t.clone();
    let mut e2 = e.clone();
    let mut entry = vec![0.0; t.len()];
    let mut x = x1.clone();
    let mut id2 = ids.clone();
    // Row 1 exits at 7.0 censored; 3.25 is not an event time.
    t2[1] = 3.25;
    e2[1] = 0;
    t2.push(7.0);
    e2.push(0);
    entry.push(3.25);
    x.push(x1[1]);
    id2.push(ids[1].clone());
    let split = CoxData::builder(t2, e2)
        .entry(entry)
        .covariate("x1", x)
        .clusters(id2)
        .build()
        .unwrap();
    let a = CoxPh::new().fit(&whole).unwrap();
    let b = CoxPh::new().fit(&split).unwrap();
    let (s, r) = (&a.terms[0], &b.terms[0]);
    assert!((s.coef - r.coef).abs() < 1e-12);
    assert!((s.se - r.se).abs() < 1e-12);
    assert!((s.robust_se.unwrap() - r.robust_se.unwrap()).abs() < 1e-12);
    assert!((a.loglik - b.loglik).abs() < 1e-12);
}

#[test]
fn the_display_shows_the_table_and_the_convergence() {
    let (t, e, x1, x2) = small();
    let d = CoxData::builder(t, e)
        .covariate("x1", x1)
        .covariate("x2", x2)
        .build()
        .unwrap();
    let fit = CoxPh::new().fit(&d).unwrap();
    let text = fit.to_string();
    assert!(text.starts_with("Cox model (Efron ties): n = 10, events = 7; converged in "));
    assert!(text.contains("\nx1 "));
    assert!(text.contains("likelihood ratio test: "));
}

#[test]
fn a_covariate_matrix_gives_the_same_fit_as_columns() {
    use ndarray::Array2;
    let (t, e, x1, x2) = small();
    let x3: Vec<f64> = x1.iter().map(|v| v * v).collect();
    let x4: Vec<f64> = (0..10).map(|i| ((i * 7) % 5) as f64).collect();
    let columns = CoxData::builder(t.clone(), e.clone())
        .covariate("x1", x1.clone())
        .covariate("x2", x2.clone())
        .covariate("x3", x3.clone())
        .covariate("x4", x4.clone())
        .build()
        .unwrap();
    // x2 as a column between two matrix blocks, the second column-major.
    let m1 = Array2::from_shape_vec((10, 1), x1.clone()).unwrap();
    let m34 = Array2::from_shape_vec((2, 10), [x3, x4].concat())
        .unwrap()
        .reversed_axes();
    assert!(!m34.is_standard_layout());
    let mixed = CoxData::builder(t, e)
        .covariates(&["x1"], m1)
        .covariate("x2", x2)
        .covariates(&["x3", "x4"], m34)
        .build()
        .unwrap();
    let a = CoxPh::new().fit(&columns).unwrap();
    let b = CoxPh::new().fit(&mixed).unwrap();
    assert_eq!(a.terms, b.terms);
    assert_eq!(a.loglik, b.loglik);
    let err = CoxData::builder(vec![1.0], vec![1])
        .covariates(&["a", "b"], Array2::zeros((1, 3)))
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "invalid covariates: 2 names for 3 columns");
}

#[test]
fn the_iteration_limit_is_an_error() {
    let (t, e, x1, x2) = small();
    let d = CoxData::builder(t, e)
        .covariate("x1", x1)
        .covariate("x2", x2)
        .build()
        .unwrap();
    let err = CoxPh::new().max_iter(1).fit(&d).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "did not converge: Cox model (Efron ties): no convergence in 1 iterations"
        ),
        "{err}"
    );
    assert!(CoxPh::new().max_iter(0).fit(&d).is_err());
}

#[test]
fn separation_by_a_combination_of_covariates_is_reported() {
    // Neither a nor b alone orders the events, but a + b = 10 − time, so
    // the risk score a + b is largest for whoever has the event, always.
    let noise = [3.0, -3.0, 2.0, -2.5, 3.0, -3.0, 2.0, -2.0, 1.5, -1.5];
    let sum: Vec<f64> = (1..=10).map(|t| 10.0 - t as f64).collect();
    let a: Vec<f64> = sum.iter().zip(&noise).map(|(s, e)| s / 2.0 + e).collect();
    let b: Vec<f64> = sum.iter().zip(&noise).map(|(s, e)| s / 2.0 - e).collect();
    let d = CoxData::builder(
        vec![1., 2., 3., 4., 5., 6., 7., 8., 9., 10.],
        vec![1, 1, 1, 1, 1, 1, 0, 1, 1, 1],
    )
    .covariate("a", a)
    .covariate("b", b)
    .build()
    .unwrap();
    let err = CoxPh::new().fit(&d).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::NoConvergence { .. }), "{text}");
    assert!(text.contains("`a`") && text.contains("`b`"), "{text}");
}
