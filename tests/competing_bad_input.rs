//! Bad input to the competing-risks and recurrent-event data builders and
//! table readers: one exact typed error (variant and text) per class, never
//! a panic.

use return_migration::data::CsvTable;
use return_migration::error::{CsvProblem, Error, Location, ValueProblem};
use return_migration::survival::{
    AalenJohansen, CompetingColumns, CompetingData, Mcf, RecurrentColumns, RecurrentData,
};

fn value(row: usize, column: &str, problem: ValueProblem) -> Error {
    Error::InvalidValue {
        row,
        column: column.to_string(),
        problem,
    }
}

fn located(line: u64, column: &str, problem: ValueProblem) -> Error {
    Error::Csv {
        at: Location::new("in.csv", Some(line), Some(column)),
        problem: CsvProblem::Invalid(problem),
    }
}

fn check<T: std::fmt::Debug>(result: Result<T, Error>, expected: Error, text: &str) {
    let err = result.expect_err("bad input must be an error");
    assert_eq!(err, expected);
    assert_eq!(err.to_string(), text);
}

fn status_problem(code: &str) -> ValueProblem {
    ValueProblem::EventCode {
        code: code.into(),
        allowed: "0 (censored) or a positive integer cause".into(),
    }
}

// ---------------------------------------------------------------- competing, vectors

#[test]
fn competing_empty_and_lengths() {
    check(
        CompetingData::builder(vec![], vec![]).build(),
        Error::EmptyInput,
        "no subjects: the input is empty",
    );
    let mismatch = |column: &str, found| Error::LengthMismatch {
        column: column.into(),
        expected: 2,
        found,
    };
    check(
        CompetingData::builder(vec![1.0, 2.0], vec![1]).build(),
        mismatch("status", 1),
        "column `status` has 1 values but `time` has 2",
    );
    check(
        CompetingData::builder(vec![1.0, 2.0], vec![1, 0])
            .entry(vec![0.0])
            .build(),
        mismatch("entry", 1),
        "column `entry` has 1 values but `time` has 2",
    );
    check(
        CompetingData::builder(vec![1.0, 2.0], vec![1, 0])
            .weights(vec![1.0; 3])
            .build(),
        mismatch("weight", 3),
        "column `weight` has 3 values but `time` has 2",
    );
    check(
        CompetingData::builder(vec![1.0, 2.0], vec![1, 0])
            .groups(vec!["a".into()])
            .build(),
        mismatch("group", 1),
        "column `group` has 1 values but `time` has 2",
    );
}

