//! The shipped SYNTHETIC cohort calibrated to Barone's summary: it is what
//! the documented call generates (byte for byte), it is labelled synthetic
//! on every row, it matches the published counts, and it runs through the
//! cohort layer with every record accounted for.

use return_migration::cohort::{CohortBuilder, RecordStatus, RemigrationProbabilities, Stratify};
use return_migration::datasets::{
    FILES, SYNTHETIC_BARONE_SEED, SYNTHETIC_BARONE_SOURCE, SYNTHETIC_FILES, barone_simulator,
    matches_barone_summary, synthetic_barone_cohort, synthetic_barone_csv,
};

#[test]
fn shipped_file_is_exactly_the_documented_call() {
    let (path, text) = SYNTHETIC_FILES[0];
    assert_eq!(path, "datasets/synthetic_barone_cohort.csv");
    assert_eq!(synthetic_barone_csv().unwrap(), text);
    assert_eq!(SYNTHETIC_BARONE_SEED, 8);
    assert!(SYNTHETIC_BARONE_SOURCE.contains("barone_simulator(8)"));
}

#[test]
fn every_row_is_labelled_synthetic_and_the_file_is_not_among_the_published() {
    let text = SYNTHETIC_FILES[0].1;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let source = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "source")
        .unwrap();
    let mut rows = 0;
    for record in reader.records() {
        assert!(record.unwrap()[source].starts_with("SYNTHETIC"));
        rows += 1;
    }
    assert_eq!(rows, 66); // 65 persons, one of whom has two rows
    assert!(FILES.iter().all(|(p, _)| !p.contains("synthetic")));
}

#[test]
fn synthetic_cohort_matches_barone_and_is_fully_accounted_for() {
    let records = synthetic_barone_cohort().unwrap();
    assert!(matches_barone_summary(&records));
    // the file reads back as the simulated records (apart from the line numbers)
    let mut read = records.clone();
    read.iter_mut().for_each(|r| r.line = None);
    assert_eq!(
        read,
        barone_simulator(SYNTHETIC_BARONE_SEED)
            .unwrap()
            .records()
            .unwrap()
    );
    let built = CohortBuilder::new().first_events(&records).unwrap();
    let report = &built.report;
    assert_eq!(report.accounted(), 65);
    assert_eq!(report.counts().event, 11);
    assert_eq!(report.counts().rejected, 0);
    assert_eq!(report.dropouts, 0);
    assert!(report.status.iter().all(|s| *s != RecordStatus::Truncated));
    let recurrent = CohortBuilder::new().recurrent(&records).unwrap();
    assert_eq!(
        recurrent
            .rows
            .iter()
            .filter(|r| r.channel.is_some())
            .count(),
        12
    );
    let t = RemigrationProbabilities::new(Stratify::Pooled, &[1.0, 2.0, 3.0])
        .fit(&built)
        .unwrap();
    println!("{t}");
    assert!(t.rows[2].probability > 0.1 && t.rows[2].probability < 0.3);
}
