//! Bad input for every loader: each class of bad input gives one exact,
//! located error (file, line — the header is line 1 — and column), and a
//! valid file loses no row.

use std::fs;
use std::path::PathBuf;

use return_migration::data::{
    Candidate, CsvTable, Panel, SeriesColumns, YearSeries, candidates_from_table, panel_from_table,
    series_from_csv, series_from_table,
};
use return_migration::error::{CsvProblem, Error, Location};

type Result<T> = std::result::Result<T, Error>;

fn csv_error(file: &str, line: Option<u64>, column: Option<&str>, problem: CsvProblem) -> Error {
    Error::Csv {
        at: Location::new(file, line, column),
        problem,
    }
}

fn unparsable_number(text: &str) -> CsvProblem {
    CsvProblem::UnparsableNumber {
        text: text.to_string(),
    }
}

fn unparsable_year(text: &str) -> CsvProblem {
    CsvProblem::UnparsableYear {
        text: text.to_string(),
    }
}

fn not_finite(text: &str) -> CsvProblem {
    CsvProblem::NotFinite {
        text: text.to_string(),
    }
}

fn table(text: &str) -> Result<CsvTable> {
    CsvTable::from_text("t.csv", text)
}

fn series(text: &str) -> Result<YearSeries> {
    let t = CsvTable::from_text("s.csv", text)?;
    series_from_table(&t, "returns", "persons", &SeriesColumns::default())
}

fn panel(text: &str) -> Result<Panel> {
    let t = CsvTable::from_text("p.csv", text)?;
    panel_from_table(&t, "route", "year", "value", "persons")
}

fn candidates(text: &str) -> Result<Vec<Candidate>> {
    let t = CsvTable::from_text("c.csv", text)?;
    candidates_from_table(&t, "year", "value", "source")
}

/// A file under the integration tests' scratch directory (one name per test).
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bad_input");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

fn missing_path(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("bad_input_no_such_dir")
        .join(name);
    assert!(!path.exists());
    path
}

/// The operating system's message for opening `path`, as the library reports it.
fn open_error(path: &PathBuf) -> String {
    fs::File::open(path).unwrap_err().to_string()
}

// ---------------------------------------------------------------- CsvTable::from_text

#[test]
fn from_text_empty_file_no_bytes() {
    let err = table("").unwrap_err();
    assert_eq!(
        err,
        csv_error("t.csv", Some(1), None, CsvProblem::EmptyFile)
    );
    assert_eq!(
        err.to_string(),
        "t.csv, line 1: empty file (no header or no data rows)"
    );
}

#[test]
fn from_text_blank_header_is_an_empty_file() {
    for text in ["\n", "   \n", "\r\n"] {
        assert_eq!(
            table(text).unwrap_err(),
            csv_error("t.csv", Some(1), None, CsvProblem::EmptyFile),
            "{text:?}"
        );
    }
}

#[test]
fn from_text_header_only() {
    for text in [
        "year,value\n",
        "year,value",
        "year,value\r\n",
        "year,value\n\n\n",
    ] {
        assert_eq!(
            table(text).unwrap_err(),
            csv_error("t.csv", Some(2), None, CsvProblem::EmptyFile),
            "{text:?}"
        );
    }
}

#[test]
fn from_text_too_many_fields() {
    let err = table("year,value\n2015,1399\n2016,1269,extra\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "t.csv",
            Some(3),
            None,
            CsvProblem::WrongFieldCount {
                expected: 2,
                found: 3
            }
        )
    );
    assert_eq!(err.to_string(), "t.csv, line 3: expected 2 fields, found 3");
}

#[test]
fn from_text_too_few_fields() {
    let err = table("year,value,source\n2015,1399,IOM\n2016,1269,IOM\n2017\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "t.csv",
            Some(4),
            None,
            CsvProblem::WrongFieldCount {
                expected: 3,
                found: 1
            }
        )
    );
}

#[test]
fn from_text_wrong_field_count_after_a_blank_line_counts_physical_lines() {
    // the blank line 3 is skipped by the reader but still counted
    let err = table("year,value\n2015,1\n\n2016,2,3\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "t.csv",
            Some(4),
            None,
            CsvProblem::WrongFieldCount {
                expected: 2,
                found: 3
            }
        )
    );
}

