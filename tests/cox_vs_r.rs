//! Cox regression against R survival 3.5.3 (`coxph` iterated to full
//! convergence, `survfit.coxph`), on the fixtures written by
//! `tests/fixtures/cox/cox.R`: lung, veteran (strata), Rossi, heavily tied
//! data (strata, weights), delayed entry (clusters), the Stanford heart
//! transplant data (time-varying covariate) and the bladder recurrences
//! (Andersen–Gill). Tolerance: relative 1e-8 (absolute 1e-12 near 0).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use return_migration::data::CsvTable;
use return_migration::survival::{CoxColumns, CoxData, CoxFit, CoxPh, Ties};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cox")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .replace("\r\n", "\n")
}

/// One row of models.csv.
struct Model {
    case: String,
    model: String,
    ties: Ties,
    columns: CoxColumns,
}

fn set(v: &str) -> Option<&str> {
    (!v.is_empty()).then_some(v)
}

fn models() -> Vec<Model> {
    let text = read(&fixtures().join("models.csv"));
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let covariates: Vec<&str> = f[3].split(' ').collect();
            let mut columns = CoxColumns::new("time", "event", &covariates);
            if let Some(c) = set(f[4]) {
                columns = columns.entry(c);
            }
            if let Some(c) = set(f[5]) {
                columns = columns.strata(c);
            }
            if let Some(c) = set(f[6]) {
                columns = columns.cluster(c);
            }
            if let Some(c) = set(f[7]) {
                columns = columns.weight(c);
            }
            Model {
                case: f[0].to_string(),
                model: f[1].to_string(),
                ties: Ties::parse(f[2]).unwrap(),
                columns,
            }
        })
        .collect()
}

fn table(case: &str) -> CsvTable {
    CsvTable::from_path(fixtures().join(case).join("data.csv")).unwrap()
}

fn fit(m: &Model) -> (CoxFit, CsvTable) {
    let t = table(&m.case);
    let data = CoxData::from_table(&t, &m.columns).unwrap();
    let fit = CoxPh::new()
        .ties(m.ties)
        .fit(&data)
        .unwrap_or_else(|e| panic!("{}/{}: {e}", m.case, m.model));
    (fit, t)
}

fn close(ours: f64, r: f64) -> bool {
    ours == r || (ours - r).abs() <= 1e-8 * ours.abs().max(r.abs()) || (ours - r).abs() < 1e-12
}

fn parse(text: &str) -> Option<f64> {
    (!text.is_empty()).then(|| text.parse().unwrap())
}

fn check(failures: &mut Vec<String>, label: String, ours: Option<f64>, r: Option<f64>) {
    let ok = match (ours, r) {
        (Some(a), Some(b)) => close(a, b),
        (None, None) => true,
        _ => false,
    };
    if !ok {
        failures.push(format!("{label}: ours {ours:?} R {r:?}"));
    }
}

fn report(failures: Vec<String>, compared: usize, at_least: usize) {
    assert!(compared >= at_least, "only {compared} values compared");
    let shown: Vec<_> = failures.iter().take(40).cloned().collect();
    assert!(
        failures.is_empty(),
        "{} mismatches of {compared}:\n{}",
        failures.len(),
        shown.join("\n")
    );
}

#[test]
fn coefficient_tables_match_r() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for m in models() {
        let (fit, _) = fit(&m);
        let text = read(
            &fixtures()
                .join(&m.case)
                .join(format!("{}.coef.csv", m.model)),
        );
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(rows.len(), fit.terms.len(), "{}/{}", m.case, m.model);
        for (row, t) in rows.iter().zip(&fit.terms) {
            let f: Vec<&str> = row.split(',').collect();
            assert_eq!(f[0], t.term);
            let ours = [
                Some(t.coef),
                Some(t.exp_coef),
                Some(t.se),
                t.robust_se,
                Some(t.z),
                Some(t.p),
                Some(t.lower),
                Some(t.upper),
            ];
            let names = [
                "coef",
                "exp_coef",
                "se",
                "robust_se",
                "z",
                "p",
                "lower",
                "upper",
            ];
            for (k, name) in names.iter().enumerate() {
                let label = format!("{}/{} {} {name}", m.case, m.model, t.term);
                check(&mut failures, label, ours[k], parse(f[k + 1]));
                compared += 1;
            }
        }
    }
    report(failures, compared, 400);
}

#[test]
fn likelihoods_tests_and_concordance_match_r() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for m in models() {
        let (fit, _) = fit(&m);
        let text = read(
            &fixtures()
                .join(&m.case)
                .join(format!("{}.stats.csv", m.model)),
        );
        let r: BTreeMap<&str, Option<f64>> = text
            .lines()
            .skip(1)
            .map(|l| {
                let (k, v) = l.split_once(',').unwrap();
                (k, parse(v))
            })
            .collect();
        let c = &fit.concordance;
        let ours = [
            ("loglik_null", Some(fit.loglik_null)),
            ("loglik", Some(fit.loglik)),
            ("lr", Some(fit.likelihood_ratio.statistic)),
            ("wald", fit.wald.map(|w| w.statistic)),
            ("score", Some(fit.score.statistic)),
            ("robust_score", fit.robust_score.map(|w| w.statistic)),
            ("concordant", Some(c.concordant)),
            ("discordant", Some(c.discordant)),
            ("tied_x", Some(c.tied_risk)),
            ("tied_y", Some(c.tied_time)),
            ("tied_xy", Some(c.tied_both)),
            ("concordance", Some(c.value)),
            ("n", Some(fit.n as f64)),
            ("nevent", Some(fit.n_events as f64)),
        ];
        for (name, value) in ours {
            let label = format!("{}/{} {name}", m.case, m.model);
            check(&mut failures, label, value, r[name]);
            compared += 1;
        }
    }
    report(failures, compared, 250);
}

