//! The `main` of every pipeline example: `--help`, the error line with its
//! hints, the exit code, and a quiet exit when the reader of the output
//! goes away (`| head`).

use std::io::Write;
use std::process::ExitCode;

use crate::error::{CsvProblem, Error, Result};

/// Runs pipeline `name` on the process's arguments, standard output and
/// standard error; returns the exit code (0 on success, on `--help` and on
/// a closed output pipe; 1 on an error).
///
/// # Example
/// ```no_run
/// use return_migration::pipeline::{run, survfit};
/// fn main() -> std::process::ExitCode {
///     run("survfit", |argv, out| survfit(argv, out))
/// }
/// ```
pub fn run<F>(name: &str, pipeline: F) -> ExitCode
where
    F: FnOnce(&[String], std::io::StdoutLock<'static>) -> Result<()>,
{
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let code = run_with(
        name,
        &argv,
        |argv| pipeline(argv, std::io::stdout().lock()),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

/// [`run`] with explicit arguments and writers, for tests: `pipeline`
/// receives the arguments; `--help` (or `-h`) anywhere prints the help text
/// to `out` instead.
///
/// # Example
/// ```
/// use return_migration::pipeline::run_with;
/// let argv = vec!["--help".to_string()];
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let code = run_with("logrank", &argv, |_| unreachable!(), &mut out, &mut err);
/// assert_eq!(code, 0);
/// assert!(String::from_utf8(out).unwrap().starts_with("logrank:"));
/// ```
pub fn run_with<F, O, E>(name: &str, argv: &[String], pipeline: F, out: &mut O, err: &mut E) -> u8
where
    F: FnOnce(&[String]) -> Result<()>,
    O: Write,
    E: Write,
{
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        let text = super::help_text(name).unwrap_or_else(|| format!("{name}: no help\n"));
        return match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => 0,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            Err(_) => 1,
        };
    }
    match pipeline(argv) {
        Ok(()) => 0,
        Err(Error::Output {
            broken_pipe: true, ..
        }) => 0,
        Err(e) => {
            let _ = writeln!(err, "{name}: {}", explain(&e, argv));
            1
        }
    }
}

/// The error line of a pipeline: the error, with a hint where the input
/// file suggests one (the columns the file has when a column is missing; a
/// semicolon-separated header; a decimal comma).
///
/// # Example
/// ```
/// use return_migration::error::{CsvProblem, Error, Location};
/// use return_migration::pipeline::explain;
/// let e = Error::Csv {
///     at: Location::new("in.csv", Some(3), Some("time")),
///     problem: CsvProblem::UnparsableNumber { text: "1,5".into() },
/// };
/// assert!(explain(&e, &[]).ends_with("(a decimal comma? numbers are written 1.5; a file with decimal commas is usually `;`-separated: --delimiter ';')"));
/// ```
pub fn explain(e: &Error, argv: &[String]) -> String {
    let text = e.to_string();
    let Error::Csv { at, problem } = e else {
        return text;
    };
    match problem {
        CsvProblem::UnparsableNumber { text: field } if decimal_comma(field) => {
            let written = field.replace(',', ".");
            if argv
                .windows(2)
                .any(|w| w[0] == "--delimiter" && w[1] == ";")
            {
                format!("{text} (a decimal comma? numbers are written {written})")
            } else {
                format!(
                    "{text} (a decimal comma? numbers are written {written}; a file with \
                     decimal commas is usually `;`-separated: --delimiter ';')"
                )
            }
        }
        CsvProblem::UnparsableNumber { .. } if is_covariate(at.column.as_deref(), argv) => {
            format!("{text} (a categorical covariate? name it in --factors)")
        }
        CsvProblem::MissingColumn | CsvProblem::WrongFieldCount { .. } => {
            match header_of(&at.file, argv) {
                Some((fields, semicolons)) => {
                    let mut s = text;
                    if matches!(problem, CsvProblem::MissingColumn) {
                        s.push_str(&format!(" (the file's columns: {})", fields.join(", ")));
                    }
                    if semicolons {
                        s.push_str("; the header looks `;`-separated: try --delimiter ';'");
                    }
                    s
                }
                None => text,
            }
        }
        _ => text,
    }
}

/// True when `column` is one of the `--covariates` (or in an interaction).
fn is_covariate(column: Option<&str>, argv: &[String]) -> bool {
    let Some(column) = column else { return false };
    argv.windows(2)
        .any(|w| w[0] == "--covariates" && w[1].split([',', ':']).any(|c| c.trim() == column))
}

/// `1,5` or `-0,25`: digits, one comma, digits.
fn decimal_comma(field: &str) -> bool {
    let f = field.trim().trim_start_matches(['-', '+']);
    match f.split_once(',') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// The header fields of the input file (read with the `--delimiter` in
/// use) and whether it looks `;`-separated while read with another one.
fn header_of(file: &str, argv: &[String]) -> Option<(Vec<String>, bool)> {
    let input = argv
        .iter()
        .position(|a| a == "--input")
        .and_then(|k| argv.get(k + 1))?;
    if input != file {
        return None;
    }
    let delimiter = match argv
        .iter()
        .position(|a| a == "--delimiter")
        .and_then(|k| argv.get(k + 1))
        .map(String::as_str)
    {
        None => b',',
        Some("tab") | Some("\\t") => b'\t',
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        Some(_) => return None,
    };
    let bytes = std::fs::read(input).ok()?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes.as_slice());
    let headers = rdr.headers().ok()?;
    let fields: Vec<String> = headers.iter().map(|h| format!("`{h}`")).collect();
    let semicolons = delimiter != b';' && headers.len() == 1 && headers[0].contains(';');
    Some((fields, semicolons))
}