#[test]
fn from_text_wrong_field_count_crlf_names_the_physical_line() {
    let err = table("year,value\r\n2015,1\r\n2016,2,3\r\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "t.csv",
            Some(3),
            None,
            CsvProblem::WrongFieldCount {
                expected: 2,
                found: 3
            }
        )
    );
}

#[test]
fn from_text_crlf_row_lines_are_physical_lines() {
    let t = table("year,value\r\n2015,1\r\n2016,2\r\n").unwrap();
    assert_eq!((t.line(0), t.line(1)), (2, 3));
}

#[test]
fn from_text_lf_row_lines_are_physical_lines() {
    let t = table("year,value\n2015,1\n2016,2\n2017,3").unwrap();
    assert_eq!((t.len(), t.line(0), t.line(1), t.line(2)), (3, 2, 3, 4));
}

#[test]
fn from_text_rows_after_blank_lines_keep_physical_lines() {
    let t = table("year,value\n\n2015,1\n2016,2\n").unwrap();
    assert_eq!((t.len(), t.line(0), t.line(1)), (2, 3, 4));
}

#[test]
fn from_text_byte_order_mark_is_not_part_of_the_first_column() {
    let t = table("\u{feff}year,value\n2015,1399\n").unwrap();
    assert_eq!(t.headers(), vec!["year", "value"]);
    assert_eq!(t.parse_year(0, "year").unwrap(), 2015);
}

#[test]
fn from_reader_invalid_utf8_is_malformed_on_its_line() {
    let err = CsvTable::from_reader("u.csv", &b"year,value\n2015,1\n2016,\xff\n"[..]).unwrap_err();
    match err {
        Error::Csv {
            at,
            problem: CsvProblem::Malformed { message },
        } => {
            assert_eq!(at, Location::new("u.csv", Some(3), None));
            assert_eq!(
                message,
                "field 2 holds bytes that are not UTF-8 text (save the file as UTF-8)"
            );
        }
        other => panic!("expected a malformed-CSV error, got {other:?}"),
    }
}

/// Asserts that `err` is a malformed-CSV error located on `line` of `file`.
fn assert_malformed_on(err: &Error, file: &str, line: u64) {
    match err {
        Error::Csv {
            at,
            problem: CsvProblem::Malformed { .. },
        } => assert_eq!((at.file.as_str(), at.line), (file, Some(line))),
        other => panic!("expected a malformed-CSV error, got {other:?}"),
    }
}

#[test]
fn from_text_unterminated_quote_is_an_error_not_lost_rows() {
    let text = "year,value,note\n2015,1,\"oops\n2016,2,\n2017,3,\n";
    let result = table(text);
    assert_eq!(
        result.as_ref().map(CsvTable::len).ok(),
        None,
        "rows were lost"
    );
    assert_malformed_on(&result.unwrap_err(), "t.csv", 2);
}

#[test]
fn series_unterminated_quote_in_note_does_not_drop_rows() {
    let t = CsvTable::from_text(
        "s.csv",
        "year,value,note\n2015,1,\"oops\n2016,2,\n2017,3,\n",
    );
    let err = t
        .and_then(|t| {
            let columns = SeriesColumns {
                note: Some("note".to_string()),
                ..SeriesColumns::default()
            };
            series_from_table(&t, "returns", "persons", &columns)
        })
        .map(|s| s.known_years())
        .unwrap_err();
    assert_malformed_on(&err, "s.csv", 2);
}

#[test]
fn candidates_unterminated_quote_in_source_does_not_drop_rows() {
    let err = candidates("year,value,source\n2015,1,\"IOM\n2016,2,UNHCR\n2017,3,UNHCR\n")
        .map(|c| c.len())
        .unwrap_err();
    assert_malformed_on(&err, "c.csv", 2);
}

#[test]
fn from_text_cr_only_line_endings_report_physical_lines() {
    let t = table("year,value\r2015,1\r2016,2\r").unwrap();
    assert_eq!((t.line(0), t.line(1)), (2, 3));
    assert_eq!(
        series("year,value\r2015,1\r2016,x\r").unwrap_err(),
        csv_error("s.csv", Some(3), Some("value"), unparsable_number("x"))
    );
}

// ---------------------------------------------------------------- CsvTable::from_path

#[test]
fn from_path_nonexistent_file_is_io() {
    let path = missing_path("no_such_table.csv");
    let name = path.display().to_string();
    let err = CsvTable::from_path(&path).unwrap_err();
    let message = open_error(&path);
    assert_eq!(
        err,
        csv_error(
            &name,
            None,
            None,
            CsvProblem::Io {
                message: message.clone()
            }
        )
    );
    assert_eq!(err.to_string(), format!("{name}: cannot read: {message}"));
}

