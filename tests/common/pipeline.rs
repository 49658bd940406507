//! Helpers shared by the pipeline tests: scratch input files and exact
//! error assertions.

use std::fs;
use std::path::PathBuf;

use return_migration::error::{CsvProblem, Error, Location};

/// A fresh scratch folder for one test (unique per test binary, process and test).
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!(
            "return_migration_{}_{}",
            env!("CARGO_CRATE_NAME"),
            std::process::id()
        ))
        .join(test);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `contents` to `<scratch(test)>/in.csv` and returns its path as text.
pub fn input(test: &str, contents: &str) -> String {
    let path = scratch(test).join("in.csv");
    fs::write(&path, contents).unwrap();
    path.display().to_string()
}

/// A CSV error at a location.
pub fn csv_error(
    file: &str,
    line: Option<u64>,
    column: Option<&str>,
    problem: CsvProblem,
) -> Error {
    Error::Csv {
        at: Location::new(file, line, column),
        problem,
    }
}

/// An error in the command-line arguments.
pub fn arguments(reason: &str) -> Error {
    Error::InvalidArgument {
        what: "arguments".to_string(),
        reason: reason.to_string(),
    }
}

/// Asserts the exact error value and its exact Display text.
pub fn assert_error(result: Result<String, Error>, expected: &Error, display: &str) {
    let err = result.expect_err("bad input must be an error");
    assert_eq!(&err, expected);
    assert_eq!(err.to_string(), display);
}
