//! The rules every CSV the crate writes follows: a text field quoted
//! when it holds a comma, a quote or a line break; a number in Rust's
//! shortest round-trip form ([`ShortFloat`]), a missing one as an empty
//! field. [`CsvLine`] writes a table's rows by these rules.

use std::io::{self, Write};

use super::ShortFloat;

/// A text value as a CSV field: quoted (quotes doubled) when it holds a
/// comma, a quote or a line break.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A number as a CSV field (the text of `{}`: exact read-back, written
/// with [`ShortFloat`]), or empty when missing.
pub(crate) fn csv_number(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| ShortFloat(v).to_string())
}

/// One CSV line at a time in a reused buffer: fields joined by commas,
/// numbers appended as bytes (no formatting machinery per field), the line
/// handed to the writer whole. The writers of the long tables (one row
/// per time and group) use it.
#[derive(Debug, Default)]
pub(crate) struct CsvLine {
    buf: Vec<u8>,
    fields: usize,
}

impl CsvLine {
    /// An empty line.
    pub(crate) fn new() -> Self {
        CsvLine::default()
    }

    fn separate(&mut self) {
        if self.fields > 0 {
            self.buf.push(b',');
        }
        self.fields += 1;
    }

    /// A field already in CSV form (e.g. from [`csv_field`]).
    pub(crate) fn raw(&mut self, field: &str) -> &mut Self {
        self.separate();
        self.buf.extend_from_slice(field.as_bytes());
        self
    }

    /// A number ([`ShortFloat`]).
    pub(crate) fn number(&mut self, v: f64) -> &mut Self {
        self.separate();
        ShortFloat(v).push_to(&mut self.buf);
        self
    }

    /// A number, or an empty field when missing.
    pub(crate) fn opt(&mut self, v: Option<f64>) -> &mut Self {
        self.separate();
        if let Some(v) = v {
            ShortFloat(v).push_to(&mut self.buf);
        }
        self
    }

    /// Numbers, one field each.
    pub(crate) fn numbers(&mut self, values: &[f64]) -> &mut Self {
        for &v in values {
            self.number(v);
        }
        self
    }

    /// Optional numbers, one field each (empty when missing).
    pub(crate) fn opts(&mut self, values: &[Option<f64>]) -> &mut Self {
        for &v in values {
            self.opt(v);
        }
        self
    }

    /// Writes the line and a line break to `out`, and starts a new line.
    pub(crate) fn end<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.buf.push(b'\n');
        let written = out.write_all(&self.buf);
        self.buf.clear();
        self.fields = 0;
        written
    }
}

/// Writes a table of labelled blocks of rows (a curve per group, stratum
/// or state): the header line, then one line per row, the block's label
/// first (already a CSV field, or fields, e.g. from [`csv_field`]) and the
/// row's own fields after it, added by `fields`.
pub(crate) fn write_blocks<'a, W: Write, R: 'a>(
    mut out: W,
    header: &str,
    blocks: impl IntoIterator<Item = (String, &'a [R])>,
    mut fields: impl FnMut(&mut CsvLine, &R),
) -> io::Result<()> {
    writeln!(out, "{header}")?;
    let mut line = CsvLine::new();
    for (label, rows) in blocks {
        for r in rows {
            line.raw(&label);
            fields(&mut line, r);
            line.end(&mut out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(csv_field("MA"), "MA");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_number(None), "");
        assert_eq!(csv_number(Some(0.1)), "0.1");
    }

    #[test]
    fn a_line_joins_fields_and_starts_again() {
        let mut out = Vec::new();
        let mut line = CsvLine::new();
        line.raw(&csv_field("a,b"))
            .number(2.0)
            .opt(None)
            .number(-1.5e-7)
            .end(&mut out)
            .unwrap();
        line.number(0.25).end(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a,b\",2,,-0.00000015\n0.25\n"
        );
    }

    #[test]
    fn blocks_put_their_label_before_each_row() {
        let mut out = Vec::new();
        let blocks = [
            (csv_field("x,y"), &[1.0, 2.5][..]),
            (String::new(), &[3.0][..]),
        ];
        write_blocks(&mut out, "g,v", blocks, |line, v| {
            line.number(*v);
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "g,v\n\"x,y\",1\n\"x,y\",2.5\n,3\n"
        );
    }
}
