//! Notebook tables of survival results.

use super::number::{count, p_value, prob, sig, statistic, time};
use super::{
    Cell, HtmlTable, ToHtml, level, limit_headings, push_curve, push_elided, rich_display,
    rows_display,
};
use crate::survival::{
    AtTime, KaplanMeierFit, LifeTable, LogRankTest, QuantileRow, RestrictedMean,
};

impl ToHtml for KaplanMeierFit {
    fn to_html(&self) -> String {
        let lv = level(self.conf_level);
        let [lower, upper] = limit_headings(&lv);
        let mut t = HtmlTable::new(&[
            "time",
            "at risk",
            "events",
            "censored",
            "survival",
            "std. error",
            lower.as_str(),
            upper.as_str(),
            "cum. hazard",
        ])
        .caption(format!(
            "Kaplan–Meier estimate, {lv} {} intervals",
            self.conf_type.name()
        ));
        for c in &self.curves {
            let heading = self.curves.len() > 1 || !c.group.is_empty();
            push_curve(&mut t, heading, &c.group, &c.rows, |_, r| {
                vec![
                    Cell::num(prob(r.survival)),
                    Cell::opt(r.std_err, prob),
                    Cell::opt(r.lower, prob),
                    Cell::opt(r.upper, prob),
                    Cell::num(prob(r.cumhaz)),
                ]
            });
        }
        t.to_html()
    }
}

impl ToHtml for LogRankTest {
    fn to_html(&self) -> String {
        let name = if self.rho == 0.0 {
            "Log-rank test".to_string()
        } else {
            format!("Fleming–Harrington G(ρ = {}) test", sig(self.rho, 4))
        };
        let mut t = HtmlTable::new(&["group", "n", "observed", "expected", "observed / expected"])
            .caption(name);
        for g in &self.groups {
            t.row(vec![
                Cell::text(g.group.clone()),
                Cell::num(count(g.n)),
                Cell::num(sig(g.observed, 5)),
                Cell::num(sig(g.expected, 5)),
                Cell::opt((g.expected > 0.0).then(|| g.observed / g.expected), |v| {
                    sig(v, 4)
                }),
            ]);
        }
        t.note(if self.is_test() {
            format!(
                "χ² = {} on {} df, p = {}",
                statistic(self.statistic),
                self.df,
                p_value(self.p)
            )
        } else {
            format!(
                "{} group{} with expected events: no test",
                self.groups_compared,
                if self.groups_compared == 1 { "" } else { "s" }
            )
        });
        t.to_html()
    }
}

impl ToHtml for LifeTable {
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&[
            "interval",
            "entering",
            "withdrawn",
            "at risk",
            "events",
            "q",
            "survival at start",
            "std. error",
            "hazard",
        ])
        .caption("actuarial life table");
        push_elided(&mut t, &self.rows, |r| {
            let interval = match r.end {
                Some(e) => format!("[{}, {})", time(r.start), time(e)),
                None => format!("[{}, ∞)", time(r.start)),
            };
            vec![
                Cell::text(interval),
                Cell::num(count(r.entering)),
                Cell::num(count(r.withdrawn)),
                Cell::num(count(r.at_risk)),
                Cell::num(count(r.events)),
                Cell::num(prob(r.q)),
                Cell::num(prob(r.survival)),
                Cell::num(prob(r.se_survival)),
                Cell::opt(r.hazard, |h| sig(h, 4)),
            ]
        });
        t.note("at risk = entering − withdrawn / 2 (actuarial assumption)");
        t.to_html()
    }
}

rich_display!(KaplanMeierFit, LogRankTest, LifeTable);

fn group_cell(group: &str) -> Cell {
    Cell::text(if group.is_empty() { "all" } else { group })
}

fn quantile_table(rows: &[QuantileRow]) -> HtmlTable {
    let mut t = HtmlTable::new(&["group", "p", "quantile", "lower", "upper"])
        .caption("quantiles of time to the event (p = share with the event)");
    for r in rows {
        t.row(vec![
            group_cell(&r.group),
            Cell::num(sig(r.prob, 4)),
            Cell::opt(r.quantile, time),
            Cell::opt(r.lower, time),
            Cell::opt(r.upper, time),
        ]);
    }
    t.note("missing: the curve (or its confidence limit) never falls that far");
    t
}