#[test]
fn from_path_empty_file() {
    let path = temp_file("from_path_empty.csv", b"");
    let err = CsvTable::from_path(&path).unwrap_err();
    assert_eq!(
        err,
        csv_error(
            &path.display().to_string(),
            Some(1),
            None,
            CsvProblem::EmptyFile
        )
    );
}

#[test]
fn from_path_header_only() {
    let path = temp_file("from_path_header_only.csv", b"year,value\n");
    let err = CsvTable::from_path(&path).unwrap_err();
    assert_eq!(
        err,
        csv_error(
            &path.display().to_string(),
            Some(2),
            None,
            CsvProblem::EmptyFile
        )
    );
}

#[test]
fn from_path_wrong_field_count() {
    let path = temp_file(
        "from_path_wrong_count.csv",
        b"year,value\n2015,1\n2016,2\n2017,3,4\n",
    );
    let err = CsvTable::from_path(&path).unwrap_err();
    assert_eq!(
        err,
        csv_error(
            &path.display().to_string(),
            Some(4),
            None,
            CsvProblem::WrongFieldCount {
                expected: 2,
                found: 3
            }
        )
    );
}

#[test]
fn from_path_invalid_utf8_is_malformed() {
    let path = temp_file("from_path_utf8.csv", b"year,value\n2015,\xff\n");
    let err = CsvTable::from_path(&path).unwrap_err();
    let Error::Csv { at, problem } = err else {
        panic!("expected a CSV error");
    };
    assert_eq!(
        at,
        Location::new(&path.display().to_string(), Some(2), None)
    );
    assert!(
        matches!(problem, CsvProblem::Malformed { .. }),
        "{problem:?}"
    );
}

#[test]
fn from_path_valid_file_keeps_every_row() {
    let path = temp_file(
        "from_path_valid.csv",
        b"year,value,source\n2013,498,IOM\n2014,1158,IOM\n2015,1399,\"IOM, via Yabiladi\"\n",
    );
    let t = CsvTable::from_path(&path).unwrap();
    assert_eq!(t.name(), path.display().to_string());
    assert_eq!(t.len(), 3);
    assert_eq!(t.text(2, "source").unwrap(), "IOM, via Yabiladi");
}

// ---------------------------------------------------------------- series_from_table

#[test]
fn series_unparsable_number() {
    let err = series("year,value\n2015,1399\n2016,x\n").unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(3), Some("value"), unparsable_number("x"))
    );
    assert_eq!(
        err.to_string(),
        "s.csv, line 3, column `value`: cannot parse `x` as a number"
    );
}

#[test]
fn series_number_with_thousands_separator_is_unparsable() {
    let err = series("year,value\n2015,\"1,399\"\n").unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(2), Some("value"), unparsable_number("1,399"))
    );
}

#[test]
fn series_negative_count() {
    let err = series("year,value\n2015,1399\n2016,1269\n2017,-5\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "s.csv",
            Some(4),
            Some("value"),
            CsvProblem::NegativeCount { value: -5.0 }
        )
    );
    assert_eq!(
        err.to_string(),
        "s.csv, line 4, column `value`: negative count -5 (counts must be >= 0)"
    );
}

#[test]
fn series_duplicate_year() {
    let err = series("year,value\n2015,1399\n2016,1269\n2015,1400\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "s.csv",
            Some(4),
            Some("year"),
            CsvProblem::DuplicateYear {
                year: 2015,
                first_line: 2
            }
        )
    );
    assert_eq!(
        err.to_string(),
        "s.csv, line 4, column `year`: duplicate year 2015 (first seen on line 2)"
    );
}

#[test]
fn series_missing_value_column() {
    let err = series("year,count\n2015,1399\n").unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(1), Some("value"), CsvProblem::MissingColumn)
    );
    assert_eq!(
        err.to_string(),
        "s.csv, line 1, column `value`: missing column"
    );
}

#[test]
fn series_missing_year_column() {
    let err = series("yr,value\n2015,1399\n").unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(1), Some("year"), CsvProblem::MissingColumn)
    );
}

