use std::io::Write;

use super::input::{parse_args, read_table, refuse_missing_labels};
use super::survival::used_columns;
use crate::error::Result;
use crate::survival::{IntervalColumns, Turnbull};

/// `icfit --input PATH --left COL --right COL [--group COL]`: Turnbull's
/// NPMLE of survival from interval-censored rows `(left, right]`, by group,
/// as CSV `group,time,survival` — one row for every distinct finite `left`
/// or `right` value of the group, ascending; survival is P(T > time). An
/// empty `right` (or `inf`) is right-censored at `left`; `left = right` is
/// an exact time; `left = 0` with a finite `right` is left-censored.
///
/// # Example
/// ```
/// use return_migration::pipeline::icfit;
/// let dir = std::env::temp_dir().join("rm_doc_icfit");
/// std::fs::create_dir_all(&dir).unwrap();
/// let input = dir.join("in.csv");
/// std::fs::write(&input, "l,r\n0,1\n2,3\n").unwrap();
/// let argv: Vec<String> = ["--input", input.to_str().unwrap(), "--left", "l", "--right", "r"]
///     .iter().map(|s| s.to_string()).collect();
/// let mut out = Vec::new();
/// icfit(&argv, &mut out).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "group,time,survival\n,0,1\n,1,0.5\n,2,0.5\n,3,0\n");
/// ```
pub fn icfit<W: Write>(argv: &[String], out: W) -> Result<()> {
    let args = parse_args(
        argv,
        &["input", "left", "right", "group"],
        &["input", "left", "right"],
    )?;
    // The right end may be empty (right-censored): it is not a missing
    // value, so `--na` markers apply to the left end and the group only.
    let table = read_table(&args, &used_columns(&args, &["left", "group"]))?;
    let mut columns = IntervalColumns::new(args.require("left")?, args.require("right")?);
    if let Some(c) = args.get("group") {
        columns = columns.group(c);
    }
    let data = columns.from_table(&table)?;
    refuse_missing_labels(&args, &table, &used_columns(&args, &["group"]))?;
    let fit = Turnbull::new().fit(&data)?;
    let mut out = std::io::BufWriter::new(out);
    fit.write_csv(&mut out)?;
    Ok(out.flush()?)
}
