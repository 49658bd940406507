//! Proportional-hazards diagnostics against R survival 3.5.3, on the
//! fixtures written by `tests/fixtures/cox_zph/zph.R` for every model of
//! the Cox fixtures (lung, veteran with strata, Rossi, heavy ties with
//! strata and weights, delayed entry, time-varying covariates, recurrent
//! events; Efron and Breslow): `cox.zph` tables and scaled Schoenfeld
//! residuals for the km, rank and identity transforms, the residuals of the
//! fit (martingale, deviance, score, dfbeta, dfbetas, Schoenfeld, scaled
//! Schoenfeld; and collapsed by cluster), the smooth `plot.cox.zph` draws (natural spline, df 4,
//! 40 points, ±2 se band) and the concordance with its standard error.
//!
//! Tolerance: relative 1e-8; values that are sums cancelling to near 0
//! (residuals of a row close to its mean) are compared to an absolute
//! 1e-9 × the largest absolute value of their column.

use std::path::{Path, PathBuf};

use return_migration::data::CsvTable;
use return_migration::survival::{CoxColumns, CoxData, CoxFit, CoxPh, Ties, ZphTransform};

fn cox_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cox")
}

fn zph_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cox_zph")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .replace("\r\n", "\n")
}

struct Model {
    case: String,
    model: String,
    ties: Ties,
    columns: CoxColumns,
}

fn models() -> Vec<Model> {
    let set = |v: &str| (!v.is_empty()).then(|| v.to_string());
    read(&cox_fixtures().join("models.csv"))
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let covariates: Vec<&str> = f[3].split(' ').collect();
            let mut columns = CoxColumns::new("time", "event", &covariates);
            if let Some(c) = set(f[4]) {
                columns = columns.entry(&c);
            }
            if let Some(c) = set(f[5]) {
                columns = columns.strata(&c);
            }
            if let Some(c) = set(f[6]) {
                columns = columns.cluster(&c);
            }
            if let Some(c) = set(f[7]) {
                columns = columns.weight(&c);
            }
            Model {
                case: f[0].to_string(),
                model: f[1].to_string(),
                ties: Ties::parse(f[2]).unwrap(),
                columns,
            }
        })
        .collect()
}

fn fit(m: &Model) -> (CoxFit, CoxData) {
    let t = CsvTable::from_path(cox_fixtures().join(&m.case).join("data.csv")).unwrap();
    let data = CoxData::from_table(&t, &m.columns).unwrap();
    let fit = CoxPh::new()
        .ties(m.ties)
        .fit(&data)
        .unwrap_or_else(|e| panic!("{}/{}: {e}", m.case, m.model));
    (fit, data)
}

/// A CSV table as header and rows of fields.
fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

/// Compares our table (same header as R's) column by column; text
/// columns exactly, numbers at relative 1e-8 or absolute 1e-9 × the
/// column's largest |value|. Returns (values compared, failures).
fn compare(label: &str, ours: &str, reference: &str, failures: &mut Vec<String>) -> usize {
    let (oh, orows) = parse_csv(ours);
    let (rh, rrows) = parse_csv(reference);
    if oh != rh || orows.len() != rrows.len() {
        failures.push(format!(
            "{label}: shape {:?}×{} vs R {:?}×{}",
            oh,
            orows.len(),
            rh,
            rrows.len()
        ));
        return 0;
    }
    let mut compared = 0;
    for c in 0..rh.len() {
        let scale = rrows
            .iter()
            .filter_map(|r| r[c].parse::<f64>().ok())
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        for (i, (o, r)) in orows.iter().zip(&rrows).enumerate() {
            let ok = match (o[c].parse::<f64>(), r[c].parse::<f64>()) {
                (Ok(a), Ok(b)) => {
                    a == b
                        || (a - b).abs() <= 1e-8 * a.abs().max(b.abs())
                        || (a - b).abs() <= 1e-9 * scale
                }
                _ => o[c] == r[c] || (o[c] == "NaN" && r[c].is_empty()),
            };
            compared += 1;
            if let (Ok(a), Ok(b)) = (o[c].parse::<f64>(), r[c].parse::<f64>()) {
                let rel = (a - b).abs() / a.abs().max(b.abs()).max(1e-300);
                let abs = (a - b).abs() / scale.max(1e-300);
                WORST.with(|w| {
                    let mut w = w.borrow_mut();
                    w.0 = w.0.max(if b.abs() < 1e-3 * scale { 0.0 } else { rel });
                    w.1 = w.1.max(abs);
                });
            }
            if !ok {
                failures.push(format!(
                    "{label} row {} {}: ours `{}` R `{}`",
                    i + 1,
                    rh[c],
                    o[c],
                    r[c]
                ));
            }
        }
    }
    compared
}

