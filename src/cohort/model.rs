//! From a built cohort to a model in one call: the persons' covariates by
//! name (sex, age at return, age band, origin, assistance, return year and
//! any further column of the records CSV) joined to the rows.

use super::records::ReturneeRecord;
use super::rows::{Built, SpellRow};
use crate::error::{Result, invalid};
use crate::frame::{ColumnValues, FrameColumns, FrameSpec, ModelFrame};
use crate::survival::{AftData, CoxData, CoxDataBuilder, FineGrayData};

/// The covariates every cohort row can use, by name.
pub const COHORT_COVARIATES: [&str; 6] = [
    "sex",
    "age_at_return",
    "age_band",
    "origin",
    "assistance",
    "return_year",
];

/// The covariates of `persons`, one value per entry, by name.
fn columns_of(persons: &[&ReturneeRecord]) -> FrameColumns {
    let text = |f: fn(&ReturneeRecord) -> &str| {
        ColumnValues::Text(persons.iter().map(|r| f(r).to_string()).collect())
    };
    let mut cols = FrameColumns::new()
        .column("sex", text(|r| &r.sex))
        .column(
            "age_at_return",
            ColumnValues::OptionalNumbers(persons.iter().map(|r| r.age_at_return).collect()),
        )
        .column("age_band", text(|r| &r.age_band))
        .column("origin", text(|r| &r.origin))
        .column("assistance", text(|r| &r.assistance))
        .numbers(
            "return_year",
            persons
                .iter()
                .map(|r| f64::from(r.return_date.calendar_year()))
                .collect(),
        );
    let extra_names: Vec<String> = persons
        .first()
        .map(|r| r.extra.iter().map(|(name, _)| name.clone()).collect())
        .unwrap_or_default();
    for name in extra_names {
        let values = persons
            .iter()
            .map(|r| {
                r.extra
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(String::new(), |(_, v)| v.clone())
            })
            .collect();
        cols = cols.text(&name, values);
    }
    cols
}

/// The covariates of every record, one value per record (in input order):
/// [`COHORT_COVARIATES`] and the records' extra columns. The per-person
/// covariates of a discrete-time hazard ([`DiscreteHazard::frame`](super::DiscreteHazard::frame)).
///
/// # Example
/// ```
/// use return_migration::cohort::{Date, ReturneeRecord, person_covariates};
/// let r = vec![ReturneeRecord::new("A", Date::Year(2020))];
/// assert!(person_covariates(&r).names().contains(&"return_year"));
/// ```
pub fn person_covariates(records: &[ReturneeRecord]) -> FrameColumns {
    columns_of(&records.iter().collect::<Vec<_>>())
}

