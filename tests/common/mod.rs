//! Helpers shared by the R-parity tests of competing risks and recurrent
//! events: cell-by-cell comparison of CSV texts at relative 1e-8.

#![allow(dead_code)]

pub mod pipeline;

/// Two fields agree: both empty, or numbers equal to relative 1e-8
/// (absolute 1e-15 near 0, where R's and our rounding differ by a few ulps
/// of the terms that cancel). Text columns must be equal.
pub fn close(ours: &str, r: &str) -> bool {
    match (ours.is_empty(), r.is_empty()) {
        (true, true) => true,
        (false, false) => match (ours.parse::<f64>(), r.parse::<f64>()) {
            (Ok(a), Ok(b)) => {
                a == b || (a - b).abs() <= 1e-8 * b.abs().max(a.abs()) || (a - b).abs() < 1e-15
            }
            _ => ours == r,
        },
        _ => false,
    }
}

/// Compares two CSV texts cell by cell; `text_columns` are compared as text.
/// Returns one message per difference (empty when they agree).
pub fn compare_csv(label: &str, ours: &str, reference: &str, text_columns: usize) -> Vec<String> {
    let ours: Vec<&str> = ours.lines().collect();
    let refs: Vec<&str> = reference.lines().collect();
    let mut failures = Vec::new();
    if ours.first() != refs.first() {
        failures.push(format!(
            "{label}: header {:?} vs {:?}",
            ours.first(),
            refs.first()
        ));
        return failures;
    }
    if ours.len() != refs.len() {
        failures.push(format!(
            "{label}: {} rows vs R {}",
            ours.len() - 1,
            refs.len() - 1
        ));
    }
    let header: Vec<&str> = refs[0].split(',').collect();
    for (i, (o, r)) in ours.iter().zip(&refs).enumerate().skip(1) {
        let (oc, rc): (Vec<&str>, Vec<&str>) = (o.split(',').collect(), r.split(',').collect());
        if oc.len() != rc.len() {
            failures.push(format!("{label} line {}: `{o}` vs R `{r}`", i + 1));
            continue;
        }
        for (k, name) in header.iter().enumerate() {
            let same = if k < text_columns {
                oc[k] == rc[k]
            } else {
                close(oc[k], rc[k])
            };
            if !same {
                failures.push(format!(
                    "{label} line {}: {name} ours `{}` R `{}`",
                    i + 1,
                    oc[k],
                    rc[k]
                ));
            }
        }
    }
    failures
}

/// The folder of a fixture topic, `tests/fixtures/<topic>`.
pub fn fixture_dir(topic: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(topic)
}

/// The cases of a fixture topic: its subfolders holding a `data.csv`, sorted.
pub fn fixture_cases(topic: &str) -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixture_dir(topic))
        .expect("fixture folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("data.csv").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}
