//! Fine–Gray regression against R's `cmprsk::crr` (2.2.11) on the
//! committed fixtures of `tests/fixtures/finegray` (written by `crr.R` there,
//! every fit converged with `gtol = 1e-12`): coefficients, robust and naive
//! standard errors, z, p, log pseudo-likelihoods, the baseline jumps
//! (`bfitj`) and `predict.crr` for two covariate patterns per case.
//!
//! Tolerance: relative 1e-9 (the largest difference seen is about 1e-11,
//! R's own convergence limit at `gtol = 1e-12`), absolute 1e-14 near zero.

mod common;

use std::fs;

use return_migration::data::CsvTable;
use return_migration::survival::{FineGray, FineGrayColumns, FineGrayData, FineGrayFit};

const TOL: f64 = 1e-9;

struct Model {
    case: String,
    cause: u32,
    covariates: Vec<String>,
}

fn models() -> Vec<Model> {
    let text = fs::read_to_string(common::fixture_dir("finegray").join("models.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Model {
                case: f[0].to_string(),
                cause: f[1].parse().unwrap(),
                covariates: f[2].split(' ').map(str::to_string).collect(),
            }
        })
        .collect()
}

/// Rows of a fixture CSV as numbers (text columns first are skipped by `skip`).
fn numbers(path: &std::path::Path, skip: usize) -> Vec<Vec<f64>> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .map(|l| {
            l.split(',')
                .skip(skip)
                .map(|v| v.parse().unwrap())
                .collect()
        })
        .collect()
}

fn fit(m: &Model) -> FineGrayFit {
    let dir = common::fixture_dir("finegray").join(&m.case);
    let table = CsvTable::from_path(dir.join("data.csv")).unwrap();
    let names: Vec<&str> = m.covariates.iter().map(String::as_str).collect();
    let data =
        FineGrayData::from_table(&table, &FineGrayColumns::new("time", "status", &names)).unwrap();
    FineGray::new(m.cause).fit(&data).unwrap()
}

/// Relative difference (absolute below 1e-14 in both).
fn diff(ours: f64, r: f64) -> f64 {
    if ours == r || (ours.abs() < 1e-14 && r.abs() < 1e-14) {
        0.0
    } else {
        (ours - r).abs() / r.abs().max(ours.abs())
    }
}

struct Worst {
    value: f64,
    at: String,
}

impl Worst {
    fn check(&mut self, ours: f64, r: f64, at: impl Fn() -> String) {
        let d = diff(ours, r);
        assert!(d <= TOL, "{}: ours {ours} R {r} (relative {d:e})", at());
        if d > self.value {
            self.value = d;
            self.at = at();
        }
    }
}

#[test]
fn coefficients_standard_errors_and_likelihoods_match_crr() {
    let mut worst = Worst {
        value: 0.0,
        at: String::new(),
    };
    let ms = models();
    assert_eq!(ms.len(), 13);
    for m in &ms {
        let f = fit(m);
        let stem = common::fixture_dir("finegray")
            .join(&m.case)
            .join(format!("cause{}", m.cause));
        let label = format!("{} cause {}", m.case, m.cause);
        let coef = numbers(&stem.with_extension("coef.csv"), 1);
        assert_eq!(coef.len(), f.terms.len(), "{label}");
        for (t, r) in f.terms.iter().zip(&coef) {
            let ours = [t.coef, t.exp_coef, t.se, t.naive_se, t.z, t.p];
            let names = ["coef", "exp_coef", "se", "naive_se", "z", "p"];
            for k in 0..6 {
                worst.check(ours[k], r[k], || format!("{label} {} {}", t.term, names[k]));
            }
        }
        let stats = numbers(&stem.with_extension("stats.csv"), 1);
        worst.check(f.loglik, stats[0][0], || format!("{label} loglik"));
        worst.check(f.loglik_null, stats[1][0], || {
            format!("{label} loglik_null")
        });
        assert_eq!(f.n as f64, stats[2][0]);
    }
    eprintln!(
        "largest relative difference {:e} at {}",
        worst.value, worst.at
    );
}

#[test]
fn baseline_jumps_and_predicted_incidence_match_crr() {
    let mut worst = Worst {
        value: 0.0,
        at: String::new(),
    };
    for m in &models() {
        let f = fit(m);
        let dir = common::fixture_dir("finegray").join(&m.case);
        let stem = dir.join(format!("cause{}", m.cause));
        let label = format!("{} cause {}", m.case, m.cause);
        let bfitj = numbers(&stem.with_extension("bfitj.csv"), 0);
        assert_eq!(bfitj.len(), f.baseline.len(), "{label}");
        for (b, r) in f.baseline.iter().zip(&bfitj) {
            assert_eq!(b.time, r[0], "{label}");
            worst.check(b.jump, r[1], || format!("{label} bfitj at {}", b.time));
        }
        let patterns = numbers(&dir.join("patterns.csv"), 0);
        let predicted = numbers(&stem.with_extension("predict.csv"), 0);
        for (j, x) in patterns.iter().enumerate() {
            let curve = f.predict(x).unwrap();
            assert_eq!(curve.points.len(), predicted.len(), "{label}");
            for (pt, r) in curve.points.iter().zip(&predicted) {
                assert_eq!(pt.time, r[0], "{label}");
                worst.check(pt.cif, r[1 + j], || {
                    format!("{label} pattern {} cif at {}", j + 1, pt.time)
                });
            }
        }
    }
    eprintln!(
        "largest relative difference {:e} at {}",
        worst.value, worst.at
    );
}