#[test]
fn competing_bad_values() {
    let b = |t: Vec<f64>, s: Vec<i64>| CompetingData::builder(t, s);
    // NaN is not equal to itself: match the variant, then the text.
    let err = b(vec![1.0, f64::NAN], vec![1, 0]).build().unwrap_err();
    assert!(
        matches!(&err, Error::InvalidValue { row: 1, column, problem: ValueProblem::NotFinite { value } }
        if column == "time" && value.is_nan())
    );
    assert_eq!(
        err.to_string(),
        "row 2 (counting from 1), column `time`: value NaN is not finite"
    );
    check(
        b(vec![f64::INFINITY], vec![1]).build(),
        value(
            0,
            "time",
            ValueProblem::NotFinite {
                value: f64::INFINITY,
            },
        ),
        "row 1 (counting from 1), column `time`: value inf is not finite",
    );
    check(
        b(vec![1.0, -0.5], vec![1, 0]).build(),
        value(1, "time", ValueProblem::NegativeTime { value: -0.5 }),
        "row 2 (counting from 1), column `time`: negative time -0.5",
    );
    check(
        b(vec![1.0], vec![-1]).build(),
        value(0, "status", status_problem("-1")),
        "row 1 (counting from 1), column `status`: event code `-1` is not 0 (censored) or a positive integer cause",
    );
    check(
        b(vec![1.0], vec![1 << 40]).build(),
        value(0, "status", status_problem("1099511627776")),
        "row 1 (counting from 1), column `status`: event code `1099511627776` is not 0 (censored) or a positive integer cause",
    );
    check(
        b(vec![1.0, 2.0], vec![1, 0]).entry(vec![0.0, 2.5]).build(),
        value(
            1,
            "entry",
            ValueProblem::EntryNotBeforeExit {
                entry: 2.5,
                exit: 2.0,
            },
        ),
        "row 2 (counting from 1), column `entry`: entry 2.5 is not strictly before exit 2",
    );
    check(
        b(vec![1.0], vec![1]).entry(vec![-1.0]).build(),
        value(0, "entry", ValueProblem::NegativeTime { value: -1.0 }),
        "row 1 (counting from 1), column `entry`: negative time -1",
    );
    check(
        b(vec![1.0, 2.0], vec![1, 0])
            .weights(vec![1.0, -2.0])
            .build(),
        value(1, "weight", ValueProblem::NegativeWeight { value: -2.0 }),
        "row 2 (counting from 1), column `weight`: negative weight -2",
    );
    check(
        b(vec![1.0], vec![1])
            .group_codes(vec![3], vec!["a".into(), "b".into()])
            .build(),
        value(
            0,
            "group",
            ValueProblem::UnknownCode {
                code: "3".into(),
                allowed: "below 2".into(),
            },
        ),
        "row 1 (counting from 1), column `group`: code `3` is not below 2",
    );
    check(
        b(vec![1.0], vec![1])
            .group_codes(vec![0], vec!["b".into(), "a".into()])
            .build(),
        Error::InvalidArgument {
            what: "group labels".into(),
            reason: "must be non-empty, distinct and in byte order".into(),
        },
        "invalid group labels: must be non-empty, distinct and in byte order",
    );
    check(
        b((1..=101).map(f64::from).collect(), (1..=101).collect()).build(),
        Error::InvalidArgument {
            what: "status".into(),
            reason:
                "more than 100 distinct causes (row 101 counting from 1 has cause 101); is this the status column?"
                    .into(),
        },
        "invalid status: more than 100 distinct causes (row 101 counting from 1 has cause 101); is this the status column?",
    );
    let d = b(vec![1.0], vec![1]).build().unwrap();
    check(
        AalenJohansen::new().conf_level(f64::NAN).fit(&d),
        Error::InvalidArgument {
            what: "conf_level".into(),
            reason: "NaN is not strictly between 0 and 1".into(),
        },
        "invalid conf_level: NaN is not strictly between 0 and 1",
    );
}

// ---------------------------------------------------------------- competing, tables

fn competing_table(text: &str, cols: &CompetingColumns) -> Result<CompetingData, Error> {
    CompetingData::from_table(&CsvTable::from_text("in.csv", text).unwrap(), cols)
}

#[test]
fn competing_table_errors_are_located() {
    let cols = CompetingColumns::new("t", "s")
        .entry("a")
        .weight("w")
        .group("g");
    check(
        competing_table("t,s,a,g\n1,1,0,x\n", &cols),
        Error::Csv {
            at: Location::new("in.csv", Some(1), Some("w")),
            problem: CsvProblem::MissingColumn,
        },
        "in.csv, line 1, column `w`: missing column",
    );
    check(
        competing_table("t,s,a,w,g\n1,1,0,1,x\n2,2,2,1,x\n", &cols),
        located(
            3,
            "a",
            ValueProblem::EntryNotBeforeExit {
                entry: 2.0,
                exit: 2.0,
            },
        ),
        "in.csv, line 3, column `a`: entry 2 is not strictly before exit 2",
    );
    check(
        competing_table("t,s,a,w,g\n1,1,0,-1,x\n", &cols),
        located(2, "w", ValueProblem::NegativeWeight { value: -1.0 }),
        "in.csv, line 2, column `w`: negative weight -1",
    );
    check(
        competing_table("t,s,a,w,g\n1, ,0,1,x\n", &cols),
        Error::Csv {
            at: Location::new("in.csv", Some(2), Some("s")),
            problem: CsvProblem::EmptyField,
        },
        "in.csv, line 2, column `s`: empty field where a value is required",
    );
    // The first bad line is reported, whatever the kind of problem.
    check(
        competing_table("t,s,a,w,g\n1,1,0,-1,x\n1,x,0,1,x\n", &cols),
        located(2, "w", ValueProblem::NegativeWeight { value: -1.0 }),
        "in.csv, line 2, column `w`: negative weight -1",
    );
}

// ---------------------------------------------------------------- recurrent

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("p{i}")).collect()
}