#[test]
fn series_missing_declared_source_column() {
    let t = CsvTable::from_text("s.csv", "year,value\n2015,1399\n").unwrap();
    let columns = SeriesColumns {
        source: Some("source".to_string()),
        ..SeriesColumns::default()
    };
    let err = series_from_table(&t, "returns", "persons", &columns).unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(1), Some("source"), CsvProblem::MissingColumn)
    );
}

#[test]
fn series_custom_column_names_are_used_in_errors() {
    let t = CsvTable::from_text("s.csv", "anno,persone\n2015,1399\n2016,n/d\n").unwrap();
    let columns = SeriesColumns {
        year: "anno".to_string(),
        value: "persone".to_string(),
        source: None,
        note: None,
    };
    let err = series_from_table(&t, "returns", "persons", &columns).unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(3), Some("persone"), unparsable_number("n/d"))
    );
}

#[test]
fn series_empty_value_field() {
    for text in [
        "year,value\n2015,1399\n2016,\n",
        "year,value\n2015,1399\n2016,   \n",
    ] {
        assert_eq!(
            series(text).unwrap_err(),
            csv_error("s.csv", Some(3), Some("value"), CsvProblem::EmptyField),
            "{text:?}"
        );
    }
}

#[test]
fn series_empty_year_field() {
    let err = series("year,value\n2015,1399\n,1269\n").unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(3), Some("year"), CsvProblem::EmptyField)
    );
    assert_eq!(
        err.to_string(),
        "s.csv, line 3, column `year`: empty field where a value is required"
    );
}

#[test]
fn series_nan_and_infinite_values() {
    for text in ["NaN", "nan", "inf", "-inf", "infinity", "+Infinity"] {
        let err = series(&format!("year,value\n2015,1399\n2016,{text}\n")).unwrap_err();
        assert_eq!(
            err,
            csv_error("s.csv", Some(3), Some("value"), not_finite(text)),
            "{text}"
        );
    }
    assert_eq!(
        series("year,value\n2015,NaN\n").unwrap_err().to_string(),
        "s.csv, line 2, column `value`: value `NaN` is not finite"
    );
}

#[test]
fn series_unparsable_year() {
    for text in ["2015.5", "abc", "2015a", "99999999999999999999", "2,015"] {
        let err = series(&format!("year,value\n2014,1158\n\"{text}\",1399\n")).unwrap_err();
        assert_eq!(
            err,
            csv_error("s.csv", Some(3), Some("year"), unparsable_year(text)),
            "{text}"
        );
    }
    assert_eq!(
        series("year,value\n2015.5,1\n").unwrap_err().to_string(),
        "s.csv, line 2, column `year`: cannot parse `2015.5` as a year"
    );
}

#[test]
fn series_year_out_of_range() {
    for (text, year) in [
        ("999", 999),
        ("10000", 10000),
        ("-2015", -2015),
        ("99999999999", 99_999_999_999),
    ] {
        let err = series(&format!("year,value\n2014,1158\n{text},1399\n")).unwrap_err();
        assert_eq!(
            err,
            csv_error(
                "s.csv",
                Some(3),
                Some("year"),
                CsvProblem::YearOutOfRange { year }
            ),
            "{text}"
        );
    }
    assert_eq!(
        series("year,value\n999,1\n").unwrap_err().to_string(),
        "s.csv, line 2, column `year`: year 999 is outside 1000-9999"
    );
    let edges = series("year,value\n1000,1\n9999,2\n").unwrap();
    assert_eq!(edges.known_years(), vec![1000, 9999]);
}

#[test]
fn series_year_is_checked_before_value() {
    let err = series("year,value\nabc,x\n").unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(2), Some("year"), unparsable_year("abc"))
    );
}

#[test]
fn series_wrong_field_count_and_empty_file_come_from_the_table() {
    assert_eq!(
        series("year,value\n2015,1,2\n").unwrap_err(),
        csv_error(
            "s.csv",
            Some(2),
            None,
            CsvProblem::WrongFieldCount {
                expected: 2,
                found: 3
            }
        )
    );
    assert_eq!(
        series("").unwrap_err(),
        csv_error("s.csv", Some(1), None, CsvProblem::EmptyFile)
    );
    assert_eq!(
        series("year,value\n").unwrap_err(),
        csv_error("s.csv", Some(2), None, CsvProblem::EmptyFile)
    );
}

