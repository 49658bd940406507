//! Mergeable risk-set summaries: over random data split into random
//! partitions, merged in random order, the merged summary equals the
//! summary of the pooled data (exactly: counts as integers, weights as
//! exact sums), merging is associative and commutative, and Kaplan–Meier /
//! Nelson–Aalen, the log-rank/G(ρ) test, Aalen–Johansen and the life table
//! from the merged summary equal the crate's single-pass estimators on the
//! pooled data: bit for bit for unweighted data (the same code runs on
//! the same integer counts), to 1e-12 relative with weights (weight sums
//! rounded once vs summed person by person).

use proptest::prelude::*;
use return_migration::scale::{ExactSum, RiskSetSummary};
use return_migration::survival::{
    AalenJohansen, Actuarial, CompetingData, CurveState, KaplanMeier, LogRank, SurvData,
};

#[derive(Debug, Clone)]
struct Data {
    time: Vec<f64>,
    status: Vec<u32>,
    entry: Option<Vec<f64>>,
    weight: Option<Vec<f64>>,
    group: Vec<String>,
    strata: Vec<String>,
    part: Vec<usize>,
    nparts: usize,
}

fn data(with_entry: bool, with_weight: bool) -> impl Strategy<Value = Data> {
    (1usize..60, 1usize..5).prop_flat_map(move |(n, nparts)| {
        (
            prop::collection::vec(0u32..12, n),
            prop::collection::vec(prop::sample::select(vec![0u32, 0, 1, 1, 2]), n),
            prop::collection::vec(0u32..100, n),
            prop::collection::vec(0.05f64..3.0, n),
            prop::collection::vec(prop::sample::select(vec!["a", "b", "c10"]), n),
            prop::collection::vec(prop::sample::select(vec!["s1", "s2"]), n),
            prop::collection::vec(0..nparts, n),
        )
            .prop_map(move |(t, st, e, w, g, s, part)| {
                // times with ties and awkward decimals
                let time: Vec<f64> = t.iter().map(|&k| k as f64 / 3.0 + 0.1).collect();
                let entry = with_entry.then(|| {
                    time.iter()
                        .zip(&e)
                        .map(|(&t, &f)| t * f as f64 / 100.0 * 0.999)
                        .collect()
                });
                Data {
                    time,
                    status: st,
                    entry,
                    weight: with_weight.then_some(w),
                    group: g.iter().map(|s| s.to_string()).collect(),
                    strata: s.iter().map(|s| s.to_string()).collect(),
                    part,
                    nparts,
                }
            })
    })
}

fn subset<T: Clone>(v: &[T], rows: &[usize]) -> Vec<T> {
    rows.iter().map(|&i| v[i].clone()).collect()
}

fn summary(d: &Data, rows: &[usize], strata: bool) -> RiskSetSummary {
    let g = subset(&d.group, rows);
    let s = subset(&d.strata, rows);
    let gr: Vec<&str> = g.iter().map(String::as_str).collect();
    let sr: Vec<&str> = s.iter().map(String::as_str).collect();
    let e = d.entry.as_ref().map(|e| subset(e, rows));
    let w = d.weight.as_ref().map(|w| subset(w, rows));
    RiskSetSummary::from_columns(
        &subset(&d.time, rows),
        &subset(&d.status, rows),
        e.as_deref(),
        w.as_deref(),
        Some(&gr),
        strata.then_some(&sr[..]),
    )
    .unwrap()
}

/// Summaries of the partitions, merged in the order `order`.
fn merged(d: &Data, strata: bool, order: &[usize]) -> RiskSetSummary {
    let mut out = RiskSetSummary::default();
    for &k in order {
        let rows: Vec<usize> = (0..d.time.len()).filter(|&i| d.part[i] == k).collect();
        if !rows.is_empty() {
            out.merge(&summary(d, &rows, strata)).unwrap();
        }
    }
    out
}

