//! Kaplan–Meier survival with Greenwood variance and pointwise intervals,
//! and the Nelson–Aalen cumulative hazard, as R's `survfit`.

use std::convert::Infallible;
use std::fmt;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::ci::{ConfType, interval, z_of_level};
use super::curves::curve_of_group;
use super::data::SurvData;
use super::risk::RiskSets;
use crate::data::{CsvLine, csv_field, write_blocks};
use crate::error::Result;
use crate::setters::setters;

/// One row of a survival table: a distinct exit time of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvRow {
    /// The time.
    pub time: f64,
    /// (Weighted) number at risk just before the time.
    pub n_risk: f64,
    /// (Weighted) number of events at the time.
    pub n_event: f64,
    /// (Weighted) number censored at the time.
    pub n_censor: f64,
    /// Kaplan–Meier survival.
    pub survival: f64,
    /// Greenwood standard error of log S, √Σ d/(n(n−d)) (R's `std.err`);
    /// `None` once S has reached 0.
    pub se_log: Option<f64>,
    /// Standard error of S itself, S·`se_log`.
    pub std_err: Option<f64>,
    /// Lower confidence limit.
    pub lower: Option<f64>,
    /// Upper confidence limit.
    pub upper: Option<f64>,
    /// Nelson–Aalen cumulative hazard Σ d/n.
    pub cumhaz: f64,
    /// Its standard error √Σ d/n².
    pub cumhaz_se: f64,
}

/// The survival curve of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvCurve {
    /// Group label (empty without groups).
    pub group: String,
    /// Rows at every distinct exit time, ascending.
    pub rows: Vec<SurvRow>,
}

/// Kaplan–Meier and Nelson–Aalen estimates by group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KaplanMeierFit {
    /// Interval type.
    pub conf_type: ConfType,
    /// Confidence level.
    pub conf_level: f64,
    /// One curve per group, groups in byte order of their label.
    pub curves: Vec<SurvCurve>,
}

/// The former name of [`KaplanMeierFit`].
///
/// # Example
/// ```
/// #![allow(deprecated)]
/// use return_migration::survival::{KaplanMeierFit, Survfit};
/// fn same(fit: Survfit) -> KaplanMeierFit { fit }
/// ```
#[deprecated(
    since = "0.2.0",
    note = "renamed to `KaplanMeierFit`, like the other fits"
)]
pub type Survfit = KaplanMeierFit;

/// The Kaplan–Meier fitter (R: `survfit(Surv(entry, time, event) ~ group,
/// weights, conf.type, conf.int, timefix = FALSE)`).
///
/// # Example
/// ```
/// use return_migration::survival::{ConfType, KaplanMeier, SurvData};
/// // 6-MP arm of Freireich et al. (1963): times in weeks, 0 = censored.
/// let t = vec![6., 6., 6., 6., 7., 9., 10., 10., 11., 13., 16., 17., 19., 20., 22., 23., 25., 32., 32., 34., 35.];
/// let d = vec![1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];
/// let fit = KaplanMeier::new().fit(&SurvData::builder(t, d).build()?)?;
/// let rows = &fit.curves[0].rows;
/// assert!((rows[0].survival - 18.0 / 21.0).abs() < 1e-15);          // S(6) = 1 − 3/21
/// assert!((rows[1].survival - 18.0 / 21.0 * 16.0 / 17.0).abs() < 1e-15); // S(7)
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KaplanMeier {
    conf_type: ConfType,
    conf_level: f64,
}

impl Default for KaplanMeier {
    fn default() -> Self {
        KaplanMeier {
            conf_type: ConfType::Log,
            conf_level: 0.95,
        }
    }
}

impl KaplanMeier {
    /// Log intervals at level 0.95 (R's defaults).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::KaplanMeier;
    /// let _ = KaplanMeier::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Sets the interval type.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{ConfType, KaplanMeier};
        /// let _ = KaplanMeier::new().conf_type(ConfType::LogLog);
        /// ```
        conf_type: ConfType,

