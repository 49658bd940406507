//! Baseline cumulative hazard and predicted survival for a covariate
//! profile, as R's `survfit(coxph_fit, newdata = profile)`.

use crate::data::{csv_field, write_blocks};
use std::fmt;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::table::TimeTable;
use crate::error::{Result, invalid};

/// What a fit keeps to predict survival curves: the records of every
/// distinct exit time at the final coefficients.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Baseline {
    pub table: TimeTable,
    pub beta: Vec<f64>,
    pub means: Vec<f64>,
    /// Scale of each covariate: `beta`, `variance` and the table's x̄ are
    /// in units of (value − mean) / scale.
    pub scale: Vec<f64>,
    /// The variance the fit reports (robust when clustered), row-major.
    pub variance: Vec<f64>,
    pub strata: Vec<String>,
    pub z: f64,
    pub conf_level: f64,
}

/// One row of a predicted survival curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxSurvRow {
    /// Exit time (every distinct exit time of the stratum).
    pub time: f64,
    /// Weighted number at risk.
    pub n_risk: f64,
    /// Weighted number of events.
    pub n_event: f64,
    /// Weighted number of censorings.
    pub n_censor: f64,
    /// Cumulative hazard Λ(t | profile).
    pub cumhaz: f64,
    /// Its standard error (R's `std.err`).
    pub cumhaz_se: f64,
    /// exp(−Λ).
    pub survival: f64,
    /// Lower limit, S·exp(−z·se).
    pub lower: f64,
    /// Upper limit, S·exp(z·se) clipped at 1.
    pub upper: f64,
}

/// The predicted survival curve of one stratum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxCurve {
    /// The stratum label (empty without strata).
    pub stratum: String,
    /// One row per distinct exit time, ascending.
    pub rows: Vec<CoxSurvRow>,
}

/// Predicted survival for one covariate profile, from
/// [`CoxFit::survival`](super::CoxFit::survival).
///
/// The cumulative hazard is the Breslow estimator with Efron's tie
/// correction when the fit used Efron ties (R's default `ctype`), scaled
/// by exp((z − means)·β); its variance adds the delta-method term of the
/// coefficients with the variance the fit reports; survival is exp(−Λ);
/// intervals are on the log scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoxSurvival {
    /// The covariate values of the profile.
    pub profile: Vec<f64>,
    /// Confidence level of the intervals.
    pub conf_level: f64,
    /// One curve per stratum, strata in byte order.
    pub curves: Vec<CoxCurve>,
}

/// Header of [`CoxSurvival::write_csv`].
pub const COX_SURVIVAL_HEADER: &str =
    "stratum,time,n_risk,n_event,n_censor,cumhaz,cumhaz_se,survival,lower,upper";

impl Baseline {
    pub fn predict(&self, profile: &[f64]) -> Result<CoxSurvival> {
        let p = self.beta.len();
        if profile.len() != p {
            return Err(invalid(
                "profile",
                format!("{} values for {p} covariates", profile.len()),
            ));
        }
        if let Some(v) = profile.iter().find(|v| !v.is_finite()) {
            return Err(invalid("profile", format!("value {v} is not finite")));
        }
        Ok(self.curves(profile))
    }

    /// The curves of a valid profile (p finite values).
    pub fn curves(&self, profile: &[f64]) -> CoxSurvival {
        let p = self.beta.len();
        let tab = &self.table;
        let zc: Vec<f64> = profile
            .iter()
            .zip(&self.means)
            .zip(&self.scale)
            .map(|((z, m), s)| z / s - m / s)
            .collect();
        let lp: f64 = zc.iter().zip(&self.beta).map(|(z, b)| z * b).sum();
        let mut curves = Vec::with_capacity(self.strata.len());
        for (s, label) in self.strata.iter().enumerate() {
            let factor = (lp - tab.shift[s]).exp();
            let (mut h, mut hv, mut g) = (0.0, 0.0, vec![0.0; p]);
            let mut d = vec![0.0; p];
            let mut rows = Vec::new();
            for i in tab.bounds[s]..tab.bounds[s + 1] {
                h += tab.hazard[i];
                hv += tab.hazard_var[i];
                for j in 0..p {
                    g[j] += tab.xbar_hazard[i * p + j];
                    d[j] = zc[j] * h - g[j];
                }
                let quad = crate::num::chol::quadratic_form(&self.variance, &d);
                let cumhaz = factor * h;
                let se = factor * (hv + quad).max(0.0).sqrt();
                let survival = (-cumhaz).exp();
                rows.push(CoxSurvRow {
                    time: tab.time[i],
                    n_risk: tab.n_risk[i],
                    n_event: tab.n_event[i],
                    n_censor: tab.n_censor[i],
                    cumhaz,
                    cumhaz_se: se,
                    survival,
                    lower: (-cumhaz - self.z * se).exp(),
                    upper: (-cumhaz + self.z * se).exp().min(1.0),
                });
            }
            curves.push(CoxCurve {
                stratum: label.clone(),
                rows,
            });
        }
        CoxSurvival {
            profile: profile.to_vec(),
            conf_level: self.conf_level,
            curves,
        }
    }
}

