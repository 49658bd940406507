//! Properties of the Kaplan–Meier / Nelson–Aalen fit and of the log-rank test
//! on random small data sets (n ≤ 40, times from a small set so that ties are
//! common, random events, optional integer weights 1..3, optional entry times
//! strictly below the exit).

use proptest::prelude::*;
use return_migration::error::Error;
use return_migration::survival::{
    ConfType, KaplanMeier, KaplanMeierFit, LogRank, LogRankTest, SurvData,
};

const TIMES: [f64; 6] = [1.0, 2.0, 2.5, 3.0, 4.0, 7.0];
const ENTRIES: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 3.0];
const LABELS: [&str; 3] = ["a", "b", "c"];
/// The same three labels renamed, keeping their byte order: x1 < x10 < x2.
const RELABELS: [&str; 3] = ["x1", "x10", "x2"];
const STRATA: [&str; 2] = ["s1", "s2"];

#[derive(Debug, Clone)]
struct Row {
    time: f64,
    event: i64,
    group: usize,
    stratum: usize,
    weight: f64,
    entry: f64,
}

/// Which optional columns a sample uses.
#[derive(Debug, Clone, Copy)]
struct Columns {
    weights: bool,
    entries: bool,
    groups: bool,
    strata: bool,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0..TIMES.len(),
        any::<bool>(),
        0..LABELS.len(),
        0..STRATA.len(),
        1..=3_u8,
        0..ENTRIES.len(),
    )
        .prop_map(|(t, event, group, stratum, weight, a)| {
            let time = TIMES[t];
            let below: Vec<f64> = ENTRIES.iter().copied().filter(|&e| e < time).collect();
            Row {
                time,
                event: i64::from(event),
                group,
                stratum,
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
        strata: false,
    })
}

/// Rows with a shuffled copy of them.
fn rows_and_shuffled() -> impl Strategy<Value = (Vec<Row>, Vec<Row>)> {
    rows().prop_flat_map(|r| (Just(r.clone()), Just(r).prop_shuffle()))
}

fn build(rows: &[Row], cols: Columns, labels: &[&str; 3]) -> SurvData {
    let mut b = SurvData::builder(
        rows.iter().map(|r| r.time).collect(),
        rows.iter().map(|r| r.event).collect(),
    );
    if cols.entries {
        b = b.entry(rows.iter().map(|r| r.entry).collect());
    }
    if cols.weights {
        b = b.weights(rows.iter().map(|r| r.weight).collect());
    }
    if cols.groups {
        b = b.groups(rows.iter().map(|r| labels[r.group].to_string()).collect());
    }
    if cols.strata {
        b = b.strata(rows.iter().map(|r| STRATA[r.stratum].to_string()).collect());
    }
    b.build().expect("valid generated data")
}

fn fit(data: &SurvData) -> KaplanMeierFit {
    KaplanMeier::new().fit(data).expect("fit")
}

fn csv(fit: &KaplanMeierFit) -> String {
    let mut out = Vec::new();
    fit.write_csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12
}

fn close_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => close(a, b),
        _ => false,
    }
}

fn logrank(rows: &[Row], labels: &[&str; 3], strata: bool) -> Result<LogRankTest, Error> {
    let cols = Columns {
        weights: false,
        entries: false,
        groups: true,
        strata,
    };
    LogRank::new().fit(&build(rows, cols, labels))
}

/// Both results equal: the same error, or statistics equal to 1e-12 (relative
/// to the statistic's size) with the same df.
fn same_test(a: &Result<LogRankTest, Error>, b: &Result<LogRankTest, Error>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => {
            a.df == b.df
                && (a.statistic - b.statistic).abs() <= 1e-12 * a.statistic.abs().max(1.0)
                && (a.p - b.p).abs() <= 1e-12
        }
        // the messages name the groups, so compare them with the labels taken out
        (Err(a), Err(b)) => unlabelled(&a.to_string()) == unlabelled(&b.to_string()),
        _ => false,
    }
}

