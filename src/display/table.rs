//! A small table builder that renders the same content as HTML (notebooks)
//! and as aligned plain text (terminals).

use std::fmt::{self, Write};

use super::{ToHtml, rich_display};

/// Escapes text for HTML element content and attribute values.
///
/// # Example
/// ```
/// use return_migration::display::escape_html;
/// assert_eq!(escape_html("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One cell: already formatted text, a number (right-aligned) or a missing
/// value (shown as `missing`, greyed in HTML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Left-aligned text.
    Text(String),
    /// A formatted number, right-aligned.
    Number(String),
    /// A missing value.
    Missing,
}

impl Cell {
    /// A text cell.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::Cell;
    /// assert_eq!(Cell::text("a"), Cell::Text("a".into()));
    /// ```
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// A number cell from formatted text.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::{Cell, number};
    /// assert_eq!(Cell::num(number::count(1399.0)), Cell::Number("1,399".into()));
    /// ```
    pub fn num(text: impl Into<String>) -> Cell {
        Cell::Number(text.into())
    }

    /// A number cell, or [`Cell::Missing`] for `None`.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::{Cell, number};
    /// assert_eq!(Cell::opt(None, number::prob), Cell::Missing);
    /// ```
    pub fn opt(value: Option<f64>, rule: fn(f64) -> String) -> Cell {
        value.map_or(Cell::Missing, |v| Cell::Number(rule(v)))
    }

    fn plain(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Number(s) => s,
            Cell::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Row {
    Cells(Vec<Cell>),
    /// A full-width row: a group heading or an elision marker.
    Span(String),
}

/// A table with a caption, a header, rows and notes.
///
/// Rows with fewer cells than the header are padded with empty text cells,
/// extra cells are dropped: a table never panics.
///
/// # Example
/// ```
/// use return_migration::display::{Cell, HtmlTable};
/// let mut t = HtmlTable::new(&["year", "returns"]).caption("AVRR <Morocco>");
/// t.row(vec![Cell::text("2015"), Cell::num("1,399")]);
/// t.row(vec![Cell::text("2019"), Cell::Missing]);
/// t.note("2019: no published figure");
/// let html = t.to_html();
/// assert!(html.contains("<caption>AVRR &lt;Morocco&gt;</caption>"));
/// assert!(html.contains(r#"<td class="rm-missing">missing</td>"#));
/// assert!(t.to_text().contains("2019  missing"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlTable {
    caption: Option<String>,
    header: Vec<String>,
    rows: Vec<Row>,
    notes: Vec<String>,
}

const STYLE: &str = "border-collapse:collapse;font-variant-numeric:tabular-nums";

impl HtmlTable {
    /// A table with these column headings.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::HtmlTable;
    /// assert!(HtmlTable::new(&["a"]).to_html().contains("<th>a</th>"));
    /// ```
    pub fn new(header: &[&str]) -> HtmlTable {
        HtmlTable {
            header: header.iter().map(|h| h.to_string()).collect(),
            ..HtmlTable::default()
        }
    }

    /// Sets the caption (title) of the table.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::HtmlTable;
    /// assert!(HtmlTable::new(&["a"]).caption("T").to_text().starts_with("T\n"));
    /// ```
    pub fn caption(mut self, caption: impl Into<String>) -> HtmlTable {
        self.caption = Some(caption.into());
        self
    }

    /// Appends a row.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::{Cell, HtmlTable};
    /// let mut t = HtmlTable::new(&["a", "b"]);
    /// t.row(vec![Cell::text("x")]); // padded
    /// assert_eq!(t.len(), 1);
    /// ```
    pub fn row(&mut self, mut cells: Vec<Cell>) -> &mut HtmlTable {
        cells.resize(self.header.len(), Cell::Text(String::new()));
        self.rows.push(Row::Cells(cells));
        self
    }

    /// Appends a full-width row (a group heading, `… 40 more rows …`).
    ///
    /// # Example
    /// ```
    /// use return_migration::display::HtmlTable;
    /// let mut t = HtmlTable::new(&["a", "b"]);
    /// t.span("group A");
    /// assert!(t.to_html().contains(r#"<td colspan="2""#));
    /// ```
    pub fn span(&mut self, text: impl Into<String>) -> &mut HtmlTable {
        self.rows.push(Row::Span(text.into()));
        self
    }

    /// Appends a note printed under the table.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::HtmlTable;
    /// let mut t = HtmlTable::new(&["a"]);
    /// t.note("p = 0.07");
    /// assert!(t.to_text().ends_with("p = 0.07\n"));
    /// ```
    pub fn note(&mut self, text: impl Into<String>) -> &mut HtmlTable {
        self.notes.push(text.into());
        self
    }