        /// Sets the confidence level (checked when fitting).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{KaplanMeier, SurvData};
        /// let d = SurvData::builder(vec![1.0], vec![1]).build().unwrap();
        /// assert!(KaplanMeier::new().conf_level(1.0).fit(&d).is_err());
        /// ```
        conf_level: f64,
    }

    /// Fits one curve per group.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1.0, 2.0], vec![1, 0]).build()?;
    /// let fit = KaplanMeier::new().fit(&d)?;
    /// assert_eq!(fit.curves[0].rows.len(), 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &SurvData) -> Result<KaplanMeierFit> {
        let z = self.z()?;
        let labels = data.group_labels();
        let curves = data
            .cells_by_group()
            .into_iter()
            .map(|(g, cells)| {
                self.curve_from_risk(&RiskSets::build(&cells, 1, |_| 0), &labels[g], z)
            })
            .collect();
        Ok(KaplanMeierFit {
            conf_type: self.conf_type,
            conf_level: self.conf_level,
            curves,
        })
    }

    /// Fits and writes the table as CSV straight to `out`: the same bytes
    /// as `fit(data)?.write_csv(out)`, one group at a time, without holding
    /// the table. With distinct (continuous) times the table has one row
    /// of about 120 bytes per subject; written this way, only one group's
    /// counts at each time are held (32 bytes a time). An invalid level is
    /// an error before anything is written.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![3.0, 1.0, 2.0], vec![1, 0, 1])
    ///     .groups(vec!["b".into(), "a".into(), "b".into()])
    ///     .build()?;
    /// let (mut streamed, mut held) = (Vec::new(), Vec::new());
    /// KaplanMeier::new().write_csv(&d, &mut streamed)?;
    /// KaplanMeier::new().fit(&d)?.write_csv(&mut held)?;
    /// assert_eq!(streamed, held);
    /// assert_eq!(String::from_utf8(streamed).unwrap().lines().nth(1).unwrap(), "a,1,1,0,1,1,0,1,1,0,0");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, data: &SurvData, mut out: W) -> Result<()> {
        let z = self.z()?;
        let labels = data.group_labels();
        writeln!(out, "{SURVFIT_HEADER}")?;
        let mut line = CsvLine::new();
        for (g, cells) in data.cells_by_group() {
            let label = csv_field(&labels[g]);
            self.each_row(&RiskSets::build(&cells, 1, |_| 0), z, |r| {
                line.raw(&label);
                survfit_fields(&mut line, &r);
                line.end(&mut out)
            })?;
        }
        Ok(())
    }

    /// The normal quantile of the confidence level (checked).
    pub(crate) fn z(&self) -> Result<f64> {
        z_of_level(self.conf_level)
    }

    /// The fit from its curves (for estimators outside this module).
    pub(crate) fn survfit(&self, curves: Vec<SurvCurve>) -> KaplanMeierFit {
        KaplanMeierFit {
            conf_type: self.conf_type,
            conf_level: self.conf_level,
            curves,
        }
    }

    /// The curve from the counts at each distinct exit time (one column).
    pub(crate) fn curve_from_risk(&self, risk: &RiskSets, label: &str, z: f64) -> SurvCurve {
        let mut rows = Vec::with_capacity(risk.len());
        let Ok(()) = self.each_row(risk, z, |r| {
            rows.push(r);
            Ok::<(), Infallible>(())
        });
        SurvCurve {
            group: label.to_string(),
            rows,
        }
    }

    /// Hands `f` the rows of a curve in ascending time, from the counts at
    /// each distinct exit time (one column), until it returns an error.
    fn each_row<E>(
        &self,
        risk: &RiskSets,
        z: f64,
        mut f: impl FnMut(SurvRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (mut s, mut greenwood, mut h, mut h_var) = (1.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
        for j in 0..risk.len() {
            let (n, d) = (risk.n_risk[j], risk.n_event[j]);
            if d > 0.0 {
                s *= 1.0 - d / n;
                greenwood += d / (n * (n - d));
                h += d / n;
                h_var += d / (n * n);
            }
            let se_log = greenwood.sqrt();
            let (lower, upper) = interval(self.conf_type, s, se_log, z);
            let std_err = s * se_log;
            f(SurvRow {
                time: risk.time[j],
                n_risk: n,
                n_event: d,
                n_censor: risk.n_censor[j],
                survival: s,
                se_log: se_log.is_finite().then_some(se_log).filter(|_| s > 0.0),
                std_err: std_err.is_finite().then_some(std_err).filter(|_| s > 0.0),
                lower,
                upper,
                cumhaz: h,
                cumhaz_se: h_var.sqrt(),
            })?;
        }
        Ok(())
    }
}

/// The fields of a row of [`SURVFIT_HEADER`] after the group.
fn survfit_fields(line: &mut CsvLine, r: &SurvRow) {
    line.numbers(&[r.time, r.n_risk, r.n_event, r.n_censor, r.survival])
        .opts(&[r.std_err, r.lower, r.upper])
        .numbers(&[r.cumhaz, r.cumhaz_se]);
}

/// The CSV header of [`KaplanMeierFit::write_csv`].
pub const SURVFIT_HEADER: &str =
    "group,time,n_risk,n_event,n_censor,survival,std_err,lower,upper,cumhaz,cumhaz_se";

impl KaplanMeierFit {
    /// Writes the table as CSV (header [`SURVFIT_HEADER`]); numbers with
    /// Rust's shortest round-trip formatting, a missing value as an empty field.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1.0, 2.0], vec![1, 1]).build()?;
    /// let mut out = Vec::new();
    /// KaplanMeier::new().fit(&d)?.write_csv(&mut out).unwrap();
    /// let text = String::from_utf8(out).unwrap();
    /// assert_eq!(text.lines().nth(2).unwrap(), ",2,1,1,0,0,,,,1.5,1.118033988749895");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        let blocks = self
            .curves
            .iter()
            .map(|c| (csv_field(&c.group), &c.rows[..]));
        write_blocks(out, SURVFIT_HEADER, blocks, survfit_fields)
    }

    /// The curve of a group.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![1.0], vec![1]).groups(vec!["a".into()]).build()?;
    /// assert!(KaplanMeier::new().fit(&d)?.curve("a").is_ok());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn curve(&self, group: &str) -> Result<&SurvCurve> {
        curve_of_group(&self.curves, group, |c| &c.group)
    }
}

impl fmt::Display for KaplanMeierFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = self.conf_level * 100.0;
        writeln!(
            f,
            "Kaplan–Meier, {pct}% {} intervals",
            self.conf_type.name()
        )?;
        let fmt_opt = |v: Option<f64>| v.map_or("".to_string(), |v| format!("{v:.4}"));
        for c in &self.curves {
            if !c.group.is_empty() {
                writeln!(f, "group {}", c.group)?;
            }
            writeln!(
                f,
                "{:>10} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
                "time",
                "n_risk",
                "n_event",
                "n_cens",
                "surv",
                "std_err",
                "lower",
                "upper",
                "cumhaz"
            )?;
            for r in &c.rows {
                writeln!(
                    f,
                    "{:>10} {:>9} {:>8} {:>8} {:>8.4} {:>8} {:>8} {:>8} {:>8.4}",
                    r.time,
                    r.n_risk,
                    r.n_event,
                    r.n_censor,
                    r.survival,
                    fmt_opt(r.std_err),
                    fmt_opt(r.lower),
                    fmt_opt(r.upper),
                    r.cumhaz
                )?;
            }
        }
        Ok(())
    }
}
