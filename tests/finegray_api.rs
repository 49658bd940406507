//! The Fine–Gray library API beyond R parity: builder errors, predictions
//! and their documented caveat, the baseline at x = 0 and at the means,
//! relabelled causes, printing.

use return_migration::error::{Error, ValueProblem};
use return_migration::survival::{FineGray, FineGrayData};

fn example(status: Vec<i64>) -> FineGrayData {
    FineGrayData::builder(
        vec![2., 3., 3., 5., 6., 7., 8., 9., 11., 12., 14., 15., 16., 18.],
        status,
    )
    .covariate(
        "assisted",
        vec![1., 0., 0., 1., 0., 0., 1., 1., 1., 0., 1., 0., 1., 0.],
    )
    .covariate(
        "age",
        vec![
            24., 31., 45., 29., 38., 52., 27., 33., 41., 36., 22., 48., 30., 44.,
        ],
    )
    .build()
    .unwrap()
}

const STATUS: [i64; 14] = [1, 2, 1, 0, 1, 2, 0, 1, 2, 0, 1, 0, 2, 1];

#[test]
fn builder_errors_name_the_row_and_column() {
    let err = FineGrayData::builder(vec![1., 2.], vec![1, 0])
        .covariate("x", vec![0.0])
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        Error::LengthMismatch {
            column: "x".into(),
            expected: 2,
            found: 1
        }
    );
    let err = FineGrayData::builder(vec![1., 2.], vec![1, 0])
        .covariate("x", vec![0.0, f64::INFINITY])
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        Error::InvalidValue {
            row: 1,
            column: "x".into(),
            problem: ValueProblem::NotFinite {
                value: f64::INFINITY
            }
        }
    );
    let err = FineGrayData::builder(vec![1., 2.], vec![1, 0])
        .covariate("x", vec![0.0, 1.0])
        .covariate("x", vec![0.0, 1.0])
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "invalid covariates: `x` is given twice");
    let err = FineGrayData::builder(vec![1., -2.], vec![1, 0])
        .covariate("x", vec![0.0, 1.0])
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 2 (counting from 1), column `time`: negative time -2"
    );
    assert_eq!(
        FineGrayData::builder(vec![], vec![])
            .covariate("x", vec![])
            .build()
            .unwrap_err(),
        Error::EmptyInput
    );
}

#[test]
fn relabelled_causes_give_the_same_fit() {
    let a = FineGray::new(1).fit(&example(STATUS.to_vec())).unwrap();
    let relabelled: Vec<i64> = STATUS.iter().map(|&s| [0, 7, 3][s as usize]).collect();
    let b = FineGray::new(7).fit(&example(relabelled)).unwrap();
    assert_eq!(b.causes, vec![3, 7]);
    for (s, t) in a.terms.iter().zip(&b.terms) {
        assert_eq!((s.coef, s.se, s.naive_se), (t.coef, t.se, t.naive_se));
    }
}

#[test]
fn baseline_and_predictions_agree_with_each_other() {
    let fit = FineGray::new(1).fit(&example(STATUS.to_vec())).unwrap();
    assert_eq!((fit.n_events, fit.n_competing, fit.n_censored), (6, 4, 4));
    let times: Vec<f64> = fit.baseline.iter().map(|b| b.time).collect();
    assert_eq!(times, vec![2., 3., 6., 9., 14., 18.]);
    let lp_means: f64 = fit
        .means
        .iter()
        .zip(&fit.terms)
        .map(|(m, t)| m * t.coef)
        .sum();
    for b in &fit.baseline {
        assert!((b.jump_at_means - b.jump * lp_means.exp()).abs() <= 1e-14 * b.jump_at_means);
    }
    // At x = 0 the prediction is 1 − exp(−Σ jumps at x = 0).
    let at_zero = fit.predict(&[0.0, 0.0]).unwrap();
    let mut cumhaz = 0.0;
    for (pt, b) in at_zero.points.iter().zip(&fit.baseline) {
        cumhaz += b.jump;
        assert!((pt.cif - (1.0 - (-cumhaz).exp())).abs() < 1e-14);
    }
    assert_eq!(
        fit.predict(&[1.0]).unwrap_err().to_string(),
        "invalid covariate pattern: 1 values for 2 covariates"
    );
    assert_eq!(
        fit.predict(&[1.0, f64::NAN]).unwrap_err().to_string(),
        "invalid covariate pattern: value NaN is not finite"
    );
}

#[test]
fn predicted_incidences_of_separate_causes_can_add_up_to_more_than_one() {
    // x = 1 subjects all have an event (of either cause) early, x = 0
    // subjects are mostly censored: x raises the incidence of both causes,
    // and at x = 3 the two separately fitted models predict incidences
    // whose sum exceeds 1 — the documented caveat.
    let time = vec![
        1., 2., 3., 4., 5., 6., 7., 8., 2., 4., 6., 8., 9., 10., 11., 12.,
    ];
    let status = vec![1, 2, 1, 2, 1, 2, 1, 2, 0, 1, 0, 2, 0, 0, 1, 0];
    let x = vec![
        1., 1., 1., 1., 1., 1., 1., 1., 0., 0., 0., 0., 0., 0., 0., 0.,
    ];
    let data = FineGrayData::builder(time, status)
        .covariate("x", x)
        .build()
        .unwrap();
    let one = FineGray::new(1).fit(&data).unwrap();
    let two = FineGray::new(2).fit(&data).unwrap();
    assert!(one.terms[0].coef > 0.0 && two.terms[0].coef > 0.0);
    let last = |f: &return_migration::survival::FineGrayFit| {
        f.predict(&[3.0]).unwrap().points.last().unwrap().cif
    };
    assert!(
        last(&one) + last(&two) > 1.0,
        "{} + {}",
        last(&one),
        last(&two)
    );
}

#[test]
fn printing_shows_the_model_and_both_standard_errors() {
    let fit = FineGray::new(1).fit(&example(STATUS.to_vec())).unwrap();
    let text = fit.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(
            "Fine–Gray model, cause 1: n = 14, events = 6, competing = 4, censored = 4; converged"
        ),
        "{text}"
    );
    assert!(lines[1].contains("se(coef)") && lines[1].contains("naive se"));
    assert!(lines[2].starts_with("assisted") && lines[3].starts_with("age"));
    assert!(lines[4].starts_with("log pseudo-likelihood"));
}
