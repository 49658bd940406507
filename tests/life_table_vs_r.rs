//! The actuarial life table against R's `KMsurv::lifetab` (Klein &
//! Moeschberger 2003, §5.4), fixtures from `tests/fixtures/life_table/life_table.R`.

use return_migration::survival::{Actuarial, LifeTable, LifeTableBand};

fn check(file: &str) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/life_table")
            .join(file),
    )
    .unwrap();
    let rows: Vec<Vec<String>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let num = |s: &str| -> Option<f64> { (!s.is_empty()).then(|| s.parse().unwrap()) };
    let bands: Vec<LifeTableBand> = rows
        .iter()
        .map(|r| LifeTableBand {
            start: num(&r[0]).unwrap(),
            end: num(&r[1]),
            events: num(&r[5]).unwrap(),
            withdrawn: num(&r[3]).unwrap(),
        })
        .collect();
    let lt = LifeTable::from_counts(num(&rows[0][2]).unwrap(), &bands).unwrap();
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-10 * b.abs().max(1e-300),
        (None, None) => true,
        _ => false,
    };
    for (r, ours) in rows.iter().zip(&lt.rows) {
        let pairs = [
            ("nsubs", Some(ours.entering), num(&r[2])),
            ("nrisk", Some(ours.at_risk), num(&r[4])),
            ("surv", Some(ours.survival), num(&r[6])),
            ("pdf", ours.pdf, num(&r[7])),
            ("hazard", ours.hazard, num(&r[8])),
            ("se_surv", Some(ours.se_survival), num(&r[9])),
            ("se_pdf", ours.se_pdf, num(&r[10])),
            ("se_hazard", ours.se_hazard, num(&r[11])),
        ];
        for (name, a, b) in pairs {
            assert!(
                close(a, b),
                "{file} band {}: {name} ours {a:?} R {b:?}",
                r[0]
            );
        }
    }
    assert_eq!(lt.rows.len(), rows.len());
}

#[test]
fn weaning_table_matches_klein_moeschberger_and_lifetab() {
    check("weaning.csv");
}

#[test]
fn lung_bands_match_lifetab() {
    check("lung_bands.csv");
}

#[test]
fn grouping_lung_durations_reproduces_r_band_counts() {
    use return_migration::data::CsvTable;
    use return_migration::survival::{SurvColumns, SurvData};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let table = CsvTable::from_path(dir.join("survival/lung/data.csv")).unwrap();
    let data = SurvData::from_table(&table, &SurvColumns::new("time", "event")).unwrap();
    let lt = Actuarial::new(&[0., 100., 200., 300., 400., 500., 600., 800.])
        .fit(&data)
        .unwrap();
    // R: tapply(lung$status == 2 / == 1, cut(lung$time, breaks, right = FALSE), sum)
    let events: Vec<f64> = lt.rows.iter().map(|r| r.events).collect();
    let lost: Vec<f64> = lt.rows.iter().map(|r| r.withdrawn).collect();
    assert_eq!(events, vec![31., 41., 29., 25., 12., 10., 15., 2.]);
    assert_eq!(lost, vec![1., 11., 23., 10., 4., 7., 1., 6.]);
    assert_eq!(lt.rows[0].entering, 228.0);
}
