//! Cohort measures from the survival estimators: Kaplan–Meier per cohort
//! (and group), and the probability of re-migrating within 1, 2, 3… years
//! of the return with its interval.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::history::TimeScale;
use super::rows::{Built, SpellRow};
use super::vectors::{Stratify, no_rows, strata_of};
use crate::error::{Result, invalid};
use crate::survival::{ConfType, KaplanMeier, KaplanMeierFit, SurvCurve, SurvData};

/// Kaplan–Meier curves of time to first re-migration, one per stratum,
/// labelled as [`strata_of`] labels them: `CohortSurvival::new(by).fit(&built)`.
///
/// Each stratum is fitted on its own [`SurvData`], so that only one
/// stratum's columns are held at a time (the curves equal those of one
/// grouped fit).
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, CohortSurvival, Stratify, WavePanel};
/// let status = ndarray::array![[1_u8, 2], [1, 1], [1, 1], [2, 0]];
/// let panel = WavePanel::new(vec![2021.5, 2022.5], status, vec![2020.5, 2020.5, 2019.5, 2019.5])?;
/// let built = CohortBuilder::new().first_events(&panel)?;
/// let fit = CohortSurvival::new(Stratify::Cohort).fit(&built)?;
/// assert_eq!(fit.curves.len(), 2);
/// assert_eq!(fit.curves[0].group, "2019");
/// // cohort 2019: one of two reported a re-migration at its first wave, in (0, 2]: placed at 1
/// assert_eq!((fit.curves[0].rows[0].time, fit.curves[0].rows[0].survival), (1.0, 0.5));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CohortSurvival {
    by: Stratify,
    km: KaplanMeier,
}

impl CohortSurvival {
    /// Curves by `by`, with [`KaplanMeier::new`]'s settings.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortSurvival, Stratify};
    /// let _ = CohortSurvival::new(Stratify::Pooled);
    /// ```
    pub fn new(by: Stratify) -> Self {
        CohortSurvival {
            by,
            km: KaplanMeier::new(),
        }
    }

    /// The Kaplan–Meier settings (interval type and level).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortSurvival, Stratify};
    /// use return_migration::survival::KaplanMeier;
    /// let _ = CohortSurvival::new(Stratify::Cohort).estimator(KaplanMeier::new().conf_level(0.9));
    /// ```
    pub fn estimator(mut self, km: KaplanMeier) -> Self {
        self.km = km;
        self
    }

    /// The curves of `built`. Errors when the build has no rows.
    ///
    /// # Example
    /// See [`CohortSurvival`].
    pub fn fit(&self, built: &Built<SpellRow>) -> Result<KaplanMeierFit> {
        fit_by_stratum(built, self.by, &self.km).map(|(fit, _)| fit)
    }
}

/// Former shape of [`CohortSurvival::fit`].
///
/// # Example
/// ```
/// #![allow(deprecated)]
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord, Stratify, cohort_survival};
/// use return_migration::survival::KaplanMeier;
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2022)])];
/// let built = CohortBuilder::new().first_events(&r)?;
/// assert_eq!(cohort_survival(&built, Stratify::Cohort, &KaplanMeier::new())?.curves.len(), 1);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[deprecated(note = "use CohortSurvival::new(by).estimator(km).fit(&built)")]
pub fn cohort_survival(
    built: &Built<SpellRow>,
    by: Stratify,
    km: &KaplanMeier,
) -> Result<KaplanMeierFit> {
    CohortSurvival::new(by).estimator(*km).fit(built)
}

