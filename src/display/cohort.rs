//! Notebook tables of cohort builds and cohort measures: the validation
//! report, re-migration probabilities by years since return, and the
//! discrete-time hazard fit.

use super::number::{count, p_value, prob, sig, statistic, time};
use super::{Cell, HtmlTable, ToHtml, level, limit_headings, rich_display};
use crate::cohort::{DiscreteHazardFit, RemigrationTable, ValidationReport};

fn n(v: usize) -> Cell {
    Cell::num(count(v as f64))
}

impl ToHtml for ValidationReport {
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&["records", "number"]).caption(format!(
            "validation report: {} input records",
            count(self.input as f64)
        ));
        let [accounting, observation] = self.lines();
        let row = |t: &mut HtmlTable, (depth, what, k): (usize, String, usize)| {
            t.row(vec![
                Cell::text(format!("{}{what}", "    ".repeat(depth))),
                n(k),
            ]);
        };
        for line in accounting {
            row(&mut t, line);
        }
        t.span("observation");
        for line in observation {
            row(&mut t, line);
        }
        t.to_html()
    }
}

impl ToHtml for RemigrationTable {
    fn to_html(&self) -> String {
        let lv = level(self.conf_level);
        let [lower, upper] = limit_headings(&lv);
        let mut t = HtmlTable::new(&[
            "stratum",
            "years",
            "persons",
            "at risk",
            "re-migrated",
            "probability",
            "std. error",
            lower.as_str(),
            upper.as_str(),
        ])
        .caption(format!(
            "re-migration by years since return (1 − Kaplan–Meier), {lv} {} intervals",
            self.conf_type.name()
        ));
        for r in &self.rows {
            t.row(vec![
                Cell::text(if r.stratum.is_empty() {
                    "all"
                } else {
                    r.stratum.as_str()
                }),
                Cell::num(time(r.years)),
                Cell::num(count(r.persons)),
                Cell::num(count(r.n_risk)),
                Cell::num(count(r.remigrated)),
                Cell::num(prob(r.probability)),
                Cell::opt(r.std_err, prob),
                Cell::opt(r.lower, prob),
                Cell::opt(r.upper, prob),
            ]);
        }
        t.note("re-migrated: first re-migrations observed by that time");
        t.to_html()
    }
}

impl ToHtml for DiscreteHazardFit {
    fn to_html(&self) -> String {
        let scale = match self.link {
            crate::cohort::Link::Logit => "estimate (log-odds)",
            crate::cohort::Link::Cloglog => "estimate (log hazard ratio)",
        };
        let mut t = HtmlTable::new(&["term", scale, "std. error", "z", "p"]).caption(format!(
            "discrete-time hazard ({}): {} person-periods",
            self.link.name(),
            count(self.rows as f64)
        ));
        for c in &self.coefficients {
            t.row(vec![
                Cell::text(c.term.clone()),
                Cell::num(sig(c.coef, 4)),
                Cell::num(sig(c.se, 4)),
                Cell::num(statistic(c.z)),
                Cell::num(p_value(c.p)),
            ]);
        }
        let lv = level(self.conf_level);
        t.span(format!(
            "hazard per period at covariates 0 (at risk, events; hazard with {lv} {} interval)",
            self.link.name()
        ));
        for h in &self.periods {
            t.row(vec![
                Cell::text(format!(
                    "period {}: at risk {}, events {}",
                    h.period,
                    count(h.at_risk as f64),
                    count(h.events as f64)
                )),
                Cell::num(prob(h.hazard)),
                Cell::num(prob(h.std_err)),
                Cell::text(format!("{} – {}", prob(h.lower), prob(h.upper))),
                Cell::text(""),
            ]);
        }
        t.note(format!(
            "deviance {}; {} Newton iterations ({} step-halvings; last step {})",
            sig(self.deviance, 6),
            self.convergence.iterations,
            self.convergence.step_halvings,
            sig(self.convergence.last_change, 2)
        ));
        t.to_html()
    }
}

rich_display!(ValidationReport, RemigrationTable, DiscreteHazardFit);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::{
        Channel, CohortBuilder, Date, DiscreteHazard, PersonPeriodRow, RemigrationProbabilities,
        ReturneeRecord, Stratify,
    };

    fn records() -> Vec<ReturneeRecord> {
        let y = Date::Year;
        vec![
            ReturneeRecord::new("A", y(2020))
                .seen_at(&[y(2021), y(2022)])
                .remigrated_seen_at(y(2022), Channel::Irregular),
            ReturneeRecord::new("B", y(2020)).seen_at(&[y(2021), y(2022), y(2023)]),
            ReturneeRecord::new("C", y(2020)), // never seen: rejected
        ]
    }

    #[test]
    fn report_counts_every_record() {
        let built = CohortBuilder::new().first_events(&records()).unwrap();
        let h = built.report.to_html();
        assert!(h.contains("validation report: 3 input records"));
        let row = |what: &str, k: usize| {
            format!(
                "<td style=\"text-align:left\">{what}</td><td style=\"text-align:right\">{k}</td>"
            )
        };
        assert!(h.contains(&row("used, re-migration observed", 1)), "{h}");
        assert!(h.contains(&row("used, censored", 1)));
        assert!(h.contains(&row("rejected", 1)));
        assert!(h.contains(&row("accounted for", 3)));
        assert!(h.contains(&row(
            "    of which known only from a wave (interval-censored)",
            1
        )));
    }

    #[test]
    fn remigration_table_rows() {
        let built = CohortBuilder::new().first_events(&records()).unwrap();
        let t = RemigrationProbabilities::new(Stratify::Pooled, &[2.0])
            .fit(&built)
            .unwrap();
        let h = t.to_html();
        // A re-migrated in (1, 2], placed at 1.5; B censored at 3: 1 − S(2) = 1/2.
        assert!(h.contains(">all<") && h.contains(">0.5000<"), "{h}");
        assert!(h.contains("95% log intervals"));
    }

    #[test]
    fn discrete_fit_coefficients_and_periods() {
        let row = |person, period, event: bool| PersonPeriodRow {
            person,
            cohort: 2020,
            group: 0,
            period,
            channel: event.then_some(Channel::Legal),
        };
        let rows = vec![
            row(0, 1, true),
            row(1, 1, false),
            row(1, 2, true),
            row(2, 1, false),
            row(2, 2, false),
        ];
        let fit = DiscreteHazard::new().fit(&rows).unwrap();
        let h = fit.to_html();
        // period 1: 1 event of 3, logit(1/3) = ln(1/2); period 2: 1 of 2.
        assert!(h.contains(&format!(">{}<", sig((0.5f64).ln(), 4))), "{h}");
        assert!(h.contains("period 1: at risk 3, events 1") && h.contains(">0.3333<"));
        assert!(h.contains("period 2: at risk 2, events 1") && h.contains(">0.5000<"));
        assert!(h.contains("5 person-periods"));
    }
}
