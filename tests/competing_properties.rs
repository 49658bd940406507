//! Properties of the Aalen–Johansen fit on random small data sets (n ≤ 40,
//! times from a small set so that ties across causes are common, up to
//! three causes, optional integer weights 1..3, optional entry times,
//! optional groups): the curves sum to 1; integer weights equal replicated
//! rows; rows of weight 0 change nothing; row order does not matter (bit
//! for bit); the closed-form variance
//! equals the infinitesimal jackknife computed by brute force; with one
//! cause the event-free curve is the Kaplan–Meier.

use proptest::prelude::*;
use return_migration::survival::{
    AalenJohansen, CompetingData, CumIncFit, CurveState, KaplanMeier, SurvData, VarianceWeights,
};

const TIMES: [f64; 6] = [1.0, 2.0, 2.5, 3.0, 4.0, 7.0];
const ENTRIES: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 3.0];
const LABELS: [&str; 3] = ["a", "b", "c"];

#[derive(Debug, Clone)]
struct Row {
    time: f64,
    status: i64,
    group: usize,
    weight: f64,
    entry: f64,
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    weights: bool,
    entries: bool,
    groups: bool,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0..TIMES.len(),
        0..4_i64,
        0..LABELS.len(),
        1..=3_u8,
        0..ENTRIES.len(),
    )
        .prop_map(|(t, status, group, weight, a)| {
            let time = TIMES[t];
            let below: Vec<f64> = ENTRIES.iter().copied().filter(|&e| e < time).collect();
            Row {
                time,
                status,
                group,
                weight: f64::from(weight),
                entry: below[a % below.len()],
            }
        })
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec(row(), 1..=40)
}

fn columns() -> impl Strategy<Value = Columns> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(weights, entries, groups)| Columns {
        weights,
        entries,
        groups,
    })
}

fn build(rows: &[Row], cols: Columns) -> CompetingData {
    let mut b = CompetingData::builder(
        rows.iter().map(|r| r.time).collect(),
        rows.iter().map(|r| r.status).collect(),
    );
    if cols.weights {
        b = b.weights(rows.iter().map(|r| r.weight).collect());
    }
    if cols.entries {
        b = b.entry(rows.iter().map(|r| r.entry).collect());
    }
    if cols.groups {
        b = b.groups(rows.iter().map(|r| LABELS[r.group].to_string()).collect());
    }
    b.build().expect("valid rows")
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) || (a - b).abs() < 1e-14
}

/// The infinitesimal jackknife by brute force: every subject's influence
/// updated at every distinct time of its group (O(n × times)).
fn brute_force_se(rows: &[Row], cols: Columns, causes: &[u32], frequency: bool) -> Vec<Vec<f64>> {
    let mut out = Vec::new();
    let group_of = |r: &Row| if cols.groups { r.group } else { 0 };
    let mut groups: Vec<usize> = rows.iter().map(group_of).collect();
    groups.sort();
    groups.dedup();
    for g in groups {
        let mine: Vec<&Row> = rows.iter().filter(|r| group_of(r) == g).collect();
        let mut times: Vec<f64> = mine.iter().map(|r| r.time).collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let k = causes.len();
        let n = mine.len();
        let w = |r: &Row| if cols.weights { r.weight } else { 1.0 };
        let entry = |r: &Row| if cols.entries { r.entry } else { -1.0 };
        let (mut s, mut u0, mut u) = (1.0, vec![0.0; n], vec![vec![0.0; k]; n]);
        for &t in &times {
            let at_risk: Vec<bool> = mine.iter().map(|r| entry(r) < t && r.time >= t).collect();
            let nr: f64 = mine
                .iter()
                .zip(&at_risk)
                .filter(|p| *p.1)
                .map(|p| w(p.0))
                .sum();
            let dn =
                |r: &Row, c: usize| (r.time == t && r.status == i64::from(causes[c])) as u8 as f64;
            let dk: Vec<f64> = (0..k)
                .map(|c| mine.iter().map(|r| w(r) * dn(r, c)).sum())
                .collect();
            let d: f64 = dk.iter().sum();
            if d > 0.0 {
                let h = d / nr;
                for i in 0..n {
                    let y = at_risk[i] as u8 as f64;
                    let dni: f64 = (0..k).map(|c| dn(mine[i], c)).sum();
                    for c in 0..k {
                        let dhk = (dn(mine[i], c) - y * dk[c] / nr) / nr;
                        u[i][c] += u0[i] * dk[c] / nr + s * dhk;
                    }
                    u0[i] = u0[i] * (1.0 - h) - s * (dni - y * h) / nr;
                }
                s *= 1.0 - h;
            }
            let v = |r: &Row| if frequency { w(r) } else { w(r) * w(r) };
            let mut row = vec![
                (0..n)
                    .map(|i| v(mine[i]) * u0[i] * u0[i])
                    .sum::<f64>()
                    .sqrt(),
            ];
            row.extend((0..k).map(|c| {
                (0..n)
                    .map(|i| v(mine[i]) * u[i][c] * u[i][c])
                    .sum::<f64>()
                    .sqrt()
            }));
            out.push(row);
        }
    }
    out
}

