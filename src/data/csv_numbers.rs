//! A CSV column read as numbers: each field parsed as it is read (the
//! rules of [`parse_field`]), the text not kept. A field that is not a
//! finite number (empty, `NA`, `inf`, a typo) keeps its text as written,
//! aside with its row, so that a read of that row gives exactly the error
//! (or the missing-value marker) a text column would give.

use std::sync::OnceLock;

use super::float_parse::{parse_field, parse_field_bytes};
use super::float_text::ShortFloat;
use crate::error::CsvProblem;

/// The numbers of one column.
#[derive(Debug, Clone, Default)]
pub(crate) struct NumberColumn {
    /// The number of each row; NaN at the rows of `bad`.
    values: Vec<f64>,
    /// The rows that are not finite numbers, ascending, with their text.
    bad: Vec<(usize, Box<str>)>,
    /// The text of every row (a number as its shortest spelling), made on
    /// the first read of a row as text (never on the numeric path).
    text: OnceLock<(String, Vec<usize>)>,
}

impl NumberColumn {
    /// An empty column with room for `rows` rows.
    pub(crate) fn with_capacity(rows: usize) -> Self {
        NumberColumn {
            values: Vec::with_capacity(rows),
            ..Default::default()
        }
    }

    /// Appends a field.
    #[inline]
    pub(crate) fn push(&mut self, field: &str) {
        self.push_bytes(field.as_bytes());
    }

    /// Appends a field given as its bytes (UTF-8; other bytes are kept as
    /// their lossy text).
    #[inline]
    pub(crate) fn push_bytes(&mut self, field: &[u8]) {
        match parse_field_bytes(field) {
            Ok(v) => self.values.push(v),
            Err(_) => {
                let text = String::from_utf8_lossy(field);
                self.bad.push((self.values.len(), text.into()));
                self.values.push(f64::NAN);
            }
        }
    }

    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    /// The number of every row, NaN where a row is not a finite number.
    pub(crate) fn values(&self) -> &[f64] {
        &self.values
    }

    /// The number of every row (NaN where a row is not a finite number),
    /// the column consumed.
    pub(crate) fn into_values(self) -> Vec<f64> {
        self.values
    }

    /// The rows that are not finite numbers (ascending) with their text.
    pub(crate) fn bad(&self) -> &[(usize, Box<str>)] {
        &self.bad
    }

    /// The text of bad row `i`, if it is one.
    fn bad_text(&self, i: usize) -> Option<&str> {
        self.bad
            .binary_search_by_key(&i, |(r, _)| *r)
            .ok()
            .map(|k| &*self.bad[k].1)
    }

    /// The number of row `i`, or the problem its text has.
    #[inline]
    pub(crate) fn number(&self, i: usize) -> Result<f64, CsvProblem> {
        let v = self.values[i];
        if !v.is_nan() {
            return Ok(v);
        }
        match self.bad_text(i) {
            Some(t) => parse_field(t),
            None => Ok(v),
        }
    }

    /// The text of row `i`: as written for a row that is not a number,
    /// the number's shortest spelling (`{}`) otherwise.
    pub(crate) fn text(&self, i: usize) -> &str {
        if let Some(t) = self.bad_text(i) {
            return t;
        }
        let (bytes, ends) = self.text.get_or_init(|| {
            let mut bytes = Vec::new();
            let mut ends = Vec::with_capacity(self.values.len());
            for &v in &self.values {
                ShortFloat(v).push_to(&mut bytes);
                ends.push(bytes.len());
            }
            // Numbers are written in ASCII, so the bytes are always text.
            (String::from_utf8(bytes).unwrap_or_default(), ends)
        });
        let start = if i == 0 { 0 } else { ends[i - 1] };
        &bytes[start..ends[i]]
    }

    /// Keeps the rows whose `keep` flag is set.
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        let mut new_row = Vec::with_capacity(keep.len());
        let mut n = 0;
        for &k in keep {
            new_row.push(n);
            n += usize::from(k);
        }
        let mut k = keep.iter();
        self.values.retain(|_| *k.next().unwrap_or(&true));
        self.values.shrink_to_fit();
        self.bad
            .retain(|(r, _)| keep.get(*r).copied().unwrap_or(true));
        for (r, _) in &mut self.bad {
            *r = new_row.get(*r).copied().unwrap_or(*r);
        }
        self.text = OnceLock::new();
    }

    /// Trims the buffers to their length.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.values.shrink_to_fit();
        self.bad.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(fields: &[&str]) -> NumberColumn {
        let mut c = NumberColumn::with_capacity(fields.len());
        for f in fields {
            c.push(f);
        }
        c
    }

    #[test]
    fn numbers_and_bad_rows_read_back() {
        let c = build(&["1.500000", " 2 ", "NA", "", "-0", "x", "inf", "3e2"]);
        assert_eq!(c.len(), 8);
        assert_eq!(c.number(0), Ok(1.5));
        assert_eq!(c.number(1), Ok(2.0));
        assert_eq!(c.number(2), parse_field("NA"));
        assert_eq!(c.number(3), Err(CsvProblem::EmptyField));
        assert!(c.number(4).unwrap().is_sign_negative());
        assert_eq!(
            c.number(6),
            Err(CsvProblem::NotFinite { text: "inf".into() })
        );
        assert_eq!(c.number(7), Ok(300.0));
        let texts: Vec<&str> = (0..c.len()).map(|i| c.text(i)).collect();
        assert_eq!(texts, ["1.5", "2", "NA", "", "-0", "x", "inf", "300"]);
        let rows: Vec<usize> = c.bad().iter().map(|(r, _)| *r).collect();
        assert_eq!(rows, [2, 3, 5, 6]);
    }

    #[test]
    fn retain_renumbers_bad_rows() {
        let mut c = build(&["1", "NA", "2", "x", "3"]);
        assert_eq!(c.text(0), "1");
        c.retain(&[false, true, true, false, true]);
        assert_eq!(c.len(), 3);
        assert_eq!(c.text(0), "NA");
        assert_eq!((c.number(1), c.number(2)), (Ok(2.0), Ok(3.0)));
        assert_eq!(c.bad().len(), 1);
        assert_eq!(c.bad()[0].0, 0);
        assert_eq!(c.text(2), "3");
    }
}
