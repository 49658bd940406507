//! Kaplan–Meier / Nelson–Aalen and the log-rank test by group, from
//! unsorted rows with text labels (the route that tallies exit keys by
//! cell while validating, and the split-and-sort route it falls back to),
//! against a straightforward computation from the rows: for each group and
//! each distinct time t, n = #{exit ≥ t}, d and c the events and
//! censorings at t.

use return_migration::num::rng::Rng;
use return_migration::survival::{KaplanMeier, LogRank, SurvData};

struct Rows {
    time: Vec<f64>,
    event: Vec<i64>,
    group: Vec<usize>,
}

fn rows(seed: u64, n: usize, groups: usize, whole: bool) -> Rows {
    let mut s = Rng::new(seed);
    let mut r = Rows {
        time: Vec::new(),
        event: Vec::new(),
        group: Vec::new(),
    };
    for _ in 0..n {
        let x = s.next_u64() >> 11;
        r.time.push(if whole {
            (x % 60) as f64
        } else {
            (x % 300) as f64 / 4.0
        });
        r.event.push(i64::from((x >> 20) % 10 < 6));
        r.group.push(((x >> 30) % groups as u64) as usize);
    }
    r
}

/// (time, n, d, c) at each distinct time of group `g`, ascending.
fn table(r: &Rows, g: usize) -> Vec<(f64, f64, f64, f64)> {
    let mut times: Vec<f64> = (0..r.time.len())
        .filter(|&i| r.group[i] == g)
        .map(|i| r.time[i])
        .collect();
    times.sort_by(f64::total_cmp);
    times.dedup();
    times
        .into_iter()
        .map(|t| {
            let of = |keep: &dyn Fn(usize) -> bool| {
                (0..r.time.len())
                    .filter(|&i| r.group[i] == g && keep(i))
                    .count() as f64
            };
            (
                t,
                of(&|i| r.time[i] >= t),
                of(&|i| r.time[i] == t && r.event[i] == 1),
                of(&|i| r.time[i] == t && r.event[i] == 0),
            )
        })
        .collect()
}

fn labels(r: &Rows) -> Vec<String> {
    r.group.iter().map(|g| format!("group {g:02}")).collect()
}

#[test]
fn kaplan_meier_by_group_equals_the_reference_bit_for_bit() {
    for (seed, n, groups, whole) in [
        (1, 400, 2, true),
        (2, 900, 3, false),
        (3, 1500, 5, true),
        (4, 300, 12, true),
    ] {
        let r = rows(seed, n, groups, whole);
        let data = SurvData::builder(r.time.clone(), r.event.clone())
            .groups(labels(&r))
            .build()
            .expect("valid rows");
        let fit = KaplanMeier::new().fit(&data).expect("fit");
        assert_eq!(fit.curves.len(), groups);
        for (g, curve) in fit.curves.iter().enumerate() {
            assert_eq!(curve.group, format!("group {g:02}"));
            let expected = table(&r, g);
            assert_eq!(curve.rows.len(), expected.len());
            let (mut s, mut gw, mut h, mut hv) = (1.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
            for (row, &(t, n, d, c)) in curve.rows.iter().zip(&expected) {
                if d > 0.0 {
                    s *= 1.0 - d / n;
                    gw += d / (n * (n - d));
                    h += d / n;
                    hv += d / (n * n);
                }
                assert_eq!(
                    (row.time, row.n_risk, row.n_event, row.n_censor),
                    (t, n, d, c)
                );
                assert_eq!(row.survival.to_bits(), s.to_bits());
                assert_eq!(row.cumhaz.to_bits(), h.to_bits());
                assert_eq!(row.cumhaz_se.to_bits(), hv.sqrt().to_bits());
                if s > 0.0 {
                    assert_eq!(row.se_log.map(f64::to_bits), Some(gw.sqrt().to_bits()));
                }
            }
        }
    }
}

#[test]
fn logrank_by_group_equals_the_reference() {
    for (seed, n, whole) in [(5, 500, true), (6, 2000, false), (7, 20_000, true)] {
        let r = rows(seed, n, 2, whole);
        let data = SurvData::builder(r.time.clone(), r.event.clone())
            .groups(labels(&r))
            .build()
            .expect("valid rows");
        let test = LogRank::new().fit(&data).expect("test");
        // Two groups: O − E and V of group 0 over the pooled distinct times.
        let mut all: Vec<f64> = r.time.clone();
        all.sort_by(f64::total_cmp);
        all.dedup();
        let (mut o, mut e, mut v) = (0.0_f64, 0.0_f64, 0.0_f64);
        for t in all {
            let (mut n, mut d, mut n0, mut d0) = (0.0, 0.0, 0.0, 0.0);
            for i in 0..r.time.len() {
                if r.time[i] >= t {
                    n += 1.0;
                    n0 += f64::from(u8::from(r.group[i] == 0));
                }
                if r.time[i] == t && r.event[i] == 1 {
                    d += 1.0;
                    d0 += f64::from(u8::from(r.group[i] == 0));
                }
            }
            if d > 0.0 {
                o += d0;
                e += d * n0 / n;
                if n > 1.0 {
                    v += d * (n0 / n) * (1.0 - n0 / n) * (n - d) / (n - 1.0);
                }
            }
        }
        let chisq = (o - e) * (o - e) / v;
        assert_eq!(test.groups[0].observed, o);
        assert!(
            (test.groups[0].expected - e).abs() <= 1e-9 * e,
            "{} vs {e}",
            test.groups[0].expected
        );
        assert!(
            (test.statistic - chisq).abs() <= 1e-9 * chisq,
            "{} vs {chisq}",
            test.statistic
        );
    }
}
