//! Feature `parallel`: the Cox fit and the CSV number columns are the same
//! bits on 1 and on 4 threads (`cargo test --features parallel --test
//! parallel`), and errors are located at the first bad row in file order
//! even when the rows are parsed in chunks on several threads.

use rayon::ThreadPoolBuilder;
use return_migration::data::CsvTable;
use return_migration::num::rng::Rng;
use return_migration::survival::{CoxColumns, CoxData, CoxFit, CoxPh, Ties};

/// `f` on a pool of `threads` threads.
fn on<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// CSV text of `n` rows: whole-day exit times (ties), entry, event,
/// weight, stratum, a continuous covariate (text column: many distinct
/// values), a binary one and an age (coded columns).
fn csv(n: usize) -> String {
    let mut rng = Rng::new(20261207);
    let mut s = String::from("time,entry,event,w,stratum,x,z,age\n");
    for _ in 0..n {
        let time = (1.0 + 400.0 * rng.uniform()).floor();
        let entry = (time * rng.uniform()).floor().min(time - 0.5);
        let event = u8::from(rng.uniform() < 0.7);
        let w = 0.5 + (4.0 * rng.uniform()).floor() / 4.0;
        let stratum = ["a", "b", "c"][(3.0 * rng.uniform()) as usize];
        let x = rng.uniform() * 2.0 - 1.0;
        let z = u8::from(rng.uniform() < 0.4);
        let age = 20 + (60.0 * rng.uniform()) as u32;
        s.push_str(&format!(
            "{time},{entry},{event},{w},{stratum},{x},{z},{age}\n"
        ));
    }
    s
}

fn bits(v: impl IntoIterator<Item = f64>) -> Vec<u64> {
    v.into_iter().map(f64::to_bits).collect()
}

/// Coefficients, variances and log-likelihoods as bits, and the whole fit
/// as its `Debug` text (shortest round-trip floats: equal text, equal bits).
fn fingerprint(fit: &CoxFit) -> (Vec<u64>, String) {
    let mut v: Vec<f64> = fit.coefficients();
    v.extend(fit.variance.iter().copied());
    v.extend(fit.terms.iter().map(|t| t.se));
    v.extend([fit.loglik, fit.loglik_null, fit.score.statistic]);
    (bits(v), format!("{fit:?}"))
}

#[test]
fn cox_fits_are_the_same_bits_on_one_and_four_threads() {
    let table = CsvTable::from_text("cox.csv", &csv(9000)).unwrap();
    let plain = CoxColumns::new("time", "event", &["x", "z", "age"]);
    let full = plain.clone().entry("entry").weight("w").strata("stratum");
    for (columns, ties) in [
        (&plain, Ties::Efron),
        (&plain, Ties::Breslow),
        (&full, Ties::Efron),
        (&full, Ties::Breslow),
    ] {
        let fit = |threads| {
            on(threads, || {
                let data = CoxData::from_table(&table, columns).unwrap();
                let fit = CoxPh::new().ties(ties).fit(&data).unwrap();
                fingerprint(&fit)
            })
        };
        let one = fit(1);
        assert_eq!(one, fit(4));
        assert_eq!(one, fit(2));
    }
}

#[test]
fn number_columns_are_the_same_bits_on_one_and_four_threads() {
    // 20,000 rows: three chunks of rows.
    let table = CsvTable::from_text("in.csv", &csv(20_000)).unwrap();
    for column in ["time", "x", "age", "w"] {
        let one = on(1, || table.floats(column).unwrap());
        let four = on(4, || table.floats(column).unwrap());
        assert_eq!(bits(one.iter().copied()), bits(four));
        // The values of the row-by-row accessor.
        let rows: Vec<f64> = (0..table.len())
            .map(|i| table.parse_f64(i, column).unwrap())
            .collect();
        assert_eq!(bits(one), bits(rows));
    }
}

/// A field replaced: row, field index, text.
type Spoil<'a> = (usize, usize, &'a str);

/// The table with fields replaced.
fn spoiled(n: usize, at: &[Spoil<'_>]) -> CsvTable {
    let text = csv(n);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for &(row, field, bad) in at {
        let mut fields: Vec<&str> = lines[row + 1].split(',').collect();
        fields[field] = bad;
        lines[row + 1] = fields.join(",");
    }
    CsvTable::from_text("in.csv", &(lines.join("\n") + "\n")).unwrap()
}

#[test]
fn errors_name_the_first_bad_row_in_file_order() {
    // Bad fields in the third chunk and then the second: the second's is the error.
    let t = spoiled(
        20_000,
        &[(17_000, 5, "x17"), (9_000, 5, "NaN"), (9_500, 7, "old")],
    );
    for threads in [1, 4] {
        let err = on(threads, || t.floats("x").unwrap_err()).to_string();
        assert_eq!(
            err,
            "in.csv, line 9002, column `x`: value `NaN` is not finite"
        );
        let err = on(threads, || t.floats("age").unwrap_err()).to_string();
        assert_eq!(
            err,
            "in.csv, line 9502, column `age`: cannot parse `old` as a number"
        );
    }
    // Cox data read row by row: the first bad field in file order, across columns.
    let cols = CoxColumns::new("time", "event", &["x", "z", "age"]);
    let cases: [(&[Spoil<'_>], &str); 3] = [
        (
            &[(12_000, 7, "old"), (15_000, 0, "-3")],
            "in.csv, line 12002, column `age`: cannot parse `old` as a number",
        ),
        (
            &[(12_000, 7, "old"), (11_000, 0, "-3")],
            "in.csv, line 11002, column `time`: negative time -3",
        ),
        (
            &[(8_191, 5, ""), (8_192, 0, "t")],
            "in.csv, line 8193, column `x`: empty field where a value is required",
        ),
    ];
    for (at, expected) in cases {
        let t = spoiled(20_000, at);
        for threads in [1, 4] {
            let err = on(threads, || CoxData::from_table(&t, &cols).unwrap_err());
            assert_eq!(err.to_string(), expected);
        }
    }
}
