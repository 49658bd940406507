//! Notebook tables of interval-censored results.

use super::number::{count, percent, prob, sig, time};
use super::{Cell, HtmlTable, ToHtml, level, limit_headings, push_elided, rich_display};
use crate::cohort::WaveStudyTable;
use crate::survival::{BootstrapSurvival, TurnbullFit};

impl ToHtml for TurnbullFit {
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&["time", "survival"])
            .caption("Turnbull NPMLE of survival (interval-censored)");
        for c in &self.curves {
            if self.curves.len() > 1 || !c.group.is_empty() {
                t.span(format!("group {} (n {})", c.group, count(c.n as f64)));
            }
            push_elided(&mut t, &c.rows, |r| {
                vec![Cell::num(time(r.time)), Cell::num(prob(r.survival))]
            });
            t.note(format!(
                "{}log-likelihood {}, {} iterations, Kuhn–Tucker violation {:.1e}",
                if c.group.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", c.group)
                },
                sig(c.loglik, 8),
                c.convergence.iterations,
                c.convergence.kkt_violation
            ));
        }
        t.to_html()
    }
}

impl ToHtml for BootstrapSurvival {
    fn to_html(&self) -> String {
        let [lower, upper] = limit_headings(&level(self.conf_level));
        let mut t = HtmlTable::new(&[
            "group",
            "time",
            "survival",
            "std. error",
            lower.as_str(),
            upper.as_str(),
        ])
        .caption(format!(
            "Turnbull survival, bootstrap over subjects ({} replicates, seed {})",
            self.replicates, self.seed
        ));
        for r in &self.rows {
            t.row(vec![
                Cell::text(r.group.clone()),
                Cell::num(time(r.time)),
                Cell::num(prob(r.survival)),
                Cell::num(prob(r.std_err)),
                Cell::num(prob(r.lower)),
                Cell::num(prob(r.upper)),
            ]);
        }
        for q in &self.quantiles {
            t.row(vec![
                Cell::text(q.group.clone()),
                Cell::text(format!("quantile {}", sig(q.prob, 4))),
                Cell::opt(q.quantile, time),
                Cell::opt(q.std_err, time),
                Cell::opt(q.lower, time),
                Cell::opt(q.upper, time),
            ]);
        }
        t.to_html()
    }
}

impl ToHtml for WaveStudyTable {
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&[
            "design",
            "method",
            "target",
            "truth",
            "mean",
            "bias",
            "MC s.e.",
            "95% coverage",
        ])
        .caption(format!(
            "Wave-panel simulation: {} persons, {} replications",
            self.persons, self.replications
        ));
        for r in &self.rows {
            t.row(vec![
                Cell::text(r.design.clone()),
                Cell::text(r.method.clone()),
                Cell::text(r.target.clone()),
                Cell::num(sig(r.truth, 4)),
                Cell::num(sig(r.mean, 4)),
                Cell::num(sig(r.bias, 3)),
                Cell::num(sig(r.bias_se, 3)),
                Cell::opt(r.coverage, percent),
            ]);
        }
        t.to_html()
    }
}

rich_display!(TurnbullFit, BootstrapSurvival, WaveStudyTable);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survival::{IntervalData, Turnbull};

    #[test]
    fn turnbull_table_shows_times_and_convergence() {
        let d = IntervalData::builder(vec![0.0, 2.0], vec![1.0, 3.0])
            .build()
            .unwrap();
        let html = Turnbull::new().fit(&d).unwrap().to_html();
        assert!(html.contains("Turnbull NPMLE") && html.contains("0.5"));
        assert!(html.contains("iterations"));
    }
}