fn rmean_table(rows: &[RestrictedMean]) -> HtmlTable {
    let mut t = HtmlTable::new(&["group", "τ", "restricted mean", "std. error"])
        .caption("restricted mean survival time, ∫₀^τ S(t) dt");
    for r in rows {
        t.row(vec![
            group_cell(&r.group),
            Cell::num(time(r.tau)),
            Cell::num(sig(r.rmean, 5)),
            Cell::num(sig(r.se, 4)),
        ]);
    }
    t
}

fn at_time_table(rows: &[AtTime]) -> HtmlTable {
    let mut t = HtmlTable::new(&[
        "group",
        "time",
        "at risk",
        "events",
        "survival",
        "std. error",
        "lower",
        "upper",
    ])
    .caption("survival at chosen times");
    for r in rows {
        t.row(vec![
            group_cell(&r.group),
            Cell::num(time(r.time)),
            Cell::num(count(r.n_risk)),
            Cell::num(count(r.n_event)),
            Cell::num(prob(r.survival)),
            Cell::opt(r.std_err, prob),
            Cell::opt(r.lower, prob),
            Cell::opt(r.upper, prob),
        ]);
    }
    t.note("events: since the previous time asked for");
    t
}

rows_display!(QuantileRow, quantile_table);
rows_display!(RestrictedMean, rmean_table);
rows_display!(AtTime, at_time_table);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survival::{KaplanMeier, LogRank, SurvData};

    fn leukemia() -> SurvData {
        // Freireich et al. (1963): 6-MP arm then placebo arm, weeks.
        let t = vec![
            6., 6., 6., 6., 7., 9., 10., 10., 11., 13., 16., 17., 19., 20., 22., 23., 25., 32.,
            32., 34., 35., 1., 1., 2., 2., 3., 4., 4., 5., 5., 8., 8., 8., 8., 11., 11., 12., 12.,
            15., 17., 22., 23.,
        ];
        let d = vec![
            1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        ];
        let g = (0..42)
            .map(|i| if i < 21 { "6-MP" } else { "placebo" }.to_string())
            .collect();
        SurvData::builder(t, d).groups(g).build().unwrap()
    }

    #[test]
    fn survfit_table_has_groups_and_rounded_values() {
        let fit = KaplanMeier::new().fit(&leukemia()).unwrap();
        let h = fit.to_html();
        assert!(h.contains("Kaplan–Meier estimate, 95% log intervals"));
        assert!(h.contains("group 6-MP (at risk at first time 21, events 9)"));
        assert!(h.contains("group placebo (at risk at first time 21, events 21)"));
        assert!(h.contains(">0.8571<")); // S(6) = 18/21 in the 6-MP arm
        // placebo reaches 0: no std. error or limits there
        assert!(h.contains("rm-missing"));
    }

    #[test]
    fn logrank_note_has_statistic_and_p() {
        let test = LogRank::new().fit(&leukemia()).unwrap();
        let h = test.to_html();
        // R: survdiff(Surv(time, status) ~ group): Chisq = 16.8 on 1 df, p = 4e-05
        assert!(h.contains("χ² = 16.793 on 1 df, p = 4.17e-5"), "{h}");
        assert!(h.contains("<caption>Log-rank test</caption>"));
        // one group: said, not a bare "χ² = 0 on 0 df"
        let one = SurvData::builder(vec![1.0, 2.0], vec![1, 0])
            .build()
            .unwrap();
        let h = LogRank::new().fit(&one).unwrap().to_html();
        assert!(h.contains("1 group with expected events: no test"), "{h}");
        assert!(!h.contains("χ²"), "{h}");
    }

    #[test]
    fn summary_rows_tables() {
        let fit = KaplanMeier::new().fit(&leukemia()).unwrap();
        let q = fit.quantiles(&[0.5]).unwrap();
        let h = q.to_html();
        assert!(h.contains(">23<") && h.contains(">8<")); // medians: 6-MP 23, placebo 8
        let r = fit.restricted_means(23.0).unwrap();
        assert!(r.to_html().contains("τ"));
        let a = fit.at_times(&[10.0]).unwrap();
        assert!(a.to_html().contains(">0.7529<")); // 6-MP S(10) = 0.7529
    }

    #[test]
    fn long_tables_are_elided_with_a_count() {
        let n = 100;
        let d = SurvData::builder((1..=n).map(f64::from).collect(), vec![1; n as usize])
            .build()
            .unwrap();
        let h = KaplanMeier::new().fit(&d).unwrap().to_html();
        assert!(h.contains("… 65 rows not shown (the value holds all of them) …"));
        assert_eq!(h.matches("<tr>").count(), 1 + 25 + 1 + 10);
    }
}
