//! The `cohort` pipeline: a records CSV (one row per return or
//! re-migration) to one survival row per person, with the person's
//! covariates, ready for `survfit`, `coxph`, `cuminc`, `icfit` or `survreg`.

use std::io::Write;

use super::csv_field;
use super::input::{parse_args, read_table};
use crate::cohort::{CohortBuilder, IntervalRule, RecordStatus, TimeScale, records_from_table};
use crate::error::Result;

/// The header of the `cohort` output.
pub const COHORT_HEADER: &str =
    "id,cohort,entry,exit,left,right,event,channel,origin,sex,age_band,age_at_return,assistance";

/// `cohort --input PATH [--scale since-return|calendar|age]
/// [--rule midpoint|right-end]`: time to the first re-migration, one row
/// per person used (header [`COHORT_HEADER`]), persons in input order.
///
/// - `entry`, `exit`: the spell on the time scale (years since the return
///   by default), a wave-only re-migration placed by `--rule` (default the
///   midpoint of its interval) for right-censored estimators;
/// - `left`, `right`: the same spell as interval-censored data, without
///   imputation: an exactly dated re-migration has `left = right = exit`;
///   one known only from a wave has the interval between the last contact
///   before it and that wave; a censored person has `left = exit` and an
///   empty `right` (the contract of `icfit` and `survreg`);
/// - `event` 0/1 and `channel` (`irregular`, `legal`, empty when censored);
/// - the person's covariates as recorded (`age_at_return` empty when unknown).
///
/// Records that are rejected or whose first re-migration precedes the
/// start of observation (truncated) give no row; a note on standard error
/// counts them with the first lines, so no record disappears silently.
///
/// # Example
/// ```
/// use return_migration::pipeline::cohort;
/// let dir = std::env::temp_dir().join("rm_doc_cohort");
/// std::fs::create_dir_all(&dir).unwrap();
/// let input = dir.join("records.csv");
/// std::fs::write(&input, "id,return_date,sex,waves_seen,event_wave,event_channel\n\
///     A,2020,F,2021;2022,2022,irregular\nB,2020,M,2021;2022,,\n").unwrap();
/// let argv = vec!["--input".to_string(), input.display().to_string()];
/// let mut out = Vec::new();
/// cohort(&argv, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// let rows: Vec<&str> = text.lines().collect();
/// assert_eq!(rows[1], "A,2020,0,1.5,1,2,1,irregular,,F,,,");
/// assert_eq!(rows[2], "B,2020,0,2,2,,0,,,M,,,");
/// ```
pub fn cohort<W: Write>(argv: &[String], out: W) -> Result<()> {
    let args = parse_args(argv, &["input", "scale", "rule"], &["input"])?;
    let scale = args.choice(
        "scale",
        &[
            ("since-return", TimeScale::SinceReturn),
            ("calendar", TimeScale::Calendar),
            ("age", TimeScale::Age),
        ],
    )?;
    let rule = args.choice(
        "rule",
        &[
            ("midpoint", IntervalRule::Midpoint),
            ("right-end", IntervalRule::RightEnd),
        ],
    )?;
    let table = read_table(&args, &["id", "return_date"])?;
    let records = records_from_table(&table)?;
    let built = CohortBuilder::new()
        .time_scale(scale)
        .interval_rule(rule)
        .first_events(&records)?;
    let left_out: Vec<(usize, RecordStatus)> = built
        .report
        .status
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, RecordStatus::Rejected | RecordStatus::Truncated))
        .map(|(k, s)| (k, *s))
        .collect();
    if !left_out.is_empty() {
        let first: Vec<String> = left_out
            .iter()
            .take(10)
            .map(|&(k, s)| {
                let r = &records[k];
                match r.line {
                    Some(line) => format!("{} (line {line}, {})", r.id, s.name()),
                    None => format!("{} ({})", r.id, s.name()),
                }
            })
            .collect();
        eprintln!(
            "note: {} of {} persons give no row: {}{}",
            left_out.len(),
            records.len(),
            first.join(", "),
            if left_out.len() > 10 { ", ..." } else { "" }
        );
    }
    let mut intervals = built.intervals.iter().peekable();
    let mut out = std::io::BufWriter::new(out);
    writeln!(out, "{COHORT_HEADER}")?;
    for (k, row) in built.rows.iter().enumerate() {
        let r = &records[row.person as usize];
        let interval = intervals.next_if(|i| i.row == k);
        let (left, right) = match (row.channel, interval) {
            (_, Some(i)) => (i.lower, i.upper.to_string()),
            (Some(_), None) => (row.exit, row.exit.to_string()),
            (None, None) => (row.exit, String::new()),
        };
        writeln!(
            out,
            "{},{},{},{},{left},{right},{},{},{},{},{},{},{}",
            csv_field(&r.id),
            row.cohort,
            row.entry,
            row.exit,
            u8::from(row.event()),
            row.channel.map_or("", |c| c.name()),
            csv_field(&r.origin),
            csv_field(&r.sex),
            csv_field(&r.age_band),
            r.age_at_return.map_or(String::new(), |a| a.to_string()),
            csv_field(&r.assistance),
        )?;
    }
    Ok(out.flush()?)
}
