//! The discrete-time hazard (person-period binary regression) against R
//! 4.2.2 `glm(event ~ 0 + factor(period) [+ grant + age], family =
//! binomial(link = "logit" | "cloglog"), control = glm.control(epsilon =
//! 1e-15, maxit = 200))`, on the fixtures written by
//! `tests/fixtures/cohort/discrete_hazard.R`. Tolerance: relative 1e-8.

use std::path::{Path, PathBuf};

use return_migration::cohort::{Channel, DiscreteHazard, Link, PersonPeriodRow};
use return_migration::data::CsvTable;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cohort")
        .join(name)
}

/// Rows and per-person covariates (grant, age) of a case.
fn load(case: &str) -> (Vec<PersonPeriodRow>, Vec<f64>, Vec<f64>) {
    let t = CsvTable::from_path(fixture(&format!("{case}_data.csv"))).unwrap();
    let mut rows = Vec::new();
    let (mut grant, mut age) = (Vec::new(), Vec::new());
    for i in 0..t.len() {
        let person = t.parse_f64(i, "person").unwrap() as u32;
        if person as usize == grant.len() {
            grant.push(t.parse_f64(i, "grant").unwrap());
            age.push(t.parse_f64(i, "age").unwrap());
        }
        rows.push(PersonPeriodRow {
            person,
            cohort: 2020,
            group: 0,
            period: t.parse_f64(i, "period").unwrap() as u32,
            channel: (t.parse_f64(i, "event").unwrap() == 1.0).then_some(Channel::Irregular),
        });
    }
    (rows, grant, age)
}

fn close(what: &str, ours: f64, r: f64) {
    assert!(
        (ours - r).abs() <= 1e-8 * r.abs(),
        "{what}: ours {ours}, R {r}, relative {:e}",
        (ours - r).abs() / r.abs()
    );
}

fn compare(case: &str, model: DiscreteHazard, rows: &[PersonPeriodRow]) {
    let fit = model.fit(rows).unwrap();
    let r = CsvTable::from_path(fixture(&format!("{case}_glm.csv"))).unwrap();
    assert_eq!(r.len(), fit.coefficients.len());
    for (i, c) in fit.coefficients.iter().enumerate() {
        let term = r.text(i, "term").unwrap();
        for (col, ours) in [
            ("estimate", c.coef),
            ("std_err", c.se),
            ("z", c.z),
            ("p_value", c.p),
        ] {
            close(
                &format!("{case} {term} {col}"),
                ours,
                r.parse_f64(i, col).unwrap(),
            );
        }
    }
    let dev = CsvTable::from_path(fixture(&format!("{case}_deviance.csv"))).unwrap();
    close(
        &format!("{case} deviance"),
        fit.deviance,
        dev.parse_f64(0, "deviance").unwrap(),
    );
    assert!(fit.convergence.last_change <= 1e-10);
}

#[test]
fn periods_and_covariates_match_glm() {
    let (rows, grant, age) = load("covariates");
    let model = DiscreteHazard::new()
        .covariate("grant", grant)
        .covariate("age", age);
    compare("covariates", model, &rows);
}

#[test]
fn periods_only_match_glm_and_the_crude_hazards() {
    let (rows, _, _) = load("periods_only");
    compare("periods_only", DiscreteHazard::new(), &rows);
    // without covariates the hazard of a period is events / at risk
    let fit = DiscreteHazard::new().fit(&rows).unwrap();
    for h in &fit.periods {
        assert!((h.hazard - h.events as f64 / h.at_risk as f64).abs() < 1e-12);
        assert!(h.lower < h.hazard && h.hazard < h.upper);
    }
}

#[test]
fn cloglog_periods_and_covariates_match_glm() {
    let (rows, grant, age) = load("covariates");
    let model = DiscreteHazard::new()
        .link(Link::Cloglog)
        .covariate("grant", grant)
        .covariate("age", age);
    compare("covariates_cloglog", model, &rows);
}

#[test]
fn cloglog_periods_only_match_glm_and_the_crude_hazards() {
    let (rows, _, _) = load("periods_only");
    compare(
        "periods_only_cloglog",
        DiscreteHazard::new().link(Link::Cloglog),
        &rows,
    );
    // the hazards do not depend on the link without covariates
    let fit = DiscreteHazard::new()
        .link(Link::Cloglog)
        .fit(&rows)
        .unwrap();
    let logit = DiscreteHazard::new().fit(&rows).unwrap();
    for (h, l) in fit.periods.iter().zip(&logit.periods) {
        assert!((h.hazard - h.events as f64 / h.at_risk as f64).abs() < 1e-12);
        assert!((h.hazard - l.hazard).abs() < 1e-12);
        // the delta-method se of h is link-free too: √(h(1 − h)/n)
        let n = h.at_risk as f64;
        let exact = (h.hazard * (1.0 - h.hazard) / n).sqrt();
        assert!(
            (h.std_err - exact).abs() < 1e-12 * exact,
            "{} {exact}",
            h.std_err
        );
        assert!(h.lower < h.hazard && h.hazard < h.upper);
    }
    assert!((fit.deviance - logit.deviance).abs() < 1e-9);
    assert_eq!(fit.link, Link::Cloglog);
}

#[test]
fn unidentifiable_models_are_errors_not_numbers() {
    let (mut rows, grant, _) = load("periods_only");
    // a period where nobody re-migrates has no finite log-odds
    for r in rows.iter_mut().filter(|r| r.period == 5) {
        r.channel = None;
    }
    let err = DiscreteHazard::new().fit(&rows).unwrap_err().to_string();
    assert!(err.contains("period 5 has 0 first re-migrations"), "{err}");
    // a constant covariate: the information matrix is singular
    let (rows, _, _) = load("periods_only");
    let constant = vec![1.0; grant.len()];
    assert!(
        DiscreteHazard::new()
            .covariate("one", constant)
            .fit(&rows)
            .is_err()
    );
    // a covariate that separates re-migrants: no convergence
    let separating: Vec<f64> = {
        let mut v = vec![0.0; grant.len()];
        for r in rows.iter().filter(|r| r.event()) {
            v[r.person as usize] = 1.0;
        }
        v
    };
    let err = DiscreteHazard::new()
        .covariate("sep", separating)
        .fit(&rows)
        .unwrap_err();
    assert!(
        matches!(err, return_migration::error::Error::NoConvergence { .. }),
        "{err}"
    );
    // a covariate too short for the rows' persons
    assert!(
        DiscreteHazard::new()
            .covariate("short", vec![0.0])
            .fit(&rows)
            .is_err()
    );
    assert!(DiscreteHazard::new().fit(&[]).is_err());
}
