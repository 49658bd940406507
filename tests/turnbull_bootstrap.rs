//! The seeded bootstrap of Turnbull survival.

use return_migration::survival::{IntervalData, TurnbullBootstrap};

/// Disjoint intervals: the NPMLE of P(T > t) at an end is a sample
/// proportion p̂, whose bootstrap variance (over infinitely many
/// replicates) is exactly p̂(1 − p̂)/n. With B = 2000 the Monte Carlo
/// relative error of the bootstrap SE is about 1/sqrt(2B) ≈ 1.6%; we allow
/// 8% (5 sigma). The percentile interval must also match the binomial
/// bootstrap distribution's quantiles within a step of 1/n.
#[test]
fn disjoint_intervals_give_binomial_standard_errors() {
    let n = 40;
    // 13 rows in (0,1], 27 in (2,3]: p̂ = P(T > 1) = 27/40.
    let left: Vec<f64> = (0..n).map(|i| if i < 13 { 0.0 } else { 2.0 }).collect();
    let right: Vec<f64> = (0..n).map(|i| if i < 13 { 1.0 } else { 3.0 }).collect();
    let d = IntervalData::builder(left, right).build().unwrap();
    let b = TurnbullBootstrap::new(vec![1.0, 2.5])
        .replicates(2000)
        .seed(99)
        .fit(&d)
        .unwrap();
    let p = 27.0 / 40.0;
    let se = (p * (1.0 - p) / n as f64).sqrt();
    let r = &b.rows[0];
    assert_eq!(r.survival, p);
    assert!((r.std_err / se - 1.0).abs() < 0.08, "{} vs {se}", r.std_err);
    // Binomial(40, 0.675)/40: 2.5% and 97.5% quantiles 0.525 and 0.825.
    assert!((r.lower - 0.525).abs() <= 0.025 + 1e-12, "{}", r.lower);
    assert!((r.upper - 0.825).abs() <= 0.025 + 1e-12, "{}", r.upper);
    // At 2.5, inside (2, 3], half of that interval's mass survives.
    assert_eq!(b.rows[1].survival, p / 2.0);
    assert!((b.rows[1].std_err / (se / 2.0) - 1.0).abs() < 0.08);
}

#[test]
fn seeded_and_grouped() {
    let inf = f64::INFINITY;
    let d = IntervalData::builder(
        vec![0.0, 1.0, 2.0, 0.0, 3.0, 1.0, 2.0, 0.0, 1.0, 0.0],
        vec![1.0, 2.0, 3.0, 2.0, inf, 3.0, inf, 3.0, inf, 2.0],
    )
    .groups(["b", "a"].repeat(5).into_iter().map(String::from).collect())
    .build()
    .unwrap();
    let run = |seed| {
        TurnbullBootstrap::new(vec![1.0, 2.0])
            .replicates(30)
            .seed(seed)
            .fit(&d)
            .unwrap()
    };
    let a = run(5);
    assert_eq!(a, run(5));
    assert_ne!(a, run(6));
    let groups: Vec<&str> = a.rows.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(groups, vec!["a", "a", "b", "b"]);
    for r in &a.rows {
        assert!(r.lower <= r.upper && r.std_err >= 0.0);
    }
}

/// The median of the disjoint-interval data, by hand: S falls from 1 to
/// 27/40 over (0, 1], stays there to 2, then falls linearly to 0 over
/// (2, 3]: it crosses 1/2 at 2 + (27/40 − 1/2)/(27/40).
#[test]
fn median_and_its_bootstrap() {
    let left: Vec<f64> = (0..40).map(|i| if i < 13 { 0.0 } else { 2.0 }).collect();
    let right: Vec<f64> = (0..40).map(|i| if i < 13 { 1.0 } else { 3.0 }).collect();
    let d = IntervalData::builder(left, right).build().unwrap();
    let b = TurnbullBootstrap::new(vec![])
        .quantiles(vec![0.5, 0.9])
        .replicates(200)
        .seed(3)
        .fit(&d)
        .unwrap();
    let q = &b.quantiles[0];
    let want = 2.0 + (27.0 / 40.0 - 0.5) / (27.0 / 40.0);
    assert!((q.quantile.unwrap() - want).abs() < 1e-9);
    let (lo, hi) = (q.lower.unwrap(), q.upper.unwrap());
    assert!(2.0 < lo && lo < want && want < hi && hi < 3.0, "{q:?}");
    // 0.9 quantile: S reaches 0.1 inside (2, 3] too.
    let q9 = &b.quantiles[1];
    assert!((q9.quantile.unwrap() - (2.0 + (27.0 / 40.0 - 0.1) / (27.0 / 40.0))).abs() < 1e-9);
    assert!(
        TurnbullBootstrap::new(vec![])
            .quantiles(vec![1.0])
            .fit(&d)
            .is_err()
    );
}
