//! Notebook tables of series, panels, breakdowns and selection reports.

use std::fmt;

use super::number::{count, percent, sig};
use super::{Cell, HtmlTable, ToHtml, rich_display, years};
use crate::data::{Breakdown, Panel, SelectionReport, WindowSummary, YearSeries};
use crate::datasets::Selected;

/// A value of a series: a count when whole, else 6 significant digits.
pub(crate) fn value(v: f64) -> String {
    if v.fract() == 0.0 {
        count(v)
    } else {
        sig(v, 6)
    }
}

fn series_table(s: &YearSeries) -> HtmlTable {
    let mut t = HtmlTable::new(&["year", "value", "derived", "source"]).caption(format!(
        "{} ({})",
        s.name(),
        s.unit()
    ));
    if let Some((a, b)) = s.span() {
        for year in a..=b {
            t.row(match s.get(year) {
                Some(o) => vec![
                    Cell::text(year.to_string()),
                    Cell::num(value(o.value)),
                    Cell::text(if o.derived { "yes" } else { "no" }),
                    Cell::text(o.source.clone()),
                ],
                None => vec![Cell::text(year.to_string()), Cell::Missing],
            });
        }
    }
    let missing = s.missing_years();
    if !missing.is_empty() {
        t.note(format!(
            "missing years (no published value, never zero): {}",
            years(&missing)
        ));
    }
    t
}

impl ToHtml for YearSeries {
    fn to_html(&self) -> String {
        series_table(self).to_html()
    }
}

impl ToHtml for Panel {
    fn to_html(&self) -> String {
        let years: Vec<String> = self.years().iter().map(i32::to_string).collect();
        let mut header = vec!["entity"];
        header.extend(years.iter().map(String::as_str));
        let mut t = HtmlTable::new(&header).caption(format!("panel ({})", self.unit()));
        for (r, e) in self.entities().iter().enumerate() {
            let mut cells = vec![Cell::text(e.clone())];
            cells.extend(self.values().row(r).iter().map(|v| Cell::opt(*v, value)));
            t.row(cells);
        }
        t.to_html()
    }
}

impl ToHtml for Breakdown {
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&[self.dimension.as_str(), "value", "share", "source"]).caption(
            format!("{} by {} ({})", self.year, self.dimension, self.unit),
        );
        let total = self.total().ok().map(|o| o.value).filter(|v| *v > 0.0);
        for (c, o) in &self.items {
            t.row(match o {
                Some(o) => vec![
                    Cell::text(c.clone()),
                    Cell::num(value(o.value)),
                    Cell::opt(total.map(|tot| o.value / tot), percent),
                    Cell::text(o.source.clone()),
                ],
                None => vec![Cell::text(c.clone()), Cell::Missing, Cell::Missing],
            });
        }
        match total {
            Some(tot) => {
                t.row(vec![
                    Cell::text("total (derived)"),
                    Cell::num(value(tot)),
                    Cell::num(percent(1.0)),
                ]);
            }
            None => {
                t.note("no total: a category has no value");
            }
        }
        t.to_html()
    }
}

fn window_table(w: &WindowSummary) -> HtmlTable {
    let mut t = HtmlTable::new(&[
        "window",
        "total",
        "mean per year used",
        "years used",
        "years missing",
    ])
    .caption("window summary");
    t.row(vec![
        Cell::text(format!("{}–{}", w.from, w.to)),
        Cell::num(value(w.total)),
        Cell::opt(w.mean, value),
        Cell::text(years(&w.years_used)),
        Cell::text(years(&w.years_missing)),
    ]);
    t
}

impl fmt::Display for WindowSummary {
    /// One line: window, total, mean, years used and missing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", window_table(self).to_text())
    }
}

impl ToHtml for WindowSummary {
    fn to_html(&self) -> String {
        window_table(self).to_html()
    }
}

