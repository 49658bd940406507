//! Notebook table of a fitted Cox model.

use super::number::{count, p_value, prob, sig, statistic};
use super::{Cell, HtmlTable, ToHtml, level, limit_headings, rich_display};
use crate::survival::{ChiSquareTest, Convergence, CoxFit, CoxZph, Ties};

/// `χ² = 12.345 on 2 df, p = 0.00209`.
pub(super) fn chi_square(test: &ChiSquareTest) -> String {
    format!(
        "χ² = {} on {} df, p = {}",
        statistic(test.statistic),
        test.df,
        p_value(test.p)
    )
}

fn convergence(c: &Convergence) -> String {
    let how = if c.rounding_limited {
        "converged to rounding"
    } else {
        "converged"
    };
    let (iterations, halvings, step) = (c.iterations, c.step_halvings, c.last_change);
    format!(
        "{how} in {iterations} Newton iterations ({halvings} step-halvings; last step {})",
        sig(step, 2)
    )
}

impl ToHtml for CoxFit {
    fn to_html(&self) -> String {
        let lv = level(self.conf_level);
        let [lower, upper] = limit_headings(&lv);
        let robust = self.terms.iter().any(|t| t.robust_se.is_some());
        let mut header = vec!["term", "coef", "hazard ratio", "se(coef)"];
        if robust {
            header.push("robust se");
        }
        header.extend(["z", "p", lower.as_str(), upper.as_str()]);
        let ties = match self.ties {
            Ties::Efron => "Efron",
            Ties::Breslow => "Breslow",
        };
        let strata = if self.strata.len() > 1 {
            format!(", {} strata", self.strata.len())
        } else {
            String::new()
        };
        let mut t = HtmlTable::new(&header).caption(format!(
            "Cox proportional hazards model ({ties} ties{strata}): n = {}, events = {}",
            count(self.n as f64),
            count(self.n_events as f64)
        ));
        for term in &self.terms {
            let mut cells = vec![
                Cell::text(term.term.clone()),
                Cell::num(sig(term.coef, 4)),
                Cell::num(sig(term.exp_coef, 4)),
                Cell::num(sig(term.se, 4)),
            ];
            if robust {
                cells.push(Cell::opt(term.robust_se, |v| sig(v, 4)));
            }
            cells.extend([
                Cell::num(statistic(term.z)),
                Cell::num(p_value(term.p)),
                Cell::num(sig(term.lower, 4)),
                Cell::num(sig(term.upper, 4)),
            ]);
            t.row(cells);
        }
        if robust {
            t.note("z, p and the interval use the robust (sandwich) standard error");
        }
        t.note(format!(
            "likelihood ratio test: {}",
            chi_square(&self.likelihood_ratio)
        ));
        t.note(match &self.wald {
            Some(w) => format!("Wald test: {}", chi_square(w)),
            None => "Wald test: not available (singular variance)".to_string(),
        });
        t.note(format!(
            "score (log-rank) test: {}",
            chi_square(&self.score)
        ));
        if let Some(r) = &self.robust_score {
            t.note(format!("robust score test: {}", chi_square(r)));
        }
        t.note(format!(
            "log partial likelihood {} (null {}); concordance {} (se {})",
            sig(self.loglik, 6),
            sig(self.loglik_null, 6),
            prob(self.concordance.value),
            prob(self.concordance.std_err)
        ));
        t.note(convergence(&self.convergence));
        t.to_html()
    }
}

rich_display!(CoxFit);

impl ToHtml for CoxZph {
    /// The test table of R's `print(cox.zph(fit))`.
    fn to_html(&self) -> String {
        let mut t = HtmlTable::new(&["term", "chisq", "df", "p"]).caption(format!(
            "Test of proportional hazards (scaled Schoenfeld residuals, {} transform of time)",
            self.transform.name()
        ));
        for z in self.terms.iter().chain([&self.global]) {
            t.row(vec![
                Cell::text(z.term.clone()),
                Cell::num(statistic(z.statistic)),
                Cell::num(count(z.df as f64)),
                Cell::num(p_value(z.p)),
            ]);
        }
        t.note("a small p: the covariate's effect changes over time (the hazards are not proportional)");
        t.to_html()
    }
}

rich_display!(CoxZph);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survival::{CoxData, CoxPh};

    fn fit(robust: bool) -> CoxFit {
        // The example of CoxFit's documentation.
        let d = CoxData::builder(
            vec![5., 8., 2., 9., 4., 7., 3., 6.],
            vec![1, 0, 1, 1, 1, 0, 1, 1],
        )
        .covariate("x", vec![0.2, 1.5, -0.3, 2.0, 0.1, 1.1, 0.4, 0.9])
        .build()
        .unwrap();
        CoxPh::new().robust(robust).fit(&d).unwrap()
    }

    #[test]
    fn coefficient_row_and_tests() {
        let f = fit(false);
        let h = f.to_html();
        let t = &f.terms[0];
        assert!(h.contains("Cox proportional hazards model (Efron ties): n = 8, events = 6"));
        assert!(h.contains(">x<"));
        assert!(h.contains(&format!(">{}<", sig(t.exp_coef, 4))), "{h}");
        assert!(h.contains(&format!(">{}<", statistic(t.z))));
        assert!(h.contains(&format!(">{}<", sig(t.lower, 4))));
        assert!(!h.contains("robust se"));
        assert!(h.contains(&format!(
            "likelihood ratio test: χ² = {} on 1 df",
            statistic(f.likelihood_ratio.statistic)
        )));
        assert!(h.contains("score (log-rank) test: χ² = "));
        assert!(h.contains("Newton iterations"));
        assert!(h.contains(&format!("concordance {}", prob(f.concordance.value))));
    }

    #[test]
    fn robust_column_when_asked() {
        let f = fit(true);
        let h = f.to_html();
        assert!(h.contains("<th>robust se</th>"));
        let r = f.terms[0].robust_se.unwrap();
        assert!(h.contains(&format!(">{}<", sig(r, 4))));
        assert!(h.contains("robust score test"));
    }

    #[test]
    fn chi_square_text() {
        let t = ChiSquareTest::new(3.841458820694124, 1);
        assert_eq!(chi_square(&t), "χ² = 3.841 on 1 df, p = 0.05");
    }
}