#[test]
fn series_valid_file_keeps_every_row_with_quotes_and_crlf() {
    let text = "year,value,source,note\r\n\
                2013,498,\"IOM Key Highlights, via Yabiladi\",\r\n\
                2014,1158,\"IOM Key Highlights, via Yabiladi\",\"matches the \"\"2005-2018\"\" chart\"\r\n\
                2015, 1399 ,IOM,\r\n\
                2016,1269,IOM,\r\n\
                2017,1733,\"IOM Regional Office, Cairo\",\r\n\
                2018,1508,IOM Morocco,\r\n\
                2021,2372,Barone,\r\n";
    let t = CsvTable::from_text("s.csv", text).unwrap();
    assert_eq!(t.len(), 7);
    let columns = SeriesColumns {
        source: Some("source".to_string()),
        note: Some("note".to_string()),
        ..SeriesColumns::default()
    };
    let s = series_from_table(&t, "returns", "persons", &columns).unwrap();
    assert_eq!(
        s.iter().map(|(y, o)| (y, o.value)).collect::<Vec<_>>(),
        vec![
            (2013, 498.0),
            (2014, 1158.0),
            (2015, 1399.0),
            (2016, 1269.0),
            (2017, 1733.0),
            (2018, 1508.0),
            (2021, 2372.0)
        ]
    );
    assert_eq!(
        s.get(2013).unwrap().source,
        "IOM Key Highlights, via Yabiladi"
    );
    assert_eq!(s.get(2014).unwrap().note, "matches the \"2005-2018\" chart");
    assert_eq!(s.get(2017).unwrap().source, "IOM Regional Office, Cairo");
    assert!(s.iter().all(|(_, o)| !o.derived));
    assert_eq!(s.missing_years(), vec![2019, 2020]);
    assert_eq!((s.name(), s.unit()), ("returns", "persons"));
}

#[test]
fn series_crlf_error_names_the_physical_line() {
    let err = series("year,value\r\n2015,1399\r\n2016,x\r\n").unwrap_err();
    assert_eq!(
        err,
        csv_error("s.csv", Some(3), Some("value"), unparsable_number("x"))
    );
}

// ---------------------------------------------------------------- series_from_csv

#[test]
fn series_from_csv_nonexistent_path_is_io() {
    let path = missing_path("no_such_series.csv");
    let err = series_from_csv(&path, "returns", "persons", &SeriesColumns::default()).unwrap_err();
    assert_eq!(
        err,
        csv_error(
            &path.display().to_string(),
            None,
            None,
            CsvProblem::Io {
                message: open_error(&path)
            }
        )
    );
}

#[test]
fn series_from_csv_empty_file() {
    let path = temp_file("series_empty.csv", b"");
    let err = series_from_csv(&path, "r", "persons", &SeriesColumns::default()).unwrap_err();
    assert_eq!(
        err,
        csv_error(
            &path.display().to_string(),
            Some(1),
            None,
            CsvProblem::EmptyFile
        )
    );
}

#[test]
fn series_from_csv_header_only() {
    let path = temp_file("series_header_only.csv", b"year,value\n");
    let err = series_from_csv(&path, "r", "persons", &SeriesColumns::default()).unwrap_err();
    assert_eq!(
        err,
        csv_error(
            &path.display().to_string(),
            Some(2),
            None,
            CsvProblem::EmptyFile
        )
    );
}

#[test]
fn series_from_csv_wrong_field_count() {
    let path = temp_file("series_wrong_count.csv", b"year,value\n2015,1399,x\n");
    let err = series_from_csv(&path, "r", "persons", &SeriesColumns::default()).unwrap_err();
    assert_eq!(
        err,
        csv_error(
            &path.display().to_string(),
            Some(2),
            None,
            CsvProblem::WrongFieldCount {
                expected: 2,
                found: 3
            }
        )
    );
}

