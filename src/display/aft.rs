//! Notebook table of a parametric (AFT) fit.

use super::number::{count, p_value, sig, statistic};
use super::{Cell, HtmlTable, ToHtml, rich_display};
use crate::survival::SurvregFit;

impl ToHtml for SurvregFit {
    /// The coefficient table of R's `summary(survreg(...))`, with the
    /// likelihood-ratio test and the counts of each kind of row.
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&["term", "coef", "se", "z", "p"]).caption(format!(
            "Parametric survival regression (accelerated failure time, {}): n = {}",
            self.dist.name(),
            count(self.n as f64)
        ));
        for term in &self.terms {
            t.row(vec![
                Cell::text(term.term.clone()),
                Cell::num(sig(term.coef, 4)),
                Cell::num(sig(term.se, 4)),
                Cell::num(statistic(term.z)),
                Cell::num(p_value(term.p)),
            ]);
        }
        t.note(format!(
            "scale {}; log-likelihood {} (intercept only {}); likelihood-ratio χ² = {} on {} df, p = {}",
            sig(self.scale, 4),
            sig(self.log_likelihood, 8),
            sig(self.null_log_likelihood, 8),
            statistic(self.likelihood_ratio.statistic),
            self.likelihood_ratio.df,
            p_value(self.likelihood_ratio.p)
        ));
        t.to_html()
    }
}

rich_display!(SurvregFit);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survival::{AftData, Dist, Survreg};

    #[test]
    fn coefficient_rows_and_note() {
        let d = AftData::right_censored(vec![3., 5., 2., 8., 6., 4.], vec![1, 1, 0, 1, 1, 1])
            .build()
            .unwrap();
        let fit = Survreg::new().dist(Dist::Weibull).fit(&d).unwrap();
        let h = fit.to_html();
        assert!(h.contains(">(Intercept)<"), "{h}");
        assert!(h.contains(">Log(scale)<"), "{h}");
        assert!(h.contains(&format!(">{}<", sig(fit.terms[0].coef, 4))));
        assert!(h.contains("log-likelihood"));
    }
}
