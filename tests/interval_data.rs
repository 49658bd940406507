//! Interval-censored data: reading from CSV and building from vectors,
//! every bad value reported with its line and column.

use return_migration::data::CsvTable;
use return_migration::survival::{Censoring, IntervalColumns, IntervalData};

fn read(text: &str) -> return_migration::error::Result<IntervalData> {
    let t = CsvTable::from_text("in.csv", text)?;
    IntervalColumns::new("l", "r")
        .group("g")
        .weight("w")
        .from_table(&t)
}

fn err(text: &str) -> String {
    read(text).unwrap_err().to_string()
}

#[test]
fn reads_every_kind_of_row_in_order() {
    let d = read(
        "l,r,g,w\n1,2,b,1\n3,,a,2\n0,4,b,0.5\n5,inf,a,1\n2,2,b,1\n6,+Infinity,a,1\n 7 , INF ,a,1\n",
    )
    .unwrap();
    assert_eq!(d.left(), &[1.0, 3.0, 0.0, 5.0, 2.0, 6.0, 7.0]);
    let inf = f64::INFINITY;
    assert_eq!(d.right(), &[2.0, inf, 4.0, inf, 2.0, inf, inf]);
    assert_eq!(d.weights(), &[1.0, 2.0, 0.5, 1.0, 1.0, 1.0, 1.0]);
    assert_eq!(d.group_labels(), &["a".to_string(), "b".to_string()]);
    assert_eq!(d.group_ids(), &[1, 0, 1, 0, 1, 0, 0]);
    use Censoring::*;
    assert_eq!(
        d.censorings(),
        vec![Interval, Right, Left, Right, Exact, Right, Right]
    );
    assert!(d.is_weighted());
}

#[test]
fn located_errors() {
    let h = "l,r,g,w\n";
    let cases = [
        (
            "1,2,a,1\n-1,2,a,1\n",
            "in.csv, line 3, column `l`: negative time -1",
        ),
        (
            "3,2,a,1\n",
            "in.csv, line 2, column `r`: right end 2 is below left end 3",
        ),
        (
            "NaN,2,a,1\n",
            "in.csv, line 2, column `l`: value `NaN` is not finite",
        ),
        (
            "1,NaN,a,1\n",
            "in.csv, line 2, column `r`: value `NaN` is not finite",
        ),
        (
            "1,-inf,a,1\n",
            "in.csv, line 2, column `r`: value `-inf` is not finite",
        ),
        (
            "inf,inf,a,1\n",
            "in.csv, line 2, column `l`: value `inf` is not finite",
        ),
        (
            "x,2,a,1\n",
            "in.csv, line 2, column `l`: cannot parse `x` as a number",
        ),
        (
            "1,NA,a,1\n",
            "in.csv, line 2, column `r`: cannot parse `NA` as a number",
        ),
        (
            ",2,a,1\n",
            "in.csv, line 2, column `l`: empty field where a value is required",
        ),
        (
            "1,2,a,0\n",
            "in.csv, line 2, column `w`: weight 0 is not strictly positive",
        ),
        (
            "1,2,a,-2\n",
            "in.csv, line 2, column `w`: weight -2 is not strictly positive",
        ),
        (
            "1,2,a,\n",
            "in.csv, line 2, column `w`: empty field where a value is required",
        ),
        (
            "1,2,a,inf\n",
            "in.csv, line 2, column `w`: value `inf` is not finite",
        ),
    ];
    for (rows, want) in cases {
        assert_eq!(err(&format!("{h}{rows}")), want, "{rows}");
    }
    assert_eq!(
        err("l,x,g,w\n1,2,a,1\n"),
        "in.csv, line 1, column `r`: missing column"
    );
}

#[test]
fn builder_errors() {
    let e = |b: return_migration::survival::IntervalDataBuilder| b.build().unwrap_err().to_string();
    assert_eq!(
        e(IntervalData::builder(vec![], vec![])),
        "no subjects: the input is empty"
    );
    assert_eq!(
        e(IntervalData::builder(vec![1.0], vec![])),
        "invalid right: has 0 values but `left` has 1"
    );
    assert_eq!(
        e(IntervalData::builder(vec![1.0], vec![f64::NAN])),
        "row 1 (counting from 1), column `right`: value NaN is not finite"
    );
    assert_eq!(
        e(IntervalData::builder(vec![1.0, 2.0], vec![1.0, 2.0]).weights(vec![1.0, f64::NAN])),
        "row 2 (counting from 1), column `weight`: value NaN is not finite"
    );
    assert_eq!(
        e(IntervalData::builder(vec![1.0], vec![1.0]).groups(vec![])),
        "invalid group: has 0 values but `left` has 1"
    );
}

#[test]
fn zero_to_infinity_is_right_censored_at_zero() {
    let d = IntervalData::builder(vec![0.0, -0.0], vec![f64::INFINITY, 0.0])
        .build()
        .unwrap();
    assert_eq!(d.censoring(0), Censoring::Right);
    assert_eq!(d.censoring(1), Censoring::Exact);
    assert!(d.left()[1].is_sign_positive());
}