impl Built<SpellRow> {
    /// The covariates of the persons behind the rows, one value per row:
    /// [`COHORT_COVARIATES`] (text, except `age_at_return` (missing when
    /// unknown) and `return_year`, numbers) and every extra column of the
    /// records ([`ReturneeRecord::extra`], text). `records` must be the
    /// records the cohort was built from.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
    /// let mut r = ReturneeRecord::new("A", Date::Year(2020)).seen_at(&[Date::Year(2021)]);
    /// r.sex = "F".into();
    /// let built = CohortBuilder::new().first_events(std::slice::from_ref(&r))?;
    /// let cols = built.covariates(&[r])?;
    /// assert!(cols.names().contains(&"sex"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn covariates(&self, records: &[ReturneeRecord]) -> Result<FrameColumns> {
        let person = |k: usize| -> Result<&ReturneeRecord> {
            records.get(self.rows[k].person as usize).ok_or_else(|| {
                invalid(
                    "records",
                    "the rows name a person beyond the records given: pass the records the cohort was built from",
                )
            })
        };
        let n = self.rows.len();
        let mut persons = Vec::with_capacity(n);
        for k in 0..n {
            persons.push(person(k)?);
        }
        Ok(columns_of(&persons))
    }

    /// The model frame of `spec` over the rows (factors, interactions,
    /// missing values as the spec says; rows dropped are listed).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, Date, ReturneeRecord};
    /// use return_migration::frame::FrameSpec;
    /// let r: Vec<ReturneeRecord> = ["F", "M"].iter().enumerate().map(|(k, s)| {
    ///     let mut r = ReturneeRecord::new(&k.to_string(), Date::Year(2020)).seen_at(&[Date::Year(2022)]);
    ///     r.sex = s.to_string();
    ///     r
    /// }).collect();
    /// let built = CohortBuilder::new().first_events(&r)?;
    /// let frame = built.frame(&r, &FrameSpec::new(&["sex"]).factor("sex"))?;
    /// assert_eq!(frame.names, vec!["sexM"]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn frame(&self, records: &[ReturneeRecord], spec: &FrameSpec) -> Result<ModelFrame> {
        spec.from_columns(&self.covariates(records)?)
    }

    /// Cox data of the cohort in one call: (entry, exit], the first
    /// re-migration as the event, the covariates of `spec` (rows dropped by
    /// its missing-value policy are listed by [`CoxData::dropped_rows`]).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, barone_simulator};
    /// use return_migration::frame::FrameSpec;
    /// use return_migration::survival::CoxPh;
    /// let records = barone_simulator(8)?.records()?;
    /// let built = CohortBuilder::new().first_events(&records)?;
    /// let spec = FrameSpec::new(&["assistance", "sex", "age_at_return"]).factors(&["assistance", "sex"]);
    /// let fit = CoxPh::new().fit(&built.cox_data(&records, &spec)?)?;
    /// let terms: Vec<&str> = fit.terms.iter().map(|t| t.term.as_str()).collect();
    /// assert_eq!(terms, vec!["assistancereintegration grant", "sexM", "age_at_return"]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn cox_data(&self, records: &[ReturneeRecord], spec: &FrameSpec) -> Result<CoxData> {
        self.cox_data_with(records, spec, None)
    }

    /// [`Built::cox_data`] with a baseline hazard per value of `strata`, a
    /// covariate column of the cohort (e.g. `return_year`: one baseline per
    /// return cohort; R's `strata(return_year)`).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, barone_simulator};
    /// use return_migration::frame::FrameSpec;
    /// use return_migration::survival::CoxPh;
    /// let records = barone_simulator(8)?.records()?;
    /// let built = CohortBuilder::new().first_events(&records)?;
    /// let spec = FrameSpec::new(&["assistance"]).factor("assistance");
    /// let d = built.cox_data_stratified(&records, &spec, "return_year")?;
    /// assert!(d.strata_labels().len() > 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn cox_data_stratified(
        &self,
        records: &[ReturneeRecord],
        spec: &FrameSpec,
        strata: &str,
    ) -> Result<CoxData> {
        self.cox_data_with(records, spec, Some(strata))
    }

    fn cox_data_with(
        &self,
        records: &[ReturneeRecord],
        spec: &FrameSpec,
        strata: Option<&str>,
    ) -> Result<CoxData> {
        let columns = self.covariates(records)?;
        let frame = spec.from_columns(&columns)?;
        let strata_labels: Option<Vec<String>> = match strata {
            None => None,
            Some(name) => {
                let values = columns.get(name).ok_or_else(|| {
                    invalid(
                        "cohort",
                        format!(
                            "no covariate `{name}` to stratify by (covariates: {})",
                            columns.names().join(", ")
                        ),
                    )
                })?;
                let label = |k: usize| -> String {
                    match values {
                        ColumnValues::Numbers(v) => v[k].to_string(),
                        ColumnValues::OptionalNumbers(v) => {
                            v[k].map_or(String::new(), |x| x.to_string())
                        }
                        ColumnValues::Text(v) => v[k].clone(),
                    }
                };
                Some(frame.rows.iter().map(|&k| label(k)).collect())
            }
        };
        let rows: Vec<&SpellRow> = frame.rows.iter().map(|&k| &self.rows[k]).collect();
        let names: Vec<&str> = frame.names.iter().map(String::as_str).collect();
        let mut b: CoxDataBuilder = CoxData::builder(
            rows.iter().map(|r| r.exit).collect(),
            rows.iter().map(|r| i64::from(r.event())).collect(),
        )
        .covariates(&names, frame.x);
        if rows.iter().any(|r| r.entry > 0.0) {
            b = b.entry(rows.iter().map(|r| r.entry).collect());
        }
        if let Some(labels) = strata_labels {
            b = b.strata(labels);
        }
        let mut data = b.build()?;
        data.set_dropped(frame.dropped);
        Ok(data)
    }

    /// Fine–Gray data of the cohort in one call: exit time, status 0
    /// (censored), 1 (irregular re-migration) or 2 (legal), the covariates
    /// of `spec`. Delayed entry is not supported by the Fine–Gray model
    /// (as `cmprsk::crr`): a cohort with entry after the return is an error.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, barone_simulator};
    /// use return_migration::frame::FrameSpec;
    /// use return_migration::survival::FineGray;
    /// let records = barone_simulator(8)?.records()?;
    /// let built = CohortBuilder::new().first_events(&records)?;
    /// let spec = FrameSpec::new(&["assistance"]).factor("assistance");
    /// let fit = FineGray::new(1).fit(&built.finegray_data(&records, &spec)?)?;
    /// assert_eq!(fit.terms[0].term, "assistancereintegration grant");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn finegray_data(
        &self,
        records: &[ReturneeRecord],
        spec: &FrameSpec,
    ) -> Result<FineGrayData> {
        let frame = self.frame(records, spec)?;
        let rows: Vec<&SpellRow> = frame.rows.iter().map(|&k| &self.rows[k]).collect();
        if let Some(r) = rows.iter().find(|r| r.entry > 0.0) {
            return Err(invalid(
                "cohort",
                format!(
                    "person {} enters after the return (delayed entry {}): the Fine-Gray model \
                     here, as cmprsk::crr, takes no delayed entry",
                    r.person, r.entry
                ),
            ));
        }
        let mut b = FineGrayData::builder(
            rows.iter().map(|r| r.exit).collect(),
            rows.iter().map(|r| i64::from(r.cause())).collect(),
        );
        for (j, name) in frame.names.iter().enumerate() {
            b = b.covariate(name, frame.x.column(j).to_vec());
        }
        b.build()
    }

    /// Parametric (AFT) data of the cohort in one call, without imputation:
    /// a wave-only re-migration as its interval (last contact, wave], a
    /// dated one exact, a censored person right-censored at the last
    /// contact ([`Built::interval_data`]), with the covariates of `spec`.
    /// Fit it with [`Survreg`](crate::survival::Survreg).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortBuilder, barone_simulator};
    /// use return_migration::frame::FrameSpec;
    /// use return_migration::survival::{Dist, Survreg};
    /// let records = barone_simulator(8)?.records()?;
    /// let built = CohortBuilder::new().first_events(&records)?;
    /// let spec = FrameSpec::new(&["assistance"]).factor("assistance");
    /// let fit = Survreg::new().dist(Dist::Weibull).fit(&built.aft_data(&records, &spec)?)?;
    /// assert_eq!(fit.terms[1].term, "assistancereintegration grant");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn aft_data(&self, records: &[ReturneeRecord], spec: &FrameSpec) -> Result<AftData> {
        let frame = self.frame(records, spec)?;
        let intervals = self.interval_data()?;
        let (left, right) = (intervals.left(), intervals.right());
        let mut b = AftData::interval(
            frame.rows.iter().map(|&k| left[k]).collect(),
            frame.rows.iter().map(|&k| right[k]).collect(),
        );
        for (j, name) in frame.names.iter().enumerate() {
            b = b.covariate(name, frame.x.column(j).to_vec());
        }
        b.build()
    }
}
