//! The model frame against R: treatment contrasts (`model.matrix`), a Cox
//! fit with factors, a chosen reference level, a yes/no column and an
//! interaction, and rows dropped for missing values (`na.omit`).
//! Fixtures: tests/fixtures/frame/frame.R (R 4.2.2, survival 3.5.3).

mod common;

use return_migration::data::CsvTable;
use return_migration::frame::{FrameSpec, Missing};
use return_migration::pipeline::coxph;
use return_migration::survival::{CoxColumns, CoxData, CoxPh};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/frame");

fn table(name: &str) -> CsvTable {
    CsvTable::from_path(format!("{DIR}/{name}")).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

fn spec() -> FrameSpec {
    // R: ~ age + sex + ecog + grant + age:sex, ecog relevelled to e1.
    FrameSpec::new(&["age", "sex", "ecog", "grant", "age:sex"])
        .factors(&["sex", "ecog"])
        .reference("ecog", "e1")
}

#[test]
fn design_matrix_equals_r_model_matrix() {
    let data = table("data.csv");
    let frame = spec().from_table(&data).unwrap();
    let r = table("model_matrix.csv");
    assert_eq!(frame.names, r.headers());
    assert_eq!(frame.x.nrows(), r.len());
    for i in 0..r.len() {
        for (j, name) in frame.names.iter().enumerate() {
            assert_eq!(
                frame.x[[i, j]],
                r.parse_f64(i, name).unwrap(),
                "row {i} {name}"
            );
        }
    }
    assert_eq!(frame.factors[0].reference, "female");
    assert_eq!(frame.factors[1].levels, vec!["e0", "e1", "e2", "e3"]);
    // grant (yes/no) is a factor without being named one.
    assert_eq!(frame.factors[2].column, "grant");
}

fn check_coef(fit: &return_migration::survival::CoxFit, file: &str) {
    let r = table(file);
    assert_eq!(fit.terms.len(), r.len());
    for (i, t) in fit.terms.iter().enumerate() {
        assert_eq!(t.term, r.text(i, "term").unwrap());
        let coef = r.parse_f64(i, "coef").unwrap();
        let se = r.parse_f64(i, "se").unwrap();
        assert!(
            rel(t.coef, coef) < 1e-8,
            "{} coef {} vs {coef}",
            t.term,
            t.coef
        );
        assert!(rel(t.se, se) < 1e-8, "{} se {} vs {se}", t.term, t.se);
    }
}

#[test]
fn cox_with_factors_and_interaction_matches_r() {
    let data = table("data.csv");
    let d =
        CoxData::from_table(&data, &CoxColumns::new("time", "status", &[]).frame(spec())).unwrap();
    let fit = CoxPh::new().fit(&d).unwrap();
    check_coef(&fit, "cox_factors.coef.csv");
}

#[test]
fn dropped_rows_are_counted_and_the_fit_matches_r_na_omit() {
    let data = table("data.csv");
    let spec = FrameSpec::new(&["wt.loss", "sex"])
        .factor("sex")
        .missing(Missing::Drop {
            markers: vec!["NA".into()],
        });
    let d =
        CoxData::from_table(&data, &CoxColumns::new("time", "status", &[]).frame(spec)).unwrap();
    let stats = table("cox_dropped.stats.csv");
    assert_eq!(d.len() as f64, stats.parse_f64(0, "value").unwrap());
    assert_eq!(
        d.dropped_rows().len() as f64,
        stats.parse_f64(1, "value").unwrap()
    );
    assert_eq!(d.len() + d.dropped_rows().len(), data.len());
    // Every dropped row holds NA in wt.loss, on the line named.
    for r in d.dropped_rows() {
        assert_eq!(data.text(r.row, "wt.loss").unwrap(), "NA");
        assert_eq!(r.line, Some(data.line(r.row)));
    }
    check_coef(&CoxPh::new().fit(&d).unwrap(), "cox_dropped.coef.csv");
}

#[test]
fn missing_value_without_drop_names_line_and_column() {
    let data = table("data.csv");
    let e = FrameSpec::new(&["wt.loss"]).from_table(&data).unwrap_err();
    let first = (0..data.len())
        .find(|&i| data.text(i, "wt.loss").unwrap() == "NA")
        .unwrap();
    assert_eq!(
        e.to_string(),
        format!(
            "{DIR}/data.csv, line {}, column `wt.loss`: missing value `NA` (drop such rows with a missing-value policy that drops)",
            data.line(first)
        )
    );
}

#[test]
fn coxph_pipeline_with_factors_matches_r() {
    let argv: Vec<String> = [
        "--input",
        &format!("{DIR}/data.csv"),
        "--time",
        "time",
        "--event",
        "status",
        "--covariates",
        "age,sex,ecog,grant,age:sex",
        "--factors",
        "sex,ecog",
        "--reference",
        "ecog=e1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut out = Vec::new();
    coxph(&argv, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let ours = CsvTable::from_text("out", &text).unwrap();
    let r = table("cox_factors.coef.csv");
    for i in 0..r.len() {
        assert_eq!(ours.text(i, "term").unwrap(), r.text(i, "term").unwrap());
        let (a, b) = (
            ours.parse_f64(i, "coef").unwrap(),
            r.parse_f64(i, "coef").unwrap(),
        );
        assert!(rel(a, b) < 1e-8, "{a} vs {b}");
    }
    // A text column not named as a factor is an error naming its line.
    let argv2: Vec<String> = [
        "--input",
        &format!("{DIR}/data.csv"),
        "--time",
        "time",
        "--event",
        "status",
        "--covariates",
        "ecog",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let e = coxph(&argv2, Vec::new()).unwrap_err();
    assert!(
        e.to_string()
            .contains("line 2, column `ecog`: cannot parse `e1` as a number"),
        "{e}"
    );
}

#[test]
fn in_memory_rows_count_from_one() {
    use return_migration::frame::FrameColumns;
    let c = FrameColumns::new().numbers("age", vec![30.0, f64::NAN]);
    let e = FrameSpec::new(&["age"]).from_columns(&c).unwrap_err();
    assert_eq!(
        e.to_string(),
        "row 2 (counting from 1), column `age`: missing value `NaN` (drop such rows with a missing-value policy that drops)"
    );
}