thread_local! {
    /// Largest relative difference (of values above 1e-3 × their column's
    /// scale) and largest
    /// difference relative to the column scale, printed by `report`.
    static WORST: std::cell::RefCell<(f64, f64)> = const { std::cell::RefCell::new((0.0, 0.0)) };
}

fn report(failures: Vec<String>, compared: usize, at_least: usize) {
    WORST.with(|w| {
        let w = w.borrow();
        eprintln!(
            "{compared} values: largest relative difference {:.2e}, largest difference / column scale {:.2e}",
            w.0, w.1
        );
    });
    assert!(compared >= at_least, "only {compared} values compared");
    let shown: Vec<_> = failures.iter().take(40).cloned().collect();
    assert!(
        failures.is_empty(),
        "{} mismatches of {compared}:\n{}",
        failures.len(),
        shown.join("\n")
    );
}

fn fixture(m: &Model, suffix: &str) -> String {
    read(
        &zph_fixtures()
            .join(&m.case)
            .join(format!("{}.{suffix}", m.model)),
    )
}

#[test]
fn zph_tables_and_scaled_schoenfeld_residuals_match_r() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for m in models() {
        let (fit, data) = fit(&m);
        for tr in [ZphTransform::Km, ZphTransform::Rank, ZphTransform::Identity] {
            let z = fit.zph(&data, tr).unwrap();
            let mut table = String::from("term,chisq,df,p\n");
            for t in z.terms.iter().chain([&z.global]) {
                table += &format!("{},{},{},{}\n", t.term, t.statistic, t.df, t.p);
            }
            let label = format!("{}/{} zph {}", m.case, m.model, tr.name());
            compared += compare(
                &label,
                &table,
                &fixture(&m, &format!("zph_{}.csv", tr.name())),
                &mut failures,
            );
            let mut points = String::from("time,x,stratum");
            for t in &fit.terms {
                points += &format!(",{}", t.term);
            }
            points.push('\n');
            for e in 0..z.time.len() {
                points += &format!("{},{},{}", z.time[e], z.x[e], z.stratum[e]);
                for v in z.y.row(e) {
                    points += &format!(",{v}");
                }
                points.push('\n');
            }
            compared += compare(
                &format!("{label} points"),
                &points,
                &fixture(&m, &format!("zph_{}.points.csv", tr.name())),
                &mut failures,
            );
        }
    }
    report(failures, compared, 10_000);
}

#[test]
fn residuals_match_r() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for m in models() {
        let (fit, data) = fit(&m);
        let r = fit.residuals(&data).unwrap();
        let names: Vec<&str> = r.terms.iter().map(String::as_str).collect();
        let mut text = String::from("martingale,deviance");
        for kind in ["score", "dfbeta", "dfbetas"] {
            for n in &names {
                text += &format!(",{kind}_{n}");
            }
        }
        text.push('\n');
        for i in 0..r.martingale.len() {
            text += &format!("{},{}", r.martingale[i], r.deviance[i]);
            for mat in [&r.score, &r.dfbeta, &r.dfbetas] {
                for v in mat.row(i) {
                    text += &format!(",{v}");
                }
            }
            text.push('\n');
        }
        let label = format!("{}/{} residuals", m.case, m.model);
        compared += compare(&label, &text, &fixture(&m, "resid.csv"), &mut failures);
        let s = &r.schoenfeld;
        let mut text = String::from("time,stratum");
        for prefix in ["", "scaled_"] {
            for n in &names {
                text += &format!(",{prefix}{n}");
            }
        }
        text.push('\n');
        for e in 0..s.time.len() {
            text += &format!("{},{}", s.time[e], s.stratum[e]);
            for mat in [&s.residuals, &s.scaled] {
                for v in mat.row(e) {
                    text += &format!(",{v}");
                }
            }
            text.push('\n');
        }
        let label = format!("{}/{} schoenfeld", m.case, m.model);
        compared += compare(&label, &text, &fixture(&m, "schoenfeld.csv"), &mut failures);
    }
    report(failures, compared, 50_000);
}

