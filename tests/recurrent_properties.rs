//! Properties of the mean cumulative function on random small data sets
//! (up to 12 subjects with 1–4 intervals each on a grid of whole times, so
//! that starts, stops and events tie; gaps between intervals; late entry;
//! event counts up to 2; optional groups): the robust variance equals the
//! Lawless–Nadeau sum computed by brute force; row order does not matter
//! (bit for bit); splitting an interval where nothing happens changes
//! nothing; with one interval per subject from 0 the MCF is R's
//! Nelson–Aalen.

use proptest::prelude::*;
use return_migration::survival::{KaplanMeier, Mcf, McfFit, RecurrentData, SurvData};

#[derive(Debug, Clone)]
struct Interval {
    id: usize,
    start: f64,
    stop: f64,
    event: i64,
    group: usize,
}

/// Subjects as lists of (gap before, length, events 0–2) steps.
fn subjects() -> impl Strategy<Value = Vec<Interval>> {
    let steps = prop::collection::vec((0..3_u8, 1..4_u8, 0..3_i64), 1..=4);
    prop::collection::vec((steps, 0..2_usize), 1..=12).prop_map(|subjects| {
        let mut rows = Vec::new();
        for (id, (steps, group)) in subjects.into_iter().enumerate() {
            let mut t = 0.0;
            for (gap, len, event) in steps {
                let start = t + f64::from(gap);
                let stop = start + f64::from(len);
                rows.push(Interval {
                    id,
                    start,
                    stop,
                    event,
                    group,
                });
                t = stop;
            }
        }
        rows
    })
}

fn fit(rows: &[Interval], groups: bool) -> McfFit {
    let mut b = RecurrentData::builder(
        rows.iter().map(|r| format!("s{}", r.id)).collect(),
        rows.iter().map(|r| r.start).collect(),
        rows.iter().map(|r| r.stop).collect(),
        rows.iter().map(|r| r.event).collect(),
    );
    if groups {
        b = b.groups(rows.iter().map(|r| format!("g{}", r.group)).collect());
    }
    Mcf::new().fit(&b.build().unwrap()).unwrap()
}

/// Lawless–Nadeau by brute force for the rows of one group.
fn brute_force(rows: &[&Interval]) -> Vec<(f64, f64, f64)> {
    let mut times: Vec<f64> = rows.iter().map(|r| r.stop).collect();
    times.sort_by(f64::total_cmp);
    times.dedup();
    let ids = rows.iter().map(|r| r.id).max().unwrap() + 1;
    let mut u = vec![0.0; ids];
    let (mut mcf, mut out) = (0.0, Vec::new());
    for t in times {
        let at_risk = |r: &Interval| r.start < t && r.stop >= t;
        let n = rows.iter().filter(|r| at_risk(r)).count() as f64;
        let d: f64 = rows
            .iter()
            .filter(|r| r.stop == t)
            .map(|r| r.event as f64)
            .sum();
        for r in rows.iter().filter(|r| at_risk(r)) {
            let dn = if r.stop == t { r.event as f64 } else { 0.0 };
            u[r.id] += (dn - d / n) / n;
        }
        mcf += d / n;
        out.push((t, mcf, u.iter().map(|x| x * x).sum::<f64>().sqrt()));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn robust_variance_equals_the_lawless_nadeau_sum(rows in subjects(), groups in any::<bool>()) {
        let ours = fit(&rows, groups);
        for curve in &ours.curves {
            let mine: Vec<&Interval> = rows
                .iter()
                .filter(|r| !groups || format!("g{}", r.group) == curve.group)
                .collect();
            let brute = brute_force(&mine);
            prop_assert_eq!(curve.rows.len(), brute.len());
            for (r, (t, mcf, se)) in curve.rows.iter().zip(brute) {
                prop_assert_eq!(r.time, t);
                prop_assert!((r.mcf - mcf).abs() <= 1e-13 * mcf.max(1.0));
                prop_assert!((r.se_robust - se).abs() <= 1e-12 * se.max(1e-3), "{} vs {}", r.se_robust, se);
            }
        }
    }

    #[test]
    fn row_order_does_not_matter_bit_for_bit(
        (rows, shuffled) in subjects().prop_flat_map(|r| (Just(r.clone()), Just(r).prop_shuffle())),
        groups in any::<bool>(),
    ) {
        prop_assert_eq!(fit(&rows, groups), fit(&shuffled, groups));
    }

    #[test]
    fn splitting_an_interval_where_nothing_happens_changes_nothing(rows in subjects(), which in any::<prop::sample::Index>()) {
        let i = which.index(rows.len());
        let r = rows[i].clone();
        let cut = r.start + 0.5 * (r.stop - r.start);
        let mut split = rows.clone();
        split[i].stop = cut;
        split[i].event = 0;
        split.push(Interval { start: cut, ..r });
        let (a, b) = (fit(&rows, false), fit(&split, false));
        let (a, b) = (&a.curves[0].rows, &b.curves[0].rows);
        for x in a {
            let y = b.iter().find(|y| y.time == x.time).unwrap();
            prop_assert_eq!((x.n_risk, x.n_event, x.n_censor), (y.n_risk, y.n_event, y.n_censor));
            prop_assert!((x.mcf - y.mcf).abs() < 1e-13);
            prop_assert!((x.se_naive - y.se_naive).abs() < 1e-13);
            prop_assert!((x.se_robust - y.se_robust).abs() < 1e-13);
        }
        // The cut adds at most one time, with no event and no censoring.
        for y in b.iter().filter(|y| !a.iter().any(|x| x.time == y.time)) {
            prop_assert_eq!((y.time, y.n_event, y.n_censor), (cut, 0.0, 0.0));
        }
    }

    #[test]
    fn one_interval_per_subject_is_the_nelson_aalen(rows in subjects()) {
        let first: Vec<Interval> = rows
            .iter()
            .filter(|r| !rows.iter().any(|o| o.id == r.id && o.start < r.start))
            .map(|r| Interval { start: 0.0, event: r.event.min(1), ..r.clone() })
            .collect();
        let mcf = fit(&first, false);
        let km = KaplanMeier::new()
            .fit(&SurvData::builder(first.iter().map(|r| r.stop).collect(), first.iter().map(|r| r.event).collect()).build().unwrap())
            .unwrap();
        for (x, y) in mcf.curves[0].rows.iter().zip(&km.curves[0].rows) {
            prop_assert_eq!((x.time, x.n_risk, x.n_event, x.n_censor), (y.time, y.n_risk, y.n_event, y.n_censor));
            prop_assert!((x.mcf - y.cumhaz).abs() < 1e-13);
            prop_assert!((x.se_naive - y.cumhaz_se).abs() < 1e-13);
        }
    }
}
