//! The memory-lean input paths give the values of the plain ones: a model
//! frame read straight into its design matrix (against values computed by
//! hand), Cox data from one covariate matrix sorted in place (against
//! the same covariates given column by column, gathered into a new matrix),
//! and event/status codes held in one byte a row (against the `i64`s given).

use ndarray::{Array2, s};
use return_migration::data::CsvTable;
use return_migration::frame::{FrameColumns, FrameSpec, Missing};
use return_migration::survival::CoxData;

const TEXT: &str = "a,b,c,g,ok\n\
    1.5,2,-3,u,yes\n\
    -0.1,0.3,7,v,No\n\
    2.25,-1,0.5,u,YES\n\
    1e-3,4,2,w,no\n\
    -2,0.7,-0.25,v,yes\n";

fn column(t: &CsvTable, name: &str) -> Vec<f64> {
    t.floats(name).unwrap()
}

#[test]
fn frame_matrix_equals_products_in_term_order() {
    let t = CsvTable::from_text("in.csv", TEXT).unwrap();
    let spec = FrameSpec::new(&["a", "g", "ok", "a:b:c", "c:g", "b"]).factor("g");
    let f = spec.from_table(&t).unwrap();
    assert_eq!(
        f.names,
        vec![
            "a", "gv", "gw", "okYES", "okno", "okyes", "a:b:c", "c:gv", "c:gw", "b"
        ]
    );
    let (a, b, c) = (column(&t, "a"), column(&t, "b"), column(&t, "c"));
    let g = ["u", "v", "u", "w", "v"];
    // Levels as written: four of them, `No` the reference.
    let ok = ["yes", "No", "YES", "no", "yes"];
    for r in 0..5 {
        let is = |level: &str| f64::from(u8::from(g[r] == level));
        let ok_is = |level: &str| f64::from(u8::from(ok[r] == level));
        let expected = [
            a[r],
            is("v"),
            is("w"),
            ok_is("YES"),
            ok_is("no"),
            ok_is("yes"),
            ((1.0 * a[r]) * b[r]) * c[r],
            c[r] * is("v"),
            c[r] * is("w"),
            b[r],
        ];
        // Bit for bit: the same products in the same order.
        let got: Vec<u64> = f.x.row(r).iter().map(|v| v.to_bits()).collect();
        let want: Vec<u64> = expected.iter().map(|v| v.to_bits()).collect();
        assert_eq!(got, want, "row {r}");
    }
    assert_eq!(f.rows, vec![0, 1, 2, 3, 4]);
    assert_eq!(f.factors[0].levels, vec!["u", "v", "w"]);
    assert_eq!(f.factors[1].levels, vec!["No", "YES", "no", "yes"]);
}

#[test]
fn frame_errors_are_the_first_in_file_order_across_columns() {
    // `b` fails at line 4, `c` (read later) at line 3: line 3 is reported.
    let t = CsvTable::from_text("in.csv", "b,c\n1,2\n1,x\ny,1\n").unwrap();
    let err = FrameSpec::new(&["b", "c"]).from_table(&t).unwrap_err();
    assert_eq!(
        err.to_string(),
        "in.csv, line 3, column `c`: cannot parse `x` as a number"
    );
    // A numeric column only in an interaction with a one-level factor
    // makes no design column, and is still checked.
    let t = CsvTable::from_text("in.csv", "a,g\n1,u\nz,u\n").unwrap();
    let err = FrameSpec::new(&["a:g"])
        .factor("g")
        .from_table(&t)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "in.csv, line 3, column `a`: cannot parse `z` as a number"
    );
    // A bad reference level and a bad number: the number (it has a line).
    let t = CsvTable::from_text("in.csv", "a,g\n1,u\nz,v\n").unwrap();
    let spec = FrameSpec::new(&["a", "g"]).factor("g").reference("g", "q");
    assert_eq!(
        spec.from_table(&t).unwrap_err().to_string(),
        "in.csv, line 3, column `a`: cannot parse `z` as a number"
    );
}

#[test]
fn frame_from_columns_codes_numbers_as_labels_and_drops_missing() {
    let c = FrameColumns::new()
        .numbers("x", vec![1.0, f64::NAN, 2.0, 1.0])
        .numbers("k", vec![3.0, 3.0, 10.0, 2.0]);
    let spec = FrameSpec::new(&["x", "k"])
        .factor("k")
        .missing(Missing::Drop { markers: vec![] });
    let f = spec.from_columns(&c).unwrap();
    // Levels in byte order of their text: "10" < "2" < "3".
    assert_eq!(f.factors[0].levels, vec!["10", "2", "3"]);
    assert_eq!(f.names, vec!["x", "k2", "k3"]);
    assert_eq!(f.rows, vec![0, 2, 3]);
    assert_eq!(
        f.x,
        ndarray::array![[1.0, 0.0, 1.0], [2.0, 0.0, 0.0], [1.0, 1.0, 0.0]]
    );
}

