//! Columns read as numbers while the file is read (`from_reader_typed`)
//! give the same numbers, the same located errors, the same missing-value
//! handling and the same model frames as the same columns kept as text.

use proptest::prelude::*;
use return_migration::data::{CsvOptions, CsvTable};
use return_migration::frame::{FrameSpec, Missing};
use return_migration::survival::{CoxColumns, CoxData};

const CELLS: [&str; 14] = [
    "1", "2.5", " 3 ", "-0", "", "NA", "x", "inf", "1e3", ".5", "4.000000", "-2.25", "7", "0.1",
];

fn tables(text: &str) -> (CsvTable, CsvTable) {
    let cols = ["t", "d", "a", "b"];
    let o = CsvOptions::new();
    (
        CsvTable::from_reader_columns("in.csv", text.as_bytes(), &o, &cols).unwrap(),
        CsvTable::from_reader_typed("in.csv", text.as_bytes(), &o, &cols, &["t", "a", "b"])
            .unwrap(),
    )
}

fn text_of(rows: &[(usize, usize, usize, bool)]) -> String {
    let mut s = String::from("t,d,a,b\n");
    for &(t, a, b, d) in rows {
        s += &format!("{},{},{},{}\n", CELLS[t], u8::from(d), CELLS[a], CELLS[b]);
    }
    s
}

fn same_result<T: PartialEq + std::fmt::Debug>(
    a: return_migration::error::Result<T>,
    b: return_migration::error::Result<T>,
) {
    match (a, b) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (a, b) => assert_eq!(
            a.map(|_| ()).unwrap_err().to_string(),
            b.map(|_| ()).unwrap_err().to_string()
        ),
    }
}

fn check(rows: &[(usize, usize, usize, bool)]) {
    let text = text_of(rows);
    let (plain, typed) = tables(&text);
    for c in ["t", "a", "b"] {
        same_result(plain.floats(c), typed.floats(c));
        for i in 0..plain.len() {
            same_result(plain.parse_f64(i, c), typed.parse_f64(i, c));
        }
    }
    for markers in [vec!["NA"], vec!["NA", ""], vec!["x", "inf"]] {
        let (mut p, mut t) = (plain.clone(), typed.clone());
        same_result(
            p.drop_missing(&["t", "a", "b"], &markers),
            t.drop_missing(&["t", "a", "b"], &markers),
        );
        if p.len() == t.len() && !p.is_empty() {
            same_result(p.floats("a"), t.floats("a"));
        }
    }
    for missing in [
        Missing::default(),
        Missing::Drop {
            markers: vec!["NA".into(), String::new()],
        },
    ] {
        let spec = FrameSpec::new(&["a", "b", "a:b"]).missing(missing);
        same_result(spec.from_table(&plain), spec.from_table(&typed));
        let cols = CoxColumns::new("t", "d", &[]).frame(spec);
        same_result(
            CoxData::from_table(&plain, &cols),
            CoxData::from_table(&typed, &cols),
        );
    }
    let cols = CoxColumns::new("t", "d", &["a", "b"]);
    same_result(
        CoxData::from_table(&plain, &cols),
        CoxData::from_table(&typed, &cols),
    );
}

#[test]
fn typed_columns_read_as_text_columns_do() {
    check(&[(0, 1, 2, true), (6, 5, 4, false), (12, 3, 7, true)]);
    check(&[
        (0, 0, 0, true),
        (1, 1, 1, false),
        (12, 10, 11, true),
        (13, 9, 8, true),
    ]);
    let (_, typed) = tables("t,d,a,b\n1.50,1,NA, 2 \n");
    assert_eq!(typed.text(0, "t").unwrap(), "1.5");
    assert_eq!(typed.text(0, "a").unwrap(), "NA");
    assert_eq!(typed.text(0, "b").unwrap(), "2");
}

proptest! {
    #[test]
    fn typed_columns_match_on_random_tables(
        rows in proptest::collection::vec(
            (0..CELLS.len(), 0..CELLS.len(), 0..CELLS.len(), any::<bool>()),
            1..12,
        ),
    ) {
        check(&rows);
    }

    #[test]
    fn typed_columns_match_on_mostly_numbers(
        rows in proptest::collection::vec(
            (prop_oneof![Just(0), Just(12)], 0..CELLS.len(), prop_oneof![Just(1), Just(3), Just(11), Just(5)], any::<bool>()),
            1..12,
        ),
    ) {
        check(&rows);
    }
}