fn surv_data(d: &Data, strata: bool) -> SurvData {
    let event: Vec<i64> = d.status.iter().map(|&s| (s > 0) as i64).collect();
    let mut b = SurvData::builder(d.time.clone(), event).groups(d.group.clone());
    if strata {
        b = b.strata(d.strata.clone());
    }
    if let Some(e) = &d.entry {
        b = b.entry(e.clone());
    }
    if let Some(w) = &d.weight {
        b = b.weights(w.clone());
    }
    b.build().unwrap()
}

fn close(a: f64, b: f64, exact: bool) -> bool {
    if exact {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    } else {
        (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
    }
}

fn close_opt(a: Option<f64>, b: Option<f64>, exact: bool) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b, exact),
        (None, None) => true,
        _ => false,
    }
}

fn check_km(d: &Data, s: &RiskSetSummary) {
    let exact = d.weight.is_none();
    let km = KaplanMeier::new();
    let a = km.fit(&surv_data(d, false)).unwrap();
    let b = s.kaplan_meier(&km).unwrap();
    if exact {
        assert_eq!(a, b);
        return;
    }
    assert_eq!(a.curves.len(), b.curves.len());
    for (ca, cb) in a.curves.iter().zip(&b.curves) {
        assert_eq!(ca.group, cb.group);
        assert_eq!(ca.rows.len(), cb.rows.len());
        for (x, y) in ca.rows.iter().zip(&cb.rows) {
            assert_eq!(x.time, y.time);
            for (u, v) in [
                (x.n_risk, y.n_risk),
                (x.n_event, y.n_event),
                (x.n_censor, y.n_censor),
                (x.survival, y.survival),
                (x.cumhaz, y.cumhaz),
                (x.cumhaz_se, y.cumhaz_se),
            ] {
                assert!(close(u, v, false), "{u} vs {v}");
            }
            if x.survival < 1e-9 {
                // S reached 0 up to rounding: n − d is 0 in one sum and a
                // rounding residue in the other, so Greenwood's d/(n(n−d))
                // is undefined in one and huge in the other.
                continue;
            }
            assert!(close_opt(x.std_err, y.std_err, false));
            assert!(close_opt(x.lower, y.lower, false));
            assert!(close_opt(x.upper, y.upper, false));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merge_equals_pooled_summary_and_is_order_free(d in data(false, false), seed in 0u64..1000) {
        let all: Vec<usize> = (0..d.time.len()).collect();
        let pooled = summary(&d, &all, true);
        let forward: Vec<usize> = (0..d.nparts).collect();
        let mut shuffled = forward.clone();
        shuffled.rotate_left(seed as usize % d.nparts);
        shuffled.reverse();
        prop_assert_eq!(&merged(&d, true, &forward), &pooled);
        prop_assert_eq!(&merged(&d, true, &shuffled), &pooled);
    }

    #[test]
    fn weighted_merge_is_exact_associative_commutative(d in data(true, true)) {
        let all: Vec<usize> = (0..d.time.len()).collect();
        let pooled = summary(&d, &all, true);
        let parts: Vec<RiskSetSummary> = (0..3)
            .map(|k| {
                let rows: Vec<usize> = all.iter().copied().filter(|&i| i % 3 == k).collect();
                if rows.is_empty() { RiskSetSummary::default() } else { summary(&d, &rows, true) }
            })
            .collect();
        // (a + b) + c
        let mut left = parts[0].clone();
        left.merge(&parts[1]).unwrap();
        left.merge(&parts[2]).unwrap();
        // a + (c + b)
        let mut inner = parts[2].clone();
        inner.merge(&parts[1]).unwrap();
        let mut right = parts[0].clone();
        right.merge(&inner).unwrap();
        prop_assert_eq!(&left, &pooled);
        prop_assert_eq!(&right, &pooled);
        prop_assert_eq!(&merged(&d, true, &(0..d.nparts).rev().collect::<Vec<_>>()), &pooled);
    }

    #[test]
    fn kaplan_meier_from_merged_equals_single_pass(d in data(false, false)) {
        check_km(&d, &merged(&d, false, &(0..d.nparts).collect::<Vec<_>>()));
    }

    #[test]
    fn kaplan_meier_with_entry_and_weights(d in data(true, true)) {
        check_km(&d, &merged(&d, true, &(0..d.nparts).rev().collect::<Vec<_>>()));
    }

    #[test]
    fn log_rank_from_merged_equals_single_pass(d in data(false, false), rho in prop::sample::select(vec![0.0, 0.5, 1.0])) {
        let s = merged(&d, true, &(0..d.nparts).collect::<Vec<_>>());
        let lr = LogRank::new().rho(rho);
        let a = lr.fit(&surv_data(&d, true));
        let b = s.log_rank(&lr);
        match (a, b) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
    }

    #[test]
    fn aalen_johansen_from_merged_equals_single_pass(d in data(false, false)) {
        let s = merged(&d, false, &(0..d.nparts).collect::<Vec<_>>());
        let rows = s.cumulative_incidence().unwrap();
        let status: Vec<i64> = d.status.iter().map(|&x| x as i64).collect();
        let cd = CompetingData::builder(d.time.clone(), status).groups(d.group.clone()).build().unwrap();
        let fit = AalenJohansen::new().fit(&cd).unwrap();
        let mut checked = 0;
        for r in &rows {
            let curve = fit.curve(&r.group, CurveState::Cause(r.cause)).unwrap();
            let row = curve.rows.iter().find(|x| x.time == r.time).unwrap();
            prop_assert!(close(row.estimate, r.cif, false), "{} vs {}", row.estimate, r.cif);
            checked += 1;
        }
        // every event time of every cause's curve is a row of ours
        let causes = s.causes();
        for g in s.group_labels() {
            for &k in &causes {
                let curve = fit.curve(&g, CurveState::Cause(k)).unwrap();
                let n = curve.rows.iter().filter(|x| {
                    let all = fit.event_free(&g).unwrap();
                    all.rows.iter().any(|y| y.time == x.time && y.n_event > 0.0)
                }).count();
                prop_assert_eq!(n, rows.iter().filter(|r| r.group == g && r.cause == k).count());
            }
        }
        prop_assert_eq!(checked, rows.len());
    }

    #[test]
    fn life_table_from_merged_equals_single_pass(d in data(false, true)) {
        let s = merged(&d, true, &(0..d.nparts).collect::<Vec<_>>());
        let breaks = [0.0, 1.0, 2.5, 3.0];
        let (a, b) = match (Actuarial::new(&breaks).fit(&surv_data(&d, true)), s.life_table(&breaks)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.to_string(), b.to_string());
                return Ok(());
            }
            (a, b) => {
                prop_assert!(false, "{:?} vs {:?}", a, b);
                unreachable!()
            }
        };
        prop_assert_eq!(a.rows.len(), b.rows.len());
        for (x, y) in a.rows.iter().zip(&b.rows) {
            prop_assert!(close(x.entering, y.entering, false));
            prop_assert!(close(x.events, y.events, false));
            prop_assert!(close(x.withdrawn, y.withdrawn, false));
            prop_assert!(close(x.q, y.q, false) || (x.q.is_nan() && y.q.is_nan()));
        }
    }

    #[test]
    fn bytes_round_trip_and_truncation_is_an_error(d in data(true, true), cut in 0usize..1000) {
        let all: Vec<usize> = (0..d.time.len()).collect();
        let s = summary(&d, &all, true);
        let bytes = s.to_bytes();
        prop_assert_eq!(&RiskSetSummary::from_bytes(&bytes).unwrap(), &s);
        let cut = cut % bytes.len();
        prop_assert!(RiskSetSummary::from_bytes(&bytes[..cut]).is_err());
    }

    #[test]
    fn exact_sum_is_order_free(v in prop::collection::vec(-1e20f64..1e20, 1..40), k in 0usize..40) {
        let mut a = ExactSum::from_values(&v);
        let k = k % v.len();
        let mut b = ExactSum::from_values(&v[k..]);
        b.merge(&ExactSum::from_values(&v[..k]));
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.value(), b.value());
        a.add(0.0);
        prop_assert_eq!(&a, &b);
    }
}