#[test]
fn recurrent_builder_errors() {
    check(
        RecurrentData::builder(vec![], vec![], vec![], vec![]).build(),
        Error::EmptyInput,
        "no subjects: the input is empty",
    );
    check(
        RecurrentData::builder(ids(2), vec![0.0, 0.0], vec![1.0, 2.0], vec![1]).build(),
        Error::InvalidArgument {
            what: "columns".into(),
            reason: "`event` has 1 values but `stop` has 2".into(),
        },
        "invalid columns: `event` has 1 values but `stop` has 2",
    );
    check(
        RecurrentData::builder(ids(1), vec![0.0], vec![f64::INFINITY], vec![1]).build(),
        value(
            0,
            "stop",
            ValueProblem::NotFinite {
                value: f64::INFINITY,
            },
        ),
        "row 1 (counting from 1), column `stop`: value inf is not finite",
    );
    check(
        RecurrentData::builder(ids(1), vec![-1.0], vec![1.0], vec![1]).build(),
        value(0, "start", ValueProblem::NegativeTime { value: -1.0 }),
        "row 1 (counting from 1), column `start`: negative time -1",
    );
    check(
        RecurrentData::builder(ids(1), vec![3.0], vec![3.0], vec![1]).build(),
        value(
            0,
            "start",
            ValueProblem::EntryNotBeforeExit {
                entry: 3.0,
                exit: 3.0,
            },
        ),
        "row 1 (counting from 1), column `start`: entry 3 is not strictly before exit 3",
    );
    check(
        RecurrentData::builder(ids(1), vec![0.0], vec![3.0], vec![-2]).build(),
        value(
            0,
            "event",
            ValueProblem::EventCode {
                code: "-2".into(),
                allowed: "a non-negative integer count".into(),
            },
        ),
        "row 1 (counting from 1), column `event`: event code `-2` is not a non-negative integer count",
    );
    // The same interval twice is an overlap, reported on the later row.
    check(
        RecurrentData::builder(
            vec!["a".into(), "a".into()],
            vec![0.0, 0.0],
            vec![2.0, 2.0],
            vec![1, 1],
        )
        .build(),
        value(
            1,
            "start",
            ValueProblem::OverlappingIntervals {
                id: "a".into(),
                start: 0.0,
                previous_stop: 2.0,
            },
        ),
        "row 2 (counting from 1), column `start`: interval starting at 0 overlaps an earlier interval of id `a`, which stops at 2",
    );
    let d = RecurrentData::builder(ids(1), vec![0.0], vec![3.0], vec![1])
        .build()
        .unwrap();
    check(
        Mcf::new().conf_level(1.0).fit(&d),
        Error::InvalidArgument {
            what: "conf_level".into(),
            reason: "1 is not strictly between 0 and 1".into(),
        },
        "invalid conf_level: 1 is not strictly between 0 and 1",
    );
}

#[test]
fn recurrent_table_errors_are_located() {
    let cols = RecurrentColumns::new("id", "a", "b", "e").group("g");
    let read = |text: &str| {
        RecurrentData::from_table(&CsvTable::from_text("in.csv", text).unwrap(), &cols)
    };
    check(
        read("id,a,b,e\n1,0,1,1\n"),
        Error::Csv {
            at: Location::new("in.csv", Some(1), Some("g")),
            problem: CsvProblem::MissingColumn,
        },
        "in.csv, line 1, column `g`: missing column",
    );
    check(
        read("id,a,b,e,g\n1,0,1,1,x\n,1,2,0,x\n"),
        Error::Csv {
            at: Location::new("in.csv", Some(3), Some("id")),
            problem: CsvProblem::EmptyField,
        },
        "in.csv, line 3, column `id`: empty field where a value is required",
    );
    check(
        read("id,a,b,e,g\n1,0,1,0.5,x\n"),
        located(
            2,
            "e",
            ValueProblem::EventCode {
                code: "0.5".into(),
                allowed: "a non-negative integer count".into(),
            },
        ),
        "in.csv, line 2, column `e`: event code `0.5` is not a non-negative integer count",
    );
    check(
        read("id,a,b,e,g\n1,2,1,0,x\n"),
        located(
            2,
            "a",
            ValueProblem::EntryNotBeforeExit {
                entry: 2.0,
                exit: 1.0,
            },
        ),
        "in.csv, line 2, column `a`: entry 2 is not strictly before exit 1",
    );
    check(
        read("id,a,b,e,g\n7,0,5,1,x\n8,0,5,1,x\n7,6,9,0,x\n7,4,6,0,x\n"),
        located(
            5,
            "a",
            ValueProblem::OverlappingIntervals {
                id: "7".into(),
                start: 4.0,
                previous_stop: 5.0,
            },
        ),
        "in.csv, line 5, column `a`: interval starting at 4 overlaps an earlier interval of id `7`, which stops at 5",
    );
}
