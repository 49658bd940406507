//! Group, stratum and cluster labels read from a table column straight
//! into dense codes (byte order of the label), without a `String` per row.
//!
//! A coded column (few distinct texts: the usual group column) gives its
//! per-row codes, renumbered once through its dictionary; a text column's
//! fields are borrowed from the table and interned by
//! [`crate::survival::labels::encode`]. Either way the result equals
//! `encode` of the rows' texts: the labels present in the rows read, in
//! byte order, and each row's code into them.

use super::read;
use crate::data::CsvTable;
use crate::error::Result;

/// The labels of one column over the rows read so far.
pub(crate) enum LabelColumn<'t> {
    /// A coded column: its codes, its dictionary, the codes of rows read.
    Coded {
        codes: &'t [u16],
        values: &'t [String],
        picked: Vec<u16>,
    },
    /// Any other column: the texts of rows read, borrowed from the table.
    Text {
        table: &'t CsvTable,
        column: &'t str,
        picked: Vec<&'t str>,
    },
}

impl<'t> LabelColumn<'t> {
    /// Reads labels of `column` (which exists), room for `capacity` rows.
    pub(crate) fn new(table: &'t CsvTable, column: &'t str, capacity: usize) -> Self {
        match table.coded(column) {
            Some((codes, values)) => LabelColumn::Coded {
                codes,
                values,
                picked: Vec::with_capacity(capacity),
            },
            None => LabelColumn::Text {
                table,
                column,
                picked: Vec::with_capacity(capacity),
            },
        }
    }

    /// Reads row `i` (0-based data row).
    #[inline]
    pub(crate) fn push(&mut self, i: usize) -> Result<()> {
        match self {
            LabelColumn::Coded { codes, picked, .. } => picked.push(codes[i]),
            LabelColumn::Text {
                table,
                column,
                picked,
            } => picked.push(read::label_text(table, i, column)?),
        }
        Ok(())
    }

    /// True when no row has been read.
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            LabelColumn::Coded { picked, .. } => picked.is_empty(),
            LabelColumn::Text { picked, .. } => picked.is_empty(),
        }
    }

    /// Codes of the rows read into the labels present, in byte order.
    pub(crate) fn finish(self) -> (Vec<u32>, Vec<String>) {
        match self {
            LabelColumn::Text { picked, .. } => crate::survival::labels::encode(&picked),
            LabelColumn::Coded { values, picked, .. } => {
                // The dictionary's values present in the rows read, numbered
                // densely, then into byte order.
                let mut dense = vec![u32::MAX; values.len()];
                for &c in &picked {
                    dense[c as usize] = 0;
                }
                let mut present: Vec<&[u8]> = Vec::new();
                for (c, d) in dense.iter_mut().enumerate() {
                    if *d == 0 {
                        *d = present.len() as u32;
                        present.push(values[c].as_bytes());
                    }
                }
                let mut codes: Vec<u32> = picked.iter().map(|&c| dense[c as usize]).collect();
                let labels = crate::survival::labels::in_byte_order(&present, &mut codes);
                (codes, labels)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LabelColumn;
    use crate::data::CsvTable;
    use crate::num::rng::Rng;

    /// Both forms equal `encode` of the texts of the rows read, for every
    /// subset of rows (labels absent from the subset are left out).
    #[test]
    fn codes_equal_encoding_the_texts_of_the_rows_read() {
        let mut rng = Rng::new(7);
        for distinct in [1_usize, 3, 20, 2000] {
            let mut text = String::from("g\n");
            let mut labels = Vec::new();
            for _ in 0..3000 {
                let l = format!("L{}", rng.below(distinct as u64));
                text.push_str(&l);
                text.push('\n');
                labels.push(l);
            }
            let table = CsvTable::from_text("t.csv", &text).unwrap();
            // 2000 distinct labels exceed the coded form's dictionary.
            assert_eq!(table.coded("g").is_some(), distinct < 1024);
            let rows: Vec<usize> = (0..labels.len()).filter(|i| i % 3 != 1).collect();
            let mut column = LabelColumn::new(&table, "g", rows.len());
            for &i in &rows {
                column.push(i).unwrap();
            }
            assert!(!column.is_empty());
            let expected: Vec<&str> = rows.iter().map(|&i| labels[i].as_str()).collect();
            assert_eq!(column.finish(), crate::survival::labels::encode(&expected));
        }
    }
}