#[test]
fn predicted_survival_matches_r_survfit_coxph() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for m in models() {
        let (fit, t) = fit(&m);
        let profile: Vec<f64> = m
            .columns
            .covariates
            .iter()
            .map(|c| t.parse_f64(0, c).unwrap())
            .collect();
        let ours = fit.survival(&profile).unwrap();
        let text = read(
            &fixtures()
                .join(&m.case)
                .join(format!("{}.survfit.csv", m.model)),
        );
        let mut r_rows: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        r_rows.sort_by(|a, b| a[0].cmp(b[0]));
        let our_rows: Vec<(String, Vec<f64>)> = ours
            .curves
            .iter()
            .flat_map(|c| {
                c.rows.iter().map(|r| {
                    let v = vec![
                        r.time,
                        r.n_risk,
                        r.n_event,
                        r.n_censor,
                        r.cumhaz,
                        r.cumhaz_se,
                        r.survival,
                        r.lower,
                        r.upper,
                    ];
                    (c.stratum.clone(), v)
                })
            })
            .collect();
        let label = format!("{}/{}", m.case, m.model);
        assert_eq!(our_rows.len(), r_rows.len(), "{label}: rows");
        let names = [
            "time",
            "n_risk",
            "n_event",
            "n_censor",
            "cumhaz",
            "cumhaz_se",
            "survival",
            "lower",
            "upper",
        ];
        for (i, ((stratum, ours), r)) in our_rows.iter().zip(&r_rows).enumerate() {
            assert_eq!(stratum, r[0], "{label} row {i}");
            for (k, name) in names.iter().enumerate() {
                let l = format!("{label} row {i} {name}");
                check(&mut failures, l, Some(ours[k]), parse(r[k + 1]));
                compared += 1;
            }
        }
    }
    report(failures, compared, 10_000);
}

#[test]
fn baseline_hazard_matches_r_basehaz() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for m in models() {
        let (fit, _) = fit(&m);
        let text = read(
            &fixtures()
                .join(&m.case)
                .join(format!("{}.basehaz.csv", m.model)),
        );
        let mut r_rows: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        r_rows.sort_by(|a, b| a[0].cmp(b[0]));
        let ours: Vec<(String, f64, f64)> = fit
            .baseline_hazard()
            .curves
            .iter()
            .flat_map(|c| c.rows.iter().map(|r| (c.stratum.clone(), r.time, r.cumhaz)))
            .collect();
        let label = format!("{}/{}", m.case, m.model);
        assert_eq!(ours.len(), r_rows.len(), "{label}: rows");
        for (i, ((stratum, time, cumhaz), r)) in ours.iter().zip(&r_rows).enumerate() {
            assert_eq!(stratum, r[0], "{label} row {i}");
            check(
                &mut failures,
                format!("{label} row {i} time"),
                Some(*time),
                parse(r[1]),
            );
            check(
                &mut failures,
                format!("{label} row {i} cumhaz"),
                Some(*cumhaz),
                parse(r[2]),
            );
            compared += 2;
        }
    }
    report(failures, compared, 4_000);
}

/// Fox & Weisberg, "Cox Proportional-Hazards Regression for Survival Data
/// in R" (appendix to An R Companion to Applied Regression), the fit of
/// `coxph(Surv(week, arrest) ~ fin + age + race + wexp + mar + paro + prio,
/// data = Rossi)`. The printed table below was read off R 4.2.2 /
/// survival 3.5.3 (`summary(fit)`); it matches the published table to its
/// printed digits (coef to 5 decimals, exp(coef) to 5, se to 5, z to 3, p
/// to its 3-4 significant digits; likelihood ratio test 33.27 on 7 df,
/// p = 2.362e-05; n = 432, 114 events).
#[test]
fn rossi_matches_the_published_table() {
    let m = models()
        .into_iter()
        .find(|m| m.case == "rossi" && m.model == "efron")
        .unwrap();
    let (fit, _) = fit(&m);
    #[rustfmt::skip]
    let published = [
        ("fin",  -0.37942, 0.68426, 0.19138, -1.983, 0.04742),
        ("age",  -0.05744, 0.94418, 0.02200, -2.611, 0.00903),
        ("race",  0.31390, 1.36875, 0.30799,  1.019, 0.30812),
        ("wexp", -0.14980, 0.86088, 0.21222, -0.706, 0.48029),
        ("mar",  -0.43370, 0.64810, 0.38187, -1.136, 0.25606),
        ("paro", -0.08487, 0.91863, 0.19576, -0.434, 0.66461),
        ("prio",  0.09150, 1.09581, 0.02865,  3.194, 0.00140),
    ];
    let round = |v: f64, digits: i32| (v * 10f64.powi(digits)).round() / 10f64.powi(digits);
    for (t, (name, coef, exp_coef, se, z, p)) in fit.terms.iter().zip(published) {
        assert_eq!(t.term, name);
        assert_eq!(round(t.coef, 5), coef, "{name} coef");
        assert_eq!(round(t.exp_coef, 5), exp_coef, "{name} exp(coef)");
        assert_eq!(round(t.se, 5), se, "{name} se");
        assert_eq!(round(t.z, 3), z, "{name} z");
        assert_eq!(round(t.p, 5), p, "{name} p");
    }
    assert_eq!(round(fit.likelihood_ratio.statistic, 2), 33.27);
    assert_eq!(fit.likelihood_ratio.df, 7);
    assert_eq!(format!("{:.3e}", fit.likelihood_ratio.p), "2.362e-5");
    assert_eq!((fit.n, fit.n_events), (432, 114));
}