#[test]
fn series_from_csv_field_errors_name_the_path() {
    let cases: [(&str, &[u8], u64, &str, CsvProblem); 7] = [
        (
            "series_number.csv",
            b"year,value\n2015,1399\n2016,abc\n",
            3,
            "value",
            unparsable_number("abc"),
        ),
        (
            "series_negative.csv",
            b"year,value\n2015,-1\n",
            2,
            "value",
            CsvProblem::NegativeCount { value: -1.0 },
        ),
        (
            "series_duplicate.csv",
            b"year,value\n2015,1\n2016,2\n2016,3\n",
            4,
            "year",
            CsvProblem::DuplicateYear {
                year: 2016,
                first_line: 3,
            },
        ),
        (
            "series_missing.csv",
            b"year\n2015\n",
            1,
            "value",
            CsvProblem::MissingColumn,
        ),
        (
            "series_empty_field.csv",
            b"year,value\n2015,\n",
            2,
            "value",
            CsvProblem::EmptyField,
        ),
        (
            "series_inf.csv",
            b"year,value\n2015,inf\n",
            2,
            "value",
            not_finite("inf"),
        ),
        (
            "series_year.csv",
            b"year,value\n2015.5,1\n",
            2,
            "year",
            unparsable_year("2015.5"),
        ),
    ];
    for (name, contents, line, column, problem) in cases {
        let path = temp_file(name, contents);
        let err = series_from_csv(&path, "r", "persons", &SeriesColumns::default()).unwrap_err();
        assert_eq!(
            err,
            csv_error(
                &path.display().to_string(),
                Some(line),
                Some(column),
                problem
            ),
            "{name}"
        );
    }
}

#[test]
fn series_from_csv_valid_crlf_file_keeps_every_row() {
    let path = temp_file(
        "series_valid_crlf.csv",
        b"year,value,source\r\n2019,32513,\"Interior, as cited Jan 2022\"\r\n2020,41861,Interior\r\n2021,41945,Interior\r\n",
    );
    let columns = SeriesColumns {
        source: Some("source".to_string()),
        ..SeriesColumns::default()
    };
    let s = series_from_csv(&path, "arrivals", "persons", &columns).unwrap();
    assert_eq!(s.known_years(), vec![2019, 2020, 2021]);
    assert_eq!(s.value(2020), Some(41861.0));
    assert_eq!(s.get(2019).unwrap().source, "Interior, as cited Jan 2022");
}

// ---------------------------------------------------------------- panel_from_table

#[test]
fn panel_unparsable_number() {
    let err = panel("route,year,value\nsea,2019,26103\nland,2019,6.346.0\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "p.csv",
            Some(3),
            Some("value"),
            unparsable_number("6.346.0")
        )
    );
}

#[test]
fn panel_negative_count() {
    let err = panel("route,year,value\nsea,2019,26103\nland,2019,-6346\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "p.csv",
            Some(3),
            Some("value"),
            CsvProblem::NegativeCount { value: -6346.0 }
        )
    );
}

#[test]
fn panel_duplicate_entity_year() {
    let err =
        panel("route,year,value\nsea,2019,26103\nland,2019,6346\nsea,2020,40106\nsea,2019,26168\n")
            .unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "p.csv",
            Some(5),
            Some("year"),
            CsvProblem::DuplicateYear {
                year: 2019,
                first_line: 2
            }
        )
    );
    assert_eq!(
        err.to_string(),
        "p.csv, line 5, column `year`: duplicate year 2019 (first seen on line 2)"
    );
}

#[test]
fn panel_same_year_for_different_entities_is_not_a_duplicate() {
    let p = panel("route,year,value\nsea,2019,26103\nland,2019,6346\n").unwrap();
    assert_eq!(p.get("sea", 2019), Some(26103.0));
    assert_eq!(p.get("land", 2019), Some(6346.0));
}

#[test]
fn panel_missing_column() {
    for (text, column) in [
        ("way,year,value\nsea,2019,1\n", "route"),
        ("route,yr,value\nsea,2019,1\n", "year"),
        ("route,year,count\nsea,2019,1\n", "value"),
    ] {
        assert_eq!(
            panel(text).unwrap_err(),
            csv_error("p.csv", Some(1), Some(column), CsvProblem::MissingColumn),
            "{text:?}"
        );
    }
}

#[test]
fn panel_empty_fields() {
    for (text, column) in [
        ("route,year,value\nsea,2019,1\n,2019,2\n", "route"),
        ("route,year,value\nsea,2019,1\n  ,2019,2\n", "route"),
        ("route,year,value\nsea,2019,1\nland,,2\n", "year"),
        ("route,year,value\nsea,2019,1\nland,2019,\n", "value"),
    ] {
        assert_eq!(
            panel(text).unwrap_err(),
            csv_error("p.csv", Some(3), Some(column), CsvProblem::EmptyField),
            "{text:?}"
        );
    }
}