#[test]
fn exact_sum_against_hand_values() {
    // 1e16 + 1 − 1e16 + 0.1 + 0.2 = 1.3 exactly rounded once;
    // plain summation gives 0.30000000000000004.
    let s = ExactSum::from_values(&[1e16, 1.0, -1e16, 0.1, 0.2]);
    assert_eq!(s.value(), 1.3);
    // ten times 0.1 is 1.0000000000000000555 exactly: rounds to 1
    assert_eq!(ExactSum::from_values(&[0.1; 10]).value(), 1.0);
}

#[test]
fn suppression_pools_times_and_withholds_small_cells() {
    // group a: 7 persons at times 1..7, all events; group b: 2 persons
    let time: Vec<f64> = (1..=9).map(f64::from).collect();
    let status = vec![1, 1, 0, 1, 1, 1, 1, 1, 0];
    let group = ["a", "a", "a", "a", "a", "a", "a", "b", "b"];
    let s = RiskSetSummary::from_columns(&time, &status, None, None, Some(&group), None).unwrap();
    let out = s.suppress(3);
    assert_eq!(out.withheld.len(), 1);
    assert_eq!(out.withheld[0].group, "b");
    let released: Vec<(f64, u64, u64)> = out.summary.cells[0]
        .times
        .iter()
        .map(|r| (r.time, r.event_count(), r.censored.count))
        .collect();
    // blocks {1,2,3} -> 3, {4,5,6} -> 6, {7} short: joins the one before
    assert_eq!(released, vec![(3.0, 2, 1), (7.0, 4, 0)]);
    // KM of the coarsened data: S(3) = 1 − 2/7 (ties: censored at risk),
    // S(7) = S(3)·(1 − 4/4) = 0
    let km = out.summary.kaplan_meier(&KaplanMeier::new()).unwrap();
    assert_eq!(km.curves.len(), 1);
    assert_eq!(km.curves[0].rows[0].survival, 1.0 - 2.0 / 7.0);
    assert_eq!(km.curves[0].rows[1].survival, 0.0);
}

