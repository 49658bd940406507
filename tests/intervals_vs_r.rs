//! Interval functions against R 4.2 (`binom.test`, `prop.test`, `qbeta`,
//! `poisson.test`), on the fixtures written by
//! `tests/fixtures/intervals/intervals.R`. Tolerance: relative 1e-8
//! (absolute 1e-15 near zero).

use return_migration::ratio::{BinomialMethod, binomial_interval, poisson_ratio_interval};

const BINOMIAL: &str = include_str!("fixtures/intervals/binomial.csv");
const POISSON: &str = include_str!("fixtures/intervals/poisson_ratio.csv");

fn parse(v: &str) -> f64 {
    match v {
        "Inf" => f64::INFINITY,
        _ => v
            .parse()
            .unwrap_or_else(|_| panic!("bad fixture number {v}")),
    }
}

fn close(ours: f64, r: f64) -> bool {
    if r.is_infinite() || ours.is_infinite() {
        return ours == r;
    }
    (ours - r).abs() <= 1e-8 * r.abs() || (ours - r).abs() <= 1e-15
}

fn rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect()
}

#[test]
fn binomial_intervals_match_r() {
    let rows = rows(BINOMIAL);
    assert_eq!(rows.len(), 276, "fixture rows");
    let mut failures = Vec::new();
    for row in &rows {
        let method = match row[0] {
            "clopper_pearson" => BinomialMethod::ClopperPearson,
            "wilson" => BinomialMethod::Wilson,
            "wilson_cc" => BinomialMethod::WilsonCorrected,
            "jeffreys" => BinomialMethod::Jeffreys,
            other => panic!("unknown method {other}"),
        };
        let (x, n): (u64, u64) = (row[1].parse().unwrap(), row[2].parse().unwrap());
        let level = parse(row[3]);
        let (lower, upper) = (parse(row[4]), parse(row[5]));
        let ours = binomial_interval(x, n, level, method).unwrap();
        if !close(ours.lower, lower) || !close(ours.upper, upper) {
            failures.push(format!(
                "{} x={x} n={n} level={level}: ours ({:e}, {:e}) R ({lower:e}, {upper:e})",
                row[0], ours.lower, ours.upper
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn poisson_ratio_intervals_match_r() {
    let rows = rows(POISSON);
    assert_eq!(rows.len(), 36, "fixture rows");
    let mut failures = Vec::new();
    for row in &rows {
        let (x, y): (u64, u64) = (row[0].parse().unwrap(), row[1].parse().unwrap());
        let level = parse(row[2]);
        let (est, lower, upper) = (parse(row[3]), parse(row[4]), parse(row[5]));
        let ours = poisson_ratio_interval(x, y, level).unwrap();
        if !close(ours.estimate, est) || !close(ours.lower, lower) || !close(ours.upper, upper) {
            failures.push(format!(
                "x={x} y={y} level={level}: ours ({:e}, {:e}, {:e}) R ({est:e}, {lower:e}, {upper:e})",
                ours.estimate, ours.lower, ours.upper
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn edge_cases_are_exact_where_r_is_exact() {
    // binom.test(0, n): lower exactly 0; binom.test(n, n): upper exactly 1.
    let zero = binomial_interval(0, 1_000_000, 0.95, BinomialMethod::ClopperPearson).unwrap();
    assert_eq!(zero.lower, 0.0);
    let all = binomial_interval(7, 7, 0.95, BinomialMethod::Jeffreys).unwrap();
    assert_eq!(all.upper, 1.0);
    // poisson.test(c(5, 0)): estimate and upper are infinite.
    let r = poisson_ratio_interval(5, 0, 0.95).unwrap();
    assert!(r.estimate.is_infinite() && r.upper.is_infinite());
}

#[test]
fn invalid_arguments_are_errors() {
    assert!(binomial_interval(1, 0, 0.95, BinomialMethod::Wilson).is_err());
    assert!(binomial_interval(3, 2, 0.95, BinomialMethod::Wilson).is_err());
    assert!(binomial_interval(1, 2, 1.0, BinomialMethod::Wilson).is_err());
    assert!(binomial_interval(1, 2, 0.0, BinomialMethod::Jeffreys).is_err());
    assert!(binomial_interval(1, 2, f64::NAN, BinomialMethod::ClopperPearson).is_err());
    assert!(poisson_ratio_interval(0, 0, 0.95).is_err());
}
