//! Notebook tables of intervals, ratio reports and the stock-flow ledger.

use super::data::value;
use super::number::{count, percent, sig};
use super::{Cell, HtmlTable, ToHtml, level, rich_display, years};
use crate::flow::StockFlowReport;
use crate::ratio::{Interval, RatioReport};

impl ToHtml for Interval {
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&[
            "estimate",
            "lower",
            "upper",
            "as percent",
            "level",
            "method",
        ]);
        t.row(vec![
            Cell::num(sig(self.estimate, 4)),
            Cell::num(sig(self.lower, 4)),
            Cell::num(sig(self.upper, 4)),
            Cell::num(format!(
                "{} ({}–{})",
                percent(self.estimate),
                percent(self.lower),
                percent(self.upper)
            )),
            Cell::num(level(self.conf_level)),
            Cell::text(self.method.clone()),
        ]);
        t.to_html()
    }
}

impl ToHtml for RatioReport {
    fn to_html(&self) -> String {
        let lag = if self.lag == 0 {
            String::new()
        } else {
            format!(
                ", {} in t against {} in t − {}",
                self.numerator_name, self.denominator_name, self.lag
            )
        };
        let mut t = HtmlTable::new(&[
            "year",
            self.numerator_name.as_str(),
            "denominator year",
            self.denominator_name.as_str(),
            "ratio",
        ])
        .caption(format!(
            "{} per {}, {}–{}{lag}",
            self.numerator_name, self.denominator_name, self.from, self.to
        ));
        let star = |derived: bool| if derived { "*" } else { "" };
        for r in &self.rows {
            t.row(vec![
                Cell::text(r.year.to_string()),
                r.numerator.map_or(Cell::Missing, |v| {
                    Cell::num(format!("{}{}", value(v), star(r.numerator_derived)))
                }),
                Cell::text(r.denominator_year.to_string()),
                r.denominator.map_or(Cell::Missing, |v| {
                    Cell::num(format!("{}{}", value(v), star(r.denominator_derived)))
                }),
                r.ratio.map_or(Cell::Missing, |v| Cell::num(percent(v))),
            ]);
        }
        t.row(vec![
            Cell::text("pooled"),
            Cell::num(count(self.numerator_total)),
            Cell::text(""),
            Cell::num(count(self.denominator_total)),
            Cell::num(percent(self.ratio.estimate)),
        ]);
        if self
            .rows
            .iter()
            .any(|r| r.numerator_derived || r.denominator_derived)
        {
            t.note("* derived: the sum of published components, not a published total");
        }
        t.note(format!(
            "pooled ratio over the years used: {} ({} CI {}–{}, {})",
            percent(self.ratio.estimate),
            level(self.ratio.conf_level),
            percent(self.ratio.lower),
            percent(self.ratio.upper),
            self.ratio.method
        ));
        t.note(format!("years used: {}", years(&self.coverage.years_used)));
        t.note(format!(
            "missing {}: {}; missing {}: {}",
            self.numerator_name,
            years(&self.coverage.missing_numerator),
            self.denominator_name,
            years(&self.coverage.missing_denominator)
        ));
        t.to_html()
    }
}

impl ToHtml for StockFlowReport {
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&[
            "year",
            "stock at start",
            "inflows",
            "assisted returns",
            "onward departures",
            "stock at end",
            "observed stock at end",
            "discrepancy",
        ])
        .caption("stock-flow ledger");
        for r in &self.rows {
            t.row(vec![
                Cell::text(r.year.to_string()),
                Cell::num(value(r.stock_start)),
                Cell::num(value(r.inflows)),
                Cell::num(value(r.assisted_returns)),
                Cell::num(value(r.onward_departures)),
                Cell::num(value(r.stock_end)),
                Cell::opt(r.observed_stock_end, value),
                Cell::opt(r.discrepancy, value),
            ]);
        }
        for a in &self.assumptions {
            t.note(format!("assumption: {a}"));
        }
        t.to_html()
    }
}

rich_display!(Interval, RatioReport, StockFlowReport);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::YearSeries;
    use crate::ratio::EffectivenessRatio;

    #[test]
    fn ratio_report_lists_years_and_pooled_interval() {
        let r = YearSeries::from_values("returns", "persons", &[(2018, 1508.0)]).unwrap();
        let a = YearSeries::from_values("arrivals", "persons", &[(2018, 64298.0), (2019, 32513.0)])
            .unwrap();
        let report = EffectivenessRatio::new()
            .window(2018, 2019)
            .fit(&r, &a)
            .unwrap();
        let h = report.to_html();
        assert!(h.contains("<caption>returns per arrivals, 2018–2019</caption>"));
        assert!(h.contains(">2.35%<")); // 1508 / 64298 = 2.345%
        assert!(h.contains(">64,298<") && h.contains(">32,513<"));
        assert!(h.contains("years used: 2018"));
        assert!(h.contains("missing returns: 2019; missing arrivals: none"));
    }

    #[test]
    fn ledger_lists_rows_and_assumptions() {
        use crate::flow::StockFlowLedger;
        let inflows = YearSeries::from_values("in", "persons", &[(2018, 70000.0)]).unwrap();
        let returns = YearSeries::from_values("ret", "persons", &[(2018, 1508.0)]).unwrap();
        let onward = YearSeries::from_values("on", "persons", &[(2018, 64298.0)]).unwrap();
        let report = StockFlowLedger::new(2018, 50000.0)
            .inflows(&inflows)
            .assisted_returns(&returns)
            .onward_departures(&onward)
            .assume("hypothetical <inflows>")
            .run(2018)
            .unwrap();
        let h = report.to_html();
        assert!(h.contains(">54,194<")); // 50000 + 70000 − 1508 − 64298
        assert!(h.contains("assumption: hypothetical &lt;inflows&gt;"));
        assert_eq!(h.matches("rm-missing").count(), 2); // no observed stock, no discrepancy
    }

    #[test]
    fn interval_shows_percent_and_level() {
        let i = Interval {
            estimate: 11.0 / 65.0,
            lower: 0.087_626_054_881_474_28,
            upper: 0.28283,
            conf_level: 0.95,
            method: "Clopper-Pearson".into(),
        };
        let h = i.to_html();
        assert!(h.contains(">0.1692<") && h.contains(">0.08763<"));
        assert!(h.contains("16.92% (8.76%–28.28%)") && h.contains(">95%<"));
    }
}
