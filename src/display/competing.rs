//! Notebook tables of competing-risks (Aalen–Johansen) and recurrent-event
//! (mean cumulative function) estimates.

use super::number::prob;
use super::{Cell, HtmlTable, ToHtml, level, limit_headings, push_curve, rich_display};
use crate::survival::{CumIncFit, CurveState, McfConfType, McfFit};

impl ToHtml for CumIncFit {
    fn to_html(&self) -> String {
        let mut header: Vec<String> = [
            "time",
            "at risk",
            "events",
            "censored",
            "event-free",
            "std. error",
        ]
        .map(String::from)
        .to_vec();
        for k in &self.causes {
            header.extend([
                format!("CIF {k}"),
                format!("se {k}"),
                format!("lower {k}"),
                format!("upper {k}"),
            ]);
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut t = HtmlTable::new(&header).caption(format!(
            "Aalen–Johansen cumulative incidence (CIF) of causes {}, {} {} intervals",
            self.causes
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            level(self.conf_level),
            self.conf_type.name()
        ));
        let free_curves = self
            .curves
            .iter()
            .filter(|c| c.state == CurveState::EventFree);
        let groups = free_curves.clone().count();
        for (free, causes) in self.by_group() {
            let heading = groups > 1 || !free.group.is_empty();
            push_curve(&mut t, heading, &free.group, &free.rows, |j, r| {
                let mut cells = vec![Cell::num(prob(r.estimate)), Cell::num(prob(r.std_err))];
                for c in &causes {
                    let row = &c.rows[j];
                    cells.extend([
                        Cell::num(prob(row.estimate)),
                        Cell::num(prob(row.std_err)),
                        Cell::opt(row.lower, prob),
                        Cell::opt(row.upper, prob),
                    ]);
                }
                cells
            });
        }
        t.note("events: of any cause; event-free: the all-cause Kaplan–Meier; standard errors: infinitesimal jackknife");
        t.to_html()
    }
}

impl ToHtml for McfFit {
    fn to_html(&self) -> String {
        let kind = match self.conf_type {
            McfConfType::Log => "log",
            McfConfType::Plain => "plain",
        };
        let lv = level(self.conf_level);
        let [lower, upper] = limit_headings(&lv);
        let mut t = HtmlTable::new(&[
            "time",
            "at risk",
            "events",
            "censored",
            "MCF",
            "naive se",
            "robust se",
            lower.as_str(),
            upper.as_str(),
        ])
        .caption(format!(
            "mean cumulative function (events per person), {lv} {kind} intervals from the robust se"
        ));
        for c in &self.curves {
            let heading = self.curves.len() > 1 || !c.group.is_empty();
            push_curve(&mut t, heading, &c.group, &c.rows, |_, r| {
                vec![
                    Cell::num(prob(r.mcf)),
                    Cell::num(prob(r.se_naive)),
                    Cell::num(prob(r.se_robust)),
                    Cell::opt(r.lower, prob),
                    Cell::opt(r.upper, prob),
                ]
            });
        }
        t.note("naive se: Poisson, independent increments; robust se: Lawless–Nadeau, clustered by person");
        t.to_html()
    }
}

rich_display!(CumIncFit, McfFit);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survival::{AalenJohansen, CompetingData, Mcf, RecurrentData};

    #[test]
    fn cuminc_table_has_both_causes_and_event_free() {
        // The example of AalenJohansen: at 1, CIF 1 = 1/6; at 2, CIF 1 =
        // 1/6 + (5/6)·1/5 = 1/3, CIF 2 = (5/6)·1/5 = 1/6, event-free 1/2.
        let d = CompetingData::builder(vec![1., 2., 2., 2., 3., 4.], vec![1, 2, 1, 0, 0, 1])
            .build()
            .unwrap();
        let fit = AalenJohansen::new().fit(&d).unwrap();
        let h = fit.to_html();
        assert!(h.contains("CIF) of causes 1, 2, 95% log intervals"), "{h}");
        assert!(h.contains("<th>CIF 1</th>") && h.contains("<th>upper 2</th>"));
        let se = fit.cif("", 1).unwrap().rows[1].std_err;
        let row2 = "<td style=\"text-align:right\">2</td><td style=\"text-align:right\">5</td>\
             <td style=\"text-align:right\">2</td><td style=\"text-align:right\">1</td>\
             <td style=\"text-align:right\">0.5000</td>";
        assert!(h.contains(row2), "{h}");
        assert!(h.contains(">0.3333<") && h.contains(">0.1667<"));
        assert!(h.contains(&format!(">{}<", prob(se))));
        // no group heading without groups
        assert!(!h.contains("colspan"));
    }

    #[test]
    fn cuminc_groups_get_headings() {
        let d = CompetingData::builder(vec![1.0, 2.0, 3.0], vec![1, 2, 0])
            .groups(vec!["a".into(), "a".into(), "b".into()])
            .build()
            .unwrap();
        let h = AalenJohansen::new().fit(&d).unwrap().to_html();
        assert!(h.contains("group a (at risk at first time 2, events 2)"));
        assert!(h.contains("group b (at risk at first time 1, events 0)"));
    }

    #[test]
    fn mcf_table_rows() {
        // MCF's example: A returns at 2 and 5, followed to 8; B returns at
        // 3, followed to 6: MCF(5) = 1/2 + 1/2 + 1/2 = 1.5.
        let d = RecurrentData::builder(
            vec!["A".into(), "A".into(), "A".into(), "B".into(), "B".into()],
            vec![0.0, 2.0, 5.0, 0.0, 3.0],
            vec![2.0, 5.0, 8.0, 3.0, 6.0],
            vec![1, 1, 0, 1, 0],
        )
        .build()
        .unwrap();
        let fit = Mcf::new().fit(&d).unwrap();
        let h = fit.to_html();
        assert!(h.contains("mean cumulative function (events per person), 95% log intervals"));
        assert!(h.contains(">1.5000<"));
        let r = &fit.curves[0].rows[2];
        assert!(h.contains(&format!(">{}<", prob(r.se_robust))));
        assert!(h.contains(&format!(">{}<", prob(r.se_naive))));
        assert!(h.contains("Lawless–Nadeau"));
    }
}
