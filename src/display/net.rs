//! Notebook table of the net effectiveness of return.

use super::number::{count, percent, prob, sig};
use super::{Cell, HtmlTable, ToHtml, rich_display};
use crate::cohort::{Discount, NetResult};

impl ToHtml for NetResult {
    fn to_html(&self) -> String {
        let lv = format!("{}%", sig(100.0 * self.conf_level, 4));
        let mut t = HtmlTable::new(&["quantity", "value", "as percent"])
            .caption("net effectiveness of return: R·(1 − q) / A");
        let pct = |v: f64| Cell::num(percent(v));
        t.row(vec![
            Cell::text("returns R"),
            Cell::num(count(self.returns)),
            Cell::text(""),
        ]);
        t.row(vec![
            Cell::text("irregular arrivals A"),
            Cell::num(count(self.arrivals)),
            Cell::text(""),
        ]);
        t.row(vec![
            Cell::text("gross ratio R / A"),
            Cell::num(sig(self.gross_ratio, 4)),
            pct(self.gross_ratio),
        ]);
        let what = match self.risk.discount {
            Discount::FirstRemigration => "q: probability of re-migrating",
            Discount::ExpectedRemigrations => "q: re-migrations per returnee",
        };
        t.row(vec![
            Cell::text(format!("{what} within {} years", sig(self.risk.horizon, 4))),
            Cell::num(prob(self.risk.estimate)),
            pct(self.risk.estimate),
        ]);
        t.row(vec![
            Cell::text("    standard error of q"),
            Cell::num(prob(self.risk.std_err)),
            Cell::text(""),
        ]);
        t.row(vec![
            Cell::text("net returns R·(1 − q)"),
            Cell::num(sig(self.net_returns, 5)),
            Cell::text(""),
        ]);
        t.row(vec![
            Cell::text("net ratio R·(1 − q) / A"),
            Cell::num(sig(self.net_ratio, 4)),
            pct(self.net_ratio),
        ]);
        let interval = |lo: f64, hi: f64| {
            (
                Cell::num(format!("{} – {}", sig(lo, 4), sig(hi, 4))),
                Cell::num(format!("{} – {}", percent(lo), percent(hi))),
            )
        };
        let (v, p) = interval(self.delta.lower, self.delta.upper);
        t.row(vec![
            Cell::text(format!("    {lv} interval, delta method on log")),
            v,
            p,
        ]);
        if let Some(b) = &self.bootstrap {
            let (v, p) = interval(b.lower, b.upper);
            t.row(vec![
                Cell::text(format!(
                    "    {lv} interval, percentile bootstrap ({} replicates, seed {})",
                    b.replicates, b.seed
                )),
                v,
                p,
            ]);
        }
        t.note(format!("q: {}", self.risk.source));
        for a in &self.assumptions {
            t.note(format!("assumption: {a}"));
        }
        t.to_html()
    }
}

rich_display!(NetResult);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::{BootstrapSample, NetEffectiveness, RemigrationRisk};

    #[test]
    fn barone_share_discounts_the_shipped_ratio() {
        // 8,281 returns against 166,131 arrivals; 11 of 65 re-migrated:
        // net ratio 8281·(54/65)/166131 = 0.041411…
        let q = RemigrationRisk::from_complete_follow_up(11, 65, 3.0).unwrap();
        let net = NetEffectiveness::new(8281.0, 166131.0).delta(&q).unwrap();
        let h = net.to_html();
        assert!(h.contains(">8,281<") && h.contains(">166,131<"));
        assert!(h.contains(">0.04985<") && h.contains(">4.98%<")); // gross
        assert!(h.contains(">0.1692<") && h.contains(">16.92%<")); // q = 11/65
        assert!(h.contains(">0.04141<") && h.contains(">4.14%<"), "{h}"); // net
        assert!(h.contains("within 3 years"));
        assert!(h.contains(&format!(
            ">{} – {}<",
            sig(net.delta.lower, 4),
            sig(net.delta.upper, 4)
        )));
        assert!(h.contains("q: 11 of 65 followed re-migrated within 3 years"));
        assert!(h.contains("assumption: R and A are independent Poisson counts"));
        assert!(!h.contains("bootstrap"));
    }

    #[test]
    fn bootstrap_row_when_computed() {
        let q = RemigrationRisk::from_complete_counts(&[(0, 54), (1, 10), (2, 1)], 3.0).unwrap();
        let outcomes: Vec<u32> = (0..65)
            .map(|i| u32::from(i < 11) + u32::from(i == 0))
            .collect();
        let net = NetEffectiveness::new(8281.0, 166131.0)
            .bootstrap(&q, BootstrapSample::Counts(&outcomes), 200, 5)
            .unwrap();
        let h = net.to_html();
        assert!(h.contains("q: re-migrations per returnee within 3 years"));
        assert!(h.contains("percentile bootstrap (200 replicates, seed 5)"));
        let b = net.bootstrap.unwrap();
        assert!(h.contains(&format!(">{} – {}<", sig(b.lower, 4), sig(b.upper, 4))));
    }
}