fn survival() -> (Vec<f64>, Vec<i64>, Vec<String>) {
    let time = vec![5., 8., 2., 9., 4., 7., 3., 6., 4., 2., 8., 1.];
    let event = vec![1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1];
    let strata = [0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0]
        .map(|s| format!("s{s}"))
        .to_vec();
    (time, event, strata)
}

fn covariates() -> Array2<f64> {
    Array2::from_shape_fn((12, 3), |(i, j)| {
        let i = i as f64;
        match j {
            0 => (i * 0.37).sin() * 10.0,
            1 => (i * 1.3).cos() + 2.5,
            _ => f64::from(u8::from((i as usize).is_multiple_of(3))),
        }
    })
}

#[test]
fn cox_data_from_one_matrix_equal_to_the_columns_gathered() {
    let (time, event, strata) = survival();
    let x = covariates();
    let by_columns = CoxData::builder(time.clone(), event.clone())
        .strata(strata.clone())
        .covariate("a", x.column(0).to_vec())
        .covariate("b", x.column(1).to_vec())
        .covariate("c", x.column(2).to_vec())
        .build()
        .unwrap();
    let by_matrix = CoxData::builder(time.clone(), event.clone())
        .strata(strata.clone())
        .covariates(&["a", "b", "c"], x.clone())
        .build()
        .unwrap();
    assert_eq!(by_matrix, by_columns);
    // A matrix whose values start past its buffer's beginning (rows
    // sliced off in place) and one in column-major layout.
    let mut taller = Array2::zeros((14, 3));
    taller.slice_mut(s![2.., ..]).assign(&x);
    taller.slice_collapse(s![2.., ..]);
    let sliced = CoxData::builder(time.clone(), event.clone())
        .strata(strata.clone())
        .covariates(&["a", "b", "c"], taller)
        .build()
        .unwrap();
    assert_eq!(sliced, by_columns);
    let mut column_major = Array2::zeros((3, 12)).reversed_axes();
    column_major.assign(&x);
    assert!(!column_major.is_standard_layout());
    let fortran = CoxData::builder(time, event)
        .strata(strata)
        .covariates(&["a", "b", "c"], column_major)
        .build()
        .unwrap();
    assert_eq!(fortran, by_columns);
}

#[test]
fn strata_and_clusters_read_from_a_table_equal_the_labels_given() {
    let text = "t,d,x,s,id\n5,1,0.5,b,p2\n8,0,1.5,a,p1\n2,1,-1,b,p10\n9,1,2,a ,p2\n4,1,0,b,p1\n";
    let t = CsvTable::from_text("in.csv", text).unwrap();
    let columns = return_migration::survival::CoxColumns::new("t", "d", &["x"])
        .strata("s")
        .cluster("id");
    let read = CoxData::from_table(&t, &columns).unwrap();
    let labels = |c: &str| -> Vec<String> {
        (0..t.len())
            .map(|i| t.text(i, c).unwrap().to_string())
            .collect()
    };
    let given = CoxData::builder(column(&t, "t"), vec![1, 0, 1, 1, 1])
        .covariate("x", column(&t, "x"))
        .strata(labels("s"))
        .clusters(labels("id"))
        .build()
        .unwrap();
    assert_eq!(read, given);
    // Labels as written (a trailing space makes its own stratum), in byte order.
    assert_eq!(read.strata_labels(), &["a", "a ", "b"].map(String::from));
    assert_eq!(
        read.cluster_labels().unwrap(),
        &["p1", "p10", "p2"].map(String::from)
    );
}

/// Codes read from a table are held in one byte while they fit and widen
/// to `i64` once one does not (a cause 300, a count of 1000): the data
/// equal those built from the `i64` codes given.
#[test]
fn codes_beyond_one_byte_read_from_a_table_equal_the_codes_given() {
    use return_migration::survival::{
        CompetingColumns, CompetingData, RecurrentColumns, RecurrentData,
    };
    let text = "t,s\n5,1\n8,0\n2,300\n9,255\n4,1\n3,300\n";
    let t = CsvTable::from_text("in.csv", text).unwrap();
    let read = CompetingData::from_table(&t, &CompetingColumns::new("t", "s")).unwrap();
    let given = CompetingData::builder(column(&t, "t"), vec![1, 0, 300, 255, 1, 300])
        .build()
        .unwrap();
    assert_eq!(read, given);

    let text = "id,a,b,e\np1,0,2,1\np1,2,5,1000\np2,0,4,0\np3,1,3,2\n";
    let t = CsvTable::from_text("in.csv", text).unwrap();
    let read = RecurrentData::from_table(&t, &RecurrentColumns::new("id", "a", "b", "e")).unwrap();
    let ids = ["p1", "p1", "p2", "p3"].map(String::from).to_vec();
    let given = RecurrentData::builder(ids, column(&t, "a"), column(&t, "b"), vec![1, 1000, 0, 2])
        .build()
        .unwrap();
    assert_eq!(read, given);
}