impl ToHtml for SelectionReport {
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&[
            "year",
            "chosen",
            "source (line)",
            "set aside: value, source (line) — why",
        ])
        .caption(format!(
            "{} — selection policy: {}",
            self.series, self.policy
        ));
        for y in &self.years {
            let set_aside = y
                .set_aside
                .iter()
                .map(|s| {
                    format!(
                        "{}, {} (line {}) — {}",
                        value(s.candidate.value),
                        s.candidate.source,
                        s.candidate.line,
                        s.reason
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            t.row(match &y.chosen {
                Some(c) => vec![
                    Cell::text(y.year.to_string()),
                    Cell::num(value(c.value)),
                    Cell::text(format!("{} (line {})", c.source, c.line)),
                    Cell::text(set_aside),
                ],
                None => vec![
                    Cell::text(y.year.to_string()),
                    Cell::Missing,
                    Cell::text("nothing chosen"),
                    Cell::text(set_aside),
                ],
            });
        }
        t.note(format!(
            "{} candidates accounted for (chosen or set aside)",
            self.accounted()
        ));
        t.to_html()
    }
}

impl fmt::Display for Selected {
    /// The series, then the report of the choice.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}", self.series, self.report)
    }
}

impl ToHtml for Selected {
    fn to_html(&self) -> String {
        format!("{}{}", self.series.to_html(), self.report.to_html())
    }
}

rich_display!(
    YearSeries,
    Panel,
    Breakdown,
    WindowSummary,
    SelectionReport,
    Selected
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Observation;

    #[test]
    fn series_shows_missing_years_and_sources() {
        let s = YearSeries::from_values("returns", "persons", &[(2018, 1508.0), (2021, 2372.5)])
            .unwrap();
        let h = s.to_html();
        assert!(h.contains("<caption>returns (persons)</caption>"));
        assert!(h.contains(">1,508<") && h.contains(">2,372.5<"));
        assert_eq!(h.matches("rm-missing").count(), 2);
        assert!(h.contains("missing years (no published value, never zero): 2019, 2020"));
    }

    #[test]
    fn breakdown_shares_sum_to_total() {
        let mut b = Breakdown::new("sex", 2021, "persons");
        b.push("F", Some(Observation::new(610.0, "IOM"))).unwrap();
        b.push("M", Some(Observation::new(1767.0, "IOM"))).unwrap();
        let h = b.to_html();
        assert!(h.contains(">25.66%<") && h.contains(">74.34%<")); // 610/2377, 1767/2377
        assert!(h.contains(">2,377<"));
        b.push("X", None).unwrap();
        assert!(b.to_html().contains("no total"));
    }

    #[test]
    fn panel_and_selection_report() {
        use crate::data::{Candidate, SelectionPolicy};
        let sea =
            YearSeries::from_values("sea", "persons", &[(2019, 26103.0), (2020, 40106.0)]).unwrap();
        let land = YearSeries::from_values("land", "persons", &[(2019, 6346.0)]).unwrap();
        let h = Panel::from_series(&[sea, land]).unwrap().to_html();
        assert!(h.contains("<caption>panel (persons)</caption>"));
        assert!(h.contains("<th>2019</th><th>2020</th>") && h.contains(">26,103<"));
        assert_eq!(h.matches("rm-missing").count(), 1); // land 2020

        let c = [
            Candidate::new(2020, 1.0, "a"),
            Candidate::new(2020, 2.0, "b"),
        ];
        let (_, report) = SelectionPolicy::ranked("b first", &["b"])
            .select("x", "persons", &c)
            .unwrap();
        let h = report.to_html();
        assert!(h.contains("selection policy: b first"));
        assert!(h.contains(">2<") && h.contains("1, a (line 0) — "));
        assert!(h.contains("2 candidates accounted for"));
    }

    #[test]
    fn window_summary_display() {
        let s = YearSeries::from_values("r", "persons", &[(2015, 1399.0), (2016, 1269.0)]).unwrap();
        let w = s.window(2015, 2017).unwrap();
        let text = w.to_string();
        assert!(text.contains("2015–2017") && text.contains("2,668") && text.contains("1,334"));
        assert!(text.contains("2015, 2016") && text.contains("2017"));
    }
}