#[test]
fn residuals_collapsed_by_cluster_match_r() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for m in models() {
        let (fit, data) = fit(&m);
        if data.cluster_labels().is_none() {
            assert!(fit.residuals_by_cluster(&data).is_err());
            continue;
        }
        let r = fit.residuals_by_cluster(&data).unwrap();
        let mut text = String::from("cluster,martingale,deviance");
        for kind in ["score", "dfbeta", "dfbetas"] {
            for n in &r.terms {
                text += &format!(",{kind}_{n}");
            }
        }
        text.push('\n');
        for c in 0..r.cluster.len() {
            text += &format!("{},{},{}", r.cluster[c], r.martingale[c], r.deviance[c]);
            for mat in [&r.score, &r.dfbeta, &r.dfbetas] {
                for v in mat.row(c) {
                    text += &format!(",{v}");
                }
            }
            text.push('\n');
        }
        let label = format!("{}/{} residuals by cluster", m.case, m.model);
        compared += compare(
            &label,
            &text,
            &fixture(&m, "resid_by_cluster.csv"),
            &mut failures,
        );
    }
    report(failures, compared, 2_000);
}

#[test]
fn concordance_and_its_standard_error_match_r() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for m in models() {
        let (fit, _) = fit(&m);
        let c = &fit.concordance;
        let text = format!(
            "name,value\nconcordant,{}\ndiscordant,{}\ntied_risk,{}\ntied_time,{}\ntied_both,{}\nconcordance,{}\nstd,{}\n",
            c.concordant, c.discordant, c.tied_risk, c.tied_time, c.tied_both, c.value, c.std_err
        );
        let label = format!("{}/{} concordance", m.case, m.model);
        compared += compare(
            &label,
            &text,
            &fixture(&m, "concordance.csv"),
            &mut failures,
        );
    }
    report(failures, compared, 100);
}

#[test]
fn smooths_of_the_scaled_residuals_match_plot_cox_zph() {
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut singular = 0;
    for m in models() {
        let (fit, data) = fit(&m);
        for tr in [ZphTransform::Km, ZphTransform::Rank, ZphTransform::Identity] {
            let z = fit.zph(&data, tr).unwrap();
            let reference = fixture(&m, &format!("zph_{}.smooth.csv", tr.name()));
            let mut text = String::from("term,x,fit,lower,upper\n");
            for t in &fit.terms {
                let in_r = reference
                    .lines()
                    .any(|l| l.split(',').next() == Some(t.term.as_str()));
                match z.smooth(&t.term, 4, 40) {
                    Ok(s) => {
                        for i in 0..s.x.len() {
                            text += &format!(
                                "{},{},{},{},{}\n",
                                s.term, s.x[i], s.fit[i], s.lower[i], s.upper[i]
                            );
                        }
                    }
                    Err(e) => {
                        singular += 1;
                        if in_r {
                            failures.push(format!("{}/{} {}: {e}", m.case, m.model, t.term));
                        }
                    }
                }
            }
            let label = format!("{}/{} smooth {}", m.case, m.model, tr.name());
            compared += compare(&label, &text, &reference, &mut failures);
        }
    }
    eprintln!("{singular} singular spline fits (R skips the same)");
    report(failures, compared, 30_000);
}

#[cfg(feature = "plot")]
#[test]
fn beta_t_chart_draws_every_residual_and_the_smooth() {
    use return_migration::plot::ZphChart;
    let m = models().into_iter().find(|m| m.case == "lung").unwrap();
    let (fit, data) = fit(&m);
    let z = fit.zph(&data, ZphTransform::Km).unwrap();
    let fig = ZphChart::new(&z, "sex").render().unwrap();
    let svg = fig.svg();
    assert_eq!(svg.matches("<circle").count(), z.time.len());
    assert_eq!(svg.matches("<path").count(), 3); // smooth and band
    assert_eq!(svg, ZphChart::new(&z, "sex").render().unwrap().svg());
    if let Ok(dir) = std::env::var("RM_FIGURE_DIR") {
        std::fs::write(Path::new(&dir).join("zph_sex.svg"), svg).unwrap();
    }
}