    /// The number of rows (cells and full-width rows).
    ///
    /// # Example
    /// ```
    /// use return_migration::display::HtmlTable;
    /// assert!(HtmlTable::new(&["a"]).is_empty());
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True without rows.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::HtmlTable;
    /// assert_eq!(HtmlTable::new(&["a"]).len(), 0);
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as an HTML fragment (`<div>` with a `<table>` and notes).
    ///
    /// # Example
    /// ```
    /// use return_migration::display::HtmlTable;
    /// assert!(HtmlTable::new(&["a"]).to_html().starts_with("<div"));
    /// ```
    pub fn to_html(&self) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            "<div class=\"rm-display\"><table class=\"rm-table\" style=\"{STYLE}\">"
        );
        if let Some(c) = &self.caption {
            let _ = write!(s, "<caption>{}</caption>", escape_html(c));
        }
        s.push_str("<thead><tr>");
        for h in &self.header {
            let _ = write!(s, "<th>{}</th>", escape_html(h));
        }
        s.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            s.push_str("<tr>");
            match row {
                Row::Cells(cells) => {
                    for c in cells {
                        match c {
                            Cell::Text(t) => {
                                let _ = write!(
                                    s,
                                    "<td style=\"text-align:left\">{}</td>",
                                    escape_html(t)
                                );
                            }
                            Cell::Number(t) => {
                                let _ = write!(
                                    s,
                                    "<td style=\"text-align:right\">{}</td>",
                                    escape_html(t)
                                );
                            }
                            Cell::Missing => s.push_str("<td class=\"rm-missing\">missing</td>"),
                        }
                    }
                }
                Row::Span(t) => {
                    let _ = write!(
                        s,
                        "<td colspan=\"{}\" style=\"text-align:left;font-weight:bold\">{}</td>",
                        self.header.len().max(1),
                        escape_html(t)
                    );
                }
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table>");
        for n in &self.notes {
            let _ = write!(s, "<p style=\"margin:2px 0\">{}</p>", escape_html(n));
        }
        s.push_str("</div>");
        s
    }

    /// The table as aligned plain text: numbers right-aligned, text left-aligned.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::{Cell, HtmlTable};
    /// let mut t = HtmlTable::new(&["year", "n"]);
    /// t.row(vec![Cell::text("2015"), Cell::num("1,399")]);
    /// assert_eq!(t.to_text(), "year      n\n2015  1,399\n");
    /// ```
    pub fn to_text(&self) -> String {
        let ncol = self.header.len();
        let mut width: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            if let Row::Cells(cells) = row {
                for (w, c) in width.iter_mut().zip(cells) {
                    *w = (*w).max(c.plain().chars().count());
                }
            }
        }
        let mut s = String::new();
        if let Some(c) = &self.caption {
            let _ = writeln!(s, "{c}");
        }
        let numeric: Vec<bool> = (0..ncol)
            .map(|j| {
                self.rows.iter().any(|r| {
                    matches!(r, Row::Cells(c) if matches!(c[j], Cell::Number(_) | Cell::Missing))
                })
            })
            .collect();
        let line = |s: &mut String, texts: Vec<&str>| {
            let parts: Vec<String> = texts
                .iter()
                .enumerate()
                .map(|(j, t)| {
                    let pad = width[j].saturating_sub(t.chars().count());
                    if numeric[j] {
                        format!("{}{t}", " ".repeat(pad))
                    } else {
                        format!("{t}{}", " ".repeat(pad))
                    }
                })
                .collect();
            let _ = writeln!(s, "{}", parts.join("  ").trim_end());
        };
        line(&mut s, self.header.iter().map(String::as_str).collect());
        for row in &self.rows {
            match row {
                Row::Cells(cells) => line(&mut s, cells.iter().map(Cell::plain).collect()),
                Row::Span(t) => {
                    let _ = writeln!(s, "{t}");
                }
            }
        }
        for n in &self.notes {
            let _ = writeln!(s, "{n}");
        }
        s
    }
}

impl fmt::Display for HtmlTable {
    /// The aligned plain text of [`HtmlTable::to_text`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl ToHtml for HtmlTable {
    fn to_html(&self) -> String {
        HtmlTable::to_html(self)
    }
}

rich_display!(HtmlTable);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_text() {
        let mut t = HtmlTable::new(&["<h>"]).caption("a&b");
        t.row(vec![Cell::text("<script>")]);
        t.span("'x'");
        t.note("\"n\"");
        let h = t.to_html();
        assert!(!h.contains("<script>") && !h.contains("<h>"));
        assert!(h.contains("&lt;script&gt;") && h.contains("&#39;x&#39;"));
        assert!(h.contains("a&amp;b") && h.contains("&quot;n&quot;"));
    }

    #[test]
    fn pads_and_truncates_rows() {
        let mut t = HtmlTable::new(&["a", "b"]);
        t.row(vec![Cell::num("1"), Cell::num("2"), Cell::num("3")]);
        assert_eq!(t.to_html().matches("<td").count(), 2);
        assert_eq!(t.to_text(), "a  b\n1  2\n");
    }
}