impl CoxSurvival {
    /// Writes the curves as CSV ([`COX_SURVIVAL_HEADER`]); numbers read back exactly.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{CoxData, CoxPh};
    /// let d = CoxData::builder(vec![1., 2., 3., 4.], vec![1, 1, 0, 1])
    ///     .covariate("x", vec![1., 0., 1., 0.]).build()?;
    /// let s = CoxPh::new().fit(&d)?.survival(&[0.0])?;
    /// let mut out = Vec::new();
    /// s.write_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap().lines().count(), 5);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        let blocks = self
            .curves
            .iter()
            .map(|c| (csv_field(&c.stratum), &c.rows[..]));
        write_blocks(out, COX_SURVIVAL_HEADER, blocks, |line, r| {
            line.numbers(&[
                r.time,
                r.n_risk,
                r.n_event,
                r.n_censor,
                r.cumhaz,
                r.cumhaz_se,
                r.survival,
                r.lower,
                r.upper,
            ]);
        })
    }
}

impl fmt::Display for CoxSurvival {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.curves {
            if !c.stratum.is_empty() {
                writeln!(f, "stratum {}", c.stratum)?;
            }
            writeln!(
                f,
                "{:>10} {:>8} {:>7} {:>10} {:>10} {:>10} {:>10}",
                "time", "n.risk", "n.event", "cumhaz", "survival", "lower", "upper"
            )?;
            for r in &c.rows {
                writeln!(
                    f,
                    "{:>10} {:>8} {:>7} {:>10.5} {:>10.5} {:>10.5} {:>10.5}",
                    r.time, r.n_risk, r.n_event, r.cumhaz, r.survival, r.lower, r.upper
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::survival::{CoxData, CoxPh};

    /// A stratum label holding the delimiter or a quote is written as one
    /// quoted CSV field (as the other curve tables write group labels), so
    /// that the table reads back with its columns.
    #[test]
    fn stratum_labels_are_quoted_csv_fields() {
        let d = CoxData::builder(vec![1., 2., 3., 4., 5., 6.], vec![1, 1, 0, 1, 1, 0])
            .covariate("x", vec![1., 0., 1., 0., 0.5, 2.])
            .strata(vec![
                "Dakar, SN".into(),
                "Dakar, SN".into(),
                "Dakar, SN".into(),
                "say \"hi\"".into(),
                "say \"hi\"".into(),
                "say \"hi\"".into(),
            ])
            .build()
            .unwrap();
        let s = CoxPh::new().fit(&d).unwrap().survival(&[0.0]).unwrap();
        let mut out = Vec::new();
        s.write_csv(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(rows.len(), 6);
        assert!(rows[..3].iter().all(|r| r.starts_with("\"Dakar, SN\",")));
        assert!(
            rows[3..]
                .iter()
                .all(|r| r.starts_with("\"say \"\"hi\"\"\","))
        );
        // Read back: every row has the header's ten fields, the label first.
        let table = crate::data::CsvTable::from_text("s.csv", &text).unwrap();
        assert_eq!(table.headers().len(), 10);
        assert_eq!(table.text(0, "stratum").unwrap(), "Dakar, SN");
        assert_eq!(table.text(5, "stratum").unwrap(), "say \"hi\"");
    }
}