#[test]
fn panel_nan_and_infinite_values() {
    for text in ["NaN", "inf", "-inf"] {
        let err = panel(&format!("route,year,value\nsea,2019,1\nland,2019,{text}\n")).unwrap_err();
        assert_eq!(
            err,
            csv_error("p.csv", Some(3), Some("value"), not_finite(text)),
            "{text}"
        );
    }
}

#[test]
fn panel_unparsable_year() {
    for text in ["2019.5", "abc", "MMXIX"] {
        let err = panel(&format!("route,year,value\nsea,2019,1\nland,{text},2\n")).unwrap_err();
        assert_eq!(
            err,
            csv_error("p.csv", Some(3), Some("year"), unparsable_year(text)),
            "{text}"
        );
    }
}

#[test]
fn panel_wrong_field_count_and_empty_file_come_from_the_table() {
    assert_eq!(
        panel("route,year,value\nsea,2019\n").unwrap_err(),
        csv_error(
            "p.csv",
            Some(2),
            None,
            CsvProblem::WrongFieldCount {
                expected: 3,
                found: 2
            }
        )
    );
    assert_eq!(
        panel("route,year,value\n").unwrap_err(),
        csv_error("p.csv", Some(2), None, CsvProblem::EmptyFile)
    );
}

#[test]
fn panel_valid_file_keeps_every_row() {
    let text = "route,year,value,source\r\n\
                sea_total,2018,57498,\"Interior, provisional balance\"\r\n\
                land_total,2018,6800,Interior\r\n\
                sea_total,2019,26168,Interior\r\n\
                land_total,2019,6346,Interior\r\n\
                sea_total,2020,40106,Interior\r\n\
                sea_total,2022,28930,Interior\r\n\
                land_total,2022,2289,Interior\r\n";
    let t = CsvTable::from_text("p.csv", text).unwrap();
    let p = panel_from_table(&t, "route", "year", "value", "persons").unwrap();
    assert_eq!(
        p.entities(),
        &["sea_total".to_string(), "land_total".to_string()]
    );
    assert_eq!(p.years(), vec![2018, 2019, 2020, 2021, 2022]);
    assert_eq!(p.values().iter().flatten().count(), 7);
    assert_eq!(p.get("land_total", 2020), None);
    assert_eq!(p.get("sea_total", 2021), None);
    assert_eq!(p.get("sea_total", 2022), Some(28930.0));
    assert_eq!(p.year_totals().value(2018), Some(64298.0));
}

#[test]
fn panel_year_out_of_range() {
    // once a panic (i32 overflow in the panel's width) for years this far apart
    let err = panel("route,year,value\nsea,-2147483648,1\nsea,2147483647,2\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "p.csv",
            Some(2),
            Some("year"),
            CsvProblem::YearOutOfRange { year: -2147483648 }
        )
    );
    let err = panel("route,year,value\nsea,2019,1\nland,20190,2\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "p.csv",
            Some(3),
            Some("year"),
            CsvProblem::YearOutOfRange { year: 20190 }
        )
    );
}

#[test]
fn panel_widest_span_of_years_loads() {
    let p = panel("route,year,value\nsea,1000,1\nsea,9999,2\n").unwrap();
    assert_eq!(p.years().len(), 9000);
    assert_eq!(
        (p.get("sea", 1000), p.get("sea", 9999)),
        (Some(1.0), Some(2.0))
    );
}

// ---------------------------------------------------------------- candidates_from_table

#[test]
fn candidates_empty_source() {
    for source in ["", "   ", "\"\""] {
        let text = format!("year,value,source\n2019,32513,Interior\n2019,32449,{source}\n");
        let err = candidates(&text).unwrap_err();
        assert_eq!(
            err,
            csv_error("c.csv", Some(3), Some("source"), CsvProblem::EmptyField),
            "{source:?}"
        );
    }
    assert_eq!(
        candidates("year,value,source\n2019,32513,\n")
            .unwrap_err()
            .to_string(),
        "c.csv, line 2, column `source`: empty field where a value is required"
    );
}

#[test]
fn candidates_missing_column() {
    for (text, column) in [
        ("year,value\n2019,32513\n", "source"),
        ("yr,value,source\n2019,1,s\n", "year"),
        ("year,count,source\n2019,1,s\n", "value"),
    ] {
        assert_eq!(
            candidates(text).unwrap_err(),
            csv_error("c.csv", Some(1), Some(column), CsvProblem::MissingColumn),
            "{text:?}"
        );
    }
}