fn unlabelled(message: &str) -> String {
    LABELS
        .iter()
        .chain(RELABELS.iter())
        .fold(message.to_string(), |m, l| {
            m.replace(&format!("`{l}`"), "`?`")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The table written as it is computed is the held fit's table, byte
    /// for byte (groups, strata merged per group, weights, entries, every
    /// interval type and another level).
    #[test]
    fn streamed_table_is_the_fits_table(
        rows in rows(),
        cols in columns(),
        kind in 0..3_usize,
        level in prop::sample::select(vec![0.95, 0.8]),
    ) {
        let data = build(&rows, cols, &LABELS);
        let km = KaplanMeier::new()
            .conf_type([ConfType::Log, ConfType::LogLog, ConfType::Plain][kind])
            .conf_level(level);
        let mut streamed = Vec::new();
        km.write_csv(&data, &mut streamed).unwrap();
        let held = csv(&km.fit(&data).unwrap());
        prop_assert_eq!(String::from_utf8(streamed).unwrap(), held);
    }

    /// Survival in [0, 1] and non-increasing within each group; cumhaz
    /// non-decreasing and at most −log S (since x ≤ −log(1 − x)); the
    /// numbers at risk cover the events.
    #[test]
    fn survival_and_cumhaz_are_monotone(rows in rows(), cols in columns()) {
        let fit = fit(&build(&rows, cols, &LABELS));
        prop_assert!(!fit.curves.is_empty());
        for curve in &fit.curves {
            let (mut s_prev, mut h_prev, mut t_prev) = (1.0_f64, 0.0_f64, f64::NEG_INFINITY);
            for r in &curve.rows {
                prop_assert!(r.time > t_prev, "times ascending");
                prop_assert!((0.0..=1.0).contains(&r.survival), "{r:?}");
                prop_assert!(r.survival <= s_prev, "{r:?}");
                prop_assert!(r.cumhaz >= h_prev, "{r:?}");
                prop_assert!(r.n_risk >= r.n_event && r.n_event + r.n_censor > 0.0, "{r:?}");
                if r.survival > 0.0 {
                    prop_assert!(r.cumhaz <= -r.survival.ln() + 1e-12, "{r:?}");
                    prop_assert!(r.std_err.is_some());
                } else {
                    prop_assert!(r.std_err.is_none() && r.lower.is_none() && r.upper.is_none());
                }
                s_prev = r.survival;
                h_prev = r.cumhaz;
                t_prev = r.time;
            }
        }
    }

    /// The fit does not depend on the order of the input rows: identical CSV.
    #[test]
    fn fit_is_invariant_to_row_order(
        (rows, shuffled) in rows_and_shuffled(),
        cols in columns(),
    ) {
        let a = csv(&fit(&build(&rows, cols, &LABELS)));
        let b = csv(&fit(&build(&shuffled, cols, &LABELS)));
        prop_assert_eq!(a, b);
    }

    /// Without censoring, entry or weights, S(t) = #{T > t}/n in each group.
    #[test]
    fn uncensored_survival_is_empirical(rows in rows(), groups in any::<bool>()) {
        let rows: Vec<Row> = rows.into_iter().map(|r| Row { event: 1, ..r }).collect();
        let cols = Columns { weights: false, entries: false, groups, strata: false };
        let fit = fit(&build(&rows, cols, &LABELS));
        for curve in &fit.curves {
            let times: Vec<f64> = rows
                .iter()
                .filter(|r| !groups || LABELS[r.group] == curve.group)
                .map(|r| r.time)
                .collect();
            let n = times.len() as f64;
            for r in &curve.rows {
                let above = times.iter().filter(|&&t| t > r.time).count() as f64;
                prop_assert!(close(r.survival, above / n), "{r:?}: {}", above / n);
                prop_assert_eq!(r.n_censor, 0.0);
            }
            let mut distinct = times.clone();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup();
            prop_assert_eq!(curve.rows.len(), distinct.len());
        }
    }

    /// Integer case weights give the curve of the rows replicated that many
    /// times (with or without delayed entry).
    #[test]
    fn integer_weights_equal_replicated_rows(
        rows in rows(),
        entries in any::<bool>(),
        groups in any::<bool>(),
    ) {
        let weighted = build(
            &rows,
            Columns { weights: true, entries, groups, strata: false },
            &LABELS,
        );
        let replicated: Vec<Row> = rows
            .iter()
            .flat_map(|r| std::iter::repeat_n(r.clone(), r.weight as usize))
            .collect();
        let plain = build(
            &replicated,
            Columns { weights: false, entries, groups, strata: false },
            &LABELS,
        );
        let (a, b) = (fit(&weighted), fit(&plain));
        prop_assert_eq!(a.curves.len(), b.curves.len());
        for (ca, cb) in a.curves.iter().zip(&b.curves) {
            prop_assert_eq!(&ca.group, &cb.group);
            prop_assert_eq!(ca.rows.len(), cb.rows.len());
            for (ra, rb) in ca.rows.iter().zip(&cb.rows) {
                prop_assert_eq!(ra.time, rb.time);
                prop_assert!(close(ra.n_risk, rb.n_risk), "{ra:?} {rb:?}");
                prop_assert!(close(ra.n_event, rb.n_event), "{ra:?} {rb:?}");
                prop_assert!(close(ra.n_censor, rb.n_censor), "{ra:?} {rb:?}");
                prop_assert!(close(ra.survival, rb.survival), "{ra:?} {rb:?}");
                prop_assert!(close_opt(ra.std_err, rb.std_err), "{ra:?} {rb:?}");
                prop_assert!(close_opt(ra.lower, rb.lower), "{ra:?} {rb:?}");
                prop_assert!(close_opt(ra.upper, rb.upper), "{ra:?} {rb:?}");
                prop_assert!(close(ra.cumhaz, rb.cumhaz), "{ra:?} {rb:?}");
                prop_assert!(close(ra.cumhaz_se, rb.cumhaz_se), "{ra:?} {rb:?}");
            }
        }
    }

    /// The log-rank statistic does not depend on the row order, nor on the
    /// group labels as long as their byte order is kept; Σ O = Σ E.
    #[test]
    fn logrank_is_invariant_to_row_order_and_relabelling(
        (rows, shuffled) in rows_and_shuffled(),
        strata in any::<bool>(),
    ) {
        let base = logrank(&rows, &LABELS, strata);
        prop_assert!(same_test(&base, &logrank(&shuffled, &LABELS, strata)));
        let relabelled = logrank(&rows, &RELABELS, strata);
        prop_assert!(same_test(&base, &relabelled));
        if let (Ok(a), Ok(b)) = (&base, &relabelled) {
            let order: Vec<&str> = b.groups.iter().map(|g| g.group.as_str()).collect();
            let expected: Vec<&str> = a
                .groups
                .iter()
                .map(|g| RELABELS[LABELS.iter().position(|l| *l == g.group).unwrap()])
                .collect();
            prop_assert_eq!(order, expected);
            for (ga, gb) in a.groups.iter().zip(&b.groups) {
                prop_assert_eq!(ga.observed, gb.observed);
                prop_assert!(close(ga.expected, gb.expected));
            }
        }
        if let Ok(t) = &base {
            let o: f64 = t.groups.iter().map(|g| g.observed).sum();
            let e: f64 = t.groups.iter().map(|g| g.expected).sum();
            prop_assert!((o - e).abs() <= 1e-12 * o.max(1.0));
            prop_assert!((0.0..=1.0).contains(&t.p) && t.statistic >= -1e-12);
        }
    }

    /// Two identical groups (the data duplicated into a and b): chisq 0. The
    /// variance is singular (an error, as in R) exactly when every event
    /// time empties the risk set.
    #[test]
    fn logrank_of_identical_groups_is_zero(rows in rows()) {
        let doubled: Vec<Row> = rows
            .iter()
            .flat_map(|r| [Row { group: 0, ..r.clone() }, Row { group: 1, ..r.clone() }])
            .collect();
        let pooled = fit(&build(
            &rows,
            Columns { weights: false, entries: false, groups: false, strata: false },
            &LABELS,
        ));
        let events: Vec<_> = pooled.curves[0].rows.iter().filter(|r| r.n_event > 0.0).collect();
        let degenerate = !events.is_empty() && events.iter().all(|r| r.n_event == r.n_risk);
        match logrank(&doubled, &LABELS, false) {
            Ok(t) => {
                prop_assert!(!degenerate);
                prop_assert!(t.statistic.abs() <= 1e-12, "{}", t.statistic);
                prop_assert_eq!(t.df, usize::from(!events.is_empty()));
                prop_assert!(close(t.groups[0].observed, t.groups[0].expected));
            }
            Err(e) => {
                prop_assert!(degenerate, "{e}");
                prop_assert!(
                    e.to_string().starts_with("invalid groups: the log-rank variance is singular"),
                    "{e}"
                );
            }
        }
    }
}

#[test]
fn streamed_table_with_a_bad_level_writes_nothing() {
    let data = SurvData::builder(vec![1.0], vec![1]).build().unwrap();
    let km = KaplanMeier::new().conf_level(1.0);
    let mut out = Vec::new();
    let err = km.write_csv(&data, &mut out).unwrap_err();
    assert_eq!(err.to_string(), km.fit(&data).unwrap_err().to_string());
    assert!(err.to_string().contains("conf"), "{err}");
    assert!(out.is_empty());
}
