//! Net effectiveness of return: the formula by hand, Barone's cohort summary
//! applied to the shipped series, and the delta method and the seeded
//! bootstrap agreeing on a large simulated cohort.

use return_migration::cohort::{
    BootstrapSample, CohortBuilder, CohortSimulator, CohortSurvival, CountModel, Date, Discount,
    NetEffectiveness, RemigrationRisk, Stratify,
};
use return_migration::datasets;
use return_migration::ratio::EffectivenessRatio;

/// Returns and arrivals 2015–2021 over the years where both are published
/// (2015–2018 and 2021), as in `reproduce_barone`.
fn shipped_counts() -> (f64, f64) {
    let returns = datasets::avrr_returns_from_morocco().unwrap().series;
    let arrivals = datasets::spain_arrivals_total().unwrap().series;
    let r = EffectivenessRatio::new()
        .window(2015, 2021)
        .fit(&returns, &arrivals)
        .unwrap();
    let used = &r.coverage.years_used;
    let sum = |s: &return_migration::data::YearSeries| {
        used.iter().map(|&y| s.value(y).unwrap()).sum::<f64>()
    };
    (sum(&returns), sum(&arrivals))
}

#[test]
fn barone_summary_applied_to_the_shipped_series() {
    let (r, a) = shipped_counts();
    assert_eq!((r, a), (8281.0, 166131.0));
    // Barone (2023): 65 followed, 11 re-migrated within three years (one twice)
    let findings = datasets::remigration_findings().unwrap();
    let barone = findings
        .iter()
        .find(|f| f.study_id == "barone2023_remigrated")
        .unwrap();
    let (x, n) = (
        barone.count.unwrap() as u64,
        barone.cohort_size.unwrap() as u64,
    );
    let q = RemigrationRisk::from_complete_follow_up(x, n, 3.0).unwrap();
    let net = NetEffectiveness::new(r, a).delta(&q).unwrap();
    // by hand: q = 11/65; net ratio = 8281 · 54/65 / 166131 = 0.041412…
    let want = 8281.0 * 54.0 / 65.0 / 166131.0;
    assert!((net.net_ratio - want).abs() < 1e-15);
    assert!((net.net_returns - 8281.0 * 54.0 / 65.0).abs() < 1e-9);
    // var(log) = 1/R + 1/A + (se_q/(1 − q))², se_q/(1 − q) = √(q/((1 − q)·65)) = √(11/(54·65))
    let se = (1.0_f64 / 8281.0 + 1.0 / 166131.0 + 11.0 / (54.0 * 65.0)).sqrt();
    assert!((net.delta.se_log - se).abs() < 1e-15);
    let z = 1.959963984540054_f64;
    assert!((net.delta.lower - want * (-z * se).exp()).abs() < 1e-15);
    assert!((net.delta.upper - want * (z * se).exp()).abs() < 1e-15);
    // the bootstrap over the 65 persons (54 never, 11 once by the first-event measure)
    let outcomes: Vec<u32> = (0..65)
        .map(|i| match i {
            0 => 2,
            1..=10 => 1,
            _ => 0,
        })
        .collect();
    let boot = NetEffectiveness::new(r, a)
        .bootstrap(&q, BootstrapSample::Counts(&outcomes), 4000, 2023)
        .unwrap();
    let b = boot.bootstrap.as_ref().unwrap();
    println!("{boot}");
    assert!(b.lower < want && want < b.upper);
    // 65 persons is not a large sample: the two intervals agree only roughly
    assert!((b.lower / net.delta.lower - 1.0).abs() < 0.02, "{b:?}");
    assert!((b.upper / net.delta.upper - 1.0).abs() < 0.02, "{b:?}");
    // counting each re-migration: q = 12/65 (one person twice)
    let counts = RemigrationRisk::from_complete_counts(&[(0, 54), (1, 10), (2, 1)], 3.0).unwrap();
    assert_eq!(counts.discount, Discount::ExpectedRemigrations);
    let net2 = NetEffectiveness::new(r, a).delta(&counts).unwrap();
    assert!((net2.net_ratio - 8281.0 * 53.0 / 65.0 / 166131.0).abs() < 1e-15);
    // se of the mean count: √(Σ (k − q)²)/n with 54 zeros, 10 ones, 1 two
    let q2 = 12.0_f64 / 65.0;
    let ss = 54.0 * q2 * q2 + 10.0 * (1.0 - q2).powi(2) + (2.0 - q2).powi(2);
    assert!((counts.std_err - ss.sqrt() / 65.0).abs() < 1e-15);
    let text = net.to_string();
    assert!(
        text.contains("11 of 65 followed re-migrated within 3 years"),
        "{text}"
    );
    assert_eq!(net.assumptions.len(), 6);
}

#[test]
fn delta_method_and_bootstrap_agree_on_a_large_cohort() {
    let sim = CohortSimulator::new(5_000, 99)
        .hazard_by_year(vec![0.2, 0.12])
        .waves(
            (2020..=2024)
                .map(|y| Date::ymd(y, 12, 31).unwrap())
                .collect(),
        )
        .observation(0.0, 0.08, 1.0);
    let built = CohortBuilder::new()
        .first_events(&sim.records().unwrap())
        .unwrap();
    let fit = CohortSurvival::new(Stratify::Pooled).fit(&built).unwrap();
    let q = RemigrationRisk::from_curve(&fit.curves[0], 2.0).unwrap();
    for counts in [CountModel::Fixed, CountModel::Poisson] {
        let net = NetEffectiveness::new(8281.0, 166131.0)
            .counts(counts)
            .bootstrap(&q, BootstrapSample::Spells(&built.rows), 2000, 11)
            .unwrap();
        let b = net.bootstrap.as_ref().unwrap();
        println!("{counts:?}: delta {:?} bootstrap {b:?}", net.delta);
        assert!(
            (b.lower / net.delta.lower - 1.0).abs() < 0.005,
            "{counts:?}"
        );
        assert!(
            (b.upper / net.delta.upper - 1.0).abs() < 0.005,
            "{counts:?}"
        );
        assert!(
            (b.se_log / net.delta.se_log - 1.0).abs() < 0.08,
            "{counts:?}"
        );
        assert_eq!(b.nonpositive, 0);
    }
}

#[test]
fn impossible_inputs_are_errors() {
    assert!(RemigrationRisk::from_complete_follow_up(66, 65, 3.0).is_err());
    assert!(RemigrationRisk::from_complete_follow_up(65, 65, 3.0).is_err()); // q = 1
    assert!(RemigrationRisk::from_complete_counts(&[(2, 10)], 3.0).is_err()); // q = 2
    let q = RemigrationRisk::from_complete_follow_up(11, 65, 3.0).unwrap();
    assert!(NetEffectiveness::new(0.0, 10.0).delta(&q).is_err());
    assert!(
        NetEffectiveness::new(10.0, 10.0)
            .conf_level(1.0)
            .delta(&q)
            .is_err()
    );
    let outcomes = vec![0_u32; 65];
    assert!(
        NetEffectiveness::new(10.0, 10.0)
            .bootstrap(&q, BootstrapSample::Counts(&outcomes), 50, 1)
            .is_err()
    );
    assert!(
        NetEffectiveness::new(10.0, 10.0)
            .bootstrap(&q, BootstrapSample::Counts(&[]), 500, 1)
            .is_err()
    );
}