/// Standard errors of the fit in the same layout as `brute_force_se`.
fn fitted_se(fit: &CumIncFit) -> Vec<Vec<f64>> {
    let k = fit.causes.len();
    let mut out = Vec::new();
    for chunk in fit.curves.chunks(k + 1) {
        for j in 0..chunk[0].rows.len() {
            out.push(chunk.iter().map(|c| c.rows[j].std_err).collect());
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn curves_sum_to_one(rows in rows(), cols in columns()) {
        let fit = AalenJohansen::new().fit(&build(&rows, cols)).unwrap();
        let k = fit.causes.len();
        for chunk in fit.curves.chunks(k + 1) {
            prop_assert_eq!(chunk[0].state, CurveState::EventFree);
            for j in 0..chunk[0].rows.len() {
                let total: f64 = chunk.iter().map(|c| c.rows[j].estimate).sum();
                prop_assert!((total - 1.0).abs() < 1e-12, "sum {total}");
                let n_event: f64 = chunk[1..].iter().map(|c| c.rows[j].n_event).sum();
                prop_assert_eq!(n_event, chunk[0].rows[j].n_event);
            }
        }
    }

    #[test]
    fn variance_equals_the_brute_force_jackknife(rows in rows(), cols in columns(), frequency in any::<bool>()) {
        let data = build(&rows, cols);
        let weights = if frequency { VarianceWeights::Frequency } else { VarianceWeights::Sampling };
        let fit = AalenJohansen::new().variance_weights(weights).fit(&data).unwrap();
        let ours = fitted_se(&fit);
        let brute = brute_force_se(&rows, cols, &fit.causes, frequency);
        prop_assert_eq!(ours.len(), brute.len());
        for (a, b) in ours.iter().zip(&brute) {
            for (x, y) in a.iter().zip(b) {
                prop_assert!(close(*x, *y, 1e-9), "{x} vs brute force {y}");
            }
        }
    }

    #[test]
    fn integer_weights_equal_replicated_rows(rows in rows(), entries in any::<bool>(), groups in any::<bool>()) {
        let cols = Columns { weights: true, entries, groups };
        let weighted = AalenJohansen::new()
            .variance_weights(VarianceWeights::Frequency)
            .fit(&build(&rows, cols))
            .unwrap();
        let replicated: Vec<Row> = rows
            .iter()
            .flat_map(|r| std::iter::repeat_n(r.clone(), r.weight as usize))
            .collect();
        let plain = AalenJohansen::new()
            .fit(&build(&replicated, Columns { weights: false, ..cols }))
            .unwrap();
        prop_assert_eq!(weighted.curves.len(), plain.curves.len());
        for (a, b) in weighted.curves.iter().zip(&plain.curves) {
            prop_assert_eq!(a.rows.len(), b.rows.len());
            for (x, y) in a.rows.iter().zip(&b.rows) {
                prop_assert_eq!((x.time, x.n_risk, x.n_event, x.n_censor), (y.time, y.n_risk, y.n_event, y.n_censor));
                prop_assert!(close(x.estimate, y.estimate, 1e-12));
                prop_assert!(close(x.std_err, y.std_err, 1e-9), "{} vs {}", x.std_err, y.std_err);
            }
        }
    }

    #[test]
    fn rows_of_weight_zero_change_nothing(rows in rows(), extra in rows(), entries in any::<bool>(), groups in any::<bool>()) {
        let cols = Columns { weights: true, entries, groups };
        let base = AalenJohansen::new().fit(&build(&rows, cols)).unwrap();
        let zeros: Vec<Row> = extra.into_iter().map(|r| Row { weight: 0.0, ..r }).collect();
        let all: Vec<Row> = rows.iter().cloned().chain(zeros).collect();
        let with = AalenJohansen::new().fit(&build(&all, cols)).unwrap();
        for curve in &with.curves {
            for r in &curve.rows {
                prop_assert!(r.estimate.is_finite() && r.std_err.is_finite());
            }
            let Ok(b) = base.curve(&curve.group, curve.state) else { continue };
            for x in &b.rows {
                let y = curve.rows.iter().find(|y| y.time == x.time).unwrap();
                prop_assert_eq!((x.n_risk, x.n_event, x.n_censor), (y.n_risk, y.n_event, y.n_censor));
                prop_assert!(close(x.estimate, y.estimate, 1e-13));
                prop_assert!(close(x.std_err, y.std_err, 1e-9), "{} vs {}", x.std_err, y.std_err);
            }
        }
    }

    #[test]
    fn row_order_does_not_matter_bit_for_bit(
        (rows, shuffled) in rows().prop_flat_map(|r| (Just(r.clone()), Just(r).prop_shuffle())),
        cols in columns(),
    ) {
        let a = AalenJohansen::new().fit(&build(&rows, cols)).unwrap();
        let b = AalenJohansen::new().fit(&build(&shuffled, cols)).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn one_cause_event_free_curve_is_the_kaplan_meier(rows in rows(), cols in columns()) {
        let one: Vec<Row> = rows.iter().map(|r| Row { status: (r.status > 0) as i64, ..r.clone() }).collect();
        let fit = AalenJohansen::new().fit(&build(&one, cols)).unwrap();
        let mut b = SurvData::builder(one.iter().map(|r| r.time).collect(), one.iter().map(|r| r.status).collect());
        if cols.weights { b = b.weights(one.iter().map(|r| r.weight).collect()); }
        if cols.entries { b = b.entry(one.iter().map(|r| r.entry).collect()); }
        if cols.groups { b = b.groups(one.iter().map(|r| LABELS[r.group].to_string()).collect()); }
        let km = KaplanMeier::new().fit(&b.build().unwrap()).unwrap();
        for curve in &km.curves {
            let free = fit.event_free(&curve.group).unwrap();
            prop_assert_eq!(free.rows.len(), curve.rows.len());
            for (x, y) in free.rows.iter().zip(&curve.rows) {
                prop_assert_eq!((x.time, x.n_risk, x.n_event, x.n_censor), (y.time, y.n_risk, y.n_event, y.n_censor));
                prop_assert!(close(x.estimate, y.survival, 1e-13));
                if fit.causes.len() == 1 {
                    let cif = &fit.cif(&curve.group, fit.causes[0]).unwrap().rows;
                    prop_assert!(close(cif.iter().find(|r| r.time == x.time).unwrap().estimate, 1.0 - y.survival, 1e-12));
                }
            }
        }
    }
}
