//! Numeric columns of a [`CsvTable`] parsed on several threads (feature
//! `parallel`). Tokenising stays on one thread; the numbers of a stored
//! column are converted in chunks of a fixed number of rows ([`ROWS`]), so
//! the values do not depend on the thread count (each field is parsed on
//! its own anyway), and the first field that does not parse is found in
//! file order: the first chunk with one, its first such row.

use rayon::prelude::*;

use super::csv_columns::Column;
use super::csv_input::CsvTable;
use super::float_parse::parse_field;

/// Rows per chunk.
const ROWS: usize = 8192;

impl CsvTable {
    /// The numbers of a column's rows up to (not including) the first row
    /// that is not a finite number ([`CsvTable::parse_f64`] gives that
    /// row's located error); `None` for a column that is absent or was not
    /// read (its errors, too, come from the row-by-row accessors).
    pub(crate) fn number_prefix(&self, column: &str) -> Option<Vec<f64>> {
        let col = self.stored(column).ok()?;
        Some(match col {
            Column::Coded { codes, values } => {
                // Each distinct text once, then the codes in chunks.
                let numbers: Vec<Option<f64>> =
                    values.iter().map(|v| parse_field(v).ok()).collect();
                prefix(codes.len(), |i| numbers[codes[i] as usize])
            }
            Column::Numbers(c) => {
                let values = c.values();
                let bad = c.bad().first().map_or(values.len(), |(r, _)| *r);
                values[..bad].to_vec()
            }
            Column::Text { .. } => prefix(col.len(), |i| parse_field(col.get(i)).ok()),
        })
    }
}

/// `value(i)` for rows `0..n` in chunks of [`ROWS`] on the pool's threads,
/// cut at the first row (in row order) without a value.
fn prefix(n: usize, value: impl Fn(usize) -> Option<f64> + Sync) -> Vec<f64> {
    let mut out = vec![0.0; n];
    let bad = out
        .par_chunks_mut(ROWS)
        .enumerate()
        .find_map_first(|(b, chunk)| {
            let first = b * ROWS;
            for (j, slot) in chunk.iter_mut().enumerate() {
                match value(first + j) {
                    Some(v) => *slot = v,
                    None => return Some(first + j),
                }
            }
            None
        });
    out.truncate(bad.unwrap_or(n));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_stops_at_the_first_bad_row_in_row_order() {
        let n = 5 * ROWS + 17;
        // Bad rows in the fourth and second chunks: the second chunk's wins.
        let v = prefix(n, |i| {
            (i != 3 * ROWS + 5 && i != ROWS + 9).then_some(i as f64)
        });
        assert_eq!(v.len(), ROWS + 9);
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as f64));
        assert_eq!(prefix(n, |i| Some(i as f64)).len(), n);
    }
}