#[test]
fn candidates_unparsable_number() {
    let err = candidates("year,value,source\n2019,32.513,s\n2020,41.861 persons,s\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "c.csv",
            Some(3),
            Some("value"),
            unparsable_number("41.861 persons")
        )
    );
}

#[test]
fn candidates_negative_count() {
    let err = candidates("year,value,source\n2019,-32513,s\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "c.csv",
            Some(2),
            Some("value"),
            CsvProblem::NegativeCount { value: -32513.0 }
        )
    );
}

#[test]
fn candidates_empty_value_and_year_fields() {
    assert_eq!(
        candidates("year,value,source\n2019,,s\n").unwrap_err(),
        csv_error("c.csv", Some(2), Some("value"), CsvProblem::EmptyField)
    );
    assert_eq!(
        candidates("year,value,source\n,1,s\n").unwrap_err(),
        csv_error("c.csv", Some(2), Some("year"), CsvProblem::EmptyField)
    );
}

#[test]
fn candidates_nan_and_infinite_values() {
    for text in ["NaN", "inf", "-infinity"] {
        let err = candidates(&format!("year,value,source\n2019,{text},s\n")).unwrap_err();
        assert_eq!(
            err,
            csv_error("c.csv", Some(2), Some("value"), not_finite(text)),
            "{text}"
        );
    }
}

#[test]
fn candidates_unparsable_year() {
    for text in ["2019.5", "abc", "2019-20"] {
        let err = candidates(&format!("year,value,source\n2018,1,s\n{text},1,s\n")).unwrap_err();
        assert_eq!(
            err,
            csv_error("c.csv", Some(3), Some("year"), unparsable_year(text)),
            "{text}"
        );
    }
}

#[test]
fn candidates_year_out_of_range() {
    let err = candidates("year,value,source\n2019,1,s\n201,1,s\n").unwrap_err();
    assert_eq!(
        err,
        csv_error(
            "c.csv",
            Some(3),
            Some("year"),
            CsvProblem::YearOutOfRange { year: 201 }
        )
    );
}

#[test]
fn candidates_wrong_field_count_and_empty_file_come_from_the_table() {
    assert_eq!(
        candidates("year,value,source\n2019,1,a,b\n").unwrap_err(),
        csv_error(
            "c.csv",
            Some(2),
            None,
            CsvProblem::WrongFieldCount {
                expected: 3,
                found: 4
            }
        )
    );
    assert_eq!(
        candidates("").unwrap_err(),
        csv_error("c.csv", Some(1), None, CsvProblem::EmptyFile)
    );
    assert_eq!(
        candidates("year,value,source\n").unwrap_err(),
        csv_error("c.csv", Some(2), None, CsvProblem::EmptyFile)
    );
}

#[test]
fn candidates_repeated_year_is_allowed_and_every_row_kept() {
    // several sources or vintages for one year are the point of candidates
    let text = "year,value,period,vintage,source,note\n\
                2019,32449,full_year,published 2021,\"Ministerio del Interior (Spain), balance 2020\",\n\
                2019,32513,full_year,cited 2022,\"Ministerio del Interior (Spain), balance 2021\",revised\n\
                2021,41632,2021-01-01/2021-12-28,Jan 2022,Interior,provisional\n\
                2021,41945,full_year,Jan 2023,Interior,\n";
    let c = candidates(text).unwrap();
    assert_eq!(c.len(), 4);
    assert_eq!(
        c.iter()
            .map(|c| (c.year, c.value, c.line))
            .collect::<Vec<_>>(),
        vec![
            (2019, 32449.0, 2),
            (2019, 32513.0, 3),
            (2021, 41632.0, 4),
            (2021, 41945.0, 5)
        ]
    );
    assert_eq!(c[0].source, "Ministerio del Interior (Spain), balance 2020");
    assert_eq!(c[1].note, "revised");
    assert_eq!(c[2].period, "2021-01-01/2021-12-28");
    assert_eq!(c[3].vintage, "Jan 2023");
}

#[test]
fn candidates_optional_columns_default() {
    let c = candidates(
        "year,value,source\r\n2019,32513,\"Interior, Jan 2022\"\r\n2020,41861,Interior\r\n",
    )
    .unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].period, "full_year");
    assert_eq!(c[0].vintage, "");
    assert_eq!(c[0].note, "");
    assert_eq!(c[0].source, "Interior, Jan 2022");
    assert_eq!(c[1].value, 41861.0);
}
