//! The mean cumulative function with its naive and Lawless–Nadeau robust
//! standard errors against R survival 3.5.3 (`survfit(Surv(start, stop,
//! event) ~ 1, id = id)` per group: `cumhaz`, `std.chaz` with `robust =
//! TRUE` and `FALSE`, `n.risk`, `n.event`, `n.censor`), on the fixtures
//! written by `tests/fixtures/recurrent/recurrent.R` (which also checks R's
//! robust `std.chaz` against the Lawless–Nadeau formula computed directly).
//! Tolerance: relative 1e-8. The `small` case is also derived by hand below.

mod common;

use std::path::{Path, PathBuf};

use return_migration::data::CsvTable;
use return_migration::survival::{Mcf, McfConfType, RecurrentColumns, RecurrentData};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recurrent")
}

fn load(case: &str) -> RecurrentData {
    let table = CsvTable::from_path(fixtures().join(case).join("data.csv")).expect("data.csv");
    let mut cols = RecurrentColumns::new("id", "start", "stop", "event");
    if case != "small" {
        cols = cols.group("group");
    }
    RecurrentData::from_table(&table, &cols).expect("valid fixture data")
}

#[test]
fn mcf_matches_r_on_every_case() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in ["bladder2", "cgd", "gaps_ties", "small"] {
        let data = load(case);
        for (file, kind, level) in [
            ("mcf_log.csv", McfConfType::Log, 0.95),
            ("mcf_plain_90.csv", McfConfType::Plain, 0.90),
        ] {
            let r = std::fs::read_to_string(fixtures().join(case).join(file))
                .expect("reference")
                .replace("\r\n", "\n");
            let fit = Mcf::new()
                .conf_type(kind)
                .conf_level(level)
                .fit(&data)
                .unwrap();
            let mut out = Vec::new();
            fit.write_csv(&mut out).unwrap();
            let ours = String::from_utf8(out).unwrap();
            failures.extend(common::compare_csv(&format!("{case}/{file}"), &ours, &r, 1));
            compared += 1;
        }
    }
    assert_eq!(compared, 8);
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The `small` case by hand. Subjects (start, stop], events at stop:
/// A: (0,2] 1, (2,5] 1, (5,8] 0; B: (0,3] 1, (3,6] 0; C: (1,4] 1, (4,7] 1.
/// Distinct stops 2..8; at risk 3, 3, 3, 3, 3, 2, 1; events 1, 1, 1, 1, 0, 1, 0.
/// MCF: 1/3, 2/3, 1, 4/3, 4/3, 4/3 + 1/2, same. Naive variance Σ d/n²:
/// 1/9, 2/9, 3/9, 4/9, 4/9, 4/9 + 1/4, same.
/// Lawless–Nadeau terms U_i = Σ Y_i (dN_i − d/n)/n:
/// t=2: A (1 − 1/3)/3 = 2/9, B −1/9, C −1/9 → Var 6/81;
/// t=3: A 2/9 − 1/9 = 1/9, B −1/9 + 2/9 = 1/9, C −2/9 → 6/81;
/// t=4: A 0, B 0, C −2/9 + 2/9 = 0 → 0;
/// t=5: A 2/9, B −1/9, C −1/9 → 6/81; t=6: no event, same;
/// t=7 (n = 2, A and C): A 2/9 − 1/4, B −1/9, C −1/9 + 1/4 →
///   (1/36)² + (1/9)² + (5/36)² = (1 + 16 + 25)/1296 = 42/1296.
#[test]
fn small_case_by_hand() {
    let fit = Mcf::new().fit(&load("small")).unwrap();
    let rows = &fit.curves[0].rows;
    let mcf = [
        1. / 3.,
        2. / 3.,
        1.,
        4. / 3.,
        4. / 3.,
        4. / 3. + 0.5,
        4. / 3. + 0.5,
    ];
    let naive: [f64; 7] = [
        1. / 9.,
        2. / 9.,
        3. / 9.,
        4. / 9.,
        4. / 9.,
        4. / 9. + 0.25,
        4. / 9. + 0.25,
    ];
    let robust: [f64; 7] = [
        6. / 81.,
        6. / 81.,
        0.,
        6. / 81.,
        6. / 81.,
        42. / 1296.,
        42. / 1296.,
    ];
    let censor = [0., 0., 0., 0., 1., 0., 1.];
    assert_eq!(rows.len(), 7);
    for (j, r) in rows.iter().enumerate() {
        assert_eq!(r.time, (j + 2) as f64);
        assert!((r.mcf - mcf[j]).abs() < 1e-15, "mcf at {}", r.time);
        assert!(
            (r.se_naive - naive[j].sqrt()).abs() < 1e-15,
            "naive at {}",
            r.time
        );
        assert!(
            (r.se_robust - robust[j].sqrt()).abs() < 1e-15,
            "robust at {}",
            r.time
        );
        assert_eq!(r.n_censor, censor[j]);
    }
}

#[test]
fn event_counts_above_one_by_hand() {
    // Counts above 1 (R's Surv accepts only 0/1), by hand: subjects a: (0,3] 2 events, b: (0,3] 0, c: (0,5] 1 event.
    // t=3: n = 3, d = 2 → MCF 2/3, naive 2/9;
    //   U_a = (2 − 2/3)/3 = 4/9, U_b = −2/9, U_c = −2/9 → Var 24/81.
    // t=5: n = 1, d = 1 → MCF 5/3, naive 2/9 + 1;
    //   U_c += (1 − 1)/1 = 0 → Var still 24/81.
    let d = RecurrentData::builder(
        vec!["a".into(), "b".into(), "c".into()],
        vec![0.0, 0.0, 0.0],
        vec![3.0, 3.0, 5.0],
        vec![2, 0, 1],
    )
    .build()
    .unwrap();
    let rows = &Mcf::new().fit(&d).unwrap().curves[0].rows;
    assert!((rows[0].mcf - 2.0 / 3.0).abs() < 1e-15);
    assert!((rows[0].se_robust - (24.0_f64 / 81.0).sqrt()).abs() < 1e-15);
    assert!((rows[1].mcf - 5.0 / 3.0).abs() < 1e-15);
    assert!((rows[1].se_naive - (2.0_f64 / 9.0 + 1.0).sqrt()).abs() < 1e-15);
    assert!((rows[1].se_robust - (24.0_f64 / 81.0).sqrt()).abs() < 1e-15);
}
