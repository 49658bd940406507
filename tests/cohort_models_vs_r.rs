//! A built cohort to a model in one call (issue 11): the synthetic Barone
//! cohort (datasets/synthetic_barone_cohort.csv) built with the library,
//! its rows equal to the `cohort` pipeline's output committed as
//! tests/fixtures/cohort_models/rows.csv, and the models fitted by R on
//! those rows (models.R; R 4.2.2, survival 3.5.3, cmprsk 2.2.11).

mod common;

use return_migration::cohort::{CohortBuilder, records_from_path};
use return_migration::data::CsvTable;
use return_migration::frame::FrameSpec;
use return_migration::survival::CoxPh;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cohort_models");
const RECORDS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/datasets/synthetic_barone_cohort.csv"
);

fn reference(file: &str) -> Vec<(String, f64, f64)> {
    let t = CsvTable::from_path(format!("{DIR}/{file}")).unwrap();
    (0..t.len())
        .map(|i| {
            (
                t.text(i, "term").unwrap().trim().to_string(),
                t.parse_f64(i, "coef").unwrap(),
                t.parse_f64(i, "se").unwrap(),
            )
        })
        .collect()
}

/// Asserts every (term, coef, se) of a fit against R's table, to `tol`
/// relative.
fn assert_terms<'a>(fit: impl ExactSizeIterator<Item = (&'a str, f64, f64)>, file: &str, tol: f64) {
    let r = reference(file);
    assert_eq!(fit.len(), r.len(), "{file}");
    for ((term, coef, se), (r_term, r_coef, r_se)) in fit.zip(&r) {
        assert_eq!(term, r_term);
        assert!(
            (coef - r_coef).abs() <= tol * r_coef.abs(),
            "{term}: {coef} vs {r_coef}"
        );
        assert!((se - r_se).abs() <= tol * r_se, "{term}: {se} vs {r_se}");
    }
}

fn spec() -> FrameSpec {
    FrameSpec::new(&["assistance", "sex", "age_at_return"]).factors(&["assistance", "sex"])
}

#[test]
fn pipeline_rows_are_the_committed_fixture() {
    let argv: Vec<String> = vec!["--input".into(), RECORDS.into()];
    let mut out = Vec::new();
    return_migration::pipeline::cohort(&argv, &mut out).unwrap();
    let committed = std::fs::read_to_string(format!("{DIR}/rows.csv")).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), committed);
}

#[test]
fn cox_of_a_built_cohort_in_one_call_matches_r() {
    // R: coxph(Surv(exit, event) ~ assistance + sex + age_at_return, rows)
    let records = records_from_path(RECORDS).unwrap();
    let built = CohortBuilder::new().first_events(&records).unwrap();
    let fit = CoxPh::new()
        .fit(&built.cox_data(&records, &spec()).unwrap())
        .unwrap();
    let terms = fit.terms.iter().map(|t| (t.term.as_str(), t.coef, t.se));
    assert_terms(terms, "cox.coef.csv", 1e-8);
}

#[test]
fn finegray_of_a_built_cohort_in_one_call_matches_r_crr() {
    // R: crr(exit, status, model.matrix(~ assistance + sex + age_at_return)[, -1], failcode = 1)
    use return_migration::survival::FineGray;
    let records = records_from_path(RECORDS).unwrap();
    let built = CohortBuilder::new().first_events(&records).unwrap();
    let fit = FineGray::new(1)
        .fit(&built.finegray_data(&records, &spec()).unwrap())
        .unwrap();
    let terms = fit.terms.iter().map(|t| (t.term.as_str(), t.coef, t.se));
    assert_terms(terms, "finegray.coef.csv", 1e-6);
}

#[test]
fn weibull_aft_of_a_built_cohort_in_one_call_matches_r_survreg() {
    // R: survreg(Surv(left, right, type = "interval2") ~ assistance + sex + age_at_return,
    //            dist = "weibull"), left = 0 coded NA (left-censored)
    use return_migration::survival::{Dist, Survreg};
    let records = records_from_path(RECORDS).unwrap();
    let built = CohortBuilder::new().first_events(&records).unwrap();
    let fit = Survreg::new()
        .dist(Dist::Weibull)
        .fit(&built.aft_data(&records, &spec()).unwrap())
        .unwrap();
    let terms = fit.terms.iter().map(|t| (t.term.as_str(), t.coef, t.se));
    assert_terms(terms, "weibull.coef.csv", 1e-6);
}

#[test]
fn discrete_hazard_through_the_frame_equals_the_hand_coded_covariate() {
    // The glm parity of the discrete-time hazard is in cohort_discrete_vs_r.rs;
    // here the frame's coding must give the same fit as a hand-made 0/1 column.
    use return_migration::cohort::{DiscreteHazard, Link};
    let records = records_from_path(RECORDS).unwrap();
    let periods = CohortBuilder::new().person_periods(&records).unwrap();
    for link in [Link::Logit, Link::Cloglog] {
        let framed = DiscreteHazard::new()
            .link(link)
            .frame(
                &records,
                &FrameSpec::new(&["assistance"]).factor("assistance"),
            )
            .unwrap()
            .fit(&periods.rows)
            .unwrap();
        let by_hand: Vec<f64> = records
            .iter()
            .map(|r| f64::from(u8::from(r.assistance == "reintegration grant")))
            .collect();
        let hand = DiscreteHazard::new()
            .link(link)
            .covariate("assistancereintegration grant", by_hand)
            .fit(&periods.rows)
            .unwrap();
        assert_eq!(framed.coefficients, hand.coefficients);
    }
}