/// 1e7 persons in 8 partitions: summaries, merge, Kaplan–Meier and
/// log-rank (timing for the README; not part of `cargo test`:
/// `cargo test --release --test scale_summary -- --ignored ten_million`).
#[test]
#[ignore]
fn ten_million_persons_in_partitions() {
    let n = 10_000_000usize;
    let parts = 8;
    let start = std::time::Instant::now();
    let mut merged = RiskSetSummary::default();
    let mut state = 7u64;
    for _ in 0..parts {
        let m = n / parts;
        let (mut time, mut status, mut group) = (vec![], vec![], vec![]);
        for i in 0..m {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let t = (-(u.max(1e-300)).ln() * 400.0).ceil().min(3650.0);
            time.push(t);
            status.push((t < 3650.0) as u32);
            group.push(if i % 2 == 0 { "treated" } else { "control" });
        }
        let s =
            RiskSetSummary::from_columns(&time, &status, None, None, Some(&group), None).unwrap();
        merged.merge(&s).unwrap();
    }
    let summary_secs = start.elapsed().as_secs_f64();
    let km = merged.kaplan_meier(&KaplanMeier::new()).unwrap();
    let lr = merged.log_rank(&LogRank::new()).unwrap();
    eprintln!(
        "1e7 persons, {parts} partitions: summaries + merge {summary_secs:.2} s, \
         with KM and log-rank {:.2} s; {} KM rows, chisq {}",
        start.elapsed().as_secs_f64(),
        km.curves.iter().map(|c| c.rows.len()).sum::<usize>(),
        lr.statistic
    );
    assert_eq!(
        merged.cells.iter().map(|c| c.persons()).sum::<u64>(),
        n as u64
    );
}