/// The fit and the number of rows of each curve.
fn fit_by_stratum(
    built: &Built<SpellRow>,
    by: Stratify,
    km: &KaplanMeier,
) -> Result<(KaplanMeierFit, Vec<usize>)> {
    if built.rows.is_empty() {
        return Err(no_rows());
    }
    let strata = strata_of(&built.rows, &built.group_labels, by)?;
    let k = strata.labels.len();
    // rows ordered by stratum (counting sort, stable)
    let mut start = vec![0_usize; k + 1];
    for &c in &strata.codes {
        start[c as usize + 1] += 1;
    }
    for s in 0..k {
        start[s + 1] += start[s];
    }
    let mut next = start.clone();
    let mut order = vec![0_u32; built.rows.len()];
    for (i, &c) in strata.codes.iter().enumerate() {
        order[next[c as usize]] = i as u32;
        next[c as usize] += 1;
    }
    drop(next);
    let delayed = built.rows.iter().any(|r| r.entry != 0.0);
    let mut fit: Option<KaplanMeierFit> = None;
    let mut sizes = Vec::new();
    for (s, label) in strata.labels.iter().enumerate() {
        let idx = &order[start[s]..start[s + 1]];
        if idx.is_empty() {
            continue;
        }
        sizes.push(idx.len());
        let rows = idx.iter().map(|&i| &built.rows[i as usize]);
        let exit: Vec<f64> = rows.clone().map(|r| r.exit).collect();
        let event: Vec<i64> = rows.clone().map(|r| i64::from(r.event())).collect();
        let mut b = SurvData::builder(exit, event);
        if delayed {
            b = b.entry(rows.map(|r| r.entry).collect());
        }
        let mut one = km.fit(&b.build()?)?;
        let mut curve: SurvCurve = one.curves.remove(0);
        curve.group = label.clone();
        match fit.as_mut() {
            Some(f) => f.curves.push(curve),
            None => {
                one.curves = vec![curve];
                fit = Some(one);
            }
        }
    }
    fit.map(|f| (f, sizes)).ok_or_else(no_rows)
}

/// The probability of having re-migrated (at least once) by a time since
/// return, in one stratum: 1 − S(t) from Kaplan–Meier, its Greenwood
/// standard error, and the interval 1 − (upper, lower) of S.
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, Date, RemigrationProbabilities, ReturneeRecord, Stratify};
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2022)])];
/// let built = CohortBuilder::new().first_events(&r)?;
/// let t = RemigrationProbabilities::new(Stratify::Cohort, &[1.0]).fit(&built)?;
/// assert_eq!((t.rows[0].stratum.as_str(), t.rows[0].probability, t.rows[0].n_risk), ("2020", 0.0, 1.0));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemigrationAt {
    /// Stratum label.
    pub stratum: String,
    /// Years since return.
    pub years: f64,
    /// Persons in the stratum.
    pub persons: f64,
    /// Number at risk at that time.
    pub n_risk: f64,
    /// Re-migrations observed by that time.
    pub remigrated: f64,
    /// 1 − S(t).
    pub probability: f64,
    /// Standard error (that of S).
    pub std_err: Option<f64>,
    /// Lower limit.
    pub lower: Option<f64>,
    /// Upper limit.
    pub upper: Option<f64>,
}

/// Re-migration probabilities by years since return, per stratum.
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, Date, RemigrationProbabilities, ReturneeRecord, Stratify};
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2022)])];
/// let built = CohortBuilder::new().first_events(&r)?;
/// let t = RemigrationProbabilities::new(Stratify::Cohort, &[1.0]).fit(&built)?;
/// assert!(t.to_string().contains("2020"));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemigrationTable {
    /// Interval type (on S).
    pub conf_type: ConfType,
    /// Confidence level.
    pub conf_level: f64,
    /// One row per stratum and time, strata in label order, times ascending.
    pub rows: Vec<RemigrationAt>,
}

/// Re-migration probability by `years` since return per stratum (e.g.
/// `&[1.0, 2.0, 3.0]`), from [`CohortSurvival`]:
/// `RemigrationProbabilities::new(by, &years).fit(&built)`.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, CohortBuilder, Date, RemigrationProbabilities, ReturneeRecord, Stratify};
/// let y = |y| Date::Year(y);
/// let mut records = Vec::new();
/// for i in 0..4 {
///     let mut r = ReturneeRecord::new(&format!("P{i}"), y(2020)).seen_at(&[y(2021), y(2022), y(2023)]);
///     if i == 0 { r = r.remigrated_seen_at(y(2022), Channel::Irregular); }
///     records.push(r);
/// }
/// let built = CohortBuilder::new().first_events(&records)?;
/// let t = RemigrationProbabilities::new(Stratify::Pooled, &[1.0, 2.0, 3.0]).fit(&built)?;
/// let p: Vec<f64> = t.rows.iter().map(|r| r.probability).collect();
/// assert_eq!(p, vec![0.0, 0.25, 0.25]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RemigrationProbabilities {
    by: Stratify,
    years: Vec<f64>,
    km: KaplanMeier,
}

impl RemigrationProbabilities {
    /// Probabilities by `by` at `years` since return, with
    /// [`KaplanMeier::new`]'s settings.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{RemigrationProbabilities, Stratify};
    /// let _ = RemigrationProbabilities::new(Stratify::Cohort, &[1.0, 2.0]);
    /// ```
    pub fn new(by: Stratify, years: &[f64]) -> Self {
        RemigrationProbabilities {
            by,
            years: years.to_vec(),
            km: KaplanMeier::new(),
        }
    }

    /// The Kaplan–Meier settings (interval type and level).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{RemigrationProbabilities, Stratify};
    /// use return_migration::survival::KaplanMeier;
    /// let _ = RemigrationProbabilities::new(Stratify::Cohort, &[1.0]).estimator(KaplanMeier::new().conf_level(0.9));
    /// ```
    pub fn estimator(mut self, km: KaplanMeier) -> Self {
        self.km = km;
        self
    }

    /// The table of `built`. Errors unless the build is on years since
    /// return, or when a time is negative or not finite, or the build has
    /// no rows.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, Date, RemigrationProbabilities, ReturneeRecord, Stratify};
    /// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2022)])];
    /// let built = CohortBuilder::new().first_events(&r)?;
    /// assert!(RemigrationProbabilities::new(Stratify::Cohort, &[-1.0]).fit(&built).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, built: &Built<SpellRow>) -> Result<RemigrationTable> {
        probabilities(built, self.by, &self.years, &self.km)
    }
}

/// Former shape of [`RemigrationProbabilities::fit`].
///
/// # Example
/// ```
/// #![allow(deprecated)]
/// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord, Stratify, remigration_probabilities};
/// use return_migration::survival::KaplanMeier;
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2022)])];
/// let built = CohortBuilder::new().first_events(&r)?;
/// let t = remigration_probabilities(&built, Stratify::Cohort, &[1.0], &KaplanMeier::new())?;
/// assert_eq!(t.rows.len(), 1);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[deprecated(note = "use RemigrationProbabilities::new(by, years).estimator(km).fit(&built)")]
pub fn remigration_probabilities(
    built: &Built<SpellRow>,
    by: Stratify,
    years: &[f64],
    km: &KaplanMeier,
) -> Result<RemigrationTable> {
    probabilities(built, by, years, km)
}

fn probabilities(
    built: &Built<SpellRow>,
    by: Stratify,
    years: &[f64],
    km: &KaplanMeier,
) -> Result<RemigrationTable> {
    if built.scale != TimeScale::SinceReturn {
        return Err(invalid(
            "time scale",
            format!(
                "probabilities by years since return need that scale, not `{}`",
                built.scale.name()
            ),
        ));
    }
    if let Some(t) = years.iter().find(|t| !(t.is_finite() && **t >= 0.0)) {
        return Err(invalid("years", format!("{t} must be finite and >= 0")));
    }
    let (fit, sizes) = fit_by_stratum(built, by, km)?;
    let mut rows = Vec::new();
    for (curve, &persons) in fit.curves.iter().zip(&sizes) {
        let persons = persons as f64;
        let mut cumulative = 0.0;
        for at in curve.at_times(years)? {
            cumulative += at.n_event;
            rows.push(RemigrationAt {
                stratum: curve.group.clone(),
                years: at.time,
                persons,
                n_risk: at.n_risk,
                remigrated: cumulative,
                probability: 1.0 - at.survival,
                std_err: at.std_err,
                lower: at.upper.map(|u| 1.0 - u),
                upper: at.lower.map(|l| 1.0 - l),
            });
        }
    }
    Ok(RemigrationTable {
        conf_type: fit.conf_type,
        conf_level: fit.conf_level,
        rows,
    })
}

impl fmt::Display for RemigrationTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Re-migration by years since return (1 − Kaplan–Meier), {}% {} intervals",
            self.conf_level * 100.0,
            self.conf_type.name()
        )?;
        writeln!(
            f,
            "{:<12} {:>6} {:>9} {:>9} {:>10} {:>8} {:>8} {:>8}",
            "stratum", "years", "persons", "at risk", "re-migr.", "prob.", "lower", "upper"
        )?;
        let o = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.4}"));
        for r in &self.rows {
            writeln!(
                f,
                "{:<12} {:>6} {:>9} {:>9} {:>10} {:>8.4} {:>8} {:>8}",
                r.stratum,
                r.years,
                r.persons,
                r.n_risk,
                r.remigrated,
                r.probability,
                o(r.lower),
                o(r.upper)
            )?;
        }
        Ok(())
    }
}
